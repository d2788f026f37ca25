package rollup

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/sync/summary"
)

// A roll-up adds up the published cells of several schools' summaries.
// The hub never sees a count of students at or above benchmark, only n and
// a coded percentage, so a district count is an estimate: n × percentage,
// with a coded share (≥95, ≤5) taken at the middle of its range. A
// district cell is shown only when its n reaches the hub's k, and it
// says how many schools' cells it covers and how many withheld theirs.

// Window is a school year and screening window, ordered in time.
type Window struct {
	Year   string // "2026-2027"
	Window data.WindowName
}

func (w Window) startYear() int {
	y, _ := strconv.Atoi(w.Year[:4])
	return y
}

// Label names the window: "Fall 2026-2027".
// End is the last day of the window in the district's default calendar.
func (w Window) End() data.Date { return data.DefaultSchoolYear(w.startYear()).Window(w.Window).End }

func (w Window) Label() string { return w.Window.Title() + " " + w.Year }

func compareWindows(a, b Window) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Window.Index(), b.Window.Index()))
}

// SortWindowTotals puts windows' totals in time order.
func SortWindowTotals(ws []WindowTotals) {
	slices.SortFunc(ws, func(a, b WindowTotals) int { return compareWindows(a.Window, b.Window) })
}

// Sections of a summary, as the store and the export name them.
const (
	SectionProgress = "progress"
	SectionTiers    = "tiers"
	SectionResponse = "response"
)

// Key names a cell that schools' cells add up to: a section, a measure
// (none for tiers), a grade ("all" for tiers and response), a dimension
// and a group ("all" and "all" for every student).
type Key struct {
	Section, Measure, Grade, Dimension, Group string
}

// Sum is the cells of one key added up over schools. Est holds the
// estimated counts behind the coded percentages in units of 1/200 of a
// student, where they are whole numbers (see Estimate), so that any order
// of adding gives the same figures: at/above benchmark, adequate response
// or Tier 2 in Est[0], Tier 3 in Est[1].
type Sum struct {
	N               int
	Schools, Hidden int // schools whose cell is published, and that withheld theirs
	Coded           bool
	Est             [2]int64
}

// Totals is a window's cells added up, by key: the district's, or one
// school's.
type Totals map[Key]Sum

// WindowTotals is the totals of one window.
type WindowTotals struct {
	Window Window
	Totals Totals
}

// Estimate returns the estimated count behind a coded percentage of n, in
// units of 1/200 of a student: n × the share, with a coded share (≥95,
// ≤5) taken at the middle of its range.
func Estimate(pct string, n int) int64 { return Halves(pct) * int64(n) }

// Halves is twice the share a coded percentage stands for, in percent
// (0 for one that is not a coded percentage): Estimate is Halves × n.
func Halves(pct string) int64 {
	v, coded, err := summary.ParsePct(pct)
	if err != nil {
		return 0
	}
	switch coded {
	case "≥":
		return int64(v + 100)
	case "≤":
		return int64(v)
	}
	return int64(2 * v)
}

// estimate is Estimate in students, for the comparisons of one school's
// figures with another's.
func estimate(pct string, n int) float64 { return float64(Estimate(pct, n)) / 200 }

// Add counts a school's cell: a withheld one, or its n and the estimates
// behind its percentages (one, or Tier 2 and Tier 3).
func (t Totals) Add(k Key, n *int, suppressed bool, pcts ...*string) {
	sum := t[k]
	switch {
	case suppressed || n == nil:
		sum.Hidden++
	default:
		sum.N += *n
		sum.Schools++
		for i, p := range pcts {
			if p == nil {
				continue
			}
			sum.Coded = sum.Coded || !summary.Uncoded(*p)
			sum.Est[i] += Estimate(*p, *n)
		}
	}
	t[k] = sum
}

// Measures lists the measures the windows report, by name.
func Measures(windows []WindowTotals) []string {
	var out []string
	for _, w := range windows {
		for k := range w.Totals {
			if k.Section == SectionProgress && !slices.Contains(out, k.Measure) {
				out = append(out, k.Measure)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Grades lists "all" and then the grades a measure is reported for, in
// grade order.
func Grades(windows []WindowTotals, measure string) []string {
	grades := []string{summary.All}
	for _, w := range windows {
		for k := range w.Totals {
			if k.Section == SectionProgress && k.Measure == measure && !slices.Contains(grades, k.Grade) {
				grades = append(grades, k.Grade)
			}
		}
	}
	slices.SortFunc(grades[1:], func(a, b string) int { return data.Grade(a).Index() - data.Grade(b).Index() })
	return grades
}

// Cell is a district (or one school's) figure for a group.
type Cell struct {
	Group data.Group
	// N is the students (or plans) the published cells cover; Pct the
	// estimated share, shown only when Shown.
	N       int
	Pct     float64
	Shown   bool
	Schools int // schools whose cell is published
	Hidden  int // schools that withheld theirs
	Coded   bool
}

// ProgressTable is a measure's % at/above benchmark for one window.
type ProgressTable struct {
	Window Window
	Cells  []Cell // all students first, then the dimension's groups
	// Table is the same figures as the charts package takes them.
	Table analysis.GroupTable
}

// groupsOf lists all students, then every group of a dimension.
func groupsOf(dim data.Dimension) []data.Group {
	out := []data.Group{analysis.AllStudents}
	for _, v := range data.DimensionValues(dim) {
		out = append(out, data.Group{Dimension: dim, Value: v})
	}
	return out
}

func cellKey(g data.Group) (dimension, group string) {
	if g == analysis.AllStudents {
		return summary.All, summary.All
	}
	return string(g.Dimension), g.Value
}

// cell is a key's figures as the dashboard shows them, est being the
// estimate to show as a share of n.
func cell(g data.Group, sum Sum, est int64, k int) Cell {
	c := Cell{Group: g, N: sum.N, Schools: sum.Schools, Hidden: sum.Hidden, Coded: sum.Coded, Shown: sum.N >= k && sum.N > 0}
	if c.Shown {
		c.Pct = share(est, sum.N)
	}
	return c
}

// share is an estimate (in 1/200 of a student) as a percentage of n.
func share(est int64, n int) float64 { return float64(est) / float64(2*n) }

// Progress rolls up % at/above benchmark for a measure, grade ("all" or a
// grade) and dimension, one table per window that gave the measure, in the
// windows' order.
func Progress(windows []WindowTotals, measure, grade string, dim data.Dimension, k int) []ProgressTable {
	groups := groupsOf(dim)
	var out []ProgressTable
	for _, w := range windows {
		key := func(g data.Group) Key {
			d, v := cellKey(g)
			return Key{SectionProgress, measure, grade, d, v}
		}
		if w.Totals[key(groups[0])].Schools == 0 {
			continue // the measure was not given in this window
		}
		t := ProgressTable{Window: w.Window}
		gradeScope := analysis.AllGrades
		if grade != summary.All {
			gradeScope = data.Grade(grade)
		}
		t.Table = analysis.GroupTable{Measure: data.Measure{Name: measure}, Year: data.DefaultSchoolYear(w.Window.startYear()), Window: w.Window.Window}
		for _, g := range groups {
			sum := w.Totals[key(g)]
			c := cell(g, sum, sum.Est[0], k)
			t.Cells = append(t.Cells, c)
			gc := analysis.GroupCell{Grade: gradeScope, Group: g}
			if c.Shown {
				gc.N, gc.AtOrAbove = c.N, int(math.Round(c.Pct*float64(c.N)/100))
			}
			t.Table.Cells = append(t.Table.Cells, gc)
		}
		out = append(out, t)
	}
	return out
}

// TierRow is a group's tier placement rolled up.
type TierRow struct {
	Cell
	PctTier2, PctTier3 float64
}

// Tiers rolls up tier placement by a dimension's groups for one window,
// and gives the cells the charts package draws.
func Tiers(totals Totals, dim data.Dimension, k int) ([]TierRow, []analysis.TierCell) {
	var rows []TierRow
	var cells []analysis.TierCell
	for _, g := range groupsOf(dim) {
		d, v := cellKey(g)
		sum := totals[Key{SectionTiers, "", summary.All, d, v}]
		row := TierRow{Cell: cell(g, sum, 0, k)}
		if !row.Shown {
			rows = append(rows, row)
			continue
		}
		row.PctTier2, row.PctTier3 = share(sum.Est[0], sum.N), share(sum.Est[1], sum.N)
		rows = append(rows, row)
		t2, t3 := int(math.Round(float64(sum.Est[0])/200)), int(math.Round(float64(sum.Est[1])/200))
		cells = append(cells, analysis.TierCell{Group: g, N: sum.N, Tiers: [4]int{0, max(0, sum.N-t2-t3), t2, t3}})
	}
	return rows, cells
}

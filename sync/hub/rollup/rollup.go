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

// Windows lists the windows the summaries cover, in time order.
func Windows(sums []summary.Summary) []Window {
	var out []Window
	for _, s := range sums {
		w := Window{s.Year, data.WindowName(s.Window)}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, compareWindows)
	return out
}

// Measures lists the measures the summaries report, by name.
func Measures(sums []summary.Summary) []string {
	var out []string
	for _, s := range sums {
		for _, c := range s.Progress {
			if !slices.Contains(out, c.Measure) {
				out = append(out, c.Measure)
			}
		}
	}
	slices.Sort(out)
	return out
}

// estimate returns the estimated count behind a coded percentage of n.
func estimate(pct string, n int) float64 {
	v, coded, err := summary.ParsePct(pct)
	if err != nil {
		return 0
	}
	share := float64(v)
	switch coded {
	case "≥":
		share = (share + 100) / 2
	case "≤":
		share /= 2
	}
	return share * float64(n) / 100
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

// accumulator sums the published cells of one group.
type accumulator struct {
	n               int
	count           float64
	schools, hidden int
	coded           bool
	counts          [4]float64 // tiers
}

// find returns the accumulator of a cell's group, or nil for a group not rolled up.
func find(acc []accumulator, groups []data.Group, dimension, group string) *accumulator {
	for i, g := range groups {
		if d, v := cellKey(g); dimension == d && group == v {
			return &acc[i]
		}
	}
	return nil
}

// add counts a school's cell: a withheld one, or its n; it reports
// whether the cell is published (the caller adds its estimates).
func (a *accumulator) add(n *int, suppressed bool, pcts ...*string) bool {
	if suppressed {
		a.hidden++
		return false
	}
	a.n += *n
	a.schools++
	for _, p := range pcts {
		a.coded = a.coded || !summary.Uncoded(*p)
	}
	return true
}

func (a *accumulator) cell(g data.Group, k int) Cell {
	c := Cell{Group: g, N: a.n, Schools: a.schools, Hidden: a.hidden, Coded: a.coded, Shown: a.n >= k && a.n > 0}
	if c.Shown {
		c.Pct = 100 * a.count / float64(a.n)
	}
	return c
}

// Progress rolls up % at/above benchmark for a measure, grade ("all" or a
// grade) and dimension, one table per window in time order.
func Progress(sums []summary.Summary, measure, grade string, dim data.Dimension, k int) []ProgressTable {
	groups := groupsOf(dim)
	var out []ProgressTable
	for _, w := range Windows(sums) {
		acc := make([]accumulator, len(groups))
		for _, s := range sums {
			if s.Year != w.Year || data.WindowName(s.Window) != w.Window {
				continue
			}
			for _, c := range s.Progress {
				if c.Measure != measure || c.Grade != grade {
					continue
				}
				if a := find(acc, groups, c.Dimension, c.Group); a != nil && a.add(c.N, c.Suppressed, c.PctAtOrAbove) {
					a.count += estimate(*c.PctAtOrAbove, *c.N)
				}
			}
		}
		if acc[0].schools == 0 {
			continue // the measure was not given in this window
		}
		t := ProgressTable{Window: w}
		gradeScope := analysis.AllGrades
		if grade != summary.All {
			gradeScope = data.Grade(grade)
		}
		t.Table = analysis.GroupTable{Measure: data.Measure{Name: measure}, Year: data.DefaultSchoolYear(w.startYear()), Window: w.Window}
		for i, g := range groups {
			c := acc[i].cell(g, k)
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
func Tiers(sums []summary.Summary, w Window, dim data.Dimension, k int) ([]TierRow, []analysis.TierCell) {
	groups := groupsOf(dim)
	acc := make([]accumulator, len(groups))
	for _, s := range sums {
		if s.Year != w.Year || data.WindowName(s.Window) != w.Window {
			continue
		}
		for _, c := range s.Tiers {
			if a := find(acc, groups, c.Dimension, c.Group); a != nil && a.add(c.N, c.Suppressed, c.PctTier2, c.PctTier3) {
				a.counts[2] += estimate(*c.PctTier2, *c.N)
				a.counts[3] += estimate(*c.PctTier3, *c.N)
			}
		}
	}
	var rows []TierRow
	var cells []analysis.TierCell
	for i, g := range groups {
		a := acc[i]
		row := TierRow{Cell: a.cell(g, k)}
		if !row.Shown {
			rows = append(rows, row)
			continue
		}
		row.PctTier2, row.PctTier3 = 100*a.counts[2]/float64(a.n), 100*a.counts[3]/float64(a.n)
		rows = append(rows, row)
		t2, t3 := int(math.Round(a.counts[2])), int(math.Round(a.counts[3]))
		cells = append(cells, analysis.TierCell{Group: g, N: a.n, Tiers: [4]int{0, max(0, a.n-t2-t3), t2, t3}})
	}
	return rows, cells
}

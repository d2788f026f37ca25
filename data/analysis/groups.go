package analysis

import (
	"slices"
	"sort"

	"github.com/tierline/tierline/data"
)

// AllGrades is the grade scope of a cell covering every grade.
const AllGrades data.Grade = ""

// AllStudents is the group of every student assessed: the reference of every gap.
var AllStudents = data.Group{}

// GroupCell is one group's benchmark results in one window and grade scope.
type GroupCell struct {
	Grade     data.Grade // AllGrades for every grade together
	Group     data.Group // AllStudents for the whole school
	N         int        // students assessed
	AtOrAbove int
	Median    float64
	// The students assessed who are not in the group (same grade scope).
	RestN, RestAtOrAbove int
	// Cell keys (sums of record keys mod 2^32, see GroupInput.RecordKeys)
	// of the students assessed and of those at or above benchmark.
	Key, AtOrAboveKey uint32
}

// Pct is the share at or above benchmark, in percent (0 when nobody was assessed).
func (c GroupCell) Pct() float64 { return 100 * ratio(float64(c.AtOrAbove), float64(c.N)) }

// RestPct is the share at or above benchmark of everyone not in the group.
func (c GroupCell) RestPct() float64 { return 100 * ratio(float64(c.RestAtOrAbove), float64(c.RestN)) }

// GapToRest is the group's percentage minus that of everyone else, in points.
func (c GroupCell) GapToRest() float64 {
	return PointsGap(float64(c.AtOrAbove), float64(c.N), float64(c.RestAtOrAbove), float64(c.RestN))
}

// GroupTable is group progress for one measure and window: every grade
// scope and every group of the chosen dimensions, all-students cells first.
type GroupTable struct {
	Measure data.Measure
	Year    data.SchoolYear
	Window  data.WindowName
	Cells   []GroupCell
}

// Cell returns the cell of a grade scope and group.
func (t GroupTable) Cell(grade data.Grade, g data.Group) (GroupCell, bool) {
	for _, c := range t.Cells {
		if c.Grade == grade && c.Group == g {
			return c, true
		}
	}
	return GroupCell{}, false
}

// GapToAll is a cell's percentage minus that of all students in its grade scope, in points.
func (t GroupTable) GapToAll(c GroupCell) float64 {
	all, _ := t.Cell(c.Grade, AllStudents)
	return c.Pct() - all.Pct()
}

// GroupInput is what group progress is computed from.
type GroupInput struct {
	Students   []data.Student // every student, withdrawn ones included (they were tested then)
	Scores     []data.Score   // screening scores; others are ignored
	Measure    data.Measure
	Dimensions []data.Dimension
	ByGrade    bool // also a cell per grade, not only all grades
	// RecordKeys, when given, are the students' record keys, summed into
	// each cell's keys for the summaries' perturbation.
	RecordKeys map[data.ID]uint32
}

// groupsOf lists, for the dimensions, every group: the standard values of
// each standard dimension (empty groups included, so tables keep one shape)
// and the custom groups students belong to.
func groupsOf(students []data.Student, dims []data.Dimension) []data.Group {
	var out []data.Group
	for _, d := range dims {
		if d != data.DimCustom {
			for _, v := range data.DimensionValues(d) {
				out = append(out, data.Group{Dimension: d, Value: v})
			}
			continue
		}
		names := map[string]bool{}
		for _, s := range students {
			for _, c := range s.CustomGroups {
				names[c] = true
			}
		}
		sorted := make([]string, 0, len(names))
		for n := range names {
			sorted = append(sorted, n)
		}
		sort.Strings(sorted)
		for _, n := range sorted {
			out = append(out, data.Group{Dimension: data.DimCustom, Value: n})
		}
	}
	return out
}

// windowResult is one student's screening result in a window.
type windowResult struct {
	student int // index in GroupInput.Students
	score   data.Score
	at      bool // at or above benchmark
}

// StudentResult is the result a group table counts of one student in a
// window: the grade whose benchmark placed it and whether it is at/above.
type StudentResult struct {
	Student   data.ID
	Grade     data.Grade
	AtOrAbove bool
}

// ScreeningResults lists the result each student is counted with in a
// window of in's measure, as GroupProgress counts them.
func ScreeningResults(in GroupInput, w data.Window) []StudentResult {
	var out []StudentResult
	for _, r := range windowResults(in, []data.Window{w})[0] {
		out = append(out, StudentResult{Student: in.Students[r.student].ID, Grade: r.score.Grade, AtOrAbove: r.at})
	}
	return out
}

// windowResults finds each student's latest screening score in each window
// (one pass over the scores) and places it against the benchmark of the
// grade they were in. Students whose grade has no cut are left out.
func windowResults(in GroupInput, windows []data.Window) [][]windowResult {
	index := make(map[data.ID]int, len(in.Students))
	for i, s := range in.Students {
		index[s.ID] = i
	}
	latest := make([]map[int]data.Score, len(windows))
	for i := range latest {
		latest[i] = map[int]data.Score{}
	}
	for _, sc := range in.Scores {
		if sc.Kind != data.Screening || sc.Measure != in.Measure.ID {
			continue
		}
		st, ok := index[sc.Student]
		if !ok {
			continue
		}
		for w, win := range windows {
			if sc.Date.Within(win.Start, win.End) {
				if prev, ok := latest[w][st]; !ok || !sc.Date.Before(prev.Date) {
					latest[w][st] = sc
				}
				break
			}
		}
	}
	out := make([][]windowResult, len(windows))
	for w, byStudent := range latest {
		for st, sc := range byStudent {
			band := BandOfScore(in.Measure, sc, windows[w].Name)
			if band == data.NoBand {
				continue
			}
			out[w] = append(out[w], windowResult{student: st, score: sc, at: band == data.AtOrAbove})
		}
		// Map order is random: sort so medians and cells are deterministic.
		slices.SortFunc(out[w], func(a, b windowResult) int { return a.student - b.student })
	}
	return out
}

// GroupProgress computes the group table of one window of one school year.
func GroupProgress(in GroupInput, year data.SchoolYear, window data.WindowName) GroupTable {
	return GroupSeries(in, []YearWindow{{year, window}})[0]
}

// YearWindow names one screening window of one school year.
type YearWindow struct {
	Year   data.SchoolYear
	Window data.WindowName
}

// Label returns "Fall 2026-2027".
func (yw YearWindow) Label() string { return yw.Window.Title() + " " + yw.Year.Label() }

// Short returns "F26", the axis label of a window in charts.
func (yw YearWindow) Short() string {
	return string(yw.Window.Title()[0]) + yw.Year.Label()[2:4]
}

// StartedWindows lists every window of the settings' years that has started by today, in order.
func StartedWindows(s data.Settings, today data.Date) []YearWindow {
	var out []YearWindow
	for _, y := range s.Years {
		for _, w := range y.Windows {
			if !w.Start.After(today) {
				out = append(out, YearWindow{y, w.Name})
			}
		}
	}
	return out
}

// GroupSeries computes a group table for each window, in one pass over the scores.
func GroupSeries(in GroupInput, windows []YearWindow) []GroupTable {
	wins := make([]data.Window, len(windows))
	for i, yw := range windows {
		wins[i] = yw.Year.Window(yw.Window)
	}
	results := windowResults(in, wins)
	groups := groupsOf(in.Students, in.Dimensions)
	index := make(map[data.Group]int, len(groups))
	for i, g := range groups {
		index[g] = i
	}
	scopes := []data.Grade{AllGrades}
	if in.ByGrade {
		scopes = append(scopes, in.Measure.Grades()...)
	}
	tables := make([]GroupTable, len(windows))
	for w, yw := range windows {
		t := GroupTable{Measure: in.Measure, Year: yw.Year, Window: yw.Window}
		for _, grade := range scopes {
			t.Cells = append(t.Cells, cellsOf(in, results[w], grade, groups, index)...)
		}
		tables[w] = t
	}
	return tables
}

// cellsOf counts the all-students cell and a cell per group for one grade
// scope, in one pass over the results: each result is added to the groups
// its student belongs to. A grade group is the grade the student was in
// when tested, so that last year's third graders count as third graders.
// The rest of a group is everyone else in the scope.
func cellsOf(in GroupInput, results []windowResult, grade data.Grade, groups []data.Group, index map[data.Group]int) []GroupCell {
	cells := make([]GroupCell, 1+len(groups))
	values := make([][]float64, len(cells))
	cells[0] = GroupCell{Grade: grade, Group: AllStudents}
	for i, g := range groups {
		cells[1+i] = GroupCell{Grade: grade, Group: g}
	}
	add := func(i int, r windowResult) {
		key := in.RecordKeys[in.Students[r.student].ID]
		cells[i].N++
		cells[i].Key += key
		values[i] = append(values[i], r.score.Value)
		if r.at {
			cells[i].AtOrAbove++
			cells[i].AtOrAboveKey += key
		}
	}
	for _, r := range results {
		if grade != AllGrades && r.score.Grade != grade {
			continue
		}
		add(0, r)
		st := in.Students[r.student]
		for _, d := range in.Dimensions {
			switch d {
			case data.DimCustom:
				for _, c := range st.CustomGroups {
					if i, ok := index[data.Group{Dimension: data.DimCustom, Value: c}]; ok {
						add(1+i, r)
					}
				}
				continue
			case data.DimGrade:
				if i, ok := index[data.Group{Dimension: d, Value: string(r.score.Grade)}]; ok {
					add(1+i, r)
				}
				continue
			}
			if i, ok := index[data.Group{Dimension: d, Value: st.GroupValue(d)}]; ok {
				add(1+i, r)
			}
		}
	}
	all := cells[0]
	for i := range cells {
		cells[i].Median = medianInPlace(values[i])
		if i > 0 {
			cells[i].RestN, cells[i].RestAtOrAbove = all.N-cells[i].N, all.AtOrAbove-cells[i].AtOrAbove
		}
	}
	return cells
}

// GapChange is how a group's gap to all students moved, in points: since the
// previous window and since the same window a year before.
type GapChange struct {
	SinceLastWindow, SinceLastYear       float64
	HasSinceLastWindow, HasSinceLastYear bool
}

// ChangeOfGap compares the gap of a group in series[i] with the window
// before it and with the same window of the year before. minN is the
// smallest group counted (k): smaller groups give no change.
func ChangeOfGap(series []GroupTable, i int, grade data.Grade, g data.Group, minN int) GapChange {
	var out GapChange
	gap := func(t GroupTable) (float64, bool) {
		c, ok := t.Cell(grade, g)
		if !ok || c.N < minN {
			return 0, false
		}
		return t.GapToAll(c), true
	}
	now, ok := gap(series[i])
	if !ok {
		return out
	}
	if i > 0 {
		if before, ok := gap(series[i-1]); ok {
			out.SinceLastWindow, out.HasSinceLastWindow = now-before, true
		}
	}
	for j := i - 1; j >= 0; j-- {
		if series[j].Window == series[i].Window && series[j].Year.Start.Year == series[i].Year.Start.Year-1 {
			if before, ok := gap(series[j]); ok {
				out.SinceLastYear, out.HasSinceLastYear = now-before, true
			}
			break
		}
	}
	return out
}

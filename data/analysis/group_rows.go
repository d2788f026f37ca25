package analysis

import "github.com/tierline/tierline/data"

// GroupRow is one group's line in a group table, the k rule applied: a
// group of fewer than k students shows its counts to the staff who teach
// them, but is never compared with others, so no gap and no change.
type GroupRow struct {
	Group        data.Group
	N, AtOrAbove int
	Pct, Median  float64 // when N > 0
	TooFew       bool    // 0 < N < k: counted, not compared
	Compared     bool    // GapToAll and Change hold; false for all students and small groups
	GapToAll     float64
	GapToRest    float64
	HasGapToRest bool
	Change       GapChange
}

// GroupRows returns the rows of the last table of series for grade: all
// students first, then each group of dim (every dimension when dim is "")
// that has a student assessed, in the table's order.
func GroupRows(series []GroupTable, grade data.Grade, dim data.Dimension, k int) []GroupRow {
	if len(series) == 0 {
		return nil
	}
	last := len(series) - 1
	t := series[last]
	var rows []GroupRow
	for _, c := range t.Cells {
		all := c.Group == AllStudents
		if c.Grade != grade || (!all && (c.N == 0 || (dim != "" && c.Group.Dimension != dim))) {
			continue
		}
		r := GroupRow{Group: c.Group, N: c.N, AtOrAbove: c.AtOrAbove, Pct: c.Pct(), Median: c.Median}
		if !all {
			r.TooFew = c.N < k
			r.Compared = !r.TooFew
		}
		if r.Compared {
			r.GapToAll = t.GapToAll(c)
			r.GapToRest, r.HasGapToRest = c.GapToRest(), c.RestN >= k
			r.Change = ChangeOfGap(series, last, grade, c.Group, k)
		}
		rows = append(rows, r)
	}
	return rows
}

// WindowGap is a group's gap to all students in one window, the k rule
// applied: Compared is false where the group had fewer than k students.
type WindowGap struct {
	Year     data.SchoolYear
	Window   data.WindowName
	Gap      float64
	Compared bool
}

// GapHistory returns a group's gap to all students in each table of series.
func GapHistory(series []GroupTable, grade data.Grade, g data.Group, k int) []WindowGap {
	out := make([]WindowGap, len(series))
	for i, t := range series {
		out[i] = WindowGap{Year: t.Year, Window: t.Window}
		if c, ok := t.Cell(grade, g); ok && c.N >= k {
			out[i].Gap, out[i].Compared = t.GapToAll(c), true
		}
	}
	return out
}

// WidestGap returns the group of t, over all grades, furthest below all
// students among the groups of at least k; false when none is that large.
func WidestGap(t GroupTable, k int) (GroupCell, float64, bool) {
	var worst GroupCell
	found := false
	gap := 0.0
	for _, c := range t.Cells {
		if c.Group == AllStudents || c.Grade != AllGrades || c.N < k {
			continue
		}
		if g := t.GapToAll(c); !found || g < gap {
			worst, gap, found = c, g, true
		}
	}
	return worst, gap, found
}

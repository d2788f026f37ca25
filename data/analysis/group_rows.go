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

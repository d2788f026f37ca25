package rollup

import (
	"math"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/summary"
)

func published(n int, pct string) (*int, *string) { return &n, &pct }

func progressCell(group string, n int, pct string) summary.ProgressCell {
	c := summary.ProgressCell{Measure: "ORF", Grade: summary.All, Dimension: string(data.DimRace), Group: group}
	if group == summary.All {
		c.Dimension = summary.All
	}
	if n == 0 {
		c.Suppressed, c.Reason = true, summary.ReasonPrimary
		return c
	}
	c.N, c.PctAtOrAbove = published(n, pct)
	return c
}

func TestDistrictCellsReapplyK(t *testing.T) {
	school := func(code string, cells ...summary.ProgressCell) summary.Summary {
		return summary.Summary{School: code, Year: "2026-2027", Window: "fall", K: 5, Progress: cells}
	}
	totals := Totals{}
	for _, s := range []summary.Summary{
		school("A", progressCell(summary.All, 200, "50"), progressCell("black", 6, "50"), progressCell("asian", 6, "≥80"), progressCell("white", 100, "60")),
		school("B", progressCell(summary.All, 100, "40"), progressCell("black", 6, "50"), progressCell("asian", 0, ""), progressCell("white", 50, "≤2")),
	} {
		for _, c := range s.Progress {
			totals.Add(Key{SectionProgress, c.Measure, c.Grade, c.Dimension, c.Group}, c.N, c.Suppressed, c.PctAtOrAbove)
		}
	}
	tables := Progress([]WindowTotals{{Window{"2026-2027", data.Fall}, totals}}, "ORF", summary.All, data.DimRace, 10)
	if len(tables) != 1 {
		t.Fatalf("%d windows", len(tables))
	}
	cells := map[string]Cell{}
	for _, c := range tables[0].Cells {
		cells[c.Group.Value] = c
	}
	all := tables[0].Cells[0]
	if !all.Shown || all.N != 300 || math.Abs(all.Pct-100*(100+40)/300.0) > 1e-9 || all.Schools != 2 {
		t.Errorf("all students: %+v", all)
	}
	// Two schools' 6 each: 12 students, shown.
	if b := cells["black"]; !b.Shown || b.N != 12 || b.Pct != 50 {
		t.Errorf("black: %+v", b)
	}
	// One school's 6, the other withheld: 6 < 10, not shown.
	if a := cells["asian"]; a.Shown || a.N != 6 || a.Hidden != 1 || a.Schools != 1 {
		t.Errorf("asian: %+v", a)
	}
	// ≤2 of 50 counts as 1%: (60 + 0.5) students of 150.
	if w := cells["white"]; !w.Shown || !w.Coded || math.Abs(w.Pct-100*60.5/150) > 1e-9 {
		t.Errorf("white: %+v", w)
	}
	// The table for the charts has no count under k.
	for _, c := range tables[0].Table.Cells {
		if c.N > 0 && c.N < 10 {
			t.Errorf("the chart table has %s with n = %d", c.Group.Label(), c.N)
		}
	}
}

// Estimates are whole numbers of 1/200 of a student, so sums are exact in
// any order (SQL's or Go's).
func TestEstimatesAreExact(t *testing.T) {
	for _, c := range []struct {
		pct  string
		n    int
		want int64
	}{{"50", 200, 20000}, {"≥95", 40, 195 * 40}, {"≤5", 30, 150}, {"0", 12, 0}, {"100", 12, 2400}, {"x", 10, 0}} {
		if got := Estimate(c.pct, c.n); got != c.want {
			t.Errorf("Estimate(%q, %d) = %d, want %d", c.pct, c.n, got, c.want)
		}
	}
}

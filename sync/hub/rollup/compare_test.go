package rollup

import (
	"math"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/summary"
)

// The fixture: four schools of one window, race groups, k = 10. Every
// expected figure below is worked out by hand from these cells.
//
//	A: all 100 at 60%, Black 20 at 30%, White 60 at 75%
//	B: all  50 at 40%, Black 10 at 20%
//	C: all  80 at 50%, White 40 at 60%
//	D: all  40 at 50%, Asian 12 at ≥95% (counted as 97.5%)
var fall = Window{"2026-2027", data.Fall}

func fixture() []summary.Summary {
	school := func(code string, cells ...summary.ProgressCell) summary.Summary {
		return summary.Summary{Schema: summary.Schema, School: code, Year: fall.Year, Window: string(fall.Window), K: 10, Progress: cells}
	}
	return []summary.Summary{
		school("A", progressCell(summary.All, 100, "60"), progressCell("black", 20, "30"), progressCell("white", 60, "75")),
		school("B", progressCell(summary.All, 50, "40"), progressCell("black", 10, "20")),
		school("C", progressCell(summary.All, 80, "50"), progressCell("white", 40, "60")),
		school("D", progressCell(summary.All, 40, "50"), progressCell("asian", 12, "≥95")),
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestCompareUsesTheSameSchools(t *testing.T) {
	got := map[string]Versus{}
	for _, v := range Compare(fixture(), fall, "ORF", summary.All, data.DimRace, 10) {
		got[v.Group.Value] = v
	}
	for _, tc := range []struct {
		group                          string
		n, schools                     int
		pct, all, gapAll, rest, gapRst float64
		sparse, coded                  bool
	}{
		// Black: A and B. 30 students, 6 + 2 = 8 at/above; all students of
		// A and B: 150, 60 + 20 = 80; the rest: 120, 72.
		{"black", 30, 2, 800.0 / 30, 8000.0 / 150, 800.0/30 - 8000.0/150, 60, 800.0/30 - 60, false, false},
		// White: A and C. 100, 45 + 24 = 69; all 180, 100; rest 80, 31.
		{"white", 100, 2, 69, 10000.0 / 180, 69 - 10000.0/180, 38.75, 69 - 38.75, false, false},
		// Asian: D alone (1 school of 4: sparse). 12 × 97.5% = 11.7; all 40,
		// 20; rest 28, 8.3.
		{"asian", 12, 1, 97.5, 50, 47.5, 830.0 / 28, 97.5 - 830.0/28, true, true},
	} {
		v := got[tc.group]
		if !v.Share.Shown || v.Share.N != tc.n || v.Share.Schools != tc.schools || !near(v.Share.Pct, tc.pct) ||
			!near(v.All.Pct, tc.all) || !v.GapOK || !near(v.GapToAll, tc.gapAll) || !v.RestOK || !near(v.Rest.Pct, tc.rest) ||
			!near(v.GapToRest, tc.gapRst) || v.Sparse != tc.sparse || v.Share.Coded != tc.coded || v.AllSchools != 4 {
			t.Errorf("%s: %+v", tc.group, v)
		}
		// All students of every school: 270, 60 + 20 + 40 + 20 = 140.
		if !near(v.AllEverySchool.Pct, 14000.0/270) || v.AllEverySchool.Schools != 4 {
			t.Errorf("%s: all students of every school %+v", tc.group, v.AllEverySchool)
		}
	}
	if h := got["hispanic"]; h.Share.Shown || h.Share.Schools != 0 || h.GapOK || h.Sparse {
		t.Errorf("a group no school published: %+v", h)
	}
}

func TestSchoolGapsWidestFirst(t *testing.T) {
	rows := SchoolGaps(fixture(), fall, "ORF", summary.All, data.DimRace, 10)
	want := []struct {
		school, group          string
		pct, gapAll, gapToRest float64
	}{
		{"D", "asian", 97.5, 47.5, 97.5 - 830.0/28},
		{"A", "black", 30, -30, 30 - 67.5}, // rest of A: 80 students, 54 at/above
		{"A", "white", 75, 15, 75 - 37.5},  // the same |37.5|: the wider gap to all first
		{"B", "black", 20, -20, 20 - 45},   // rest of B: 40, 18
		{"C", "white", 60, 10, 60 - 40},    // rest of C: 40, 16
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.School != w.school || r.Group.Value != w.group || !near(r.Share.Pct, w.pct) || !near(r.GapToAll, w.gapAll) || !near(r.GapToRest, w.gapToRest) {
			t.Errorf("row %d: %s %s %.3f %.3f %.3f, want %+v", i, r.School, r.Group.Value, r.Share.Pct, r.GapToAll, r.GapToRest, w)
		}
	}
	SortSchoolGaps(rows, SortPct)
	if rows[0].School != "B" || rows[len(rows)-1].School != "D" {
		t.Errorf("by %% at/above: %s first, %s last", rows[0].School, rows[len(rows)-1].School)
	}
	SortSchoolGaps(rows, SortSchool)
	if rows[0].School != "A" || rows[0].Group.Value != "black" || rows[4].School != "D" {
		t.Errorf("by school: %+v", rows)
	}
}

func tierCell(group string, n int, t2, t3 string) summary.TierCell {
	c := summary.TierCell{Dimension: string(data.DimRace), Group: group, N: &n, PctTier2: &t2, PctTier3: &t3}
	if group == summary.All {
		c.Dimension = summary.All
	}
	return c
}

// A: all 100 (Tier 2 20%, Tier 3 10%), Black 20 (30%, 25%), White 60 (15%, 5%)
// B: all 50 (10%, 10%), Black 10 (20%, 30%)
func TestDisproportionality(t *testing.T) {
	sums := []summary.Summary{
		{School: "A", Year: fall.Year, Window: "fall", Tiers: []summary.TierCell{tierCell(summary.All, 100, "20", "10"), tierCell("black", 20, "30", "25"), tierCell("white", 60, "15", "5")}},
		{School: "B", Year: fall.Year, Window: "fall", Tiers: []summary.TierCell{tierCell(summary.All, 50, "10", "10"), tierCell("black", 10, "20", "30")}},
	}
	district, schools := Disproportionality(sums, fall, data.DimRace, 10)
	byKey := map[string]Risk{}
	for _, r := range append(district, schools...) {
		byKey[r.School+"/"+r.Group.Value] = r
	}
	for _, tc := range []struct {
		key           string
		rr3, rr23     float64
		flag3, flag23 bool
		sparse        bool
	}{
		// A's Black students: 5 in Tier 3, 11 in 2+3 of 20; the rest of A:
		// 5 and 19 of 80.
		{"A/black", (5.0 / 20) / (5.0 / 80), (11.0 / 20) / (19.0 / 80), true, true, false},
		// A's White students: 3 and 12 of 60; the rest: 7 and 18 of 40.
		{"A/white", (3.0 / 60) / (7.0 / 40), (12.0 / 60) / (18.0 / 40), false, false, false},
		// B's Black students: 3 and 5 of 10; the rest: 2 and 5 of 40.
		{"B/black", (3.0 / 10) / (2.0 / 40), (5.0 / 10) / (5.0 / 40), true, true, false},
		// District Black (A and B): 8 and 16 of 30; the rest: 7 and 24 of 120.
		{"/black", (8.0 / 30) / (7.0 / 120), (16.0 / 30) / (24.0 / 120), true, true, false},
		// District White: A alone, 1 school of 2.
		{"/white", (3.0 / 60) / (7.0 / 40), (12.0 / 60) / (18.0 / 40), false, false, true},
	} {
		r, ok := byKey[tc.key]
		if !ok || !r.OK3 || !r.OK23 || !near(r.RR3, tc.rr3) || !near(r.RR23, tc.rr23) || r.Flag3 != tc.flag3 || r.Flag23 != tc.flag23 || r.Sparse != tc.sparse {
			t.Errorf("%s: %+v, want %+v", tc.key, r, tc)
		}
	}
	if r := byKey["/black"]; r.N != 30 || r.Schools != 2 || !near(r.PctTier3, 800.0/30) || !near(r.PctTier23, 1600.0/30) {
		t.Errorf("district Black shares: %+v", r)
	}
	if len(schools) != 3 || schools[0].School != "A" || schools[2].School != "B" {
		t.Errorf("school rows: %+v", schools)
	}
}

// A: all 20 plans at 50% adequate, Black 10 at 30%; B: all 12 at 25%.
func TestResponseByGroup(t *testing.T) {
	resp := func(group string, n int, pct string) summary.ResponseCell {
		c := summary.ResponseCell{Measure: "ORF", Dimension: string(data.DimRace), Group: group, N: &n, PctAdequate: &pct}
		if group == summary.All {
			c.Dimension = summary.All
		}
		return c
	}
	sums := []summary.Summary{
		{School: "A", Year: fall.Year, Window: "fall", Response: []summary.ResponseCell{resp(summary.All, 20, "50"), resp("black", 10, "30")}},
		{School: "B", Year: fall.Year, Window: "fall", Response: []summary.ResponseCell{resp(summary.All, 12, "25")}},
	}
	for _, v := range Response(sums, fall, "ORF", data.DimRace, 10) {
		if v.Group.Value != "black" {
			continue
		}
		// 3 of 10 adequate; A's plans 10 of 20; the rest of A 7 of 10.
		if !v.Share.Shown || v.Share.N != 10 || !near(v.Share.Pct, 30) || !near(v.GapToAll, -20) || !near(v.GapToRest, -40) || !v.Sparse || v.AllSchools != 2 {
			t.Errorf("Black: %+v", v)
		}
		// Every school's plans: 32, 10 + 3 = 13.
		if !near(v.AllEverySchool.Pct, 1300.0/32) {
			t.Errorf("every school: %+v", v.AllEverySchool)
		}
		return
	}
	t.Error("no Black row")
}

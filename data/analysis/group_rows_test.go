package analysis_test

import (
	"math"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

func TestGroupRowsApplyK(t *testing.T) {
	race := func(v string) data.Group { return data.Group{Dimension: data.DimRace, Value: v} }
	el := data.Group{Dimension: data.DimEL, Value: "yes"}
	table := func(blackAt int) analysis.GroupTable {
		return analysis.GroupTable{Cells: []analysis.GroupCell{
			{Group: analysis.AllStudents, N: 100, AtOrAbove: 50},
			{Group: race("black"), N: 20, AtOrAbove: blackAt, RestN: 80, RestAtOrAbove: 50 - blackAt},
			{Group: race("asian"), N: 4, AtOrAbove: 4, RestN: 96, RestAtOrAbove: 46},
			{Group: race("white"), N: 0},
			{Group: el, N: 30, AtOrAbove: 9, RestN: 70, RestAtOrAbove: 41},
		}}
	}
	fall, winter := table(4), table(6)
	fall.Window, winter.Window = data.Fall, data.Winter
	rows := analysis.GroupRows([]analysis.GroupTable{fall, winter}, analysis.AllGrades, data.DimRace, 10)
	if len(rows) != 3 || rows[0].Group != analysis.AllStudents || rows[1].Group != race("black") || rows[2].Group != race("asian") {
		t.Fatalf("rows: %+v", rows)
	}
	if all := rows[0]; all.Compared || all.TooFew || all.Pct != 50 {
		t.Errorf("all students: %+v", all)
	}
	// Black: 30% against 50% of all, 30% against (44/80 =) 55% of the rest; 20% in fall.
	if b := rows[1]; !b.Compared || b.GapToAll != -20 || !b.HasGapToRest || math.Abs(b.GapToRest-(30-55)) > 1e-9 ||
		!b.Change.HasSinceLastWindow || b.Change.SinceLastWindow != 10 {
		t.Errorf("black: %+v", b)
	}
	if a := rows[2]; !a.TooFew || a.Compared || a.GapToAll != 0 || a.HasGapToRest || a.Change.HasSinceLastWindow {
		t.Errorf("a group under k is compared: %+v", a)
	}
	if every := analysis.GroupRows([]analysis.GroupTable{winter}, analysis.AllGrades, "", 10); len(every) != 4 {
		t.Errorf("every dimension: %d rows, want all, black, asian, EL", len(every))
	}
}

func TestGapHistoryAndWidestGapApplyK(t *testing.T) {
	race := func(v string) data.Group { return data.Group{Dimension: data.DimRace, Value: v} }
	table := func(w data.WindowName, blackN, blackAt int) analysis.GroupTable {
		return analysis.GroupTable{Window: w, Cells: []analysis.GroupCell{
			{Group: analysis.AllStudents, N: 100, AtOrAbove: 50},
			{Group: race("black"), N: blackN, AtOrAbove: blackAt},
			{Group: race("asian"), N: 4, AtOrAbove: 0},
			{Group: race("white"), N: 40, AtOrAbove: 24},
			{Group: race("hispanic"), Grade: "03", N: 30, AtOrAbove: 0},
		}}
	}
	series := []analysis.GroupTable{table(data.Fall, 9, 1), table(data.Winter, 20, 6)}
	h := analysis.GapHistory(series, analysis.AllGrades, race("black"), 10)
	if len(h) != 2 || h[0].Compared || h[0].Window != data.Fall || !h[1].Compared || h[1].Gap != -20 {
		t.Fatalf("history %+v: fall's 9 students are under k, winter 30%% against 50%%", h)
	}
	if h := analysis.GapHistory(series, analysis.AllGrades, race("pacific_islander"), 10); h[0].Compared || h[1].Compared {
		t.Errorf("a group with no cell is compared: %+v", h)
	}
	// Asian (0 of 4) and the grade-3 cell are further below, but under k
	// or of one grade: Black in winter is the widest gap that can be said.
	if c, gap, ok := analysis.WidestGap(series[1], 10); !ok || c.Group != race("black") || gap != -20 {
		t.Errorf("widest %v %v %v", c.Group, gap, ok)
	}
	if _, _, ok := analysis.WidestGap(series[1], 50); ok {
		t.Error("a widest gap among groups all under k")
	}
}

func TestSmallTierAndResponseGroupsAreTooFew(t *testing.T) {
	black := data.Group{Dimension: data.DimRace, Value: "black"}
	if !(analysis.TierCell{Group: black, N: 9}).TooFew(10) || (analysis.TierCell{Group: black, N: 10}).TooFew(10) ||
		(analysis.TierCell{Group: analysis.AllStudents, N: 3}).TooFew(10) {
		t.Error("tier cells: under k is too few, all students never")
	}
	if !(analysis.ResponseCell{Group: black, Plans: 4}).TooFew(5) || (analysis.ResponseCell{Group: black, Plans: 5}).TooFew(5) ||
		(analysis.ResponseCell{Group: analysis.AllStudents, Plans: 1}).TooFew(5) {
		t.Error("response cells: under k plans is too few, all students never")
	}
}

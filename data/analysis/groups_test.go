package analysis_test

import (
	"fmt"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// pupil makes an enrolled grade-3 student.
func pupil(n int, race data.Race, el bool) data.Student {
	return data.Student{ID: data.NewID(), LocalID: fmt.Sprint(70000 + n), GivenName: fmt.Sprint("S", n), FamilyName: "Test",
		Grade: "03", Sex: data.Female, Race: race, EnglishLearner: el}
}

func screening(s data.Student, m data.Measure, d data.Date, v float64) data.Score {
	return data.Score{Student: s.ID, Measure: m.ID, Date: d, Kind: data.Screening, Value: v, Errors: data.NoErrors, Grade: s.Grade}
}

func TestGroupProgress(t *testing.T) {
	year := data.DefaultSchoolYear(2026)
	fall := data.NewDate(2026, 9, 10)
	var students []data.Student
	var scores []data.Score
	// Four Black students (one an English learner) and eight White students
	// (one an English learner). ORF grade 3 fall benchmark: 83.
	for i, v := range []float64{90, 70, 50, 84} {
		s := pupil(i+1, data.Black, i == 0)
		students = append(students, s)
		scores = append(scores, screening(s, orf, fall, v))
	}
	for i, v := range []float64{100, 95, 60, 85, 83, 70, 90, 40} {
		s := pupil(i+5, data.White, i == 0)
		students = append(students, s)
		scores = append(scores, screening(s, orf, fall, v))
	}
	// Ignored: an earlier score of the same window (the latest counts), a
	// score after the window, a progress score, a score on another measure.
	scores = append(scores,
		screening(students[2], orf, data.NewDate(2026, 8, 25), 99),
		screening(students[2], orf, data.NewDate(2026, 10, 2), 99),
		data.Score{Student: students[1].ID, Measure: orf.ID, Date: fall, Kind: data.Progress, Value: 99, Grade: "03"},
		data.Score{Student: students[1].ID, Measure: data.NewID(), Date: fall, Kind: data.Screening, Value: 99, Grade: "03"},
	)
	// A student without a score is not assessed.
	students = append(students, pupil(13, data.Black, false))

	table := analysis.GroupProgress(analysis.GroupInput{Students: students, Scores: scores, Measure: orf,
		Dimensions: []data.Dimension{data.DimRace, data.DimEL}, ByGrade: true}, year, data.Fall)

	all, _ := table.Cell(analysis.AllGrades, analysis.AllStudents)
	// All: 90, 84, 100, 95, 85, 83, 90 at or above: 7 of 12 = 58.33%.
	if all.N != 12 || all.AtOrAbove != 7 {
		t.Fatalf("all students: %+v", all)
	}
	black, _ := table.Cell(analysis.AllGrades, data.Group{Dimension: data.DimRace, Value: "black"})
	// Black: 90 and 84 of 90, 70, 50, 84: 2 of 4 = 50%, median (70+84)/2 = 77;
	// gap to all 50 − 58.33 = −8.33; the rest (White) 5 of 8 = 62.5%: gap −12.5.
	if black.N != 4 || black.AtOrAbove != 2 || black.Median != 77 || !near(table.GapToAll(black), 50-700.0/12) || !near(black.GapToRest(), -12.5) {
		t.Errorf("Black students: %+v, gap to all %v, to the rest %v", black, table.GapToAll(black), black.GapToRest())
	}
	el, _ := table.Cell(analysis.AllGrades, data.Group{Dimension: data.DimEL, Value: data.Yes})
	notEL, _ := table.Cell(analysis.AllGrades, data.Group{Dimension: data.DimEL, Value: data.No})
	if el.N != 2 || el.Pct() != 100 || notEL.N != 10 || notEL.Pct() != 50 {
		t.Errorf("EL %+v, not EL %+v", el, notEL)
	}
	asian, ok := table.Cell(analysis.AllGrades, data.Group{Dimension: data.DimRace, Value: "asian"})
	if !ok || asian.N != 0 || asian.Pct() != 0 {
		t.Errorf("an empty group keeps its cell: %+v %v", asian, ok)
	}
	grade3, ok := table.Cell("03", analysis.AllStudents)
	if !ok || grade3.N != 12 {
		t.Errorf("grade 3 scope: %+v", grade3)
	}
}

func TestGapChange(t *testing.T) {
	// Three falls: the group's gap closes from −20 to −10 to −4 points.
	mk := func(startYear int, groupAt, restAt int) analysis.GroupTable {
		return analysis.GroupTable{Year: data.DefaultSchoolYear(startYear), Window: data.Fall, Cells: []analysis.GroupCell{
			{Group: analysis.AllStudents, N: 100, AtOrAbove: groupAt + restAt},
			{Group: data.Group{Dimension: data.DimRace, Value: "black"}, N: 20, AtOrAbove: groupAt},
		}}
	}
	// all = (g + r)/100; gap = g/20·100 − (g + r).
	series := []analysis.GroupTable{mk(2024, 8, 52), mk(2025, 10, 50), mk(2026, 11, 48)}
	// gaps: 40−60 = −20; 50−60 = −10; 55−59 = −4.
	black := data.Group{Dimension: data.DimRace, Value: "black"}
	ch := analysis.ChangeOfGap(series, 2, analysis.AllGrades, black, 10)
	if !ch.HasSinceLastWindow || !near(ch.SinceLastWindow, 6) || !ch.HasSinceLastYear || !near(ch.SinceLastYear, 6) {
		t.Errorf("got %+v", ch)
	}
	if ch := analysis.ChangeOfGap(series, 2, analysis.AllGrades, black, 25); ch.HasSinceLastWindow {
		t.Errorf("a group under k has no change: %+v", ch)
	}
}

func TestTierPlacementRiskRatio(t *testing.T) {
	var students []data.Student
	var changes []data.TierChange
	on := data.NewDate(2026, 11, 1)
	place := func(s data.Student, tier data.Tier) {
		if tier > 1 {
			changes = append(changes, data.TierChange{Student: s.ID, Date: data.NewDate(2026, 10, 5), From: 1, To: tier})
		}
	}
	// Ten Black students: 3 in Tier 3, 2 in Tier 2. Twenty others: 2 in Tier 3, 4 in Tier 2.
	for i := 0; i < 10; i++ {
		s := pupil(i, data.Black, false)
		students = append(students, s)
		place(s, [10]data.Tier{3, 3, 3, 2, 2, 1, 1, 1, 1, 1}[i])
	}
	for i := 0; i < 20; i++ {
		s := pupil(100+i, data.White, false)
		students = append(students, s)
		tier := data.Tier(1)
		switch {
		case i < 2:
			tier = 3
		case i < 6:
			tier = 2
		}
		place(s, tier)
	}
	// A student withdrawn before the date is not counted.
	gone := pupil(999, data.Black, false)
	gone.Withdrawn, gone.WithdrawnOn = true, data.NewDate(2026, 9, 1)
	students = append(students, gone)
	place(gone, 3)

	cells := analysis.TierPlacement(analysis.TierInput{Students: students, TierChanges: changes, On: on, Dimensions: []data.Dimension{data.DimRace}, K: 10})
	var black analysis.TierCell
	for _, c := range cells {
		if c.Group.Value == "black" {
			black = c
		}
	}
	// Tier 3: 3/10 = 0.3 against 2/20 = 0.1: ratio 3.0, flagged.
	// Tier 2+3: 5/10 = 0.5 against 6/20 = 0.3: ratio 1.667, not flagged.
	if black.N != 10 || black.Tiers[3] != 3 || !black.Ratio3OK || !near(black.RiskRatio3, 3) || !black.Flag3 {
		t.Errorf("Tier 3: %+v", black)
	}
	if !near(black.RiskRatio23, 0.5/0.3) || black.Flag23 {
		t.Errorf("Tier 2+3: %+v", black)
	}
	if got, want := black.Sentence(), "Black or African American students are 3.0× as likely as other students to be in Tier 3."; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	if cells[0].Group != analysis.AllStudents || cells[0].N != 30 {
		t.Errorf("all students: %+v", cells[0])
	}

	// With k = 11 the group of 10 is too small to compare: no ratio, no flag.
	cells = analysis.TierPlacement(analysis.TierInput{Students: students, TierChanges: changes, On: on, Dimensions: []data.Dimension{data.DimRace}, K: 11})
	for _, c := range cells {
		if c.Group.Value == "black" && (c.Ratio3OK || c.Flag3) {
			t.Errorf("a group under k was compared: %+v", c)
		}
	}
}

func TestInterventionResponse(t *testing.T) {
	settings := data.Settings{Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}}
	a, b, c := pupil(1, data.Black, false), pupil(2, data.White, false), pupil(3, data.White, false)
	iv := data.NewID()
	mkPlan := func(s data.Student) data.Plan {
		return data.Plan{ID: data.NewID(), Student: s.ID, Tier: 2, Interventionist: "Ms Lee", Status: data.Active,
			Goal:   data.Goal{Measure: orf.ID, Baseline: 40, BaselineDate: start, Target: 64, TargetDate: start.AddDays(56)},
			Phases: []data.Phase{{Start: start, Intervention: iv, SessionsPerWeek: 3, MinutesPerSession: 30}}}
	}
	withValues := func(s data.Student, values ...float64) []data.Score {
		out := progressScores(orf, 1, values...)
		for i := range out {
			out[i].Student = s.ID
		}
		return out
	}
	var scores []data.Score
	scores = append(scores, withValues(a, 41, 42, 43, 44, 45, 46)...) // ROI 1 < 3: not adequate
	scores = append(scores, withValues(b, 43, 46, 49, 52, 55, 58)...) // ROI 3 = 3: adequate
	scores = append(scores, withValues(c, 45, 50, 55)...)             // 3 points: not counted
	// ScoresOf needs the store's order: by student.
	sortScores(scores)
	cells := analysis.InterventionResponse(analysis.ResponseInput{Settings: settings, Students: []data.Student{a, b, c}, Scores: scores,
		Plans: []data.Plan{mkPlan(a), mkPlan(b), mkPlan(c)}, Measure: orf, AsOf: start.AddDays(50), Dimensions: []data.Dimension{data.DimRace}})
	for _, cell := range cells {
		switch cell.Group.Value {
		case "":
			if cell.Plans != 2 || cell.Adequate != 1 {
				t.Errorf("all: %+v", cell)
			}
		case "black":
			if cell.Plans != 1 || cell.Adequate != 0 {
				t.Errorf("Black: %+v", cell)
			}
		case "white":
			if cell.Plans != 1 || cell.Adequate != 1 || cell.Pct() != 100 {
				t.Errorf("White: %+v", cell)
			}
		}
	}
}

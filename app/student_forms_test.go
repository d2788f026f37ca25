package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// The score line's typos are the user's input: each names its field and
// says what is wrong in words, never the internal-error sentence.
func TestScoreLineParsing(t *testing.T) {
	st := data.Student{ID: data.NewID(), Grade: "02"}
	m := data.Measure{ID: data.NewID(), Name: "ORF", Unit: "wcpm", MaxScore: 300}
	for _, tc := range []struct {
		line        scoreLine
		field, want string
	}{
		{scoreLine{Date: "2026-11-23", Value: "4x5"}, "value", `Value: "4x5" is not a number`},
		{scoreLine{Date: "2026-13-45", Value: "45"}, "date", `Date: "2026-13-45" is not a calendar date`},
		{scoreLine{Date: "23.11.2026", Value: "45"}, "date", `Date: "23.11.2026" is not a date (expected YYYY-MM-DD or M/D/YYYY)`},
		{scoreLine{Date: "2026-11-23", Value: ""}, "value", "Value: a number is needed"},
		{scoreLine{Date: "2026-11-23", Value: "45", Errors: "-2"}, "errors", `Errors: "-2" is not a whole number of 0 or more`},
		{scoreLine{Date: "2026-11-23", Value: "400"}, "value", "score value 400 is above the highest ORF score, 300 wcpm"},
	} {
		_, err := tc.line.score(st, m)
		var e *data.Error
		if !errorAs(err, &e) || e.Field != tc.field || e.Code != data.EINVALID || data.ErrorMessage(err) != tc.want {
			t.Errorf("%+v: error %v (field %q), want %q on %q", tc.line, err, fieldOf(err), tc.want, tc.field)
		}
	}
	got, err := scoreLine{Date: "11/23/2026", Value: "52,5", Errors: "3", Screening: true}.score(st, m)
	if err != nil || got.Value != 52.5 || got.Errors != 3 || got.Kind != data.Screening || got.Date != data.NewDate(2026, 11, 23) || got.Grade != "02" {
		t.Errorf("score %+v, %v", got, err)
	}
}

func TestPlanFormParsing(t *testing.T) {
	iv := data.Intervention{ID: data.NewID()}
	m := data.Measure{ID: data.NewID()}
	good := planForm{Interventionist: " Ms Grant ", Start: "2026-09-14", Review: "2026-10-26", Sessions: "4", Minutes: "30",
		Target: "74", TargetDate: "2027-05-15"}
	base := data.Plan{ID: data.NewID(), Student: data.NewID(), Status: data.Active}
	p, err := good.plan(base, iv, m, 2)
	if err != nil || p.Interventionist != "Ms Grant" || p.Goal.Target != 74 || len(p.Phases) != 1 || p.Phases[0].SessionsPerWeek != 4 {
		t.Fatalf("plan %+v, %v", p, err)
	}
	for field, change := range map[string]func(*planForm){
		"target":            func(f *planForm) { f.Target = "" },
		"target date":       func(f *planForm) { f.TargetDate = "2027-02-30" },
		"sessions per week": func(f *planForm) { f.Sessions = "four" },
		"start":             func(f *planForm) { f.Start = "" },
		"baseline date":     func(f *planForm) { f.Baseline = "40" },
	} {
		f := good
		change(&f)
		_, err := f.plan(base, iv, m, 2)
		msg := data.ErrorMessage(err)
		if fieldOf(err) != field || !strings.HasPrefix(strings.ToLower(msg), field+": ") || strings.Contains(msg, "inside Tierline") {
			t.Errorf("%s: error %q on field %q", field, msg, fieldOf(err))
		}
	}
}

func errorAs(err error, e **data.Error) bool {
	if err == nil {
		return false
	}
	x, ok := err.(*data.Error)
	*e = x
	return ok
}

func fieldOf(err error) string {
	if e, ok := err.(*data.Error); ok {
		return e.Field
	}
	return ""
}

// A typo in the score row shows under the field, in words, and keeps
// what was typed.
func TestAScoreTypoSaysWhatIsWrongNextToTheField(t *testing.T) {
	u, s := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedMoreData)
	u.openStudent(it.Student.ID)
	st := u.student
	before, _ := s.Scores(it.Student.ID, it.Plan.Goal.Measure)

	test.Type(st.ScoreValue, "4x5")
	st.ScoreValue.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !st.ScoreValue.Problem.Visible() || st.ScoreValue.Problem.Text != `Value: "4x5" is not a number` {
		t.Errorf("under the score: %q", st.ScoreValue.Problem.Text)
	}
	if strings.Contains(st.Saved.Text, "inside Tierline") || !strings.Contains(st.Saved.Text, "not a number") {
		t.Errorf("line under the row: %q", st.Saved.Text)
	}

	st.ScoreValue.SetText("45")
	st.ScoreDate.SetText("2026-13-45")
	st.ScoreDate.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if st.ScoreValue.Problem.Visible() {
		t.Errorf("the corrected score still shows %q", st.ScoreValue.Problem.Text)
	}
	if st.ScoreDate.Problem.Text != `Date: "2026-13-45" is not a calendar date` {
		t.Errorf("under the date: %q", st.ScoreDate.Problem.Text)
	}
	after, _ := s.Scores(it.Student.ID, it.Plan.Goal.Measure)
	if len(after) != len(before) || st.ScoreDate.Text != "2026-13-45" {
		t.Error("a typo was stored, or the typed text lost")
	}
}

// A form dialog says what is wrong under the field at fault: an empty goal
// names the goal.
func TestAFormDialogSaysWhatIsWrongUnderTheField(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.openStudent(u.school.review[0].Student.ID)
	f := planDialog(u, u.student.student, nil, u.student.measure)
	target := f.fields["target"]
	target.SetText("")
	test.Tap(f.Save)
	if !target.Problem.Visible() || target.Problem.Text != "a number is needed" {
		t.Errorf("under the target: %q (visible %v)", target.Problem.Text, target.Problem.Visible())
	}
	if f.Error.Text != "Check the fields marked in red." {
		t.Errorf("the form's line: %q", f.Error.Text)
	}
	target.SetText("70")
	f.fields["target date"].SetText("2027-02-30")
	test.Tap(f.Save)
	if target.Problem.Visible() {
		t.Errorf("the corrected target still shows %q", target.Problem.Text)
	}
	if got := f.fields["target date"].Problem.Text; got != `"2027-02-30" is not a calendar date` {
		t.Errorf("under the target date: %q", got)
	}
}

// A new plan in the area of an active one asks whether it replaces it;
// replaced, the old plan ends the day the new one starts and stays in the
// history.
func TestANewPlanReplacesTheActiveOne(t *testing.T) {
	u, s := newTestUI(t, true)
	var it analysis.ReviewItem
	for _, x := range u.school.review {
		if u.school.measures[x.Plan.Goal.Measure].Area == data.Reading {
			it = x
			break
		}
	}
	u.openStudent(it.Student.ID)
	u.student.measure = u.school.measures[it.Plan.Goal.Measure]
	f := planDialog(u, u.student.student, nil, u.student.measure)
	var replace *widget.Check
	for _, item := range f.Form.Items {
		if c, ok := item.Widget.(*widget.Check); ok && item.Text == "Active plan" {
			replace = c
		}
	}
	if replace == nil || !replace.Checked || !strings.Contains(replace.Text, "Replaces the active plan") {
		t.Fatalf("the dialog does not ask about the active plan: %+v", replace)
	}
	f.fields["target"].SetText("90")
	f.fields["interventionist"].SetText("Ms Lee")
	f.fields["start"].SetText("2026-11-24")
	test.Tap(f.Save)
	if f.Error.Text != "" {
		t.Fatalf("not saved: %q", f.Error.Text)
	}
	old, err := s.Plan(it.Plan.ID)
	if err != nil || old.Status != data.Discontinued || old.Ended != data.NewDate(2026, 11, 24) {
		t.Errorf("the replaced plan: %s ended %s (%v)", old.Status, old.Ended, err)
	}
	plans, _ := s.StudentPlans(it.Student.ID)
	active := 0
	for _, p := range plans {
		if p.Status == data.Active && u.school.measures[p.Goal.Measure].Area == data.Reading {
			active++
		}
	}
	if active != 1 || len(plans) < 2 {
		t.Errorf("%d active reading plans among %d", active, len(plans))
	}
}

// Picking an ended plan brings its chart and verdict back; the chart
// starts no later than the school year and shows the scores outside the
// plan in grey.
func TestPickingAnOldPlanBringsItsChartBack(t *testing.T) {
	u, _ := newTestUI(t, true)
	var st data.Student
	var old, current data.Plan
	for _, x := range u.school.review {
		for _, p := range u.school.plansOf(x.Student.ID) {
			if p.Status != data.Active && p.Goal.Measure == x.Plan.Goal.Measure {
				st, old, current = x.Student, p, x.Plan
			}
		}
	}
	if st.ID == (data.ID{}) {
		t.Skip("the demo school has no student with an ended plan on the same measure")
	}
	u.openStudent(st.ID)
	s := u.student
	for i, p := range s.Plans.plans {
		if p.ID == old.ID {
			s.Plans.List.Select(i)
		}
	}
	if s.chartPlan != old.ID || s.Plans.plan() == nil || s.Plans.plan().ID != old.ID {
		t.Fatalf("picked %v, selected %v", s.chartPlan, s.Plans.plan())
	}
	if !s.Plans.Edit.Visible() || s.Plans.Edit.Disabled() {
		t.Error("the picked plan lost its selection")
	}
	input := u.school.studentInput(st, s.measure)
	input.Plans = []data.Plan{old}
	want := analysis.AnalyzeStudent(input).Current.Verdict.Explanation
	if s.Verdict.Explanation.Text != want {
		t.Errorf("verdict %q, want the old plan's %q", s.Verdict.Explanation.Text, want)
	}
	for i, p := range s.Plans.plans {
		if p.ID == current.ID {
			s.Plans.List.Select(i)
		}
	}
	if s.chartPlan != current.ID {
		t.Error("picking the current plan again did not bring it back")
	}
	if got := analysis.ScoresOutside(s.scores, &current); len(got) == 0 {
		t.Error("no earlier scores for the chart")
	}
}

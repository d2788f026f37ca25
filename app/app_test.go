package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/catalog"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

var testToday = data.NewDate(2026, 11, 23)

func testNow() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local) }

// newTestUI opens the window on a store holding the demo school (or on an
// empty store), with background work run in the foreground.
func newTestUI(t *testing.T, withDemo bool, options ...func(*Services)) (*UI, *store.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if withDemo {
		snap, err := demo.School(demo.Options{Today: testToday, Size: demo.Small})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Initialize(&snap); err != nil {
			t.Fatal(err)
		}
	}
	svc := Services{Store: s, Now: testNow, Version: "test", Background: func(f func()) { f() }, BusyDelay: -1}
	for _, o := range options {
		o(&svc)
	}
	u := New(a, svc)
	u.win.Resize(fyne.NewSize(1280, 800))
	u.Start()
	return u, s
}

// button finds a button by its text among the window's content and
// overlays (dialogs), so that a test taps what a user would.
func button(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk := func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
		}
		for _, child := range test.LaidOutObjects(o) {
			if child != o {
				if b, ok := child.(*widget.Button); ok && b.Text == text && b.Visible() {
					found = b
				}
			}
		}
	}
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	if found == nil {
		walk(c.Content())
	}
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}

// onScreen reports whether a label showing text (in part) is on the canvas or its overlays.
func onScreen(c fyne.Canvas, text string) bool {
	objects := append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...)
	for _, root := range objects {
		for _, o := range test.LaidOutObjects(root) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, text) {
				return true
			}
		}
	}
	return false
}

// itemWithNeed returns a review item of the given need.
func itemWithNeed(t *testing.T, u *UI, need analysis.Need) analysis.ReviewItem {
	t.Helper()
	for _, it := range u.school.review {
		if it.Need == need {
			return it
		}
	}
	t.Fatalf("no review item with need %s", need.Label())
	return analysis.ReviewItem{}
}

func TestStartOnTheDemoSchool(t *testing.T) {
	u, _ := newTestUI(t, true)
	if got := u.win.Title(); got != "Tierline — Oak Street Elementary · 2026-2027" {
		t.Errorf("title %q", got)
	}
	if u.shown != screen(u.dashboard) {
		t.Error("the dashboard is not shown first")
	}
	if !strings.HasPrefix(u.dashboard.NeedsTeam.Text, "Needs the team this week: ") || u.dashboard.NeedsTeam.Text == "Needs the team this week: 0" {
		t.Errorf("dashboard: %q", u.dashboard.NeedsTeam.Text)
	}
	if !strings.Contains(u.dashboard.Tiers[2].Text, "students") {
		t.Errorf("tier counts: %q", u.dashboard.Tiers[2].Text)
	}
}

func TestTypingAScoreStoresItAndUpdatesTheVerdict(t *testing.T) {
	u, s := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedMoreData)
	u.openStudent(it.Student.ID)
	st := u.student
	if st.measure.ID != it.Plan.Goal.Measure {
		t.Fatalf("the student screen shows %s, not the plan's measure", st.measure.Name)
	}
	before := st.Verdict.Explanation.Text
	points := it.Progress.Current.Verdict.Points
	if !strings.Contains(before, fmt.Sprintf("(%d of 4)", points)) {
		t.Fatalf("verdict before: %q", before)
	}

	test.Type(st.ScoreValue, "57")
	st.ScoreValue.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})

	scores, err := s.Scores(it.Student.ID, it.Plan.Goal.Measure)
	if err != nil {
		t.Fatal(err)
	}
	last := scores[len(scores)-1]
	if last.Date != testToday || last.Value != 57 || last.Kind != data.Progress {
		t.Fatalf("the stored score: %+v", last)
	}
	if want := fmt.Sprintf("Saved 57 %s for %s, 23 Nov 2026.", st.measure.Unit, it.Student.ShortName()); st.Saved.Text != want {
		t.Errorf("confirmation %q, want %q", st.Saved.Text, want)
	}
	if st.ScoreValue.Text != "" {
		t.Errorf("the value entry kept %q", st.ScoreValue.Text)
	}
	after := st.Verdict.Explanation.Text
	if after == before || strings.Contains(after, "Collect more data") && points+1 >= 4 {
		t.Errorf("the verdict did not move with the new score:\nbefore %q\nafter  %q", before, after)
	}
}

func TestABadScoreIsRefusedAndKept(t *testing.T) {
	u, s := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedMoreData)
	u.openStudent(it.Student.ID)
	st := u.student
	before, _ := s.Scores(it.Student.ID, it.Plan.Goal.Measure)
	test.Type(st.ScoreValue, "9999")
	st.ScoreValue.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	after, _ := s.Scores(it.Student.ID, it.Plan.Goal.Measure)
	if len(after) != len(before) {
		t.Fatal("an out-of-range score was stored")
	}
	if !strings.HasPrefix(st.Saved.Text, "Not saved: score value 9999 is above the highest") {
		t.Errorf("message %q", st.Saved.Text)
	}
	if st.ScoreValue.Text != "9999" {
		t.Error("the typed score was lost")
	}
	if got := st.unsaved(); !strings.Contains(got, "A score of 9999") {
		t.Errorf("unsaved %q", got)
	}
}

func TestFiltersNarrowTheStudentList(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.show(u.students)
	s := u.students
	all := len(s.rows)
	if all < 380 || s.Count.Text != fmt.Sprintf("%d students", all) {
		t.Fatalf("%d rows, count %q", all, s.Count.Text)
	}
	s.Grade.SetSelected("Grade 3")
	grade3 := len(s.rows)
	if grade3 == 0 || grade3 >= all {
		t.Fatalf("grade 3: %d of %d", grade3, all)
	}
	for _, r := range s.rows {
		if r.student.Grade != "03" {
			t.Fatalf("%s in grade %s under the grade 3 filter", r.student.Name(), r.student.Grade)
		}
	}
	s.Tier.SetSelected(tier23)
	for _, r := range s.rows {
		if r.tier < 2 {
			t.Fatalf("%s is in Tier 1 under the Tier 2 or 3 filter", r.student.Name())
		}
	}
	if len(s.rows) >= grade3 {
		t.Errorf("the tier filter did not narrow: %d", len(s.rows))
	}
	s.Grade.SetSelected(allGrades)
	s.Tier.SetSelected(allTiers)
	s.Group.SetSelected("English learners")
	for _, r := range s.rows {
		if !r.student.EnglishLearner {
			t.Fatalf("%s is not an English learner", r.student.Name())
		}
	}
	s.Group.SetSelected(allGroups)
	target := s.all[10].student
	test.Type(u.search, strings.ToLower(target.FamilyName[:3])+"")
	if len(s.rows) == 0 || len(s.rows) >= all {
		t.Fatalf("search %q: %d rows", u.search.Text, len(s.rows))
	}
	u.search.SetText(target.LocalID)
	if len(s.rows) != 1 || s.rows[0].student.ID != target.ID {
		t.Errorf("search by local id: %d rows", len(s.rows))
	}
	if u.shown != screen(s) {
		t.Error("searching did not show the student list")
	}
}

func TestTierChangeAppearsInTheHistory(t *testing.T) {
	u, s := newTestUI(t, true)
	var st data.Student
	for _, x := range u.school.snap.Students {
		if !x.Withdrawn && u.school.tier(x.ID) == 1 && len(u.school.historyOf(x.ID)) == 0 {
			st = x
			break
		}
	}
	u.openStudent(st.ID)
	d := changeTierDialog(u, st)
	d.fields["reason"].SetText("Winter screening: well below benchmark")
	d.fields["decided by"].SetText("MTSS team")
	test.Tap(d.Save)
	history, err := s.TierHistory(st.ID)
	if err != nil || len(history) != 1 || history[0].To != 2 || history[0].Reason != "Winter screening: well below benchmark" {
		t.Fatalf("stored history: %+v %v", history, err)
	}
	if len(u.student.history) != 1 || u.student.TierLine.Text != "Tier 2 since 23 Nov 2026" {
		t.Errorf("the screen shows %d changes, %q", len(u.student.history), u.student.TierLine.Text)
	}
	// A date before the last change is refused, next to its field, and the dialog stays.
	d = changeTierDialog(u, st)
	d.fields["date"].SetText("2026-09-01")
	test.Tap(d.Save)
	if !strings.Contains(d.Error.Text, "is before the last change") {
		t.Errorf("error %q", d.Error.Text)
	}
	if h, _ := s.TierHistory(st.ID); len(h) != 1 {
		t.Error("the refused change was stored")
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	u, s := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedIntensify)
	u.openStudent(it.Student.ID)
	test.Tap(u.student.Delete)
	c := u.win.Canvas()
	if len(c.Overlays().List()) == 0 {
		t.Fatal("no confirmation dialog")
	}
	test.Tap(button(t, c, "Cancel"))
	if _, err := s.Student(it.Student.ID); err != nil {
		t.Fatal("cancelled, yet the student is gone")
	}
	test.Tap(u.student.Delete)
	if !onScreen(c, "Delete "+it.Student.Name()+" and everything recorded about them") {
		t.Fatal("the confirmation does not name what is deleted")
	}
	test.Tap(button(t, c, "Delete for good"))
	if _, err := s.Student(it.Student.ID); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("the student was not deleted: %v", err)
	}
	if u.shown != screen(u.students) {
		t.Error("after deleting, the student list is not shown")
	}
}

func TestReviewListOrderAndDecision(t *testing.T) {
	u, s := newTestUI(t, true)
	u.show(u.review)
	r := u.review
	if len(r.items) < 40 {
		t.Fatalf("%d review items", len(r.items))
	}
	for i := 1; i < len(r.items); i++ {
		if r.items[i].Need < r.items[i-1].Need {
			t.Fatalf("row %d (%s) after %s", i, r.items[i].Need.Label(), r.items[i-1].Need.Label())
		}
	}
	if got := r.cell(0, 0); got != "Needs a change" {
		t.Errorf("first row's need %q", got)
	}
	r.choose(0)
	first, second := r.items[0], r.items[1]
	if r.Decision.Selected != data.DecideIntensify.Label() {
		t.Errorf("proposed decision %q", r.Decision.Selected)
	}
	test.Type(r.Note, "Move to daily sessions")
	test.Tap(r.SaveNext)
	decisions, err := s.Decisions(first.Student.ID)
	if err != nil || len(decisions) == 0 {
		t.Fatal(err)
	}
	d := decisions[len(decisions)-1]
	if d.Decision != data.DecideIntensify || d.Note != "Move to daily sessions" || d.Verdict != data.Intensify || d.Date != testToday {
		t.Errorf("decision %+v", d)
	}
	if plan, _ := s.Plan(first.Plan.ID); plan.Review != data.DefaultReview(testToday) {
		t.Errorf("the plan's review date is %s", plan.Review)
	}
	if r.selected < 0 || r.items[r.selected].Plan.ID != second.Plan.ID {
		t.Error("Save did not move to the next student")
	}
	// The decided plan leaves the top of the re-sorted list: the row
	// highlighted, the detail and the form's heading all name the next.
	name := r.items[r.selected].Student.Name()
	if r.highlighted != r.selected || !strings.HasPrefix(r.Student.Text, name) || r.DecideFor.Text != "Decision for "+name {
		t.Errorf("highlighted row %d, detail row %d: %q, form %q (want %s)", r.highlighted, r.selected, r.Student.Text, r.DecideFor.Text, name)
	}
	for i := 0; i < 3; i++ {
		test.Tap(r.SaveNext)
		name := r.items[r.selected].Student.Name()
		if r.highlighted != r.selected || r.DecideFor.Text != "Decision for "+name {
			t.Errorf("after save %d: highlighted row %d, detail row %d, form %q", i+2, r.highlighted, r.selected, r.DecideFor.Text)
		}
	}
}

func TestFirstRunSetup(t *testing.T) {
	u, s := newTestUI(t, false)
	if u.win.Content() != u.setup.content() {
		t.Fatal("an empty store does not open the setup")
	}
	su := u.setup
	test.Type(su.Name, "Maple Grove School")
	test.Type(su.SchoolCode, "0777")
	test.Tap(su.Create)
	if !strings.Contains(su.Error.Text, "the district code is required") {
		t.Errorf("error %q", su.Error.Text)
	}
	test.Type(su.DistrictCode, "12")
	su.Measures.SetSelected([]string{catalogLabels()[1]})
	test.Tap(su.Create)
	settings, err := s.Settings()
	if err != nil || settings.Name != "Maple Grove School" || settings.K != 10 || settings.Years[0].Label() != "2026-2027" {
		t.Fatalf("settings %+v, %v", settings, err)
	}
	if measures, _ := s.Measures(); len(measures) != 1 || measures[0].Code != catalog.All()[1].Code {
		t.Errorf("the measure picked from the catalog: %+v", measures)
	}
	if u.win.Content() != u.shell {
		t.Error("the main window did not open")
	}
}

func TestScoreWithNoMeasureSaysWhatToDo(t *testing.T) {
	st := data.Student{LocalID: "1001", GivenName: "Ana", FamilyName: "Ruiz", Grade: "03", Sex: data.Female, Race: data.Hispanic}
	u, _ := newTestUI(t, false, func(svc *Services) {
		snap := data.Snapshot{Settings: data.Settings{Name: "Maple", SchoolCode: "1", DistrictCode: "2",
			Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}, K: 10}, Records: data.Records{Students: []data.Student{st}}}
		if err := svc.Store.Initialize(&snap); err != nil {
			t.Fatal(err)
		}
	})
	students, _ := u.svc.Store.Students()
	u.openStudent(students[0].ID)
	test.Type(u.student.ScoreValue, "44")
	test.Tap(u.student.SaveScore)
	if u.student.Saved.Text != noMeasureToSave || !strings.Contains(u.student.Saved.Text, "Settings → Add measure") {
		t.Errorf("saving a score with no measure says %q", u.student.Saved.Text)
	}
}

func TestFirstRunDemo(t *testing.T) {
	u, s := newTestUI(t, false)
	test.Tap(u.setup.Demo)
	students, err := s.Students()
	if err != nil || len(students) < 400 {
		t.Fatalf("%d students, %v", len(students), err)
	}
	if u.school == nil || u.dashboard.NeedsTeam.Text == "" {
		t.Error("the demo school is not shown")
	}
}

func TestCloseWarnsAboutAnUnsavedScoreAndRemembersTheSize(t *testing.T) {
	u, _ := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedMoreData)
	u.openStudent(it.Student.ID)
	test.Type(u.student.ScoreValue, "44")
	u.close()
	if len(u.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("closing over an unsaved score did not ask")
	}
	test.Tap(button(t, u.win.Canvas(), "Cancel"))
	u.student.ScoreValue.SetText("")
	u.win.Resize(fyne.NewSize(1100, 700))
	u.close()
	if w := u.app.Preferences().Float(prefWidth); w != 1100 {
		t.Errorf("remembered width %v", w)
	}
}

func TestBulkEntrySavesTheGroup(t *testing.T) {
	u, s := newTestUI(t, true)
	u.show(u.interventions)
	b := u.interventions.Bulk
	if len(b.Rows) == 0 {
		t.Fatal("no rows for the first interventionist")
	}
	b.Rows[0].Present.SetChecked(false)
	test.Type(b.Rows[1].Score, "61")
	test.Tap(b.Save)
	if !strings.HasPrefix(b.Done.Text, fmt.Sprintf("Saved %d sessions and 1 score ", len(b.Rows))) {
		t.Fatalf("done %q", b.Done.Text)
	}
	sessions, _ := s.Sessions(b.Rows[0].Plan.ID)
	last := sessions[len(sessions)-1]
	if last.Date != testToday || last.Present {
		t.Errorf("the absent row: %+v", last)
	}
	// A bad score anywhere saves nothing.
	before := len(u.school.wholeSnapshot().Sessions)
	test.Type(b.Rows[2].Score, "abc")
	test.Tap(b.Save)
	if !strings.Contains(b.Done.Text, `"abc" is not a number`) || len(u.school.wholeSnapshot().Sessions) != before {
		t.Errorf("after a bad score: %q, %d sessions (was %d)", b.Done.Text, len(u.school.wholeSnapshot().Sessions), before)
	}
}

func TestEscapeClosesDialogs(t *testing.T) {
	u, _ := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedIntensify)
	u.openStudent(it.Student.ID)
	d := changeTierDialog(u, it.Student)
	c := u.win.Canvas()
	if len(c.Overlays().List()) != 1 {
		t.Fatal("the dialog did not open")
	}
	reason := d.fields["reason"]
	c.Focus(reason)
	reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(c.Overlays().List()) != 0 {
		t.Error("Escape in a field did not close the dialog")
	}
	test.Tap(u.student.Withdraw)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(c.Overlays().List()) != 0 || len(u.dialogs) != 0 {
		t.Error("Escape did not close the confirmation")
	}
}

func TestImportScreenChecksThenImports(t *testing.T) {
	u, s := newTestUI(t, true)
	im := u.imports
	u.show(im)
	students := u.school.snap.Students
	var active []data.Student
	for _, st := range students {
		if !st.Withdrawn {
			active = append(active, st)
		}
	}
	file := filepath.Join(t.TempDir(), "vendor.csv")
	content := "Student Number,Test Date,WCPM,Errors\n" +
		active[0].LocalID + ",11/20/2026,88,2\n" +
		active[1].LocalID + ",2026-11-20,abc,0\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	im.Kind.SetSelected(importScores)
	im.Measure.SetSelected("ORF")
	im.setPath(file)
	if im.mapping["local_id"].Selected != "Student Number" || im.mapping["date"].Selected != "Test Date" || im.mapping["value"].Selected != "WCPM" {
		t.Fatalf("guessed mapping: %s %s %s", im.mapping["local_id"].Selected, im.mapping["date"].Selected, im.mapping["value"].Selected)
	}
	test.Tap(im.Check)
	if !strings.Contains(im.Summary.Text, "1 refused") || len(im.problemRows) != 1 || !strings.Contains(im.problemRows[0], `vendor.csv line 3, column WCPM: "abc" is not a number`) {
		t.Fatalf("check: %q %v", im.Summary.Text, im.problemRows)
	}
	if !im.Import.Disabled() {
		t.Fatal("Import is enabled despite a refused row")
	}
	before := len(u.school.snap.Scores)
	im.SkipBad.SetChecked(true)
	if im.Import.Disabled() {
		t.Fatal("skipping bad rows did not enable Import")
	}
	test.Tap(im.Import)
	if !strings.HasPrefix(im.Summary.Text, "Imported 1 record:") || len(u.school.snap.Scores) != before+1 {
		t.Fatalf("after import: %q, %d scores (was %d)", im.Summary.Text, len(u.school.snap.Scores), before)
	}
	scores, _ := s.StudentScores(active[0].ID)
	found := false
	for _, sc := range scores {
		found = found || (sc.Date == data.NewDate(2026, 11, 20) && sc.Value == 88 && sc.Errors == 2 && sc.Kind == data.Screening)
	}
	if !found {
		t.Error("the imported score is not in the store")
	}
	// The same file again: nothing left to import.
	im.setPath(file)
	test.Tap(im.Check)
	if !strings.Contains(im.Summary.Text, "1 unchanged") {
		t.Errorf("second check: %q", im.Summary.Text)
	}
}

func TestTheAppBacksUpOnceADay(t *testing.T) {
	u, s := newTestUI(t, true)
	backups, err := filepath.Glob(filepath.Join(s.BackupsDir(), "tierline-daily-*.db"))
	if err != nil || len(backups) != 1 || !strings.Contains(backups[0], testToday.String()) {
		t.Fatalf("backups after start: %v %v", backups, err)
	}
	if !strings.Contains(u.settings.DataStatus.Text, "Today's automatic backup") {
		t.Errorf("settings say %q", u.settings.DataStatus.Text)
	}
	if err := store.VerifyBackup(backups[0]); err != nil {
		t.Fatal(err)
	}
}

// Screens not on show are brought up to date when they are next shown,
// not at every save.
func TestHiddenScreensCatchUpWhenShown(t *testing.T) {
	u, s := newTestUI(t, true)
	u.show(u.students)
	before := len(u.students.rows)
	u.show(u.dashboard)
	st := data.Student{LocalID: "99001", GivenName: "Noor", FamilyName: "Haddad", Grade: "02", Sex: data.Female, Race: data.Asian}
	u.save(func() error { return s.SaveStudent(&st) }, nil, nil)
	if len(u.students.rows) != before || !u.stale[u.students] {
		t.Fatal("a hidden screen was rebuilt at the save")
	}
	u.show(u.students)
	if len(u.students.rows) != before+1 {
		t.Fatalf("after showing it again: %d rows, want %d", len(u.students.rows), before+1)
	}
}

func TestTheStudentScreenShowsTheGapToTheSpringBenchmark(t *testing.T) {
	u, _ := newTestUI(t, true)
	it := u.school.review[0]
	u.openStudent(it.Student.ID)
	if !strings.Contains(u.student.Gap.Text, " screening: ") || !strings.Contains(u.student.Gap.Text, "benchmark. Gap: Reaching the spring benchmark of ") ||
		!strings.Contains(u.student.Gap.Text, " a week for ") {
		t.Fatalf("gap line %q", u.student.Gap.Text)
	}
}

// Meeting mode enlarges the chart and keeps every column of the list.
func TestMeetingModeEnlargesTheChartAndTheTable(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.show(u.review)
	r := u.review
	r.choose(0)
	chartBefore, tableBefore := r.Chart.Size(), r.Table.Size()
	r.Meeting.SetChecked(true)
	chartAfter, tableAfter := r.Chart.Size(), r.Table.Size()
	if chartAfter.Width*chartAfter.Height <= chartBefore.Width*chartBefore.Height {
		t.Errorf("the chart went from %v to %v", chartBefore, chartAfter)
	}
	columns := columnsWidth(reviewColumns) * r.columnScale
	if tableAfter.Width <= tableBefore.Width || tableAfter.Width < columns || r.columnScale <= 1 {
		t.Errorf("the list went from %v to %v; its columns need %.0f", tableBefore, tableAfter, columns)
	}
	r.Meeting.SetChecked(false)
	if r.Chart.Size() != chartBefore {
		t.Errorf("leaving meeting mode: chart %v, was %v", r.Chart.Size(), chartBefore)
	}
}

// A session can be logged for any date, and a typo in the date is refused in words.
func TestASessionForAnyDate(t *testing.T) {
	u, s := newTestUI(t, true)
	it := u.school.review[0]
	u.openStudent(it.Student.ID)
	p := u.student.Sessions
	p.Plan.SetSelected(u.loaded().interventionName(it.Plan.Current().Intervention))
	before, _ := s.Sessions(it.Plan.ID)
	p.Date.SetText("2026-13-45")
	test.Tap(p.Delivered)
	if after, _ := s.Sessions(it.Plan.ID); len(after) != len(before) || !strings.Contains(p.Done.Text, "not a calendar date") {
		t.Fatalf("a bad date: %q, %d sessions (was %d)", p.Done.Text, len(after), len(before))
	}
	p.Date.SetText("11/18/2026")
	test.Tap(p.Absent)
	after, _ := s.Sessions(it.Plan.ID)
	found := false
	for _, ss := range after {
		found = found || ss.Date == data.NewDate(2026, 11, 18) && !ss.Present
	}
	if !found || p.Done.Text != "Logged an absence on 18 Nov 2026." {
		t.Errorf("the absence of 18 Nov: %q, found %v", p.Done.Text, found)
	}
}

// The dashboard says why "needs the team" and "reviews due" differ; a
// placeholder never looks like a value.
func TestTheDashboardExplainsItsCounts(t *testing.T) {
	u, _ := newTestUI(t, true)
	if !strings.Contains(u.dashboard.NeedsTeam.Text, "whatever their review date") {
		t.Errorf("dashboard: %q", u.dashboard.NeedsTeam.Text)
	}
	u.openStudent(u.school.review[0].Student.ID)
	d := changeTierDialog(u, u.student.student)
	if by := d.fields["decided by"]; !strings.HasPrefix(by.PlaceHolder, "who decided") {
		t.Errorf("decided by's placeholder %q", by.PlaceHolder)
	}
}

func TestSettingsAddsAPublishedMeasure(t *testing.T) {
	u, s := newTestUI(t, true)
	u.show(u.settings)
	e := catalog.All()[0]
	u.settings.Catalog.SetSelected(catalogLabel(e))
	if u.settings.Catalog.Selected != "" {
		t.Error("the catalog choice stays selected")
	}
	test.Tap(button(t, u.win.Canvas(), "Add"))
	m, err := s.MeasureByName(e.Name)
	if err != nil || m.Code != e.Code || len(m.Cuts) != len(e.Cuts) {
		t.Fatalf("the published measure: %+v, %v", m, err)
	}
}

func TestImportRosterAsksAboutAnotherSchoolAndGivesAGrade(t *testing.T) {
	u, s := newTestUI(t, true) // Oak Street Elementary
	im := u.imports
	u.show(im)
	im.Kind.SetSelected(importRoster)
	im.setPath("../data/importer/testdata/rosters/no-grades-1p1")
	test.Tap(im.Check)
	if !strings.Contains(im.Summary.Text, "has no column grades") {
		t.Fatalf("no grades: %q", im.Summary.Text)
	}
	im.Grade.SetSelected(data.Grade("03").Label())
	test.Tap(im.Check)
	if !strings.Contains(im.Summary.Text, "this roster is of Maple Grove Elementary") {
		t.Fatalf("another school: %q", im.Summary.Text)
	}
	test.Tap(button(t, u.win.Canvas(), "Check it anyway"))
	if !strings.Contains(im.Summary.Text, "2 to add") || len(im.problemRows) < 2 || !strings.HasPrefix(im.problemRows[0], "Note: 2 students have no grade") {
		t.Fatalf("confirmed: %q %q", im.Summary.Text, im.problemRows)
	}
	before, _ := s.Students()
	test.Tap(im.Import)
	after, _ := s.Students()
	if len(after) != len(before)+2 {
		t.Errorf("%d students after the import, want %d", len(after), len(before)+2)
	}
}

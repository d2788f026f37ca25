package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/store"
)

// studentScreen answers "is this working for this child?": the verdict,
// the chart, fast score entry, plans, sessions, tier history and decisions.
type studentScreen struct {
	ui      host
	id      data.ID
	student data.Student
	sc      *school
	measure data.Measure
	// measures of the Measure select, by label
	measures map[string]data.Measure

	Title, Flags, TierLine *widget.Label
	ChangeTier, AddPlan    *widget.Button
	Edit, Withdraw, Delete *widget.Button
	FamilyReport           *widget.Button
	Measure                *widget.Select
	Verdict                *verdictCard
	Gap                    *widget.Label // the gap to the spring benchmark
	Chart                  *chartView

	ScoreDate, ScoreValue, ScoreErrors *entry
	ScoreKind                          *widget.Select
	SaveScore                          *widget.Button
	Saved                              *widget.Label

	Tabs      *container.AppTabs
	Plans     *planList
	Sessions  *sessionPanel
	History   *widget.List
	UndoTier  *widget.Button
	Decisions *widget.List
	Decide    *widget.Button
	Scores    *widget.List
	DelScore  *widget.Button

	history   []data.TierChange
	decisions []data.Decision
	scores    []data.Score
	scoreSel  int
	chartPlan data.ID     // the plan picked in the Plans tab, whose chart shows
	team      teamAuthors // who entered what, in a team: student_team.go
	box       fyne.CanvasObject
}

// studentChartMinHeight is the Student chart's least height, in Fyne units.
const studentChartMinHeight = 280

const (
	kindProgress  = "Progress monitoring"
	kindScreening = "Screening"
)

func newStudentScreen(u host) *studentScreen {
	s := &studentScreen{ui: u, Title: heading(""), Flags: widget.NewLabel(""), TierLine: widget.NewLabel(""),
		Verdict: newVerdictCard(), Gap: widget.NewLabel(""), Saved: widget.NewLabel(""), scoreSel: -1, measures: map[string]data.Measure{}}
	// Tall enough for a plot a teacher can read (about 160 px under the
	// title, legend and axes) where the window is short: the screen
	// scrolls instead. It grows with the window.
	s.Chart = newChartView(u, fyne.NewSize(480, studentChartMinHeight))
	s.ChangeTier = widget.NewButton("Change tier", func() { changeTierDialog(u, s.student) })
	s.AddPlan = widget.NewButton("Add plan", func() { planDialog(u, s.student, nil, s.measure) })
	s.Edit = widget.NewButton("Edit", func() { editStudent(u, s.student) })
	s.Withdraw = widget.NewButton("Withdraw", s.withdraw)
	s.Delete = widget.NewButton("Delete", s.delete)
	s.Delete.Importance = widget.DangerImportance
	s.FamilyReport = widget.NewButton("Family report (PDF)…", s.askFamilyReport)
	s.Measure = widget.NewSelect(nil, func(label string) {
		if m, ok := s.measures[label]; ok && s.sc != nil && m.ID != s.measure.ID {
			s.measure = m
			s.show()
		}
	})

	s.ScoreDate = dateEntry(u.today())
	s.ScoreValue = numberEntry("score", false)
	s.ScoreErrors = numberEntry("errors (optional)", true)
	s.ScoreKind = widget.NewSelect([]string{kindProgress, kindScreening}, nil)
	s.ScoreKind.SetSelected(kindProgress)
	s.SaveScore = widget.NewButton("Save score", s.saveScore)
	s.SaveScore.Importance = widget.HighImportance
	for _, e := range []*entry{s.ScoreDate, s.ScoreValue, s.ScoreErrors} {
		e.OnSubmitted = func(string) { s.saveScore() }
	}
	scoreRow := container.NewBorder(nil, nil, widget.NewLabel("Add score:"), s.SaveScore,
		container.NewGridWithColumns(4, s.ScoreDate.withProblem(), s.ScoreValue.withProblem(), s.ScoreErrors.withProblem(), s.ScoreKind))

	s.Plans = newPlanList(u, s)
	s.Sessions = newSessionPanel(u, s)
	s.History = widget.NewList(func() int { return len(s.history) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := s.history[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s · Tier %d → Tier %d · %s · %s", c.Date.Short(), c.From, c.To, orDash(c.Reason), orDash(c.DecidedBy)) +
				s.team.by(s.team.entered.TierChanges[c.ID]))
		})
	s.UndoTier = widget.NewButton("Undo the last change", s.undoTier)
	s.Decisions = widget.NewList(func() int { return len(s.decisions) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		d := s.decisions[i]
		text := fmt.Sprintf("%s · %s (verdict shown: %s)", d.Date.Short(), d.Decision.Label(), orDash(d.Verdict.Headline()))
		if !d.NextReview.IsZero() {
			text += " · next review " + d.NextReview.Short()
		}
		text += s.team.by(s.team.entered.Decisions[d.ID])
		if d.Note != "" {
			text += "\n" + d.Note
		}
		o.(*widget.Label).SetText(text)
		s.Decisions.SetItemHeight(i, o.MinSize().Height)
	})
	s.Decide = widget.NewButton("Record a decision", func() { decisionDialog(u, s.student, s.activePlan(), s.currentVerdict()) })
	s.Scores = widget.NewList(func() int { return len(s.scores) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			sc := s.scores[i]
			text := fmt.Sprintf("%s · %s %s · %s", sc.Date.Short(), trimNumber(sc.Value), s.measure.Unit, sc.Kind)
			if acc, ok := sc.Accuracy(); ok {
				text += fmt.Sprintf(" · %d errors (%.0f%% accuracy)", sc.Errors, 100*acc)
			}
			text += s.team.by(s.team.entered.Scores[store.ScoreSlot{Measure: sc.Measure, Date: sc.Date, Kind: sc.Kind}])
			o.(*widget.Label).SetText(text)
		})
	s.Scores.OnSelected = func(i widget.ListItemID) { s.scoreSel = i; s.DelScore.Enable() }
	s.DelScore = widget.NewButton("Delete the selected score", s.deleteScore)
	s.DelScore.Disable()

	s.Tabs = container.NewAppTabs(
		container.NewTabItem("Plans", s.Plans.box),
		container.NewTabItem("Sessions", s.Sessions.box),
		container.NewTabItem("Tier history", container.NewBorder(nil, container.NewHBox(s.UndoTier), nil, nil, s.History)),
		container.NewTabItem("Decisions", container.NewBorder(nil, container.NewHBox(s.Decide), nil, nil, s.Decisions)),
		container.NewTabItem("Scores", container.NewBorder(nil, container.NewHBox(s.DelScore), nil, nil, s.Scores)),
	)
	actions := container.NewHBox(s.ChangeTier, s.AddPlan, s.Edit, s.Withdraw, s.Delete)
	header := container.NewVBox(container.NewBorder(nil, nil, nil, actions, s.Title), s.Flags,
		container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Measure:"), s.Measure, s.FamilyReport), s.TierLine))
	s.Gap.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(container.NewVBox(header, widget.NewSeparator(), s.Verdict.content, s.Gap), container.NewVBox(scoreRow, s.Saved), nil, nil, s.Chart)
	split := container.NewVSplit(top, s.Tabs)
	split.Offset = 0.8
	s.box = split
	return s
}

func (s *studentScreen) content() fyne.CanvasObject { return s.box }

// open shows a student; the school already loaded has their records.
func (s *studentScreen) open(id data.ID) {
	if s.id != id {
		s.measure = data.Measure{}
		s.chartPlan = data.ID{}
		s.Saved.SetText("")
		s.ScoreValue.SetText("")
		s.ScoreErrors.SetText("")
	}
	s.id = id
	if s.ui.loaded() != nil {
		s.refresh(s.ui.loaded())
	}
}

func (s *studentScreen) refresh(sc *school) {
	st, ok := sc.students[s.id]
	if !ok {
		return
	}
	s.sc, s.student = sc, st
	measures := sc.measuresOf(st.ID)
	labels := make([]string, len(measures))
	s.measures = map[string]data.Measure{}
	found := false
	for i, m := range measures {
		labels[i] = m.Name
		s.measures[m.Name] = m
		found = found || m.ID == s.measure.ID
	}
	if !found && len(measures) > 0 {
		s.measure = measures[0]
	}
	s.Measure.SetOptions(labels)
	s.Measure.SetSelected(s.measure.Name)
	s.show()
}

// pickPlan shows a plan's chart and verdict (its measure's), an ended one too.
func (s *studentScreen) pickPlan(p data.Plan) {
	s.chartPlan = p.ID
	if m, ok := s.sc.measures[p.Goal.Measure]; ok && m.ID != s.measure.ID {
		s.measure = m
		s.Measure.SetSelected(m.Name)
	}
	s.show()
}

// show fills the screen for the student and measure.
func (s *studentScreen) show() {
	sc, st := s.sc, s.student
	withdrawn := ""
	if st.Withdrawn {
		withdrawn = " · withdrawn " + st.WithdrawnOn.Short()
	}
	s.Title.SetText(fmt.Sprintf("%s · %s · #%s%s", st.Name(), st.Grade.Label(), st.LocalID, withdrawn))
	flags := []string{st.Race.Label()}
	for _, f := range []struct {
		on   bool
		text string
	}{{st.EnglishLearner, "English learner"}, {st.Disability, "Student with a disability (IEP)"}, {st.Section504, "Section 504"}, {st.EconDisadvantaged, "Econ. disadvantaged"}} {
		if f.on {
			flags = append(flags, f.text)
		}
	}
	for _, g := range st.CustomGroups {
		flags = append(flags, "Group: "+g)
	}
	s.Flags.SetText(strings.Join(flags, " · "))
	s.history = sc.historyOf(st.ID)
	tier := sc.tier(st.ID)
	since := ""
	if len(s.history) > 0 {
		since = " since " + s.history[0].Date.Short()
	}
	s.TierLine.SetText(tier.Label() + since)
	s.UndoTier.Disable()
	if len(s.history) > 0 {
		s.UndoTier.Enable()
	}
	s.History.Refresh()
	s.decisions = sc.decisionsOf(st.ID)
	s.Decisions.Refresh()
	if s.team.student != st.ID {
		s.team = teamAuthors{}
	}
	s.loadEnteredBy()
	s.Plans.show(sc, st)
	s.Sessions.show(sc, st)
	if s.measure.ID == (data.ID{}) {
		s.Verdict.set(analysis.Verdict{Kind: data.CollectMoreData, Explanation: "The school has no measures yet: add one in Settings."}, analysis.Fidelity{})
		return
	}
	input := sc.studentInput(st, s.measure)
	for _, p := range input.Plans {
		if p.ID == s.chartPlan && p.Goal.Measure == s.measure.ID {
			input.Plans = []data.Plan{p} // the plan picked in the Plans tab
			break
		}
	}
	sp := analysis.AnalyzeStudent(input)
	s.Verdict.set(sp.Current.Verdict, sp.Current.Fidelity)
	s.scores = newestFirst(analysis.ScoresOf(sc.snap.Scores, st.ID), func(score data.Score) bool { return score.Measure == s.measure.ID })
	s.Gap.SetText(gapLine(s.measure, st, s.scores, sc))
	s.scoreSel = -1
	s.DelScore.Disable()
	s.Scores.UnselectAll()
	s.Scores.Refresh()
	var others []charts.PlanNames // the student's other plans on the measure: their phase lines too
	for _, p := range sc.plansByStudent[st.ID] {
		if p.Goal.Measure == s.measure.ID && (sp.Plan == nil || p.ID != sp.Plan.ID) {
			others = append(others, charts.PlanNames{Plan: p, Names: p.PhaseNames(sc.snap.Interventions)})
		}
	}
	in := charts.StudentInput{Progress: sp, Settings: sc.snap.Settings, AsOf: sc.today, PhaseNames: sp.Plan.PhaseNames(sc.snap.Interventions), NoCaption: true, OtherPlans: others,
		From: sc.year().Start, Earlier: analysis.ScoresOutside(s.scores, sp.Plan)}
	s.Chart.SetChart(func(size charts.Size) (*charts.Chart, error) { return charts.Student(in, size) })
}

// gapLine places the latest screening in its benchmark band, then runs
// the gap analysis on the latest score (scores newest first): how far the
// student is from the spring benchmark, and the growth a week it takes.
func gapLine(m data.Measure, st data.Student, scores []data.Score, sc *school) string {
	if len(scores) == 0 {
		return "No " + m.Name + " score yet to compare with the benchmarks."
	}
	line := ""
	for _, w := range slices.Backward(analysis.StartedWindows(sc.snap.Settings, sc.today)) {
		if screening, ok := analysis.WindowScore(scores, m.ID, w.Year.Window(w.Window)); ok {
			line = fmt.Sprintf("%s screening: %s %s, %s. ", w.Label(), trimNumber(screening.Value), m.Unit, analysis.BandOfScore(m, screening, w.Window))
			break
		}
	}
	gap, err := analysis.AnalyzeGap(m, st.Grade, scores[0].Value, sc.today, sc.year())
	if err != nil {
		return line + data.ErrorMessage(err) + "."
	}
	return line + "Gap: " + gap.Sentence(m.Unit)
}

// activePlan returns the student's active plan on the shown measure, or any active plan.
func (s *studentScreen) activePlan() *data.Plan {
	var any *data.Plan
	for _, p := range s.sc.plansOf(s.student.ID) {
		if p.Status == data.Active {
			if p.Goal.Measure == s.measure.ID {
				return &p
			}
			if any == nil {
				any = &p
			}
		}
	}
	return any
}

func (s *studentScreen) currentVerdict() data.VerdictKind {
	if s.measure.ID == (data.ID{}) {
		return ""
	}
	return analysis.AnalyzeStudent(s.sc.studentInput(s.student, s.measure)).Current.Verdict.Kind
}

// noMeasureToSave says why a score cannot be saved yet, and what to do.
const noMeasureToSave = "Not saved: the school has no measures yet. Add one in Settings → Add measure " +
	"(or pick a published one such as DIBELS 8 ORF from the catalog), then enter the score again."

// saveScore stores the typed score; Enter in any score field does the same.
func (s *studentScreen) saveScore() {
	s.Saved.SetText("")
	if s.measure.ID == (data.ID{}) {
		s.Saved.SetText(noMeasureToSave)
		return
	}
	fields := map[string]*entry{"date": s.ScoreDate, "value": s.ScoreValue, "errors": s.ScoreErrors}
	for _, e := range fields {
		e.setProblem(nil)
	}
	line := scoreLine{Date: s.ScoreDate.Text, Value: s.ScoreValue.Text, Errors: s.ScoreErrors.Text, Screening: s.ScoreKind.Selected == kindScreening}
	score, err := line.score(s.student, s.measure)
	if err != nil {
		s.scoreError(fields, err)
		return
	}
	st, m := s.student, s.measure
	s.SaveScore.Disable()
	s.ui.saveStudent(st.ID, func() error { return s.ui.store().SaveScore(score) }, func() {
		s.SaveScore.Enable()
		s.ScoreValue.SetText("")
		s.ScoreErrors.SetText("")
		s.Saved.SetText(fmt.Sprintf("Saved %s %s for %s, %s.", trimNumber(score.Value), m.Unit, st.ShortName(), score.Date.Short()))
		s.ui.window().Canvas().Focus(s.ScoreValue)
	}, func(err error) {
		s.SaveScore.Enable()
		s.scoreError(fields, err)
	})
}

// scoreError shows the error under the field it names (the score when it
// names none) and in the line under the score row.
func (s *studentScreen) scoreError(fields map[string]*entry, err error) {
	var e *data.Error
	at := s.ScoreValue
	if errors.As(err, &e) && fields[e.Field] != nil {
		at = fields[e.Field]
	}
	at.setProblem(err)
	s.Saved.SetText("Not saved: " + problemText(err))
}

// unsaved describes a typed score not yet saved ("" when there is none).
func (s *studentScreen) unsaved() string {
	if v := strings.TrimSpace(s.ScoreValue.Text); v != "" && s.student.ID != (data.ID{}) {
		return fmt.Sprintf("A score of %s for %s", v, s.student.ShortName())
	}
	return ""
}

func (s *studentScreen) deleteScore() {
	if s.scoreSel < 0 || s.scoreSel >= len(s.scores) {
		return
	}
	sc := s.scores[s.scoreSel]
	s.ui.confirm("Delete score", fmt.Sprintf("Delete the %s score of %s %s from %s for %s?", sc.Kind, trimNumber(sc.Value), s.measure.Unit, sc.Date.Short(), s.student.Name()),
		"Delete", func() { s.ui.saveStudent(sc.Student, func() error { return s.ui.store().DeleteScore(sc) }, nil, nil) })
}

func (s *studentScreen) undoTier() {
	if len(s.history) == 0 {
		return
	}
	last := s.history[0]
	s.ui.confirm("Undo tier change", fmt.Sprintf("Remove the change of %s from Tier %d to Tier %d for %s? %s goes back to Tier %d.",
		last.Date.Short(), last.From, last.To, s.student.Name(), s.student.GivenName, last.From),
		"Undo", func() {
			s.ui.saveStudent(s.student.ID, func() error { return s.ui.store().UndoTierChange(s.student.ID) }, nil, nil)
		})
}

func (s *studentScreen) withdraw() {
	st := s.student
	s.ui.confirm("Withdraw student", fmt.Sprintf("Withdraw %s from today? Their scores, plans and history stay in Tierline; they leave the roster and the counts.", st.Name()),
		"Withdraw", func() {
			s.ui.saveStudent(st.ID, func() error { return s.ui.store().WithdrawStudent(st.ID, s.ui.today()) }, nil, nil)
		})
}

// delete removes the student after a confirmation that names everything that goes.
func (s *studentScreen) delete() {
	st, sc := s.student, s.sc
	plans := sc.plansOf(st.ID)
	sessions := 0
	for _, p := range plans {
		sessions += len(sc.sessionsOf(p.ID))
	}
	q := fmt.Sprintf("Delete %s and everything recorded about them: %d scores, %d plans with %d sessions, %d tier changes and %d decisions? "+
		"This cannot be undone. To keep the history, withdraw the student instead.",
		st.Name(), len(analysis.ScoresOf(sc.snap.Scores, st.ID)), len(plans), sessions, len(sc.historyOf(st.ID)), len(sc.decisionsOf(st.ID)))
	s.ui.confirm("Delete student", q, "Delete for good", func() {
		s.ui.saveStudent(st.ID, func() error { return s.ui.store().DeleteStudent(st.ID) }, func() { s.ui.showPage(studentsPage) }, nil)
	})
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// trimNumber shows a score without trailing zeros: 52, 52.5.
func trimNumber(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

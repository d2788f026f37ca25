package report

import (
	"fmt"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/store"
)

// FamilyRequest asks for a student's family report.
type FamilyRequest struct {
	Student data.ID
	// Measure is the measure reported on; zero: the measure of the
	// student's active plan, else of their latest score.
	Measure data.ID
	Lang    Lang
	Today   data.Date
}

// Family writes the one-page family report of a student, for a family or
// IEP meeting: the verdict in plain words, the chart of the school year,
// the goal and the sessions delivered.
func Family(s *store.Store, req FamilyRequest) ([]byte, error) {
	st, err := s.Student(req.Student)
	if err != nil {
		return nil, err
	}
	m, err := reportedMeasure(s, st, req.Measure)
	if err != nil {
		return nil, err
	}
	in, err := s.StudentInput(st.ID, m, req.Today)
	if err != nil {
		return nil, err
	}
	ivs, err := s.Interventions()
	if err != nil {
		return nil, err
	}
	sp := analysis.AnalyzeStudent(in)
	names := sp.Plan.PhaseNames(ivs)
	year := in.Settings.CurrentYear(req.Today)
	w := words{req.Lang}
	c, err := charts.Student(charts.StudentInput{Progress: sp, Settings: in.Settings, AsOf: req.Today, PhaseNames: names, NoCaption: true,
		From: year.Start, Earlier: analysis.ScoresOutside(in.Scores, sp.Plan), OtherPlans: otherPlans(in.Plans, sp.Plan, m, ivs), Words: w.chart(st.Grade)}, chartSize)
	if err != nil {
		return nil, err
	}
	d := newDocument(w.f(msgTitle, st.Name()), req.Lang, req.Today)
	d.pdf.AddPage()
	if err := familyPage(d, w, familyFacts{student: st, school: in.Settings.Name, measure: m, progress: sp, phaseNames: names, scores: in.Scores, today: req.Today}, c); err != nil {
		return nil, fmt.Errorf("family report of %s: %w", st.Name(), err)
	}
	return d.bytes()
}

// otherPlans are the student's plans on m other than the one shown, for
// their phase lines on the year's chart.
func otherPlans(plans []data.Plan, shown *data.Plan, m data.Measure, ivs []data.Intervention) []charts.PlanNames {
	var out []charts.PlanNames
	for _, p := range plans {
		if p.Goal.Measure == m.ID && (shown == nil || p.ID != shown.ID) {
			out = append(out, charts.PlanNames{Plan: p, Names: p.PhaseNames(ivs)})
		}
	}
	return out
}

// reportedMeasure is the measure asked for, else the active plan's, else
// the latest score's, else the school's first.
func reportedMeasure(s *store.Store, st data.Student, want data.ID) (data.Measure, error) {
	measures, err := s.Measures()
	if err != nil {
		return data.Measure{}, err
	}
	byID := map[data.ID]data.Measure{}
	for _, m := range measures {
		byID[m.ID] = m
	}
	if want != (data.ID{}) {
		if m, ok := byID[want]; ok {
			return m, nil
		}
		return data.Measure{}, data.Errorf(data.ENOTFOUND, "the measure asked for is not in the school's measures")
	}
	plans, err := s.StudentPlans(st.ID)
	if err != nil {
		return data.Measure{}, err
	}
	var active *data.Plan // the latest started, when there are several
	for i, p := range plans {
		if p.Status == data.Active && (active == nil || p.Start().After(active.Start())) {
			active = &plans[i]
		}
	}
	if active != nil {
		if m, ok := byID[active.Goal.Measure]; ok {
			return m, nil
		}
	}
	scores, err := s.StudentScores(st.ID)
	if err != nil {
		return data.Measure{}, err
	}
	var latest data.Score
	for _, sc := range scores {
		if _, ok := byID[sc.Measure]; ok && !sc.Date.Before(latest.Date) {
			latest = sc
		}
	}
	if m, ok := byID[latest.Measure]; ok {
		return m, nil
	}
	if len(measures) == 0 {
		return data.Measure{}, data.Errorf(data.ENOTFOUND, "the school has no measures yet: add one before writing a report")
	}
	return measures[0], nil
}

// familyFacts are what the family page says.
type familyFacts struct {
	student    data.Student
	school     string
	measure    data.Measure
	progress   analysis.StudentProgress
	phaseNames []string
	scores     []data.Score // on the measure, every kind
	today      data.Date
}

func familyPage(d *document, w words, f familyFacts, c *charts.Chart) error {
	st, sp, m := f.student, f.progress, f.measure
	given := st.GivenName
	d.text(w.f(msgTitle, st.Name()), 20, true)
	d.grey(w.f(msgSchoolLine, f.school, w.grade(st.Grade), w.date(f.today)), 10)
	d.gap(4)

	d.text(w.f(msgHowIsDoing, given), 13, true)
	d.gap(1.5)
	v := sp.Current.Verdict
	if sp.Plan == nil {
		d.verdictBox(data.CollectMoreData, msgNoPlanHead.in(w.lang), []string{w.f(msgNoPlan, given, m.Name), latestLine(w, sp, f.scores)})
	} else {
		lines := []string{w.f(msgVerdict[v.Kind], given)}
		if v.FidelityWarning {
			lines = append(lines, w.f(msgFewerSessions, given))
		}
		lines = append(lines, latestLine(w, sp, f.scores))
		if pr := sp.Current.Projection; pr.OK && !sp.Current.Due.IsZero() {
			lines = append(lines, w.f(msgProjection, given, wholeNumber(pr.Value), w.date(sp.Current.Due), wholeNumber(sp.Current.Target)))
		}
		d.verdictBox(v.Kind, msgHeadline[v.Kind].in(w.lang), lines)
	}
	d.gap(3)

	if err := d.chart(c); err != nil {
		return err
	}
	d.grey(w.f(msgChartWords, given), 9)

	if sp.Plan != nil {
		cur := sp.Current
		d.gap(3)
		d.text(msgTheGoal.in(w.lang), 13, true)
		d.text(w.f(msgGoal, w.date(cur.Due), w.amount(cur.Target, m), m.Name), 11, false)
		if cur.BaselineSource != "" {
			d.text(w.f(msgGoalStart, w.amount(cur.Baseline, m)), 11, false)
		}
		d.gap(3)
		d.text(msgTheSupport.in(w.lang), 13, true)
		supportLines(d, w, f)
	}
	d.gap(4)
	d.rule()
	d.gap(2)
	if sp.Plan != nil && sp.Plan.Interventionist != "" {
		d.grey(w.f(msgQuestions, sp.Plan.Interventionist), 9)
	} else {
		d.grey(msgQuestionsNo.in(w.lang), 9)
	}
	d.grey(w.f(msgPrepared, w.date(f.today)), 9)
	return d.fits()
}

// latestLine says the latest score on the measure, a screening too, or
// that there is none yet.
func latestLine(w words, sp analysis.StudentProgress, scores []data.Score) string {
	if len(scores) == 0 {
		return msgNoScores.in(w.lang)
	}
	last := scores[0]
	for _, sc := range scores {
		if !sc.Date.Before(last.Date) {
			last = sc
		}
	}
	return w.f(msgLatest, w.amount(last.Value, sp.Measure), w.date(last.Date))
}

// supportLines says what the plan gives and how much of it took place.
func supportLines(d *document, w words, f familyFacts) {
	sp := f.progress
	ph := sp.Plan.Phases[sp.CurrentIdx]
	name := ""
	if sp.CurrentIdx < len(f.phaseNames) {
		name = f.phaseNames[sp.CurrentIdx]
	}
	who := sp.Plan.Interventionist
	d.text(w.f(msgSupport, name, ph.SessionsPerWeek, ph.MinutesPerSession, who, w.date(ph.Start)), 11, false)
	fid := sp.Fidelity
	if !fid.Measured() {
		d.text(w.f(msgNotYetDue, fid.Present), 11, false)
		return
	}
	planned := int(fid.PlannedSessions + 0.5)
	d.text(w.f(msgDelivered, fid.Present, planned, int(analysis.Percent(fid.SessionRate()))), 11, false)
	if fid.Logged > fid.Present {
		d.text(w.f(msgAttended, f.student.GivenName, fid.Present, fid.Logged), 11, false)
	}
}

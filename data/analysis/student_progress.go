package analysis

import (
	"bytes"
	"slices"

	"github.com/tierline/tierline/data"
)

// StudentInput is everything known about one student that the progress of
// one measure depends on.
type StudentInput struct {
	Settings data.Settings
	Student  data.Student
	Measure  data.Measure
	Scores   []data.Score // the student's scores (any measure; others are ignored)
	Plans    []data.Plan  // the student's plans (any measure)
	Sessions []data.Session
	AsOf     data.Date
	Method   TrendMethod
	Weeks    WeekSet
}

// PhaseView is one analysed phase of a plan.
type PhaseView struct {
	Index        int
	Intervention data.ID
	Note         string
	PhaseProgress
}

// StudentProgress is a student's progress on one measure: the plan whose
// goal is on that measure (or none), every phase analysed, and the verdict
// of the phase in force.
type StudentProgress struct {
	Student     data.Student
	Measure     data.Measure
	Plan        *data.Plan
	Phases      []PhaseView
	Current     PhaseProgress // the phase in force on AsOf (the last phase of an ended plan)
	CurrentIdx  int           // the index of Current in Plan.Phases
	WithoutPlan bool
	Screening   []data.Score // screening scores on the measure, for the chart
	Fidelity    Fidelity
}

// PlanFor returns the plan whose goal is on the measure: the active one,
// else the one that started last; nil when there is none.
func PlanFor(plans []data.Plan, measure data.ID) *data.Plan {
	var best *data.Plan
	for i := range plans {
		p := &plans[i]
		if p.Goal.Measure != measure {
			continue
		}
		switch {
		case best == nil,
			p.Status == data.Active && best.Status != data.Active,
			(p.Status == data.Active) == (best.Status == data.Active) && p.Start().After(best.Start()):
			best = p
		}
	}
	return best
}

// AnalyzeStudent runs the progress math for one student and measure. With a
// plan, each phase is analysed from its own start. Without one, the phase is
// the current school year and the target the spring benchmark for the
// student's grade at the end of the spring window.
func AnalyzeStudent(in StudentInput) StudentProgress {
	out := StudentProgress{Student: in.Student, Measure: in.Measure}
	for _, sc := range in.Scores {
		if sc.Measure == in.Measure.ID && sc.Kind == data.Screening && !sc.Date.After(in.AsOf) {
			out.Screening = append(out.Screening, sc)
		}
	}
	plan := PlanFor(in.Plans, in.Measure.ID)
	if plan == nil {
		out.WithoutPlan = true
		year := in.Settings.CurrentYear(in.AsOf)
		spring := year.Window(data.Spring)
		phase := PhaseInput{Student: in.Student, Measure: in.Measure, Start: year.Start, AsOf: in.AsOf,
			Scores: in.Scores, Due: spring.End, Method: in.Method}
		cut, ok := in.Measure.Cut(in.Student.Grade, data.Spring)
		phase.Target = cut.Benchmark
		out.Current = AnalyzePhase(phase)
		if !ok {
			out.Current.HasAim, out.Current.Due = false, data.Date{}
			out.Current.Verdict = Verdict{Kind: data.CollectMoreData, Rule: RuleNone, Points: len(out.Current.Points),
				Explanation: "There is no goal to compare with: " + in.Measure.Name + " has no spring benchmark for " +
					in.Student.Grade.Label() + ". Add a plan with a goal."}
		}
		return out
	}
	out.Plan = plan
	sessions := sessionsOfPlan(in.Sessions, plan.ID)
	current := plan.PhaseAt(in.AsOf)
	if current < 0 {
		current = 0
	}
	for i, ph := range plan.Phases {
		if ph.Start.After(in.AsOf) {
			break
		}
		phase := PhaseInput{Student: in.Student, Measure: in.Measure, Start: ph.Start, End: plan.PhaseEnd(i), AsOf: in.AsOf,
			Scores: in.Scores, Target: plan.Goal.Target, Due: plan.Goal.TargetDate, Method: in.Method,
			Sessions: sessions, Planned: ph, InstructionalWeeks: in.Weeks}
		// The goal's own baseline describes the plan's start: later phases
		// start from their own first scores.
		if i == 0 && plan.Goal.HasBaseline() {
			b := plan.Goal.Baseline
			phase.Baseline = &b
		}
		view := PhaseView{Index: i, Intervention: ph.Intervention, Note: ph.Note, PhaseProgress: AnalyzePhase(phase)}
		out.Phases = append(out.Phases, view)
		out.Fidelity = out.Fidelity.Add(view.Fidelity)
		if i == current {
			out.Current, out.CurrentIdx = view.PhaseProgress, i
		}
	}
	return out
}

// ScoresOf returns the scores of one student, given scores ordered by
// student (as the store returns them), without copying.
func ScoresOf(ordered []data.Score, student data.ID) []data.Score {
	i, _ := slices.BinarySearchFunc(ordered, student, func(s data.Score, id data.ID) int { return compareIDs(s.Student, id) })
	j := i
	for j < len(ordered) && ordered[j].Student == student {
		j++
	}
	return ordered[i:j]
}

// compareIDs orders ids as the store's keys are: byte by byte.
func compareIDs(a, b data.ID) int { return bytes.Compare(a[:], b[:]) }

// sessionsOfPlan returns the sessions of one plan; when every session given
// is the plan's (the review list passes them so) it copies nothing.
func sessionsOfPlan(sessions []data.Session, plan data.ID) []data.Session {
	for i, s := range sessions {
		if s.Plan != plan {
			out := append([]data.Session{}, sessions[:i]...)
			for _, s := range sessions[i+1:] {
				if s.Plan == plan {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return sessions
}

// ScoresOutside returns the progress scores outside a plan's span (none
// without a plan, whose chart shows them all): the earlier weeks a
// whole-year chart draws in grey beside the plan's own scores.
func ScoresOutside(scores []data.Score, p *data.Plan) []data.Score {
	if p == nil {
		return nil
	}
	var out []data.Score
	for _, sc := range scores {
		ended := p.Status != data.Active && sc.Date.After(p.Ended)
		if sc.Kind == data.Progress && (sc.Date.Before(p.Start()) || ended) {
			out = append(out, sc)
		}
	}
	return out
}

package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
)

// Progress-rule thresholds, after the decision rules of the progress-monitoring
// literature (four-point rule, trend-line rule, a three-point median baseline).
const (
	MinPointsForRules      = 4 // fewer: "collect more data"
	MinPointsForTrendRule  = 6 // from here the trend rule decides, and projections are shown
	MinPointsForTrendLine  = 3
	BaselinePoints         = 3   // the baseline is the median of the phase's first 3 scores
	FidelityThreshold      = 0.8 // below 80% delivered: check fidelity first
	SignificantGapRatio    = 2.0
	AmbitiousROIMultiplier = 2.0
)

// PhaseInput is what the progress math needs to analyse one phase of a
// plan (or, for a student without a plan, the school year so far).
type PhaseInput struct {
	Student  data.Student
	Measure  data.Measure
	Start    data.Date // the phase start: week 0
	End      data.Date // the phase's last day; zero for an open phase
	AsOf     data.Date // today: scores and sessions after it are ignored
	Scores   []data.Score
	Baseline *float64 // the goal's own baseline; nil means the median of the first 3 scores
	Target   float64
	Due      data.Date // the goal's target date
	Method   TrendMethod

	// Fidelity inputs; Planned zero means "no plan" (no fidelity check).
	Sessions           []data.Session
	Planned            data.Phase
	InstructionalWeeks WeekSet
}

// PhaseProgress is the analysis of one phase: the points, the aimline, the
// trend, the projection, fidelity and the decision rules' verdict.
type PhaseProgress struct {
	Start, End     data.Date
	Points         []Point
	Baseline       float64
	BaselineSource string // "goal" or "median of the first 3 scores"; "" when there is none yet
	Target         float64
	Due            data.Date
	Aim            Line // from (start, baseline) to (due, target)
	GoalROI        float64
	HasAim         bool
	Trend          Trend
	Projection     Projection
	Fidelity       Fidelity
	Verdict        Verdict
}

// Projection is the trend's value at the goal date, with its 95% band.
type Projection struct {
	Value, Low, High float64
	OK               bool // from 6 points on, with an OLS or tri-split trend
	HasBand          bool // the band needs the OLS standard error
}

// lastDay is the last day counted in the phase.
func (in PhaseInput) lastDay() data.Date {
	if !in.End.IsZero() && in.End.Before(in.AsOf) {
		return in.End
	}
	return in.AsOf
}

// direction is +1 when higher scores are better, −1 when lower are: every
// comparison of the rules is made on direction·value.
func direction(m data.Measure) float64 {
	if m.Lower {
		return -1
	}
	return 1
}

// AnalyzePhase computes one phase's baseline, trend, rate of improvement,
// projection and verdict.
func AnalyzePhase(in PhaseInput) PhaseProgress {
	last := in.lastDay()
	pp := PhaseProgress{Start: in.Start, End: in.End, Target: in.Target, Due: in.Due}
	for _, sc := range in.Scores {
		if sc.Kind == data.Progress && sc.Measure == in.Measure.ID && sc.Date.Within(in.Start, last) {
			pp.Points = append(pp.Points, Point{Date: sc.Date, Weeks: sc.Date.WeeksSince(in.Start), Value: sc.Value})
		}
	}
	switch {
	case in.Baseline != nil:
		pp.Baseline, pp.BaselineSource = *in.Baseline, "goal"
	case len(pp.Points) > 0:
		first := make([]float64, 0, BaselinePoints)
		for _, p := range pp.Points[:min(BaselinePoints, len(pp.Points))] {
			first = append(first, p.Value)
		}
		pp.Baseline, pp.BaselineSource = Median(first), fmt.Sprintf("median of the first %d scores", len(first))
	}
	if weeks := in.Due.WeeksSince(in.Start); pp.BaselineSource != "" && weeks > 0 {
		pp.GoalROI = (in.Target - pp.Baseline) / weeks
		pp.Aim = Line{Intercept: pp.Baseline, Slope: pp.GoalROI}
		pp.HasAim = true
	}
	pp.Trend = Fit(in.Method, pp.Points)
	if pp.Trend.OK && len(pp.Points) >= MinPointsForTrendRule {
		at := in.Due.WeeksSince(in.Start)
		pp.Projection = Projection{Value: pp.Trend.At(at), OK: true}
		pp.Projection.Low, pp.Projection.High, pp.Projection.HasBand = pp.Trend.Band(at)
	}
	if in.Planned.SessionsPerWeek > 0 {
		pp.Fidelity = MeasureFidelity(in.Sessions, in.Planned, in.Start, last, in.InstructionalWeeks)
	}
	pp.Verdict = decide(in, pp)
	return pp
}

// Rule names the decision rule behind a verdict.
type Rule string

// The decision rules.
const (
	RuleNone      Rule = "none"
	RuleFourPoint Rule = "four_point"
	RuleTrend     Rule = "trend"
)

// Label returns the rule's display name.
func (r Rule) Label() string {
	return map[Rule]string{RuleNone: "—", RuleFourPoint: "4-point rule", RuleTrend: "Trend rule"}[r]
}

// Verdict is the decision rules' recommendation, with the rule and numbers
// behind it and a sentence a teacher can read.
type Verdict struct {
	Kind        data.VerdictKind
	Rule        Rule
	Explanation string
	// FidelityWarning comes first: when delivery fell under 80% of the plan,
	// the team checks fidelity before changing the plan.
	FidelityWarning bool
	Points          int
	GoalROI         float64
	TrendROI        float64
	Projection      float64
	Target          float64
}

// Headline is the verdict's first line, with the fidelity warning first when raised.
func (v Verdict) Headline() string {
	if v.FidelityWarning {
		return "Check fidelity before changing the plan · " + v.Kind.Headline()
	}
	return v.Kind.Headline()
}

// decide applies the decision rules, then puts the fidelity check first.
func decide(in PhaseInput, pp PhaseProgress) Verdict {
	v := applyRules(in, pp)
	if pp.Fidelity.Low() {
		v.FidelityWarning = true
		v.Explanation = pp.Fidelity.Sentence() + " " + v.Explanation
	}
	return v
}

func applyRules(in PhaseInput, pp PhaseProgress) Verdict {
	m := in.Measure
	d := direction(m)
	v := Verdict{Points: len(pp.Points), GoalROI: pp.GoalROI, Target: in.Target, Rule: RuleNone}
	n := len(pp.Points)
	switch {
	case n < MinPointsForRules:
		v.Kind = data.CollectMoreData
		v.Explanation = fmt.Sprintf("Collect more data (%d of %d): the rules need at least %d progress scores in this phase.", n, MinPointsForRules, MinPointsForRules)
		return v
	case !pp.HasAim:
		v.Kind = data.CollectMoreData
		v.Explanation = fmt.Sprintf("The goal date %s is not after this phase's start %s: set a new goal to get a verdict.", in.Due.Short(), in.Start.Short())
		return v
	}
	unit := m.Unit
	if n >= MinPointsForTrendRule && pp.Trend.OK {
		v.Rule, v.TrendROI, v.Projection = RuleTrend, pp.Trend.Slope, pp.Projection.Value
		trend, goal := d*pp.Trend.Slope, d*pp.GoalROI
		gap := d * (pp.Projection.Value - in.Target)
		rates := fmt.Sprintf("the trend is %s %s a week and the goal needs %s a week", num(pp.Trend.Slope), unit, num(pp.GoalROI))
		reach := fmt.Sprintf("at this rate %s would reach about %s by %s (goal %s)", pronoun(in.Student), num(pp.Projection.Value), in.Due.Short(), num(in.Target))
		switch {
		case pp.Trend.HasSE && math.Abs(pp.Trend.Slope-pp.GoalROI) <= pp.Trend.SE:
			// The trend and the goal line are "about the same" (NCII's third
			// case): the goal's rate lies within one standard error of the
			// trend's, so the data cannot tell them apart yet.
			v.Kind = data.Continue
			v.Explanation = fmt.Sprintf("%s: the trend is %s %s a week (± %s) and the goal needs %s a week, about the same; %s.",
				continueWords(pp.Projection.Value, in.Target, pp.GoalROI, d), num(pp.Trend.Slope), unit, num(pp.Trend.SE), num(pp.GoalROI), reach)
		case trend < goal && gap < 0:
			v.Kind = data.Intensify
			v.Explanation = fmt.Sprintf("Progress is too slow: %s; %s.", rates, reach)
		case trend > goal && gap > 0:
			v.Kind = data.RaiseGoal
			v.Explanation = fmt.Sprintf("Progress is faster than the goal: %s; %s.", rates, reach)
		default:
			v.Kind = data.Continue
			v.Explanation = fmt.Sprintf("%s: %s; %s.", continueWords(pp.Projection.Value, in.Target, pp.GoalROI, d), rates, reach)
		}
		return v
	}
	v.Rule = RuleFourPoint
	lastFour := pp.Points[n-4:]
	below, above := 0, 0
	values := make([]string, 4)
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range lastFour {
		aim := pp.Aim.At(p.Weeks)
		lo, hi = math.Min(lo, aim), math.Max(hi, aim)
		values[i] = num(p.Value)
		switch diff := d * (p.Value - aim); {
		case diff < 0:
			below++
		case diff > 0:
			above++
		}
	}
	badSide, goodSide := "below", "above"
	if m.Lower {
		badSide, goodSide = "above", "below"
	}
	detail := fmt.Sprintf("(%s vs %s–%s)", strings.Join(values, ", "), num(lo), num(hi))
	if m.Lower {
		detail = fmt.Sprintf("(%s vs %s–%s; lower is better)", strings.Join(values, ", "), num(lo), num(hi))
	}
	switch {
	case below == 4:
		v.Kind = data.Intensify
		v.Explanation = fmt.Sprintf("The last 4 scores were all %s the goal line %s.", badSide, detail)
	case above == 4:
		v.Kind = data.RaiseGoal
		v.Explanation = fmt.Sprintf("The last 4 scores were all %s the goal line %s.", goodSide, detail)
	default:
		v.Kind = data.Continue
		v.Explanation = fmt.Sprintf("The last 4 scores are on both sides of the goal line %s: keep going.", detail)
	}
	return v
}

// continueWords opens a "continue" verdict of the trend rule: "On track"
// unless the projection falls short of the goal by more than a week of the
// goal's growth; then the words say so, so that a team does not read a
// shortfall as fine (the rule still says continue: the trend cannot be
// told from the goal's rate yet). d is the measure's direction (1, or -1
// when lower is better).
func continueWords(projection, target, goalROI, d float64) string {
	if d*(projection-target) < -math.Abs(goalROI) {
		return "Keep going and watch: not yet on track to reach the goal"
	}
	return "On track"
}

// pronoun refers to the student in an explanation.
func pronoun(s data.Student) string {
	if s.GivenName != "" {
		return s.GivenName
	}
	return "the student"
}

// num formats a score or rate the way a report would: whole numbers plain,
// others to one decimal (two for rates under 1).
func num(f float64) string {
	switch {
	case math.Abs(f-math.Round(f)) < 0.05 && math.Abs(f) >= 1:
		return strconv.FormatFloat(f, 'f', 0, 64)
	case math.Abs(f) < 1:
		return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(f, 'f', 2, 64), "0"), ".")
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

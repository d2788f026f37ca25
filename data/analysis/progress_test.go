package analysis_test

import (
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// start is a Monday: week 0 of every hand-made phase below.
var start = data.NewDate(2026, 10, 5)

// pointsAt places values at whole weeks 1, 2, 3, ... after start.
func pointsAt(first int, values ...float64) []analysis.Point {
	out := make([]analysis.Point, len(values))
	for i, v := range values {
		d := start.AddDays(7 * (first + i))
		out[i] = analysis.Point{Date: d, Weeks: d.WeeksSince(start), Value: v}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestFitOLS(t *testing.T) {
	t.Run("perfect line", func(t *testing.T) {
		// y = 10 + 2x at x = 0..5: slope 2, intercept 10, no residual so SE 0.
		tr := analysis.FitOLS(pointsAt(0, 10, 12, 14, 16, 18, 20))
		if !tr.OK || !near(tr.Slope, 2) || !near(tr.Intercept, 10) || !near(tr.SE, 0) {
			t.Errorf("got %+v", tr)
		}
	})
	t.Run("noisy data", func(t *testing.T) {
		// x = 0..4, y = 2 4 5 4 5: x̄ = 2, ȳ = 4,
		// Σ(x−x̄)(y−ȳ) = 4+0+0+0+2 = 6, Σ(x−x̄)² = 10, b = 0.6, a = 4 − 1.2 = 2.8;
		// residuals −0.8 0.6 1.0 −0.6 −0.2, SSE = 2.4, s² = 2.4/3 = 0.8,
		// SE_b = sqrt(0.8/10) = 0.28284271.
		tr := analysis.FitOLS(pointsAt(0, 2, 4, 5, 4, 5))
		if !tr.OK || !near(tr.Slope, 0.6) || !near(tr.Intercept, 2.8) || !near(tr.SE, math.Sqrt(0.08)) {
			t.Errorf("got slope %v intercept %v SE %v", tr.Slope, tr.Intercept, tr.SE)
		}
		// Band at x = 2 (x̄): ±1.96·s·sqrt(1/5) = ±1.96·sqrt(0.8)·sqrt(0.2) = ±0.784.
		lo, hi, ok := tr.Band(2)
		if !ok || !near(hi-4, 0.784) || !near(4-lo, 0.784) {
			t.Errorf("band at x̄: %v..%v", lo, hi)
		}
	})
	t.Run("too few points", func(t *testing.T) {
		if tr := analysis.FitOLS(pointsAt(0, 10, 12)); tr.OK {
			t.Errorf("a line from 2 points: %+v", tr)
		}
	})
	t.Run("every score on one day", func(t *testing.T) {
		pts := []analysis.Point{{Date: start, Value: 10}, {Date: start, Value: 12}, {Date: start, Value: 14}, {Date: start, Value: 9}}
		tr := analysis.FitOLS(pts)
		if tr.OK || math.IsNaN(tr.Slope) || math.IsNaN(tr.SE) || math.IsNaN(tr.Intercept) {
			t.Errorf("zero spread in time: %+v", tr)
		}
	})
}

func TestFitTriSplit(t *testing.T) {
	// n = 6: thirds (0,1) (2,3) (4,5). Medians: left x 0.5 y 11; middle x 2.5
	// y 17; right x 4.5 y 17. b = (17−11)/(4.5−0.5) = 1.5;
	// a = ((11+17+17) − 1.5·(0.5+2.5+4.5))/3 = (45 − 11.25)/3 = 11.25.
	tr := analysis.FitTriSplit(pointsAt(0, 10, 12, 20, 14, 15, 19))
	if !tr.OK || !near(tr.Slope, 1.5) || !near(tr.Intercept, 11.25) || tr.HasSE {
		t.Errorf("n=6: got %+v", tr)
	}
	// n = 7 = 3·2+1: the middle third takes the extra point; thirds (0,1)
	// (2,3,4) (5,6). An outlier at x=3 moves nothing: left x 0.5 y 11,
	// right x 5.5 y 21, b = 10/5 = 2.
	tr = analysis.FitTriSplit(pointsAt(0, 10, 12, 14, 99, 18, 20, 22))
	if !near(tr.Slope, 2) {
		t.Errorf("n=7: slope %v, want 2", tr.Slope)
	}
	// n = 8 = 3·2+2: the outer thirds take one each; thirds (0,1,2) (3,4) (5,6,7).
	// left x 1 y 12, right x 6 y 22: b = 2.
	tr = analysis.FitTriSplit(pointsAt(0, 10, 12, 14, 16, 18, 20, 22, 24))
	if !near(tr.Slope, 2) || !near(tr.Intercept, 10) {
		t.Errorf("n=8: got %+v", tr)
	}
}

func TestOLSSlopeOfAnExactLine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		slope := rapid.Float64Range(-20, 20).Draw(t, "slope")
		intercept := rapid.Float64Range(0, 300).Draw(t, "intercept")
		days := rapid.SliceOfNDistinct(rapid.IntRange(0, 400), 3, 40, rapid.ID[int]).Draw(t, "days")
		pts := make([]analysis.Point, len(days))
		for i, d := range days {
			date := start.AddDays(d)
			w := date.WeeksSince(start)
			pts[i] = analysis.Point{Date: date, Weeks: w, Value: intercept + slope*w}
		}
		tr := analysis.FitOLS(pts)
		if !tr.OK || math.Abs(tr.Slope-slope) > 1e-6*(1+math.Abs(slope)) {
			t.Fatalf("slope %v, want %v (%+v)", tr.Slope, slope, tr)
		}
		if tri := analysis.FitTriSplit(pts); !tri.OK || math.Abs(tri.Slope-slope) > 1e-6*(1+math.Abs(slope)) {
			t.Fatalf("tri-split slope %v, want %v", tri.Slope, slope)
		}
	})
}

var (
	ana = data.Student{ID: data.NewID(), LocalID: "70001", GivenName: "Ana", FamilyName: "Ramírez", Grade: "03", Sex: data.Female, Race: data.Hispanic}
	orf = data.Measure{ID: data.NewID(), Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300,
		Cuts: []data.Cut{
			{Grade: "03", Window: data.Fall, Benchmark: 83, WellBelow: 58},
			{Grade: "03", Window: data.Winter, Benchmark: 97, WellBelow: 68},
			{Grade: "03", Window: data.Spring, Benchmark: 112, WellBelow: 78},
		},
		TypicalROI: map[data.Grade]float64{"03": 0.9}}
)

// progressScores turns values at weeks first, first+1, ... into progress scores on m.
func progressScores(m data.Measure, first int, values ...float64) []data.Score {
	out := make([]data.Score, len(values))
	for i, v := range values {
		out[i] = data.Score{Student: ana.ID, Measure: m.ID, Date: start.AddDays(7 * (first + i)), Kind: data.Progress, Value: v, Errors: data.NoErrors, Grade: "03"}
	}
	return out
}

// phase is a phase from start with the goal 40 → 64 at week 8: goal ROI 3 a
// week, the aimline 40 + 3w.
func phase(m data.Measure, scores []data.Score) analysis.PhaseInput {
	baseline := 40.0
	return analysis.PhaseInput{Student: ana, Measure: m, Start: start, AsOf: start.AddDays(70), Scores: scores,
		Baseline: &baseline, Target: 64, Due: start.AddDays(56)}
}

func TestDecisionRules(t *testing.T) {
	for _, tc := range []struct {
		name        string
		values      []float64
		kind        data.VerdictKind
		rule        analysis.Rule
		explanation string
	}{
		{"three points", []float64{41, 44, 46}, data.CollectMoreData, analysis.RuleNone,
			"Collect more data (3 of 4): the rules need at least 4 progress scores in this phase."},
		// Aimline at weeks 1-4: 43, 46, 49, 52.
		{"four below", []float64{38, 41, 40, 39}, data.Intensify, analysis.RuleFourPoint,
			"The last 4 scores were all below the goal line (38, 41, 40, 39 vs 43–52)."},
		{"four above", []float64{50, 52, 55, 60}, data.RaiseGoal, analysis.RuleFourPoint,
			"The last 4 scores were all above the goal line (50, 52, 55, 60 vs 43–52)."},
		{"mixed", []float64{44, 45, 50, 51}, data.Continue, analysis.RuleFourPoint,
			"The last 4 scores are on both sides of the goal line (44, 45, 50, 51 vs 43–52): keep going."},
		{"only the last four count", []float64{30, 50, 52, 55, 60}, data.RaiseGoal, analysis.RuleFourPoint,
			"The last 4 scores were all above the goal line (50, 52, 55, 60 vs 46–55)."},
		// Six points on 40 + w: trend 1 < goal 3; projection at week 8 is 48 < 64.
		{"trend too slow", []float64{41, 42, 43, 44, 45, 46}, data.Intensify, analysis.RuleTrend,
			"Progress is too slow: the trend is 1 wcpm a week and the goal needs 3 a week; at this rate Ana would reach about 48 by 30 Nov 2026 (goal 64)."},
		// 40 + 5w: trend 5 > 3; projection 80 > 64.
		{"trend too fast", []float64{45, 50, 55, 60, 65, 70}, data.RaiseGoal, analysis.RuleTrend,
			"Progress is faster than the goal: the trend is 5 wcpm a week and the goal needs 3 a week; at this rate Ana would reach about 80 by 30 Nov 2026 (goal 64)."},
		// 40 + 3w: on the aimline.
		{"trend on the aimline", []float64{43, 46, 49, 52, 55, 58}, data.Continue, analysis.RuleTrend,
			"On track: the trend is 3 wcpm a week (± 0) and the goal needs 3 a week, about the same; at this rate Ana would reach about 64 by 30 Nov 2026 (goal 64)."},
		// 40 + 3w plus e = (1, −2, 2, −2, 2, −1): x̄ = 3.5, Σ(x−x̄)e = −2.5+3−1−1+3−2.5 = −1,
		// Σ(x−x̄)² = 17.5, so b = 3 − 1/17.5 = 2.943; SSE = 17.943, s² = 4.486,
		// SE_b = sqrt(4.486/17.5) = 0.506. |2.943 − 3| < 0.506: about the same, continue.
		// Projection at week 8: 64 + (0.2 − 8/17.5) = 63.74.
		{"trend about the goal", []float64{44, 44, 51, 50, 57, 57}, data.Continue, analysis.RuleTrend,
			"On track: the trend is 2.9 wcpm a week (± 0.51) and the goal needs 3 a week, about the same; at this rate Ana would reach about 63.7 by 30 Nov 2026 (goal 64)."},
		// About the goal's rate within the error, but projecting well short:
		// the rule says continue, the words do not say "on track".
		{"trend about the goal, projection short", []float64{44, 30, 51, 40, 57, 45}, data.Continue, analysis.RuleTrend,
			"Keep going and watch: not yet on track to reach the goal: the trend is 2.1 wcpm a week (± 2.2) and the goal needs 3 a week, about the same; at this rate Ana would reach about 54.1 by 30 Nov 2026 (goal 64)."},
		// The trend rule takes precedence over four points below the line:
		// 30 + 5w has the last four (50, 55, 60, 65... ) checked by trend only.
		{"trend over four-point", []float64{20, 25, 40, 45, 50, 55}, data.RaiseGoal, analysis.RuleTrend, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pp := analysis.AnalyzePhase(phase(orf, progressScores(orf, 1, tc.values...)))
			v := pp.Verdict
			if v.Kind != tc.kind || v.Rule != tc.rule {
				t.Errorf("got %s by %s, want %s by %s (%s)", v.Kind, v.Rule, tc.kind, tc.rule, v.Explanation)
			}
			if tc.explanation != "" && v.Explanation != tc.explanation {
				t.Errorf("explanation\n got %q\nwant %q", v.Explanation, tc.explanation)
			}
			if v.Points != len(tc.values) {
				t.Errorf("points %d, want %d", v.Points, len(tc.values))
			}
		})
	}
}

func TestProjection(t *testing.T) {
	// Six points: no projection before six, one after.
	five := analysis.AnalyzePhase(phase(orf, progressScores(orf, 1, 41, 42, 43, 44, 45)))
	if five.Projection.OK {
		t.Error("a projection from 5 points")
	}
	// y = 40 + w exactly: the projection at week 8 is 48 with a zero-width band.
	six := analysis.AnalyzePhase(phase(orf, progressScores(orf, 1, 41, 42, 43, 44, 45, 46)))
	if !six.Projection.OK || !near(six.Projection.Value, 48) || !six.Projection.HasBand || !near(six.Projection.High, 48) {
		t.Errorf("projection: %+v", six.Projection)
	}
}

func TestBaselineFromFirstThreeScores(t *testing.T) {
	in := phase(orf, progressScores(orf, 0, 36, 30, 33, 40))
	in.Baseline = nil
	pp := analysis.AnalyzePhase(in)
	// Median of 36, 30, 33 = 33; goal ROI = (64 − 33)/8 = 3.875.
	if pp.Baseline != 33 || pp.BaselineSource != "median of the first 3 scores" || !near(pp.GoalROI, 3.875) {
		t.Errorf("baseline %v (%s), goal ROI %v", pp.Baseline, pp.BaselineSource, pp.GoalROI)
	}
}

func TestLowerIsBetter(t *testing.T) {
	errorsMeasure := data.Measure{ID: data.NewID(), Name: "Errors", Area: data.Reading, Unit: "errors", MaxScore: 100, Lower: true}
	in := phase(errorsMeasure, nil)
	baseline := 20.0
	in.Baseline, in.Target = &baseline, 8 // goal ROI (8−20)/8 = −1.5 a week; aim 20 − 1.5w
	// Weeks 1-4: aim 18.5, 17, 15.5, 14; the scores are all above it: worse.
	in.Scores = progressScores(errorsMeasure, 1, 19, 18.5, 18, 17.9)
	v := analysis.AnalyzePhase(in).Verdict
	if v.Kind != data.Intensify || v.Explanation != "The last 4 scores were all above the goal line (19, 18.5, 18, 17.9 vs 14–18.5; lower is better)." {
		t.Errorf("worse than the aim: %s: %s", v.Kind, v.Explanation)
	}
	// Falling faster than the aim (20 − 3w) reaches below the target: raise the goal.
	in.Scores = progressScores(errorsMeasure, 1, 17, 14, 11, 8, 5, 2)
	v = analysis.AnalyzePhase(in).Verdict
	if v.Kind != data.RaiseGoal || v.Rule != analysis.RuleTrend {
		t.Errorf("better than the aim: %s by %s: %s", v.Kind, v.Rule, v.Explanation)
	}
	// Falling slower (20 − 0.5w): projection 16 > 8, too slow.
	in.Scores = progressScores(errorsMeasure, 1, 19.5, 19, 18.5, 18, 17.5, 17)
	v = analysis.AnalyzePhase(in).Verdict
	if v.Kind != data.Intensify || v.Rule != analysis.RuleTrend {
		t.Errorf("slower than the aim: %s by %s: %s", v.Kind, v.Rule, v.Explanation)
	}
}

func TestZeroSpreadDoesNotPanic(t *testing.T) {
	scores := make([]data.Score, 6)
	for i := range scores {
		scores[i] = data.Score{Student: ana.ID, Measure: orf.ID, Date: start.AddDays(7), Kind: data.Progress, Value: float64(40 + i), Errors: data.NoErrors}
	}
	pp := analysis.AnalyzePhase(phase(orf, scores))
	if pp.Trend.OK || pp.Projection.OK || pp.Verdict.Rule != analysis.RuleFourPoint {
		t.Errorf("six scores on one day: %+v", pp.Verdict)
	}
	if strings.Contains(pp.Verdict.Explanation, "NaN") {
		t.Errorf("NaN in %q", pp.Verdict.Explanation)
	}
}

func plan(phases ...data.Phase) data.Plan {
	return data.Plan{ID: data.NewID(), Student: ana.ID, Tier: 2, Interventionist: "Ms Grant", Status: data.Active,
		Goal:   data.Goal{Measure: orf.ID, Baseline: 40, BaselineDate: start, Target: 64, TargetDate: start.AddDays(56)},
		Phases: phases}
}

func TestPhaseChangeResetsTheRules(t *testing.T) {
	iv1, iv2 := data.NewID(), data.NewID()
	second := start.AddDays(35) // week 5
	p := plan(data.Phase{Start: start, Intervention: iv1, SessionsPerWeek: 3, MinutesPerSession: 30},
		data.Phase{Start: second, Intervention: iv2, SessionsPerWeek: 5, MinutesPerSession: 45})
	// Weeks 1-4 all below the aimline; weeks 6 and 7 in the new phase.
	scores := append(progressScores(orf, 1, 38, 41, 40, 39), progressScores(orf, 6, 50, 56)...)
	sp := analysis.AnalyzeStudent(analysis.StudentInput{Student: ana, Measure: orf, Scores: scores, Plans: []data.Plan{p}, AsOf: start.AddDays(52)})
	if len(sp.Phases) != 2 {
		t.Fatalf("%d phases, want 2", len(sp.Phases))
	}
	if v := sp.Phases[0].Verdict; v.Kind != data.Intensify {
		t.Errorf("first phase: %s", v.Kind)
	}
	// No session was logged, so fidelity is flagged too; the rule's sentence follows it.
	if v := sp.Current.Verdict; v.Kind != data.CollectMoreData || !strings.HasSuffix(v.Explanation, "Collect more data (2 of 4): the rules need at least 4 progress scores in this phase.") {
		t.Errorf("after the phase change: %s: %s", v.Kind, v.Explanation)
	}
	// The new phase's baseline is the median of its own first scores, not
	// the goal's baseline.
	if sp.Current.Baseline != 53 || sp.Current.BaselineSource != "median of the first 2 scores" {
		t.Errorf("second phase baseline %v (%s)", sp.Current.Baseline, sp.Current.BaselineSource)
	}
}

func TestFidelity(t *testing.T) {
	ph := data.Phase{Start: start, SessionsPerWeek: 3, MinutesPerSession: 30}
	end := start.AddDays(11) // Friday of week 2: 10 school days, 6 planned sessions, 180 minutes
	sessions := []data.Session{
		{Date: start, Minutes: 30, Present: true},
		{Date: start.AddDays(2), Minutes: 30, Present: true},
		{Date: start.AddDays(4), Present: false},
		{Date: start.AddDays(7), Minutes: 30, Present: true},
		{Date: start.AddDays(9), Minutes: 30, Present: true},
		{Date: start.AddDays(20), Minutes: 30, Present: true}, // after the range
	}
	f := analysis.MeasureFidelity(sessions, ph, start, end, nil)
	if !near(f.PlannedSessions, 6) || !near(f.PlannedMinutes, 180) || f.Present != 4 || f.Logged != 5 || f.DeliveredMinutes != 120 {
		t.Fatalf("got %+v", f)
	}
	// 4/6 = 67% of sessions and 120/180 = 67% of minutes: under 80%.
	if !f.Low() || !near(f.SessionRate(), 4.0/6) || !near(f.AttendanceRate(), 0.8) {
		t.Errorf("rates: sessions %v attendance %v low %v", f.SessionRate(), f.AttendanceRate(), f.Low())
	}
	if got, want := f.Sentence(), "Check fidelity first: only 66% of planned sessions (4 of 6) and 66% of planned minutes were delivered; the student attended 80% of the sessions held."; got != want {
		t.Errorf("sentence\n got %q\nwant %q", got, want)
	}
	// A break: the second week had no session anywhere in the school, so it
	// plans nothing; 4 delivered of 3 planned is not low.
	weeks := analysis.InstructionalWeeks([]data.Session{{Date: start}})
	if f := analysis.MeasureFidelity(sessions, ph, start, end, weeks); !near(f.PlannedSessions, 3) || f.Low() {
		t.Errorf("with a break: %+v", f)
	}
}

func TestFidelityWarningComesFirst(t *testing.T) {
	iv := data.NewID()
	p := plan(data.Phase{Start: start, Intervention: iv, SessionsPerWeek: 5, MinutesPerSession: 30})
	sessions := []data.Session{{Plan: p.ID, Date: start, Minutes: 30, Present: true}, {Plan: p.ID, Date: start.AddDays(7), Minutes: 30, Present: true}}
	sp := analysis.AnalyzeStudent(analysis.StudentInput{Student: ana, Measure: orf, Scores: progressScores(orf, 1, 38, 41, 40, 39),
		Plans: []data.Plan{p}, Sessions: sessions, AsOf: start.AddDays(28)})
	v := sp.Current.Verdict
	if !v.FidelityWarning || v.Kind != data.Intensify {
		t.Fatalf("got %+v", v)
	}
	if !strings.HasPrefix(v.Headline(), "Check fidelity before changing the plan") {
		t.Errorf("headline %q", v.Headline())
	}
	if !strings.Contains(v.Explanation, "Check fidelity first: only 9% of planned sessions (2 of 21)") {
		t.Errorf("explanation %q", v.Explanation)
	}
}

func TestWithoutPlan(t *testing.T) {
	settings := data.Settings{Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}}
	year := settings.Years[0]
	// No plan: the phase is the school year; the target is the grade 3
	// spring benchmark, 112, at the end of the spring window.
	var scores []data.Score
	for i, v := range []float64{60, 62, 64, 66} {
		scores = append(scores, data.Score{Student: ana.ID, Measure: orf.ID, Date: year.Start.AddDays(7 * (i + 1)), Kind: data.Progress, Value: v, Errors: data.NoErrors})
	}
	sp := analysis.AnalyzeStudent(analysis.StudentInput{Settings: settings, Student: ana, Measure: orf, Scores: scores, AsOf: year.Start.AddDays(40)})
	if !sp.WithoutPlan || sp.Current.Target != 112 || sp.Current.Due != year.Window(data.Spring).End || sp.Current.Start != year.Start {
		t.Fatalf("got %+v", sp.Current)
	}
	if sp.Current.Verdict.Kind == data.CollectMoreData {
		t.Errorf("four points without a plan: %s", sp.Current.Verdict.Explanation)
	}
}

func TestGapAnalysis(t *testing.T) {
	year := data.DefaultSchoolYear(2026)
	// Spring benchmark 112, current 50 on 11 Jan 2027; the spring window ends
	// 4 Jun 2027: 20+28+31+30+31+4 = 144 days = 20.571 weeks.
	// ROI needed = 62 / 20.571 = 3.014 > 2 × 0.9: ambitious. Ratio 112/50 = 2.24 > 2.
	g, err := analysis.AnalyzeGap(orf, "03", 50, data.NewDate(2027, 1, 11), year)
	if err != nil {
		t.Fatal(err)
	}
	if !near(g.WeeksLeft, 144.0/7) || !near(g.ROINeeded, 62/(144.0/7)) || !g.Ambitious || !near(g.Ratio, 2.24) || !g.Significant {
		t.Errorf("got %+v", g)
	}
	// Current 90: ratio 1.24, ROI needed 22/20.571 = 1.07 < 1.8.
	g, _ = analysis.AnalyzeGap(orf, "03", 90, data.NewDate(2027, 1, 11), year)
	if g.Ambitious || g.Significant {
		t.Errorf("a small gap: %+v", g)
	}
	// A current score of 0: no ratio, but a significant gap, and no NaN.
	g, _ = analysis.AnalyzeGap(orf, "03", 0, data.NewDate(2027, 1, 11), year)
	if g.RatioOK || !g.Significant || math.IsNaN(g.ROINeeded) {
		t.Errorf("zero score: %+v", g)
	}
	if _, err := analysis.AnalyzeGap(orf, "05", 50, data.NewDate(2027, 1, 11), year); err == nil {
		t.Error("a grade without a spring cut gave a gap")
	}
}

func TestBands(t *testing.T) {
	w := data.Window{Name: data.Fall, Start: data.NewDate(2026, 8, 24), End: data.NewDate(2026, 9, 30)}
	scores := []data.Score{
		{Measure: orf.ID, Date: data.NewDate(2026, 9, 1), Kind: data.Screening, Value: 50, Grade: "03"},
		{Measure: orf.ID, Date: data.NewDate(2026, 9, 15), Kind: data.Screening, Value: 85, Grade: "03"},
		{Measure: orf.ID, Date: data.NewDate(2026, 10, 1), Kind: data.Screening, Value: 20, Grade: "03"}, // after the window
		{Measure: orf.ID, Date: data.NewDate(2026, 9, 20), Kind: data.Progress, Value: 10, Grade: "03"},  // not screening
	}
	sc, ok := analysis.WindowScore(scores, orf.ID, w)
	if !ok || sc.Value != 85 {
		t.Fatalf("window score: %+v", sc)
	}
	for _, tc := range []struct {
		value float64
		want  data.Band
	}{{83, data.AtOrAbove}, {82, data.Below}, {58, data.Below}, {57, data.WellBelow}} {
		if got := analysis.BandOfScore(orf, data.Score{Value: tc.value, Grade: "03"}, data.Fall); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.value, got, tc.want)
		}
	}
}

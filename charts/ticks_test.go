package charts

import (
	"testing"

	chart "github.com/wcharczuk/go-chart/v2"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

func TestThinTicksKeepsLabelsApart(t *testing.T) {
	var ticks []chart.Tick
	for v := 0; v <= 12; v++ {
		ticks = append(ticks, chart.Tick{Value: float64(v), Label: "Month"})
	}
	rng := &chart.ContinuousRange{Min: 0, Max: 12}
	size := func(string) float64 { return 40 }
	if got := thinTicks(ticks, rng, 1200, size); countLabels(got) != 13 {
		t.Errorf("wide: %d labels, want all 13", countLabels(got))
	}
	for _, length := range []float64{400, 200, 100, 30} {
		got := thinTicks(ticks, rng, length, size)
		last := -1.0
		for _, tk := range got {
			if tk.Label == "" {
				continue
			}
			at := tk.Value / 12 * length
			if last >= 0 && at-last < 40 {
				t.Errorf("%v px: labels %v px apart, narrower than a label", length, at-last)
			}
			last = at
		}
		if countLabels(got) == 0 {
			t.Errorf("%v px: every label gone", length)
		}
	}
	if ticks[1].Label != "Month" {
		t.Error("thinTicks changed its input")
	}
}

func countLabels(ticks []chart.Tick) int {
	n := 0
	for _, t := range ticks {
		if t.Label != "" {
			n++
		}
	}
	return n
}

func TestPhaseMarksShowEarlierPlans(t *testing.T) {
	start := data.NewDate(2026, 10, 5)
	shown := data.Plan{ID: data.ID{1}, Phases: []data.Phase{{Start: start, SessionsPerWeek: 5, MinutesPerSession: 30}}}
	earlier := data.Plan{ID: data.ID{2}, Phases: []data.Phase{
		{Start: data.NewDate(2025, 9, 1), SessionsPerWeek: 3, MinutesPerSession: 20},  // before the chart
		{Start: data.NewDate(2026, 9, 1), SessionsPerWeek: 3, MinutesPerSession: 30}}} // in it
	in := StudentInput{PhaseNames: []string{"Intensive decoding"},
		OtherPlans: []PlanNames{{Plan: earlier, Names: []string{"Reading A", "Reading B"}}, {Plan: shown, Names: []string{"Intensive decoding"}}}}
	sp := analysis.StudentProgress{Plan: &shown}
	marks := phaseMarks(sp, in, day(data.NewDate(2026, 8, 15)), day(data.NewDate(2027, 6, 1)))
	want := []string{"Earlier plan, phase 2: Reading B, 3×30 min", "Phase 1: Intensive decoding, 5×30 min"}
	if len(marks) != len(want) {
		t.Fatalf("marks %+v, want %q", marks, want)
	}
	for i, m := range marks {
		if m.label != want[i] {
			t.Errorf("mark %d: %q, want %q", i, m.label, want[i])
		}
	}
}

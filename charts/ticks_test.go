package charts

import (
	"testing"

	chart "github.com/wcharczuk/go-chart/v2"
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

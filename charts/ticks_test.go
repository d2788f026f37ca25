package charts

import (
	"fmt"
	"strings"
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

// A narrow chart wraps its title: each line fits the chart, and the words
// are all there in order (it ran off the right edge at 1024 px).
func TestANarrowChartWrapsItsTitle(t *testing.T) {
	title := "Oral reading fluency · % at or above benchmark by race/ethnicity · grade 3"
	for _, width := range []int{320, 480, 1200} {
		c, err := newChart(Size{W: width, H: 300, Scale: 1}, title)
		if err != nil {
			t.Fatal(err)
		}
		lines := c.wrap(c.title, titleSize)
		if width <= 480 && len(lines) < 2 {
			t.Errorf("at %d px the title is one line", width)
		}
		if width == 1200 && len(lines) != 1 {
			t.Errorf("at %d px the title took %d lines", width, len(lines))
		}
		r, err := chart.PNG(width, 10)
		if err != nil {
			t.Fatal(err)
		}
		r.SetDPI(c.chart.DPI)
		for _, line := range lines {
			if w := c.measure(r, line, titleSize); w > width-int(c.px(24)) {
				t.Errorf("at %d px the title line %q is %d px wide", width, line, w)
			}
		}
		if got := strings.Join(lines, " "); got != title {
			t.Errorf("at %d px the lines read %q", width, got)
		}
	}
}

// The likely range is cut at the value axis's floor, where its lower edge
// crosses it, and left whole when it stays above.
func TestTheProjectionBandStaysAboveTheAxis(t *testing.T) {
	xs, ys := bandAbove([]float64{0, 10, 10}, []float64{20, 40, -20}, 0)
	wantX, wantY := []float64{0, 10, 10, 5}, []float64{20, 40, 0, 0}
	if fmt.Sprint(xs, ys) != fmt.Sprint(wantX, wantY) {
		t.Errorf("cut band %v %v, want %v %v", xs, ys, wantX, wantY)
	}
	xs, ys = bandAbove([]float64{0, 10, 10}, []float64{20, 40, 5}, 0)
	if fmt.Sprint(xs, ys) != fmt.Sprint([]float64{0, 10, 10}, []float64{20, 40, 5}) {
		t.Errorf("a band above the floor was changed: %v %v", xs, ys)
	}
	// The trend itself under the floor: every point lifted onto it.
	if _, ys = bandAbove([]float64{0, 10, 10}, []float64{-1, 3, -9}, 0); fmt.Sprint(ys) != fmt.Sprint([]float64{0, 3, 0}) {
		t.Errorf("a band from under the floor: %v", ys)
	}
}

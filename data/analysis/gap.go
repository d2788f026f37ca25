package analysis

import (
	"fmt"

	"github.com/tierline/tierline/data"
)

// Gap compares a student's current score with the end-of-year benchmark.
type Gap struct {
	Benchmark float64 // the spring benchmark for the student's grade
	Current   float64
	// Ratio is benchmark ÷ current (current ÷ benchmark when lower is
	// better); undefined (RatioOK false) for a current score of 0.
	Ratio       float64
	RatioOK     bool
	Significant bool // ratio over 2.0
	WeeksLeft   float64
	ROINeeded   float64 // per week, to reach the benchmark by the end of the spring window
	TypicalROI  float64 // 0 when the measure has none for the grade
	Ambitious   bool    // the needed ROI is over twice the typical ROI
}

// AnalyzeGap compares a current score with the spring benchmark: how far
// behind, the weekly growth needed to close the gap by spring, and whether
// that is more than twice the typical growth (an ambitious goal).
func AnalyzeGap(m data.Measure, grade data.Grade, current float64, today data.Date, year data.SchoolYear) (Gap, error) {
	cut, ok := m.Cut(grade, data.Spring)
	if !ok {
		return Gap{}, data.Errorf(data.EINVALID, "%s has no spring benchmark for %s", m.Name, grade.Label())
	}
	spring := year.Window(data.Spring)
	g := Gap{Benchmark: cut.Benchmark, Current: current, WeeksLeft: spring.End.WeeksSince(today), TypicalROI: m.TypicalROI[grade]}
	num, den := cut.Benchmark, current
	if m.Lower {
		num, den = current, cut.Benchmark
	}
	if den > 0 {
		g.Ratio, g.RatioOK = num/den, true
		g.Significant = g.Ratio > SignificantGapRatio
	} else {
		g.Significant = num > 0
	}
	if g.WeeksLeft <= 0 {
		return g, data.Errorf(data.EINVALID, "the spring window ended on %s: there are no weeks left this year", spring.End)
	}
	g.ROINeeded = (cut.Benchmark - current) / g.WeeksLeft
	need := g.ROINeeded
	if m.Lower {
		need = -need
	}
	g.Ambitious = g.TypicalROI > 0 && need > AmbitiousROIMultiplier*g.TypicalROI
	return g, nil
}

// Sentence explains the gap in one line.
func (g Gap) Sentence(unit string) string {
	s := fmt.Sprintf("Reaching the spring benchmark of %s %s needs %s %s a week for %.0f weeks", num(g.Benchmark), unit, num(g.ROINeeded), unit, g.WeeksLeft)
	if g.Ambitious {
		s += fmt.Sprintf(", over twice the typical %s a week: an ambitious goal", num(g.TypicalROI))
	}
	if g.Significant {
		s += "; the gap is significant"
		if g.RatioOK {
			s += fmt.Sprintf(" (%.1f× behind)", g.Ratio)
		}
	}
	return s + "."
}

// WindowScore returns the student's latest screening score on the measure
// inside the window, from the student's scores.
func WindowScore(scores []data.Score, measure data.ID, w data.Window) (data.Score, bool) {
	var best data.Score
	found := false
	for _, sc := range scores {
		if sc.Measure == measure && sc.Kind == data.Screening && sc.Date.Within(w.Start, w.End) && (!found || !sc.Date.Before(best.Date)) {
			best, found = sc, true
		}
	}
	return best, found
}

// BandOfScore places a screening score in the benchmark bands, using the cut
// of the grade the student was in when tested. NoBand when the grade has no
// cut in that window.
func BandOfScore(m data.Measure, sc data.Score, w data.WindowName) data.Band {
	cut, ok := m.Cut(sc.Grade, w)
	if !ok {
		return data.NoBand
	}
	return m.BandOf(sc.Value, cut)
}

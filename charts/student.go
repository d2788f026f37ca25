package charts

import (
	"cmp"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// StudentInput is what a student's progress chart shows.
type StudentInput struct {
	Progress   analysis.StudentProgress
	Settings   data.Settings // the screening windows, for the benchmark band
	AsOf       data.Date
	PhaseNames []string // the intervention of each plan phase, by phase index
	// NoCaption leaves the verdict out, where the screen shows it beside the chart.
	NoCaption bool
	// From, when set, is the latest day the chart starts (the school
	// year's start: the whole year in view); Earlier are the progress
	// scores on the measure outside the plan shown, drawn in grey, so that
	// a new plan does not hide the weeks before it.
	From    data.Date
	Earlier []data.Score
	// OtherPlans are the student's other plans on the measure (an earlier
	// one a new plan replaced): their phase lines are drawn too, marked
	// "earlier plan", where they fall in the chart's span.
	OtherPlans []PlanNames
	// Words translate the chart's English words (legend, zones, lines,
	// month abbreviations, the grade), for a report in another language;
	// a word missing from it is drawn in English.
	Words map[string]string
}

// PlanNames is a plan with the intervention of each of its phases.
type PlanNames struct {
	Plan  data.Plan
	Names []string
}

// word returns the chart's word for en.
func (in StudentInput) word(en string) string {
	if w, ok := in.Words[en]; ok {
		return w
	}
	return en
}

// Colours of the student chart's marks.
var (
	progressColor  = blue
	screeningColor = vermillion
	trendColor     = bluishGreen
	goalColor      = orange
	// The benchmark zones, from the Okabe-Ito palette (told apart with any
	// colour vision) and labelled in words on the chart and in the legend.
	atBenchmarkBand = drawing.Color{R: 0x56, G: 0xB4, B: 0xE9, A: 0x28}
	belowBand       = drawing.Color{R: 0xE6, G: 0x9F, B: 0x00, A: 0x38}
	wellBelowBand   = drawing.Color{R: 0xD5, G: 0x5E, B: 0x00, A: 0x38}
	projectionBand  = drawing.Color{R: 0x00, G: 0x9E, B: 0x73, A: 0x30}
	aimStroke       = stroke{color: black, width: 1.5, dash: []float64{6, 4}}
	trendStroke     = stroke{color: trendColor, width: 2.5}
)

// day turns a date into the x coordinate of date charts.
func day(d data.Date) float64 { return float64(d.DayNumber()) }

// Student draws a student's progress on one measure: progress scores (dots),
// screening scores (diamonds), the aimline of each phase (dashed), the trend
// of each phase, phase lines labelled with the intervention, the goal, the
// benchmark zone of each window, the projection band, and the verdict with
// its reason in the caption.
func Student(in StudentInput, size Size) (*Chart, error) {
	sp := in.Progress
	m := sp.Measure
	c, err := newChart(size, fmt.Sprintf("%s · %s · %s", sp.Student.Name(), m.Name, in.word(sp.Student.Grade.Label())))
	if err != nil {
		return nil, err
	}
	phases := sp.Phases
	if sp.WithoutPlan {
		phases = []analysis.PhaseView{{PhaseProgress: sp.Current}}
	}

	// The time span: the plan (or the school year) from a week before its
	// start to a week after its goal date or today.
	from, to := sp.Current.Start, in.AsOf
	if sp.Plan != nil {
		from = sp.Plan.Start()
	}
	if !sp.Current.Due.IsZero() && sp.Current.Due.After(to) {
		to = sp.Current.Due
	}
	from, to = from.AddDays(-7), to.AddDays(7)
	if !in.From.IsZero() && in.From.Before(from) {
		from = in.From
	}
	// Reach back to the screening that led to the plan, if it was recent.
	for _, sc := range sp.Screening {
		if sc.Date.Before(from) && !sc.Date.Before(from.AddDays(-60)) {
			from = sc.Date.AddDays(-3)
		}
	}
	var earlier []data.Score
	for _, sc := range in.Earlier {
		if sc.Date.Within(from, to) {
			earlier = append(earlier, sc)
		}
	}
	var screening []data.Score
	for _, sc := range sp.Screening {
		if sc.Date.Within(from, to) {
			screening = append(screening, sc)
		}
	}

	// The value span: every mark, from 0.
	hi := 0.0
	for _, ph := range phases {
		for _, pt := range ph.Points {
			hi = math.Max(hi, pt.Value)
		}
		if ph.HasAim {
			hi = math.Max(hi, math.Max(ph.Baseline, ph.Target))
		}
		if ph.Projection.HasBand {
			hi = math.Max(hi, ph.Projection.High)
		}
	}
	for _, sc := range append(screening, earlier...) {
		hi = math.Max(hi, sc.Value)
	}
	bands := benchmarkSegments(in, from, to)
	for _, b := range bands {
		hi = math.Max(hi, b.cut.Benchmark)
	}
	if hi == 0 {
		hi = 10
	}
	yTicks, yr := niceTicks(0, hi*1.08, 6, wholeNumber)
	unit := in.word(m.Unit)
	if m.Lower {
		unit += " (" + in.word("lower is better") + ")"
	}
	c.axes("", [2]float64{day(from), day(to)}, dateTicks(from, to, in.word), unit, yr, yTicks)

	c.layers = append(c.layers,
		func(p plot) { drawBenchmarks(p, bands, sp.Current, m.Lower, in.word) },
		func(p plot) { drawPhaseLines(p, phaseMarks(sp, in, day(from), day(to))) },
		func(p plot) {
			for _, ph := range phases {
				drawPhase(p, ph, in.AsOf)
			}
		},
		func(p plot) { drawGoal(p, sp.Current, in.word) },
		func(p plot) {
			for _, sc := range screening {
				p.marker(diamond, screeningColor, 6, p.X(day(sc.Date)), p.Y(sc.Value))
			}
			for _, sc := range earlier {
				p.marker(circle, grey, 4, p.X(day(sc.Date)), p.Y(sc.Value))
			}
			for _, ph := range phases {
				for _, pt := range ph.Points {
					p.marker(circle, progressColor, 4.5, p.X(day(pt.Date)), p.Y(pt.Value))
				}
			}
		},
	)
	points := 0
	for _, ph := range phases {
		points += len(ph.Points)
	}
	if points == 0 && len(screening) == 0 && len(earlier) == 0 {
		c.layers = append(c.layers, func(p plot) { noData(p, in.word("No scores yet — add the first one")) })
	}

	c.legend = []legendEntry{
		{label: in.word("Progress score"), marker: true, shape: circle, color: progressColor},
		{label: in.word("Screening score"), marker: true, shape: diamond, color: screeningColor},
		{label: in.word("Goal line"), line: &aimStroke},
		{label: in.word("Trend"), line: &trendStroke},
		{label: in.word("Goal"), marker: true, shape: square, color: goalColor},
	}
	if len(bands) > 0 {
		c.legend = append(c.legend, legendEntry{label: in.word("At/above benchmark"), band: atBenchmarkBand},
			legendEntry{label: in.word("Below benchmark"), band: belowBand}, legendEntry{label: in.word("Well below"), band: wellBelowBand})
	}
	if len(earlier) > 0 {
		c.legend = append(c.legend, legendEntry{label: in.word("Earlier score"), marker: true, shape: circle, color: grey})
	}
	if sp.Current.Projection.HasBand {
		c.legend = append(c.legend, legendEntry{label: in.word("Projection (95%)"), band: projectionBand})
	}
	v := sp.Current.Verdict
	c.caption = v.Headline() + " (" + v.Rule.Label() + "). " + v.Explanation
	if v.Rule == analysis.RuleNone {
		c.caption = v.Explanation
	}
	if in.NoCaption {
		c.caption = ""
	}
	return c, nil
}

// dateTicks labels the first of each month, with the year on January and
// on the first label; the ends of the range carry no label.
func dateTicks(from, to data.Date, word func(string) string) []chart.Tick {
	ticks := []chart.Tick{{Value: day(from)}}
	first := true
	for d := data.NewDate(from.Year, from.Month+1, 1); d.Before(to); d = data.NewDate(d.Year, d.Month+1, 1) {
		label := word(d.Month.String()[:3])
		if first || d.Month == 1 {
			label += fmt.Sprintf(" %d", d.Year)
		}
		first = false
		ticks = append(ticks, chart.Tick{Value: day(d), Label: label})
	}
	return append(ticks, chart.Tick{Value: day(to)})
}

// segment is the benchmark cut in force over a stretch of time.
type segment struct {
	from, to data.Date
	cut      data.Cut
}

// benchmarkSegments lists the cut in force for the student's grade from each
// window's start to the next window's start, within [from, to].
func benchmarkSegments(in StudentInput, from, to data.Date) []segment {
	current := in.Settings.CurrentYear(in.AsOf)
	var out []segment
	for _, y := range in.Settings.Years {
		grade := gradeInYear(in.Progress.Student.Grade, current.Start.Year-y.Start.Year)
		for i, w := range y.Windows {
			start, end := w.Start, y.End
			if i == 0 {
				start = y.Start
			}
			if i+1 < len(y.Windows) {
				end = y.Windows[i+1].Start.AddDays(-1)
			}
			if end.Before(from) || start.After(to) {
				continue
			}
			cut, ok := in.Progress.Measure.Cut(grade, w.Name)
			if !ok {
				continue
			}
			out = append(out, segment{maxDate(start, from), minDate(end, to), cut})
		}
	}
	return out
}

func gradeInYear(current data.Grade, yearsBack int) data.Grade {
	return current.Before(yearsBack)
}

func maxDate(a, b data.Date) data.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b data.Date) data.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// drawBenchmarks shades the three zones of each segment a teacher reads a
// score against (at or above the benchmark, below it, well below), each
// named at its left edge where it fits, and labels the cut, except where
// the goal marks the same value (a goal without a plan is the spring
// benchmark). For a measure where lower is better the zones turn over.
func drawBenchmarks(p plot, bands []segment, goal analysis.PhaseProgress, lower bool, word func(string) string) {
	bottom, top := p.yr.GetMin(), p.yr.GetMax()
	for _, b := range bands {
		x0, x1 := day(b.from), day(b.to)+1
		wellBelow := b.cut.WellBelow
		if wellBelow == 0 { // no well-below cut: one "below" zone
			wellBelow = bottom
			if lower {
				wellBelow = top
			}
		}
		zones := []struct {
			lo, hi float64
			fill   drawing.Color
			name   string
		}{
			{b.cut.Benchmark, top, atBenchmarkBand, word("At/above")},
			{wellBelow, b.cut.Benchmark, belowBand, word("Below")},
			{bottom, wellBelow, wellBelowBand, word("Well below")},
		}
		if lower {
			zones[0].lo, zones[0].hi = bottom, b.cut.Benchmark
			zones[1].lo, zones[1].hi = b.cut.Benchmark, wellBelow
			zones[2].lo, zones[2].hi = wellBelow, top
		}
		for _, z := range zones {
			lo, hi := math.Max(z.lo, bottom), math.Min(z.hi, top)
			if hi <= lo {
				continue
			}
			p.polygon(z.fill, []float64{x0, x1, x1, x0}, []float64{lo, lo, hi, hi})
			width := p.c.measure(p.r, z.name, 7)
			fits := p.Y(lo)-p.Y(hi) > int(p.c.px(14)) && p.X(x1)-p.X(x0) > width+int(p.c.px(8))
			end, baseline := p.X(x1)-int(p.c.px(4)), p.Y(lo)-int(p.c.px(3))
			zoneLabel := image.Rect(end-width, baseline-int(p.c.px(9)), end, baseline)
			if fits && !zoneLabel.Overlaps(goalLabelBox(p, goal, word)) {
				p.label(z.name, end, baseline, textStyle{size: 7, color: grey, align: right})
			}
		}
		p.line(stroke{color: blue, width: 1}, []float64{x0, x1}, []float64{b.cut.Benchmark, b.cut.Benchmark})
		label := word("Benchmark") + " " + num(b.cut.Benchmark)
		// At the segment's start: the goal sits at the end of the last one.
		sameAsGoal := !goal.Due.IsZero() && goal.Due.Within(b.from, b.to) && math.Abs(goal.Target-b.cut.Benchmark) < 0.5
		if !sameAsGoal && p.X(x1)-p.X(x0) > p.c.measure(p.r, label, 8)+int(p.c.px(8)) {
			p.label(label, p.X(x0)+int(p.c.px(4)), p.Y(b.cut.Benchmark)-int(p.c.px(3)), textStyle{size: 8, color: blue})
		}
	}
}

// phaseMark is a phase line: where a phase starts, and its label.
type phaseMark struct {
	at    float64
	label string
}

// phaseMarks lists the phase lines of the plan shown and of the student's
// other plans on the measure within [from, to], in date order.
func phaseMarks(sp analysis.StudentProgress, in StudentInput, from, to float64) []phaseMark {
	var marks []phaseMark
	add := func(p data.Plan, names []string, earlier bool) {
		for i, ph := range p.Phases {
			x := day(ph.Start)
			if x < from || x > to {
				continue
			}
			label := fmt.Sprintf("%s %d", in.word("Phase"), i+1)
			if earlier {
				label = in.word("Earlier plan") + ", " + strings.ToLower(label)
			}
			if i < len(names) && names[i] != "" {
				label += ": " + names[i]
			}
			marks = append(marks, phaseMark{x, label + fmt.Sprintf(", %d×%d min", ph.SessionsPerWeek, ph.MinutesPerSession)})
		}
	}
	if sp.Plan != nil {
		add(*sp.Plan, in.PhaseNames, false)
	}
	for _, o := range in.OtherPlans {
		if sp.Plan == nil || o.Plan.ID != sp.Plan.ID {
			add(o.Plan, o.Names, true)
		}
	}
	slices.SortStableFunc(marks, func(a, b phaseMark) int { return cmp.Compare(a.at, b.at) })
	return marks
}

// drawPhaseLines draws a vertical line at each phase start, labelled with
// the phase's intervention and intensity; a label that would overlap the one
// before it goes one row lower.
func drawPhaseLines(p plot, marks []phaseMark) {
	const size = 8.5
	lastRight, row := math.MinInt, 0
	for _, m := range marks {
		p.line(stroke{color: grey, width: 1.2, dash: []float64{3, 3}}, []float64{m.at, m.at}, []float64{p.yr.GetMin(), p.yr.GetMax()})
		lx := p.X(m.at) + int(p.c.px(4))
		row = 0
		if lx < lastRight {
			row = 1
		}
		p.label(m.label, lx, p.box.Top+int(p.c.px(12+13*float64(row))), textStyle{size: size, color: grey})
		lastRight = lx + p.c.measure(p.r, m.label, size) + int(p.c.px(6))
	}
}

// drawPhase draws a phase's aimline, trend and projection.
func drawPhase(p plot, ph analysis.PhaseView, asOf data.Date) {
	end := ph.End
	if end.IsZero() || end.After(asOf) {
		end = ph.Due
	}
	if ph.HasAim && !end.IsZero() {
		p.line(aimStroke, []float64{day(ph.Start), day(end)}, []float64{ph.Aim.At(0), ph.Aim.At(end.WeeksSince(ph.Start))})
	}
	if !ph.Trend.OK || len(ph.Points) == 0 {
		return
	}
	first, last := ph.Points[0], ph.Points[len(ph.Points)-1]
	p.line(trendStroke, []float64{day(first.Date), day(last.Date)}, []float64{ph.Trend.At(first.Weeks), ph.Trend.At(last.Weeks)})
	if !ph.Projection.OK || !ph.Due.After(last.Date) {
		return
	}
	due := ph.Due.WeeksSince(ph.Start)
	if ph.Projection.HasBand {
		xs, ys := bandAbove([]float64{day(last.Date), day(ph.Due), day(ph.Due)},
			[]float64{ph.Trend.At(last.Weeks), ph.Projection.High, ph.Projection.Low}, p.yr.GetMin())
		p.polygon(projectionBand, xs, ys)
	}
	p.line(stroke{color: trendColor, width: 1.5, dash: []float64{2, 3}}, []float64{day(last.Date), day(ph.Due)}, []float64{ph.Trend.At(last.Weeks), ph.Trend.At(due)})
}

// bandAbove cuts the projection's triangle (from the trend's last point to
// the high and low ends of the likely range at the goal date) at the value
// axis's floor: a range reaching below zero was drawn under the axis.
func bandAbove(xs, ys []float64, floor float64) ([]float64, []float64) {
	x0, trend, x1, high, low := xs[0], ys[0], xs[1], ys[1], ys[2]
	switch {
	case low >= floor:
		return xs, ys
	case trend <= floor || high <= floor:
		return xs, []float64{math.Max(trend, floor), math.Max(high, floor), floor}
	}
	cross := x0 + (x1-x0)*(trend-floor)/(trend-low)
	return []float64{x0, x1, x1, cross}, []float64{trend, high, floor, floor}
}

func drawGoal(p plot, cur analysis.PhaseProgress, word func(string) string) {
	if cur.Due.IsZero() {
		return
	}
	x, y := p.X(day(cur.Due)), p.Y(cur.Target)
	p.marker(square, goalColor, 6, x, y)
	p.haloLabel(word("Goal")+" "+num(cur.Target), x-int(p.c.px(9)), y-int(p.c.px(9)), textStyle{size: 9, color: black, align: right})
}

// goalLabelBox is where the goal's marker and label are drawn, so that a
// benchmark zone's name is left out rather than written under them; empty
// without a goal.
func goalLabelBox(p plot, cur analysis.PhaseProgress, word func(string) string) image.Rectangle {
	if cur.Due.IsZero() {
		return image.Rectangle{}
	}
	x, y := p.X(day(cur.Due)), p.Y(cur.Target)
	width := p.c.measure(p.r, word("Goal")+" "+num(cur.Target), 9)
	return image.Rect(x-int(p.c.px(9))-width, y-int(p.c.px(21)), x+int(p.c.px(6)), y+int(p.c.px(6)))
}

// noData writes a message across the middle of an empty chart.
func noData(p plot, msg string) {
	p.label(msg, (p.box.Left+p.box.Right)/2, (p.box.Top+p.box.Bottom)/2, textStyle{size: 12, color: grey, align: center})
}

// num formats a value for a label: whole numbers plain, others to one decimal.
func num(f float64) string {
	if math.Abs(f-math.Round(f)) < 0.05 {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

package charts

import (
	"fmt"
	"math"
	"slices"
	"strings"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// GroupsInput is what the group progress and gap charts show: one group
// table per window, in time order, for one measure and grade scope.
type GroupsInput struct {
	Measure   data.Measure
	Dimension data.Dimension
	Grade     data.Grade // data.AllGrades for every grade
	Tables    []analysis.GroupTable
	K         int // groups with fewer students assessed are gaps, not points
	// Uncertain, if set, reports a group's figure of a window (an index
	// into Tables) that is too thin to read as solid data, such as a
	// district figure from one school: it is drawn faded and dotted.
	Uncertain func(window int, g data.Group) bool
}

// ShortLabel names a group in a chart's labels.
func ShortLabel(g data.Group) string {
	if g == analysis.AllStudents {
		return "All students"
	}
	short := map[data.Group]string{
		{Dimension: data.DimRace, Value: string(data.Hispanic)}:        "Hispanic",
		{Dimension: data.DimRace, Value: string(data.AmericanIndian)}:  "Am. Indian",
		{Dimension: data.DimRace, Value: string(data.Asian)}:           "Asian",
		{Dimension: data.DimRace, Value: string(data.Black)}:           "Black",
		{Dimension: data.DimRace, Value: string(data.PacificIslander)}: "Pac. Islander",
		{Dimension: data.DimRace, Value: string(data.White)}:           "White",
		{Dimension: data.DimRace, Value: string(data.TwoOrMore)}:       "Two or more",
		{Dimension: data.DimEL, Value: data.Yes}:                       "EL",
		{Dimension: data.DimEL, Value: data.No}:                        "Not EL",
		{Dimension: data.DimDisability, Value: data.Yes}:               "With IEP",
		{Dimension: data.DimDisability, Value: data.No}:                "No IEP",
		{Dimension: data.Dim504, Value: data.Yes}:                      "504",
		{Dimension: data.Dim504, Value: data.No}:                       "Not 504",
		{Dimension: data.DimEcon, Value: data.Yes}:                     "Econ. disadv.",
		{Dimension: data.DimEcon, Value: data.No}:                      "Not econ. disadv.",
	}
	if s, ok := short[g]; ok {
		return s
	}
	return g.Label()
}

// windowLabel names a window on an x axis: "Fall 24", "Win 25", "Spr 25".
func windowLabel(t analysis.GroupTable) string {
	w := t.Year.Window(t.Window)
	return fmt.Sprintf("%s %02d", map[data.WindowName]string{data.Fall: "Fall", data.Winter: "Win", data.Spring: "Spr"}[t.Window], w.Start.Year%100)
}

// groupLine is one group's values over the windows; NaN marks a window
// where the group was under k (a gap in the line).
type groupLine struct {
	group  data.Group
	values []float64
	faded  []bool // values drawn as uncertain
	style  stroke
	shape  shape
	color  drawing.Color
}

// lines builds a line per group with at least k students in some window,
// all students first, from a value of each table's cell.
func lines(in GroupsInput, value func(t analysis.GroupTable, c analysis.GroupCell) float64) []groupLine {
	groups := []data.Group{analysis.AllStudents}
	for _, t := range in.Tables {
		for _, c := range t.Cells {
			if c.Grade == in.Grade && c.Group.Dimension == in.Dimension && c.N >= in.K && !slices.Contains(groups, c.Group) {
				groups = append(groups, c.Group)
			}
		}
	}
	// Keep the order of the dimension's values, not of first appearance.
	order := data.DimensionValues(in.Dimension)
	slices.SortStableFunc(groups[1:], func(a, b data.Group) int {
		return slices.Index(order, a.Value) - slices.Index(order, b.Value)
	})
	out := make([]groupLine, len(groups))
	for i, g := range groups {
		l := groupLine{group: g, values: make([]float64, len(in.Tables)), faded: make([]bool, len(in.Tables))}
		if i == 0 {
			l.style, l.shape, l.color = stroke{color: black, width: 3.5}, circle, black
		} else {
			// A group keeps its colour and marker from chart to chart: they
			// follow its place among the dimension's values.
			j := i - 1
			if k := slices.Index(order, g.Value); k >= 0 {
				j = k
			}
			j %= len(seriesColors)
			l.color, l.shape = seriesColors[j], seriesShapes[j]
			l.style = stroke{color: l.color, width: 2, dash: [][]float64{nil, {7, 4}, {2, 3}}[j%3]}
		}
		for w, t := range in.Tables {
			c, ok := t.Cell(in.Grade, g)
			if !ok || c.N < in.K {
				l.values[w] = math.NaN()
				continue
			}
			l.values[w] = value(t, c)
			l.faded[w] = in.Uncertain != nil && in.Uncertain(w, g)
		}
		out[i] = l
	}
	return out
}

// Groups draws % at/above benchmark per window, a line per group of the
// dimension, all students thicker. A group under k in a window is a gap.
// Each line ends in a label with the group's name and latest value; the
// all-students line has every value labelled.
func Groups(in GroupsInput, size Size) (*Chart, error) {
	title := fmt.Sprintf("%s · %% at or above benchmark by %s", in.Measure.Name, lower(in.Dimension.Label()))
	c, err := newChart(size, title+gradeSuffix(in.Grade))
	if err != nil {
		return nil, err
	}
	ls := lines(in, func(_ analysis.GroupTable, c analysis.GroupCell) float64 { return c.Pct() })
	yTicks, yr := niceTicks(0, 100, 5, func(v float64) string { return fmt.Sprintf("%.0f%%", v) })
	c.axes("", windowRange(in.Tables), windowTicks(in.Tables), "% at or above benchmark", yr, yTicks)
	c.rightMargin = 130
	c.layers = append(c.layers, func(p plot) { drawLines(p, ls, in.Tables, "%.0f%%") })
	c.legend = lineLegend(ls)
	c.caption = fmt.Sprintf("Groups with fewer than %d students assessed in a window are left out of that window.", in.K) + fadedCaption(ls)
	return c, nil
}

// Gaps draws each group's gap to all students, in percentage points, over
// the windows, with the zero line of all students.
func Gaps(in GroupsInput, size Size) (*Chart, error) {
	title := fmt.Sprintf("%s · gap to all students by %s", in.Measure.Name, lower(in.Dimension.Label()))
	c, err := newChart(size, title+gradeSuffix(in.Grade))
	if err != nil {
		return nil, err
	}
	ls := lines(in, func(t analysis.GroupTable, c analysis.GroupCell) float64 { return t.GapToAll(c) })[1:]
	lo, hi := -10.0, 10.0
	for _, l := range ls {
		for _, v := range l.values {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	yTicks, yr := niceTicks(lo, hi, 6, signed)
	c.axes("", windowRange(in.Tables), windowTicks(in.Tables), "percentage points", yr, yTicks)
	c.rightMargin = 130
	c.layers = append(c.layers, func(p plot) {
		xs := []float64{p.xr.GetMin(), p.xr.GetMax()}
		p.line(stroke{color: black, width: 2.5}, xs, []float64{0, 0})
		p.label("All students", p.box.Right+int(p.c.px(6)), p.Y(0)+int(p.c.px(4)), textStyle{size: 9, color: black, bold: true})
		drawLines(p, ls, in.Tables, "%+.0f")
	})
	c.legend = lineLegend(ls)
	c.caption = fmt.Sprintf("Above zero: the group does better than all students; below: worse. Groups under %d students in a window are left out of that window.", in.K) + fadedCaption(ls)
	return c, nil
}

// fadedCaption explains faded points when a chart has any.
func fadedCaption(ls []groupLine) string {
	if !anyFaded(ls) {
		return ""
	}
	return " Faded and dotted: an uncertain figure."
}

// signed formats a gap in points: "+12", "0", "-8".
func signed(v float64) string {
	if math.Round(v) == 0 {
		return "0"
	}
	return fmt.Sprintf("%+.0f", v)
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func gradeSuffix(g data.Grade) string {
	if g == analysis.AllGrades {
		return ""
	}
	return " · " + g.Label()
}

func windowRange(tables []analysis.GroupTable) [2]float64 {
	return [2]float64{-0.4, float64(len(tables)) - 0.6}
}

func windowTicks(tables []analysis.GroupTable) []chart.Tick {
	r := windowRange(tables)
	ticks := []chart.Tick{{Value: r[0]}}
	for i, t := range tables {
		ticks = append(ticks, chart.Tick{Value: float64(i), Label: windowLabel(t)})
	}
	return append(ticks, chart.Tick{Value: r[1]})
}

func lineLegend(ls []groupLine) []legendEntry {
	out := make([]legendEntry, len(ls))
	for i, l := range ls {
		st := l.style
		out[i] = legendEntry{label: ShortLabel(l.group), line: &st, marker: true, shape: l.shape, color: l.color}
	}
	return out
}

// drawLines draws the lines with their markers, the all-students values,
// and an end label per line, moved apart so that no two overlap.
// fadedAlpha is the opacity of an uncertain figure's line and marker.
const fadedAlpha = 90

// fadedStroke draws a line's uncertain segments: lighter and dotted.
func fadedStroke(l groupLine) stroke {
	return stroke{color: l.color.WithAlpha(fadedAlpha), width: l.style.width, dash: []float64{2, 4}}
}

// anyFaded reports whether a chart draws an uncertain figure, which its
// caption then explains.
func anyFaded(ls []groupLine) bool {
	for _, l := range ls {
		if slices.Contains(l.faded, true) {
			return true
		}
	}
	return false
}

func drawLines(p plot, ls []groupLine, tables []analysis.GroupTable, format string) {
	type endLabel struct {
		y, pointY int
		text      string
		color     drawing.Color
		x         int
	}
	var ends []endLabel
	for _, l := range ls {
		var xs, ys []float64
		flush := func() {
			p.line(l.style, xs, ys)
			xs, ys = nil, nil
		}
		last := -1
		for w, v := range l.values {
			if math.IsNaN(v) {
				flush()
				continue
			}
			if w > 0 && !math.IsNaN(l.values[w-1]) && (l.faded[w] || l.faded[w-1]) {
				// A segment to or from an uncertain figure is drawn faded.
				flush()
				p.line(fadedStroke(l), []float64{float64(w - 1), float64(w)}, []float64{l.values[w-1], v})
			}
			xs, ys = append(xs, float64(w)), append(ys, v)
			last = w
		}
		flush()
		for w, v := range l.values {
			if !math.IsNaN(v) {
				color := l.color
				if l.faded[w] {
					color = color.WithAlpha(fadedAlpha)
				}
				p.marker(l.shape, color, 4.5, p.X(float64(w)), p.Y(v))
			}
		}
		switch {
		case last >= 0 && last == len(l.values)-1:
			v := l.values[last]
			ends = append(ends, endLabel{y: p.Y(v), pointY: p.Y(v), x: p.X(float64(last)), text: fmt.Sprintf("%s "+format, ShortLabel(l.group), v), color: l.color})
		case last >= 0:
			// A line that stops early is labelled where it stops.
			v := l.values[last]
			p.haloLabel(fmt.Sprintf("%s "+format, ShortLabel(l.group), v), p.X(float64(last))+int(p.c.px(8)), p.Y(v)+int(p.c.px(4)), textStyle{size: 8.5, color: black})
		}
	}
	// The all-students values go on top of every line.
	if len(ls) > 0 && ls[0].group == analysis.AllStudents {
		for w, v := range ls[0].values {
			if !math.IsNaN(v) {
				p.haloLabel(fmt.Sprintf(format, v), p.X(float64(w)), p.Y(v)-int(p.c.px(9)), textStyle{size: 8, color: black, align: center})
			}
		}
	}
	// De-overlap: sort by height, push each label below the one above it,
	// then pull the column back up if it ran off the bottom.
	gap := int(p.c.px(12))
	slices.SortFunc(ends, func(a, b endLabel) int { return a.y - b.y })
	for i := 1; i < len(ends); i++ {
		ends[i].y = max(ends[i].y, ends[i-1].y+gap)
	}
	if n := len(ends); n > 0 && ends[n-1].y > p.box.Bottom {
		ends[n-1].y = p.box.Bottom
		for i := n - 2; i >= 0; i-- {
			ends[i].y = min(ends[i].y, ends[i+1].y-gap)
		}
	}
	lx := p.box.Right + int(p.c.px(8))
	for _, e := range ends {
		p.r.ResetStyle()
		p.r.SetStrokeColor(e.color)
		p.r.SetStrokeWidth(p.c.px(0.8))
		p.r.MoveTo(e.x+int(p.c.px(6)), e.pointY)
		p.r.LineTo(lx-int(p.c.px(2)), e.y-int(p.c.px(3)))
		p.r.Stroke()
		p.label(e.text, lx, e.y, textStyle{size: 8.5, color: black})
	}
}

// Package charts draws Tierline's charts with go-chart: domain values in,
// PNG or SVG bytes (or an image for the desktop) out. It holds no store and
// no UI. Every chart uses the Okabe–Ito colour-blind-safe palette and never
// colour alone: each series also has its own marker, dash style or label.
//
// go-chart draws the frame: the canvas, the axes, their ticks and grid. The
// marks are drawn by one custom series (a layer) that maps data to pixels
// with the chart's own ranges, so markers, bands and labels line up exactly.
package charts

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Format is an output format.
type Format int

// The output formats.
const (
	PNG Format = iota
	SVG
)

// FormatOf picks the format from a file name's extension (.png or .svg).
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return 0, fmt.Errorf("%s: the chart format comes from the extension, .png or .svg", path)
}

// Size is a chart's size in pixels. Scale sizes text and strokes: 0 means
// "by the width" (1 at 800 pixels wide, for files); the desktop passes its
// screen scale, so that a chart in a small panel keeps legible text.
type Size struct {
	W, H  int
	Scale float64
}

// Standard sizes: the desktop's and a projector's.
var (
	Default = Size{W: 800, H: 450}
	Large   = Size{W: 1600, H: 900}
)

// The Okabe–Ito palette.
var (
	black         = drawing.ColorFromHex("000000")
	orange        = drawing.ColorFromHex("E69F00")
	skyBlue       = drawing.ColorFromHex("56B4E9")
	bluishGreen   = drawing.ColorFromHex("009E73")
	yellow        = drawing.ColorFromHex("F0E442")
	blue          = drawing.ColorFromHex("0072B2")
	vermillion    = drawing.ColorFromHex("D55E00")
	reddishPurple = drawing.ColorFromHex("CC79A7")
	grey          = drawing.ColorFromHex("6B6B6B")
	lightGrey     = drawing.ColorFromHex("E8E8E8")
	white         = drawing.ColorFromHex("FFFFFF")
)

// seriesColors are the colours of a chart's groups, in order; black is kept
// for "all students".
var seriesColors = []drawing.Color{blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, grey, yellow}

var (
	fontOnce sync.Once
	theFont  *truetype.Font
	fontErr  error
)

// font loads go-chart's embedded Roboto once: its lazy loading races on
// first concurrent use.
func font() (*truetype.Font, error) {
	fontOnce.Do(func() { theFont, fontErr = chart.GetDefaultFont() })
	return theFont, fontErr
}

// Chart is a chart ready to draw: a go-chart Chart sized and scaled for its
// output, with room above for the title and legend and below for a caption.
type Chart struct {
	format  Format
	size    Size
	scale   float64 // 1 at 800 px wide
	font    *truetype.Font
	title   string
	legend  []legendEntry
	caption string
	// extra room outside the canvas, for end labels and category notes (px at 800 wide)
	rightMargin, bottomMargin float64
	chart                     chart.Chart
	layers                    []func(p plot)
}

func newChart(size Size, title string) (*Chart, error) {
	if size.W < 200 || size.H < 150 {
		return nil, fmt.Errorf("chart size %dx%d is too small (at least 200x150)", size.W, size.H)
	}
	f, err := font()
	if err != nil {
		return nil, fmt.Errorf("load the chart font: %w", err)
	}
	scale := size.Scale
	if scale <= 0 {
		scale = float64(size.W) / 800
	}
	c := &Chart{size: size, scale: scale, font: f, title: title}
	c.chart = chart.Chart{
		Width: size.W, Height: size.H, Font: f, DPI: 92 * scale,
		Background: chart.Style{FillColor: white},
		Canvas:     chart.Style{FillColor: white},
	}
	return c, nil
}

// px scales a length given for an 800-pixel-wide chart.
func (c *Chart) px(v float64) float64 { return v * c.scale }

// text escapes a label for SVG: go-chart writes text into the SVG as is.
func (c *Chart) text(s string) string {
	if c.format == SVG {
		return html.EscapeString(s)
	}
	return s
}

// axes sets the axes: explicit ranges and ticks, y on the left.
func (c *Chart) axes(xName string, xr [2]float64, xTicks []chart.Tick, yName string, yr [2]float64, yTicks []chart.Tick) {
	axisStyle := chart.Style{FontSize: 9, FontColor: grey, StrokeColor: grey, StrokeWidth: c.px(1)}
	nameStyle := chart.Style{FontSize: 10, FontColor: black}
	grid := chart.Style{StrokeColor: lightGrey, StrokeWidth: c.px(1)}
	c.chart.XAxis = chart.XAxis{Name: xName, NameStyle: nameStyle, Style: axisStyle,
		Range: &chart.ContinuousRange{Min: xr[0], Max: xr[1]}, Ticks: xTicks}
	c.chart.YAxis = chart.YAxis{Name: yName, NameStyle: nameStyle, Style: axisStyle, AxisType: chart.YAxisSecondary,
		Range: &chart.ContinuousRange{Min: yr[0], Max: yr[1]}, Ticks: yTicks, GridMajorStyle: grid}
}

// render draws the chart with the renderer of the format.
func (c *Chart) render(format Format, w io.Writer) error {
	c.format = format
	rp := withTextCache(rasterOverWhite, rasterText)
	ch := c.chart
	if format == SVG {
		rp = withTextCache(chart.SVG, vectorText)
		ch.XAxis.Name, ch.YAxis.Name = c.text(ch.XAxis.Name), c.text(ch.YAxis.Name)
		ch.XAxis.Ticks = escapeTicks(c, ch.XAxis.Ticks)
		ch.YAxis.Ticks = escapeTicks(c, ch.YAxis.Ticks)
	} else {
		// Drawn on a transparent canvas, laid over white at the end.
		ch.Background.FillColor, ch.Canvas.FillColor = drawing.ColorTransparent, drawing.ColorTransparent
	}
	// A title too long for a narrow chart wraps, and what is below it moves
	// down by the lines it added.
	titleLines := c.wrap(c.title, titleSize)
	titleExtra := c.px(titleLineHeight) * float64(max(len(titleLines)-1, 0))
	top := c.px(40) + titleExtra
	if len(c.legend) > 0 {
		top += c.legendHeight()
	}
	// The value axis's name stands level above its labels: go-chart turns
	// it on its side beside them, where it runs into them.
	yName := ch.YAxis.Name
	ch.YAxis.Name = ""
	if yName != "" {
		top += c.px(14)
	}
	bottom := c.px(12 + c.bottomMargin)
	captionLines := c.wrap(c.caption, 9.5)
	if len(captionLines) > 0 {
		bottom += c.px(14) * float64(len(captionLines))
	}
	ch.Background.Padding = chart.Box{Top: int(top), Left: int(c.px(12)), Right: int(c.px(24 + c.rightMargin)), Bottom: int(bottom)}
	if r, err := chart.PNG(c.size.W, 10); err == nil {
		// Labels that would run into each other are thinned, on a narrow or
		// a short chart: every second (third…) one keeps its label.
		r.SetDPI(c.chart.DPI)
		plotW := float64(c.size.W) - c.px(12) - c.px(24+c.rightMargin) - c.px(40)
		plotH := float64(c.size.H) - top - bottom - c.px(24)
		ch.XAxis.Ticks = thinTicks(ch.XAxis.Ticks, ch.XAxis.Range, plotW, func(l string) float64 { return float64(c.measure(r, l, 9)) + c.px(10) })
		ch.YAxis.Ticks = thinTicks(ch.YAxis.Ticks, ch.YAxis.Range, plotH, func(string) float64 { return c.px(15) })
	}
	ch.Series = []chart.Series{layer{draw: func(p plot) {
		for _, l := range c.layers {
			l(p)
		}
	}, chart: c}}
	ch.Elements = []chart.Renderable{func(r chart.Renderer, canvas chart.Box, _ chart.Style) {
		c.drawFrame(r, titleLines, titleExtra, captionLines)
		if yName != "" {
			c.drawText(r, yName, int(c.px(12)), canvas.Top-int(c.px(7)), textStyle{size: 9.5, color: black})
		}
	}}
	if err := ch.Render(rp, w); err != nil {
		return fmt.Errorf("draw %q: %w", c.title, err)
	}
	return nil
}

// thinTicks drops labelled ticks so that the labels left, each
// size(label) long along an axis length pixels long over rng, do not
// overlap: it keeps every k-th for the smallest k that fits. (Dropped, not
// blanked: go-chart measures an empty y label as a box without bounds and
// lays the chart out from it.)
func thinTicks(ticks []chart.Tick, rng chart.Range, length float64, size func(string) float64) []chart.Tick {
	if rng == nil || rng.GetDelta() <= 0 || length <= 0 {
		return ticks
	}
	var labelled []int
	for i, t := range ticks {
		if t.Label != "" {
			labelled = append(labelled, i)
		}
	}
	pos := func(i int) float64 { return (ticks[i].Value - rng.GetMin()) / rng.GetDelta() * length }
	fits := func(k int) bool {
		for j := k; j < len(labelled); j += k {
			a, b := labelled[j-k], labelled[j]
			if pos(b)-pos(a) < (size(ticks[a].Label)+size(ticks[b].Label))/2 {
				return false
			}
		}
		return true
	}
	k := 1
	for k < len(labelled) && !fits(k) {
		k++
	}
	if k == 1 {
		return ticks
	}
	drop := map[int]bool{}
	for j, i := range labelled {
		drop[i] = j%k != 0
	}
	var out []chart.Tick
	for i, t := range ticks {
		if !drop[i] {
			out = append(out, t)
		}
	}
	return out
}

func escapeTicks(c *Chart, ticks []chart.Tick) []chart.Tick {
	out := make([]chart.Tick, len(ticks))
	for i, t := range ticks {
		out[i] = chart.Tick{Value: t.Value, Label: c.text(t.Label)}
	}
	return out
}

// Encode renders the chart as PNG or SVG.
func (c *Chart) Encode(format Format) ([]byte, error) {
	if format == SVG {
		var buf bytes.Buffer
		if err := c.render(format, &buf); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	img, err := c.Image()
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// rgbaCollector takes go-chart's raster image instead of a PNG encoding of it.
type rgbaCollector struct{ img *image.RGBA }

func (r *rgbaCollector) SetRGBA(i *image.RGBA)       { r.img = i }
func (r *rgbaCollector) Write(p []byte) (int, error) { return len(p), nil }

// Image renders the chart as an image, for the desktop.
func (c *Chart) Image() (*image.RGBA, error) {
	out := &rgbaCollector{}
	if err := c.render(PNG, out); err != nil {
		return nil, err
	}
	overWhite(out.img)
	return out.img, nil
}

// rasterOverWhite is go-chart's raster renderer without its two
// full-canvas background fills: the rasterizer would cover every pixel
// twice (a fifth of a chart's drawing time) to paint white. The chart is
// drawn on a transparent canvas instead and laid over white at the end
// (overWhite), which gives the same pixels: "over" is associative.
func rasterOverWhite(w, h int) (chart.Renderer, error) {
	r, err := chart.PNG(w, h)
	if err != nil {
		return nil, err
	}
	return &skipTransparentFills{Renderer: r}, nil
}

// skipTransparentFills strokes, instead of filling, a path whose fill is
// transparent: nothing shows either way, but a stroke costs the path's
// length, a fill its area. The stroke consumes the path, as a fill would.
type skipTransparentFills struct {
	chart.Renderer
	fill drawing.Color
}

func (r *skipTransparentFills) SetFillColor(c drawing.Color) {
	r.fill = c
	r.Renderer.SetFillColor(c)
}

func (r *skipTransparentFills) ResetStyle() {
	r.fill = drawing.Color{}
	r.Renderer.ResetStyle()
}

func (r *skipTransparentFills) Fill() {
	if r.fill.A == 0 {
		r.Renderer.Stroke()
		return
	}
	r.Renderer.Fill()
}

func (r *skipTransparentFills) FillStroke() {
	if r.fill.A == 0 {
		r.Renderer.Stroke()
		return
	}
	r.Renderer.FillStroke()
}

// overWhite lays a premultiplied image over white, in place.
func overWhite(img *image.RGBA) {
	pix := img.Pix
	for i := 0; i+3 < len(pix); i += 4 {
		if a := pix[i+3]; a != 255 {
			lift := 255 - a
			pix[i], pix[i+1], pix[i+2], pix[i+3] = pix[i]+lift, pix[i+1]+lift, pix[i+2]+lift, 255
		}
	}
}

// layer is the custom series that draws a chart's marks.
type layer struct {
	draw  func(p plot)
	chart *Chart
}

func (l layer) GetName() string           { return "" }
func (l layer) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }
func (l layer) GetStyle() chart.Style     { return chart.Style{} }
func (l layer) Validate() error           { return nil }
func (l layer) Render(r chart.Renderer, box chart.Box, xr, yr chart.Range, _ chart.Style) {
	l.draw(plot{r: r, box: box, xr: xr, yr: yr, c: l.chart})
}

// plot maps data to pixels inside the chart's canvas box.
type plot struct {
	r      chart.Renderer
	box    chart.Box
	xr, yr chart.Range
	c      *Chart
}

func (p plot) X(v float64) int { return p.box.Left + p.xr.Translate(v) }
func (p plot) Y(v float64) int { return p.box.Bottom - p.yr.Translate(v) }

// stroke is how a line is drawn.
type stroke struct {
	color drawing.Color
	width float64 // for an 800-pixel chart
	dash  []float64
}

func (p plot) line(s stroke, xs, ys []float64) {
	if len(xs) < 2 {
		return
	}
	p.r.ResetStyle()
	p.r.SetStrokeColor(s.color)
	p.r.SetStrokeWidth(p.c.px(s.width))
	if s.dash != nil {
		dash := make([]float64, len(s.dash))
		for i, d := range s.dash {
			dash[i] = p.c.px(d)
		}
		p.r.SetStrokeDashArray(dash)
	}
	p.r.MoveTo(p.X(xs[0]), p.Y(ys[0]))
	for i := 1; i < len(xs); i++ {
		p.r.LineTo(p.X(xs[i]), p.Y(ys[i]))
	}
	p.r.Stroke()
	p.r.ResetStyle()
}

// polygon fills a shape given in data coordinates.
func (p plot) polygon(fill drawing.Color, xs, ys []float64) {
	p.r.ResetStyle()
	p.r.SetFillColor(fill)
	p.r.MoveTo(p.X(xs[0]), p.Y(ys[0]))
	for i := 1; i < len(xs); i++ {
		p.r.LineTo(p.X(xs[i]), p.Y(ys[i]))
	}
	p.r.Close()
	p.r.Fill()
	p.r.ResetStyle()
}

// rect fills a rectangle given in pixels.
func (p plot) rect(fill drawing.Color, x0, y0, x1, y1 int) {
	p.r.ResetStyle()
	p.r.SetFillColor(fill)
	p.r.MoveTo(x0, y0)
	p.r.LineTo(x1, y0)
	p.r.LineTo(x1, y1)
	p.r.LineTo(x0, y1)
	p.r.Close()
	p.r.Fill()
	p.r.ResetStyle()
}

// label draws text at a pixel position.
func (p plot) label(s string, x, y int, t textStyle) { p.c.drawText(p.r, s, x, y, t) }

// haloLabel draws text on a white patch, so that lines under it do not hide it.
func (p plot) haloLabel(s string, x, y int, t textStyle) {
	w := p.c.measure(p.r, s, t.size)
	h := int(p.c.px(t.size * 1.25))
	x0 := x
	switch t.align {
	case center:
		x0 -= w / 2
	case right:
		x0 -= w
	}
	pad := int(p.c.px(2))
	p.rect(drawing.Color{R: 255, G: 255, B: 255, A: 220}, x0-pad, y-h+pad, x0+w+pad, y+pad+pad/2)
	p.label(s, x, y, t)
}

// shape is a marker's shape: with colour and dash, what tells series apart.
type shape int

const (
	circle shape = iota
	square
	triangle
	diamond
	triangleDown
	plus
	cross
)

var seriesShapes = []shape{circle, square, triangle, diamond, triangleDown, plus, cross, circle}

// marker draws a marker centred on a pixel position.
func (p plot) marker(sh shape, color drawing.Color, size float64, x, y int) {
	drawMarker(p.r, p.c, sh, color, size, x, y)
}

func drawMarker(r chart.Renderer, c *Chart, sh shape, color drawing.Color, size float64, x, y int) {
	s := c.px(size)
	r.ResetStyle()
	r.SetFillColor(color)
	r.SetStrokeColor(white)
	r.SetStrokeWidth(c.px(1))
	pt := func(dx, dy float64) (int, int) { return x + int(math.Round(dx*s)), y + int(math.Round(dy*s)) }
	poly := func(pts ...[2]float64) {
		r.MoveTo(pt(pts[0][0], pts[0][1]))
		for _, q := range pts[1:] {
			r.LineTo(pt(q[0], q[1]))
		}
		r.Close()
		r.FillStroke()
	}
	switch sh {
	case circle:
		r.Circle(s, x, y)
		r.FillStroke()
	case square:
		poly([2]float64{-0.85, -0.85}, [2]float64{0.85, -0.85}, [2]float64{0.85, 0.85}, [2]float64{-0.85, 0.85})
	case triangle:
		poly([2]float64{0, -1.15}, [2]float64{1, 0.75}, [2]float64{-1, 0.75})
	case triangleDown:
		poly([2]float64{0, 1.15}, [2]float64{1, -0.75}, [2]float64{-1, -0.75})
	case diamond:
		poly([2]float64{0, -1.2}, [2]float64{1.1, 0}, [2]float64{0, 1.2}, [2]float64{-1.1, 0})
	case plus, cross:
		r.ResetStyle()
		r.SetStrokeColor(color)
		r.SetStrokeWidth(c.px(2.5))
		a, b := 1.1, 0.0
		if sh == cross {
			a, b = 0.85, 0.85
		}
		r.MoveTo(pt(-a, -b))
		r.LineTo(pt(a, b))
		r.Stroke()
		r.MoveTo(pt(b, -a))
		r.LineTo(pt(-b, a))
		r.Stroke()
	}
	r.ResetStyle()
}

// alignment places a label relative to its x position.
type alignment int

const (
	left alignment = iota
	center
	right
)

// textStyle is how a label is drawn.
type textStyle struct {
	size  float64 // points, at the chart's DPI
	color drawing.Color
	align alignment
	bold  bool
}

func (c *Chart) drawText(r chart.Renderer, s string, x, y int, t textStyle) {
	r.ResetStyle()
	r.SetFont(c.font)
	r.SetFontSize(t.size)
	r.SetFontColor(t.color)
	switch t.align {
	case center:
		x -= r.MeasureText(s).Width() / 2
	case right:
		x -= r.MeasureText(s).Width()
	}
	r.Text(c.text(s), x, y)
	if t.bold { // Roboto Medium has no bold face: overprint one pixel right.
		r.Text(c.text(s), x+1, y)
	}
	r.ResetStyle()
}

func (c *Chart) measure(r chart.Renderer, s string, size float64) int {
	r.SetFont(c.font)
	r.SetFontSize(size)
	return r.MeasureText(s).Width()
}

// legendEntry is one item of a chart's legend: a marker, a line or a band.
type legendEntry struct {
	label  string
	shape  shape
	marker bool
	line   *stroke
	band   drawing.Color
	color  drawing.Color
}

func (c *Chart) legendHeight() float64 {
	rows := 1 + len(c.legend)/5
	return c.px(16) * float64(rows)
}

// The title's font size and the height of each of its lines, in points.
const titleSize, titleLineHeight = 13.5, 18

// drawFrame draws the title, the legend and the caption around the canvas;
// titleExtra is the height the title's lines after the first take.
func (c *Chart) drawFrame(r chart.Renderer, titleLines []string, titleExtra float64, captionLines []string) {
	for i, line := range titleLines {
		c.drawText(r, line, int(c.px(12)), int(c.px(22+titleLineHeight*float64(i))), textStyle{size: titleSize, color: black})
	}
	x, y := c.px(14), c.px(44)+titleExtra
	for _, e := range c.legend {
		w := float64(c.measure(r, e.label, 9)) + c.px(34)
		if x+w > float64(c.size.W)-c.px(10) {
			x, y = c.px(14), y+c.px(16)
		}
		cx, cy := int(x+c.px(10)), int(y-c.px(4))
		switch {
		case e.band != (drawing.Color{}):
			r.ResetStyle()
			r.SetFillColor(e.band)
			r.MoveTo(int(x), cy-int(c.px(5)))
			r.LineTo(int(x+c.px(20)), cy-int(c.px(5)))
			r.LineTo(int(x+c.px(20)), cy+int(c.px(5)))
			r.LineTo(int(x), cy+int(c.px(5)))
			r.Close()
			r.Fill()
		case e.line != nil:
			r.ResetStyle()
			r.SetStrokeColor(e.line.color)
			r.SetStrokeWidth(c.px(e.line.width))
			if e.line.dash != nil {
				dash := make([]float64, len(e.line.dash))
				for i, d := range e.line.dash {
					dash[i] = c.px(d)
				}
				r.SetStrokeDashArray(dash)
			}
			r.MoveTo(int(x), cy)
			r.LineTo(int(x+c.px(20)), cy)
			r.Stroke()
		}
		if e.marker {
			drawMarker(r, c, e.shape, e.color, 4.5, cx, cy)
		}
		c.drawText(r, e.label, int(x+c.px(25)), int(y), textStyle{size: 9, color: black})
		x += w
	}
	ly := float64(c.size.H) - c.px(8) - c.px(14)*float64(len(captionLines)-1)
	for i, line := range captionLines {
		c.drawText(r, line, int(c.px(12)), int(ly+c.px(14)*float64(i)), textStyle{size: 9.5, color: black})
	}
}

// wrap breaks text into lines that fit the chart's width at a font size.
func (c *Chart) wrap(text string, size float64) []string {
	if text == "" {
		return nil
	}
	r, err := withTextCache(chart.PNG, rasterText)(c.size.W, 10)
	if err != nil {
		return []string{text}
	}
	r.SetDPI(c.chart.DPI)
	max := c.size.W - int(c.px(24))
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		try := strings.TrimSpace(line + " " + word)
		if line != "" && c.measure(r, try, size) > max {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	return append(lines, line)
}

// niceTicks returns round tick values covering [lo, hi] with about n steps,
// and the widened range they span.
func niceTicks(lo, hi float64, n int, format func(float64) string) ([]chart.Tick, [2]float64) {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step) * step
	var ticks []chart.Tick
	for v := start; v <= end+step/2; v += step {
		ticks = append(ticks, chart.Tick{Value: v, Label: format(v)})
	}
	return ticks, [2]float64{start, end}
}

func wholeNumber(v float64) string { return fmt.Sprintf("%.0f", v) }

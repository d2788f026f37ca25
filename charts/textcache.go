package charts

import (
	"sync"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	xfont "golang.org/x/image/font"
)

// go-chart measures text afresh on every call: its SVG renderer builds a
// new truetype face (glyph caches and all) per measurement, its raster
// renderer loads every glyph's outline. A chart measures the same labels
// many times (ticks, legend, title, caption wrapping) and charts share most
// of them, so measurements are kept per font, size, DPI and text, and the
// SVG renderer's misses use one face per font, size and DPI.

// textKind tells the renderers apart: they measure differently.
type textKind int

const (
	rasterText textKind = iota
	vectorText
)

type measureKey struct {
	kind      textKind
	font      *truetype.Font
	size, dpi float64
	text      string
}

// maxMeasures bounds the measurement cache: names in titles vary without
// end, so at the bound the cache starts again.
const maxMeasures = 8192

var measures = struct {
	sync.Mutex
	boxes map[measureKey]chart.Box
}{boxes: map[measureKey]chart.Box{}}

type faceKey struct {
	font      *truetype.Font
	size, dpi float64
}

// sharedFace is a truetype face with its lock: a face caches glyphs and is
// not safe for concurrent use.
type sharedFace struct {
	sync.Mutex
	face xfont.Face
}

var faces sync.Map // faceKey → *sharedFace

func faceFor(k faceKey) *sharedFace {
	if f, ok := faces.Load(k); ok {
		return f.(*sharedFace)
	}
	f, _ := faces.LoadOrStore(k, &sharedFace{face: truetype.NewFace(k.font, &truetype.Options{DPI: k.dpi, Size: k.size})})
	return f.(*sharedFace)
}

// withTextCache wraps a go-chart renderer provider so that its renderers
// measure text through the caches.
func withTextCache(rp chart.RendererProvider, kind textKind) chart.RendererProvider {
	return func(w, h int) (chart.Renderer, error) {
		r, err := rp(w, h)
		if err != nil {
			return nil, err
		}
		return &textCache{Renderer: r, kind: kind}, nil
	}
}

// textCache follows the font, size and rotation the renderer is given, as
// the renderer keeps them: ResetStyle keeps the font and clears the size.
type textCache struct {
	chart.Renderer
	kind    textKind
	font    *truetype.Font
	size    float64
	rotated bool // rotated text is measured by the renderer, uncached
}

func (t *textCache) SetFont(f *truetype.Font) { t.font = f; t.Renderer.SetFont(f) }
func (t *textCache) SetFontSize(s float64)    { t.size = s; t.Renderer.SetFontSize(s) }
func (t *textCache) ResetStyle()              { t.size = 0; t.Renderer.ResetStyle() }
func (t *textCache) SetTextRotation(radians float64) {
	t.rotated = true
	t.Renderer.SetTextRotation(radians)
}
func (t *textCache) ClearTextRotation() { t.rotated = false; t.Renderer.ClearTextRotation() }

// MeasureText is the renderer's measurement of the text, from the cache.
func (t *textCache) MeasureText(body string) chart.Box {
	if t.rotated || t.font == nil {
		return t.Renderer.MeasureText(body)
	}
	k := measureKey{kind: t.kind, font: t.font, size: t.size, dpi: t.Renderer.GetDPI(), text: body}
	measures.Lock()
	box, ok := measures.boxes[k]
	measures.Unlock()
	if ok {
		return box
	}
	if t.kind == vectorText {
		box = vectorMeasure(k)
	} else {
		box = t.Renderer.MeasureText(body)
	}
	measures.Lock()
	if len(measures.boxes) >= maxMeasures {
		clear(measures.boxes)
	}
	measures.boxes[k] = box
	measures.Unlock()
	return box
}

// vectorMeasure is go-chart's SVG measurement of unrotated text, with a
// shared face instead of a new one.
func vectorMeasure(k measureKey) chart.Box {
	f := faceFor(faceKey{font: k.font, size: k.size, dpi: k.dpi})
	f.Lock()
	w := xfont.MeasureString(f.face, k.text).Ceil()
	f.Unlock()
	return chart.Box{Right: w, Bottom: int(drawing.PointsToPixels(k.dpi, k.size))}
}

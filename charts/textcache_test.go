package charts

import (
	"testing"

	chart "github.com/wcharczuk/go-chart/v2"
)

// The cached measurements are go-chart's own, for both renderers, at the
// sizes and DPIs the charts use, cold and warm.
func TestTextCacheMeasuresAsGoChart(t *testing.T) {
	f, err := font()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"", "Ana Ramírez · ORF · Grade 3", "120", "Week of 5 Oct", "Ünïcödé <&>"}
	for _, p := range []struct {
		name string
		rp   chart.RendererProvider
		kind textKind
	}{{"svg", chart.SVG, vectorText}, {"png", chart.PNG, rasterText}} {
		for _, dpi := range []float64{92, 184} {
			for _, size := range []float64{0, 9, 13.5} {
				plain, err := p.rp(400, 300)
				if err != nil {
					t.Fatal(err)
				}
				cached, err := withTextCache(p.rp, p.kind)(400, 300)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range []chart.Renderer{plain, cached} {
					r.SetDPI(dpi)
					r.SetFont(f)
					r.SetFontSize(size)
				}
				for round := 0; round < 2; round++ {
					for _, s := range texts {
						if got, want := cached.MeasureText(s), plain.MeasureText(s); got != want {
							t.Errorf("%s dpi %v size %v %q: %v, go-chart %v", p.name, dpi, size, s, got, want)
						}
					}
				}
			}
		}
	}
}

package charts

import (
	"fmt"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// TiersInput is what the tier placement chart shows: the cells of one
// dimension (and all students) on one date.
type TiersInput struct {
	Dimension data.Dimension
	Cells     []analysis.TierCell
	On        data.Date
	K         int
}

// Tier colours, with the tier written in each segment tall enough to hold it.
var tierColors = [4]drawing.Color{{}, {R: 0x56, G: 0xB4, B: 0xE9, A: 0x70}, orange, vermillion}

// Tiers draws 100% stacked bars of Tier 1, 2 and 3 per group, with n under
// each bar and the risk ratio where it is flagged.
func Tiers(in TiersInput, size Size) (*Chart, error) {
	c, err := newChart(size, fmt.Sprintf("Tier placement by %s · %s", lower(in.Dimension.Label()), in.On.Short()))
	if err != nil {
		return nil, err
	}
	var cells []analysis.TierCell
	for _, cell := range in.Cells {
		if cell.Group == analysis.AllStudents || (cell.Group.Dimension == in.Dimension && cell.N > 0) {
			cells = append(cells, cell)
		}
	}
	xr := [2]float64{-0.6, float64(len(cells)) - 0.4}
	ticks := []chart.Tick{{Value: xr[0]}}
	for i, cell := range cells {
		ticks = append(ticks, chart.Tick{Value: float64(i), Label: ShortLabel(cell.Group)})
	}
	ticks = append(ticks, chart.Tick{Value: xr[1]})
	yTicks, yr := niceTicks(0, 100, 5, func(v float64) string { return fmt.Sprintf("%.0f%%", v) })
	c.axes("", xr, ticks, "% of students", yr, yTicks)
	c.bottomMargin = 48
	c.layers = append(c.layers, func(p plot) {
		half := 0.32
		if len(cells) > 10 {
			half = 0.4
		}
		for i, cell := range cells {
			x := float64(i)
			bottom := 0.0
			for tier := data.Tier(1); tier <= 3; tier++ {
				top := bottom + cell.Pct(tier)
				if cell.Tiers[tier] > 0 {
					p.polygon(tierColors[tier], []float64{x - half, x + half, x + half, x - half}, []float64{bottom, bottom, top, top})
					if p.Y(bottom)-p.Y(top) > int(p.c.px(13)) {
						p.label(fmt.Sprintf("T%d %.0f%%", tier, cell.Pct(tier)), p.X(x), (p.Y(bottom)+p.Y(top))/2+int(p.c.px(4)), textStyle{size: 8, color: black, align: center})
					}
				}
				bottom = top
			}
			note := fmt.Sprintf("n=%d", cell.N)
			if cell.N < in.K {
				note += " (too few)"
			}
			p.label(note, p.X(x), p.box.Bottom+int(p.c.px(35)), textStyle{size: 8, color: grey, align: center})
			if cell.Flag3 || cell.Flag23 {
				flag := fmt.Sprintf("%.1f× in T3", cell.RiskRatio3)
				if !cell.Flag3 {
					flag = fmt.Sprintf("%.1f× in T2+3", cell.RiskRatio23)
				}
				p.label(flag, p.X(x), p.box.Bottom+int(p.c.px(49)), textStyle{size: 8, color: vermillion, align: center, bold: true})
			}
		}
	})
	c.legend = []legendEntry{
		{label: "Tier 1", band: tierColors[1]}, {label: "Tier 2", band: tierColors[2]}, {label: "Tier 3", band: tierColors[3]},
	}
	c.caption = fmt.Sprintf("Risk ratios compare a group's rate with all other students'; shown in red where the ratio is 2 or more and both sides have at least %d students.", in.K)
	return c, nil
}

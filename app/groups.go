package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// groupsScreen answers "who is the school not yet serving?": group progress,
// the gap to all students, tier placement with risk ratios and intervention
// response, each chart with its table. Staff see small groups, marked as
// too few to compare and never flagged.
type groupsScreen struct {
	ui        host
	sc        *school
	measures  *options[data.Measure]
	dims      *options[data.Dimension]
	grades    *options[data.Grade]
	Measure   *widget.Select
	Dimension *widget.Select
	Grade     *widget.Select

	Progress, Gaps, Tiers              *chartView
	ProgressTable, GapTable, TierTable *fyne.Container
	ResponseTable                      *fyne.Container
	Flags                              *widget.Label
	box                                fyne.CanvasObject
}

func newGroupsScreen(u host) *groupsScreen {
	g := &groupsScreen{ui: u, dims: newOptions[data.Dimension](), grades: newOptions[data.Grade](), measures: newOptions[data.Measure](),
		ProgressTable: container.NewVBox(), GapTable: container.NewVBox(), TierTable: container.NewVBox(), ResponseTable: container.NewVBox(),
		Flags: widget.NewLabel("")}
	g.Flags.Wrapping = fyne.TextWrapWord
	for _, d := range append(append([]data.Dimension{}, data.StandardDimensions...), data.DimCustom) {
		g.dims.add(d.Label(), d)
	}
	g.grades.add("All grades", analysis.AllGrades)
	for _, gr := range data.Grades {
		g.grades.add(gr.Label(), gr)
	}
	g.Measure = widget.NewSelect(nil, func(string) { g.update() })
	g.Dimension = g.dims.selectOf(data.DimRace.Label())
	g.Dimension.OnChanged = func(string) { g.update() }
	g.Grade = g.grades.selectOf("All grades")
	g.Grade.OnChanged = func(string) { g.update() }
	size := fyne.NewSize(640, 340)
	g.Progress, g.Gaps, g.Tiers = newChartView(u, size), newChartView(u, size), newChartView(u, size)
	section := func(title string, chart fyne.CanvasObject, table fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(heading(title), chart, table, widget.NewSeparator())
	}
	labelled := func(text string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewLabel(text), nil, o)
	}
	pickers := container.NewGridWithColumns(3, labelled("Measure:", g.Measure), labelled("Groups:", g.Dimension), labelled("Grade:", g.Grade))
	g.box = container.NewBorder(pickers, nil, nil, nil, container.NewScroll(container.NewVBox(
		section("% at or above benchmark (Δ: change of the gap since the last window and the last year, in points)", g.Progress, g.ProgressTable),
		section("Gap to all students", g.Gaps, g.GapTable),
		section("Tier placement today", g.Tiers, container.NewVBox(g.Flags, g.TierTable)),
		section("Intervention response this year (plans with 6 or more scores)", widget.NewLabel(""), g.ResponseTable),
	)))
	return g
}

func (g *groupsScreen) content() fyne.CanvasObject { return g.box }

func (g *groupsScreen) refresh(sc *school) {
	g.sc = sc
	g.measures = newOptions[data.Measure]()
	for _, m := range sc.snap.Measures {
		g.measures.add(m.Name, m)
	}
	g.Measure.SetOptions(g.measures.labels)
	if _, ok := g.measures.value(g.Measure); !ok && sc.hasMain {
		g.Measure.SetSelected(sc.main.Name) // updates through the callback
		return
	}
	g.update()
}

// groupAnalysis is everything the screen shows for one choice of measure,
// dimension and grade, computed off the UI goroutine.
type groupAnalysis struct {
	measure  data.Measure
	dim      data.Dimension
	grade    data.Grade
	tables   []analysis.GroupTable
	tiers    []analysis.TierCell
	response []analysis.ResponseCell
	// the tables, built off the UI goroutine too
	progressGrid, gapGrid, tierGrid, responseGrid fyne.CanvasObject
	flags                                         string
}

func (g *groupsScreen) update() {
	sc := g.sc
	m, ok := g.measures.value(g.Measure)
	if sc == nil || !ok {
		return
	}
	dim, _ := g.dims.value(g.Dimension)
	grade, _ := g.grades.value(g.Grade)
	dims := []data.Dimension{dim}
	g.ui.work(func() (func(), error) {
		a := groupAnalysis{measure: m, dim: dim, grade: grade, tables: sc.groupSeries(m, dim, grade)}
		a.tiers = analysis.TierPlacement(analysis.TierInput{Students: sc.snap.Students, TierChanges: sc.snap.TierChanges, On: sc.today, Dimensions: dims, K: sc.snap.Settings.K})
		a.response = analysis.InterventionResponse(analysis.ResponseInput{Settings: sc.snap.Settings, Students: sc.snap.Students, Scores: sc.snap.Scores,
			Plans: sc.snap.Plans, Measure: m, AsOf: sc.today, Dimensions: dims})
		a.buildTables(sc.snap.Settings.K)
		return func() { g.show(a) }, nil
	}, "Could not compute the group tables")
}

func (g *groupsScreen) show(a groupAnalysis) {
	k := g.sc.snap.Settings.K
	in := charts.GroupsInput{Measure: a.measure, Dimension: a.dim, Grade: a.grade, Tables: a.tables, K: k}
	g.Progress.SetChart(func(s charts.Size) (*charts.Chart, error) { return charts.Groups(in, s) })
	g.Gaps.SetChart(func(s charts.Size) (*charts.Chart, error) { return charts.Gaps(in, s) })
	tin := charts.TiersInput{Dimension: a.dim, Cells: a.tiers, On: g.sc.today, K: k}
	g.Tiers.SetChart(func(s charts.Size) (*charts.Chart, error) { return charts.Tiers(tin, s) })
	setObjects(g.ProgressTable, a.progressGrid)
	setObjects(g.GapTable, a.gapGrid)
	setObjects(g.TierTable, a.tierGrid)
	g.Flags.SetText(a.flags)
	setObjects(g.ResponseTable, a.responseGrid)
}

// buildTables builds the screen's tables for the analysis.
func (a *groupAnalysis) buildTables(k int) {
	// Staff may see small groups; they are marked, never compared or flagged.
	tooFew := func(int) string { return fmt.Sprintf("too few (n<%d)", k) }
	rows := [][]string{{"Group", "n", "at/above", "%", "median", "gap to all", "Δ window", "Δ year"}}
	gapRows := [][]string{{"Group"}}
	if len(a.tables) > 0 {
		first := max(0, len(a.tables)-4)
		for _, w := range a.tables[first:] {
			gapRows[0] = append(gapRows[0], w.Window.Title()+" "+w.Year.Label())
		}
		for _, r := range analysis.GroupRows(a.tables, a.grade, a.dim, k) {
			row := []string{charts.ShortLabel(r.Group), fmt.Sprint(r.N), fmt.Sprint(r.AtOrAbove), fmt.Sprintf("%.0f%%", r.Pct), trimNumber(r.Median), "", "", ""}
			if r.Group != analysis.AllStudents {
				switch {
				case r.TooFew:
					row[5] = tooFew(r.N)
				case r.Compared:
					row[5] = fmt.Sprintf("%+.0f", r.GapToAll)
					if r.Change.HasSinceLastWindow {
						row[6] = fmt.Sprintf("%+.0f", r.Change.SinceLastWindow)
					}
					if r.Change.HasSinceLastYear {
						row[7] = fmt.Sprintf("%+.0f", r.Change.SinceLastYear)
					}
				}
				gap := []string{charts.ShortLabel(r.Group)}
				for _, w := range analysis.GapHistory(a.tables[first:], a.grade, r.Group, k) {
					if w.Compared {
						gap = append(gap, fmt.Sprintf("%+.0f", w.Gap))
					} else {
						gap = append(gap, "n<"+fmt.Sprint(k))
					}
				}
				gapRows = append(gapRows, gap)
			}
			rows = append(rows, row)
		}
	}
	a.progressGrid, a.gapGrid = newGrid(rows), newGrid(gapRows)

	tierRows := [][]string{{"Group", "n", "Tier 1", "Tier 2", "Tier 3", "Tier 3 risk", "Tier 2+3 risk"}}
	var flags []string
	for _, c := range a.tiers {
		if c.Group != analysis.AllStudents && (c.Group.Dimension != a.dim || c.N == 0) {
			continue
		}
		row := []string{charts.ShortLabel(c.Group), fmt.Sprint(c.N), fmt.Sprintf("%.0f%%", c.Pct(1)), fmt.Sprintf("%.0f%%", c.Pct(2)), fmt.Sprintf("%.0f%%", c.Pct(3)), "", ""}
		switch {
		case c.Group == analysis.AllStudents:
		case c.TooFew(k):
			row[5] = tooFew(c.N)
		default:
			row[5], row[6] = ratioText(c.RiskRatio3, c.Ratio3OK, c.Flag3), ratioText(c.RiskRatio23, c.Ratio23OK, c.Flag23)
		}
		if s := c.Sentence(); s != "" {
			flags = append(flags, "⚠ "+s)
		}
		tierRows = append(tierRows, row)
	}
	a.tierGrid = newGrid(tierRows)
	a.flags = joinLines(flags, "No group is placed in Tier 3 or Tier 2+3 at twice the rate of other students.")

	respRows := [][]string{{"Group", "plans", "adequate progress", "%"}}
	for _, c := range a.response {
		if c.Group != analysis.AllStudents && (c.Group.Dimension != a.dim || c.Plans == 0) {
			continue
		}
		pct := fmt.Sprintf("%.0f%%", c.Pct())
		if c.TooFew(k) {
			pct = tooFew(c.Plans)
		}
		respRows = append(respRows, []string{charts.ShortLabel(c.Group), fmt.Sprint(c.Plans), fmt.Sprint(c.Adequate), pct})
	}
	a.responseGrid = newGrid(respRows)
}

func ratioText(r float64, ok, flag bool) string {
	switch {
	case !ok:
		return "—"
	case flag:
		return fmt.Sprintf("%.1f× ⚠", r)
	}
	return fmt.Sprintf("%.1f×", r)
}

func joinLines(lines []string, none string) string {
	if len(lines) == 0 {
		return none
	}
	return strings.Join(lines, "\n")
}

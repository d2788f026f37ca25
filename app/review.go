package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/importer"
)

// reviewScreen runs the tier-review meeting: the list sorted by need, each
// row's chart beside the decision form, and "Next" to move on.
type reviewScreen struct {
	ui       host
	sc       *school
	items    []analysis.ReviewItem
	selected int
	// highlighted is the row the table shows selected (its OnSelected);
	// after is the plan to show once the school is next reloaded.
	highlighted int
	after       data.ID
	columnScale float32 // of the list's column widths

	Meeting   *widget.Check
	Table     *widget.Table
	Count     *widget.Label
	Student   *widget.Label
	DecideFor *widget.Label // the student's name above the decision form
	Verdict   *verdictCard
	Chart     *chartView
	Decision  *widget.Select
	Note      *entry
	Next      *entry
	SaveNext  *widget.Button
	Skip      *widget.Button
	ExportCSV *widget.Button
	ExportPNG *widget.Button
	Packet    *widget.Button
	Saved     *widget.Label
	decisions *options[data.TeamDecision]
	detail    *fyne.Container
	split     *container.Split
	box       fyne.CanvasObject
}

var reviewColumns = []column{{"Need", 130}, {"Student", 170}, {"Tier", 50}, {"Fidelity", 75}, {"Review", 120}, {"Points", 60}, {"Verdict", 250}, {"Plan", 170}}

func newReviewScreen(u host) *reviewScreen {
	r := &reviewScreen{ui: u, selected: -1, highlighted: -1, DecideFor: heading(""), Count: widget.NewLabel(""), Student: heading(""), Verdict: newVerdictCard(),
		Note: newMultiLineEntry(), Saved: widget.NewLabel("")}
	r.Meeting = widget.NewCheck("Meeting mode: large type", r.setMeeting)
	r.Table = newColumnTable(reviewColumns, func() int { return len(r.items) }, r.cell)
	r.Table.OnSelected = func(id widget.TableCellID) {
		r.highlighted = id.Row
		r.choose(id.Row)
	}
	r.Table.OnUnselected = func(widget.TableCellID) { r.highlighted = -1 }
	r.Chart = newChartView(u, fyne.NewSize(420, 260))
	r.decisions = newOptions[data.TeamDecision]()
	for _, d := range data.TeamDecisions {
		r.decisions.add(d.Label(), d)
	}
	r.Decision = r.decisions.selectOf(data.DecideContinue.Label())
	r.Next = dateEntry(data.DefaultReview(u.today()))
	r.Next.OnSubmitted = func(string) { r.saveAndNext() } // Enter: save and go to the next
	r.Note.SetMinRowsVisible(2)
	r.SaveNext = widget.NewButton("Save decision and go to the next", r.saveAndNext)
	r.SaveNext.Importance = widget.HighImportance
	r.Skip = widget.NewButton("Next →", func() { r.choose(r.selected + 1) })
	r.ExportCSV = widget.NewButton("Export the list (CSV)…", r.exportCSV)
	r.ExportPNG = widget.NewButton("Export the charts (PNG)…", r.exportCharts)
	r.Packet = widget.NewButton("Meeting packet (PDF)…", r.askPacket)
	form := widget.NewForm(&widget.FormItem{Text: "Decision", Widget: r.Decision}, &widget.FormItem{Text: "Next review", Widget: r.Next},
		&widget.FormItem{Text: "Note", Widget: r.Note})
	r.detail = container.NewBorder(container.NewVBox(r.Student, r.Verdict.content),
		container.NewVBox(r.DecideFor, form, container.NewHBox(r.SaveNext, r.Skip), r.Saved), nil, nil, r.Chart)
	r.detail.Hide()
	// Two rows: in meeting mode's large type one row would be wider than a laptop.
	top := container.NewVBox(container.NewHBox(r.Meeting, r.Count), container.NewHBox(r.ExportCSV, r.ExportPNG, r.Packet))
	// The detail scrolls, so that large type never squeezes the chart.
	r.split = container.NewHSplit(r.Table, container.NewVScroll(r.detail))
	r.split.Offset = 0.55
	r.box = container.NewBorder(top, nil, nil, nil, r.split)
	return r
}

func (r *reviewScreen) content() fyne.CanvasObject { return r.box }

// setMeeting turns meeting mode on or off. On, the type is large and the
// list sits above the detail, so that both get the window's full width:
// every column of the list and a larger chart, for a team around a screen.
func (r *reviewScreen) setMeeting(on bool) {
	r.ui.setMeeting(on)
	scale := float32(1)
	r.split.Horizontal, r.split.Offset = true, 0.55
	r.Chart.min = fyne.NewSize(420, 260)
	if on {
		scale = meetingTextScale
		r.split.Horizontal, r.split.Offset = false, 0.35
		r.Chart.min = fyne.NewSize(720, 400)
	}
	r.split.Refresh()
	r.columnScale = scale
	if total := columnsWidth(reviewColumns); on && r.Table.Size().Width > 0 {
		// Every column stays in view: as wide as the large type wants, or
		// as the window allows (a cell's text is then cut with an ellipsis).
		r.columnScale = min(scale, (r.Table.Size().Width-theme.Padding()*2)/total)
	}
	for i, c := range reviewColumns {
		r.Table.SetColumnWidth(i, c.width*r.columnScale)
	}
	r.Table.Refresh()
	r.Chart.Refresh()
	r.Chart.render()
}

// refresh shows the reloaded list, which may be sorted anew: the row
// highlighted and the detail follow the same plan (or the one asked for
// by "Save decision and go to the next").
func (r *reviewScreen) refresh(sc *school) {
	keep := r.after
	if keep == (data.ID{}) && r.selected >= 0 && r.selected < len(r.items) {
		keep = r.items[r.selected].Plan.ID
	}
	r.after = data.ID{}
	r.sc, r.items = sc, sc.review
	r.Count.SetText(plural(len(r.items), "plan", "plans") + " to review")
	r.Table.Refresh()
	r.selected = -1
	for i, it := range r.items {
		if it.Plan.ID == keep {
			r.choose(i)
			return
		}
	}
	r.Table.UnselectAll()
	r.detail.Hide()
}

func (r *reviewScreen) cell(row, col int) string {
	it := r.items[row]
	v := it.Progress.Current.Verdict
	switch col {
	case 0:
		return it.Need.Label()
	case 1:
		return it.Student.Name()
	case 2:
		return fmt.Sprint(int(it.Tier))
	case 3:
		if f := it.Progress.Current.Fidelity; f.Measured() {
			return fmt.Sprintf("%.0f%%", analysis.Percent(f.Rate()))
		}
		return "—"
	case 4:
		return it.DueText()
	case 5:
		return fmt.Sprint(v.Points)
	case 6:
		return v.Headline()
	}
	return r.ui.loaded().interventionName(it.Plan.Current().Intervention)
}

// choose selects a row of the list (and scrolls to it).
func (r *reviewScreen) choose(i int) {
	if i < 0 || i >= len(r.items) {
		return
	}
	if r.highlighted != i {
		r.selected = -1
		r.Table.Select(widget.TableCellID{Row: i, Col: 0})
		r.Table.ScrollTo(widget.TableCellID{Row: i, Col: 0})
		if r.selected == i {
			return // shown once, by the table's OnSelected
		}
	}
	r.show(i)
}

func (r *reviewScreen) show(i int) {
	r.selected = i
	it := r.items[i]
	r.Student.SetText(fmt.Sprintf("%s · %s · %s · %s", it.Student.Name(), it.Student.Grade.Label(), it.Tier.Label(), r.ui.loaded().interventionName(it.Plan.Current().Intervention)))
	r.DecideFor.SetText("Decision for " + it.Student.Name())
	r.Verdict.set(it.Progress.Current.Verdict, it.Progress.Current.Fidelity)
	r.Decision.SetSelected(data.DecideContinue.Label())
	switch it.Progress.Current.Verdict.Kind {
	case data.Intensify:
		r.Decision.SetSelected(data.DecideIntensify.Label())
	case data.RaiseGoal:
		r.Decision.SetSelected(data.DecideFade.Label())
	}
	r.Note.SetText("")
	r.Next.SetText(data.DefaultReview(r.ui.today()).String())
	in := charts.StudentInput{Progress: it.Progress, Settings: r.sc.snap.Settings, AsOf: r.sc.today, PhaseNames: it.Plan.PhaseNames(r.sc.snap.Interventions), NoCaption: true}
	r.Chart.SetChart(func(size charts.Size) (*charts.Chart, error) { return charts.Student(in, size) })
	if !r.detail.Visible() {
		r.detail.Show()
		r.split.Refresh() // lay out the pane that was hidden
	}
}

func (r *reviewScreen) saveAndNext() {
	if r.selected < 0 || r.selected >= len(r.items) {
		return
	}
	it := r.items[r.selected]
	next, err := data.ParseDateLoose(r.Next.Text)
	if err != nil {
		r.Next.SetValidationError(err)
		r.Saved.SetText("Not saved: " + problemText(err))
		return
	}
	choice, _ := r.decisions.value(r.Decision)
	d := data.Decision{Student: it.Student.ID, Plan: it.Plan.ID, Date: r.ui.today(), Verdict: it.Progress.Current.Verdict.Kind,
		Decision: choice, Note: strings.TrimSpace(r.Note.Text), NextReview: next}
	if err := d.Validate(); err != nil {
		r.Saved.SetText("Not saved: " + data.ErrorMessage(err))
		return
	}
	following := r.selected + 1
	var nextPlan data.ID
	if following < len(r.items) {
		nextPlan = r.items[following].Plan.ID
	}
	r.ui.saveStudent(it.Student.ID, func() error { return r.ui.store().SaveDecision(&d) }, func() {
		r.Saved.SetText(fmt.Sprintf("Saved: %s for %s, next review %s.", choice.Label(), it.Student.ShortName(), next.Short()))
		r.after = nextPlan // shown when the reload, which may re-sort the list, arrives
	}, func(err error) { r.Saved.SetText("Not saved: " + data.ErrorMessage(err)) })
}

func (r *reviewScreen) exportCSV() {
	if r.sc == nil {
		return
	}
	sc := r.sc
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		r.ui.work(func() (func(), error) {
			defer w.Close()
			if err := importer.ExportReview(w, sc.review, sc.snap, sc.today); err != nil {
				return nil, err
			}
			return func() { r.Saved.SetText("Exported the review list to " + w.URI().Name() + ".") }, nil
		}, "Could not export the review list")
	}, r.ui.window())
	d.SetFileName(fmt.Sprintf("tier-review-%s.csv", sc.today))
	d.Show()
}

// writeReviewCharts writes one PNG chart per review item into dir.
func writeReviewCharts(dir string, sc *school) (int, error) {
	for i, it := range sc.review {
		in := charts.StudentInput{Progress: it.Progress, Settings: sc.snap.Settings, AsOf: sc.today, PhaseNames: it.Plan.PhaseNames(sc.snap.Interventions)}
		c, err := charts.Student(in, charts.Large)
		if err != nil {
			return i, err
		}
		b, err := c.Encode(charts.PNG)
		if err != nil {
			return i, err
		}
		name := fmt.Sprintf("%02d-%s-%s.png", i+1, it.Student.LocalID, strings.ReplaceAll(it.Progress.Measure.Name, " ", "-"))
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return i, fmt.Errorf("write %s: %w", name, err)
		}
	}
	return len(sc.review), nil
}

func (r *reviewScreen) exportCharts() {
	if r.sc == nil {
		return
	}
	sc := r.sc
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		r.ui.work(func() (func(), error) {
			n, err := writeReviewCharts(dir.Path(), sc)
			if err != nil {
				return nil, err
			}
			return func() { r.Saved.SetText(fmt.Sprintf("Exported %s to %s.", plural(n, "chart", "charts"), dir.Path())) }, nil
		}, "Could not export the charts")
	}, r.ui.window())
}

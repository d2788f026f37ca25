package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// dashboardScreen answers "what needs us this week?".
type dashboardScreen struct {
	ui         host
	Tiers      [4]*widget.Label
	NeedsTeam  *widget.Label
	OpenReview *widget.Button
	Due        *widget.List
	DueTitle   *widget.Label
	Fidelity   *widget.List
	FidTitle   *widget.Label
	Chart      *chartView
	Gap        *widget.Label
	SyncStatus *widget.Label
	due, low   []analysis.ReviewItem
	box        fyne.CanvasObject
}

func newDashboardScreen(u host) *dashboardScreen {
	d := &dashboardScreen{ui: u, NeedsTeam: widget.NewLabel(""), DueTitle: heading("Reviews due this week"),
		FidTitle: heading("Fidelity under 80%"), Gap: widget.NewLabel(""), SyncStatus: widget.NewLabel("")}
	d.NeedsTeam.Wrapping = fyne.TextWrapWord
	for t := 1; t <= 3; t++ {
		d.Tiers[t] = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	d.OpenReview = widget.NewButton("Open review →", func() { u.showPage(reviewPage) })
	d.Due = reviewItemList(u, func() []analysis.ReviewItem { return d.due }, func(it analysis.ReviewItem) string {
		return fmt.Sprintf("%s · %s · review %s\n%s", it.Student.ShortName(), it.Tier.Label(), it.DueText(), it.Progress.Current.Verdict.Kind.Headline())
	})
	d.Fidelity = reviewItemList(u, func() []analysis.ReviewItem { return d.low }, func(it analysis.ReviewItem) string {
		f := it.Progress.Current.Fidelity
		return fmt.Sprintf("%s · %s · %s\nfidelity %.0f%% (sessions %.0f%%, minutes %.0f%%)", it.Student.ShortName(), u.loaded().interventionName(it.Plan.Current().Intervention),
			it.Plan.Interventionist, analysis.Percent(f.Rate()), analysis.Percent(f.SessionRate()), analysis.Percent(f.MinuteRate()))
	})
	d.Chart = newChartView(u, fyne.NewSize(480, 270))
	d.Gap.Wrapping = fyne.TextWrapWord
	// The "needs the team" sentence takes the screen's whole width: in a
	// quarter of a 1024 px window it was cut off after four lines.
	counts := container.NewVBox(container.NewGridWithColumns(3, d.Tiers[1], d.Tiers[2], d.Tiers[3]),
		container.NewBorder(nil, nil, nil, container.NewVBox(d.OpenReview), d.NeedsTeam))
	left := container.NewGridWithRows(2,
		container.NewBorder(d.DueTitle, nil, nil, nil, d.Due),
		container.NewBorder(d.FidTitle, nil, nil, nil, d.Fidelity))
	right := container.NewBorder(nil, d.Gap, nil, nil, d.Chart)
	d.box = container.NewBorder(container.NewVBox(counts, widget.NewSeparator()), d.SyncStatus, nil, nil,
		container.NewHSplit(left, right))
	return d
}

func (d *dashboardScreen) content() fyne.CanvasObject { return d.box }

// reviewItemList is a list of review items, each on two lines so that a
// narrow window does not cut it off; tapping one opens the student.
func reviewItemList(u host, items func() []analysis.ReviewItem, text func(analysis.ReviewItem) string) *widget.List {
	l := widget.NewList(func() int { return len(items()) },
		func() fyne.CanvasObject {
			row := widget.NewLabel("\n")
			row.Truncation = fyne.TextTruncateEllipsis
			return row
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(text(items()[i])) })
	l.OnSelected = func(i widget.ListItemID) {
		l.UnselectAll()
		u.openStudent(items()[i].Student.ID)
	}
	return l
}

func (d *dashboardScreen) refresh(sc *school) {
	var counts [4]int
	for _, st := range sc.snap.Students {
		if !st.Withdrawn {
			counts[sc.tier(st.ID)]++
		}
	}
	for t := 1; t <= 3; t++ {
		d.Tiers[t].SetText(fmt.Sprintf("Tier %d\n%s", t, plural(counts[t], "student", "students")))
	}
	d.due, d.low = nil, nil
	needs := 0
	for _, it := range sc.review {
		if it.Need <= analysis.NeedRaiseGoal {
			needs++
		}
		if it.DueThisWeek() {
			d.due = append(d.due, it)
		}
		if it.Progress.Current.Fidelity.Low() {
			d.low = append(d.low, it)
		}
	}
	// The two counts differ by design; the line says how.
	d.NeedsTeam.SetText(fmt.Sprintf("Needs the team this week: %d (plans whose verdict asks for a change or a higher goal, whatever their review date; "+
		"the reviews due are the plans whose review date falls in the next 7 days)", needs))
	d.DueTitle.SetText(fmt.Sprintf("Reviews due this week (%d)", len(d.due)))
	d.FidTitle.SetText(fmt.Sprintf("Fidelity under 80%% (%d)", len(d.low)))
	d.Due.Refresh()
	d.Fidelity.Refresh()
	d.SyncStatus.SetText(d.ui.delivery().line())

	if !sc.hasMain {
		d.Gap.SetText("Add a measure in Settings to see group progress.")
		return
	}
	tables := sc.dashboardTables()
	d.Gap.SetText(largestGap(tables, sc.snap.Settings.K))
	in := charts.GroupsInput{Measure: sc.main, Dimension: data.DimRace, Tables: tables, K: sc.snap.Settings.K}
	d.Chart.SetChart(func(size charts.Size) (*charts.Chart, error) { return charts.Groups(in, size) })
}

// largestGap states the widest gap to all students in the latest window
// among groups of at least k, and how it moved since last year.
func largestGap(tables []analysis.GroupTable, k int) string {
	if len(tables) == 0 {
		return "No screening window has started yet."
	}
	i := len(tables) - 1
	t := tables[i]
	worst, gap, ok := analysis.WidestGap(t, k)
	if !ok {
		return "No group is large enough to compare in this window."
	}
	s := fmt.Sprintf("Widest gap to all students, %s %s: %s %+.0f points", t.Window.Title(), t.Year.Label(), charts.ShortLabel(worst.Group), gap)
	if ch := analysis.ChangeOfGap(tables, i, analysis.AllGrades, worst.Group, k); ch.HasSinceLastYear {
		s += fmt.Sprintf(" (a year ago %+.0f)", gap-ch.SinceLastYear)
	}
	return s + "."
}

package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/sync/outbox"
	"github.com/tierline/tierline/sync/summary"
)

// syncScreen shows, as readable tables, exactly the summary that would
// leave the school for a window: the team sees what the district will see,
// suppressed cells included, before anything is sent.
type syncScreen struct {
	ui      host
	sc      *school
	windows *options[analysis.YearWindow]
	Window  *widget.Select

	Intro, Counts      *widget.Label
	Progress, Response *fyne.Container
	Tiers              *fyne.Container
	ShowJSON           *widget.Button
	// Status says where the summaries stand; Send queues the previewed
	// summary; SendNow asks the sender to try the waiting ones at once.
	Status        *widget.Label
	Send, SendNow *widget.Button
	// When says when the window's summary can be sent, and as what (a
	// first send, a correction, or not yet).
	When    *widget.Label
	plan    outbox.Plan // the send previewed; set on the UI goroutine
	summary summary.Summary
	json    []byte
	box     fyne.CanvasObject
}

func newSyncScreen(u host) *syncScreen {
	s := &syncScreen{ui: u, windows: newOptions[analysis.YearWindow](), Intro: widget.NewLabel(""), Counts: widget.NewLabel(""),
		Progress: container.NewVBox(), Tiers: container.NewVBox(), Response: container.NewVBox()}
	s.When = widget.NewLabel("")
	s.Intro.Wrapping, s.Counts.Wrapping, s.When.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord, fyne.TextWrapWord
	s.Window = widget.NewSelect(nil, func(string) { s.preview() })
	s.ShowJSON = widget.NewButton("Show the exact JSON", s.showJSON)
	s.ShowJSON.Disable()
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Send = widget.NewButton("Send this summary to the district", s.confirmSend)
	s.Send.Importance = widget.HighImportance
	s.Send.Disable()
	s.SendNow = widget.NewButton("Try the waiting ones now", u.sendNow)
	s.SendNow.Disable()
	picker := container.NewBorder(nil, nil, widget.NewLabel("Window:"), container.NewHBox(s.ShowJSON, s.Send), s.Window)
	status := container.NewBorder(nil, nil, nil, s.SendNow, s.Status)
	s.box = container.NewBorder(container.NewVBox(status, widget.NewSeparator(), picker, s.When, s.Intro, s.Counts), nil, nil, nil, container.NewScroll(container.NewVBox(
		heading("% at or above benchmark (n assessed · %)"), s.Progress, widget.NewSeparator(),
		heading("Tier placement at the end of the window"), s.Tiers, widget.NewSeparator(),
		heading("Intervention response (plans with 6 or more scores)"), s.Response,
	)))
	return s
}

func (s *syncScreen) content() fyne.CanvasObject { return s.box }

func (s *syncScreen) refresh(sc *school) {
	s.sc = sc
	s.windows = newOptions[analysis.YearWindow]()
	started := analysis.StartedWindows(sc.snap.Settings, sc.today)
	for i := len(started) - 1; i >= 0; i-- {
		s.windows.add(started[i].Label(), started[i])
	}
	s.Window.SetOptions(s.windows.labels)
	if _, ok := s.windows.value(s.Window); !ok && len(started) > 0 {
		s.Window.SetSelected(s.windows.labels[0]) // previews through the callback
		return
	}
	s.preview()
}

// preview builds the window's summary off the UI goroutine and shows it.
func (s *syncScreen) preview() {
	sc := s.sc
	yw, ok := s.windows.value(s.Window)
	if sc == nil || !ok {
		return
	}
	s.ui.work(func() (func(), error) {
		unsent := summary.Unsent(sc.snap.Measures)
		plan, err := outbox.PlanSend(s.ui.store(), sc.snap, yw.Year, yw.Window, sc.today)
		if err != nil {
			return nil, err
		}
		tables := newPreviewTables(plan.Summary, measureNames(sc.snap.Measures))
		return func() { s.show(plan, unsent, tables) }, nil
	}, "Could not build the summary")
}

func (s *syncScreen) show(plan outbox.Plan, unsent []string, t previewTables) {
	sum := plan.Summary
	s.plan, s.summary, s.json = plan, sum, plan.Body
	s.ShowJSON.Enable()
	s.When.SetText(plan.Explain())
	if plan.Ready() == nil {
		s.Send.Enable()
	} else {
		s.Send.Disable()
	}
	s.Intro.SetText(previewRules(sum.K, unsent))
	setObjects(s.Progress, t.progress...)
	setObjects(s.Tiers, t.tiers)
	setObjects(s.Response, t.response)
	s.Counts.SetText(fmt.Sprintf("%s, k = %d, counted as of %s: %d cells sent; a blank (—) is a group of fewer than %d students, which is not sent at all.",
		data.WindowName(sum.Window).Title()+" "+sum.Year, sum.K, sum.AsOf, t.shown, sum.K))
}

// previewTables are a summary's tables, built off the UI goroutine.
type previewTables struct {
	progress        []fyne.CanvasObject // each measure's name and table
	tiers, response fyne.CanvasObject
	shown           int // cells sent
}

// measureNames maps each catalog code to the school's name of its measure.
func measureNames(measures []data.Measure) map[string]string {
	out := map[string]string{}
	for _, m := range measures {
		if m.Code != "" {
			out[m.Code] = m.Name
		}
	}
	return out
}

// measureTitle heads a measure's table: the school's name, and beside it
// the code it is sent under (only the code leaves).
func measureTitle(code string, names map[string]string) string {
	if name, ok := names[code]; ok && name != code {
		return name + " — sent as " + code
	}
	return code
}

func newPreviewTables(sum summary.Summary, names map[string]string) previewTables {
	var t previewTables
	// cellText counts every cell as it renders it.
	cellText := func(n *int, pcts ...*string) string {
		t.shown++
		text := fmt.Sprint(*n)
		for _, p := range pcts {
			text += " · " + *p + "%"
		}
		return text
	}

	for _, m := range measuresOf(sum.Progress) {
		var grades []string
		rows := newPivot()
		for _, c := range sum.Progress {
			if c.Measure != m {
				continue
			}
			if len(grades) == 0 || grades[len(grades)-1] != c.Grade {
				grades = append(grades, c.Grade)
			}
			rows.set(c.Dimension, c.Group, len(grades)-1, cellText(c.N, c.PctAtOrAbove))
		}
		header := []string{"Group"}
		for _, g := range grades {
			header = append(header, gradeTitle(g))
		}
		t.progress = append(t.progress, widget.NewLabelWithStyle(measureTitle(m, names), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}), newGrid(rows.table(header)))
	}

	tiers := [][]string{{"Group", "n", "Tier 2", "Tier 3", "Tier 3 risk ratio"}}
	for _, c := range sum.Tiers {
		row := []string{groupTitle(c.Dimension, c.Group), cellText(c.N), *c.PctTier2 + "%", *c.PctTier3 + "%", ""}
		if c.RiskRatioTier3 != nil {
			row[4] = fmt.Sprintf("%.1f×", *c.RiskRatioTier3)
		}
		tiers = append(tiers, row)
	}
	t.tiers = newGrid(tiers)

	response := [][]string{{"Measure", "Group", "plans · % adequate"}}
	for _, c := range sum.Response {
		response = append(response, []string{measureTitle(c.Measure, names), groupTitle(c.Dimension, c.Group), cellText(c.N, c.PctAdequate)})
	}
	if len(response) == 1 {
		response = append(response, []string{"No plan has 6 or more scores yet.", "", ""})
	}
	t.response = newGrid(response)
	return t
}

// previewRules says in plain words what a summary holds and what it never does.
func previewRules(k int, unsent []string) string {
	notSent := ""
	if len(unsent) > 0 {
		notSent = " Not sent, because they have no catalog code (tierline measure edit NAME --code CODE): " + strings.Join(unsent, ", ") + "."
	}
	return "This is exactly what Tierline would send to the district for the window, and nothing else. " +
		"For each group it sends how many students were assessed and a whole-number percentage, coded at the extremes (≥95, ≤5). " +
		fmt.Sprintf("A group of fewer than %d students (k, in Settings) is not sent at all, and nothing says why it is missing. ", k) +
		"Every count is moved by up to 2 at random, the same way every time it is sent, so that a group left out cannot be worked out from the others; percentages are computed from those counts. " +
		"Tiers and enrolment are counted on the window's last day. No name, id, birth date, note or single score leaves the school, and custom groups never do. " +
		fmt.Sprintf("A window's summary is sent once the window has ended. Sending it again is a correction: it waits until the records of %d students behind it have changed, and only groups with %d or more changed students are sent anew, so that one student's change never shows between two versions.", k, k) + notSent
}

// showStatus shows the sync state.
func (s *syncScreen) showStatus(st syncState) {
	s.Status.SetText(st.line())
	if st.waiting > 0 && st.hub.Configured() {
		s.SendNow.Enable()
	} else {
		s.SendNow.Disable()
	}
}

// confirmSend asks before the previewed summary goes in the outbox; a
// correction says so and which version it is.
func (s *syncScreen) confirmSend() {
	plan := s.plan
	question := fmt.Sprintf("Send the %s summary shown here (%d bytes) to the district hub at %s?", plan.Label, len(plan.Body), s.ui.delivery().hub.URL)
	if !s.ui.delivery().hub.Configured() {
		question = fmt.Sprintf("No district hub is set up yet (Settings). Put the %s summary shown here (%d bytes) in the outbox, to leave once one is?", plan.Label, len(plan.Body))
	}
	title, action := "Send the summary", "Send"
	if plan.IsCorrection() {
		title, action = fmt.Sprintf("Send correction %d", plan.Version()), "Send the correction"
		question = plan.Explain() + " " + question + " The hub keeps the earlier version too."
	}
	s.ui.confirm(title, question+" It holds only group counts and coded percentages.", action, func() {
		s.ui.work(func() (func(), error) {
			if _, err := outbox.Queue(s.ui.store(), plan, true); err != nil {
				return nil, err
			}
			return func() {
				s.ui.sendNow()
				s.ui.refreshSync()
			}, nil
		}, "Could not queue the summary")
	})
}

// showJSON shows the bytes that would be sent, indented one field a line
// (a list, so that thousands of lines scroll smoothly), with a button that
// copies them exactly.
func (s *syncScreen) showJSON() {
	var indented bytes.Buffer
	if err := json.Indent(&indented, s.json, "", "  "); err != nil {
		s.ui.showError("Could not show the summary", err)
		return
	}
	lines := strings.Split(strings.TrimSpace(indented.String()), "\n")
	list := widget.NewList(func() int { return len(lines) },
		func() fyne.CanvasObject {
			return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(lines[i]) })
	exact := string(s.json)
	copyButton := widget.NewButton("Copy the JSON", func() { s.ui.clipboard().SetContent(exact) })
	title := fmt.Sprintf("The summary as it would be sent: %d bytes, shown indented", len(s.json))
	d := dialog.NewCustom(title, "Close", container.NewBorder(nil, copyButton, nil, nil, container.NewGridWrap(fyne.NewSize(760, 480), list)), s.ui.window())
	s.ui.track(d)
	d.Show()
}

// measuresOf lists the measures of the cells, which come grouped by measure.
func measuresOf(cells []summary.ProgressCell) []string {
	var out []string
	for _, c := range cells {
		if len(out) == 0 || out[len(out)-1] != c.Measure {
			out = append(out, c.Measure)
		}
	}
	return out
}

func gradeTitle(g string) string {
	if g == summary.All {
		return "All grades"
	}
	return data.Grade(g).Label()
}

// groupTitle names a summary's group as the charts do, briefly: a table
// of eight columns of long names would be wider than the window.
func groupTitle(dimension, group string) string {
	if dimension == summary.All {
		return charts.ShortLabel(analysis.AllStudents)
	}
	return charts.ShortLabel(data.Group{Dimension: data.Dimension(dimension), Value: group})
}

// pivot lays out cells by group (rows, in order of first appearance) and column.
type pivot struct {
	order []string
	rows  map[string][]string
}

func newPivot() *pivot { return &pivot{rows: map[string][]string{}} }

func (p *pivot) set(dimension, group string, column int, text string) {
	key := groupTitle(dimension, group)
	row, ok := p.rows[key]
	if !ok {
		p.order = append(p.order, key)
	}
	for len(row) <= column {
		row = append(row, "")
	}
	row[column] = text
	p.rows[key] = row
}

func (p *pivot) table(header []string) [][]string {
	out := [][]string{header}
	for _, key := range p.order {
		row := append([]string{key}, p.rows[key]...)
		for len(row) < len(header) {
			row = append(row, "")
		}
		for i, text := range row {
			if text == "" {
				row[i] = "—" // not sent: the group has fewer than k students
			}
		}
		out = append(out, row)
	}
	return out
}

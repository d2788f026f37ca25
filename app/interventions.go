package app

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
)

// interventionsScreen holds the catalog, who is in each intervention, and
// bulk entry: a group's session and scores on one screen.
type interventionsScreen struct {
	ui       host
	sc       *school
	catalog  []data.Intervention
	active   map[data.ID]int // active plans per intervention
	selected int
	plans    []data.Plan

	Catalog *widget.List
	Add     *widget.Button
	Edit    *widget.Button
	Plans   *widget.List
	NoPlans *widget.Label
	Bulk    *bulkEntry
	box     fyne.CanvasObject
}

func newInterventionsScreen(u host) *interventionsScreen {
	s := &interventionsScreen{ui: u, selected: -1, NoPlans: emptyState("Select an intervention to see who is in it.")}
	s.Catalog = widget.NewList(func() int { return len(s.catalog) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			iv := s.catalog[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s · %s · Tier %d · %d×%d min · %s", iv.Name, iv.Area, iv.Tier, iv.SessionsPerWeek, iv.MinutesPerSession, plural(s.active[iv.ID], "active plan", "active plans")))
		})
	s.Catalog.OnSelected = func(i widget.ListItemID) {
		s.selected = i
		s.Edit.Enable()
		s.showPlans()
	}
	s.Add = widget.NewButton("Add intervention", func() {
		interventionDialog(u, data.Intervention{Area: data.Reading, Tier: 2, SessionsPerWeek: 3, MinutesPerSession: 30})
	})
	s.Edit = widget.NewButton("Edit", func() {
		if s.selected >= 0 {
			interventionDialog(u, s.catalog[s.selected])
		}
	})
	s.Edit.Disable()
	s.Plans = widget.NewList(func() int { return len(s.plans) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := s.plans[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s · since %s", s.sc.students[p.Student].Name(), p.Tier.Label(), p.Interventionist, p.Current().Start.Short()))
		})
	s.Plans.OnSelected = func(i widget.ListItemID) {
		s.Plans.UnselectAll()
		u.openStudent(s.plans[i].Student)
	}
	s.Bulk = newBulkEntry(u)
	catalog := container.NewHSplit(
		container.NewBorder(heading("Catalog"), container.NewHBox(s.Add, s.Edit), nil, nil, s.Catalog),
		container.NewBorder(heading("Active plans of the selected intervention"), nil, nil, nil,
			container.NewStack(s.NoPlans, s.Plans)))
	s.box = container.NewAppTabs(
		container.NewTabItem("Catalog", catalog),
		container.NewTabItem("Bulk entry", s.Bulk.box))
	return s
}

func (s *interventionsScreen) content() fyne.CanvasObject { return s.box }

func (s *interventionsScreen) refresh(sc *school) {
	s.sc = sc
	s.catalog = sc.snap.Interventions
	s.active = map[data.ID]int{}
	for _, p := range sc.snap.Plans {
		if p.Status == data.Active {
			s.active[p.Current().Intervention]++
		}
	}
	s.Catalog.Refresh()
	s.showPlans()
	s.Bulk.refresh(sc)
}

func (s *interventionsScreen) showPlans() {
	s.plans = nil
	if s.sc == nil || s.selected < 0 || s.selected >= len(s.catalog) {
		s.Plans.Refresh()
		return
	}
	id := s.catalog[s.selected].ID
	for _, p := range s.sc.snap.Plans {
		if p.Status == data.Active && p.Current().Intervention == id {
			s.plans = append(s.plans, p)
		}
	}
	s.NoPlans.SetText("No active plans use this intervention.")
	s.NoPlans.Hidden = len(s.plans) > 0
	s.NoPlans.Refresh()
	s.Plans.Refresh()
}

// interventionDialog adds or edits a catalog entry.
func interventionDialog(u host, iv data.Intervention) *formDialog {
	name, desc := newEntry(), newMultiLineEntry()
	name.SetText(iv.Name)
	desc.SetText(iv.Description)
	areas := newOptions[data.Area]()
	for _, a := range data.Areas {
		areas.add(string(a), a)
	}
	area := areas.selectOf(string(iv.Area))
	tiers := newOptions[data.Tier]().add("Tier 2", 2).add("Tier 3", 3)
	tier := tiers.selectOf(iv.Tier.Label())
	sessions, minutes := numberEntry("sessions a week", false), numberEntry("minutes a session", false)
	sessions.SetText(strconv.Itoa(iv.SessionsPerWeek))
	minutes.SetText(strconv.Itoa(iv.MinutesPerSession))
	items := []*widget.FormItem{
		{Text: "Name", Widget: name}, {Text: "Area", Widget: area}, {Text: "Tier", Widget: tier},
		{Text: "Default intensity", Widget: container.NewGridWithColumns(2, sessions, minutes), HintText: "sessions a week, minutes a session"},
		{Text: "Description", Widget: desc},
	}
	title, action := "Add an intervention", "Add"
	if iv.ID != (data.ID{}) {
		title, action = "Edit "+iv.Name, "Save"
	}
	return newFormDialog(u, title, action, items, map[string]*entry{"name": name, "sessions per week": sessions, "minutes per session": minutes, "description": desc},
		func() (func() error, error) {
			out := iv
			out.Name, out.Description = strings.TrimSpace(name.Text), strings.TrimSpace(desc.Text)
			out.Area, _ = areas.value(area)
			out.Tier, _ = tiers.value(tier)
			var err error
			if out.SessionsPerWeek, err = parseCount(sessions.Text); err != nil {
				return nil, fieldError("sessions per week", err)
			}
			if out.MinutesPerSession, err = parseCount(minutes.Text); err != nil {
				return nil, fieldError("minutes per session", err)
			}
			if err := out.Validate(); err != nil {
				return nil, err
			}
			return func() error { return u.store().SaveIntervention(&out) }, nil
		}).show()
}

// bulkEntry logs one session and one score for every student of an
// interventionist's groups, in one save.
type bulkEntry struct {
	ui   host
	sc   *school
	Who  *widget.Select
	Date *entry
	Rows []*bulkRow
	Save *widget.Button
	Done *widget.Label
	list *fyne.Container
	box  fyne.CanvasObject
}

// bulkRow is one student's line: present, minutes, and a score on the goal measure.
type bulkRow struct {
	Plan    data.Plan
	Present *widget.Check
	Minutes *entry
	Score   *entry
}

func newBulkEntry(u host) *bulkEntry {
	b := &bulkEntry{ui: u, Date: dateEntry(u.today()), Done: widget.NewLabel(""), list: container.NewVBox()}
	b.Who = widget.NewSelect(nil, func(string) { b.showRows() })
	b.Save = widget.NewButton("Save all", b.save)
	b.Save.Importance = widget.HighImportance
	// The date entry is as wide as a date: an HBox would cut it to "202".
	date := container.NewGridWrap(fyne.NewSize(150, b.Date.MinSize().Height), b.Date)
	top := container.NewHBox(widget.NewLabel("Interventionist:"), b.Who, widget.NewLabel("Date:"), date)
	b.box = container.NewBorder(top, container.NewHBox(b.Save, b.Done), nil, nil, container.NewVScroll(b.list))
	return b
}

func (b *bulkEntry) refresh(sc *school) {
	b.sc = sc
	var who []string
	for _, p := range sc.snap.Plans {
		if p.Status == data.Active && !slices.Contains(who, p.Interventionist) {
			who = append(who, p.Interventionist)
		}
	}
	slices.Sort(who)
	b.Who.SetOptions(who)
	if b.Who.Selected == "" && len(who) > 0 {
		b.Who.SetSelected(who[0])
		return
	}
	b.showRows()
}

func (b *bulkEntry) showRows() {
	b.Rows = nil
	if b.sc == nil {
		setObjects(b.list)
		return
	}
	header := container.NewGridWithColumns(4, heading("Student"), heading("Present"), heading("Minutes"), heading("Score (optional)"))
	lines := []fyne.CanvasObject{header}
	for _, p := range b.sc.snap.Plans {
		if p.Status != data.Active || p.Interventionist != b.Who.Selected {
			continue
		}
		m := b.sc.measures[p.Goal.Measure]
		r := &bulkRow{Plan: p, Present: widget.NewCheck("present", nil), Minutes: numberEntry("minutes", false), Score: numberEntry(m.Name+" ("+m.Unit+")", true)}
		r.Present.SetChecked(true)
		r.Present.OnChanged = func(on bool) {
			if on {
				r.Minutes.Enable()
			} else {
				r.Minutes.Disable()
			}
		}
		r.Minutes.SetText(strconv.Itoa(p.Current().MinutesPerSession))
		name := fmt.Sprintf("%s · %s", b.sc.students[p.Student].Name(), b.ui.loaded().interventionName(p.Current().Intervention))
		// A long name is cut with an ellipsis rather than widening the window.
		label := widget.NewLabel(name)
		label.Truncation = fyne.TextTruncateEllipsis
		lines = append(lines, container.NewGridWithColumns(4, label, r.Present, r.Minutes, r.Score))
		b.Rows = append(b.Rows, r)
	}
	// Keyboard: Enter in a score moves to the next student's score, and
	// saves the whole group from the last one.
	for i, r := range b.Rows {
		r.Score.OnSubmitted = func(string) {
			if i+1 < len(b.Rows) {
				b.ui.window().Canvas().Focus(b.Rows[i+1].Score)
				return
			}
			b.save()
		}
	}
	if len(b.Rows) == 0 {
		lines = append(lines, emptyState("No active plans for this interventionist."))
	}
	setObjects(b.list, lines...)
}

// save writes every row's session and score in one transaction.
func (b *bulkEntry) save() {
	b.Done.SetText("")
	date, err := data.ParseDateLoose(b.Date.Text)
	if err != nil {
		b.Date.SetValidationError(err)
		b.Done.SetText("Not saved: " + err.Error())
		return
	}
	var recs data.Records
	for _, r := range b.Rows {
		st := b.sc.students[r.Plan.Student]
		ss := data.Session{Plan: r.Plan.ID, Date: date, Present: r.Present.Checked}
		if ss.Present {
			if ss.Minutes, err = parseCount(r.Minutes.Text); err != nil {
				r.Minutes.SetValidationError(err)
				b.Done.SetText(fmt.Sprintf("Not saved: %s: %v", st.Name(), err))
				return
			}
		}
		recs.Sessions = append(recs.Sessions, ss)
		if strings.TrimSpace(r.Score.Text) == "" {
			continue
		}
		v, err := data.ParseNumber(r.Score.Text)
		if err != nil {
			r.Score.SetValidationError(err)
			b.Done.SetText(fmt.Sprintf("Not saved: %s: %v", st.Name(), err))
			return
		}
		recs.Scores = append(recs.Scores, data.Score{Student: st.ID, Measure: r.Plan.Goal.Measure, Date: date, Kind: data.Progress, Value: v, Errors: data.NoErrors, Grade: st.Grade})
	}
	if len(recs.Sessions) == 0 {
		return
	}
	n, scores := len(recs.Sessions), len(recs.Scores)
	b.Save.Disable()
	b.ui.save(func() error { return b.ui.store().SaveRecords(&recs) }, func() {
		b.Save.Enable()
		b.Done.SetText(fmt.Sprintf("Saved %s and %s for %s.", plural(n, "session", "sessions"), plural(scores, "score", "scores"), date.Short()))
	}, func(err error) {
		b.Save.Enable()
		b.Done.SetText("Nothing was saved: " + data.ErrorMessage(err))
	})
}

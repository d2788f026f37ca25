package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/catalog"
)

// settingsScreen edits the school, its calendar and measures, and holds
// backup, restore and the look of the app.
type settingsScreen struct {
	ui host
	sc *school

	Name, SchoolCode, DistrictCode, K *entry
	SaveSchool                        *widget.Button
	SchoolError                       *widget.Label
	Years                             *widget.List
	EditYear, AddYear                 *widget.Button
	Measures                          *widget.List
	EditMeasure, AddMeasure           *widget.Button
	Catalog                           *widget.Select // adds a published measure
	Backup, Restore                   *widget.Button
	Location, DataStatus              *widget.Label
	Theme                             *widget.Select
	Version                           *widget.Label
	// The district hub: its address and the school's token. A saved token
	// is never shown again, only its last characters.
	HubURL, HubToken *entry
	SaveHub          *widget.Button
	HubStatus        *widget.Label
	shownHub         data.Hub
	Team             *teamSection // team sync: settings_team.go
	// presetHub is the hub address district IT set for this laptop,
	// offered while none is saved.
	version, presetHub string
	year, measure      int
	box                fyne.CanvasObject
}

func newSettingsScreen(u host, version, presetHub string) *settingsScreen {
	s := &settingsScreen{ui: u, version: version, presetHub: presetHub, Name: newEntry(), SchoolCode: newEntry(), DistrictCode: newEntry(), K: newEntry(),
		SchoolError: widget.NewLabel(""), Location: widget.NewLabel(""), DataStatus: widget.NewLabel(""), Version: widget.NewLabel(""), year: -1, measure: -1}
	s.SchoolError.Importance = widget.DangerImportance
	s.SchoolError.Wrapping = fyne.TextWrapWord
	s.K.Validator = func(v string) error { _, err := parseCount(v); return err }
	s.SaveSchool = widget.NewButton("Save", s.saveSchool)
	s.SaveSchool.Importance = widget.HighImportance
	schoolForm := widget.NewForm(&widget.FormItem{Text: "School name", Widget: s.Name}, &widget.FormItem{Text: "School code", Widget: s.SchoolCode},
		&widget.FormItem{Text: "District code", Widget: s.DistrictCode},
		&widget.FormItem{Text: "Smallest group shared", Widget: s.K, HintText: "k: groups smaller than this never leave the school (5 to 30)"})

	s.Years = widget.NewList(func() int { return s.count(func(sc *school) int { return len(sc.snap.Settings.Years) }) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			y := s.sc.snap.Settings.Years[i]
			text := fmt.Sprintf("%s · %s to %s", y.Label(), y.Start.Short(), y.End.Short())
			for _, w := range y.Windows {
				text += fmt.Sprintf(" · %s %s–%s", w.Name.Title(), w.Start.Short(), w.End.Short())
			}
			o.(*widget.Label).SetText(text)
		})
	s.Years.OnSelected = func(i widget.ListItemID) { s.year = i; s.EditYear.Enable() }
	s.EditYear = widget.NewButton("Edit the dates", func() { s.yearDialog(s.year) })
	s.EditYear.Disable()
	s.AddYear = widget.NewButton("Add the next school year", func() { s.yearDialog(-1) })

	s.Measures = widget.NewList(func() int { return s.count(func(sc *school) int { return len(sc.snap.Measures) }) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			m := s.sc.snap.Measures[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s · %d cut scores", m.Name, m.Area, m.Unit, len(m.Cuts)))
		})
	s.Measures.OnSelected = func(i widget.ListItemID) { s.measure = i; s.EditMeasure.Enable() }
	s.EditMeasure = widget.NewButton("Edit measure and cut scores", func() { measureDialog(u, s.sc.snap.Measures[s.measure]) })
	s.EditMeasure.Disable()
	s.AddMeasure = widget.NewButton("Add measure", func() { measureDialog(u, data.Measure{Area: data.Reading, MaxScore: 300}) })
	// A published measure opens the same dialog filled in from the catalog,
	// to check (or change) before it is added.
	s.Catalog = widget.NewSelect(catalogLabels(), func(label string) {
		if e, err := catalog.Lookup(catalogCodeOf(label)); err == nil {
			s.Catalog.ClearSelected() // the choice is a one-off action, not a setting
			measureDialog(u, e.Measure())
		}
	})
	s.Catalog.PlaceHolder = "Add a published measure…"

	s.Backup = widget.NewButton("Back up now…", s.backup)
	s.Restore = widget.NewButton("Restore from a backup…", s.restore)
	s.Restore.Importance = widget.DangerImportance
	s.Theme = widget.NewSelect([]string{themeSystem, themeLight, themeDark}, func(choice string) {
		u.setTheme(choice)
	})
	s.Theme.SetSelected(u.themeChoice())
	s.Location.Wrapping = fyne.TextWrapWord
	s.DataStatus.Wrapping = fyne.TextWrapWord
	s.HubURL, s.HubToken, s.HubStatus = newEntry(), newEntry(), widget.NewLabel("")
	s.HubURL.SetPlaceHolder("https://hub.district.example")
	s.HubToken.Password = true
	s.HubToken.SetPlaceHolder("paste the token the district gave this school")
	s.HubStatus.Wrapping = fyne.TextWrapWord
	s.SaveHub = widget.NewButton("Save the hub", s.saveHub)
	hubForm := widget.NewForm(&widget.FormItem{Text: "Hub address", Widget: s.HubURL},
		&widget.FormItem{Text: "School token", Widget: s.HubToken, HintText: "Only summaries leave the school: see the Sync screen for exactly what."})

	s.Team = newTeamSection(u)
	s.box = container.NewVScroll(container.NewVBox(
		heading("School"), schoolForm, s.SchoolError, container.NewHBox(s.SaveSchool), widget.NewSeparator(),
		heading("School years and screening windows"), container.NewGridWrap(fyne.NewSize(900, 120), s.Years), container.NewHBox(s.EditYear, s.AddYear), widget.NewSeparator(),
		heading("Measures and benchmark cut scores"), container.NewGridWrap(fyne.NewSize(900, 140), s.Measures), container.NewHBox(s.EditMeasure, s.AddMeasure, s.Catalog), widget.NewSeparator(),
		heading("Data"), s.Location, container.NewHBox(s.Backup, s.Restore), s.DataStatus, widget.NewSeparator(),
		heading("District hub"), hubForm, s.HubStatus, container.NewHBox(s.SaveHub), widget.NewSeparator(),
		heading("Team"), s.Team.box, widget.NewSeparator(),
		heading("Appearance"), container.NewHBox(widget.NewLabel("Theme:"), s.Theme), widget.NewSeparator(),
		heading("About"), s.Version,
	))
	return s
}

func (s *settingsScreen) count(n func(*school) int) int {
	if s.sc == nil {
		return 0
	}
	return n(s.sc)
}

func (s *settingsScreen) content() fyne.CanvasObject { return s.box }

func (s *settingsScreen) refresh(sc *school) {
	s.sc = sc
	st := sc.snap.Settings
	s.Name.SetText(st.Name)
	s.SchoolCode.SetText(st.SchoolCode)
	s.DistrictCode.SetText(st.DistrictCode)
	s.K.SetText(strconv.Itoa(st.K))
	s.Years.Refresh()
	s.Measures.Refresh()
	s.Location.SetText("The school's data is in " + s.ui.store().Path() + ". Only one Tierline can open it at a time.")
	s.Version.SetText("Tierline " + s.version)
	s.Team.refresh()
}

// showHub shows the saved hub settings, leaving alone what is being
// typed; with none saved, it offers the district's preset address.
func (s *settingsScreen) showHub(h data.Hub) {
	if s.HubURL.Text == s.shownHub.URL {
		s.HubURL.SetText(h.URL)
		if preset := s.presetHub; h.URL == "" && preset != "" {
			s.HubURL.SetText(preset)
			s.HubStatus.SetText("Your district set the hub's address: paste this school's token and save.")
		}
	}
	s.shownHub = h
	if h.Token != "" {
		s.HubToken.SetPlaceHolder("saved (" + h.MaskedToken() + "); paste a new token to replace it")
	}
}

// saveHub saves the address and, when one was typed, a new token; an
// empty address disconnects.
func (s *settingsScreen) saveHub() {
	h := data.Hub{URL: strings.TrimSpace(s.HubURL.Text), Token: strings.TrimSpace(s.HubToken.Text)}
	if h.Token == "" && h.URL != "" {
		h.Token = s.shownHub.Token
	}
	if h.URL == "" {
		h.Token = ""
	}
	s.HubStatus.Importance = widget.MediumImportance
	s.ui.save(func() error { return s.ui.store().SetHub(h) }, func() {
		s.HubToken.SetText("")
		s.HubStatus.SetText("Saved.")
		if h.Configured() {
			s.HubStatus.SetText("Saved. Waiting summaries are sent now.")
		}
		s.ui.sendNow()
		s.ui.refreshSync()
	}, func(err error) {
		s.HubStatus.Importance = widget.DangerImportance
		s.HubStatus.SetText(data.ErrorMessage(err))
	})
}

func (s *settingsScreen) saveSchool() {
	s.SchoolError.SetText("")
	st := s.sc.snap.Settings
	st.Name, st.SchoolCode, st.DistrictCode = strings.TrimSpace(s.Name.Text), strings.TrimSpace(s.SchoolCode.Text), strings.TrimSpace(s.DistrictCode.Text)
	k, err := parseCount(s.K.Text)
	if err == nil {
		st.K = k
		err = st.Validate()
	}
	if err != nil {
		s.SchoolError.SetText(data.ErrorMessage(err))
		return
	}
	s.ui.save(func() error { return s.ui.store().SaveSettings(st) }, func() { s.SchoolError.SetText("Saved.") },
		func(err error) { s.SchoolError.SetText(data.ErrorMessage(err)) })
}

// yearDialog edits the dates of school year i, or adds the next one (i < 0).
func (s *settingsScreen) yearDialog(i int) *formDialog {
	st := s.sc.snap.Settings
	var y data.SchoolYear
	if i >= 0 {
		y = st.Years[i]
	} else {
		y = data.DefaultSchoolYear(st.Years[len(st.Years)-1].Start.Year + 1)
	}
	start, end := dateEntry(y.Start), dateEntry(y.End)
	items := []*widget.FormItem{{Text: "Starts", Widget: start}, {Text: "Ends", Widget: end}}
	var windows [3][2]*entry
	for w, win := range y.Windows {
		windows[w] = [2]*entry{dateEntry(win.Start), dateEntry(win.End)}
		items = append(items, &widget.FormItem{Text: win.Name.Title() + " screening", Widget: container.NewGridWithColumns(2, windows[w][0], windows[w][1]), HintText: "first and last day"})
	}
	return newFormDialog(s.ui, "School year "+y.Label(), "Save", items, map[string]*entry{"start": start, "end": end}, func() (func() error, error) {
		out := y
		var err error
		if out.Start, err = data.ParseDateLoose(start.Text); err != nil {
			return nil, fieldError("start", err)
		}
		if out.End, err = data.ParseDateLoose(end.Text); err != nil {
			return nil, fieldError("end", err)
		}
		for w := range out.Windows {
			if out.Windows[w].Start, err = data.ParseDateLoose(windows[w][0].Text); err != nil {
				return nil, err
			}
			if out.Windows[w].End, err = data.ParseDateLoose(windows[w][1].Text); err != nil {
				return nil, err
			}
		}
		next := st
		next.Years = append([]data.SchoolYear{}, st.Years...)
		if i >= 0 {
			next.Years[i] = out
		} else {
			next.Years = append(next.Years, out)
		}
		if err := next.Validate(); err != nil {
			return nil, err
		}
		return func() error { return s.ui.store().SaveSettings(next) }, nil
	}).show()
}

// measureDialog edits a measure: its name, unit, direction and cut scores.
// noCode is the measure dialog's choice of no catalog code.
const noCode = "None: not sent to the district"

func measureDialog(u host, m data.Measure) *formDialog {
	name, unit, maxScore := newEntry(), newEntry(), numberEntry("highest possible score", false)
	name.SetText(m.Name)
	unit.SetText(m.Unit)
	unit.SetPlaceHolder("for example: wcpm")
	maxScore.SetText(trimNumber(m.MaxScore))
	areas := newOptions[data.Area]()
	for _, a := range data.Areas {
		areas.add(string(a), a)
	}
	area := areas.selectOf(string(m.Area))
	lower := widget.NewCheck("Lower scores are better (errors, referrals)", nil)
	lower.SetChecked(m.Lower)
	// The catalog code the measure is sent under: only built-in codes, as
	// a list, so that no free text can take a code's place.
	codes := newOptions[string]().add(noCode, "")
	for _, c := range data.MeasureCodes {
		codes.add(c, c)
	}
	codeLabel := noCode
	if m.Code != "" {
		codeLabel = m.Code
	}
	code := codes.selectOf(codeLabel)
	grid := container.NewGridWithColumns(8, heading("Grade"), heading("Fall"), heading("well below"), heading("Winter"),
		heading("well below"), heading("Spring"), heading("well below"), heading("Weekly ROI"))
	cells := map[data.Grade][7]*entry{}
	for _, g := range data.Grades {
		var row [7]*entry
		grid.Add(widget.NewLabel(g.Label()))
		for w, win := range data.WindowNames {
			row[2*w], row[2*w+1] = numberEntry("", true), numberEntry("", true)
			if c, ok := m.Cut(g, win); ok {
				row[2*w].SetText(trimNumber(c.Benchmark))
				row[2*w+1].SetText(trimNumber(c.WellBelow))
			}
			grid.Add(row[2*w])
			grid.Add(row[2*w+1])
		}
		row[6] = numberEntry("", true)
		if r, ok := m.TypicalROI[g]; ok {
			row[6].SetText(trimNumber(r))
		}
		grid.Add(row[6])
		cells[g] = row
	}
	items := []*widget.FormItem{
		{Text: "Name", Widget: name}, {Text: "Area", Widget: area}, {Text: "Unit", Widget: unit},
		{Text: "Highest score", Widget: maxScore}, {Text: "Direction", Widget: lower},
		{Text: "Catalog code", Widget: code, HintText: "The published assessment this is: its results reach the district only under a code, never under the name above"},
		{Text: "Cut scores", Widget: container.NewGridWrap(fyne.NewSize(820, 300), container.NewVScroll(grid)),
			HintText: "Benchmark and well-below cut per grade and window; leave a grade empty when the measure does not apply"},
	}
	title, action := "Add a measure", "Add"
	if m.ID != (data.ID{}) {
		title, action = "Edit "+m.Name, "Save"
	}
	f := newFormDialog(u, title, action, items, map[string]*entry{"name": name, "unit": unit, "maximum score": maxScore}, func() (func() error, error) {
		out := m
		out.Name, out.Unit, out.Lower = strings.TrimSpace(name.Text), strings.TrimSpace(unit.Text), lower.Checked
		out.Area, _ = areas.value(area)
		out.Code, _ = codes.value(code)
		var err error
		if out.MaxScore, err = data.ParseNumber(maxScore.Text); err != nil {
			return nil, fieldError("maximum score", err)
		}
		out.Cuts, out.TypicalROI = nil, map[data.Grade]float64{}
		for _, g := range data.Grades {
			row := cells[g]
			for w, win := range data.WindowNames {
				bench, well := strings.TrimSpace(row[2*w].Text), strings.TrimSpace(row[2*w+1].Text)
				if bench == "" && well == "" {
					continue
				}
				c := data.Cut{Grade: g, Window: win}
				if c.Benchmark, err = data.ParseNumber(bench); err != nil {
					return nil, fmt.Errorf("%s %s benchmark: %w", g.Label(), win, err)
				}
				if c.WellBelow, err = data.ParseNumber(well); err != nil {
					return nil, fmt.Errorf("%s %s well-below cut: %w", g.Label(), win, err)
				}
				out.Cuts = append(out.Cuts, c)
			}
			if roi := strings.TrimSpace(row[6].Text); roi != "" {
				if out.TypicalROI[g], err = data.ParseNumber(roi); err != nil {
					return nil, fmt.Errorf("%s weekly ROI: %w", g.Label(), err)
				}
			}
		}
		if err := out.Validate(); err != nil {
			return nil, err
		}
		return func() error { return u.store().SaveMeasure(&out) }, nil
	})
	f.Dialog.Resize(fyne.NewSize(960, 720))
	return f.show()
}

func (s *settingsScreen) backup() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		s.ui.work(func() (func(), error) {
			if err := s.ui.store().Backup(path); err != nil {
				return nil, err
			}
			return func() { s.setDataStatus("Backed up to "+path+".", false) }, nil
		}, "Could not back up")
	}, s.ui.window())
	d.SetFileName(fmt.Sprintf("tierline-backup-%s.db", s.ui.today()))
	d.Show()
}

func (s *settingsScreen) restore() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.confirmRestore(path)
	}, s.ui.window())
}

// confirmRestore asks, naming what is replaced, then restores.
func (s *settingsScreen) confirmRestore(path string) {
	q := fmt.Sprintf("Replace all of %s's data with the backup %s? The backup is checked first; the current data is kept as %s.before-restore.",
		s.sc.snap.Settings.Name, path, s.ui.store().Path())
	s.ui.confirm("Restore from a backup", q, "Restore", func() {
		s.ui.save(func() error { return s.ui.store().Restore(path) }, func() { s.setDataStatus("Restored from "+path+".", false) }, nil)
	})
}

// setDataStatus says what became of a backup or a restore.
func (s *settingsScreen) setDataStatus(text string, failed bool) {
	s.DataStatus.Importance = widget.MediumImportance
	if failed {
		s.DataStatus.Importance = widget.DangerImportance
	}
	s.DataStatus.SetText(text)
}

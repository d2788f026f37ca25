package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
)

// Import kinds, as the screen offers them.
const (
	importRoster    = "OneRoster roster (a folder or a .zip)"
	importFlags     = "Program flags (EL, IEP, 504, econ.) CSV"
	importScores    = "Scores CSV (screening or progress)"
	importStudents  = "Students CSV (a Tierline export)"
	importPlans     = "Plans CSV (a Tierline export)"
	importSessions  = "Sessions CSV (a Tierline export)"
	importTiers     = "Tier changes CSV (a Tierline export)"
	importDecisions = "Review decisions CSV (a Tierline export)"
	noColumn        = "(none)"
	// ownColumns is the layout choice of a file whose columns the user names.
	ownColumns = "My own columns (say which is which below)"
	// fromFile leaves the measure, or the kind, to the file's column, the
	// layout or the measure map.
	fromFile = "As the file says"
)

// importScreen brings files in: choose the kind and the file, map the
// columns of a scores file, check (a dry run that reports every refused
// row), then import in one transaction. It also writes the exports.
type importScreen struct {
	ui   host
	sc   *school
	path string
	// what the last check found, for Import to write
	report *importer.Report
	orgs   *options[string]
	// otherSchool: the user confirmed this file is a roster of their school
	// though it names another (importer.OtherSchoolError)
	otherSchool bool
	mapping     map[string]*widget.Select // score field → the file's column

	Kind        *widget.Select
	Choose      *widget.Button
	File        *widget.Label
	Org         *widget.Select
	Layout      *widget.Select
	Grade       *widget.Select // the grade of roster students without one
	Measure     *widget.Select
	MeasureMap  *widget.Entry
	ScoreKind   *widget.Select
	Preview     *fyne.Container
	Mapping     *fyne.Container
	orgForm     *widget.Form
	rosterForm  *widget.Form
	scoreForm   *widget.Form
	top         *fyne.Container
	Check       *widget.Button
	SkipBad     *widget.Check
	Import      *widget.Button
	Summary     *widget.Label
	Problems    *widget.List
	problemRows []string
	box         fyne.CanvasObject
}

func newImportScreen(u host) *importScreen {
	s := &importScreen{ui: u, File: widget.NewLabel("No file chosen."), Summary: widget.NewLabel(""),
		Preview: container.NewVBox(), Mapping: container.NewVBox(), mapping: map[string]*widget.Select{}}
	s.Summary.Wrapping = fyne.TextWrapWord
	s.Kind = widget.NewSelect([]string{importRoster, importFlags, importScores, importStudents, importPlans, importSessions, importTiers,
		importDecisions}, func(string) { s.reset() })
	layouts := []string{ownColumns}
	for _, l := range importer.Layouts {
		layouts = append(layouts, l.Title)
	}
	s.Layout = widget.NewSelect(layouts, func(string) { s.showLayout() })
	s.Layout.SetSelected(ownColumns)
	s.MeasureMap = widget.NewEntry()
	s.MeasureMap.SetPlaceHolder("Mathematics=MAP Math, Reading=MAP Reading")
	s.MeasureMap.OnChanged = func(string) { s.clearReport() }
	s.Choose = widget.NewButton("Choose…", s.choose)
	s.Org = widget.NewSelect(nil, func(string) { s.clearReport() })
	s.Grade = widget.NewSelect(gradeChoices(), func(string) { s.clearReport() })
	s.Grade.SetSelected(gradeFromRoster)
	s.Measure = widget.NewSelect(nil, func(string) { s.clearReport() })
	s.ScoreKind = widget.NewSelect([]string{fromFile, kindScreening, kindProgress}, func(string) { s.clearReport() })
	s.ScoreKind.SetSelected(fromFile)
	s.Check = widget.NewButton("Check the file", s.check)
	s.SkipBad = widget.NewCheck("Import the good rows and skip the refused ones", func(bool) { s.updateImport() })
	s.Import = widget.NewButton("Import", s.importNow)
	s.Import.Importance = widget.HighImportance
	s.Problems = widget.NewList(func() int { return len(s.problemRows) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.problemRows[i]) })
	exports := container.NewHBox(widget.NewLabel("Export as CSV:"))
	for _, kind := range importer.ExportKinds {
		exports.Add(widget.NewButton(kind+"…", func() { s.export(kind) }))
	}
	exports.Add(widget.NewButton("The whole school…", s.chooseSchoolFolder))
	form := widget.NewForm(
		&widget.FormItem{Text: "What", Widget: s.Kind},
		&widget.FormItem{Text: "File", Widget: container.NewBorder(nil, nil, nil, s.Choose, s.File)},
	)
	// Shown only when they apply: the school of a multi-school roster, the
	// measure and kind of a scores file.
	s.orgForm = widget.NewForm(&widget.FormItem{Text: "School", Widget: s.Org, HintText: "The roster holds several schools: choose this one"})
	s.rosterForm = widget.NewForm(&widget.FormItem{Text: "Students without a grade", Widget: s.Grade,
		HintText: "A roster that gives no grade (an export of one class) can be given one; otherwise they are refused"})
	s.scoreForm = widget.NewForm(
		&widget.FormItem{Text: "Vendor's layout", Widget: s.Layout, HintText: "A vendor's export is read by its own column names"},
		&widget.FormItem{Text: "Measure", Widget: s.Measure, HintText: "Every score's measure, or as the file's measure column says"},
		&widget.FormItem{Text: "Subjects to measures", Widget: s.MeasureMap, HintText: "For files of several subjects or subtests"},
		&widget.FormItem{Text: "Kind of score", Widget: s.ScoreKind})
	s.Kind.SetSelected(importRoster)
	s.top = container.NewVBox(heading("Import"), form, s.orgForm, s.rosterForm, s.scoreForm, s.Mapping, s.Preview,
		container.NewHBox(s.Check, s.SkipBad, s.Import), s.Summary)
	s.box = container.NewBorder(s.top, container.NewVBox(widget.NewSeparator(), exports), nil, nil, s.Problems)
	s.reset()
	return s
}

func (s *importScreen) content() fyne.CanvasObject { return s.box }

func (s *importScreen) refresh(sc *school) {
	s.sc = sc
	measures := []string{fromFile}
	for _, m := range sc.snap.Measures {
		measures = append(measures, m.Name)
	}
	s.Measure.SetOptions(measures)
	if s.Measure.Selected == "" && sc.hasMain {
		s.Measure.SetSelected(sc.main.Name)
	}
}

// reset forgets the file when the kind changes.
func (s *importScreen) reset() {
	if s.Check == nil {
		return
	}
	s.path = ""
	s.File.SetText("No file chosen.")
	s.orgForm.Hide()
	if s.Kind.Selected == importScores {
		s.scoreForm.Show()
	} else {
		s.scoreForm.Hide()
	}
	if s.Kind.Selected == importRoster {
		s.rosterForm.Show()
	} else {
		s.rosterForm.Hide()
	}
	s.relayout()
	s.Mapping.Objects, s.Preview.Objects = nil, nil
	s.clearReport()
}

func (s *importScreen) clearReport() {
	if s.Check == nil {
		return
	}
	s.report = nil
	s.problemRows = nil
	s.Summary.SetText("")
	s.Problems.Refresh()
	s.updateImport()
	if s.path == "" {
		s.Check.Disable()
	} else {
		s.Check.Enable()
	}
}

func (s *importScreen) updateImport() {
	if s.report != nil && s.report.Ready(s.SkipBad.Checked) && s.report.Records.Count() > 0 {
		s.Import.Enable()
	} else {
		s.Import.Disable()
	}
}

func (s *importScreen) choose() {
	pick := func(path string) {
		s.setPath(path)
	}
	if s.Kind.Selected == importRoster {
		d := dialog.NewCustomConfirm("A roster", "A folder", "A .zip file", widget.NewLabel("Is the OneRoster export a folder of CSV files or a .zip file?"), func(folder bool) {
			if folder {
				dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
					if err == nil && dir != nil {
						pick(dir.Path())
					}
				}, s.ui.window())
				return
			}
			s.openFile(pick)
		}, s.ui.window())
		s.ui.track(d)
		d.Show()
		return
	}
	s.openFile(pick)
}

func (s *importScreen) openFile(pick func(string)) {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		pick(path)
	}, s.ui.window())
}

// setPath takes the chosen file; a scores file gets its mapping step.
func (s *importScreen) setPath(path string) {
	s.path, s.otherSchool = path, false
	s.File.SetText(path)
	s.orgForm.Hide()
	s.relayout()
	s.clearReport()
	if s.Kind.Selected != importScores {
		return
	}
	s.ui.work(func() (func(), error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		header, rows, err := importer.Preview(filepath.Base(path), f, 5)
		if err != nil {
			return nil, err
		}
		return func() { s.showMapping(header, rows) }, nil
	}, "Could not read the file")
}

// showMapping shows the first rows and a column choice for each field,
// guessed from the usual names.
func (s *importScreen) showMapping(header []string, rows [][]string) {
	guess := importer.GuessScoreColumns(header)
	fields := []struct {
		name, label, guess string
		required           bool
	}{
		{"local_id", "Student's local id", guess.LocalID, true}, {"date", "Date", guess.Date, true}, {"value", "Score", guess.Value, true},
		{"errors", "Errors", guess.Errors, false}, {"kind", "Kind", guess.Kind, false}, {"measure", "Measure", guess.Measure, false},
		{"grade", "Grade", guess.Grade, false},
	}
	s.mapping = map[string]*widget.Select{}
	grid := container.NewGridWithColumns(4)
	for _, f := range fields {
		choices := append([]string{}, header...)
		if !f.required {
			choices = append([]string{noColumn}, choices...)
		}
		sel := widget.NewSelect(choices, func(string) { s.clearReport() })
		if f.guess != "" {
			sel.SetSelected(f.guess)
		} else if !f.required {
			sel.SetSelected(noColumn)
		}
		s.mapping[f.name] = sel
		grid.Add(container.NewBorder(nil, nil, widget.NewLabel(f.label+":"), nil, sel))
	}
	s.Mapping.Objects = []fyne.CanvasObject{heading("Which column is which"), grid}
	if _, ok := s.layout(); ok {
		s.Mapping.Hide()
	}
	preview := [][]string{header}
	preview = append(preview, rows...)
	s.Preview.Objects = []fyne.CanvasObject{heading("The first rows of the file")}
	s.Preview.Add(container.NewVBox())
	setGrid(s.Preview.Objects[1].(*fyne.Container), preview)
	s.relayout()
}

// layout returns the chosen vendor layout; ok is false for the user's own columns.
func (s *importScreen) layout() (importer.Layout, bool) {
	for _, l := range importer.Layouts {
		if l.Title == s.Layout.Selected {
			return l, true
		}
	}
	return importer.Layout{}, false
}

// showLayout hides the column mapping when a vendor's layout names the columns.
func (s *importScreen) showLayout() {
	if s.Check == nil {
		return
	}
	if _, ok := s.layout(); ok {
		s.Mapping.Hide()
	} else {
		s.Mapping.Show()
	}
	s.relayout()
	s.clearReport()
}

// relayout lays the form out again after parts of it were shown or hidden.
func (s *importScreen) relayout() {
	if s.top != nil {
		s.top.Refresh()
		s.box.Refresh()
	}
}

// columns reads the mapping step's choices.
func (s *importScreen) columns() importer.ScoreColumns {
	get := func(field string) string {
		if sel, ok := s.mapping[field]; ok && sel.Selected != noColumn {
			return sel.Selected
		}
		return ""
	}
	return importer.ScoreColumns{LocalID: get("local_id"), Date: get("date"), Value: get("value"), Errors: get("errors"),
		Kind: get("kind"), Measure: get("measure"), Grade: get("grade")}
}

// check reads the file against the school: a dry run, nothing written.
func (s *importScreen) check() {
	if s.sc == nil || s.path == "" {
		return
	}
	kind, path, sc, today := s.Kind.Selected, s.path, s.sc, s.ui.today()
	snap := sc.snap // its sessions are read only by the check, off the UI goroutine
	org := ""
	if s.orgs != nil {
		org, _ = s.orgs.value(s.Org)
	}
	var grade data.Grade // none: students without a grade are refused
	for _, g := range data.Grades {
		if g.Label() == s.Grade.Selected {
			grade = g
		}
	}
	opt := importer.ScoreOptions{Measures: snap.Measures}
	if l, ok := s.layout(); ok {
		opt.Layout = l.Name
	} else {
		opt.Columns = s.columns()
	}
	switch s.ScoreKind.Selected {
	case kindProgress:
		opt.Kind = data.Progress
	case kindScreening:
		opt.Kind = data.Screening
	}
	var err error
	if opt.MeasureMap, err = importer.ParseMeasureMap(s.MeasureMap.Text); err != nil {
		s.Summary.SetText("Subjects to measures: " + data.ErrorMessage(err))
		return
	}
	for _, m := range snap.Measures {
		if m.Name == s.Measure.Selected {
			opt.Measure = m
		}
	}
	s.Check.Disable()
	s.ui.work(func() (func(), error) {
		rep, err := importer.ReadFile(importer.Request{Kind: importKinds[kind], Path: path, Org: org, OtherSchool: s.otherSchool,
			Grade: grade, Scores: opt, Today: today}, sc.wholeSnapshot())
		return func() {
			s.Check.Enable()
			var choice *importer.OrgChoiceError
			var other *importer.OtherSchoolError
			switch {
			case errors.As(err, &choice):
				s.chooseOrg(choice)
			case errors.As(err, &other):
				s.Summary.SetText("Not checked: " + other.Error() + ".")
				s.ui.confirm("Another school's roster?", fmt.Sprintf("This roster is of %s, but this is %s. Import it into %s anyway?",
					orDash(other.Roster.Name), other.School.Name, other.School.Name), "Check it anyway", func() {
					s.otherSchool = true
					s.check()
				})
			case err != nil:
				s.Summary.SetText("The file cannot be imported: " + data.ErrorMessage(err))
			default:
				s.showReport(rep)
			}
		}, nil
	}, "Could not check the file")
}

// gradeFromRoster leaves students without a grade to be refused.
const gradeFromRoster = "None: refuse them"

// gradeChoices are the grades a roster's students without one can be given.
func gradeChoices() []string {
	out := []string{gradeFromRoster}
	for _, g := range data.Grades {
		out = append(out, g.Label())
	}
	return out
}

// importKinds names each kind of import file as the Kind list shows it.
var importKinds = map[string]importer.Kind{importRoster: importer.KindRoster, importFlags: importer.KindFlags,
	importScores: importer.KindScores, importStudents: importer.KindStudents, importPlans: importer.KindPlans, importSessions: importer.KindSessions,
	importTiers: importer.KindTiers, importDecisions: importer.KindDecisions}

func (s *importScreen) chooseOrg(choice *importer.OrgChoiceError) {
	s.orgs = newOptions[string]()
	for _, o := range choice.Orgs {
		s.orgs.add(fmt.Sprintf("%s (%s)", orDash(o.Name), plural(o.Students, "student", "students")), o.SourcedID)
	}
	s.Org.SetOptions(s.orgs.labels)
	s.orgForm.Show()
	s.relayout()
	s.Summary.SetText("The roster holds several schools: choose this school, then check again.")
}

func (s *importScreen) showReport(rep *importer.Report) {
	s.report = rep
	s.problemRows = nil
	for _, n := range rep.Notes {
		s.problemRows = append(s.problemRows, "Note: "+n)
	}
	for _, p := range rep.Problems {
		s.problemRows = append(s.problemRows, "Refused: "+p.Error())
	}
	for _, p := range rep.Skipped {
		s.problemRows = append(s.problemRows, "Skipped: "+p.Error())
	}
	text := "Check: " + rep.Summary() + "."
	for _, n := range rep.Notes {
		text += " Note: " + n + "."
	}
	switch {
	case len(rep.Problems) > 0:
		text += " Nothing is imported while rows are refused: fix the file, or tick the box to skip them."
	case rep.Records.Count() == 0:
		text += " Nothing to import: the school already holds all of it."
	default:
		text += " Ready to import."
	}
	s.Summary.SetText(text)
	s.Problems.Refresh()
	s.updateImport()
}

// importNow writes the checked records in one transaction.
func (s *importScreen) importNow() {
	rep := s.report
	if rep == nil || !rep.Ready(s.SkipBad.Checked) {
		return
	}
	s.Import.Disable()
	n := rep.Records.Count()
	s.ui.save(func() error { return s.ui.store().SaveRecords(&rep.Records) }, func() {
		s.report = nil
		s.Summary.SetText(fmt.Sprintf("Imported %s: %s.", plural(n, "record", "records"), rep.Summary()))
	}, func(err error) {
		s.updateImport()
		s.Summary.SetText("Nothing was imported: " + data.ErrorMessage(err))
	})
}

// chooseSchoolFolder asks where to write the whole school, to move it to
// another computer (tierline import school reads it into a fresh store).
func (s *importScreen) chooseSchoolFolder() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err == nil && dir != nil {
			s.exportSchool(filepath.Join(dir.Path(), "tierline-school-"+strings.ReplaceAll(s.ui.today().String(), "-", "")))
		}
	}, s.ui.window())
}

// exportSchool writes the whole school into dir.
func (s *importScreen) exportSchool(dir string) {
	if s.sc == nil {
		return
	}
	sc := s.sc
	s.ui.work(func() (func(), error) {
		files, err := importer.ExportSchool(dir, sc.wholeSnapshot())
		if err != nil {
			return nil, err
		}
		return func() {
			s.Summary.SetText(fmt.Sprintf("Exported the whole school to %s (%d files): on a new computer, Import a school folder… on the first screen (or tierline import school) moves it in.", dir, len(files)))
		}, nil
	}, "Could not export the school")
}

// export writes one kind of record as CSV to a file the user picks.
func (s *importScreen) export(kind string) {
	if s.sc == nil {
		return
	}
	sc := s.sc
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		s.ui.work(func() (func(), error) {
			defer w.Close()
			n, err := importer.Export(w, kind, sc.wholeSnapshot())
			if err != nil {
				return nil, err
			}
			return func() { s.Summary.SetText(fmt.Sprintf("Exported %d %s to %s.", n, kind, w.URI().Name())) }, nil
		}, "Could not export")
	}, s.ui.window())
	d.SetFileName(fmt.Sprintf("tierline-%s-%s.csv", kind, strings.ReplaceAll(s.ui.today().String(), "-", "")))
	d.Show()
}

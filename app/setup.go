package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/catalog"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/setup"
)

// setupScreen is the first run: set up the school, or open the demo school.
type setupScreen struct {
	ui                             host
	Name, SchoolCode, DistrictCode *entry
	YearStart, YearEnd             *entry
	Windows                        [3][2]*entry // start and end of fall, winter, spring
	K                              *entry
	Measures                       *widget.CheckGroup // published measures to start with, by catalog label
	Create, Roster, Demo           *widget.Button
	MoveIn                         *widget.Button // import a school folder (movein.go)
	Status                         *widget.Label  // what is being read or written
	Progress                       *widget.ProgressBarInfinite
	Error                          *widget.Label
	form                           *widget.Form
	fields                         map[string]*entry
	box                            fyne.CanvasObject
}

func newSetupScreen(u host) *setupScreen {
	s := &setupScreen{ui: u, Name: newEntry(), SchoolCode: newEntry(), DistrictCode: newEntry(),
		K: newEntry(), Error: widget.NewLabel("")}
	s.Error.Importance = widget.DangerImportance
	s.Error.Wrapping = fyne.TextWrapWord
	today := u.today()
	start := today.Year
	if today.Before(data.DefaultSchoolYear(start).Start) {
		start--
	}
	year := data.DefaultSchoolYear(start)
	s.Name.SetPlaceHolder("Oak Street Elementary")
	s.SchoolCode.SetPlaceHolder("0123")
	s.DistrictCode.SetPlaceHolder("45")
	s.YearStart, s.YearEnd = dateEntry(year.Start), dateEntry(year.End)
	s.K.SetText(strconv.Itoa(data.DefaultK))
	s.K.Validator = func(v string) error {
		_, err := parseCount(v)
		return err
	}
	s.fields = map[string]*entry{"name": s.Name, "school code": s.SchoolCode, "district code": s.DistrictCode,
		"minimum group size": s.K}
	items := []*widget.FormItem{
		{Text: "School name", Widget: s.Name},
		{Text: "School code", Widget: s.SchoolCode, HintText: "The code your district uses for the school"},
		{Text: "District code", Widget: s.DistrictCode},
		{Text: "School year starts", Widget: s.YearStart},
		{Text: "School year ends", Widget: s.YearEnd},
	}
	for i, w := range year.Windows {
		s.Windows[i] = [2]*entry{dateEntry(w.Start), dateEntry(w.End)}
		items = append(items, &widget.FormItem{Text: w.Name.Title() + " screening",
			Widget: container.NewGridWithColumns(2, s.Windows[i][0], s.Windows[i][1]), HintText: "first and last day"})
	}
	items = append(items, &widget.FormItem{Text: "Smallest group shared", Widget: s.K,
		HintText: "Groups smaller than this are never sent to the district (5 to 30)"})
	s.Measures = widget.NewCheckGroup(catalogLabels(), nil)
	items = append(items, &widget.FormItem{Text: "Measures to start with", Widget: s.Measures,
		HintText: "Published benchmark goals, with their source (more in Settings, or your own)"})
	s.form = widget.NewForm(items...)
	s.Create = widget.NewButton("Create the school", func() { s.create(dashboardPage) })
	s.Create.Importance = widget.HighImportance
	s.Demo = widget.NewButton("Open the demo school", s.openDemo)
	s.Roster = widget.NewButton("Create the school and import a roster", func() { s.create(importPage) })
	s.MoveIn = widget.NewButton("Import a school folder…", s.chooseSchoolFolder)
	s.Status, s.Progress = widget.NewLabel(""), widget.NewProgressBarInfinite()
	s.Status.Wrapping = fyne.TextWrapWord
	s.Progress.Hide()
	intro := widget.NewLabel("Welcome to Tierline. Set up your school to start, or open the demo school to look around. " +
		"The dates below are the usual ones; change them to your calendar. Everything stays on this computer.")
	intro.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle("Set up your school", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	moveIn := widget.NewLabel("Moving from another computer? Import the folder Tierline exported there (on the Import page, " +
		"Export as CSV: The whole school…, or tierline export school).")
	moveIn.Wrapping = fyne.TextWrapWord
	s.box = container.NewVScroll(container.NewPadded(container.NewVBox(title, intro, s.form, s.Error,
		container.NewHBox(s.Create, s.Roster, s.Demo), widget.NewSeparator(), moveIn, container.NewHBox(s.MoveIn), s.Status, s.Progress)))
	return s
}

func (s *setupScreen) content() fyne.CanvasObject { return s.box }
func (s *setupScreen) refresh(*school)            {}

// school reads the form into the school to create.
func (s *setupScreen) school() (setup.School, error) {
	k, err := parseCount(s.K.Text)
	if err != nil {
		return setup.School{}, fieldError("minimum group size", err)
	}
	dates := []*entry{s.YearStart, s.YearEnd}
	for _, w := range s.Windows {
		dates = append(dates, w[0], w[1])
	}
	parsed := make([]data.Date, len(dates))
	for i, e := range dates {
		if parsed[i], err = data.ParseDateLoose(e.Text); err != nil {
			return setup.School{}, err
		}
	}
	year := data.SchoolYear{Start: parsed[0], End: parsed[1]}
	for i := range year.Windows {
		year.Windows[i] = data.Window{Name: data.WindowNames[i], Start: parsed[2+2*i], End: parsed[3+2*i]}
	}
	var codes []string
	for _, label := range s.Measures.Selected {
		codes = append(codes, catalogCodeOf(label))
	}
	return setup.School{Name: s.Name.Text, SchoolCode: s.SchoolCode.Text, DistrictCode: s.DistrictCode.Text,
		Year: year, K: k, Measures: codes}, nil
}

// catalogLabels names the catalog's entries for a list: "DIBELS 8 ORF
// (University of Oregon…, 2020)".
func catalogLabels() []string {
	var out []string
	for _, e := range catalog.All() {
		out = append(out, catalogLabel(e))
	}
	return out
}

func catalogLabel(e catalog.Entry) string {
	return fmt.Sprintf("%s (%s, %d)", e.Name, e.Publisher, e.Year)
}

// catalogCodeOf returns the code of the entry a label names, "" if none.
func catalogCodeOf(label string) string {
	for _, e := range catalog.All() {
		if catalogLabel(e) == label {
			return e.Code
		}
	}
	return ""
}

// create writes the school from the form, then shows the next screen.
func (s *setupScreen) create(next pageID) {
	s.Error.SetText("")
	sc, err := s.school()
	if err == nil {
		_, err = sc.Snapshot()
	}
	if err != nil {
		s.showError(err)
		return
	}
	s.start(func() error {
		_, err := setup.Create(s.ui.store(), sc)
		return err
	}, next)
}

func (s *setupScreen) openDemo() {
	today := s.ui.today()
	s.start(func() error {
		snap, err := demo.School(demo.Options{Today: today, Size: demo.Small})
		if err != nil {
			return err
		}
		return s.ui.store().Initialize(&snap)
	}, dashboardPage)
}

// start writes the new school, then opens the main window on a screen.
func (s *setupScreen) start(write func() error, next pageID) {
	s.enable(false)
	s.ui.save(write, func() {
		s.busy("")
		s.ui.enterSchool(next)
	}, func(err error) {
		s.busy("")
		s.enable(true)
		s.showError(err)
	})
}

// enable turns the screen's actions on or off while one is under way.
func (s *setupScreen) enable(on bool) {
	for _, b := range []*widget.Button{s.Create, s.Roster, s.Demo, s.MoveIn} {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

func (s *setupScreen) showError(err error) {
	var e *data.Error
	if de, ok := err.(*data.Error); ok {
		e = de
	}
	if e != nil {
		if entry, ok := s.fields[e.Field]; ok {
			entry.SetValidationError(err)
		}
	}
	s.Error.SetText(data.ErrorMessage(err))
}

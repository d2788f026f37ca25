package app

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"log"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// chartView shows a chart drawn at the widget's own size × the canvas
// scale, so it is sharp on HiDPI screens. Drawing runs in the background;
// only the latest drawing is shown.
type chartView struct {
	widget.BaseWidget
	ui    host
	Image *canvas.Image
	draw  func(charts.Size) (*charts.Chart, error)
	drawn fyne.Size
	gen   int
	min   fyne.Size
}

func newChartView(u host, min fyne.Size) *chartView {
	// A blank pixel until the first drawing: painters fail on a nil image.
	v := &chartView{ui: u, Image: canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1))), min: min}
	v.Image.FillMode = canvas.ImageFillContain
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer shows the image.
func (v *chartView) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{view: v} }

// chartRenderer lays the image over the view, hiding it while the view has
// no area: painters fail on an image with no width.
type chartRenderer struct{ view *chartView }

func (r *chartRenderer) Layout(size fyne.Size) {
	if size.Width < 1 || size.Height < 1 {
		r.view.Image.Hide()
		return
	}
	r.view.Image.Show()
	r.view.Image.Resize(size)
}
func (r *chartRenderer) MinSize() fyne.Size           { return r.view.min }
func (r *chartRenderer) Refresh()                     { r.view.Image.Refresh() }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.view.Image} }
func (r *chartRenderer) Destroy()                     {}

// MinSize keeps charts legible.
func (v *chartView) MinSize() fyne.Size { return v.min }

// Resize redraws the chart at the new size.
func (v *chartView) Resize(s fyne.Size) {
	v.BaseWidget.Resize(s)
	if s != v.drawn {
		v.render()
	}
}

// SetChart sets what the view draws and draws it.
func (v *chartView) SetChart(draw func(charts.Size) (*charts.Chart, error)) {
	v.draw = draw
	v.render()
}

func (v *chartView) render() {
	size, draw := v.Size(), v.draw
	if draw == nil || size.Width < 100 || size.Height < 80 {
		return
	}
	v.drawn = size
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	// Chart text follows the app's text size (meeting mode enlarges both).
	textScale := theme.TextSize() / theme.DefaultTheme().Size(theme.SizeNameText)
	px := charts.Size{W: max(int(size.Width*scale), 200), H: max(int(size.Height*scale), 150), Scale: float64(scale * textScale)}
	v.gen++
	gen := v.gen
	v.ui.quietly(func() {
		ch, err := draw(px)
		if err == nil {
			img, ierr := ch.Image()
			fyne.Do(func() {
				if gen != v.gen {
					return
				}
				if ierr != nil {
					v.ui.showError("Could not draw the chart", ierr)
					return
				}
				v.Image.Image = img
				v.Image.Refresh()
			})
			return
		}
		fyne.Do(func() { v.ui.showError("Could not draw the chart", err) })
	})
}

// verdictCard leads with the verdict: an icon, a coloured stripe and the
// headline, then the rule, the fidelity and the reason in plain words.
type verdictCard struct {
	Stripe      *canvas.Rectangle
	Icon        *widget.Icon
	Headline    *widget.Label
	Rule        *widget.Label
	Explanation *widget.Label
	content     fyne.CanvasObject
}

func newVerdictCard() *verdictCard {
	c := &verdictCard{Stripe: canvas.NewRectangle(color.Transparent), Icon: widget.NewIcon(theme.InfoIcon()),
		Headline: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		Rule:     widget.NewLabel(""), Explanation: widget.NewLabel("")}
	c.Explanation.Wrapping = fyne.TextWrapWord
	c.Stripe.SetMinSize(fyne.NewSize(6, 6))
	c.Headline.Wrapping = fyne.TextWrapWord
	c.Rule.Wrapping = fyne.TextWrapWord
	head := container.NewBorder(nil, nil, c.Icon, nil, c.Headline)
	c.content = container.NewBorder(nil, nil, c.Stripe, nil, container.NewVBox(head, c.Rule, c.Explanation))
	return c
}

// set shows a verdict and the fidelity of the phase.
func (c *verdictCard) set(v analysis.Verdict, f analysis.Fidelity) {
	icon, col := verdictLook(v)
	c.Icon.SetResource(icon)
	c.Stripe.FillColor = col
	c.Stripe.Refresh()
	c.Headline.SetText(v.Headline())
	rule := "Rule: " + v.Rule.Label()
	if v.Rule == analysis.RuleNone {
		rule = ""
	}
	if f.Measured() {
		mark := "✓"
		if f.Low() {
			mark = "⚠"
		}
		rule += fmt.Sprintf(" · Fidelity %.0f%% %s", analysis.Percent(f.Rate()), mark)
	}
	c.Rule.SetText(strings.TrimPrefix(rule, " · "))
	c.Explanation.SetText(v.Explanation)
}

// verdictLook is the icon and colour of a verdict; the words say it too.
func verdictLook(v analysis.Verdict) (fyne.Resource, color.Color) {
	switch {
	case v.Kind == data.Intensify:
		return theme.ErrorIcon(), colorNeedsAction
	case v.FidelityWarning:
		return theme.WarningIcon(), colorCaution
	case v.Kind == data.RaiseGoal:
		return theme.MoveUpIcon(), colorCaution
	case v.Kind == data.Continue:
		return theme.ConfirmIcon(), colorOnTrack
	}
	return theme.InfoIcon(), colorTooEarly
}

// entry is Fyne's entry that passes Escape on to the window, which closes
// the open dialog: a focused entry otherwise swallows the key. Its Problem
// line says in words what is wrong with the input, right under it.
type entry struct {
	widget.Entry
	Problem *widget.Label
}

func newEntry() *entry {
	e := &entry{Problem: widget.NewLabel("")}
	e.Problem.Wrapping = fyne.TextWrapWord
	e.Problem.Importance = widget.DangerImportance
	e.Problem.Hide()
	e.ExtendBaseWidget(e)
	return e
}

// withProblem is the entry with its problem line under it.
func (e *entry) withProblem() fyne.CanvasObject { return container.NewVBox(e, e.Problem) }

// setProblem shows what is wrong with the input, or clears it (nil).
func (e *entry) setProblem(err error) {
	if err == nil {
		e.Problem.SetText("")
		e.Problem.Hide()
		if e.Validator != nil {
			e.SetValidationError(e.Validator(e.Text))
		}
		return
	}
	msg := problemText(err)
	e.AlwaysShowValidationError = true
	e.SetValidationError(errors.New(msg))
	e.Problem.SetText(msg)
	e.Problem.Show()
}

// check runs the entry's validator and shows its verdict; false when the
// input is wrong.
func (e *entry) check() bool {
	if e.Validator == nil {
		return true
	}
	err := e.Validator(e.Text)
	e.setProblem(err)
	return err == nil
}

// problemText is what the user is shown of an error; an internal one,
// shown as a generic sentence, has its detail written to the log.
func problemText(err error) string {
	if data.ErrorCode(err) == data.EINTERNAL {
		log.Printf("unexpected error: %v", err)
	}
	return data.ErrorMessage(err)
}

// withProblems puts the problem line under every entry in o, which may be
// an entry or a container of them, and collects the entries.
func withProblems(o fyne.CanvasObject, found *[]*entry) fyne.CanvasObject {
	switch o := o.(type) {
	case *entry:
		*found = append(*found, o)
		return o.withProblem()
	case *fyne.Container:
		for i, child := range o.Objects {
			o.Objects[i] = withProblems(child, found)
		}
	}
	return o
}

func newMultiLineEntry() *entry {
	e := newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedKey hands Escape to the canvas.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.OnTypedKey() != nil {
			c.OnTypedKey()(ev)
			return
		}
	}
	e.Entry.TypedKey(ev)
}

// dateEntry is an entry for a calendar date, ISO or US style.
func dateEntry(d data.Date) *entry {
	e := newEntry()
	e.SetPlaceHolder("YYYY-MM-DD")
	e.SetText(d.String())
	e.Validator = func(s string) error {
		_, err := data.ParseDateLoose(s)
		return err
	}
	return e
}

// numberEntry is an entry for a number; optional ones may stay empty.
func numberEntry(placeholder string, optional bool) *entry {
	e := newEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = func(s string) error {
		if optional && strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := data.ParseNumber(s)
		return err
	}
	return e
}

// parseCount reads a whole number of 0 or more.
func parseCount(s string) (int, error) {
	if strings.TrimSpace(s) == "" {
		return 0, data.Errorf(data.EINVALID, "a whole number is needed")
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 0 {
		return 0, data.Errorf(data.EINVALID, "%s is not a whole number of 0 or more", data.Clip(s))
	}
	return v, nil
}

// formDialog is a dialog with a form whose Save keeps the dialog open until
// the store accepts the record; what is wrong shows under the field at
// fault, and in the line above the buttons.
type formDialog struct {
	ui      host
	Dialog  *dialog.CustomDialog
	Form    *widget.Form
	Error   *widget.Label
	Save    *widget.Button
	fields  map[string]*entry
	entries []*entry
	student *data.ID // the one student whose records the save touches (forStudent)
}

// newFormDialog builds the dialog. prepare runs on the UI goroutine: it
// reads the inputs and returns the write to run in the background. fields
// names the entries the way errors name their Field.
func newFormDialog(u host, title, action string, items []*widget.FormItem, fields map[string]*entry, prepare func() (func() error, error)) *formDialog {
	f := &formDialog{ui: u, Error: widget.NewLabel(""), fields: fields}
	for _, it := range items {
		it.Widget = withProblems(it.Widget, &f.entries)
	}
	f.Form = widget.NewForm(items...)
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Importance = widget.DangerImportance
	cancel := widget.NewButton("Cancel", func() { f.Dialog.Hide() })
	f.Save = widget.NewButton(action, func() {
		f.Error.SetText("")
		valid := true
		for _, e := range f.entries {
			valid = e.check() && valid
		}
		if !valid {
			f.Error.SetText("Check the fields marked in red.")
			return
		}
		write, err := prepare()
		if err != nil {
			f.showError(err)
			return
		}
		f.Save.Disable()
		f.save(write, func() { f.Dialog.Hide() }, func(err error) {
			f.Save.Enable()
			f.showError(err)
		})
	})
	f.Save.Importance = widget.HighImportance
	body := container.NewVBox(f.Form, f.Error)
	f.Dialog = dialog.NewCustomWithoutButtons(title, container.NewVScroll(body), u.window())
	f.Dialog.SetButtons([]fyne.CanvasObject{cancel, f.Save})
	f.Dialog.Resize(fyne.NewSize(560, min(body.MinSize().Height+120, 620)))
	return f
}

// show shows the dialog and returns it.
func (f *formDialog) show() *formDialog {
	f.ui.track(f.Dialog)
	f.Dialog.Show()
	return f
}

// showError puts an error under its field when it names one.
func (f *formDialog) showError(err error) {
	var e *data.Error
	if errors.As(err, &e) && e.Field != "" {
		if entry, ok := f.fields[e.Field]; ok {
			entry.setProblem(err)
		}
	}
	f.Error.SetText(problemText(err))
}

// fieldError is an input error that names its field, like the domain's,
// and says which field in its message too ("Target: a number is needed").
func fieldError(field string, err error) error {
	return &data.Error{Code: data.EINVALID, Field: field, Message: strings.ToUpper(field[:1]) + field[1:] + ": " + data.ErrorMessage(err)}
}

// heading is a bold label for a section.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// emptyState says what to do next when a list is empty.
func emptyState(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.LowImportance
	return l
}

// groupsLine lists a student's flags the way the roster shows them.
func groupsLine(s data.Student) string {
	var parts []string
	if s.EnglishLearner {
		parts = append(parts, "EL")
	}
	if s.Disability {
		parts = append(parts, "IEP")
	}
	if s.Section504 {
		parts = append(parts, "504")
	}
	if s.EconDisadvantaged {
		parts = append(parts, "Econ.")
	}
	parts = append(parts, s.CustomGroups...)
	return strings.Join(parts, " · ")
}

// column is a table column: its header and width.
type column struct {
	title string
	width float32
}

// columnsWidth is the width of all the columns.
func columnsWidth(columns []column) float32 {
	var w float32
	for _, c := range columns {
		w += c.width
	}
	return w
}

// newColumnTable is a table with a header row of columns, each cell a
// label cut with an ellipsis when it does not fit.
func newColumnTable(columns []column, rows func() int, cell func(row, col int) string) *widget.Table {
	t := widget.NewTable(func() (int, int) { return rows(), len(columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(cell(id.Row, id.Col)) })
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject { return heading("") }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(columns[id.Col].title)
		}
	}
	for i, c := range columns {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

// plural counts in words: "1 plan", "3 plans".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

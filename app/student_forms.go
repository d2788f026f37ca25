package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
)

// scoreLine is the student screen's score row as typed.
type scoreLine struct {
	Date, Value, Errors string
	Screening           bool
}

// score reads the line into a score of the student on the measure; an
// error names the field at fault ("date", "value", "errors") in words.
func (l scoreLine) score(st data.Student, m data.Measure) (data.Score, error) {
	date, err := data.ParseDateLoose(l.Date)
	if err != nil {
		return data.Score{}, fieldError("date", err)
	}
	value, err := data.ParseNumber(l.Value)
	if err != nil {
		return data.Score{}, fieldError("value", err)
	}
	errs := data.NoErrors
	if strings.TrimSpace(l.Errors) != "" {
		if errs, err = parseCount(l.Errors); err != nil {
			return data.Score{}, fieldError("errors", err)
		}
	}
	kind := data.Progress
	if l.Screening {
		kind = data.Screening
	}
	score := data.Score{Student: st.ID, Measure: m.ID, Date: date, Kind: kind, Value: value, Errors: errs, Grade: st.Grade}
	if err := score.ValidateFor(m); err != nil {
		return data.Score{}, err
	}
	return score, nil
}

// planList is the Plans tab: the student's plans and what can be done to one.
type planList struct {
	ui       host
	screen   *studentScreen
	plans    []data.Plan
	selected int
	List     *widget.List
	Edit     *widget.Button
	Phase    *widget.Button
	End      *widget.Button
	Remove   *widget.Button
	Empty    *widget.Label
	box      fyne.CanvasObject
}

func newPlanList(u host, s *studentScreen) *planList {
	p := &planList{ui: u, screen: s, selected: -1, Empty: emptyState("No plans yet — add one with “Add plan”.")}
	p.List = widget.NewList(func() int { return len(p.plans) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.describe(p.plans[i])) })
	p.List.OnSelected = func(i widget.ListItemID) {
		p.selected = i
		p.buttons()
		if s.chartPlan != p.plans[i].ID {
			s.pickPlan(p.plans[i])
		}
	}
	p.Edit = widget.NewButton("Edit plan", func() { planDialog(u, s.student, p.plan(), s.measure) })
	p.Phase = widget.NewButton("Change intervention or intensity", func() { phaseDialog(u, *p.plan()) })
	p.End = widget.NewButton("End plan", func() { endPlanDialog(u, *p.plan()) })
	p.Remove = widget.NewButton("Delete plan", p.remove)
	p.box = container.NewBorder(nil, container.NewHBox(p.Edit, p.Phase, p.End, p.Remove), nil, nil, container.NewStack(p.Empty, p.List))
	p.buttons()
	return p
}

func (p *planList) plan() *data.Plan {
	if p.selected < 0 || p.selected >= len(p.plans) {
		return nil
	}
	return &p.plans[p.selected]
}

func (p *planList) buttons() {
	for _, b := range []*widget.Button{p.Edit, p.Phase, p.End, p.Remove} {
		b.Disable()
	}
	if pl := p.plan(); pl != nil {
		p.Edit.Enable()
		p.Remove.Enable()
		if pl.Status == data.Active {
			p.Phase.Enable()
			p.End.Enable()
		}
	}
}

func (p *planList) describe(pl data.Plan) string {
	sc := p.screen.sc
	m := sc.measures[pl.Goal.Measure]
	cur := pl.Current()
	status := "active"
	if pl.Status != data.Active {
		status = fmt.Sprintf("%s %s", pl.Status, pl.Ended.Short())
	}
	return fmt.Sprintf("%s · %s · %s · %d×%d min · since %s · goal %s %s by %s · review %s · %s",
		p.ui.loaded().interventionName(cur.Intervention), pl.Tier.Label(), pl.Interventionist, cur.SessionsPerWeek, cur.MinutesPerSession,
		pl.Start().Short(), trimNumber(pl.Goal.Target), m.Unit, pl.Goal.TargetDate.Short(), pl.Review.Short(), status) +
		p.screen.team.by(p.screen.team.entered.Plans[pl.ID])
}

func (p *planList) show(sc *school, st data.Student) {
	p.plans = sc.plansOf(st.ID)
	p.selected = -1
	p.List.UnselectAll()
	p.List.Refresh()
	for i, pl := range p.plans {
		if pl.ID == p.screen.chartPlan {
			p.List.Select(i) // the plan whose chart shows stays picked
		}
	}
	if len(p.plans) == 0 {
		p.Empty.Show()
	} else {
		p.Empty.Hide()
	}
	p.buttons()
}

func (p *planList) remove() {
	pl := p.plan()
	if pl == nil {
		return
	}
	sessions := len(p.screen.sc.sessionsOf(pl.ID))
	p.ui.confirm("Delete plan", fmt.Sprintf("Delete the %s plan of %s and its %d logged sessions? Scores stay. This cannot be undone.",
		p.ui.loaded().interventionName(pl.Current().Intervention), p.screen.student.Name(), sessions), "Delete", func() {
		id := pl.ID
		p.ui.saveStudent(pl.Student, func() error { return p.ui.store().DeletePlan(id) }, nil, nil)
	})
}

// sessionPanel is the Sessions tab: one click logs a session, today's
// unless another date is typed.
type sessionPanel struct {
	ui        host
	screen    *studentScreen
	plans     []data.Plan
	sessions  []data.Session
	selected  int
	Plan      *widget.Select
	Date      *entry
	Minutes   *entry
	Delivered *widget.Button
	Absent    *widget.Button
	List      *widget.List
	Remove    *widget.Button
	Done      *widget.Label
	box       fyne.CanvasObject
}

func newSessionPanel(u host, s *studentScreen) *sessionPanel {
	p := &sessionPanel{ui: u, screen: s, selected: -1, Date: dateEntry(u.today()), Minutes: numberEntry("minutes", false), Done: widget.NewLabel("")}
	p.Plan = widget.NewSelect(nil, func(string) { p.showSessions() })
	p.Delivered = widget.NewButton("Delivered", func() { p.log(true) })
	p.Delivered.Importance = widget.HighImportance
	p.Absent = widget.NewButton("Absent", func() { p.log(false) })
	p.List = widget.NewList(func() int { return len(p.sessions) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			ss := p.sessions[i]
			text := fmt.Sprintf("%s · %d minutes", ss.Date.Short(), ss.Minutes)
			if !ss.Present {
				text = ss.Date.Short() + " · absent"
			}
			if ss.Note != "" {
				text += " · " + ss.Note
			}
			o.(*widget.Label).SetText(text + s.team.by(s.team.entered.Sessions[ss.ID]))
		})
	p.List.OnSelected = func(i widget.ListItemID) { p.selected = i; p.Remove.Enable() }
	p.Remove = widget.NewButton("Delete the selected session", p.remove)
	p.Remove.Disable()
	date := container.NewGridWrap(fyne.NewSize(150, p.Date.MinSize().Height), p.Date)
	row := container.NewHBox(widget.NewLabel("Plan:"), p.Plan, widget.NewLabel("on"), date, p.Minutes, widget.NewLabel("minutes"), p.Delivered, p.Absent, p.Done)
	p.box = container.NewBorder(row, container.NewHBox(p.Remove), nil, nil, p.List)
	return p
}

func (p *sessionPanel) show(sc *school, st data.Student) {
	p.plans = nil
	var labels []string
	for _, pl := range sc.plansOf(st.ID) {
		if pl.Status == data.Active {
			p.plans = append(p.plans, pl)
			labels = append(labels, p.ui.loaded().interventionName(pl.Current().Intervention))
		}
	}
	p.Plan.SetOptions(labels)
	if len(labels) > 0 && p.Plan.SelectedIndex() < 0 {
		p.Plan.SetSelectedIndex(0)
	}
	p.showSessions()
}

func (p *sessionPanel) plan() (data.Plan, bool) {
	i := p.Plan.SelectedIndex()
	if i < 0 || i >= len(p.plans) {
		return data.Plan{}, false
	}
	return p.plans[i], true
}

func (p *sessionPanel) showSessions() {
	pl, ok := p.plan()
	p.sessions = nil
	if ok {
		p.sessions = p.screen.sc.sessionsOf(pl.ID)
		p.Minutes.SetText(strconv.Itoa(pl.Current().MinutesPerSession))
		p.Delivered.Enable()
		p.Absent.Enable()
	} else {
		p.Delivered.Disable()
		p.Absent.Disable()
	}
	p.selected = -1
	p.Remove.Disable()
	p.List.UnselectAll()
	p.List.Refresh()
}

// log records a session of the selected plan on the date typed.
func (p *sessionPanel) log(present bool) {
	pl, ok := p.plan()
	if !ok {
		return
	}
	p.Date.setProblem(nil)
	p.Minutes.setProblem(nil)
	date, err := data.ParseDateLoose(p.Date.Text)
	if err != nil {
		p.Date.SetValidationError(err)
		p.Done.SetText("Not saved: date " + problemText(err))
		return
	}
	ss := data.Session{Plan: pl.ID, Date: date, Present: present}
	if present {
		minutes, err := parseCount(p.Minutes.Text)
		if err != nil {
			p.Minutes.SetValidationError(err)
			p.Done.SetText("Not saved: minutes " + problemText(err))
			return
		}
		ss.Minutes = minutes
	}
	p.ui.saveStudent(pl.Student, func() error { return p.ui.store().SaveSession(&ss) }, func() {
		if present {
			p.Done.SetText(fmt.Sprintf("Logged %d minutes on %s.", ss.Minutes, date.Short()))
		} else {
			p.Done.SetText("Logged an absence on " + date.Short() + ".")
		}
	}, func(err error) { p.Done.SetText("Not saved: " + problemText(err)) })
}

func (p *sessionPanel) remove() {
	if p.selected < 0 || p.selected >= len(p.sessions) {
		return
	}
	ss := p.sessions[p.selected]
	p.ui.confirm("Delete session", fmt.Sprintf("Delete the session of %s for %s?", ss.Date.Short(), p.screen.student.Name()), "Delete", func() {
		p.ui.saveStudent(p.screen.student.ID, func() error { return p.ui.store().DeleteSession(ss) }, nil, nil)
	})
}

// options maps labels to values for a select.
type options[T any] struct {
	labels []string
	values map[string]T
}

func newOptions[T any]() *options[T] { return &options[T]{values: map[string]T{}} }

func (o *options[T]) add(label string, v T) *options[T] {
	o.labels = append(o.labels, label)
	o.values[label] = v
	return o
}

// selectOf builds a select over the options with an initial choice.
func (o *options[T]) selectOf(initial string) *widget.Select {
	s := widget.NewSelect(o.labels, nil)
	if initial != "" {
		s.SetSelected(initial)
	}
	return s
}

func (o *options[T]) value(s *widget.Select) (T, bool) {
	v, ok := o.values[s.Selected]
	return v, ok
}

// editStudent adds or edits a student.
func editStudent(u host, st data.Student) *formDialog {
	localID, given, family := newEntry(), newEntry(), newEntry()
	localID.SetText(st.LocalID)
	given.SetText(st.GivenName)
	family.SetText(st.FamilyName)
	optional := func(d data.Date) *entry {
		e := dateEntry(d)
		e.Validator = func(s string) error {
			_, err := optionalDate(s)
			return err
		}
		return e
	}
	birth, enrolled := optional(st.BirthDate), optional(st.EnrolledFrom)
	grades := newOptions[data.Grade]()
	for _, g := range data.Grades {
		grades.add(g.Label(), g)
	}
	sexes := newOptions[data.Sex]().add("Female", data.Female).add("Male", data.Male).add("Other", data.OtherSex).add("Unspecified", data.Unspecified)
	races := newOptions[data.Race]()
	for _, r := range data.Races {
		races.add(r.Label(), r)
	}
	grade, sex, race := grades.selectOf(st.Grade.Label()), sexes.selectOf(data.Group{Dimension: data.DimSex, Value: string(st.Sex)}.Label()), races.selectOf(st.Race.Label())
	el, iep, s504, econ := widget.NewCheck("English learner", nil), widget.NewCheck("Student with a disability (IEP)", nil),
		widget.NewCheck("Section 504", nil), widget.NewCheck("Economically disadvantaged", nil)
	el.SetChecked(st.EnglishLearner)
	iep.SetChecked(st.Disability)
	s504.SetChecked(st.Section504)
	econ.SetChecked(st.EconDisadvantaged)
	custom := newEntry()
	custom.SetText(strings.Join(st.CustomGroups, ", "))
	custom.SetPlaceHolder("for example: Reading club, After-school tutoring")
	items := []*widget.FormItem{
		{Text: "Local id", Widget: localID, HintText: "The student's id in your student information system"},
		{Text: "Given name", Widget: given}, {Text: "Family name", Widget: family},
		{Text: "Birth date", Widget: birth}, {Text: "Grade", Widget: grade}, {Text: "Sex", Widget: sex},
		{Text: "Race/ethnicity", Widget: race},
		{Text: "Programs", Widget: container.NewGridWithColumns(2, el, iep, s504, econ)},
		{Text: "Custom groups", Widget: custom, HintText: "Separated by commas; custom groups never leave the school"},
		{Text: "Enrolled from", Widget: enrolled, HintText: "The first day at this school, if known: a past window's summary counts only the students enrolled at its end"},
	}
	fields := map[string]*entry{"local id": localID, "given name": given, "family name": family, "birth date": birth, "custom group": custom, "enrolled from": enrolled}
	title, action := "Add a student", "Add student"
	if st.ID != (data.ID{}) {
		title, action = "Edit "+st.Name(), "Save"
	}
	return newFormDialog(u, title, action, items, fields, func() (func() error, error) {
		f := studentForm{LocalID: localID.Text, GivenName: given.Text, FamilyName: family.Text, BirthDate: birth.Text, EnrolledFrom: enrolled.Text, CustomGroups: custom.Text,
			EnglishLearner: el.Checked, Disability: iep.Checked, Section504: s504.Checked, EconDisadvantaged: econ.Checked}
		f.Grade, _ = grades.value(grade)
		f.Sex, _ = sexes.value(sex)
		f.Race, _ = races.value(race)
		out, err := f.student(st)
		if err != nil {
			return nil, err
		}
		return func() error { return u.store().SaveStudent(&out) }, nil
	}).show()
}

// optionalDate reads a date that may be left empty (the zero date).
func optionalDate(s string) (data.Date, error) {
	if strings.TrimSpace(s) == "" {
		return data.Date{}, nil
	}
	return data.ParseDateLoose(s)
}

// studentForm is the student dialog: what is typed, then what is picked.
type studentForm struct {
	LocalID, GivenName, FamilyName, BirthDate string
	EnrolledFrom                              string
	CustomGroups                              string // separated by commas
	Grade                                     data.Grade
	Sex                                       data.Sex
	Race                                      data.Race
	EnglishLearner, Disability                bool
	Section504, EconDisadvantaged             bool
}

// student reads the form over st (a new student, or the one edited: what
// the form does not show stays); an error names the field at fault.
func (f studentForm) student(st data.Student) (data.Student, error) {
	out := st
	out.LocalID, out.GivenName, out.FamilyName = strings.TrimSpace(f.LocalID), strings.TrimSpace(f.GivenName), strings.TrimSpace(f.FamilyName)
	var err error
	if out.BirthDate, err = optionalDate(f.BirthDate); err != nil {
		return st, fieldError("birth date", err)
	}
	if out.EnrolledFrom, err = optionalDate(f.EnrolledFrom); err != nil {
		return st, fieldError("enrolled from", err)
	}
	out.Grade, out.Sex, out.Race = f.Grade, f.Sex, f.Race
	out.EnglishLearner, out.Disability, out.Section504, out.EconDisadvantaged = f.EnglishLearner, f.Disability, f.Section504, f.EconDisadvantaged
	out.CustomGroups = nil
	for _, g := range strings.Split(f.CustomGroups, ",") {
		if g = strings.TrimSpace(g); g != "" {
			out.CustomGroups = append(out.CustomGroups, g)
		}
	}
	if err := out.Validate(); err != nil {
		return st, err
	}
	return out, nil
}

// changeTierDialog moves a student to another tier.
func changeTierDialog(u host, st data.Student) *formDialog {
	current := u.loaded().tier(st.ID)
	tiers := newOptions[data.Tier]()
	for t := data.Tier(1); t <= 3; t++ {
		if t != current {
			tiers.add(t.Label(), t)
		}
	}
	to := tiers.selectOf(tiers.labels[0])
	date, reason, by := dateEntry(u.today()), newEntry(), newEntry()
	reason.SetPlaceHolder("for example: Fall screening below benchmark")
	by.SetPlaceHolder("who decided, for example the MTSS team")
	items := []*widget.FormItem{
		{Text: "From", Widget: widget.NewLabel(current.Label())}, {Text: "To", Widget: to},
		{Text: "Date", Widget: date}, {Text: "Reason", Widget: reason}, {Text: "Decided by", Widget: by},
	}
	return newFormDialog(u, "Change the tier of "+st.Name(), "Change tier", items, map[string]*entry{"date": date, "reason": reason, "decided by": by},
		func() (func() error, error) {
			d, err := data.ParseDateLoose(date.Text)
			if err != nil {
				return nil, fieldError("date", err)
			}
			t, _ := tiers.value(to)
			c := data.TierChange{Student: st.ID, Date: d, To: t, Reason: strings.TrimSpace(reason.Text), DecidedBy: strings.TrimSpace(by.Text)}
			return func() error { return u.store().ChangeTier(&c) }, nil
		}).forStudent(st.ID).show()
}

// catalogOptions lists the intervention catalog for a select.
func catalogOptions(u host) *options[data.Intervention] {
	o := newOptions[data.Intervention]()
	for _, iv := range u.loaded().snap.Interventions {
		o.add(fmt.Sprintf("%s (%s, Tier %d)", iv.Name, iv.Area, iv.Tier), iv)
	}
	return o
}

func measureOptions(u host) *options[data.Measure] {
	o := newOptions[data.Measure]()
	for _, m := range u.loaded().snap.Measures {
		o.add(m.Name, m)
	}
	return o
}

// planDialog adds a plan (existing nil) or edits one; a new plan's goal
// starts on the measure the student's chart shows.
func planDialog(u host, st data.Student, existing *data.Plan, shown data.Measure) *formDialog {
	catalog, measures := catalogOptions(u), measureOptions(u)
	if len(catalog.labels) == 0 || len(measures.labels) == 0 {
		u.showError("Cannot add a plan", data.Errorf(data.EINVALID, "add an intervention to the catalog and a measure in Settings first"))
		return nil
	}
	p := data.Plan{Student: st.ID, Tier: 2, Status: data.Active}
	if existing != nil {
		p = *existing
	}
	ivSelect := catalog.selectOf(catalog.labels[0])
	mSelect := measures.selectOf(measures.labels[0])
	if m := shown; existing == nil && m.ID != (data.ID{}) {
		mSelect.SetSelected(m.Name)
	}
	if existing != nil {
		for label, iv := range catalog.values {
			if iv.ID == p.Phases[0].Intervention {
				ivSelect.SetSelected(label)
			}
		}
		mSelect.SetSelected(u.loaded().measures[p.Goal.Measure].Name)
	}
	tiers := newOptions[data.Tier]().add("Tier 2", 2).add("Tier 3", 3)
	tier := tiers.selectOf(p.Tier.Label())
	who := newEntry()
	who.SetText(p.Interventionist)
	who.SetPlaceHolder("who delivers it, for example Ms Grant")
	start := dateEntry(u.today())
	review := dateEntry(data.DefaultReview(u.today()))
	sessions, minutes := numberEntry("sessions a week", false), numberEntry("minutes a session", false)
	target, due := numberEntry("target score", false), dateEntry(u.loaded().year().Window(data.Spring).Start)
	baseline, baseDate := numberEntry("optional", true), dateEntry(data.Date{})
	baseDate.Validator = nil
	ivSelect.OnChanged = func(string) {
		if iv, ok := catalog.value(ivSelect); ok && existing == nil {
			sessions.SetText(strconv.Itoa(iv.SessionsPerWeek))
			minutes.SetText(strconv.Itoa(iv.MinutesPerSession))
			tier.SetSelected(iv.Tier.Label())
		}
	}
	ivSelect.OnChanged(ivSelect.Selected)
	if existing != nil {
		start.SetText(p.Start().String())
		review.SetText(p.Review.String())
		sessions.SetText(strconv.Itoa(p.Phases[0].SessionsPerWeek))
		minutes.SetText(strconv.Itoa(p.Phases[0].MinutesPerSession))
		target.SetText(trimNumber(p.Goal.Target))
		due.SetText(p.Goal.TargetDate.String())
		if p.Goal.HasBaseline() {
			baseline.SetText(trimNumber(p.Goal.Baseline))
			baseDate.SetText(p.Goal.BaselineDate.String())
		}
	}
	items := []*widget.FormItem{
		{Text: "Intervention", Widget: ivSelect}, {Text: "Tier", Widget: tier},
		{Text: "Interventionist", Widget: who}, {Text: "Start", Widget: start}, {Text: "Review on", Widget: review},
		{Text: "Intensity", Widget: container.NewGridWithColumns(2, sessions, minutes), HintText: "sessions a week, minutes a session"},
		{Text: "Goal measure", Widget: mSelect},
		{Text: "Goal", Widget: container.NewGridWithColumns(2, target, due), HintText: "target score and date"},
		{Text: "Baseline", Widget: container.NewGridWithColumns(2, baseline, baseDate), HintText: "optional: score and date; else the median of the first 3 scores"},
	}
	if existing != nil && len(existing.Phases) > 1 {
		items[0].HintText = "the first phase's; change the current one with “Change intervention or intensity”"
	}
	// A new plan in an area where one is active asks whether it replaces
	// it: replaced, the old plan ends the day the new one starts, so that
	// the student is not reviewed twice and its history stays.
	replace := widget.NewCheck("", nil)
	var replaced data.ID // the active plan the check names
	if existing == nil {
		if m, ok := measures.value(mSelect); ok {
			if active := activePlanIn(u, st.ID, m.Area); active != nil {
				replace.SetText("Replaces the active plan " + u.loaded().interventionName(active.Current().Intervention) + " (since " + active.Start().Short() + "), ending it")
				replace.SetChecked(true)
				replaced = active.ID
				items = append(items, &widget.FormItem{Text: "Active plan", Widget: replace})
			}
		}
	}
	fields := map[string]*entry{"interventionist": who, "start": start, "review date": review, "sessions per week": sessions,
		"minutes per session": minutes, "target": target, "target date": due, "baseline": baseline, "baseline date": baseDate}
	title, action := "Add a plan for "+st.Name(), "Add plan"
	if existing != nil {
		title, action = "Edit the plan of "+st.Name(), "Save"
	}
	return newFormDialog(u, title, action, items, fields, func() (func() error, error) {
		iv, _ := catalog.value(ivSelect)
		m, _ := measures.value(mSelect)
		planTier, _ := tiers.value(tier)
		form := planForm{Interventionist: who.Text, Start: start.Text, Review: review.Text, Sessions: sessions.Text, Minutes: minutes.Text,
			Target: target.Text, TargetDate: due.Text, Baseline: baseline.Text, BaselineDate: baseDate.Text}
		out, err := form.plan(p, iv, m, planTier)
		if err != nil {
			return nil, err
		}
		if active := activePlanIn(u, st.ID, m.Area); existing == nil && active != nil && active.ID == replaced && replace.Checked {
			ended := *active
			if err := ended.End(data.Discontinued, out.Start(), "replaced by the "+iv.Name+" plan"); err != nil {
				return nil, fieldError("start", err)
			}
			return func() error { return u.store().SavePlans(&ended, &out) }, nil
		}
		return func() error { return u.store().SavePlan(&out) }, nil
	}).forStudent(st.ID).show()
}

// planForm is the plan dialog's typed fields.
type planForm struct {
	Interventionist, Start, Review, Sessions, Minutes string
	Target, TargetDate, Baseline, BaselineDate        string
}

// plan reads the form over p (a new plan, or the one edited: its later
// phases stay); an error names the field at fault in words.
func (f planForm) plan(p data.Plan, iv data.Intervention, m data.Measure, tier data.Tier) (data.Plan, error) {
	out := p
	out.Tier = tier
	out.Interventionist = strings.TrimSpace(f.Interventionist)
	var err error
	first := data.Phase{Intervention: iv.ID}
	if len(out.Phases) > 0 {
		first.Note = out.Phases[0].Note
	}
	if first.Start, err = data.ParseDateLoose(f.Start); err != nil {
		return p, fieldError("start", err)
	}
	if out.Review, err = data.ParseDateLoose(f.Review); err != nil {
		return p, fieldError("review date", err)
	}
	if first.SessionsPerWeek, err = parseCount(f.Sessions); err != nil {
		return p, fieldError("sessions per week", err)
	}
	if first.MinutesPerSession, err = parseCount(f.Minutes); err != nil {
		return p, fieldError("minutes per session", err)
	}
	out.Phases = append([]data.Phase{first}, out.Phases[min(1, len(out.Phases)):]...)
	out.Goal = data.Goal{Measure: m.ID}
	if out.Goal.Target, err = data.ParseNumber(f.Target); err != nil {
		return p, fieldError("target", err)
	}
	if out.Goal.TargetDate, err = data.ParseDateLoose(f.TargetDate); err != nil {
		return p, fieldError("target date", err)
	}
	if strings.TrimSpace(f.Baseline) != "" {
		if out.Goal.Baseline, err = data.ParseNumber(f.Baseline); err != nil {
			return p, fieldError("baseline", err)
		}
		if out.Goal.BaselineDate, err = data.ParseDateLoose(f.BaselineDate); err != nil {
			return p, fieldError("baseline date", err)
		}
	}
	if err := out.Validate(); err != nil {
		return p, err
	}
	return out, nil
}

// activePlanIn is the student's active plan whose goal is in the area, or nil.
func activePlanIn(u host, student data.ID, area data.Area) *data.Plan {
	for _, p := range u.loaded().plansOf(student) {
		if p.Status == data.Active && u.loaded().measures[p.Goal.Measure].Area == area {
			return &p
		}
	}
	return nil
}

// phaseDialog starts a new phase: another intervention or intensity.
func phaseDialog(u host, p data.Plan) *formDialog {
	catalog := catalogOptions(u)
	cur := p.Current()
	ivSelect := catalog.selectOf("")
	for label, iv := range catalog.values {
		if iv.ID == cur.Intervention {
			ivSelect.SetSelected(label)
		}
	}
	from := dateEntry(u.today())
	sessions, minutes := numberEntry("sessions a week", false), numberEntry("minutes a session", false)
	sessions.SetText(strconv.Itoa(cur.SessionsPerWeek))
	minutes.SetText(strconv.Itoa(cur.MinutesPerSession))
	note := newEntry()
	note.SetPlaceHolder("for example: flat trend after six weeks, added 15 minutes a day")
	items := []*widget.FormItem{
		{Text: "From", Widget: from, HintText: "A new phase: the rules start counting again from here"},
		{Text: "Intervention", Widget: ivSelect},
		{Text: "Intensity", Widget: container.NewGridWithColumns(2, sessions, minutes), HintText: "sessions a week, minutes a session"},
		{Text: "Why", Widget: note},
	}
	return newFormDialog(u, "Change the intervention or intensity", "Start the new phase", items,
		map[string]*entry{"start": from, "sessions per week": sessions, "minutes per session": minutes, "note": note},
		func() (func() error, error) {
			iv, _ := catalog.value(ivSelect)
			out, err := phaseForm{Start: from.Text, Sessions: sessions.Text, Minutes: minutes.Text, Note: note.Text}.plan(p, iv)
			if err != nil {
				return nil, err
			}
			return func() error { return u.store().SavePlan(&out) }, nil
		}).forStudent(p.Student).show()
}

// phaseForm is the new-phase dialog's typed fields.
type phaseForm struct{ Start, Sessions, Minutes, Note string }

// plan is p with the form's phase begun, with intervention iv; an error
// names the field at fault, and p is left as it was.
func (f phaseForm) plan(p data.Plan, iv data.Intervention) (data.Plan, error) {
	ph := data.Phase{Intervention: iv.ID, Note: strings.TrimSpace(f.Note)}
	var err error
	if ph.Start, err = data.ParseDateLoose(f.Start); err != nil {
		return p, fieldError("start", err)
	}
	if ph.SessionsPerWeek, err = parseCount(f.Sessions); err != nil {
		return p, fieldError("sessions per week", err)
	}
	if ph.MinutesPerSession, err = parseCount(f.Minutes); err != nil {
		return p, fieldError("minutes per session", err)
	}
	out := p
	out.Phases = append([]data.Phase{}, p.Phases...)
	if err := out.ChangePhase(ph); err != nil {
		return p, err
	}
	return out, nil
}

// endPlanDialog completes or discontinues a plan.
func endPlanDialog(u host, p data.Plan) *formDialog {
	statuses := newOptions[data.PlanStatus]().add("Completed", data.Completed).add("Discontinued", data.Discontinued)
	status := statuses.selectOf("Completed")
	on, reason := dateEntry(u.today()), newEntry()
	reason.SetPlaceHolder("for example: met the goal")
	items := []*widget.FormItem{{Text: "How", Widget: status}, {Text: "On", Widget: on}, {Text: "Reason", Widget: reason}}
	return newFormDialog(u, "End the plan", "End plan", items, map[string]*entry{"end date": on, "end reason": reason},
		func() (func() error, error) {
			d, err := data.ParseDateLoose(on.Text)
			if err != nil {
				return nil, fieldError("end date", err)
			}
			st, _ := statuses.value(status)
			out := p
			if err := out.End(st, d, strings.TrimSpace(reason.Text)); err != nil {
				return nil, err
			}
			return func() error { return u.store().SavePlan(&out) }, nil
		}).forStudent(p.Student).show()
}

// decisionDialog records the team's decision about a student.
func decisionDialog(u host, st data.Student, plan *data.Plan, shown data.VerdictKind) *formDialog {
	decisions := newOptions[data.TeamDecision]()
	for _, d := range data.TeamDecisions {
		decisions.add(d.Label(), d)
	}
	decision := decisions.selectOf(data.DecideContinue.Label())
	date, next := dateEntry(u.today()), dateEntry(data.DefaultReview(u.today()))
	note := newMultiLineEntry()
	note.SetMinRowsVisible(3)
	items := []*widget.FormItem{
		{Text: "Verdict shown", Widget: widget.NewLabel(orDash(shown.Headline()))},
		{Text: "Decision", Widget: decision}, {Text: "Date", Widget: date},
		{Text: "Next review", Widget: next}, {Text: "Note", Widget: note},
	}
	return newFormDialog(u, "Decision for "+st.Name(), "Record decision", items, map[string]*entry{"date": date, "next review": next, "note": note},
		func() (func() error, error) {
			d := data.Decision{Student: st.ID, Verdict: shown}
			if plan != nil {
				d.Plan = plan.ID
			}
			d.Decision, _ = decisions.value(decision)
			d, err := decisionForm{Date: date.Text, NextReview: next.Text, Note: note.Text}.decision(d)
			if err != nil {
				return nil, err
			}
			return func() error { return u.store().SaveDecision(&d) }, nil
		}).forStudent(st.ID).show()
}

// decisionForm is the decision dialog's typed fields.
type decisionForm struct{ Date, NextReview, Note string }

// decision completes d (student, plan, verdict shown and decision picked)
// with the form; an error names the field at fault.
func (f decisionForm) decision(d data.Decision) (data.Decision, error) {
	d.Note = strings.TrimSpace(f.Note)
	var err error
	if d.Date, err = data.ParseDateLoose(f.Date); err != nil {
		return d, fieldError("date", err)
	}
	if d.NextReview, err = data.ParseDateLoose(f.NextReview); err != nil {
		return d, fieldError("next review", err)
	}
	return d, d.Validate()
}

package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
)

// studentsScreen is the roster: search as you type, filters by grade, tier
// and group, and each student's latest verdict.
type studentsScreen struct {
	ui        host
	query     string
	Grade     *widget.Select
	Tier      *widget.Select
	Group     *widget.Select
	Withdrawn *widget.Check
	Table     *widget.Table
	Count     *widget.Label
	Add       *widget.Button
	all, rows []studentRow
	groups    map[string]data.Group // Group select label → group
	box       fyne.CanvasObject
}

type studentRow struct {
	student data.Student
	tier    data.Tier
	cells   [6]string
	search  string // lower-case name and local id
}

var studentColumns = []column{{"Name", 220}, {"Local id", 90}, {"Grade", 110}, {"Tier", 70}, {"Groups", 170}, {"Latest verdict", 300}}

const (
	allGrades = "All grades"
	allTiers  = "All tiers"
	allGroups = "All groups"
	tier23    = "Tier 2 or 3"
)

func newStudentsScreen(u host) *studentsScreen {
	s := &studentsScreen{ui: u, Count: widget.NewLabel("Loading students…"), groups: map[string]data.Group{}}
	grades := []string{allGrades}
	for _, g := range data.Grades {
		grades = append(grades, g.Label())
	}
	s.Grade = widget.NewSelect(grades, func(string) { s.filter() })
	s.Grade.SetSelected(allGrades)
	s.Tier = widget.NewSelect([]string{allTiers, "Tier 1", "Tier 2", "Tier 3", tier23}, func(string) { s.filter() })
	s.Tier.SetSelected(allTiers)
	s.Group = widget.NewSelect([]string{allGroups}, func(string) { s.filter() })
	s.Group.SetSelected(allGroups)
	s.Withdrawn = widget.NewCheck("Show withdrawn", func(bool) { s.filter() })
	s.Add = widget.NewButton("Add student", func() { editStudent(u, data.Student{Sex: data.Unspecified}) })
	s.Table = newColumnTable(studentColumns, func() int { return len(s.rows) },
		func(row, col int) string { return s.rows[row].cells[col] })
	s.Table.OnSelected = func(id widget.TableCellID) {
		s.Table.UnselectAll()
		if id.Row >= 0 && id.Row < len(s.rows) {
			u.openStudent(s.rows[id.Row].student.ID)
		}
	}
	filters := container.NewHBox(s.Grade, s.Tier, s.Group, s.Withdrawn, s.Add)
	s.box = container.NewBorder(container.NewVBox(filters, s.Count), nil, nil, nil, s.Table)
	return s
}

func (s *studentsScreen) content() fyne.CanvasObject { return s.box }

func (s *studentsScreen) refresh(sc *school) {
	s.all = s.all[:0]
	for _, st := range sc.snap.Students {
		r := studentRow{student: st, tier: sc.tier(st.ID), search: strings.ToLower(st.Name() + " " + st.LocalID)}
		verdict := "—"
		if it, ok := sc.needOf[st.ID]; ok {
			verdict = it.Progress.Current.Verdict.Headline()
		}
		grade := st.Grade.Label()
		if st.Withdrawn {
			grade += " (withdrawn)"
		}
		r.cells = [6]string{st.Name(), st.LocalID, grade, r.tier.Label(), groupsLine(st), verdict}
		s.all = append(s.all, r)
	}
	options := []string{allGroups}
	s.groups = map[string]data.Group{}
	dims := append(append([]data.Dimension{}, data.StandardDimensions...), data.DimCustom)
	for _, d := range dims {
		values := data.DimensionValues(d)
		if d == data.DimCustom {
			values = customGroups(sc.snap.Students)
		}
		for _, v := range values {
			g := data.Group{Dimension: d, Value: v}
			label := g.Label()
			if d == data.DimCustom {
				label = "Group: " + v
			}
			options = append(options, label)
			s.groups[label] = g
		}
	}
	s.Group.SetOptions(options)
	s.filter()
}

// customGroups lists the custom groups students belong to, in order of first appearance.
func customGroups(students []data.Student) []string {
	seen := map[string]bool{}
	var out []string
	for _, st := range students {
		for _, g := range st.CustomGroups {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	return out
}

// setQuery filters the roster by a name or local id fragment.
func (s *studentsScreen) setQuery(q string) {
	s.query = strings.ToLower(strings.TrimSpace(q))
	s.filter()
}

func (s *studentsScreen) filter() {
	if s.Table == nil {
		return
	}
	s.rows = s.rows[:0]
	group, byGroup := s.groups[s.Group.Selected]
	for _, r := range s.all {
		st := r.student
		switch {
		case st.Withdrawn && !s.Withdrawn.Checked,
			s.query != "" && !strings.Contains(r.search, s.query),
			s.Grade.Selected != allGrades && s.Grade.Selected != "" && st.Grade.Label() != s.Grade.Selected,
			!tierMatches(s.Tier.Selected, r.tier),
			byGroup && !st.InGroup(group):
			continue
		}
		s.rows = append(s.rows, r)
	}
	s.Count.SetText(plural(len(s.rows), "student", "students"))
	s.Table.Refresh()
}

func tierMatches(filter string, t data.Tier) bool {
	switch filter {
	case "", allTiers:
		return true
	case tier23:
		return t >= 2
	}
	return filter == t.Label()
}

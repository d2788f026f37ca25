package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/tierline/tierline/data"
)

// StudentsScreen lists the school's students.
type StudentsScreen struct {
	ui      *UI
	Table   *widget.Table
	Count   *widget.Label
	rows    []studentRow
	content fyne.CanvasObject
}

type studentRow struct {
	name, localID, grade, tier string
}

var studentColumns = []struct {
	title string
	width float32
}{{"Name", 260}, {"Local id", 110}, {"Grade", 120}, {"Tier", 80}}

func newStudentsScreen(u *UI) *StudentsScreen {
	s := &StudentsScreen{ui: u, Count: widget.NewLabel("Loading students…")}
	s.Table = widget.NewTable(
		func() (int, int) { return len(s.rows), len(studentColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			r := s.rows[id.Row]
			o.(*widget.Label).SetText([]string{r.name, r.localID, r.grade, r.tier}[id.Col])
		})
	s.Table.ShowHeaderRow = true
	s.Table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(studentColumns[id.Col].title)
		}
	}
	for i, c := range studentColumns {
		s.Table.SetColumnWidth(i, c.width)
	}
	s.content = container.NewBorder(s.Count, nil, nil, nil, s.Table)
	return s
}

// show fills the list with the school's enrolled students.
func (s *StudentsScreen) show(snap data.Snapshot, today data.Date) {
	tiers := data.TiersOn(snap.TierChanges, today)
	s.rows = s.rows[:0]
	for _, st := range snap.Students {
		if st.Withdrawn {
			continue
		}
		tier := tiers[st.ID]
		if tier == 0 {
			tier = 1
		}
		s.rows = append(s.rows, studentRow{st.Name(), st.LocalID, st.Grade.Label(), tier.Label()})
	}
	s.Count.SetText(fmt.Sprintf("%d students", len(s.rows)))
	s.Table.Refresh()
}

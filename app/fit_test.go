package app

import (
	"strings"

	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// schoolLaptops are the window sizes every screen must fit, in Fyne's
// units: 1366×768 at 100% and 1280×720 at 125% scaling.
var schoolLaptops = []fyne.Size{{Width: 1366, Height: 768}, {Width: 1280 / 1.25, Height: 720 / 1.25}}

// Every screen scrolls rather than grows: the window's minimum size with
// the screen on show (and a student open) fits each laptop.
func TestEveryScreenFitsASchoolLaptop(t *testing.T) {
	u, _ := newTestUI(t, true)
	shown := map[string]func(){}
	for _, p := range u.pages {
		shown[p.name] = func() { u.show(p.screen) }
	}
	shown["Student"] = func() {
		for _, it := range u.school.review {
			if len(it.Plan.Phases) > 1 {
				u.openStudent(it.Student.ID)
				return
			}
		}
	}
	shown["Review in meeting mode"] = func() {
		u.show(u.review)
		u.review.choose(0)
		u.review.Meeting.SetChecked(true)
	}
	for name, show := range shown {
		show()
		min := u.shell.MinSize()
		for _, size := range schoolLaptops {
			if min.Width > size.Width || min.Height > size.Height {
				t.Errorf("%s needs %.0f×%.0f, more than %.0f×%.0f", name, min.Width, min.Height, size.Width, size.Height)
			}
		}
		// At 1366×768 nothing scrolls sideways; the Student screen scrolls
		// down rather than squeeze its chart (TestStudentChartKeepsItsHeightOnAShortWindow).
		content := u.body.Objects[0].(*container.Scroll).Content.MinSize()
		room := fyne.NewSize(1366-u.nav.MinSize().Width-theme.Padding()*4, 768-u.search.MinSize().Height-theme.Padding()*4)
		if content.Width > room.Width {
			t.Errorf("%s: its content needs %.0f×%.0f at 1366×768, the room is %.0f×%.0f", name, content.Width, content.Height, room.Width, room.Height)
		}
		if name == "Review in meeting mode" {
			u.review.Meeting.SetChecked(false)
		}
	}
}

// On a short window the Student screen scrolls and its chart keeps a
// readable height (at 768 px it was squeezed to about 90 px of plot).
func TestStudentChartKeepsItsHeightOnAShortWindow(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.openStudent(u.school.review[0].Student.ID)
	for _, size := range []fyne.Size{{Width: 1366, Height: 768}, {Width: 1024, Height: 700}, schoolLaptops[1]} {
		u.win.Resize(size)
		if got := u.student.Chart.Size().Height; got < studentChartMinHeight {
			t.Errorf("at %.0f×%.0f the chart is %.0f high, under %d", size.Width, size.Height, got, studentChartMinHeight)
		}
		if got := u.win.Canvas().Size(); got.Height > size.Height {
			t.Errorf("at %.0f×%.0f the window grew to %.0f high instead of scrolling", size.Width, size.Height, got.Height)
		}
	}
}

// At 1024×700 the Dashboard shows its "needs the team" sentence whole and
// each line of its review and fidelity rows within the list's width (the
// sentence was cut off after four lines in a quarter of the window, and
// the rows ran past the split).
func TestTheDashboardFitsASmallWindow(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.show(u.dashboard)
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, schoolLaptops[1]} {
		u.win.Resize(size)
		needs := u.dashboard.NeedsTeam
		if got, want := needs.Size().Height, needs.MinSize().Height; got < want {
			t.Errorf("at %.0f×%.0f the needs-the-team sentence has %.0f of the %.0f px it needs", size.Width, size.Height, got, want)
		}
		for name, list := range map[string]*widget.List{"reviews due": u.dashboard.Due, "fidelity": u.dashboard.Fidelity} {
			n := list.Length()
			if n == 0 {
				t.Fatalf("the demo school's %s list is empty", name)
			}
			row := list.CreateItem().(*widget.Label)
			for i := range n {
				list.UpdateItem(i, row)
				for _, line := range strings.Split(row.Text, "\n") {
					width := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.Padding()
					if width > list.Size().Width {
						t.Errorf("at %.0f×%.0f a %s row's line %q needs %.0f px, the list is %.0f", size.Width, size.Height, name, line, width, list.Size().Width)
					}
				}
			}
		}
	}
}

package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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
		// At 1366×768 nothing scrolls sideways, and the Student screen,
		// used all day, fits without scrolling.
		content := u.body.Objects[0].(*container.Scroll).Content.MinSize()
		room := fyne.NewSize(1366-u.nav.MinSize().Width-theme.Padding()*4, 768-u.search.MinSize().Height-theme.Padding()*4)
		if content.Width > room.Width || name == "Student" && content.Height > room.Height {
			t.Errorf("%s: its content needs %.0f×%.0f at 1366×768, the room is %.0f×%.0f", name, content.Width, content.Height, room.Width, room.Height)
		}
		if name == "Review in meeting mode" {
			u.review.Meeting.SetChecked(false)
		}
	}
}

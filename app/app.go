// Package app is Tierline's desktop UI, built with Fyne. It holds no
// business rule: numbers come from data/, pictures from charts/, and every
// disk access runs in a goroutine whose result reaches the widgets through
// fyne.Do.
package app

import (
	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// Services are what the UI works with.
type Services struct {
	Store *store.Store
	Now   func() time.Time
}

// UI is the Tierline window and its screens.
type UI struct {
	app fyne.App
	win fyne.Window
	svc Services

	Students *StudentsScreen
}

// New builds the window over the services; Load fills it.
func New(a fyne.App, svc Services) *UI {
	if svc.Now == nil {
		svc.Now = time.Now
	}
	u := &UI{app: a, svc: svc, win: a.NewWindow("Tierline")}
	u.Students = newStudentsScreen(u)
	u.win.SetContent(u.Students.content)
	u.win.Resize(fyne.NewSize(1100, 720))
	return u
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) today() data.Date { return data.DateOf(u.svc.Now()) }

// Load reads the school in the background and shows it.
func (u *UI) Load() {
	go func() {
		snap, err := u.svc.Store.Snapshot()
		fyne.Do(func() {
			if err != nil {
				u.showError("Could not read the school", err)
				return
			}
			u.win.SetTitle("Tierline — " + snap.Settings.Name + " · " + snap.Settings.CurrentYear(u.today()).Label())
			u.Students.show(snap, u.today())
		})
	}()
}

// ShowAndRun loads the school, shows the window and runs the app.
func (u *UI) ShowAndRun() {
	u.Load()
	u.win.ShowAndRun()
}

// showError tells the user what failed in words they can act on; the
// detail of an internal error goes to the log.
func (u *UI) showError(what string, err error) {
	if data.ErrorCode(err) == data.EINTERNAL {
		log.Printf("%s: %v", what, err)
	}
	d := widget.NewLabel(what + ": " + data.ErrorMessage(err))
	d.Wrapping = fyne.TextWrapWord
	w := u.app.NewWindow("Tierline")
	w.SetContent(container.NewPadded(d))
	w.Show()
}

// ShowStartupError opens a window explaining why Tierline could not start
// (the store is open in another window, or damaged) and runs the app.
func ShowStartupError(a fyne.App, err error) {
	w := a.NewWindow("Tierline")
	msg := data.ErrorMessage(err)
	if err == store.ErrAlreadyOpen {
		msg = "Tierline is already open on this school's data in another window. Switch to that window, or close it and start Tierline again."
	}
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewBorder(nil, widget.NewButton("Close", a.Quit), nil, nil, label))
	w.Resize(fyne.NewSize(480, 160))
	w.ShowAndRun()
}

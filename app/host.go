package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// host is what a screen asks of the window it sits in: the store and the
// day, work off the UI goroutine, dialogs, moving to another page and the
// look. A screen holds a host rather than the window's whole state, so
// that what it can reach is written here.
type host interface {
	store() *store.Store
	today() data.Date
	window() fyne.Window
	// loaded is the school as last loaded, nil before the first load.
	loaded() *school

	// work runs fn off the UI goroutine, then what it returns on it; a
	// failure is shown as "what: reason".
	work(fn func() (func(), error), what string)
	// quietly runs fn off the UI goroutine without the progress bar: a
	// chart being drawn is not work anyone waits on.
	quietly(fn func())
	// onUI runs what background work hands back on the UI goroutine.
	onUI(fn func())
	// save runs a write off the UI goroutine; on success the school is
	// loaded again and done runs, on failure failed (or a dialog) says why.
	save(write func() error, done func(), failed func(error))
	// saveStudent is save for a write touching one student's records only:
	// on success only that student is read again (schoolupdate.go).
	saveStudent(id data.ID, write func() error, done func(), failed func(error))
	showError(what string, err error)
	confirm(title, question, action string, do func()) *dialog.ConfirmDialog
	// track lets Escape dismiss an open dialog.
	track(d dialog.Dialog)

	openStudent(id data.ID)
	showPage(p pageID)
	// enterSchool leaves the first-run setup for the main window on a page.
	enterSchool(p pageID)

	delivery() syncState
	refreshSync()
	// syncTeam syncs with the team folder now, in the background; the
	// outcome reaches the top bar and Settings → Team.
	syncTeam()
	// sendNow asks the background sender to try the waiting summaries now.
	sendNow()

	clipboard() fyne.Clipboard

	themeChoice() string
	setTheme(choice string)
	setMeeting(on bool)
}

// pageID names a page of the navigation list, in the list's order.
type pageID int

const (
	dashboardPage pageID = iota
	studentsPage
	interventionsPage
	reviewPage
	groupsPage
	importPage
	syncPage
	settingsPage
)

var _ host = (*UI)(nil)

func (u *UI) store() *store.Store { return u.svc.Store }
func (u *UI) window() fyne.Window { return u.win }
func (u *UI) loaded() *school     { return u.school }
func (u *UI) delivery() syncState { return u.syncStatus }
func (u *UI) showPage(p pageID)   { u.show(u.pages[p].screen) }

func (u *UI) enterSchool(p pageID) {
	u.win.SetContent(u.shell)
	u.showPage(p)
}

func (u *UI) quietly(fn func())         { u.background(fn) }
func (u *UI) onUI(fn func())            { u.svc.UIDo(fn) }
func (u *UI) clipboard() fyne.Clipboard { return u.app.Clipboard() }

func (u *UI) themeChoice() string {
	return u.app.Preferences().StringWithFallback(prefTheme, themeSystem)
}

func (u *UI) setTheme(choice string) {
	u.app.Preferences().SetString(prefTheme, choice)
	applyTheme(u.app, choice, u.review.Meeting.Checked)
}

func (u *UI) setMeeting(on bool) {
	applyTheme(u.app, u.themeChoice(), on)
}

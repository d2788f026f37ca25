// Package app is Tierline's desktop UI, built with Fyne. It holds no
// business rule: numbers come from data/, pictures from charts/, and every
// disk access runs off the UI goroutine (UI.background) with its result
// applied in one fyne.Do.
package app

import (
	"fmt"
	"log"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/outbox"
	"github.com/tierline/tierline/sync/team/folder"
)

// Services are what the UI works with.
type Services struct {
	Store   *store.Store
	Now     func() time.Time
	Version string
	// Background runs work off the UI goroutine: a goroutine per job when
	// nil. Tests run it in the foreground, so that what they check has
	// happened when the action returns.
	Background func(func())
	// Sender delivers the outbox to the district hub in the background
	// (its Run is the caller's to start); nil, summaries only wait.
	Sender *outbox.Sender
	// Team syncs the store with its team's folder in the background (its
	// Run is the caller's to start); nil, the window makes one that syncs
	// only when asked (tests ask).
	Team *folder.Syncer
	// PresetHubURL is the hub address district IT set for this laptop,
	// offered in Settings while none is saved.
	PresetHubURL string
	// OnFirstSchool, when set, runs once on the UI goroutine after the
	// school is first on screen: a hook to measure start-up.
	OnFirstSchool func()
	// UIDo runs on the UI goroutine what background work hands back
	// (fyne.Do when nil): tests time the UI goroutine's share of an action
	// with it.
	UIDo func(func())
	// BusyDelay is how long work runs before the progress bar shows (half
	// a second when 0, so that quick saves do not flicker; tests, whose
	// work runs in the foreground, turn it off with a negative value).
	BusyDelay time.Duration
}

// screen is one page of the window.
type screen interface {
	content() fyne.CanvasObject
	// refresh shows a newly loaded school; it runs on the UI goroutine.
	refresh(sc *school)
}

// UI is the Tierline window and its screens. Screens see it only as a
// host (host.go).
type UI struct {
	app        fyne.App
	win        fyne.Window
	svc        Services
	background func(func())

	school     *school // the school as last loaded; read and replaced on the UI goroutine only
	syncStatus syncState

	nav    *widget.List
	search *entry
	status *widget.Label
	// teamStatus is the top bar's team sync line (teamsync.go)
	teamStatus *widget.Label
	team       *folder.Syncer
	busyBar    *widget.ProgressBarInfinite
	busy       atomic.Int32 // jobs under way; read by the timer that shows busyBar
	body       *fyne.Container
	shell      fyne.CanvasObject
	pages      []page
	shown      screen
	stale      map[screen]bool // screens not refreshed since the school was last loaded
	// scrolls holds each screen's scroll container, made when first shown
	scrolls map[screen]*container.Scroll
	// open dialogs, newest last: Escape dismisses the newest
	dialogs []dialog.Dialog

	setup         *setupScreen
	dashboard     *dashboardScreen
	students      *studentsScreen
	student       *studentScreen
	interventions *interventionsScreen
	review        *reviewScreen
	groups        *groupsScreen
	imports       *importScreen
	sync          *syncScreen
	settings      *settingsScreen
}

// page is an entry of the navigation list.
type page struct {
	name   string
	icon   fyne.Resource
	screen screen
}

// Preference keys.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
	prefTheme  = "theme"
)

// New builds the window over the services; Start loads the school into it.
func New(a fyne.App, svc Services) *UI {
	if svc.Now == nil {
		svc.Now = time.Now
	}
	if svc.Background == nil {
		svc.Background = func(f func()) { go f() }
	}
	if svc.UIDo == nil {
		svc.UIDo = fyne.Do
	}
	if svc.BusyDelay == 0 {
		svc.BusyDelay = 500 * time.Millisecond
	}
	u := &UI{app: a, svc: svc, win: a.NewWindow("Tierline"), background: svc.Background, stale: map[screen]bool{}, scrolls: map[screen]*container.Scroll{}}
	applyTheme(a, a.Preferences().StringWithFallback(prefTheme, themeSystem), false)
	u.status = widget.NewLabel("")
	u.teamStatus = widget.NewLabel("")
	u.team = svc.Team
	if u.team == nil {
		u.team = folder.NewSyncer(svc.Store, svc.Now)
	}
	u.team.OnSynced = func(o folder.Outcome) { u.svc.UIDo(func() { u.setTeam(o) }) }
	u.busyBar = widget.NewProgressBarInfinite()
	u.busyBar.Hide()
	u.search = newEntry()
	u.search.SetPlaceHolder("Search students…  Ctrl+F")
	u.search.OnChanged = func(q string) {
		if q != "" && u.shown != screen(u.students) {
			u.show(u.students)
		}
		u.students.setQuery(q)
	}

	u.setup = newSetupScreen(u)
	u.dashboard = newDashboardScreen(u)
	u.students = newStudentsScreen(u)
	u.student = newStudentScreen(u)
	u.interventions = newInterventionsScreen(u)
	u.review = newReviewScreen(u)
	u.groups = newGroupsScreen(u)
	u.imports = newImportScreen(u)
	u.sync = newSyncScreen(u)
	u.settings = newSettingsScreen(u, svc.Version, svc.PresetHubURL)
	u.pages = []page{
		{"Dashboard", theme.HomeIcon(), u.dashboard},
		{"Students", theme.AccountIcon(), u.students},
		{"Interventions", theme.ListIcon(), u.interventions},
		{"Review", theme.ConfirmIcon(), u.review},
		{"Groups", theme.GridIcon(), u.groups},
		{"Import", theme.DownloadIcon(), u.imports},
		{"Sync", theme.UploadIcon(), u.sync},
		{"Settings", theme.SettingsIcon(), u.settings},
	}
	u.nav = widget.NewList(
		func() int { return len(u.pages) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("Interventions"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(u.pages[i].icon)
			row.Objects[1].(*widget.Label).SetText(u.pages[i].name)
		})
	u.nav.OnSelected = func(i widget.ListItemID) { u.showScreen(u.pages[i].screen) }

	u.body = container.NewStack()
	top := container.NewBorder(nil, nil, nil, container.NewHBox(u.busyBar, u.teamStatus, u.status), u.search)
	u.shell = container.NewBorder(container.NewPadded(top), nil, u.nav, nil, u.body)
	u.win.SetContent(u.shell)
	u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.win.Canvas().Focus(u.search) })
	u.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			u.escape()
		}
	})
	prefs := a.Preferences()
	u.win.Resize(fyne.NewSize(float32(prefs.FloatWithFallback(prefWidth, 1280)), float32(prefs.FloatWithFallback(prefHeight, 800))))
	u.win.SetCloseIntercept(u.close)
	if svc.Sender != nil {
		svc.Sender.OnChange = func() { fyne.Do(u.refreshSync) }
	}
	return u
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) today() data.Date { return data.DateOf(u.svc.Now()) }

// Start shows the first-run setup while the store has no school, else
// loads the school.
func (u *UI) Start() {
	u.work(func() (func(), error) {
		_, err := u.svc.Store.Settings()
		setUp := data.ErrorCode(err) != data.ENOTFOUND
		if err != nil && setUp {
			return nil, err
		}
		return func() {
			if !setUp {
				u.win.SetContent(u.setup.content())
				return
			}
			u.win.SetContent(u.shell)
			u.nav.Select(0)
			u.reload()
			u.refreshSync()
			u.refreshTeam()
		}, nil
	}, "Could not open the school")
}

// dailyBackup makes today's automatic backup, off the UI goroutine. A
// failure does not stop the day's work: Settings says it, and the log.
func (u *UI) dailyBackup() {
	u.background(func() {
		path, _, err := u.svc.Store.DailyBackup(u.today())
		fyne.Do(func() {
			if err != nil {
				log.Printf("daily backup: %v", err)
				u.settings.setDataStatus("The automatic backup failed: "+data.ErrorMessage(err), true)
				return
			}
			u.settings.setDataStatus(fmt.Sprintf("Today's automatic backup: %s (the last %d days are kept).", path, store.KeepDaily), false)
		})
	})
}

// ShowAndRun starts the UI and runs the app until the window closes.
func (u *UI) ShowAndRun() {
	u.Start()
	u.win.ShowAndRun()
}

// work runs fn in the background and then, on the UI goroutine, the
// function it returns; a failure is shown as "what: reason".
func (u *UI) work(fn func() (func(), error), what string) {
	u.setBusy(+1)
	u.background(func() {
		apply, err := fn()
		u.svc.UIDo(func() {
			u.setBusy(-1)
			if err != nil {
				u.showError(what, err)
				return
			}
			if apply != nil {
				apply()
			}
		})
	})
}

// setBusy counts work in progress; the progress bar appears when work has
// lasted BusyDelay.
func (u *UI) setBusy(delta int32) {
	if n := u.busy.Add(delta); n <= 0 {
		u.busy.Store(0)
		u.busyBar.Hide()
		return
	}
	if delta > 0 && u.svc.BusyDelay > 0 {
		time.AfterFunc(u.svc.BusyDelay, func() {
			if u.busy.Load() > 0 {
				fyne.Do(func() {
					if u.busy.Load() > 0 {
						u.busyBar.Show()
					}
				})
			}
		})
	}
}

// reload reads the school again and refreshes every screen.
func (u *UI) reload() {
	u.work(func() (func(), error) {
		sc, err := loadSchool(u.svc.Store, u.today())
		if err != nil {
			return nil, err
		}
		return func() { u.setSchool(sc) }, nil
	}, "Could not read the school")
}

// setSchool shows a newly loaded school. Only the screen on show is
// refreshed now; the others when they are next shown, so that a save or
// the start does not rebuild charts and tables nobody is looking at.
func (u *UI) setSchool(sc *school) {
	first := u.school == nil
	u.school = sc
	u.win.SetTitle(fmt.Sprintf("Tierline — %s · %s", sc.snap.Settings.Name, sc.year().Label()))
	for _, p := range u.pages {
		u.stale[p.screen] = true
	}
	if u.shown != nil {
		u.refreshIfStale(u.shown)
	}
	u.student.refresh(sc)
	if first {
		// Once the school is on screen: the day's backup, then the probe.
		u.dailyBackup()
		if u.svc.OnFirstSchool != nil {
			fyne.Do(u.svc.OnFirstSchool) // queued behind the frame that draws the school
		}
	}
}

// refreshIfStale brings a screen up to the school last loaded.
func (u *UI) refreshIfStale(s screen) {
	if u.stale[s] && u.school != nil {
		delete(u.stale, s)
		s.refresh(u.school)
	}
}

// save runs a write in the background; on success the school is reloaded
// and done runs, on failure the error is shown by failed (or a dialog).
func (u *UI) save(write func() error, done func(), failed func(error)) {
	u.work(func() (func(), error) {
		if err := write(); err != nil {
			return func() { u.saveFailed(err, failed) }, nil
		}
		return func() {
			if done != nil {
				done()
			}
			u.reload()
			u.written()
		}, nil
	}, "Could not save")
}

// saveFailed shows a write's error by failed, or in a dialog.
func (u *UI) saveFailed(err error, failed func(error)) {
	if failed != nil {
		failed(err)
		return
	}
	u.showError("Could not save", err)
}

// show switches to a screen from the navigation list.
func (u *UI) show(s screen) {
	for i, p := range u.pages {
		if p.screen == s {
			u.nav.Select(i)
			return
		}
	}
	u.showScreen(s)
}

func (u *UI) showScreen(s screen) {
	u.refreshIfStale(s)
	u.shown = s
	u.body.Objects = []fyne.CanvasObject{u.scrolled(s)}
	u.body.Refresh()
}

// scrolled is the screen in a scroll container of its own, so that a screen
// larger than the window scrolls instead of growing the window past a
// school laptop's screen.
func (u *UI) scrolled(s screen) fyne.CanvasObject {
	if sc, ok := u.scrolls[s]; ok {
		return sc
	}
	sc := container.NewScroll(s.content())
	u.scrolls[s] = sc
	return sc
}

// openStudent shows one student's screen.
func (u *UI) openStudent(id data.ID) {
	u.nav.UnselectAll()
	u.student.open(id)
	u.showScreen(u.student)
}

// showError tells the user what failed in words they can act on; the
// detail of an internal error goes to the log.
func (u *UI) showError(what string, err error) {
	if data.ErrorCode(err) == data.EINTERNAL {
		log.Printf("%s: %v", what, err)
	}
	dialog.ShowInformation(what, data.ErrorMessage(err), u.win)
}

// confirm asks before a destructive action; the question names what goes.
func (u *UI) confirm(title, question, action string, do func()) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, question, func(ok bool) {
		if ok {
			do()
		}
	}, u.win)
	d.SetConfirmText(action)
	d.SetDismissText("Cancel")
	u.track(d)
	d.Show()
	return d
}

// track remembers an open dialog so that Escape can dismiss it.
func (u *UI) track(d dialog.Dialog) {
	u.dialogs = append(u.dialogs, d)
	d.SetOnClosed(func() {
		for i, x := range u.dialogs {
			if x == d {
				u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
				return
			}
		}
	})
}

// escape dismisses the newest open dialog.
func (u *UI) escape() {
	if n := len(u.dialogs); n > 0 {
		u.dialogs[n-1].Dismiss()
	}
}

// close asks before closing over unsaved input, then remembers the window size.
func (u *UI) close() {
	quit := func() {
		size := u.win.Canvas().Size()
		u.app.Preferences().SetFloat(prefWidth, float64(size.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(size.Height))
		u.win.Close()
	}
	if unsaved := u.student.unsaved(); unsaved != "" {
		u.confirm("Unsaved score", unsaved+" has not been saved. Close Tierline and lose it?", "Close without saving", quit)
		return
	}
	quit()
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
	w.SetContent(container.NewBorder(nil, container.NewCenter(widget.NewButton("Close", a.Quit)), nil, nil, label))
	w.Resize(fyne.NewSize(480, 160))
	w.ShowAndRun()
}

package app

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

// uiStopwatch measures the UI goroutine's share of an action: the action's
// own code and what background work hands back to the UI goroutine
// (Services.UIDo), not the background work itself. The test driver runs
// both in the test's goroutine, one inside the other.
type uiStopwatch struct {
	running bool
	since   time.Time
	total   time.Duration
}

func (w *uiStopwatch) resume() bool {
	if w.running {
		return false
	}
	w.running, w.since = true, time.Now()
	return true
}

func (w *uiStopwatch) pause() bool {
	if !w.running {
		return false
	}
	w.total += time.Since(w.since)
	w.running = false
	return true
}

// time returns the UI goroutine's time of one action.
func (w *uiStopwatch) time(action func()) time.Duration {
	w.total = 0
	w.resume()
	action()
	w.pause()
	return w.total
}

// uiAction is a screen's main action on the large school, and a check that
// it did what it is for.
type uiAction struct {
	name  string
	do    func(u *UI)
	check func(u *UI) error
}

var uiActions = []uiAction{
	{"start: the dashboard filled", func(u *UI) { u.Start() }, func(u *UI) error {
		if u.school == nil || len(u.school.snap.Students) < 300 {
			return fmt.Errorf("the school is not loaded")
		}
		return nil
	}},
	{"students: search", func(u *UI) { u.search.SetText("an") }, func(u *UI) error {
		if u.shown != screen(u.students) {
			return fmt.Errorf("the student list is not shown")
		}
		return nil
	}},
	{"student: open", func(u *UI) { u.openStudent(u.school.review[0].Student.ID) }, func(u *UI) error {
		if u.student.id != u.school.review[0].Student.ID {
			return fmt.Errorf("another student is shown")
		}
		return nil
	}},
	{"student: save a score", func(u *UI) {
		test.Type(u.student.ScoreValue, "57")
		u.student.ScoreValue.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}, func(u *UI) error {
		if len(u.student.scores) == 0 || u.student.scores[0].Value != 57 || u.student.scores[0].Date != testToday {
			return fmt.Errorf("the saved score is not on screen: %q", u.student.Saved.Text)
		}
		return nil
	}},
	{"review: open", func(u *UI) { u.show(u.review) }, func(u *UI) error {
		if len(u.review.items) == 0 {
			return fmt.Errorf("no review list")
		}
		return nil
	}},
	{"review: choose a row", func(u *UI) { u.review.choose(5) }, func(u *UI) error {
		if u.review.selected != 5 {
			return fmt.Errorf("row %d chosen", u.review.selected)
		}
		return nil
	}},
	{"groups: open", func(u *UI) { u.show(u.groups) }, func(u *UI) error {
		if len(u.groups.ProgressTable.Objects) == 0 {
			return fmt.Errorf("no group table")
		}
		return nil
	}},
	{"groups: another dimension", func(u *UI) { u.groups.Dimension.SetSelected(data.DimEL.Label()) }, func(u *UI) error {
		if len(u.groups.ProgressTable.Objects) == 0 {
			return fmt.Errorf("no group table")
		}
		return nil
	}},
	{"sync: open", func(u *UI) { u.show(u.sync) }, func(u *UI) error {
		if len(u.sync.Progress.Objects) == 0 {
			return fmt.Errorf("no preview")
		}
		return nil
	}},
	{"sync: another window", func(u *UI) { u.sync.Window.SetSelected(u.sync.Window.Options[1]) }, func(u *UI) error {
		if u.sync.summary.Window == "" || len(u.sync.Progress.Objects) == 0 {
			return fmt.Errorf("no preview")
		}
		return nil
	}},
	{"interventions: open", func(u *UI) { u.show(u.interventions) }, nil},
}

// largeSchoolUI opens the window on the large demo school with a stopwatch
// of the UI goroutine; Start is the first action's.
func largeSchoolUI(t testing.TB) (*UI, *uiStopwatch) {
	t.Helper()
	return schoolUI(t, demo.Large)
}

func schoolUI(t testing.TB, size demo.Size) (*UI, *uiStopwatch) {
	t.Helper()
	a := test.NewTempApp(t)
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	snap, err := demo.School(demo.Options{Today: testToday, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	w := &uiStopwatch{}
	svc := Services{Store: s, Now: testNow, Version: "test", BusyDelay: -1,
		Background: func(f func()) {
			paused := w.pause()
			f()
			if paused {
				w.resume()
			}
		},
		UIDo: func(f func()) {
			resumed := w.resume()
			f()
			if resumed {
				w.pause()
			}
		}}
	u := New(a, svc)
	u.win.Resize(fyne.NewSize(1280, 800))
	return u, w
}

// TestUIGoroutineTimes runs each screen's main action on the large school
// and prints the UI goroutine's time of each; BenchmarkUIGoroutine holds
// them to 50 ms (no timing is asserted here).
func TestUIGoroutineTimes(t *testing.T) {
	if testing.Short() {
		t.Skip("the large school takes a while to build")
	}
	// Under the race detector (make test) the large school would take
	// most of the package's ten minutes: the demo school shows the same.
	size := demo.Large
	if raceBuild {
		size = demo.Small
	}
	u, w := schoolUI(t, size)
	for _, a := range uiActions {
		d := w.time(func() { a.do(u) })
		if a.check != nil {
			if err := a.check(u); err != nil {
				t.Errorf("%s: %v", a.name, err)
			}
		}
		t.Logf("%-30s %6.1f ms on the UI goroutine", a.name, float64(d.Microseconds())/1000)
	}
}

// BenchmarkUIGoroutine reports the UI goroutine's time of each screen's
// main action on the large school (ui-ms) and fails over 50 ms.
func BenchmarkUIGoroutine(b *testing.B) {
	const bound = 50 * time.Millisecond
	for b.Loop() {
		b.StopTimer()
		u, w := largeSchoolUI(b)
		for _, a := range uiActions {
			b.StartTimer()
			d := w.time(func() { a.do(u) })
			b.StopTimer()
			b.ReportMetric(float64(d.Microseconds())/1000, "ms/"+metricName(a.name))
			if d > bound {
				b.Errorf("%s: %v on the UI goroutine (at most %v)", a.name, d, bound)
			}
		}
	}
}

// metricName makes an action's name a benchmark unit (no spaces).
func metricName(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r == ' ' || r == ':':
			if len(out) > 0 && out[len(out)-1] != '-' {
				out = append(out, '-')
			}
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

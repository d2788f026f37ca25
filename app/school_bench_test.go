package app

import (
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

// BenchmarkSavedScoreOnScreen saves a score on the student screen of the
// large school and reports how long until the screen shows it (the write,
// the reading and the screen's refresh: the test driver runs them in line).
// "student" is the app's way, which reads the student again; "school" the
// whole-school reload every save used to wait for. Goal: < 50 ms.
func BenchmarkSavedScoreOnScreen(b *testing.B) {
	for _, way := range []string{"student", "school"} {
		b.Run(way, func(b *testing.B) {
			u, _ := largeSchoolUI(b)
			u.Start()
			st := u.school.review[0].Student
			u.openStudent(st.ID)
			m := u.student.measure
			day := 0
			for b.Loop() {
				day++
				score := data.Score{Student: st.ID, Measure: m.ID, Date: testToday.AddDays(-day), Kind: data.Progress, Value: 57, Errors: data.NoErrors, Grade: st.Grade}
				write := func() error { return u.svc.Store.SaveScore(score) }
				if way == "student" {
					u.saveStudent(st.ID, write, nil, nil)
				} else {
					u.save(write, nil, nil)
				}
				if !slices.ContainsFunc(u.student.scores, func(s data.Score) bool { return s.Date == score.Date }) {
					b.Fatal("the saved score is not on screen")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/save")
		})
	}
}

// BenchmarkSavedScoreTyped is the same save as a user makes it: a value
// typed and Enter, on the large school. Goal: < 50 ms.
func BenchmarkSavedScoreTyped(b *testing.B) {
	u, _ := largeSchoolUI(b)
	u.Start()
	u.openStudent(u.school.review[0].Student.ID)
	day := 0
	for b.Loop() {
		b.StopTimer()
		day++
		u.student.ScoreDate.SetText(testToday.AddDays(-day).String())
		test.Type(u.student.ScoreValue, "57")
		b.StartTimer()
		u.student.ScoreValue.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	if u.student.ScoreValue.Text != "" {
		b.Fatalf("not saved: %q", u.student.Saved.Text)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/save")
}

// BenchmarkSchoolHeap loads the large school and reports the live heap its
// records take (records-MB: the snapshot and the sessions packed, as the
// school holds them) and the whole school with
// what is derived from it (school-MB), after a collection; and the time and
// bytes allocated to load it. Goal: records < 20 MB at 2,500 students.
func BenchmarkSchoolHeap(b *testing.B) {
	path := filepath.Join(b.TempDir(), "tierline.db")
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	snap, err := demo.School(demo.Options{Today: testToday, Size: demo.Large})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		b.Fatal(err)
	}
	snap = data.Snapshot{}
	var records, whole float64
	for b.Loop() {
		before := liveHeap()
		sessions := sessionsByPlan{}
		snap, err := s.SnapshotEachSession(sessions.add)
		if err != nil {
			b.Fatal(err)
		}
		records = float64(liveHeap()-before) / 1e6
		sc := buildSchool(snap, sessions, testToday)
		whole = float64(liveHeap()-before) / 1e6
		runtime.KeepAlive(sc)
	}
	b.ReportMetric(records, "records-MB")
	b.ReportMetric(whole, "school-MB")
}

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

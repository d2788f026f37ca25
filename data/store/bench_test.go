package store_test

import (
	"path/filepath"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

var benchToday = data.NewDate(2026, 11, 23)

// largeSchool writes the large demo school into a store file in dir.
func largeSchool(b *testing.B, dir string, withScores bool) (string, data.Snapshot) {
	b.Helper()
	snap, err := demo.School(demo.Options{Today: benchToday, Size: demo.Large})
	if err != nil {
		b.Fatal(err)
	}
	if !withScores {
		snap.Scores = nil
	}
	path := filepath.Join(dir, "large.db")
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return path, snap
}

// BenchmarkInsertScores writes 100,000 scores into the large school in one
// batch. Target: < 1.5 s.
func BenchmarkInsertScores(b *testing.B) {
	_, snap := largeSchool(b, b.TempDir(), false)
	orf := snap.Measures[0]
	scores := make([]data.Score, 100_000)
	for i := range scores {
		st := snap.Students[(i*7919)%len(snap.Students)] // a stride: not in key order
		scores[i] = data.Score{Student: st.ID, Measure: orf.ID, Date: benchToday.AddDays(-i / len(snap.Students)),
			Kind: data.Progress, Value: float64(40 + i%60), Errors: i % 5, Grade: st.Grade}
	}
	for b.Loop() {
		b.StopTimer()
		path, _ := largeSchool(b, b.TempDir(), false)
		s, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := s.SaveScores(scores); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkReadAllScores reads every score of the large school in one read
// transaction. Target: < 100 ms.
func BenchmarkReadAllScores(b *testing.B) {
	path, _ := largeSchool(b, b.TempDir(), true)
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		scores, err := s.AllScores()
		if err != nil || len(scores) < 90_000 {
			b.Fatalf("%d scores, %v", len(scores), err)
		}
	}
}

// BenchmarkOpenAndListStudents opens the large school's store and lists
// every student. Target: < 150 ms.
func BenchmarkOpenAndListStudents(b *testing.B) {
	path, _ := largeSchool(b, b.TempDir(), true)
	for b.Loop() {
		s, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		students, err := s.Students()
		if err != nil || len(students) < 2500 {
			b.Fatalf("%d students, %v", len(students), err)
		}
		s.Close()
	}
}

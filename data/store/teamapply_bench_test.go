package store_test

import (
	"path/filepath"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// BenchmarkApplyChanges50000: a term of another laptop's work, the last 50,000 changes of the
// large school's log (sessions, tier changes, decisions and 100,000-odd scores' worth of its
// history as written), applied in one transaction to a store that holds everything before them.
// Goal: < 2 s.
func BenchmarkApplyChanges50000(b *testing.B) {
	path, snap := largeSchool(b, b.TempDir(), false)
	src, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	log, err := src.ChangeLog()
	if err != nil {
		b.Fatal(err)
	}
	orf := snap.Measures[0]
	var scores []data.Score
	for i := 0; log.Changes+len(scores) < 50_000; i++ {
		st := snap.Students[i%len(snap.Students)]
		scores = append(scores, data.Score{Student: st.ID, Measure: orf.ID, Date: benchToday.AddDays(-i / len(snap.Students)),
			Kind: data.Progress, Value: float64(40 + i%60), Errors: i % 5, Grade: st.Grade})
	}
	if err := src.SaveScores(scores); err != nil {
		b.Fatal(err)
	}
	all, _, err := src.ChangesSince(0, 0, false)
	if err != nil {
		b.Fatal(err)
	}
	// The receiver already holds everything before the term's work, the last 50,000 changes.
	head := all[:len(all)-50_000]
	all = all[len(all)-50_000:]
	b.ReportMetric(float64(len(all)), "changes")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dst, err := store.Open(filepath.Join(b.TempDir(), "dst.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dst.ApplyChanges(head); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := dst.ApplyChanges(all)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.Waiting != 0 || res.Refused != 0 {
			b.Fatalf("apply: %+v", res)
		}
		dst.Close()
	}
}

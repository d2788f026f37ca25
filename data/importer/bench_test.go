package importer_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

// BenchmarkImportScores imports a 100,000-row scores CSV into the large
// demo school (read, check, one transaction), and times sqlite3's .import
// of the same file into :memory: in the same run. Target: ≤ 1.5 s, and no
// slower than sqlite3 (the ratio metric).
func BenchmarkImportScores(b *testing.B) {
	school, err := demo.School(demo.Options{Today: today, Size: demo.Large})
	if err != nil {
		b.Fatal(err)
	}
	school.Scores = nil
	var csv bytes.Buffer
	csv.WriteString("local_id,date,value,errors\n")
	for i := 0; i < 100_000; i++ {
		st := school.Students[(i*7919)%len(school.Students)]
		d := today.AddDays(-(i / len(school.Students)))
		fmt.Fprintf(&csv, "%s,%s,%d,%d\n", st.LocalID, d, 40+i%60, i%5)
	}
	file := filepath.Join(b.TempDir(), "scores.csv")
	if err := os.WriteFile(file, csv.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	sqlite, sqliteErr := exec.LookPath("sqlite3")
	var ours, theirs time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(filepath.Join(b.TempDir(), "large.db"))
		if err != nil {
			b.Fatal(err)
		}
		snap := school
		if err := s.Initialize(&snap); err != nil {
			b.Fatal(err)
		}
		students, _ := s.Students()
		orf, _ := s.MeasureByName(demo.ORF)
		b.StartTimer()
		t0 := time.Now()
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Scores("scores.csv", f, students, nil, importer.ScoreOptions{Measure: orf, Kind: data.Progress})
		f.Close()
		if err != nil || len(rep.Problems) > 0 || rep.Added != 100_000 {
			b.Fatalf("%v %v", err, rep.Problems)
		}
		if err := s.SaveRecords(&rep.Records); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(t0)
		b.StopTimer()
		s.Close()
		if sqliteErr == nil {
			t1 := time.Now()
			cmd := exec.Command(sqlite, ":memory:", ".mode csv", ".import "+file+" scores", "select count(*) from scores;")
			if out, err := cmd.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("100000")) {
				b.Fatalf("sqlite3: %v %s", err, out)
			}
			theirs += time.Since(t1)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(ours.Milliseconds())/float64(b.N), "ms/op-tierline")
	if sqliteErr == nil {
		b.ReportMetric(float64(theirs.Milliseconds())/float64(b.N), "ms/op-sqlite3")
		b.ReportMetric(float64(ours)/float64(theirs), "ratio")
	}
}

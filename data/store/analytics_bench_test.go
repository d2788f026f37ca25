package store_test

import (
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

func openLarge(b *testing.B) *store.Store {
	b.Helper()
	path, _ := largeSchool(b, b.TempDir(), true)
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// compareWithScan times work against a bare read of all scores in the same
// loop and reports work's time and the ratio (target ≤ 2).
func compareWithScan(b *testing.B, s *store.Store, work func() error) {
	var scan, own time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := s.AllScores(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := work(); err != nil {
			b.Fatal(err)
		}
		scan += t1.Sub(t0)
		own += time.Since(t1)
	}
	b.ReportMetric(float64(own.Microseconds())/float64(b.N)/1000, "ms/op-work")
	b.ReportMetric(float64(scan.Microseconds())/float64(b.N)/1000, "ms/op-scan")
	b.ReportMetric(float64(own)/float64(scan), "ratio")
}

// BenchmarkGroupTable: the group-progress table (every standard dimension,
// all grades and each grade) for ORF in the current fall, read and computed.
func BenchmarkGroupTable(b *testing.B) {
	s := openLarge(b)
	settings, _ := s.Settings()
	orf, _ := s.MeasureByName("ORF")
	year := settings.CurrentYear(benchToday)
	compareWithScan(b, s, func() error {
		students, scores, err := s.GroupData(orf.ID)
		if err != nil {
			return err
		}
		t := data.GroupProgress(data.GroupInput{Students: students, Scores: scores, Measure: orf, Dimensions: data.StandardDimensions, ByGrade: true}, year, data.Fall)
		if len(t.Cells) == 0 {
			b.Fatal("empty table")
		}
		return nil
	})
}

// BenchmarkReviewList: the review list, read and computed.
func BenchmarkReviewList(b *testing.B) {
	s := openLarge(b)
	compareWithScan(b, s, func() error {
		in, err := s.ReviewData(benchToday)
		if err != nil {
			return err
		}
		if items := data.ReviewList(in); len(items) < 100 {
			b.Fatalf("%d items", len(items))
		}
		return nil
	})
}

// BenchmarkStudentProgress: one student's progress on their plan's goal
// measure, read and computed. Target: < 1 ms.
func BenchmarkStudentProgress(b *testing.B) {
	s := openLarge(b)
	in, err := s.ReviewData(benchToday)
	if err != nil || len(in.Plans) == 0 {
		b.Fatal(err)
	}
	p := in.Plans[len(in.Plans)/2]
	measures, _ := s.Measures()
	var m data.Measure
	for _, x := range measures {
		if x.ID == p.Goal.Measure {
			m = x
		}
	}
	for b.Loop() {
		in, err := s.StudentInput(p.Student, m, benchToday)
		if err != nil {
			b.Fatal(err)
		}
		if sp := data.AnalyzeStudent(in); sp.Plan == nil {
			b.Fatal("no plan")
		}
	}
}

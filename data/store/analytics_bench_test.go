package store_test

import (
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
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

// BenchmarkBareScan reads every score of the large school in one read
// transaction: the floor the analyses below are measured against (their
// targets: at most twice this, in the same run; make bench prints the ratios).
func BenchmarkBareScan(b *testing.B) {
	s := openLarge(b)
	for b.Loop() {
		if scores, err := s.AllScores(); err != nil || len(scores) < 90_000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkGroupTable: the group-progress table (every standard dimension,
// all grades and each grade) for ORF in the current fall, read and computed.
func BenchmarkGroupTable(b *testing.B) {
	s := openLarge(b)
	settings, _ := s.Settings()
	orf, _ := s.MeasureByName("ORF")
	year := settings.CurrentYear(benchToday)
	for b.Loop() {
		students, scores, err := s.GroupData(orf.ID)
		if err != nil {
			b.Fatal(err)
		}
		t := analysis.GroupProgress(analysis.GroupInput{Students: students, Scores: scores, Measure: orf, Dimensions: data.StandardDimensions, ByGrade: true}, year, data.Fall)
		if len(t.Cells) == 0 {
			b.Fatal("empty table")
		}
	}
}

// BenchmarkReviewList: the review list, read and computed.
func BenchmarkReviewList(b *testing.B) {
	s := openLarge(b)
	for b.Loop() {
		in, err := s.ReviewData(benchToday)
		if err != nil {
			b.Fatal(err)
		}
		if items := analysis.ReviewList(in); len(items) < 100 {
			b.Fatalf("%d items", len(items))
		}
	}
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
		if sp := analysis.AnalyzeStudent(in); sp.Plan == nil {
			b.Fatal("no plan")
		}
	}
}

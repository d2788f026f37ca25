package summary_test

import (
	"slices"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/summary"
)

// A school with a pre-kindergarten sends its PK students' cells under the
// grade code PK, and the hub's validation (the same Validate) accepts them.
func TestSummaryOfPreKindergarten(t *testing.T) {
	snap := demoSchool(t, demo.Small)
	for i, st := range snap.Students {
		if st.Grade == "KG" {
			snap.Students[i].Grade = "PK"
		}
	}
	for i, sc := range snap.Scores {
		if sc.Grade == "KG" {
			snap.Scores[i].Grade = "PK"
		}
	}
	for i, m := range snap.Measures {
		for _, c := range m.Cuts {
			if c.Grade == "KG" {
				c.Grade = "PK"
				snap.Measures[i].Cuts = append(snap.Measures[i].Cuts, c)
			}
		}
	}
	s := build(t, snap, 2025, data.Spring)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	var grades []string
	for _, c := range s.Progress {
		if !slices.Contains(grades, c.Grade) {
			grades = append(grades, c.Grade)
		}
	}
	if !slices.Contains(grades, "PK") || slices.Contains(grades, "KG") {
		t.Errorf("grades sent: %v", grades)
	}
	if _, err := summary.DecodeBytes(encode(t, s)); err != nil {
		t.Errorf("the hub's decoder refuses a PK cell: %v", err)
	}
	for i, c := range s.Progress {
		if c.Grade == "PK" {
			s.Progress[i].Grade = "PS" // post-secondary: not a grade Tierline follows
			break
		}
	}
	if err := s.Validate(); err == nil {
		t.Error("a grade outside the list is accepted")
	}
}

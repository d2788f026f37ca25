package importer_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
)

// A name or note a spreadsheet would run as a formula is exported as text
// and read back as it was typed.
func TestExportNeutralisesFormulas(t *testing.T) {
	s := newStore(t)
	snap := snapshot(t, s)
	ana := snap.Students[0]
	for i := range snap.Students {
		if snap.Students[i].LocalID == "70001" {
			ana = snap.Students[i]
		}
	}
	ana.GivenName, ana.FamilyName = "=HYPERLINK(\"http://evil\",\"x\")", "＋cmd"
	ana.CustomGroups = []string{"@group", "-2+3"}
	must(t, s.SaveRecords(&data.Records{Students: []data.Student{ana}}))
	var buf bytes.Buffer
	_, err := importer.Export(&buf, "students", snapshot(t, s))
	must(t, err)
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	must(t, err)
	for _, r := range rows {
		for _, cell := range r {
			if c := strings.TrimLeft(cell, " \t\r\n"); c != "" && strings.ContainsRune("=+-@＋", []rune(c)[0]) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	rep, err := importer.Students("students.csv", bytes.NewReader(buf.Bytes()), snapshot(t, s).Students)
	must(t, err)
	if rep.Records.Count() != 0 || len(rep.Problems) != 0 {
		t.Errorf("reading the export back changes %d students (%v): the guard was not taken off", rep.Records.Count(), rep.Problems)
	}
}

// A student's first day of enrolment goes out in the students export and
// comes back from it; an export made before the column existed leaves the
// stored dates alone.
func TestStudentsEnrolledFromRoundTrip(t *testing.T) {
	s := newStore(t)
	snap := snapshot(t, s)
	kai := snap.Students[0]
	kai.EnrolledFrom = data.NewDate(2026, 1, 12)
	must(t, s.SaveRecords(&data.Records{Students: []data.Student{kai}}))
	var buf bytes.Buffer
	_, err := importer.Export(&buf, "students", snapshot(t, s))
	must(t, err)
	if !strings.Contains(buf.String(), ",enrolled_from\n") || !strings.Contains(buf.String(), ",2026-01-12\n") {
		t.Fatalf("the export has no enrolled_from:\n%s", buf.String())
	}
	// Read into a store whose student has no date: the date comes back.
	blank := snapshot(t, s).Students
	for i := range blank {
		blank[i].EnrolledFrom = data.Date{}
	}
	rep, err := importer.Students("students.csv", bytes.NewReader(buf.Bytes()), blank)
	must(t, err)
	if len(rep.Problems) != 0 || len(rep.Records.Students) != 1 || rep.Records.Students[0].EnrolledFrom != kai.EnrolledFrom {
		t.Fatalf("read back: %v, %+v", rep.Problems, rep.Records.Students)
	}
	// Read over the store itself: nothing changes.
	rep, err = importer.Students("students.csv", bytes.NewReader(buf.Bytes()), snapshot(t, s).Students)
	must(t, err)
	if rep.Records.Count() != 0 {
		t.Errorf("the export read back changes %d students", rep.Records.Count())
	}
	// An export without the column keeps the stored date.
	var old bytes.Buffer
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		if i := strings.LastIndex(line, ","); i >= 0 {
			line = line[:i] + "\n"
		}
		old.WriteString(line)
	}
	rep, err = importer.Students("old.csv", bytes.NewReader(old.Bytes()), snapshot(t, s).Students)
	must(t, err)
	if len(rep.Problems) != 0 || rep.Records.Count() != 0 {
		t.Errorf("an export without enrolled_from: %v, %d students changed", rep.Problems, rep.Records.Count())
	}
}

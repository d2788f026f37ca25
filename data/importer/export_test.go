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

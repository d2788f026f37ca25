package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
)

// A data person picks "FastBridge screening" and its export is read with
// no column named by hand.
func TestImportScreenVendorLayout(t *testing.T) {
	u, _ := newTestUI(t, true)
	im := u.imports
	u.show(im)
	var local string
	for _, st := range u.school.snap.Students {
		if !st.Withdrawn {
			local = st.LocalID
			break
		}
	}
	file := filepath.Join(t.TempDir(), "fastbridge.csv")
	content := "Assessment,Local ID,First Name,Last Name,Grade,Fall CBMR-English Median WRC,Fall CBMR-English Median Error,Fall CBMR-English Final Date," +
		"Winter CBMR-English Median WRC,Winter CBMR-English Median Error,Winter CBMR-English Final Date\n" +
		"CBMR-English," + local + ",Ana,Old,3,71,4,09/14/2026 10:15 AM,84,3,2027-01-11T09:00:00Z\n"
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	im.Kind.SetSelected(importScores)
	im.Layout.SetSelected("FastBridge screening")
	im.Measure.SetSelected("ORF")
	im.setPath(file)
	if im.Mapping.Visible() {
		t.Error("the column mapping shows though the layout names the columns")
	}
	test.Tap(im.Check)
	if !strings.Contains(im.Summary.Text, "1 rows: 2 to add") || im.Import.Disabled() {
		t.Fatalf("check: %q", im.Summary.Text)
	}
	if kinds := im.report.Records.Scores; kinds[0].Kind != data.Screening || kinds[1].Date != data.NewDate(2027, 1, 11) {
		t.Errorf("scores %+v", kinds)
	}
	// A mixed-subject file without a measure map is refused whole.
	im.Layout.SetSelected("NWEA MAP Growth (Combined/Assessment Results)")
	im.Measure.SetSelected(fromFile)
	im.setPath("../data/importer/testdata/vendors/map-growth.csv")
	test.Tap(im.Check)
	if !strings.Contains(im.Summary.Text, `The file cannot be imported: map-growth.csv: column Subject names "Mathematics"`) {
		t.Errorf("mixed subjects: %q", im.Summary.Text)
	}
}

func TestImportScreenExportsTheSchool(t *testing.T) {
	u, _ := newTestUI(t, true)
	im := u.imports
	u.show(im)
	dir := filepath.Join(t.TempDir(), "school")
	im.exportSchool(dir)
	if !strings.HasPrefix(im.Summary.Text, "Exported the whole school to "+dir+" (7 files)") {
		t.Fatalf("summary %q", im.Summary.Text)
	}
	snap, err := importer.ReadSchool(dir)
	if err != nil || len(snap.Students) != len(u.school.snap.Students) || len(snap.Decisions) != len(u.school.snap.Decisions) {
		t.Errorf("read back: %v, %d students", err, len(snap.Students))
	}
}

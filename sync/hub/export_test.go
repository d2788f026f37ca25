package hub

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

// Every column of export.csv is guarded, not only the measure: a school
// code such as "-1-1" was written raw and evaluated by Excel.
func TestExportGuardsEveryColumn(t *testing.T) {
	n, pct := 12, "40"
	sums := []summary.Summary{{School: "-1-1", Year: "2026-2027", Window: "fall", Progress: []summary.ProgressCell{
		{Measure: "\uFF1Dcmd", Grade: "all", Dimension: " =race", Group: "\n=x", N: &n, PctAtOrAbove: &pct},
	}}}
	var out bytes.Buffer
	cells := func(each func(hubstore.Cell) error) error {
		for _, c := range hubstore.CellsOf(sums[0], 1) {
			if err := each(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := writeExport(&out, cells); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	for i, want := range map[int]string{0: "'-1-1", 4: "'\uFF1Dcmd", 6: "' =race", 7: "'\n=x", 8: "12", 9: "40"} {
		if rows[1][i] != want {
			t.Errorf("column %s: %q, want %q", rows[0][i], rows[1][i], want)
		}
	}
	if strings.Contains(out.String(), ",-1-1,") {
		t.Error("the school code went out raw")
	}
}

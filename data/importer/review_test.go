package importer_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
)

// A decision taken today stands beside its plan; one of another day does not.
func TestExportReviewPutsTodaysDecisionBesideItsPlan(t *testing.T) {
	snap, err := demo.School(demo.Options{Today: today, Size: demo.Small})
	must(t, err)
	items := analysis.ReviewList(analysis.ReviewInputOf(snap, today))
	if len(items) < 2 {
		t.Fatalf("%d review items", len(items))
	}
	first, second := items[0], items[1]
	snap.Decisions = append(snap.Decisions,
		data.Decision{Student: first.Student.ID, Plan: first.Plan.ID, Date: today, Decision: data.DecideIntensify, Note: "=2+3", NextReview: today.AddDays(14)},
		data.Decision{Student: second.Student.ID, Plan: second.Plan.ID, Date: today.AddDays(-1), Decision: data.DecideFade})
	var buf bytes.Buffer
	must(t, importer.ExportReview(&buf, items, snap, today))
	rows, err := csv.NewReader(&buf).ReadAll()
	must(t, err)
	if len(rows) != len(items)+1 {
		t.Fatalf("%d rows for %d items", len(rows), len(items))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	got := rows[1]
	if got[col["local_id"]] != first.Student.LocalID || got[col["decision_today"]] != "intensify" ||
		got[col["next_review"]] != today.AddDays(14).String() || got[col["note"]] != "'=2+3" {
		t.Fatalf("first row %v", got)
	}
	if d := rows[2][col["decision_today"]]; d != "" {
		t.Fatalf("yesterday's decision shows as today's: %q", d)
	}
}

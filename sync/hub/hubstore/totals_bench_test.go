package hubstore_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

// BenchmarkBoltTotals rolls up one window of 1,000 schools' demo summaries
// (181,000 cells): the work of a district page's first view of a window.
func BenchmarkBoltTotals(b *testing.B) {
	st, err := hubstore.Open(filepath.Join(b.TempDir(), "hub.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		b.Fatal(err)
	}
	year, _ := snap.Settings.YearByLabel("2025")
	sum, err := summary.Build(snap, year, data.Fall, data.NewDate(2026, 11, 23))
	if err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		sum.School = fmt.Sprintf("S%04d", i)
		if _, err := st.Enroll(sum.School, "School", time.Now()); err != nil {
			b.Fatal(err)
		}
		if _, _, err := st.Submit(hubstore.Submission{School: sum.School, ID: sum.School, Sequence: 1, Year: sum.Year, Window: sum.Window,
			Body: []byte(sum.School), Cells: hubstore.CellsOf(sum, 1), Received: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := st.Totals(sum.Year, sum.Window, ""); err != nil {
			b.Fatal(err)
		}
	}
}

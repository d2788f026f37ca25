package rollup

import (
	"testing"
	"time"

	"github.com/tierline/tierline/data"
)

func TestReportingCompleteness(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 15, 0, 0, 0, time.UTC) }
	fall26, winter26 := Window{"2026-2027", data.Fall}, Window{"2026-2027", data.Winter}
	spring25 := Window{"2025-2026", data.Spring}
	reports := []Report{
		{School: "A", Window: fall26, AsOf: data.NewDate(2026, 9, 30), First: day(2026, 10, 5), Versions: 2},
		{School: "B", Window: fall26, AsOf: data.NewDate(2026, 9, 30), First: day(2026, 10, 20), Versions: 1},
		// A's calendar ends winter on 15 January: the deadline is the 29th.
		{School: "A", Window: winter26, AsOf: data.NewDate(2027, 1, 15), First: day(2027, 1, 18), Versions: 1},
		// A v1 summary has no as_of: the default calendar's 4 June, + 14 = 18 June.
		{School: "C", Window: spring25, First: day(2026, 6, 10), Versions: 1},
	}
	c := ReportingCompleteness([]string{"A", "B", "C"}, reports, 14, data.NewDate(2027, 1, 20))
	// Every window from the first year reported that has ended, and the
	// ones sent: fall and winter 2025-2026 ended unsent by anyone.
	wantWindows := []Window{{"2025-2026", data.Fall}, {"2025-2026", data.Winter}, spring25, fall26, winter26}
	if len(c.Windows) != len(wantWindows) {
		t.Fatalf("windows %v", c.Windows)
	}
	for i, w := range wantWindows {
		if c.Windows[i] != w {
			t.Errorf("window %d: %v, want %v", i, c.Windows[i], w)
		}
	}
	if c.Deadlines[2] != data.NewDate(2026, 6, 18) || c.Deadlines[3] != data.NewDate(2026, 10, 14) || c.Deadlines[4] != data.NewDate(2027, 1, 29) {
		t.Errorf("deadlines %v", c.Deadlines)
	}
	want := map[string]struct {
		statuses        []string
		lateFall, verFa int
	}{
		"A": {[]string{Missing, Missing, Missing, OnTime, OnTime}, 0, 2},
		"B": {[]string{Missing, Missing, Missing, Late, Due}, 6, 1}, // 20 Oct is 6 days after the 14th
		"C": {[]string{Missing, Missing, OnTime, Missing, Due}, 0, 0},
	}
	for _, row := range c.Rows {
		w := want[row.School]
		for i, cell := range row.Cells {
			if cell.Status != w.statuses[i] {
				t.Errorf("%s %s: %s, want %s", row.School, c.Windows[i].Label(), cell.Status, w.statuses[i])
			}
		}
		if row.Cells[3].DaysLate != w.lateFall || row.Cells[3].Versions != w.verFa {
			t.Errorf("%s: %+v", row.School, row)
		}
	}
	if c.SentBy[3] != 2 || c.OnTimeBy[3] != 1 || c.SentBy[4] != 1 || c.SentBy[0] != 0 {
		t.Errorf("per window: sent %v, on time %v", c.SentBy, c.OnTimeBy)
	}
}

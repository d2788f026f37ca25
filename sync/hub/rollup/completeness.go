package rollup

import (
	"fmt"
	"slices"
	"time"

	"github.com/tierline/tierline/data"
)

// Reporting completeness (as DHIS2 reports a data set's completeness):
// which schools sent which window, on time or late, and which are
// missing. A window's deadline is its end plus a number of grace days;
// its end is the latest as_of the schools' summaries of it give (the end
// date each school's calendar has), or the default calendar's when no
// school sent it.

// Report is what a school sent for a window.
type Report struct {
	School   string
	Window   Window
	AsOf     data.Date // the window's end in the school's calendar (zero for v1)
	First    time.Time // the first version's arrival
	Versions int
}

// Statuses of a school's window.
const (
	OnTime  = "on time"
	Late    = "late"
	Missing = "missing"
	Due     = "due"
)

// Sent is one school's window in the completeness table.
type Sent struct {
	Status   string
	Deadline data.Date
	First    time.Time // zero when not sent
	DaysLate int
	Versions int
}

// CompletenessRow is a school's windows.
type CompletenessRow struct {
	School string
	Cells  []Sent
}

// Completeness is the table of schools by windows.
type Completeness struct {
	Windows   []Window
	Deadlines []data.Date
	Rows      []CompletenessRow
	// Per window: schools that sent it, and that sent it on time.
	SentBy, OnTimeBy []int
}

// ReportingCompleteness lists, for every school and every window that
// was sent by some school or has ended by today (from the first year any
// school reported), whether and when it arrived.
func ReportingCompleteness(schools []string, reports []Report, graceDays int, today data.Date) Completeness {
	var c Completeness
	ends := map[Window]data.Date{}
	first := 0
	for _, r := range reports {
		if !slices.Contains(c.Windows, r.Window) {
			c.Windows = append(c.Windows, r.Window)
		}
		if r.AsOf.After(ends[r.Window]) {
			ends[r.Window] = r.AsOf
		}
		if y := r.Window.startYear(); first == 0 || y < first {
			first = y
		}
	}
	if first == 0 {
		return c
	}
	for y := first; y <= today.Year; y++ {
		for _, name := range data.WindowNames {
			w := Window{fmt.Sprintf("%d-%d", y, y+1), name}
			if !slices.Contains(c.Windows, w) && w.End().Before(today) {
				c.Windows = append(c.Windows, w)
			}
		}
	}
	slices.SortFunc(c.Windows, compareWindows)
	for _, w := range c.Windows {
		end, ok := ends[w]
		if !ok || end.IsZero() {
			end = w.End()
		}
		c.Deadlines = append(c.Deadlines, end.AddDays(graceDays))
	}
	c.SentBy, c.OnTimeBy = make([]int, len(c.Windows)), make([]int, len(c.Windows))
	for _, school := range schools {
		row := CompletenessRow{School: school}
		for i, w := range c.Windows {
			cell := Sent{Deadline: c.Deadlines[i], Status: Due}
			if today.After(cell.Deadline) {
				cell.Status = Missing
			}
			for _, r := range reports {
				if r.School == school && r.Window == w {
					cell.First, cell.Versions = r.First, r.Versions
					cell.Status = OnTime
					if late := data.DateOf(r.First).DaysSince(cell.Deadline); late > 0 {
						cell.Status, cell.DaysLate = Late, late
					}
					c.SentBy[i]++
				}
			}
			if cell.Status == OnTime {
				c.OnTimeBy[i]++
			}
			row.Cells = append(row.Cells, cell)
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

package importer

import (
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
)

func TestParseFileDate(t *testing.T) {
	want := data.NewDate(2026, 9, 14)
	for _, s := range []string{"2026-09-14", "2026-09-14 10:15:00", "2026-09-14T10:15:00Z", "2026-09-14T10:15:00-07:00",
		"2026-09-14T23:59:59.123+02:00", "2026-09-14T10:15:00+0530", "2026-09-14 10:15", "9/14/2026", "9/14/2026 10:15 AM",
		"09/14/2026 10:15:00 PM", "9/14/2026 10:15:00", "46279", "46279.4270833", "2026/09/14", " 2026-09-14 ", "20260914", "20260914 10:15:00"} {
		got, err := parseFileDate(s, DatesMonthFirst)
		if err != nil || got != want {
			t.Errorf("parseFileDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if got, err := parseFileDate("14/9/2026 08:00", DatesDayFirst); err != nil || got != want {
		t.Errorf("day first: %v, %v", got, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"14/9/2026", "is not a month-first date: if the file writes the day first, say so (--dates dmy)"},
		{"2026-09-14 lunchtime", "is not a date (expected YYYY-MM-DD or M/D/YYYY, with or without a time)"},
		{"2026-02-30", "is not a calendar date"},
		{"99999", "outside the years"},
		{"2026-09-14T25:00", "is not a date"},
		{"Sept 14", "is not a date"},
		{"20261314", "is not a calendar date"},
	} {
		if _, err := parseFileDate(tc.in, DatesMonthFirst); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseFileDate(%q): %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestDateOrderOfFile(t *testing.T) {
	read := func(dates ...string) *table {
		tb := &table{name: "scores.csv", header: []string{"date"}, columns: map[string]int{"date": 0}}
		for i, d := range dates {
			tb.rows = append(tb.rows, row{line: i + 2, fields: []string{d}})
		}
		return tb
	}
	if o, _, err := dateOrderOf(read("3/4/2026", "9/14/2026"), []int{0}, DatesAuto); err != nil || o != DatesMonthFirst {
		t.Errorf("month first: %v %v", o, err)
	}
	if o, note, err := dateOrderOf(read("3/4/2026", "14/9/2026 10:00"), []int{0}, DatesAuto); err != nil || o != DatesDayFirst ||
		!strings.Contains(note, "14/9/2026 on line 3") {
		t.Errorf("day first: %v %q %v", o, note, err)
	}
	_, _, err := dateOrderOf(read("14/9/2026", "9/14/2026"), []int{0}, DatesAuto)
	if err == nil || !strings.Contains(err.Error(), "scores.csv: writes dates both day first (14/9/2026 on line 2) and month first (9/14/2026 on line 3)") {
		t.Errorf("ambiguous: %v", err)
	}
}

package data_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
)

func TestDayNumberRoundTrip(t *testing.T) {
	// Every day from 1990 to 2100 maps to consecutive numbers and back, and
	// agrees with the standard library.
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := data.MinDate.DayNumber() - 1
	for d := data.MinDate; !d.After(data.MaxDate); d = d.AddDays(1) {
		n := d.DayNumber()
		if n != prev+1 {
			t.Fatalf("%s: day number %d, want %d", d, n, prev+1)
		}
		if want := int(d.Time().Sub(epoch).Hours() / 24); n != want {
			t.Fatalf("%s: day number %d, want %d", d, n, want)
		}
		if back := data.DateFromDayNumber(n); back != d {
			t.Fatalf("day %d: got %s, want %s", n, back, d)
		}
		if d.Weekday() != d.Time().Weekday() {
			t.Fatalf("%s: weekday %s, want %s", d, d.Weekday(), d.Time().Weekday())
		}
		prev = n
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
		loose         bool
	}{
		{in: "2026-11-23", want: "2026-11-23"},
		{in: " 2026-01-05 ", want: "2026-01-05"},
		{in: "11/23/2026", loose: true, want: "2026-11-23"},
		{in: "1/5/2027", loose: true, want: "2027-01-05"},
		{in: "2027-01-05", loose: true, want: "2027-01-05"},
		{in: "11/23/2026", err: `"11/23/2026" is not a date (expected YYYY-MM-DD)`},
		{in: "2026-02-30", err: `"2026-02-30" is not a calendar date`},
		{in: "2026-13-01", err: `"2026-13-01" is not a calendar date`},
		{in: "1900-01-01", err: "1900-01-01 is outside the years 1990 to 2099"},
		{in: "2200-06-01", err: "2200-06-01 is outside the years 1990 to 2099"},
		{in: "", err: `"" is not a date (expected YYYY-MM-DD)`},
		{in: "2026-1-5", err: `"2026-1-5" is not a date (expected YYYY-MM-DD)`},
		{in: "2026-0a-05", err: `"2026-0a-05" is not a date (expected YYYY-MM-DD)`},
		{in: "23.11.2026", loose: true, err: `"23.11.2026" is not a date (expected YYYY-MM-DD or M/D/YYYY)`},
		{in: "13/01/2026", loose: true, err: `"13/01/2026" is not a calendar date`},
		{in: "-1/-1/2026", loose: true, err: `"-1/-1/2026" is not a date (expected YYYY-MM-DD or M/D/YYYY)`},
	} {
		parse := data.ParseDate
		if tc.loose {
			parse = data.ParseDateLoose
		}
		got, err := parse(tc.in)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("parse %q: error %v, want %q", tc.in, err, tc.err)
		case tc.err != "" && (data.ErrorCode(err) != data.EINVALID || data.ErrorMessage(err) != tc.err):
			// A typo is the user's input, to be shown in words, not an internal error.
			t.Errorf("parse %q: error kind %s, shown as %q", tc.in, data.ErrorCode(err), data.ErrorMessage(err))
		case tc.err == "" && err != nil:
			t.Errorf("parse %q: %v", tc.in, err)
		case tc.err == "" && got.String() != tc.want:
			t.Errorf("parse %q: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type wrap struct {
		D data.Date
		Z data.Date
	}
	buf, err := json.Marshal(wrap{D: data.NewDate(2026, 11, 23)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(buf), `{"D":"2026-11-23","Z":""}`; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	var back wrap
	if err := json.Unmarshal(buf, &back); err != nil {
		t.Fatal(err)
	}
	if back.D != data.NewDate(2026, 11, 23) || !back.Z.IsZero() {
		t.Fatalf("round trip: got %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"D":"2026-02-31"}`), &back); err == nil {
		t.Fatal("an impossible date was accepted")
	}
}

func TestDateArithmetic(t *testing.T) {
	d := data.NewDate(2026, 12, 30)
	if got := d.AddDays(3); got != data.NewDate(2027, 1, 2) {
		t.Errorf("AddDays: got %s", got)
	}
	if got := data.NewDate(2027, 3, 1).DaysSince(data.NewDate(2027, 2, 1)); got != 28 {
		t.Errorf("DaysSince: got %d, want 28", got)
	}
	if got := data.NewDate(2026, 9, 15).WeeksSince(data.NewDate(2026, 9, 1)); got != 2 {
		t.Errorf("WeeksSince: got %v, want 2", got)
	}
	if !d.Within(d, d) || d.Within(d.AddDays(1), d.AddDays(2)) {
		t.Error("Within is wrong at the edges")
	}
	if got := d.Short(); got != "30 Dec 2026" {
		t.Errorf("Short: got %q", got)
	}
}

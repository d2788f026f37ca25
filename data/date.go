package data

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Date is a calendar date with no time of day and no time zone: a score
// entered on 23 November is dated 23 November wherever the laptop travels.
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The range of dates Tierline accepts. School records outside it are typing
// errors (1900, 2200), and the range keeps day numbers in store keys small.
var (
	MinDate = Date{1990, time.January, 1}
	MaxDate = Date{2099, time.December, 31}
)

// NewDate returns the date, normalised the way time.Date normalises (32 Jan is 1 Feb).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads an ISO date (2026-11-23).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return Date{}, dateFormatError(fmt.Sprintf("%s is not a date (expected YYYY-MM-DD)", Clip(s)))
	}
	return dateFromParts(s, parts[0], parts[1], parts[2], "YYYY-MM-DD")
}

// ParseDateLoose reads the date formats found in school exports: ISO
// (2026-11-23) and US (11/23/2026, 1/5/2027).
func ParseDateLoose(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		parts := strings.Split(s, "/")
		if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			return Date{}, Errorf(EINVALID, "%s is not a date (expected YYYY-MM-DD or M/D/YYYY)", Clip(s))
		}
		return dateFromParts(s, parts[2], parts[0], parts[1], "YYYY-MM-DD or M/D/YYYY")
	}
	d, err := ParseDate(s)
	var format dateFormatError
	if errors.As(err, &format) {
		return Date{}, Errorf(EINVALID, "%s is not a date (expected YYYY-MM-DD or M/D/YYYY)", Clip(s))
	}
	return d, err
}

// dateFormatError is a date that is not written as a date at all, as
// opposed to a well-written impossible or out-of-range date.
type dateFormatError string

func (e dateFormatError) Error() string { return string(e) }

// Unwrap gives the error its kind: a date typed wrong is the user's input.
func (e dateFormatError) Unwrap() error { return &Error{Code: EINVALID, Message: string(e)} }

// Clip quotes a value for an error message, cut to 60 characters: a
// message must stay readable when the value is a megabyte of garbage.
func Clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

func dateFromParts(s, ys, ms, ds, expected string) (Date, error) {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil || ys[0] == '-' || ms[0] == '-' || ds[0] == '-' {
		return Date{}, dateFormatError(fmt.Sprintf("%s is not a date (expected %s)", Clip(s), expected))
	}
	date := Date{y, time.Month(m), d}
	if m < 1 || m > 12 || d < 1 || NewDate(y, time.Month(m), d) != date {
		return Date{}, Errorf(EINVALID, "%s is not a calendar date", Clip(s))
	}
	if err := date.checkRange(); err != nil {
		return Date{}, err
	}
	return date, nil
}

// Validate reports a date that is unset or outside MinDate..MaxDate.
func (d Date) Validate() error {
	if d.IsZero() {
		return Errorf(EINVALID, "the date is not set")
	}
	return d.checkRange()
}

func (d Date) checkRange() error {
	if d.Before(MinDate) || d.After(MaxDate) {
		return Errorf(EINVALID, "%s is outside the years %d to %d", d, MinDate.Year, MaxDate.Year)
	}
	return nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Short formats the date the way a teacher writes it: "23 Nov 2026".
func (d Date) Short() string {
	if d.IsZero() {
		return "—"
	}
	return strconv.Itoa(d.Day) + " " + d.Month.String()[:3] + " " + strconv.Itoa(d.Year)
}

// Time returns midnight UTC on the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// DayNumber counts days since 1970-01-01; it orders dates and keys the store.
// The arithmetic is Howard Hinnant's days_from_civil, which avoids time.Time
// in the hot loops of the progress math.
func (d Date) DayNumber() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// DateFromDayNumber is the inverse of DayNumber.
func DateFromDayNumber(n int) Date {
	z := n + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), day}
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return DateFromDayNumber(d.DayNumber() + n) }

// DaysSince returns d − o in days.
func (d Date) DaysSince(o Date) int { return d.DayNumber() - o.DayNumber() }

// WeeksSince returns d − o in weeks, the time unit of every rate of improvement.
func (d Date) WeeksSince(o Date) float64 { return float64(d.DaysSince(o)) / 7 }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day))
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Within reports whether from ≤ d ≤ to.
func (d Date) Within(from, to Date) bool { return !d.Before(from) && !d.After(to) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return time.Weekday((d.DayNumber()%7 + 11) % 7) }

// MarshalText writes YYYY-MM-DD ("" when unset).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; "" is the unset date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// FirstInvalidUTF8 returns the offset of the first byte of b that is not
// valid UTF-8 (len(b) when all is), to say where a file goes wrong.
func FirstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

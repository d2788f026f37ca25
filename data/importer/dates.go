package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
)

// DateOrder says how a file writes the day and month of a date with slashes.
type DateOrder string

// The orders of day and month.
const (
	DatesAuto       DateOrder = ""    // month first (as US vendors write), unless the file's own dates show day first
	DatesMonthFirst DateOrder = "mdy" // 9/14/2026
	DatesDayFirst   DateOrder = "dmy" // 14/9/2026
)

// ParseDateOrder reads --dates: mdy, dmy or auto.
func ParseDateOrder(s string) (DateOrder, error) {
	switch o := DateOrder(strings.ToLower(strings.TrimSpace(s))); o {
	case DatesMonthFirst, DatesDayFirst:
		return o, nil
	case "", "auto":
		return DatesAuto, nil
	}
	return "", data.Errorf(data.EINVALID, "%s is not a date order (expected mdy, dmy or auto)", data.Clip(s))
}

var (
	// timePart is what may follow a date: a time of day, with seconds and
	// fractions, AM/PM, and a UTC offset or Z. The date is read as written,
	// never moved to another time zone: it is the day of the test where it
	// was taken.
	timePart = regexp.MustCompile(`^([01]?\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|[+-]\d{2}(:?\d{2})?|UTC|GMT)?$`)
	// excelSerial is a date a spreadsheet wrote as its day number.
	excelSerial = regexp.MustCompile(`^\d{5}(\.\d+)?$`)
	slashDate   = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	compactDate = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`) // 20260914, as state and SIS files write it
)

// excelEpoch is day 0 of Excel's 1900 date system as it counts from day 61
// on (it counts a 29 February 1900 that never was): serial 46279 is
// 2026-09-14.
var excelEpoch = data.NewDate(1899, 12, 30)

// splitDateTime cuts the time of day off a date: "2026-09-14 10:15:00",
// "2026-09-14T10:15:00Z", "9/14/2026 10:15 AM".
func splitDateTime(s string) (string, error) {
	s = strings.TrimSpace(s)
	cut := strings.IndexAny(s, " T")
	if cut < 0 {
		return s, nil
	}
	date, clock := s[:cut], strings.TrimSpace(s[cut+1:])
	if !timePart.MatchString(clock) {
		return "", fmt.Errorf("%s is not a date (expected YYYY-MM-DD or M/D/YYYY, with or without a time)", data.Clip(s))
	}
	return date, nil
}

// parseFileDate reads a date of a vendor's file: ISO (2026-09-14), with
// slashes in the file's order, compact (20260914), with a time of day or
// an offset, or an Excel day number (46279).
func parseFileDate(s string, order DateOrder) (data.Date, error) {
	s = strings.TrimSpace(s)
	if excelSerial.MatchString(s) {
		whole, _, _ := strings.Cut(s, ".")
		n, _ := strconv.Atoi(whole)
		d := excelEpoch.AddDays(n)
		if d.Before(data.MinDate) || d.After(data.MaxDate) {
			return data.Date{}, fmt.Errorf("%s is not a date: read as a spreadsheet's day number it is %s, outside the years %d to %d",
				data.Clip(s), d, data.MinDate.Year, data.MaxDate.Year)
		}
		return d, nil
	}
	date, err := splitDateTime(s)
	if err != nil {
		return data.Date{}, err
	}
	if m := slashDate.FindStringSubmatch(date); m != nil {
		first, second := m[1], m[2]
		if order == DatesDayFirst {
			first, second = second, first
		}
		d, err := data.ParseDateLoose(first + "/" + second + "/" + m[3])
		if err != nil && order != DatesDayFirst {
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			if a > 12 && b >= 1 && b <= 12 { // it would read day first
				return data.Date{}, fmt.Errorf("%s is not a month-first date: if the file writes the day first, say so (--dates dmy)", data.Clip(s))
			}
		}
		return d, err
	}
	if m := compactDate.FindStringSubmatch(date); m != nil {
		date = m[1] + "-" + m[2] + "-" + m[3]
	}
	if y, rest, ok := strings.Cut(date, "/"); ok && len(y) == 4 {
		date = y + "-" + strings.ReplaceAll(rest, "/", "-") // 2026/09/14
	}
	return data.ParseDateLoose(date)
}

// dateOrderOf decides how the file writes its slashed dates, from the
// cells that only one order can read (14/9/2026, 9/14/2026). A file that
// has both is ambiguous: reading it would be a guess.
func dateOrderOf(t *table, cols []int, asked DateOrder) (DateOrder, string, error) {
	if asked != DatesAuto {
		return asked, "", nil
	}
	var dayFirst, monthFirst string
	for _, r := range t.rows {
		for _, c := range cols {
			date, err := splitDateTime(r.field(c))
			if err != nil {
				continue
			}
			m := slashDate.FindStringSubmatch(date)
			if m == nil {
				continue
			}
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			where := fmt.Sprintf("%s on line %d", m[0], r.line)
			switch {
			case a > 12 && b <= 12 && dayFirst == "":
				dayFirst = where
			case b > 12 && a <= 12 && monthFirst == "":
				monthFirst = where
			}
		}
	}
	switch {
	case dayFirst != "" && monthFirst != "":
		return "", "", fileError(t.name, "writes dates both day first (%s) and month first (%s): which is which cannot be told apart; "+
			"export the file with ISO dates (YYYY-MM-DD), or say the order (--dates mdy or dmy)", dayFirst, monthFirst)
	case dayFirst != "":
		return DatesDayFirst, fmt.Sprintf("dates read day first (D/M/YYYY), as %s shows", dayFirst), nil
	}
	return DatesMonthFirst, "", nil
}

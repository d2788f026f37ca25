package data

import (
	"fmt"
	"regexp"
	"strings"
)

// WindowName names one of the three screening windows of a school year.
type WindowName string

// The screening windows, in school-year order.
const (
	Fall   WindowName = "fall"
	Winter WindowName = "winter"
	Spring WindowName = "spring"
)

// WindowNames lists the windows in school-year order.
var WindowNames = []WindowName{Fall, Winter, Spring}

// ParseWindowName reads "fall", "winter" or "spring" (any case).
func ParseWindowName(s string) (WindowName, error) {
	w := WindowName(strings.ToLower(strings.TrimSpace(s)))
	if w.Index() < 0 {
		return "", fmt.Errorf("%s is not a screening window (expected fall, winter or spring)", Clip(s))
	}
	return w, nil
}

// Index returns the window's position in the year (0 fall, 1 winter, 2 spring), -1 if unknown.
func (w WindowName) Index() int {
	for i, n := range WindowNames {
		if n == w {
			return i
		}
	}
	return -1
}

// Title returns "Fall", "Winter" or "Spring".
func (w WindowName) Title() string {
	if w == "" {
		return ""
	}
	return strings.ToUpper(string(w[:1])) + string(w[1:])
}

// Window is a screening window: the dates in which benchmark screening happens.
type Window struct {
	Name  WindowName
	Start Date
	End   Date
}

// SchoolYear is one school year and its three screening windows.
type SchoolYear struct {
	Start   Date
	End     Date
	Windows [3]Window // fall, winter, spring
}

// Label returns the year as schools write it: "2026-2027".
func (y SchoolYear) Label() string { return fmt.Sprintf("%d-%d", y.Start.Year, y.Start.Year+1) }

// Window returns the named window of the year.
func (y SchoolYear) Window(name WindowName) Window {
	if i := name.Index(); i >= 0 {
		return y.Windows[i]
	}
	return Window{}
}

// Contains reports whether the date falls in the school year.
func (y SchoolYear) Contains(d Date) bool { return d.Within(y.Start, y.End) }

// Validate checks the year's dates and that its windows lie inside it, in order.
func (y SchoolYear) Validate() error {
	if err := checkDate("school year", "start", y.Start); err != nil {
		return err
	}
	if err := checkDate("school year", "end", y.End); err != nil {
		return err
	}
	if !y.End.After(y.Start) {
		return invalid("school year", "end", y.End, "must be after the start "+y.Start.String())
	}
	if days := y.End.DaysSince(y.Start); days > 366 {
		return invalid("school year", "end", y.End, fmt.Sprintf("is %d days after the start (a school year is at most one year)", days))
	}
	previousEnd := y.Start.AddDays(-1)
	for i, w := range y.Windows {
		entity := fmt.Sprintf("%s %s window", y.Label(), WindowNames[i])
		if w.Name != WindowNames[i] {
			return invalid(entity, "name", string(w.Name), "must be "+string(WindowNames[i]))
		}
		if err := checkDate(entity, "start", w.Start); err != nil {
			return err
		}
		if err := checkDate(entity, "end", w.End); err != nil {
			return err
		}
		if w.End.Before(w.Start) {
			return invalid(entity, "end", w.End, "is before its start "+w.Start.String())
		}
		if !w.Start.After(previousEnd) {
			return invalid(entity, "start", w.Start, "must be after "+previousEnd.String())
		}
		if w.End.After(y.End) {
			return invalid(entity, "end", w.End, "is after the end of the school year "+y.End.String())
		}
		previousEnd = w.End
	}
	return nil
}

// DefaultSchoolYear returns the usual US calendar for the year starting in
// startYear: mid-August to mid-June, screening in September, January and May.
func DefaultSchoolYear(startYear int) SchoolYear {
	return SchoolYear{
		Start: NewDate(startYear, 8, 17),
		End:   NewDate(startYear+1, 6, 11),
		Windows: [3]Window{
			{Fall, NewDate(startYear, 8, 24), NewDate(startYear, 9, 30)},
			{Winter, NewDate(startYear+1, 1, 5), NewDate(startYear+1, 2, 12)},
			{Spring, NewDate(startYear+1, 4, 26), NewDate(startYear+1, 6, 4)},
		},
	}
}

// Minimum group size bounds: below 5 a summary identifies students; above 30
// it hides most groups of an ordinary school.
const (
	DefaultK = 10
	MinK     = 5
	MaxK     = 30
)

// Settings describe the school. Years lists every school year Tierline holds
// data for, oldest first; the current one is the one containing today.
type Settings struct {
	Name         string
	SchoolCode   string
	DistrictCode string
	Years        []SchoolYear
	K            int // minimum group size for anything that leaves the school
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,20}$`)

// Validate checks every field of the settings.
func (s Settings) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return required("school", "name")
	}
	if err := checkLine("school", "name", s.Name, 200); err != nil {
		return err
	}
	// The fields name their entity already: "school code", not "school school code".
	if !codePattern.MatchString(s.SchoolCode) {
		if s.SchoolCode == "" {
			return required("the", "school code")
		}
		return invalid("the", "school code", s.SchoolCode, "must be 1 to 20 letters, digits, - or _")
	}
	if !codePattern.MatchString(s.DistrictCode) {
		if s.DistrictCode == "" {
			return required("the", "district code")
		}
		return invalid("the", "district code", s.DistrictCode, "must be 1 to 20 letters, digits, - or _")
	}
	if len(s.Years) == 0 {
		return required("school", "school year")
	}
	for i, y := range s.Years {
		if err := y.Validate(); err != nil {
			return err
		}
		if i > 0 && !y.Start.After(s.Years[i-1].End) {
			return invalid("school year", "start", y.Start, "overlaps the school year "+s.Years[i-1].Label())
		}
	}
	if s.K < MinK || s.K > MaxK {
		return invalid("school", "minimum group size", s.K, fmt.Sprintf("must be between %d and %d", MinK, MaxK))
	}
	return nil
}

// YearOf returns the school year containing d, or false.
func (s Settings) YearOf(d Date) (SchoolYear, bool) {
	for _, y := range s.Years {
		if y.Contains(d) {
			return y, true
		}
	}
	return SchoolYear{}, false
}

// CurrentYear returns the school year containing today, else the latest one
// that has started, else the first.
func (s Settings) CurrentYear(today Date) SchoolYear {
	if y, ok := s.YearOf(today); ok {
		return y
	}
	best := SchoolYear{}
	for _, y := range s.Years {
		if !y.Start.After(today) {
			best = y
		}
	}
	if best.Start.IsZero() && len(s.Years) > 0 {
		return s.Years[0]
	}
	return best
}

// YearByLabel finds a school year by its label ("2026-2027") or its start year ("2026").
func (s Settings) YearByLabel(label string) (SchoolYear, bool) {
	for _, y := range s.Years {
		if y.Label() == label || fmt.Sprint(y.Start.Year) == label {
			return y, true
		}
	}
	return SchoolYear{}, false
}

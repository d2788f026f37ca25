package data

import (
	"fmt"
	"math"
	"strings"
)

// Area is the domain a measure assesses.
type Area string

// The areas MTSS teams track.
const (
	Reading    Area = "reading"
	Math       Area = "math"
	Behavior   Area = "behavior"
	Attendance Area = "attendance"
	SEL        Area = "sel"
)

// Areas lists every area.
var Areas = []Area{Reading, Math, Behavior, Attendance, SEL}

func (a Area) valid() bool {
	for _, x := range Areas {
		if x == a {
			return true
		}
	}
	return false
}

// Cut holds the benchmark cut scores of one grade in one window.
type Cut struct {
	Grade     Grade
	Window    WindowName
	Benchmark float64 // at or above (below, for lower-is-better measures) is "at/above benchmark"
	WellBelow float64 // beyond this is "well below benchmark"
}

// Measure is an assessment: a screener or a progress-monitoring probe.
type Measure struct {
	ID   ID
	Name string // "DIBELS 8 ORF"
	// Code is the measure's catalog code ("dibels8-orf", see MeasureCodes):
	// a measure without one is never sent to the district.
	Code  string `json:",omitempty"`
	Area  Area
	Unit  string // "wcpm"
	Lower bool   // lower scores are better (errors, office referrals)
	// MaxScore bounds what can be entered, catching typing errors (1000 wcpm).
	MaxScore   float64
	Cuts       []Cut
	TypicalROI map[Grade]float64 // typical weekly growth, for "is this goal ambitious?"
}

// Cut returns the cut scores for a grade and window.
func (m Measure) Cut(g Grade, w WindowName) (Cut, bool) {
	for _, c := range m.Cuts {
		if c.Grade == g && c.Window == w {
			return c, true
		}
	}
	return Cut{}, false
}

// Grades returns the grades the measure has any cut for, in order.
func (m Measure) Grades() []Grade {
	var out []Grade
	for _, g := range Grades {
		for _, c := range m.Cuts {
			if c.Grade == g {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// Better reports whether a is a better score than b on this measure.
func (m Measure) Better(a, b float64) bool {
	if m.Lower {
		return a < b
	}
	return a > b
}

// AtLeast reports whether a is as good as b or better.
func (m Measure) AtLeast(a, b float64) bool { return a == b || m.Better(a, b) }

// Validate checks the measure and its cut table.
func (m Measure) Validate() error {
	const e = "measure"
	if strings.TrimSpace(m.Name) == "" {
		return required(e, "name")
	}
	if err := checkLine(e, "name", m.Name, 80); err != nil {
		return err
	}
	if m.Code != "" && !ValidMeasureCode(m.Code) {
		return invalid(e, "code", m.Code, "is not a catalog code (lowercase letters, digits and dashes, such as dibels8-orf)")
	}
	if !m.Area.valid() {
		return invalid(e, "area", string(m.Area), "is not one of reading, math, behavior, attendance, sel")
	}
	if strings.TrimSpace(m.Unit) == "" {
		return required(e, "unit")
	}
	if err := checkLine(e, "unit", m.Unit, 40); err != nil {
		return err
	}
	if !finite(m.MaxScore) || m.MaxScore <= 0 {
		return invalid(e, "maximum score", m.MaxScore, "must be a number above 0")
	}
	seen := map[string]bool{}
	for _, c := range m.Cuts {
		ce := fmt.Sprintf("%s cut for %s %s", m.Name, c.Grade, c.Window)
		if c.Grade.Index() < 0 {
			return invalid(ce, "grade", string(c.Grade), "is not a grade ("+GradesExpected+")")
		}
		if c.Window.Index() < 0 {
			return invalid(ce, "window", string(c.Window), "is not fall, winter or spring")
		}
		key := string(c.Grade) + "/" + string(c.Window)
		if seen[key] {
			return invalid(ce, "grade and window", key, "has two cuts")
		}
		seen[key] = true
		if !finite(c.Benchmark) || c.Benchmark < 0 || c.Benchmark > m.MaxScore {
			return invalid(ce, "benchmark", c.Benchmark, fmt.Sprintf("must be between 0 and %s", quote(m.MaxScore)))
		}
		if !finite(c.WellBelow) || c.WellBelow < 0 || c.WellBelow > m.MaxScore {
			return invalid(ce, "well-below cut", c.WellBelow, fmt.Sprintf("must be between 0 and %s", quote(m.MaxScore)))
		}
		if m.Better(c.WellBelow, c.Benchmark) {
			return invalid(ce, "well-below cut", c.WellBelow, "is better than the benchmark "+quote(c.Benchmark))
		}
	}
	for g, roi := range m.TypicalROI {
		if g.Index() < 0 {
			return invalid(e, "typical ROI grade", string(g), "is not a grade ("+GradesExpected+")")
		}
		if !finite(roi) || roi <= 0 {
			return invalid(e, "typical ROI for grade "+string(g), roi, "must be a number above 0")
		}
	}
	return nil
}

// Band places a score relative to the benchmark.
type Band int

// Benchmark bands, worst first.
const (
	NoBand Band = iota // no score or no cut
	WellBelow
	Below
	AtOrAbove
)

func (b Band) String() string {
	return [...]string{"no score", "well below benchmark", "below benchmark", "at/above benchmark"}[b]
}

// BandOf places a value in the benchmark bands of a cut.
func (m Measure) BandOf(value float64, c Cut) Band {
	switch {
	case m.AtLeast(value, c.Benchmark):
		return AtOrAbove
	case m.Better(c.WellBelow, value):
		return WellBelow
	}
	return Below
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// ScoreKind tells a benchmark screening score from a progress-monitoring one.
type ScoreKind uint8

// The kinds of score.
const (
	Progress ScoreKind = iota + 1
	Screening
)

// ParseScoreKind reads "progress", "pm", "screening" or "benchmark".
func ParseScoreKind(s string) (ScoreKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "progress", "pm", "progress-monitoring", "progress monitoring":
		return Progress, nil
	case "screening", "benchmark", "screen":
		return Screening, nil
	}
	return 0, fmt.Errorf("%s is not a score kind (expected screening or progress)", Clip(s))
}

func (k ScoreKind) String() string {
	switch k {
	case Progress:
		return "progress"
	case Screening:
		return "screening"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// NoErrors marks a score recorded without an error count.
const NoErrors = -1

// Score is one assessment result. A student has at most one score per
// measure, date and kind: entering it again replaces it.
type Score struct {
	Student ID
	Measure ID
	Date    Date
	Kind    ScoreKind
	Value   float64
	Errors  int   // errors made, or NoErrors; accuracy = value / (value + errors)
	Grade   Grade // the student's grade when tested, which picks the benchmark cut
}

// Accuracy returns value / (value + errors), and false when errors were not recorded.
func (s Score) Accuracy() (float64, bool) {
	if s.Errors == NoErrors || s.Value+float64(s.Errors) == 0 {
		return 0, false
	}
	return s.Value / (s.Value + float64(s.Errors)), true
}

// Validate checks the score on its own; ValidateFor checks it against its measure.
func (s Score) Validate() error {
	const e = "score"
	if s.Student == (ID{}) {
		return required(e, "student")
	}
	if s.Measure == (ID{}) {
		return required(e, "measure")
	}
	if err := checkDate(e, "date", s.Date); err != nil {
		return err
	}
	if s.Kind != Progress && s.Kind != Screening {
		return invalid(e, "kind", s.Kind.String(), "is not screening or progress")
	}
	if !finite(s.Value) || s.Value < 0 {
		return invalid(e, "value", s.Value, "must be a number of 0 or more")
	}
	if s.Errors < NoErrors || s.Errors > 10000 {
		return invalid(e, "errors", s.Errors, "must be a count between 0 and 10000")
	}
	if s.Grade.Index() < 0 {
		return invalid(e, "grade", string(s.Grade), "is not a grade ("+GradesExpected+")")
	}
	return nil
}

// ValidateFor checks the score against the measure's range.
func (s Score) ValidateFor(m Measure) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.Value > m.MaxScore {
		return invalid("score", "value", s.Value, fmt.Sprintf("is above the highest %s score, %s %s", m.Name, quote(m.MaxScore), m.Unit))
	}
	return nil
}

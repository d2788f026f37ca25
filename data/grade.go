package data

import (
	"fmt"
	"strings"
)

// Grade is a grade level, written as OneRoster codes it: "KG", "01" to
// "12", and the early-childhood grades a school may serve before
// kindergarten: "IT" (infant/toddler), "PR" (preschool), "PK"
// (pre-kindergarten) and "TK" (transitional kindergarten).
type Grade string

// Grades lists every grade in order, the early-childhood grades first.
var Grades = []Grade{"IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}

// GradeCodes and GradesExpected say which grades are accepted, for messages.
const (
	GradeCodes     = "KG, 01..12, PK, TK, PR or IT"
	GradesExpected = "expected " + GradeCodes
)

// gradeCodes fixes the one-byte code of each grade in stored scores: KG to
// 12 keep the codes they were first written with (0 to 12), the
// early-childhood grades come after, so an older store reads the same.
var gradeCodes = []Grade{"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "IT", "PR", "PK", "TK"}

// Code returns the grade's stored code; ok is false when g is not a grade.
func (g Grade) Code() (code byte, ok bool) {
	for i, x := range gradeCodes {
		if x == g {
			return byte(i), true
		}
	}
	return 0, false
}

// GradeOfCode returns the grade of a stored code.
func GradeOfCode(code byte) (Grade, bool) {
	if int(code) >= len(gradeCodes) {
		return "", false
	}
	return gradeCodes[code], true
}

// gradeNames are the ways schools and rosters write the grades that are
// not numbers, upper case, with hyphens, dots and slashes read as spaces.
var gradeNames = map[string]Grade{
	"K": "KG", "KG": "KG", "KINDERGARTEN": "KG", "KINDER": "KG",
	"TK": "TK", "TRANSITIONAL KINDERGARTEN": "TK", "T K": "TK",
	"PK": "PK", "PRE K": "PK", "PREK": "PK", "PRE KINDERGARTEN": "PK", "PREKINDERGARTEN": "PK", "P K": "PK",
	"PR": "PR", "PRESCHOOL": "PR", "PRE SCHOOL": "PR",
	"IT": "IT", "INFANT TODDLER": "IT", "INFANT": "IT", "TODDLER": "IT",
}

// ParseGrade reads a grade as schools write it: KG, K, Kindergarten, 1, 01,
// 12, PK, Pre-K, TK, Transitional Kindergarten, PR, Preschool, IT.
func ParseGrade(s string) (Grade, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if g, ok := gradeNames[strings.Join(strings.FieldsFunc(t, func(r rune) bool {
		return r == ' ' || r == '-' || r == '.' || r == '/' || r == '_'
	}), " ")]; ok {
		return g, nil
	}
	if len(t) == 1 && t[0] >= '1' && t[0] <= '9' {
		t = "0" + t
	}
	if g := Grade(t); g.Index() >= 0 {
		return g, nil
	}
	return "", fmt.Errorf("%s is not a grade (%s)", Clip(s), GradesExpected)
}

// Index returns the grade's place in Grades, and -1 when not a grade. It
// orders grades; a grade's number is Number.
func (g Grade) Index() int {
	for i, x := range Grades {
		if x == g {
			return i
		}
	}
	return -1
}

// Number returns 0 for KG, 1 to 12 for grades 1 to 12, and -1 for the
// early-childhood grades and what is not a grade.
func (g Grade) Number() int {
	if code, ok := g.Code(); ok && code <= 12 {
		return int(code)
	}
	return -1
}

// Before returns the grade a student now in g was in years earlier, when
// it can be known: within KG to 12 (a kindergartner's year before may have
// been PK, TK or neither, so it is "").
func (g Grade) Before(years int) Grade {
	n := g.Number()
	if n < 0 || n-years < 0 || n-years > 12 {
		return ""
	}
	return gradeCodes[n-years]
}

// EarlyChildhood reports whether g is a grade before kindergarten.
func (g Grade) EarlyChildhood() bool {
	_, ok := g.Code()
	return ok && g.Number() < 0
}

var gradeLabels = map[Grade]string{
	"IT": "Infant/toddler", "PR": "Preschool", "PK": "Pre-kindergarten", "TK": "Transitional kindergarten", "KG": "Kindergarten",
}

// Label returns "Kindergarten", "Pre-kindergarten" or "Grade 3".
func (g Grade) Label() string {
	if l, ok := gradeLabels[g]; ok {
		return l
	}
	if n := g.Number(); n > 0 {
		return fmt.Sprintf("Grade %d", n)
	}
	return string(g)
}

// Short returns "K", "PK" or "3", the way a grade range is written ("K to 3").
func (g Grade) Short() string {
	switch n := g.Number(); {
	case n == 0:
		return "K"
	case n > 0:
		return fmt.Sprint(n)
	}
	return string(g)
}

// GradeOfNumber returns KG for 0 and grades 1 to 12 for 1 to 12; "" otherwise.
func GradeOfNumber(n int) Grade {
	if n < 0 || n > 12 {
		return ""
	}
	return gradeCodes[n]
}

package data

import (
	"strings"

	"github.com/google/uuid"
)

// ID identifies every stored record. New IDs are UUID v7: time-ordered, so
// records written together sit together in the store's B+tree.
type ID = uuid.UUID

// NewID returns a new time-ordered ID.
func NewID() ID { return uuid.Must(uuid.NewV7()) }

// Race is one of the seven federal race/ethnicity reporting categories, or
// "not reported" when the school's records do not say.
type Race string

// The seven categories, in the order federal reports list them, then not
// reported: a group of its own, counted and compared like the others,
// because a race is never guessed for a student whose records lack one.
const (
	Hispanic        Race = "hispanic"
	AmericanIndian  Race = "american_indian"
	Asian           Race = "asian"
	Black           Race = "black"
	PacificIslander Race = "pacific_islander"
	White           Race = "white"
	TwoOrMore       Race = "two_or_more"
	RaceNotReported Race = "not_reported"
)

// Races lists the categories in reporting order, not reported last.
var Races = []Race{Hispanic, AmericanIndian, Asian, Black, PacificIslander, White, TwoOrMore, RaceNotReported}

var raceLabels = map[Race]string{
	Hispanic:        "Hispanic/Latino",
	AmericanIndian:  "American Indian or Alaska Native",
	Asian:           "Asian",
	Black:           "Black or African American",
	PacificIslander: "Native Hawaiian or Other Pacific Islander",
	White:           "White",
	TwoOrMore:       "Two or more races",
	RaceNotReported: "Race/ethnicity not reported",
}

// Label returns the category's reporting name.
func (r Race) Label() string { return raceLabels[r] }

// Valid reports whether r is one of the categories.
func (r Race) Valid() bool { _, ok := raceLabels[r]; return ok }

// Sex as recorded by the student information system (OneRoster's values).
type Sex string

// The recorded values of sex.
const (
	Female      Sex = "female"
	Male        Sex = "male"
	OtherSex    Sex = "other"
	Unspecified Sex = "unspecified"
)

// Sexes lists the recorded values.
var Sexes = []Sex{Female, Male, OtherSex, Unspecified}

// Valid reports whether s is a recorded value.
func (s Sex) Valid() bool {
	for _, x := range Sexes {
		if x == s {
			return true
		}
	}
	return false
}

// Student is a student of the school. Withdrawn students stay in the store
// with all their history; only an explicit delete removes them.
type Student struct {
	ID         ID
	LocalID    string // the SIS id, unique in the school
	SourcedID  string // the OneRoster sourcedId, when imported from a roster
	GivenName  string
	FamilyName string
	BirthDate  Date
	Grade      Grade
	Sex        Sex
	Race       Race

	EnglishLearner    bool
	Disability        bool // has an IEP
	Section504        bool
	EconDisadvantaged bool

	CustomGroups []string // school-defined groups; never leave the school
	// EnrolledFrom is the first day of the student's enrolment (zero when
	// not known: enrolled since before any window); Withdrawn and
	// WithdrawnOn end it.
	EnrolledFrom Date
	Withdrawn    bool
	WithdrawnOn  Date
}

// Name returns "Given Family".
func (s Student) Name() string { return strings.TrimSpace(s.GivenName + " " + s.FamilyName) }

// ShortName returns "Given F.", the way staff refer to students on screen.
func (s Student) ShortName() string {
	if s.FamilyName == "" {
		return s.GivenName
	}
	return s.GivenName + " " + string([]rune(s.FamilyName)[:1]) + "."
}

// Validate checks every field of the student.
func (s Student) Validate() error {
	const e = "student"
	if strings.TrimSpace(s.LocalID) == "" {
		return required(e, "local id")
	}
	if strings.TrimSpace(s.LocalID) != s.LocalID || strings.ContainsAny(s.LocalID, ",\"\n\r\t") {
		return invalid(e, "local id", s.LocalID, "may not contain spaces at its ends, commas, quotes or line breaks")
	}
	if err := checkLine(e, "local id", s.LocalID, 64); err != nil {
		return err
	}
	if err := checkLine(e, "sourced id", s.SourcedID, 256); err != nil {
		return err
	}
	if strings.TrimSpace(s.GivenName) == "" {
		return required(e, "given name")
	}
	if err := checkLine(e, "given name", s.GivenName, 100); err != nil {
		return err
	}
	if err := checkLine(e, "family name", s.FamilyName, 100); err != nil {
		return err
	}
	if err := checkOptionalDate(e, "birth date", s.BirthDate); err != nil {
		return err
	}
	if s.Grade.Index() < 0 {
		return invalid(e, "grade", string(s.Grade), "is not a grade ("+GradesExpected+")")
	}
	if !s.Sex.Valid() {
		return invalid(e, "sex", string(s.Sex), "is not one of female, male, other, unspecified")
	}
	if !s.Race.Valid() {
		return invalid(e, "race/ethnicity", string(s.Race), "is not one of the seven federal categories or not_reported")
	}
	seen := map[string]bool{}
	for _, g := range s.CustomGroups {
		if strings.TrimSpace(g) == "" {
			return invalid(e, "custom group", g, "is blank")
		}
		if err := checkLine(e, "custom group", g, 80); err != nil {
			return err
		}
		if seen[g] {
			return invalid(e, "custom group", g, "is listed twice")
		}
		seen[g] = true
	}
	if !s.EnrolledFrom.IsZero() {
		if err := checkDate(e, "enrolled from", s.EnrolledFrom); err != nil {
			return err
		}
		if s.Withdrawn && s.WithdrawnOn.Before(s.EnrolledFrom) {
			return invalid(e, "withdrawn on", s.WithdrawnOn, "is before the student was enrolled, on "+s.EnrolledFrom.String())
		}
	}
	if s.Withdrawn {
		return checkDate(e, "withdrawn on", s.WithdrawnOn)
	}
	if !s.WithdrawnOn.IsZero() {
		return invalid(e, "withdrawn on", s.WithdrawnOn, "is set but the student is not withdrawn")
	}
	return nil
}

// EnrolledOn reports whether the student is enrolled on a date: from
// EnrolledFrom (when known) to before WithdrawnOn. The summaries count only
// the students enrolled at a window's end.
func (s Student) EnrolledOn(d Date) bool {
	return (s.EnrolledFrom.IsZero() || !s.EnrolledFrom.After(d)) && (!s.Withdrawn || s.WithdrawnOn.After(d))
}

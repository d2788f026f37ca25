package importer

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/tierline/tierline/data"
)

// Students reads Tierline's students CSV (the students export), matched by
// local id. It restores a roster exported from Tierline; rosters from the
// student information system come in as OneRoster.
func Students(name string, r io.Reader, existing []data.Student) (*Report, error) {
	rep := &Report{Kind: "students"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	cols, err := t.require(columnsOf(slices.DeleteFunc(slices.Clone(studentHeader), func(c string) bool { return c == enrolledFromColumn })))
	if err != nil {
		return nil, err
	}
	// Exports made before enrolment dates have no enrolled_from column: they
	// leave the stored dates as they are (-1: the column is absent).
	cols[enrolledFromColumn], _ = t.column(enrolledFromColumn)
	ix := indexStudents(existing)
	seen := map[string]int{}
	for _, r := range t.rows {
		local := r.field(cols["local_id"])
		if first, dup := seen[local]; dup {
			rep.refuse(t, r.line, t.nameOf(cols["local_id"]), "%s is also on line %d", data.Clip(local), first)
			continue
		}
		seen[local] = r.line
		before, found := ix.local(local)
		st, col, err := readStudent(r, cols, before)
		if err != nil {
			rep.refuse(t, r.line, t.nameOf(cols[col]), "%v", err)
			continue
		}
		if err := st.Validate(); err != nil {
			rep.refuse(t, r.line, "", "%s", data.ErrorMessage(err))
			continue
		}
		same := found && reflect.DeepEqual(before, st)
		rep.count(found, same)
		if !same {
			rep.Records.Students = append(rep.Records.Students, st)
		}
	}
	return rep, nil
}

// columnsOf requires every column of a header, by its own name.
func columnsOf(header []string) map[string][]string {
	out := map[string][]string{}
	for _, h := range header {
		out[h] = []string{h}
	}
	return out
}

// readStudent reads a row of the students CSV over the stored student (its
// id kept); on failure it names the column at fault.
func readStudent(r row, cols map[string]int, st data.Student) (data.Student, string, error) {
	var err error
	st.LocalID, st.SourcedID = r.field(cols["local_id"]), r.field(cols["sourced_id"])
	st.GivenName, st.FamilyName = r.field(cols["given_name"]), r.field(cols["family_name"])
	st.BirthDate = data.Date{}
	if text := r.field(cols["birth_date"]); text != "" {
		if st.BirthDate, err = data.ParseDateLoose(text); err != nil {
			return st, "birth_date", err
		}
	}
	if st.Grade, err = data.ParseGrade(r.field(cols["grade"])); err != nil {
		return st, "grade", err
	}
	st.Sex = data.Sex(strings.ToLower(r.field(cols["sex"])))
	if st.Sex == "" {
		st.Sex = data.Unspecified
	}
	if !st.Sex.Valid() {
		return st, "sex", fmt.Errorf("%s is not female, male, other or unspecified", data.Clip(r.field(cols["sex"])))
	}
	if st.Race, err = parseRace(r.field(cols["race"])); err != nil {
		return st, "race", err
	}
	for _, f := range []struct {
		col string
		set *bool
	}{{"english_learner", &st.EnglishLearner}, {"disability", &st.Disability}, {"section504", &st.Section504},
		{"econ_disadvantaged", &st.EconDisadvantaged}, {"withdrawn", &st.Withdrawn}} {
		if *f.set, err = parseBool(r.field(cols[f.col])); err != nil {
			return st, f.col, err
		}
	}
	st.CustomGroups = nil
	for _, g := range strings.Split(r.field(cols["custom_groups"]), strings.TrimSpace(customGroupSeparator)) {
		if g = strings.TrimSpace(g); g != "" {
			st.CustomGroups = append(st.CustomGroups, g)
		}
	}
	st.WithdrawnOn = data.Date{}
	if text := r.field(cols["withdrawn_on"]); text != "" {
		if st.WithdrawnOn, err = data.ParseDateLoose(text); err != nil {
			return st, "withdrawn_on", err
		}
	}
	if cols[enrolledFromColumn] >= 0 {
		st.EnrolledFrom = data.Date{}
		if text := r.field(cols[enrolledFromColumn]); text != "" {
			if st.EnrolledFrom, err = data.ParseDateLoose(text); err != nil {
				return st, enrolledFromColumn, err
			}
		}
	}
	return st, "", nil
}

// enrolledFromColumn is the students CSV's one optional column: the first
// day of the student's enrolment (blank when not known).
const enrolledFromColumn = "enrolled_from"

// parseRace reads a race/ethnicity code ("black") or label ("Black or African American").
func parseRace(s string) (data.Race, error) {
	for _, r := range data.Races {
		if strings.EqualFold(s, string(r)) || strings.EqualFold(s, r.Label()) {
			return r, nil
		}
	}
	return "", fmt.Errorf("%s is not one of the seven federal race/ethnicity categories or not_reported", data.Clip(s))
}

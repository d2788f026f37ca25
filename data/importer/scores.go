package importer

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
)

// ScoreColumns names the file's columns for each field of a score; an empty
// name means "look for the usual names" (the GUI's mapping step fills them).
type ScoreColumns struct {
	LocalID, Date, Value, Errors, Kind, Measure, Grade string
}

// ScoreOptions tune a scores import.
type ScoreOptions struct {
	// Measure is the measure of every row, unless the file has a measure
	// column naming one of Measures.
	Measure  data.Measure
	Measures []data.Measure
	Kind     data.ScoreKind // the kind of rows without a kind column; screening when 0
	Columns  ScoreColumns
}

// Usual column names of assessment vendors' exports.
var (
	dateColumns    = []string{"date", "score_date", "test_date", "assessment_date", "administration_date"}
	valueColumns   = []string{"value", "score", "wcpm", "raw_score", "result"}
	errorsColumns  = []string{"errors", "error_count"}
	kindColumns    = []string{"kind", "score_kind", "type"}
	measureColumns = []string{"measure", "assessment", "test"}
	gradeColumns   = []string{"grade", "grade_level", "enrolled_grade"}
)

// pick returns the mapped column name when set, else the usual names.
func pick(mapped string, usual []string) []string {
	if mapped != "" {
		return []string{mapped}
	}
	return usual
}

// scoreKey identifies a score: a student has one per measure, day and kind.
type scoreKey struct {
	student, measure data.ID
	day              int
	kind             data.ScoreKind
}

func keyOf(s data.Score) scoreKey {
	return scoreKey{s.Student, s.Measure, s.Date.DayNumber(), s.Kind}
}

// Scores reads a scores CSV: local id, date (ISO or US m/d/yyyy), value,
// and optionally errors, kind, measure and grade. A score already stored
// with the same value is unchanged; with another value it is updated.
func Scores(name string, r io.Reader, students []data.Student, existing []data.Score, opt ScoreOptions) (*Report, error) {
	rep := &Report{Kind: "scores"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	c := opt.Columns
	cols, err := t.require(map[string][]string{
		"local": pick(c.LocalID, localIDColumns), "date": pick(c.Date, dateColumns), "value": pick(c.Value, valueColumns)})
	if err != nil {
		return nil, err
	}
	optional := func(mapped string, usual []string) int {
		i, ok := t.column(pick(mapped, usual)...)
		if !ok {
			return -1
		}
		return i
	}
	errorsCol, kindCol := optional(c.Errors, errorsColumns), optional(c.Kind, kindColumns)
	measureCol, gradeCol := optional(c.Measure, measureColumns), optional(c.Grade, gradeColumns)
	if measureCol < 0 && opt.Measure.ID == (data.ID{}) {
		return nil, fileError(name, "has no measure column: choose the measure of its scores (--measure)")
	}
	defaultKind := opt.Kind
	if defaultKind == 0 {
		defaultKind = data.Screening
	}
	measures := map[string]data.Measure{}
	for _, m := range opt.Measures {
		measures[strings.ToLower(m.Name)] = m
	}
	stored := make(map[scoreKey]data.Score, len(existing))
	for _, s := range existing {
		stored[keyOf(s)] = s
	}
	ix := indexStudents(students)
	seen := make(map[scoreKey]int, len(t.rows))
	rep.Records.Scores = make([]data.Score, 0, len(t.rows))
	for _, r := range t.rows {
		sc, col, err := readScore(t, r, cols, errorsCol, kindCol, measureCol, gradeCol, ix, measures, opt.Measure, defaultKind)
		if err != nil {
			rep.refuse(t, r.line, col, "%v", err)
			continue
		}
		k := keyOf(sc)
		if first, dup := seen[k]; dup {
			rep.refuse(t, r.line, "", "repeats line %d: the same student, measure, date and kind", first)
			continue
		}
		seen[k] = r.line
		old, found := stored[k]
		same := found && old.Value == sc.Value && old.Errors == sc.Errors && old.Grade == sc.Grade
		rep.count(found, same)
		if !same {
			rep.Records.Scores = append(rep.Records.Scores, sc)
		}
	}
	return rep, nil
}

// readScore turns one row into a score; on failure it names the column at fault.
func readScore(t *table, r row, cols map[string]int, errorsCol, kindCol, measureCol, gradeCol int, ix *studentIndex,
	measures map[string]data.Measure, measure data.Measure, kind data.ScoreKind) (data.Score, string, error) {
	local := r.field(cols["local"])
	st, ok := ix.local(local)
	if !ok {
		return data.Score{}, t.nameOf(cols["local"]), fmt.Errorf("no student has the local id %s", data.Clip(local))
	}
	date, err := data.ParseDateLoose(r.field(cols["date"]))
	if err != nil {
		return data.Score{}, t.nameOf(cols["date"]), err
	}
	value, err := data.ParseNumber(r.field(cols["value"]))
	if err != nil {
		return data.Score{}, t.nameOf(cols["value"]), err
	}
	sc := data.Score{Student: st.ID, Date: date, Value: value, Errors: data.NoErrors, Kind: kind, Grade: st.Grade}
	if text := r.field(errorsCol); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return data.Score{}, t.nameOf(errorsCol), fmt.Errorf("%s is not a count of errors (a whole number of 0 or more)", data.Clip(text))
		}
		sc.Errors = n
	}
	if text := r.field(kindCol); text != "" {
		if sc.Kind, err = data.ParseScoreKind(text); err != nil {
			return data.Score{}, t.nameOf(kindCol), err
		}
	}
	m := measure
	if text := r.field(measureCol); text != "" {
		var ok bool
		if m, ok = measures[strings.ToLower(text)]; !ok {
			return data.Score{}, t.nameOf(measureCol), fmt.Errorf("%s is not a measure of the school", data.Clip(text))
		}
	}
	if m.ID == (data.ID{}) {
		return data.Score{}, t.nameOf(measureCol), fmt.Errorf("is empty: the row names no measure")
	}
	sc.Measure = m.ID
	if text := r.field(gradeCol); text != "" {
		if sc.Grade, err = data.ParseGrade(text); err != nil {
			return data.Score{}, t.nameOf(gradeCol), err
		}
	}
	if err := sc.ValidateFor(m); err != nil {
		return data.Score{}, t.nameOf(cols["value"]), err
	}
	return sc, "", nil
}

// Preview reads a CSV file's header and its first n rows, for the mapping
// step where the user says which column is which.
func Preview(name string, r io.Reader, n int) (header []string, rows [][]string, err error) {
	t, err := readTable(name, r, &Report{})
	if err != nil {
		return nil, nil, err
	}
	for _, row := range t.rows[:min(n, len(t.rows))] {
		rows = append(rows, row.fields)
	}
	return t.header, rows, nil
}

// GuessScoreColumns maps a header's columns to score fields by their usual
// names; fields it cannot find stay empty.
func GuessScoreColumns(header []string) ScoreColumns {
	t := &table{header: header, columns: map[string]int{}}
	for i, h := range header {
		t.columns[normalise(h)] = i
	}
	find := func(names []string) string {
		if i, ok := t.column(names...); ok {
			return t.nameOf(i)
		}
		return ""
	}
	return ScoreColumns{LocalID: find(localIDColumns), Date: find(dateColumns), Value: find(valueColumns), Errors: find(errorsColumns),
		Kind: find(kindColumns), Measure: find(measureColumns), Grade: find(gradeColumns)}
}

package importer

import (
	"fmt"
	"io"
	"regexp"
	"sort"
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
	// Measure is the measure of every row (--measure). A measure column
	// naming another of the school's measures is a conflict, refused on its
	// row; one naming no measure of the school (a vendor's own name for
	// it) gives way, and the report says so.
	Measure  data.Measure
	Measures []data.Measure // the school's
	// MeasureMap sends a file's label (a measure column's value, a wide
	// layout's subtest) to the school measure of that name.
	MeasureMap map[string]string
	Kind       data.ScoreKind // the kind of rows without a kind column; 0: the layout's, else screening
	Columns    ScoreColumns   // --map: these columns, whatever the layout says
	Layout     string         // a named layout (Layouts), "" for none
	Dates      DateOrder
	// Year dates the scores of a wide export that has no date for them: the
	// start of their window in this school year.
	Year data.SchoolYear
}

// Usual column names of assessment vendors' exports.
var (
	dateColumns    = []string{"date", "score_date", "test_date", "assessment_date", "administration_date"}
	valueColumns   = []string{"value", "score", "wcpm", "raw_score", "result"}
	errorsColumns  = []string{"errors", "error_count"}
	kindColumns    = []string{"kind", "score_kind", "type", "assessment_type", "administration_type"}
	measureColumns = []string{"measure", "assessment", "test"}
	gradeColumns   = []string{"grade", "grade_level", "enrolled_grade"}
)

// scoreKey identifies a score: a student has one per measure, day and kind.
type scoreKey struct {
	student, measure data.ID
	day              int
	kind             data.ScoreKind
}

func keyOf(s data.Score) scoreKey {
	return scoreKey{s.Student, s.Measure, s.Date.DayNumber(), s.Kind}
}

// scoreFile is a scores file with its columns found.
type scoreFile struct {
	t                                 *table
	layout                            Layout
	local, date, kind, measure, grade int
	slots                             []slot
	order                             DateOrder
	measures                          *measureResolver
	defaultKind                       data.ScoreKind
	year                              data.SchoolYear
	datedByWindow                     int
}

// Scores reads a scores CSV: a long file (local id, date, value, and
// optionally errors, kind, measure and grade, by their usual names, a
// layout's or --map's) or a wide one of a named layout (several scores a
// row). A score already stored with the same value is unchanged; with
// another value it is updated. A file that cannot be read as a whole (a
// misspelled column, a subject with no measure, dates both day and month
// first) is one error and nothing of it is read.
func Scores(name string, r io.Reader, students []data.Student, existing []data.Score, opt ScoreOptions) (*Report, error) {
	rep := &Report{Kind: "scores"}
	t, err := readTable(name, r, rep)
	if err != nil {
		return nil, err
	}
	f, err := openScoreFile(t, opt, rep)
	if err != nil {
		return nil, err
	}
	stored := make(map[scoreKey]data.Score, len(existing))
	for _, s := range existing {
		stored[keyOf(s)] = s
	}
	ix := indexStudents(students)
	seen := make(map[scoreKey]int, len(t.rows))
	rep.Records.Scores = make([]data.Score, 0, len(t.rows)*len(f.slots))
	for _, r := range t.rows {
		st, ok := ix.local(r.field(f.local))
		if !ok {
			rep.refuse(t, r.line, t.nameOf(f.local), "no student has the local id %s", data.Clip(r.field(f.local)))
			continue
		}
		for _, s := range f.slots {
			if f.layout.Wide() && r.field(s.value) == "" {
				continue // not tested in that window or on that subtest
			}
			sc, col, err := f.readScore(r, s, st)
			if err != nil {
				rep.refuse(t, r.line, col, "%v", err)
				continue
			}
			k := keyOf(sc)
			if first, dup := seen[k]; dup {
				col := ""
				if f.layout.Wide() {
					col = t.nameOf(s.value)
				}
				rep.refuse(t, r.line, col, "repeats line %d: the same student, measure, date and kind", first)
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
	}
	if f.datedByWindow > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d scores have no date in the file: dated at the start of their window in %s",
			f.datedByWindow, f.year.Label()))
	}
	return rep, nil
}

// openScoreFile finds the file's columns and measures, or says why the
// file cannot be read.
func openScoreFile(t *table, opt ScoreOptions, rep *Report) (*scoreFile, error) {
	f := &scoreFile{t: t, year: opt.Year}
	if opt.Layout != "" {
		var err error
		if f.layout, err = LayoutByName(opt.Layout); err != nil {
			return nil, err
		}
	}
	l, c := f.layout, opt.Columns
	var err error
	find := func(field, mapped string, layout, usual []string) int {
		if err != nil {
			return -1
		}
		var i int
		i, err = t.findColumn(field, mapped, layout, usual)
		return i
	}
	f.local = find("local_id", c.LocalID, l.LocalID, localIDColumns)
	f.date = find("date", c.Date, l.Date, dateColumns)
	f.kind = find("kind", c.Kind, l.KindColumn, kindColumns)
	f.measure = find("measure", c.Measure, l.Measure, measureColumns)
	f.grade = find("grade", c.Grade, l.Grade, gradeColumns)
	if l.Wide() {
		if c.Value != "" || c.Errors != "" {
			return nil, fileError(t.name, "the %s layout has a score column per subtest: --map value= and errors= do not apply", l.Name)
		}
		f.slots = l.slots(t)
		if len(f.slots) == 0 {
			return nil, fileError(t.name, "is not a %s export: it has none of its score columns (%s); its columns are: %s",
				l.Title, l.describe(), columnList(t.header))
		}
	} else {
		value := find("value", c.Value, l.Value, valueColumns)
		errs := find("errors", c.Errors, l.Errors, errorsColumns)
		f.slots = []slot{{value: value, date: f.date, errors: errs}}
	}
	if err != nil {
		return nil, err
	}
	if f.local < 0 {
		return nil, missingColumn(t, "the students' local id", "local_id", l.LocalID, localIDColumns)
	}
	if !l.Wide() {
		if f.date < 0 {
			return nil, missingColumn(t, "the date", "date", l.Date, dateColumns)
		}
		if f.slots[0].value < 0 {
			return nil, missingColumn(t, "the score", "value", l.Value, valueColumns)
		}
	}
	dateCols := []int{f.date}
	for _, s := range f.slots {
		dateCols = append(dateCols, s.date)
	}
	var note string
	if f.order, note, err = dateOrderOf(t, dateCols, opt.Dates); err != nil {
		return nil, err
	}
	if note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	f.defaultKind = opt.Kind
	if f.defaultKind == 0 {
		f.defaultKind = l.Kind
	}
	if f.defaultKind == 0 {
		f.defaultKind = data.Screening
	}
	if f.measures, err = newMeasureResolver(opt); err != nil {
		return nil, err
	}
	if l.Wide() {
		err = f.resolveSubtests(rep)
	} else {
		err = f.checkMeasureColumn(rep)
	}
	return f, err
}

// findColumn finds a field's column: the one --map names (which must be
// there), else the first of the layout's names, else of the usual ones;
// -1 when absent.
func (t *table) findColumn(field, mapped string, layout, usual []string) (int, error) {
	if mapped != "" {
		if i, ok := t.column(mapped); ok {
			return i, nil
		}
		return -1, fileError(t.name, "has no column %s (--map %s=%s); its columns are: %s",
			data.Clip(mapped), field, mapped, columnList(t.header))
	}
	if len(layout) > 0 {
		i, ok := t.column(layout...)
		if !ok {
			return -1, nil
		}
		return i, nil
	}
	i, ok := t.column(usual...)
	if !ok {
		return -1, nil
	}
	return i, nil
}

// missingColumn says which required column a file lacks and how to name it.
func missingColumn(t *table, what, field string, layout, usual []string) error {
	expected := usual
	if len(layout) > 0 {
		expected = layout
	}
	return fileError(t.name, "has no column for %s (expected %s, or name it with --map %s=COLUMN); its columns are: %s",
		what, strings.Join(expected, " or "), field, columnList(t.header))
}

// maxColumnsListed bounds the columns an error lists: a vendor's export
// may have a thousand.
const maxColumnsListed = 15

// columnList lists a header's columns for a message, cut after a few.
func columnList(header []string) string {
	var names []string
	for _, h := range header[:min(len(header), maxColumnsListed)] {
		names = append(names, data.Clip(strings.TrimSpace(h)))
	}
	s := strings.Join(names, ", ")
	if len(header) > maxColumnsListed {
		s += fmt.Sprintf(" … and %d more", len(header)-maxColumnsListed)
	}
	return s
}

// measureResolver sends a file's label to a school measure.
type measureResolver struct {
	byName map[string]data.Measure // lower-case name → measure
	mapped map[string]data.Measure // lower-case label → measure
	forced data.Measure            // --measure
	names  []string
}

func labelKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func newMeasureResolver(opt ScoreOptions) (*measureResolver, error) {
	m := &measureResolver{byName: map[string]data.Measure{}, mapped: map[string]data.Measure{}, forced: opt.Measure}
	for _, x := range opt.Measures {
		m.byName[labelKey(x.Name)] = x
		m.names = append(m.names, x.Name)
	}
	sort.Strings(m.names)
	for label, name := range opt.MeasureMap {
		x, ok := m.byName[labelKey(name)]
		if !ok {
			return nil, data.Errorf(data.ENOTFOUND, "--measure-map %s=%s: the school has no measure %s (its measures: %s)",
				label, name, data.Clip(name), strings.Join(m.names, ", "))
		}
		m.mapped[labelKey(label)] = x
	}
	return m, nil
}

func (m *measureResolver) forcedSet() bool { return m.forced.ID != (data.ID{}) }

// known returns the measure a label names by the map or by name.
func (m *measureResolver) known(label string) (data.Measure, bool) {
	if x, ok := m.mapped[labelKey(label)]; ok {
		return x, true
	}
	x, ok := m.byName[labelKey(label)]
	return x, ok
}

// checkMeasureColumn refuses a long file whose measure column cannot be
// sent to measures as a whole: a subject no measure has, or --measure over
// several subjects.
func (f *scoreFile) checkMeasureColumn(rep *Report) error {
	m := f.measures
	if f.measure < 0 {
		if !m.forcedSet() {
			return fileError(f.t.name, "has no measure column: choose the measure of its scores (--measure)")
		}
		return nil
	}
	col := f.t.nameOf(f.measure)
	type seenLabel struct {
		text string
		line int
	}
	var unknown []seenLabel
	seen := map[string]bool{}
	var labels []string
	for _, r := range f.t.rows {
		text := r.field(f.measure)
		if text == "" || seen[labelKey(text)] {
			continue
		}
		seen[labelKey(text)] = true
		labels = append(labels, data.Clip(text))
		if _, ok := m.known(text); !ok {
			unknown = append(unknown, seenLabel{text, r.line})
		}
	}
	switch {
	case len(unknown) == 0:
		return nil
	case m.forcedSet() && len(labels) == 1:
		rep.Notes = append(rep.Notes, fmt.Sprintf("column %s names %s, not a measure of the school: its scores are read as %s (--measure)",
			col, labels[0], m.forced.Name))
		return nil
	case m.forcedSet():
		return fileError(f.t.name, "column %s holds scores of %d subjects (%s): --measure %s would put them all in one measure; "+
			"send each to its measure with a measure map (--measure-map \"%s=MEASURE,...\"; Subjects to measures on the Import screen), "+
			"or import one subject's rows at a time",
			col, len(labels), strings.Join(labels, ", "), m.forced.Name, unknown[0].text)
	}
	var list []string
	pairs := []string{}
	for _, u := range unknown {
		list = append(list, fmt.Sprintf("%s (line %d)", data.Clip(u.text), u.line))
		pairs = append(pairs, u.text+"=MEASURE")
	}
	return fileError(f.t.name, "column %s names %s, which the school has no measure for (its measures: %s): "+
		"send them to measures with a measure map (--measure-map \"%s\"; Subjects to measures on the Import screen), "+
		"or choose one measure for the file with --measure; nothing was imported",
		col, strings.Join(list, ", "), strings.Join(m.names, ", "), strings.Join(pairs, ","))
}

// resolveSubtests sends a wide file's subtests to measures: the map's or
// the measure of the same name; --measure when the file has one subtest.
// Subtests with no measure are left out, and the report says which.
func (f *scoreFile) resolveSubtests(rep *Report) error {
	m := f.measures
	var labels, left []string
	seen := map[string]bool{}
	for _, s := range f.slots {
		if !seen[s.label] {
			seen[s.label] = true
			labels = append(labels, s.label)
		}
	}
	if m.forcedSet() && len(labels) > 1 {
		return fileError(f.t.name, "holds scores of %d subtests (%s): --measure names one measure; send each to its measure with "+
			"--measure-map (\"%s=MEASURE,...\")", len(labels), strings.Join(labels, ", "), labels[0])
	}
	kept := f.slots[:0]
	resolved := map[string]data.Measure{}
	for _, s := range f.slots {
		x, ok := m.known(s.label)
		if !ok && m.forcedSet() {
			x, ok = m.forced, true
		}
		if !ok {
			if !contains(left, s.label) {
				left = append(left, s.label)
			}
			continue
		}
		resolved[s.label] = x
		kept = append(kept, s)
	}
	f.slots = kept
	if len(f.slots) == 0 {
		return fileError(f.t.name, "none of its subtests (%s) is a measure of the school (its measures: %s): send them to measures with "+
			"--measure-map \"%s=MEASURE\"", strings.Join(labels, ", "), strings.Join(m.names, ", "), labels[0])
	}
	m.mapped = map[string]data.Measure{}
	for label, x := range resolved {
		m.mapped[labelKey(label)] = x
	}
	if len(left) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("left out the subtests %s: no measure of the school (send one with --measure-map \"%s=MEASURE\")",
			strings.Join(left, ", "), left[0]))
	}
	return nil
}

// measureOf returns a row's measure, or the column and reason it has none.
func (f *scoreFile) measureOf(r row, s slot) (data.Measure, string, error) {
	m := f.measures
	if f.layout.Wide() {
		x, _ := m.known(s.label)
		return x, "", nil
	}
	text := r.field(f.measure)
	if text == "" {
		if m.forcedSet() {
			return m.forced, "", nil
		}
		return data.Measure{}, f.t.nameOf(f.measure), fmt.Errorf("is empty: the row names no measure")
	}
	x, ok := m.known(text)
	switch {
	case m.forcedSet() && ok && x.ID != m.forced.ID:
		return data.Measure{}, f.t.nameOf(f.measure), fmt.Errorf("names the measure %s, but --measure says %s: drop --measure to import each row "+
			"to the measure it names, or correct the row", data.Clip(x.Name), data.Clip(m.forced.Name))
	case m.forcedSet():
		return m.forced, "", nil
	}
	return x, "", nil // checkMeasureColumn refused the file if any label were unknown
}

// kindWords are how vendors say a score is a screening one.
var screeningWords = regexp.MustCompile(`^(boy|moy|eoy|beginning|middle|end|fall|winter|spring|benchmark.*|screening.*|universal screening)$`)

// parseKind reads a kind column's cell: screening, progress and the
// vendors' words for them (benchmark, PM, progress monitoring, BOY…).
func parseKind(text string) (data.ScoreKind, error) {
	if k, err := data.ParseScoreKind(text); err == nil {
		return k, nil
	}
	low := strings.ToLower(strings.TrimSpace(text))
	switch {
	case screeningWords.MatchString(low):
		return data.Screening, nil
	case strings.HasPrefix(low, "progress") || low == "pm" || strings.HasPrefix(low, "pm "):
		return data.Progress, nil
	}
	return 0, fmt.Errorf("%s is not a score kind (expected screening or progress; benchmark, BOY/MOY/EOY, PM and progress monitoring are read too)", data.Clip(text))
}

// readScore turns one slot of a row into a score; on failure it names the
// column at fault.
func (f *scoreFile) readScore(r row, s slot, st data.Student) (data.Score, string, error) {
	t := f.t
	sc := data.Score{Student: st.ID, Errors: data.NoErrors, Kind: f.defaultKind, Grade: st.Grade}
	dateCol := s.date
	if r.field(dateCol) == "" && f.layout.Wide() {
		dateCol = f.date
	}
	switch text := r.field(dateCol); {
	case text != "":
		d, err := parseFileDate(text, f.order)
		if err != nil {
			return sc, t.nameOf(dateCol), err
		}
		sc.Date = d
	case s.window != "" && !f.year.Start.IsZero():
		sc.Date = f.year.Window(s.window).Start
		f.datedByWindow++
	case dateCol >= 0:
		return sc, t.nameOf(dateCol), fmt.Errorf("is empty: the score has no date")
	default:
		return sc, t.nameOf(s.value), fmt.Errorf("has no date column beside it, and no school year to date it in")
	}
	value, err := data.ParseNumber(r.field(s.value))
	if err != nil {
		return sc, t.nameOf(s.value), err
	}
	sc.Value = value
	if text := r.field(s.errors); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 0 {
			return sc, t.nameOf(s.errors), fmt.Errorf("%s is not a count of errors (a whole number of 0 or more)", data.Clip(text))
		}
		sc.Errors = n
	}
	if text := r.field(f.kind); text != "" {
		if sc.Kind, err = parseKind(text); err != nil {
			return sc, t.nameOf(f.kind), err
		}
	}
	m, col, err := f.measureOf(r, s)
	if err != nil {
		return sc, col, err
	}
	sc.Measure = m.ID
	switch text := r.field(f.grade); {
	case s.grade != "":
		sc.Grade = s.grade
	case text != "":
		if sc.Grade, err = data.ParseGrade(text); err != nil {
			return sc, t.nameOf(f.grade), err
		}
	}
	if err := sc.ValidateFor(m); err != nil {
		return sc, t.nameOf(s.value), err
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

// templatePattern turns a normalised column template into a pattern of
// normalised headers: {window} stands for one of windows, {grade} for a grade.
func templatePattern(template string, windows []string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for rest := template; rest != ""; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		switch rest[i+1 : j] {
		case "window":
			quoted := make([]string, len(windows))
			for k, w := range windows {
				quoted[k] = regexp.QuoteMeta(w)
			}
			b.WriteString("(?P<window>" + strings.Join(quoted, "|") + ")")
		case "grade":
			b.WriteString("(?P<grade>" + gradePattern[1:len(gradePattern)-1] + ")")
		default:
			b.WriteString(regexp.QuoteMeta(rest[i : j+1]))
		}
		rest = rest[j+1:]
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

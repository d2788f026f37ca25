// Package importer reads the files a school's data arrives in — OneRoster
// rosters, flag lists, assessment vendors' score files, Tierline's own
// exports — and writes Tierline's CSV exports.
//
// An import is two steps. Reading a file gives a Report: what would be
// added, updated, left alone or skipped, and every refused row with its
// file, line, column and reason; nothing is written. The caller then saves
// Report.Records in one store transaction, only when the report has no
// refused rows (or the user chose to skip them). Reading the same file
// again after that finds nothing to add or update.
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/spreadsheet"
)

// MaxFileSize bounds what an import reads: a school's largest export (three
// years of scores) is a few megabytes.
const MaxFileSize = 200 << 20

// Problem is a refused row, or a skipped one: where and why.
type Problem struct {
	File   string
	Line   int    // 1-based; 0 when the problem is the whole file
	Column string // the header name; "" when no single column is at fault
	Reason string
}

func (p Problem) Error() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Reason)
	case p.Column == "":
		return fmt.Sprintf("%s line %d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s line %d, column %s: %s", p.File, p.Line, p.Column, p.Reason)
}

// Report is the outcome of reading an import: what it would change, and
// what it refuses.
type Report struct {
	Kind      string
	Rows      int // data rows read
	Added     int
	Updated   int
	Unchanged int
	Withdrawn int       // students marked withdrawn by the roster
	Skipped   []Problem // rows left out on purpose (a PK student in a roster)
	Problems  []Problem // refused rows: nothing is written while there are any, unless skipped
	Notes     []string  // what the import decided that the user should know ("dates read day first")
	Records   data.Records
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Ready reports whether the import may be written: no refused rows, or the
// user chose to skip them.
func (r *Report) Ready(skipBad bool) bool { return len(r.Problems) == 0 || skipBad }

// Summary says what the import does in one line.
func (r *Report) Summary() string {
	s := fmt.Sprintf("%d rows: %d to add, %d to update, %d unchanged", r.Rows, r.Added, r.Updated, r.Unchanged)
	if r.Withdrawn > 0 {
		s += fmt.Sprintf(", %d to mark withdrawn", r.Withdrawn)
	}
	if len(r.Skipped) > 0 {
		s += fmt.Sprintf(", %d skipped", len(r.Skipped))
	}
	if len(r.Problems) > 0 {
		s += fmt.Sprintf(", %d refused", len(r.Problems))
	}
	return s
}

func (r *Report) refuse(t *table, line int, column, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{File: t.name, Line: line, Column: column, Reason: fmt.Sprintf(format, args...)})
}

func (r *Report) skip(t *table, line int, column, format string, args ...any) {
	r.Skipped = append(r.Skipped, Problem{File: t.name, Line: line, Column: column, Reason: fmt.Sprintf(format, args...)})
}

// fileError is a problem with a whole file: it stops the import.
func fileError(name, format string, args ...any) error {
	return &data.Error{Code: data.EINVALID, Message: Problem{File: name, Reason: fmt.Sprintf(format, args...)}.Error()}
}

// table is a CSV file read into memory, columns found by header name.
type table struct {
	name    string
	header  []string
	columns map[string]int // normalised header name → index
	rows    []row
}

type row struct {
	line   int
	fields []string
}

// normalise makes header names comparable: "Local ID", "local_id" and
// "localId" are the same column.
func normalise(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r != '_' && r != ' ' && r != '-' && r != '.' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// readTable reads a whole CSV file: UTF-8 with or without a byte-order
// mark, LF or CRLF, quoted fields with commas and line breaks. A binary
// file, a file split by another delimiter, or a broken quote is one clear
// error. Rows are read as OneRoster consumers read them: a row shorter than
// the header has its missing last fields read as empty (and a note says
// which lines), empty fields past the header are ignored, and a row with
// more values than the header has columns is a refused row.
func readTable(name string, r io.Reader, rep *Report) (*table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(raw) > MaxFileSize {
		return nil, fileError(name, "is larger than %d MB: not a school export", MaxFileSize>>20)
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fileError(name, "is empty")
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return nil, fileError(name, "is not a text file (it holds binary data); export it as CSV")
	}
	if !utf8.Valid(raw) {
		line := 1 + bytes.Count(raw[:data.FirstInvalidUTF8(raw)], []byte("\n"))
		return nil, fileError(name, "line %d is not UTF-8 text; save the file as CSV UTF-8", line)
	}
	firstLine, _, _ := bytes.Cut(raw, []byte("\n"))
	if !bytes.Contains(firstLine, []byte(",")) {
		for _, d := range []struct {
			sep  string
			name string
		}{{";", "semicolons"}, {"\t", "tabs"}, {"|", "vertical bars"}} {
			if bytes.Contains(firstLine, []byte(d.sep)) {
				return nil, fileError(name, "separates its columns with %s; Tierline reads comma-separated files (save as CSV with commas)", d.name)
			}
		}
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	t := &table{name: name, header: header, columns: map[string]int{}}
	var short []int // lines of rows shorter than the header
	for i, h := range header {
		key := normalise(h)
		if key == "" {
			continue
		}
		if _, dup := t.columns[key]; dup {
			return nil, fileError(name, "has the column %s twice", data.Clip(strings.TrimSpace(h)))
		}
		t.columns[key] = i
	}
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue // not raised with FieldsPerRecord -1
			}
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // a blank line
		}
		for len(fields) > len(header) && strings.TrimSpace(fields[len(fields)-1]) == "" {
			fields = fields[:len(fields)-1]
		}
		if len(fields) > len(header) {
			rep.refuse(t, line, "", "has %d fields; the header has %d", len(fields), len(header))
			continue
		}
		for i, f := range fields {
			fields[i] = spreadsheet.Restore(f) // Tierline's exports guard formula-like cells
		}
		if len(fields) < len(header) {
			short = append(short, line)
			fields = append(fields, make([]string, len(header)-len(fields))...)
		}
		t.rows = append(t.rows, row{line: line, fields: fields})
	}
	if len(short) > 0 {
		rep.note("%s: %d %s fewer fields than the header (%s); the missing last fields were read as empty",
			name, len(short), plural(len(short), "row has", "rows have"), lineList(short))
	}
	rep.Rows += len(t.rows)
	return t, nil
}

// lineList names up to 10 lines: "lines 3, 7 and 9", "lines 3, 4, … (40 in all)".
func lineList(lines []int) string {
	if len(lines) == 1 {
		return fmt.Sprintf("line %d", lines[0])
	}
	var parts []string
	for i, l := range lines {
		if i == 10 {
			return fmt.Sprintf("lines %s, … (%d in all)", strings.Join(parts, ", "), len(lines))
		}
		parts = append(parts, fmt.Sprint(l))
	}
	return "lines " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileError(name, "line %d, column %d: %v; check the quotes on that line", pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// column finds a column by any of its names; ok is false when absent.
func (t *table) column(names ...string) (int, bool) {
	for _, n := range names {
		if i, ok := t.columns[normalise(n)]; ok {
			return i, true
		}
	}
	return -1, false
}

// require finds required columns, reporting every missing one in one error.
func (t *table) require(cols map[string][]string) (map[string]int, error) {
	out := map[string]int{}
	var missing []string
	for key, names := range cols {
		i, ok := t.column(names...)
		if !ok {
			missing = append(missing, names[0])
			continue
		}
		out[key] = i
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fileError(t.name, "has no column %s (its columns are: %s)", strings.Join(missing, ", "), t.headerNames())
	}
	return out, nil
}

// maxHeaderNames bounds the header an error shows: a wide export has
// hundreds of columns and tens of thousands of characters of header.
const maxHeaderNames = 20

// headerNames names the file's columns for a message, the first 20 at
// most, each cut to 40 characters.
func (t *table) headerNames() string {
	var parts []string
	for i, h := range t.header {
		if i == maxHeaderNames {
			parts = append(parts, fmt.Sprintf("… and %d more", len(t.header)-maxHeaderNames))
			break
		}
		h = strings.TrimSpace(h)
		if r := []rune(h); len(r) > 40 {
			h = string(r[:39]) + "…"
		}
		parts = append(parts, h)
	}
	return strings.Join(parts, ", ")
}

// name returns the header name of column i, as written in the file.
func (t *table) nameOf(i int) string { return strings.TrimSpace(t.header[i]) }

// field returns a row's trimmed value in column i ("" when i < 0).
func (r row) field(i int) string {
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// parseBool reads the yes/no values of school exports: Y/N, yes/no,
// true/false, 1/0, any case.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes", "true", "t", "1":
		return true, nil
	case "n", "no", "false", "f", "0":
		return false, nil
	}
	return false, fmt.Errorf("%s is not yes or no (expected Y/N, true/false or 1/0)", data.Clip(s))
}

// studentIndex finds existing students by local id and sourced id.
type studentIndex struct {
	byLocal, bySourced map[string]int
	students           []data.Student
}

func indexStudents(students []data.Student) *studentIndex {
	ix := &studentIndex{byLocal: map[string]int{}, bySourced: map[string]int{}, students: students}
	for i, s := range students {
		ix.byLocal[s.LocalID] = i
		if s.SourcedID != "" {
			ix.bySourced[s.SourcedID] = i
		}
	}
	return ix
}

func (ix *studentIndex) local(id string) (data.Student, bool) {
	i, ok := ix.byLocal[id]
	if !ok {
		return data.Student{}, false
	}
	return ix.students[i], true
}

// Package spreadsheet writes CSV files that are safe to open in a
// spreadsheet. A cell starting with = + - or @ (or a look-alike: the
// full-width and small forms, the minus sign U+2212, after any leading
// white space), or with a tab, carriage return or line feed, is run as a
// formula by Excel, LibreOffice and Google Sheets: a student's note or a
// measure name typed as "=HYPERLINK(...)" would act on the reader's
// machine. Such cells are written with a leading apostrophe, which the
// spreadsheet shows as text, and Tierline's importers take it off again, so
// an exported file reads back to the very values it was written from.
package spreadsheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// formulaStarts are the characters a spreadsheet reads as the start of a
// formula, with the forms that Unicode normalisation (and some
// spreadsheets' input methods) turn into them.
const formulaStarts = "=+-@" +
	"\uFF1D\uFF0B\uFF0D\uFF20" + // full-width ＝＋－＠
	"\uFE66\uFE62\uFE63\uFE6B" + // small ﹦﹢﹣﹫
	"\u2212" // minus sign −

// formulaLike reports whether a spreadsheet could run v as a formula.
func formulaLike(v string) bool {
	if v == "" {
		return false
	}
	if v[0] == '\t' || v[0] == '\r' || v[0] == '\n' {
		return true
	}
	first := strings.TrimLeftFunc(v, unicode.IsSpace)
	if first == "" {
		return false
	}
	for _, r := range first {
		return strings.ContainsRune(formulaStarts, r)
	}
	return false
}

// needsGuard reports whether v is written with a leading apostrophe: it
// is formula-like once any apostrophes of its own are set aside (so that a
// value that truly starts with an apostrophe keeps it through a round
// trip), and it is not a plain number such as -3, which is data, not code.
func needsGuard(v string) bool {
	// The cheap test first: a failed ParseFloat allocates its error, and
	// most cells of a large export are neither numbers nor formula-like.
	if !formulaLike(strings.TrimLeft(v, "'")) {
		return false
	}
	_, err := strconv.ParseFloat(v, 64)
	return err != nil
}

// Neutralise returns v as a cell a spreadsheet shows as text.
func Neutralise(v string) string {
	if needsGuard(v) {
		return "'" + v
	}
	return v
}

// Restore undoes Neutralise: the value a neutralised cell was written from.
// Any other value is returned as it is.
func Restore(v string) string {
	if rest, ok := strings.CutPrefix(v, "'"); ok && needsGuard(rest) {
		return rest
	}
	return v
}

// Writer is a csv.Writer that neutralises every cell it writes. Every CSV
// file Tierline writes goes through one.
type Writer struct {
	cw  *csv.Writer
	buf []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{cw: csv.NewWriter(w)} }

// Write writes one record, each cell neutralised.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, v := range record {
		w.buf = append(w.buf, Neutralise(v))
	}
	return w.cw.Write(w.buf)
}

// WriteAll writes the records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.cw.Flush()
	return w.cw.Error()
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() { w.cw.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.cw.Error() }

package hubstore

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// Cell is one published cell of a school's summary, as the hub keeps it:
// a summary is validated, then stored as its cells, and never kept
// decoded. Its percentages stay coded as the school sent them.
type Cell struct {
	School, Year, Window string
	ID                   string // the summary's submission id (Cells gives it; not stored per cell)
	Sequence             uint64 // the summary's, its version
	rollup.Key
	N *int // nil: withheld (a v1 cell)
	// Pct is at/above benchmark, Tier 2 or adequate response by section;
	// Pct2 is Tier 3.
	Pct, Pct2  *string
	RiskRatio  *float64 // Tier 3's
	Suppressed bool     // v1 only
	Reason     string   // v1 only
}

// CellsOf lists a summary's cells in its order: progress, tiers, response.
func CellsOf(s summary.Summary, sequence uint64) []Cell {
	out := make([]Cell, 0, len(s.Progress)+len(s.Tiers)+len(s.Response))
	head := Cell{School: s.School, Year: s.Year, Window: s.Window, Sequence: sequence}
	for _, c := range s.Progress {
		cell := head
		cell.Key = rollup.Key{Section: rollup.SectionProgress, Measure: c.Measure, Grade: c.Grade, Dimension: c.Dimension, Group: c.Group}
		cell.N, cell.Pct, cell.Suppressed, cell.Reason = c.N, c.PctAtOrAbove, c.Suppressed, c.Reason
		out = append(out, cell)
	}
	for _, c := range s.Tiers {
		cell := head
		cell.Key = rollup.Key{Section: rollup.SectionTiers, Grade: summary.All, Dimension: c.Dimension, Group: c.Group}
		cell.N, cell.Pct, cell.Pct2, cell.RiskRatio, cell.Suppressed, cell.Reason = c.N, c.PctTier2, c.PctTier3, c.RiskRatioTier3, c.Suppressed, c.Reason
		out = append(out, cell)
	}
	for _, c := range s.Response {
		cell := head
		cell.Key = rollup.Key{Section: rollup.SectionResponse, Measure: c.Measure, Grade: summary.All, Dimension: c.Dimension, Group: c.Group}
		cell.N, cell.Pct, cell.Suppressed, cell.Reason = c.N, c.PctAdequate, c.Suppressed, c.Reason
		out = append(out, cell)
	}
	return out
}

// AddTo counts the cell into a roll-up.
func (c Cell) AddTo(t rollup.Totals) {
	if c.Section == rollup.SectionTiers {
		t.Add(c.Key, c.N, c.Suppressed, c.Pct, c.Pct2)
		return
	}
	t.Add(c.Key, c.N, c.Suppressed, c.Pct)
}

// WindowVersion is a window some school has a current summary of. Version
// changes whenever a current summary of the window does, in any process
// on the store: a roll-up cached at one version is good while it holds.
type WindowVersion struct {
	rollup.Window
	Version uint64
}

// The bbolt record of a cell (school, year and window are in its key):
// sequence, the key's five strings, then n, the two percentages, the risk
// ratio and the reason, each after a presence byte where it may be absent.
func (c Cell) marshal() []byte {
	b := make([]byte, 0, 64)
	b = binary.AppendUvarint(b, c.Sequence)
	for _, s := range []string{c.Section, c.Measure, c.Grade, c.Dimension, c.Group} {
		b = appendString(b, s)
	}
	if c.N == nil {
		b = append(b, 0)
	} else {
		b = binary.AppendUvarint(append(b, 1), uint64(*c.N))
	}
	for _, p := range []*string{c.Pct, c.Pct2} {
		if p == nil {
			b = append(b, 0)
		} else {
			b = appendString(append(b, 1), *p)
		}
	}
	if c.RiskRatio == nil {
		b = append(b, 0)
	} else {
		b = binary.BigEndian.AppendUint64(append(b, 1), math.Float64bits(*c.RiskRatio))
	}
	flags := byte(0)
	if c.Suppressed {
		flags = 1
	}
	return appendString(append(b, flags), c.Reason)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errCellRecord = errors.New("a stored cell is damaged")

// cellReader reads a cell record, remembering the first error.
type cellReader struct {
	b   []byte
	err error
}

func (r *cellReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errCellRecord, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *cellReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errCellRecord
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *cellReader) string() string { return string(r.bytes()) }

// bytes reads a length-prefixed string in place.
func (r *cellReader) bytes() []byte {
	n := r.uvarint()
	if uint64(len(r.b)) < n {
		r.err, r.b = errCellRecord, nil
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}

func unmarshalCell(raw []byte, c *Cell) error {
	r := cellReader{b: raw}
	c.Sequence = r.uvarint()
	c.Section, c.Measure, c.Grade, c.Dimension, c.Group = r.string(), r.string(), r.string(), r.string(), r.string()
	c.N, c.Pct, c.Pct2, c.RiskRatio = nil, nil, nil, nil
	if r.byte() == 1 {
		n := int(r.uvarint())
		c.N = &n
	}
	for _, p := range []**string{&c.Pct, &c.Pct2} {
		if r.byte() == 1 {
			s := r.string()
			*p = &s
		}
	}
	if r.byte() == 1 {
		if len(r.b) < 8 {
			return errCellRecord
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(r.b))
		c.RiskRatio, r.b = &f, r.b[8:]
	}
	c.Suppressed = r.byte() == 1
	c.Reason = r.string()
	if r.err == nil && len(r.b) != 0 {
		return errCellRecord
	}
	return r.err
}

package hubstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/summary"
)

// The cells of current summaries are keyed by window first, so that a
// window's roll-up is one index scan: year 0 window 0 school 0 position.

func cellPrefix(year, window, school string) []byte {
	if school == "" {
		return append(joinKey(year, window), 0)
	}
	return append(joinKey(year, window, school), 0)
}

// putCells replaces a school's cells of a window and raises the window's
// version.
func putCells(tx *bolt.Tx, school, year, window string, cells []Cell) error {
	b := tx.Bucket(bucketCells)
	prefix := cellPrefix(year, window, school)
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	for i, cell := range cells {
		if err := b.Put(binary.BigEndian.AppendUint32(bytes.Clone(prefix), uint32(i)), cell.marshal()); err != nil {
			return err
		}
	}
	windows := tx.Bucket(bucketWindows)
	wk := joinKey(year, window)
	var version uint64
	if v := windows.Get(wk); len(v) == 8 {
		version = binary.BigEndian.Uint64(v)
	}
	return windows.Put(wk, binary.BigEndian.AppendUint64(nil, version+1))
}

// currentToCells moves a schema 1 store's current summaries, kept whole,
// to cells.
func currentToCells(tx *bolt.Tx) error {
	cur := tx.Bucket(bucketCurrent)
	var keys, records [][]byte
	err := cur.ForEach(func(k, v []byte) error {
		keys, records = append(keys, bytes.Clone(k)), append(records, bytes.Clone(v))
		return nil
	})
	if err != nil {
		return err
	}
	for i, raw := range records {
		c, err := unmarshalCurrent(raw)
		if err != nil {
			return err
		}
		sum, err := summary.DecodeBytes(c.Body)
		if err != nil {
			return fmt.Errorf("the stored summary %s of %s: %w", c.ID, c.School, err)
		}
		if err := putCells(tx, c.School, sum.Year, sum.Window, CellsOf(sum, c.Sequence)); err != nil {
			return err
		}
		c.Body = nil
		if err := cur.Put(keys[i], c.marshal()); err != nil {
			return err
		}
	}
	return nil
}

// Windows lists the windows with a current summary (of one school, or of
// any), with their versions (of any school's).
func (s *Bolt) Windows(school string) ([]WindowVersion, error) {
	var out []WindowVersion
	err := s.db.View(func(tx *bolt.Tx) error {
		versions := tx.Bucket(bucketWindows)
		add := func(year, window string) {
			w := WindowVersion{Window: rollup.Window{Year: year, Window: data.WindowName(window)}}
			if v := versions.Get(joinKey(year, window)); len(v) == 8 {
				w.Version = binary.BigEndian.Uint64(v)
			}
			out = append(out, w)
		}
		if school == "" {
			return versions.ForEach(func(k, _ []byte) error {
				year, window, _ := strings.Cut(string(k), "\x00")
				add(year, window)
				return nil
			})
		}
		prefix := append(joinKey(school), 0)
		c := tx.Bucket(bucketCurrent).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			year, window, _ := strings.Cut(string(k[len(prefix):]), "\x00")
			add(year, window)
		}
		return nil
	})
	return out, err
}

// Totals rolls up the current cells of a window, of one school or all:
// an index scan over the window's cells. A window of a state is millions
// of cells, so they are added up from their records as they lie, without
// decoding each (see cellFigures); a key and a percentage are decoded once.
func (s *Bolt) Totals(year, window, school string) (rollup.Totals, error) {
	var keys []rollup.Key
	var sums []rollup.Sum
	index := map[string]int{} // a key's encoding → its place in keys
	pcts := map[string]pctFigure{}
	pct := func(raw []byte) pctFigure {
		f, ok := pcts[string(raw)]
		if !ok {
			f = pctFigure{rollup.Halves(string(raw)), !summary.Uncoded(string(raw))}
			pcts[string(raw)] = f
		}
		return f
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := cellPrefix(year, window, school)
		c := tx.Bucket(bucketCells).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			f, err := cellFigures(v)
			if err != nil {
				return fmt.Errorf("cell %q: %w", k, err)
			}
			i, ok := index[string(f.key)]
			if !ok {
				var cell Cell
				if err := unmarshalCell(v, &cell); err != nil {
					return fmt.Errorf("cell %q: %w", k, err)
				}
				i = len(keys)
				index[string(f.key)] = i
				keys, sums = append(keys, cell.Key), append(sums, rollup.Sum{})
			}
			sum := &sums[i]
			if f.suppressed || !f.hasN {
				sum.Hidden++
				continue
			}
			sum.N += f.n
			sum.Schools++
			for j, raw := range [][]byte{f.pct, f.pct2} {
				if raw == nil || (j == 1 && keys[i].Section != rollup.SectionTiers) {
					continue
				}
				p := pct(raw)
				sum.Coded = sum.Coded || p.coded
				sum.Est[j] += p.halves * int64(f.n)
			}
		}
		return nil
	})
	totals := make(rollup.Totals, len(keys))
	for i, k := range keys {
		totals[k] = sums[i]
	}
	return totals, err
}

// pctFigure is what a coded percentage adds to a roll-up.
type pctFigure struct {
	halves int64
	coded  bool
}

// figures is a cell record read in place: its key's encoding, n and the
// percentages' bytes.
type figures struct {
	key, pct, pct2   []byte
	n                int
	hasN, suppressed bool
}

// cellFigures reads what a roll-up needs of a cell record (see
// Cell.marshal) without copying it.
func cellFigures(raw []byte) (figures, error) {
	var f figures
	r := cellReader{b: raw}
	r.uvarint()
	start := len(raw) - len(r.b)
	for range 5 {
		r.bytes()
	}
	f.key = raw[start : len(raw)-len(r.b)]
	if f.hasN = r.byte() == 1; f.hasN {
		f.n = int(r.uvarint())
	}
	if r.byte() == 1 {
		f.pct = r.bytes()
	}
	if r.byte() == 1 {
		f.pct2 = r.bytes()
	}
	if r.byte() == 1 {
		if len(r.b) < 8 {
			return f, errCellRecord
		}
		r.b = r.b[8:]
	}
	f.suppressed = r.byte() == 1
	return f, r.err
}

// exportChunk is about how many cells are read per transaction: an export
// to a slow client neither holds a transaction open nor the store in memory.
const exportChunk = 4096

// Cells calls each for every current cell, by year, window and school, then
// in the summary's order. A school's summary of a window is read whole, in
// one transaction.
func (s *Bolt) Cells(ctx context.Context, each func(Cell) error) error {
	var from []byte // the first key of the next chunk; nil: the first of all
	for done := false; !done; {
		var chunk []Cell
		err := s.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketCells).Cursor()
			k, v := c.First()
			if from != nil {
				k, v = c.Seek(from)
			}
			var summaryPrefix []byte
			var head Cell // the summary's school, year, window and id
			for ; k != nil; k, v = c.Next() {
				prefix := k[:len(k)-4]
				if !bytes.Equal(prefix, summaryPrefix) {
					if len(chunk) >= exportChunk {
						from = bytes.Clone(k)
						return nil
					}
					summaryPrefix = bytes.Clone(prefix)
					parts := strings.SplitN(string(prefix[:len(prefix)-1]), "\x00", 3)
					if len(parts) != 3 {
						return fmt.Errorf("cell %q: a damaged key", k)
					}
					head = Cell{Year: parts[0], Window: parts[1], School: parts[2]}
					cur, err := unmarshalCurrent(tx.Bucket(bucketCurrent).Get(joinKey(head.School, head.Year, head.Window)))
					if err != nil {
						return fmt.Errorf("the current summary of cell %q: %w", k, err)
					}
					head.ID = cur.ID
				}
				cell := head
				if err := unmarshalCell(v, &cell); err != nil {
					return fmt.Errorf("cell %q: %w", k, err)
				}
				chunk = append(chunk, cell)
			}
			done = true
			return nil
		})
		if err != nil {
			return err
		}
		for _, cell := range chunk {
			if err := each(cell); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// WindowsPerSchool counts each school's current summaries.
func (s *Bolt) WindowsPerSchool() (map[string]int, error) {
	out := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCurrent).ForEach(func(k, _ []byte) error {
			school, _, _ := bytes.Cut(k, []byte{0})
			out[string(school)]++
			return nil
		})
	})
	return out, err
}

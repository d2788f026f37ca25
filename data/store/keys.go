package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"syscall"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

func isDiskFull(err error) bool { return errors.Is(err, syscall.ENOSPC) }
func isReadOnlyFS(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES)
}

// Records other than scores, sessions, students and plans are stored as
// JSON: few, small, and free to grow new fields without a migration.
func put[T any](b *bolt.Bucket, key []byte, v T) error {
	buf, err := marshal(key, v)
	if err != nil {
		return fmt.Errorf("encode record %x: %w", key, err)
	}
	return b.Put(key, buf)
}

// get decodes the value at key; json.Unmarshal copies, so the result
// outlives the transaction.
func get[T any](b *bolt.Bucket, key []byte) (T, bool, error) {
	var v T
	raw := b.Get(key)
	if raw == nil {
		return v, false, nil
	}
	if err := unmarshal(key, raw, &v); err != nil {
		return v, false, fmt.Errorf("decode record %x: %w", key, err)
	}
	return v, true, nil
}

// list decodes every value of a bucket in key order.
func list[T any](b *bolt.Bucket) ([]T, error) {
	var out []T
	err := b.ForEach(func(k, raw []byte) error {
		var v T
		if err := unmarshal(k, raw, &v); err != nil {
			return fmt.Errorf("decode record %x: %w", k, err)
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// listByIndex decodes, in index order, the records whose index keys start
// with prefix; the record id is the last 16 bytes of each index key.
func listByIndex[T any](index, records *bolt.Bucket, prefix []byte) ([]T, error) {
	var out []T
	c := index.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		v, ok, err := get[T](records, k[len(k)-16:])
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("an index entry %x points at a missing record", k)
		}
		out = append(out, v)
	}
	return out, nil
}

// deletePrefix removes every key of b starting with prefix.
func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(k, prefix []byte) bool {
	return len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix)
}

// inKeyOrder returns the indexes 0..n-1 sorted by key. Bulk writes go in key
// order: bbolt keeps a transaction's inserts in unsplit in-memory nodes, so
// inserting out of order moves memory on every put (quadratic), while in
// order it appends (100,000 rows: seconds against tens of milliseconds).
// Equal keys keep their input order, so the last of two copies wins.
func inKeyOrder(keys [][]byte) []int {
	type item struct {
		key []byte
		i   int
	}
	items := make([]item, len(keys))
	for i, k := range keys {
		items[i] = item{k, i}
	}
	// pdqsort with the index as tie-breaker: stable, and twice as fast as
	// a stable sort of indexes.
	slices.SortFunc(items, func(a, b item) int {
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		return a.i - b.i
	})
	order := make([]int, len(items))
	for j, it := range items {
		order[j] = it.i
	}
	return order
}

// key concatenates ids and day numbers into an ordered index key.
func key(parts ...any) []byte {
	out := make([]byte, 0, 40)
	for _, p := range parts {
		switch p := p.(type) {
		case data.ID:
			out = append(out, p[:]...)
		case data.Date:
			out = binary.BigEndian.AppendUint32(out, dayKey(p))
		case data.ScoreKind:
			out = append(out, byte(p))
		default:
			panic(fmt.Sprintf("store: key part of type %T", p))
		}
	}
	return out
}

// dayKey maps a date to an unsigned day number that sorts like the date.
// Validated dates are after 1990, so the day numbers are positive.
func dayKey(d data.Date) uint32 { return uint32(d.DayNumber()) }

// Scores are the bulk of a store (100,000 in a large school), so they have a
// compact binary form. Key: student(16) measure(16) day(4) kind(1).
// Value: format(1) value(float64 bits, 8) errors(int32, 4) grade index(1).
const (
	scoreKeyLen     = 37
	scoreValueLen   = 14
	scoreFormatV1   = 1
	noErrorsEncoded = math.MaxUint32
)

func scoreKey(sc data.Score) []byte { return putScoreKey(make([]byte, scoreKeyLen), sc) }

// putScoreKey writes a score's key into k (scoreKeyLen bytes) and returns it.
func putScoreKey(k []byte, sc data.Score) []byte {
	copy(k, sc.Student[:])
	copy(k[16:], sc.Measure[:])
	binary.BigEndian.PutUint32(k[32:], dayKey(sc.Date))
	k[36] = byte(sc.Kind)
	return k
}

func encodeScore(key []byte, sc data.Score) []byte { return seal(key, scorePayload(sc)) }

// scorePayload is a score's value before its seal: what a change of it
// carries to the team (the key holds the rest).
func scorePayload(sc data.Score) []byte {
	v := make([]byte, scoreValueLen)
	v[0] = scoreFormatV1
	binary.BigEndian.PutUint64(v[1:], math.Float64bits(sc.Value))
	errs := uint32(noErrorsEncoded)
	if sc.Errors != data.NoErrors {
		errs = uint32(sc.Errors)
	}
	binary.BigEndian.PutUint32(v[9:], errs)
	v[13], _ = sc.Grade.Code()
	return v
}

func decodeScore(k, v []byte) (data.Score, error) {
	v, err := unseal(k, v)
	if err != nil {
		return data.Score{}, fmt.Errorf("scores %x: %w", k, err)
	}
	if len(k) != scoreKeyLen || len(v) != scoreValueLen || v[0] != scoreFormatV1 {
		return data.Score{}, fmt.Errorf("score record %x is damaged", k)
	}
	grade, ok := data.GradeOfCode(v[13])
	if !ok {
		return data.Score{}, fmt.Errorf("score record %x is damaged", k)
	}
	sc := data.Score{
		Date:  data.DateFromDayNumber(int(binary.BigEndian.Uint32(k[32:36]))),
		Kind:  data.ScoreKind(k[36]),
		Value: math.Float64frombits(binary.BigEndian.Uint64(v[1:])),
		Grade: grade,
	}
	copy(sc.Student[:], k[:16])
	copy(sc.Measure[:], k[16:32])
	if errs := binary.BigEndian.Uint32(v[9:]); errs == noErrorsEncoded {
		sc.Errors = data.NoErrors
	} else {
		sc.Errors = int(errs)
	}
	return sc, nil
}

func idFrom(b []byte) data.ID {
	var id data.ID
	copy(id[:], b)
	return id
}

// Sessions are the other bulk record (over 100,000 in a large school's three
// years). Key: plan(16) day(4) session(16). Value: format(1) minutes(2)
// present(1) note(UTF-8, the rest).
const (
	sessionKeyLen   = 36
	sessionFormatV1 = 1
)

func sessionKey(s data.Session) []byte { return key(s.Plan, s.Date, s.ID) }

// weekKey is the day number of the Monday of d's week: the key of the weeks
// index, and of data.WeekSet.
func weekKey(d data.Date) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(analysis.MondayOf(d)))
}

func encodeSession(key []byte, s data.Session) []byte { return seal(key, sessionPayload(s)) }

// sessionPayload is a session's value before its seal, as a change of it
// carries it.
func sessionPayload(s data.Session) []byte {
	v := make([]byte, 4, 4+len(s.Note))
	v[0] = sessionFormatV1
	binary.BigEndian.PutUint16(v[1:], uint16(s.Minutes))
	if s.Present {
		v[3] = 1
	}
	return append(v, s.Note...)
}

func decodeSession(k, v []byte) (data.Session, error) {
	v, err := unseal(k, v)
	if err != nil {
		return data.Session{}, fmt.Errorf("sessions %x: %w", k, err)
	}
	if len(k) != sessionKeyLen || len(v) < 4 || v[0] != sessionFormatV1 || v[3] > 1 {
		return data.Session{}, fmt.Errorf("session record %x is damaged", k)
	}
	s := data.Session{
		Plan:    idFrom(k[:16]),
		Date:    data.DateFromDayNumber(int(binary.BigEndian.Uint32(k[16:20]))),
		ID:      idFrom(k[20:]),
		Minutes: int(binary.BigEndian.Uint16(v[1:])),
		Present: v[3] == 1,
		Note:    string(v[4:]),
	}
	return s, nil
}

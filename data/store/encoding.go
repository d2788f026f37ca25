package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// Students and plans are read on every screen and in every analysis, so
// they have a compact binary form, ten times faster to decode than JSON.
// A record starts with its format byte; a record starting with '{' is the
// JSON of schema 3 and before, still read (migration 4 rewrites them).
const (
	studentFormatV1 = 1
	studentFormatV2 = 2 // v1 and the enrolment's first day at the end
	planFormatV1    = 1
)

var errShortRecord = errors.New("the record is cut short")

// Every record value is sealed (schema 7): a marker byte, the encoding
// below, and the CRC-32C (Castagnoli) of the record's key and that
// encoding, big-endian, so that a byte the disk changed, in the value or in
// the key (a session's id is in its key), is found on read instead of read
// as data. The marker is neither '{' nor a format byte, so a record of an
// older schema (a backup being verified) is still read as it was written.
const (
	sealMarker = 0xFE
	sealLen    = 1 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errChecksum says what a failed checksum means to the person reading it.
var errChecksum = data.Errorf(data.EINVALID, "its checksum does not match: its bytes changed on disk (restore a backup: Settings → Backups lists them)")

// sealedSchema is the first schema whose records are all sealed.
const sealedSchema = 7

func checksum(key, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, payload)
}

func seal(key, payload []byte) []byte {
	out := make([]byte, 0, len(payload)+sealLen)
	out = append(out, sealMarker)
	out = append(out, payload...)
	return binary.BigEndian.AppendUint32(out, checksum(key, payload))
}

func isSealed(v []byte) bool { return len(v) > 0 && v[0] == sealMarker }

// unseal checks a sealed value's checksum and returns its encoding; an
// unsealed value (an older schema's) is returned as it is.
func unseal(key, v []byte) ([]byte, error) {
	if !isSealed(v) {
		return v, nil
	}
	if len(v) < sealLen {
		return nil, errChecksum
	}
	payload := v[1 : len(v)-4]
	if checksum(key, payload) != binary.BigEndian.Uint32(v[len(v)-4:]) {
		return nil, errChecksum
	}
	return payload, nil
}

// sealedBuckets hold records; the other buckets are indexes, derived from
// the records and checked against them.
var sealedBuckets = [][]byte{bucketStudents, bucketMeasures, bucketScores, bucketInterventions, bucketPlans,
	bucketSessions, bucketTierChanges, bucketDecisions, bucketOutbox, bucketSync}

// sealRecords is migration 7: it seals every record written before it.
func sealRecords(tx *bolt.Tx) error {
	reseal := func(b *bolt.Bucket, k, v []byte) error {
		if isSealed(v) {
			return nil
		}
		return b.Put(k, seal(k, v))
	}
	for _, name := range sealedBuckets {
		b := tx.Bucket(name)
		if b == nil {
			continue
		}
		// A bucket is not written while it is walked: collect, then seal.
		var keys, values [][]byte
		if err := b.ForEach(func(k, v []byte) error {
			keys, values = append(keys, k), append(values, v)
			return nil
		}); err != nil {
			return err
		}
		for i := range keys {
			if err := reseal(b, keys[i], values[i]); err != nil {
				return fmt.Errorf("bucket %s, key %x: %w", name, keys[i], err)
			}
		}
	}
	if v := tx.Bucket(bucketMeta).Get(keySettings); v != nil {
		return reseal(tx.Bucket(bucketMeta), keySettings, bytes.Clone(v))
	}
	return nil
}

// marshal encodes and seals a record: students and plans in binary,
// others in JSON.
func marshal[T any](key []byte, v T) ([]byte, error) {
	switch x := any(v).(type) {
	case data.Student:
		return seal(key, encodeStudent(x)), nil
	case data.Plan:
		return seal(key, encodePlan(x)), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return seal(key, b), nil
}

// unmarshal checks and decodes a record written by marshal, or a record of
// an older schema (unsealed, or the JSON of schema 3 and before).
func unmarshal[T any](key, b []byte, v *T) error {
	b, err := unseal(key, b)
	if err != nil {
		return err
	}
	if len(b) > 0 && b[0] != '{' {
		switch p := any(v).(type) {
		case *data.Student:
			return decodeStudent(b, p)
		case *data.Plan:
			return decodePlan(b, p)
		}
	}
	return json.Unmarshal(b, v)
}

// writer appends the parts of a binary record.
type writer struct{ b []byte }

func (w *writer) byte(v byte)     { w.b = append(w.b, v) }
func (w *writer) id(id data.ID)   { w.b = append(w.b, id[:]...) }
func (w *writer) uint(v uint64)   { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) int(v int)       { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *writer) float(v float64) { w.b = binary.BigEndian.AppendUint64(w.b, math.Float64bits(v)) }
func (w *writer) str(s string)    { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *writer) bools(v ...bool) {
	var bits byte
	for i, on := range v {
		if on {
			bits |= 1 << i
		}
	}
	w.byte(bits)
}

// date writes 0 for the unset date, else the day number + 1.
func (w *writer) date(d data.Date) {
	if d.IsZero() {
		w.uint(0)
		return
	}
	w.int(d.DayNumber() + 1)
}

// reader takes the parts of a binary record back; the first failure sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.err = errShortRecord
		return make([]byte, max(n, 0))
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) byte() byte { return r.take(1)[0] }

func (r *reader) id() data.ID {
	var id data.ID
	copy(id[:], r.take(16))
	return id
}

func (r *reader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errShortRecord
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errShortRecord
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *reader) float() float64 { return math.Float64frombits(binary.BigEndian.Uint64(r.take(8))) }

// str copies the bytes: the record's memory belongs to the transaction.
func (r *reader) str() string {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.err = errShortRecord
		return ""
	}
	return string(r.take(int(n)))
}

func (r *reader) bool(bits byte, i int) bool { return bits&(1<<i) != 0 }

func (r *reader) date() data.Date {
	n := r.int()
	if n == 0 {
		return data.Date{}
	}
	return data.DateFromDayNumber(n - 1)
}

// done reports a failure, or bytes left over.
func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		return errors.New("the record has bytes past its end")
	}
	return r.err
}

func encodeStudent(s data.Student) []byte {
	w := writer{b: make([]byte, 0, 96)}
	w.byte(studentFormatV2)
	w.id(s.ID)
	w.str(s.LocalID)
	w.str(s.SourcedID)
	w.str(s.GivenName)
	w.str(s.FamilyName)
	w.date(s.BirthDate)
	w.str(string(s.Grade))
	w.str(string(s.Sex))
	w.str(string(s.Race))
	w.bools(s.EnglishLearner, s.Disability, s.Section504, s.EconDisadvantaged, s.Withdrawn)
	w.date(s.WithdrawnOn)
	w.uint(uint64(len(s.CustomGroups)))
	for _, g := range s.CustomGroups {
		w.str(g)
	}
	w.date(s.EnrolledFrom)
	return w.b
}

func decodeStudent(b []byte, s *data.Student) error {
	r := reader{b: b}
	format := r.byte()
	if format != studentFormatV1 && format != studentFormatV2 {
		return errors.New("unknown student record format")
	}
	*s = data.Student{ID: r.id(), LocalID: r.str(), SourcedID: r.str(), GivenName: r.str(), FamilyName: r.str(), BirthDate: r.date(),
		Grade: data.Grade(r.str()), Sex: data.Sex(r.str()), Race: data.Race(r.str())}
	bits := r.byte()
	s.EnglishLearner, s.Disability, s.Section504, s.EconDisadvantaged, s.Withdrawn = r.bool(bits, 0), r.bool(bits, 1), r.bool(bits, 2), r.bool(bits, 3), r.bool(bits, 4)
	s.WithdrawnOn = r.date()
	if n := r.uint(); n > 0 && n <= uint64(len(r.b)) {
		s.CustomGroups = make([]string, n)
		for i := range s.CustomGroups {
			s.CustomGroups[i] = r.str()
		}
	}
	if format == studentFormatV2 {
		s.EnrolledFrom = r.date()
	}
	return r.done()
}

func encodePlan(p data.Plan) []byte {
	w := writer{b: make([]byte, 0, 160)}
	w.byte(planFormatV1)
	w.id(p.ID)
	w.id(p.Student)
	w.int(int(p.Tier))
	w.str(p.Interventionist)
	w.date(p.Review)
	w.date(p.PlannedEnd)
	w.id(p.Goal.Measure)
	w.float(p.Goal.Baseline)
	w.date(p.Goal.BaselineDate)
	w.float(p.Goal.Target)
	w.date(p.Goal.TargetDate)
	w.str(string(p.Status))
	w.date(p.Ended)
	w.str(p.EndReason)
	w.uint(uint64(len(p.Phases)))
	for _, ph := range p.Phases {
		w.date(ph.Start)
		w.id(ph.Intervention)
		w.int(ph.SessionsPerWeek)
		w.int(ph.MinutesPerSession)
		w.str(ph.Note)
	}
	return w.b
}

func decodePlan(b []byte, p *data.Plan) error {
	r := reader{b: b}
	if r.byte() != planFormatV1 {
		return errors.New("unknown plan record format")
	}
	*p = data.Plan{ID: r.id(), Student: r.id(), Tier: data.Tier(r.int()), Interventionist: r.str(), Review: r.date(), PlannedEnd: r.date()}
	p.Goal = data.Goal{Measure: r.id(), Baseline: r.float(), BaselineDate: r.date(), Target: r.float(), TargetDate: r.date()}
	p.Status, p.Ended, p.EndReason = data.PlanStatus(r.str()), r.date(), r.str()
	if n := r.uint(); n > 0 && n <= uint64(len(r.b)) {
		p.Phases = make([]data.Phase, n)
		for i := range p.Phases {
			p.Phases[i] = data.Phase{Start: r.date(), Intervention: r.id(), SessionsPerWeek: r.int(), MinutesPerSession: r.int(), Note: r.str()}
		}
	}
	return r.done()
}

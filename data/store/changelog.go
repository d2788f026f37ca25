package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/team/merge"
)

// Team sync's change log (DESIGN §10). Every write of a record also appends, in the same
// transaction, one change: its id (UUID v7), this device's id, the hybrid logical clock, the
// entity, the record's key, and the record (JSON, stable across storage formats) or a tombstone.
// The log holds every change this store has seen, its own and other devices', so the merged
// state and the conflict list are always a function of the log.
//
// The buckets are created by the first write that needs them, so a store that never joins a team
// pays nothing at open.
var (
	bucketChanges   = []byte("team_changes")    // local sequence (8) → change (merge.AppendBinary)
	bucketChangeIDs = []byte("team_change_ids") // change id → local sequence: a change is applied once
	bucketHeads     = []byte("team_heads")      // entity code (1) + record key → the record's winning change: sequence (8), epoch (12), clock (12)
	bucketPending   = []byte("team_pending")    // parent ref + child ref → nothing: winners waiting for a record they refer to
)

// Keys of the meta bucket kept by the change log.
var (
	keyDevice = []byte("team_device") // this store's device id (16 bytes)
	keyClock  = []byte("team_clock")  // the hybrid logical clock: wall (8), counter (4)
)

// txLog is the change log's state during one write transaction: read once, not per change (a
// bulk import logs 100,000 changes), and the clock written back once at the end.
type txLog struct {
	applying bool // the transaction applies other devices' changes: those are not logged again
	device   data.ID
	clock    merge.Clock
	loaded   bool
	ticked   bool
	buckets  map[string]*bolt.Bucket // the change-log buckets, looked up once
}

var (
	txLogsMu sync.Mutex
	txLogs   = map[*bolt.Tx]*txLog{}
)

// withChangeLog runs a write transaction's fn with its change-log state, and saves the clock if
// fn logged anything.
func withChangeLog(tx *bolt.Tx, fn func(tx *bolt.Tx) error) error {
	st := &txLog{}
	txLogsMu.Lock()
	txLogs[tx] = st
	txLogsMu.Unlock()
	defer func() {
		txLogsMu.Lock()
		delete(txLogs, tx)
		txLogsMu.Unlock()
	}()
	err := fn(tx)
	if err == nil && st.ticked {
		err = tx.Bucket(bucketMeta).Put(keyClock, encodeClock(st.clock))
	}
	return err
}

// logState returns the transaction's change-log state, its device and clock read.
func logState(tx *bolt.Tx) (*txLog, error) {
	txLogsMu.Lock()
	st := txLogs[tx]
	txLogsMu.Unlock()
	if st == nil {
		return nil, fmt.Errorf("internal error: a write outside Store.update cannot be logged")
	}
	if !st.loaded {
		var err error
		if st.device, err = deviceID(tx); err != nil {
			return nil, err
		}
		st.clock, st.loaded = readClock(tx.Bucket(bucketMeta)), true
	}
	return st, nil
}

// markApplying makes tx's writes unlogged: they are other devices' changes, logged as they came.
func markApplying(tx *bolt.Tx) error {
	st, err := logState(tx)
	if err == nil {
		st.applying = true
	}
	return err
}

// entity is a kind of record in the change log.
type entity struct {
	code   byte
	name   string
	kind   merge.Kind
	parent *entity // the record a record of this kind belongs to, whose key starts its own
}

// The entities, in dependency order: a record refers only to kinds before its own, so applying
// in this order writes parents first.
var (
	entSettings     = &entity{code: 1, name: "settings", kind: merge.Edited}
	entMeasure      = &entity{code: 2, name: "measure", kind: merge.Edited}
	entIntervention = &entity{code: 3, name: "intervention", kind: merge.Edited}
	entStudent      = &entity{code: 4, name: "student", kind: merge.Edited}
	entPlan         = &entity{code: 5, name: "plan", kind: merge.Edited, parent: entStudent}
	entScore        = &entity{code: 6, name: "score", kind: merge.Logged, parent: entStudent}
	entSession      = &entity{code: 7, name: "session", kind: merge.Logged, parent: entPlan}
	entTier         = &entity{code: 8, name: "tier", kind: merge.Logged, parent: entStudent}
	entDecision     = &entity{code: 9, name: "decision", kind: merge.Logged, parent: entStudent}
	entities        = []*entity{entSettings, entMeasure, entIntervention, entStudent, entPlan, entScore, entSession, entTier, entDecision}
)

func entityNamed(name string) *entity {
	for _, e := range entities {
		if e.name == name {
			return e
		}
	}
	return nil
}

// keyLen is the length of a record key of the entity: ids, a score's student|measure|day|kind,
// a session's plan|day|id; settings have the one key "settings".
func (e *entity) keyLen() int {
	switch e {
	case entSettings:
		return len(keySettings)
	case entScore:
		return scoreKeyLen
	case entSession:
		return sessionKeyLen
	}
	return 16
}

// ref is the head and pending key of a record: entity code, then the record key.
func (e *entity) ref(key []byte) []byte { return append([]byte{e.code}, key...) }

// wallClock is the wall time of local changes in milliseconds; tests may replace it.
var wallClock = func() int64 { return time.Now().UnixMilli() }

// teamBucket returns a change-log bucket, creating it in a write transaction; a write
// transaction looks each one up once.
func teamBucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	txLogsMu.Lock()
	st := txLogs[tx]
	txLogsMu.Unlock()
	if st != nil {
		if b := st.buckets[string(name)]; b != nil {
			return b, nil
		}
	}
	b := tx.Bucket(name)
	if b == nil && tx.Writable() {
		var err error
		if b, err = tx.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	if st != nil && b != nil {
		if st.buckets == nil {
			st.buckets = map[string]*bolt.Bucket{}
		}
		st.buckets[string(name)] = b
	}
	return b, nil
}

// applying reports whether tx applies other devices' changes: those are logged once, as they
// arrived, not again as this device's.
func applying(tx *bolt.Tx) bool {
	txLogsMu.Lock()
	defer txLogsMu.Unlock()
	st := txLogs[tx]
	return st != nil && st.applying
}

// logPut records that v was written under key; parent is the record it belongs to, if its
// entity has one.
func logPut(tx *bolt.Tx, e *entity, key []byte, parent data.ID, v any) error {
	if applying(tx) {
		return nil
	}
	body, err := encodeBody(v)
	if err != nil {
		return fmt.Errorf("log %s %x: %w", e.name, key, err)
	}
	return logLocal(tx, e, key, parent, body)
}

// encodeBody is a record as a change carries it: scores and sessions, the bulk of a term's
// changes, in their compact binary form (versioned by its first byte; the key holds the rest),
// other records as JSON, stable across the store's own encodings.
func encodeBody(v any) ([]byte, error) {
	switch r := v.(type) {
	case data.Score:
		return scorePayload(r), nil
	case data.Session:
		return sessionPayload(r), nil
	}
	return json.Marshal(v)
}

// RecordJSON returns the record a change carries as JSON, for people to read (the conflict
// list); a tombstone is "null".
func RecordJSON(c Change) (string, error) {
	e := entityNamed(c.Ref.Entity)
	switch {
	case c.Deleted:
		return "null", nil
	case e == entScore:
		sc, err := decodeScore([]byte(c.Ref.Key), c.Body)
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(sc)
		return string(b), err
	case e == entSession:
		ss, err := decodeSession([]byte(c.Ref.Key), c.Body)
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(ss)
		return string(b), err
	}
	return string(c.Body), nil
}

// logDelete records that the record under key was deleted.
func logDelete(tx *bolt.Tx, e *entity, key []byte, parent data.ID) error {
	if applying(tx) {
		return nil
	}
	return logLocal(tx, e, key, parent, nil)
}

func logLocal(tx *bolt.Tx, e *entity, key []byte, parent data.ID, body []byte) error {
	st, err := logState(tx)
	if err != nil {
		return err
	}
	st.clock, st.ticked = st.clock.Tick(wallClock()), true
	c := merge.Change{ID: data.NewID().String(), Device: st.device.String(), Clock: st.clock, Kind: e.kind,
		Ref: merge.Ref{Entity: e.name, Key: string(key)}, Deleted: body == nil, Body: body}
	if e.parent != nil {
		c.Parent = &merge.Ref{Entity: e.parent.name, Key: string(parent[:])}
	}
	if !c.Deleted {
		// A put comes after the deletes of its record this device has seen (merge.Change.Since).
		h, ok, err := headOrder(tx, e, key)
		if err != nil {
			return err
		}
		if ok {
			c.Since = h.epoch
		}
	}
	seq, err := appendChange(tx, c, false)
	if err != nil {
		return err
	}
	return setHead(tx, e, key, seq, c)
}

// deviceID returns this store's device id, made on the first change.
func deviceID(tx *bolt.Tx) (data.ID, error) {
	meta := tx.Bucket(bucketMeta)
	if v := meta.Get(keyDevice); len(v) == 16 {
		return idFrom(v), nil
	}
	id := data.NewID()
	if !tx.Writable() {
		return data.ID{}, nil
	}
	return id, meta.Put(keyDevice, id[:])
}

func readClock(meta *bolt.Bucket) merge.Clock {
	return decodeClock(meta.Get(keyClock))
}

func decodeClock(v []byte) merge.Clock {
	if len(v) != 12 {
		return merge.Clock{}
	}
	return merge.Clock{Wall: int64(binary.BigEndian.Uint64(v)), Logical: binary.BigEndian.Uint32(v[8:])}
}

func encodeClock(c merge.Clock) []byte {
	return binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint64(nil, uint64(c.Wall)), c.Logical)
}

// appendChange adds a change to the log and returns its sequence; the caller has checked that
// the change is new. Only other devices' changes are indexed by id: this device's own never
// come back to it (ApplyChanges skips them).
func appendChange(tx *bolt.Tx, c merge.Change, remote bool) (uint64, error) {
	log, err := teamBucket(tx, bucketChanges)
	if err != nil {
		return 0, err
	}
	seq, err := log.NextSequence()
	if err != nil {
		return 0, err
	}
	k := binary.BigEndian.AppendUint64(nil, seq)
	if err := log.Put(k, merge.AppendBinary(nil, c)); err != nil {
		return 0, err
	}
	if !remote {
		return seq, nil
	}
	ids, err := teamBucket(tx, bucketChangeIDs)
	if err != nil {
		return 0, err
	}
	return seq, ids.Put([]byte(c.ID), k)
}

// setHead records c, logged at seq, as the record's winner, with what ordering it needs, so
// deciding whether a change wins reads no change from the log.
func setHead(tx *bolt.Tx, e *entity, key []byte, seq uint64, c merge.Change) error {
	heads, err := teamBucket(tx, bucketHeads)
	if err != nil {
		return err
	}
	v := make([]byte, 0, 32)
	v = binary.BigEndian.AppendUint64(v, seq)
	v = append(v, encodeClock(c.Epoch())...)
	return heads.Put(e.ref(key), append(v, encodeClock(c.Clock)...))
}

// headKey is what orders a record's winner against other changes: see merge.Change.Compare.
type headKey struct {
	seq          []byte
	epoch, clock merge.Clock
}

// headOrder returns the ordering of a record's winner, and false when no change of it was
// logged. Heads written before they carried it (8 bytes) are read from the log.
func headOrder(tx *bolt.Tx, e *entity, key []byte) (headKey, bool, error) {
	heads, err := teamBucket(tx, bucketHeads)
	if err != nil || heads == nil {
		return headKey{}, false, err
	}
	v := heads.Get(e.ref(key))
	switch len(v) {
	case 0:
		return headKey{}, false, nil
	case 32:
		return headKey{seq: v[:8], epoch: decodeClock(v[8:20]), clock: decodeClock(v[20:])}, true, nil
	}
	c, ok, err := changeAt(tx, v[:8])
	return headKey{seq: v[:8], epoch: c.Epoch(), clock: c.Clock}, ok, err
}

// wins reports whether change c beats the record's winner h (merge.Change.Compare), reading the
// winner from the log only on a tie of epoch and clock.
func wins(tx *bolt.Tx, c merge.Change, h headKey) (bool, error) {
	if r := c.Epoch().Compare(h.epoch); r != 0 {
		return r > 0, nil
	}
	if r := c.Clock.Compare(h.clock); r != 0 {
		return r > 0, nil
	}
	old, _, err := changeAt(tx, h.seq)
	return c.Compare(old) > 0, err
}

// head returns the winning change of a record, and false when no change of it was logged.
func head(tx *bolt.Tx, e *entity, key []byte) (merge.Change, bool, error) {
	heads, err := teamBucket(tx, bucketHeads)
	if err != nil || heads == nil {
		return merge.Change{}, false, err
	}
	v := heads.Get(e.ref(key))
	if len(v) < 8 {
		return merge.Change{}, false, nil
	}
	return changeAt(tx, v[:8])
}

func changeAt(tx *bolt.Tx, seq []byte) (merge.Change, bool, error) {
	log, err := teamBucket(tx, bucketChanges)
	if err != nil {
		return merge.Change{}, false, err
	}
	raw := log.Get(seq)
	if raw == nil {
		return merge.Change{}, false, fmt.Errorf("the change log lacks change %x", seq)
	}
	c, _, err := merge.DecodeBinary(raw)
	if err != nil {
		return c, false, fmt.Errorf("change %x in the log: %w", seq, err)
	}
	return c, true, nil
}

// logStudentDeleted logs the tombstones of a student and of everything deleted with them that
// no other write logs (scores, tier changes, decisions; plans and sessions log their own), so
// the other devices delete the same records and list none of them as orphans.
func logStudentDeleted(tx *bolt.Tx, id data.ID) error {
	if applying(tx) {
		return nil
	}
	c := tx.Bucket(bucketScores).Cursor()
	for k, _ := c.Seek(id[:]); k != nil && hasPrefix(k, id[:]); k, _ = c.Next() {
		if err := logDelete(tx, entScore, append([]byte(nil), k...), id); err != nil {
			return err
		}
	}
	for _, index := range []struct {
		bucket []byte
		e      *entity
	}{{bucketTierChangesByStudent, entTier}, {bucketDecisionsByStudent, entDecision}} {
		c := tx.Bucket(index.bucket).Cursor()
		for k, _ := c.Seek(id[:]); k != nil && hasPrefix(k, id[:]); k, _ = c.Next() {
			if err := logDelete(tx, index.e, append([]byte(nil), k[len(k)-16:]...), id); err != nil {
				return err
			}
		}
	}
	return logDelete(tx, entStudent, id[:], data.ID{})
}

// Change is one entry of the change log, as it travels between devices.
type Change = merge.Change

// ChangeLogStatus says what the change log holds.
type ChangeLogStatus struct {
	Device  data.ID // this store's device id (zero before its first change)
	Changes int     // changes in the log, this device's and others'
	Last    uint64  // the sequence of the newest change
	Waiting int     // other devices' records waiting for a record they refer to
}

// ChangeLog returns the log's figures.
func (s *Store) ChangeLog() (ChangeLogStatus, error) {
	var st ChangeLogStatus
	err := s.view(func(tx *bolt.Tx) error {
		st.Device, _ = deviceID(tx)
		if log := tx.Bucket(bucketChanges); log != nil {
			st.Changes, st.Last = log.Stats().KeyN, log.Sequence()
		}
		if p := tx.Bucket(bucketPending); p != nil {
			st.Waiting = p.Stats().KeyN
		}
		return nil
	})
	return st, err
}

// ChangesSince returns the changes logged after sequence after and up to upTo (0: the newest),
// in log order, and the newest sequence read; with own set, only this device's own changes (what
// it publishes to the team).
func (s *Store) ChangesSince(after, upTo uint64, own bool) ([]Change, uint64, error) {
	var out []Change
	last := after
	err := s.view(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketChanges)
		if log == nil {
			return nil
		}
		device, _ := deviceID(tx)
		mine := device.String()
		c := log.Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, after+1)); k != nil; k, v = c.Next() {
			seq := binary.BigEndian.Uint64(k)
			if upTo > 0 && seq > upTo {
				break
			}
			ch, _, err := merge.DecodeBinary(v)
			if err != nil {
				return fmt.Errorf("change %x in the log: %w", k, err)
			}
			last = seq
			if !own || ch.Device == mine {
				out = append(out, ch)
			}
		}
		return nil
	})
	return out, last, err
}

// Device returns this store's device id, making it on first use.
func (s *Store) Device() (data.ID, error) {
	var id data.ID
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		id, err = deviceID(tx)
		return err
	})
	return id, err
}

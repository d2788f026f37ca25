// Package store keeps a school's Tierline data in one bbolt file.
//
// Layout: one bucket per entity keyed by the record's UUID (v7, so keys are
// time-ordered), plus ordered index buckets whose keys are fixed-width
// big-endian parts: scores by student|measure|day|kind, plans by
// student|plan, sessions by plan|day|session (scores and sessions, the bulk
// of a store, are keyed that way directly and binary-encoded), tier changes and decisions by
// student|day|id. Every exported method is one transaction, so a failed
// validation or a crash leaves nothing half-written. Values read from bbolt
// are decoded (copied) before the transaction ends.
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/tierline/tierline/data"
)

// Bucket names.
var (
	bucketMeta                 = []byte("meta")
	bucketStudents             = []byte("students")
	bucketStudentsByLocalID    = []byte("students_by_local_id")
	bucketMeasures             = []byte("measures")
	bucketScores               = []byte("scores")
	bucketInterventions        = []byte("interventions")
	bucketPlans                = []byte("plans")
	bucketPlansByStudent       = []byte("plans_by_student")
	bucketSessions             = []byte("sessions")
	bucketTierChanges          = []byte("tier_changes")
	bucketTierChangesByStudent = []byte("tier_changes_by_student")
	bucketDecisions            = []byte("decisions")
	bucketDecisionsByStudent   = []byte("decisions_by_student")
	bucketActivePlans          = []byte("active_plans")  // plan id → student id, for the review list
	bucketSessionWeeks         = []byte("session_weeks") // Monday → sessions logged that week
)

// Keys of the meta bucket.
var (
	keySchemaVersion = []byte("schema_version")
	keySettings      = []byte("settings")
)

// maxFileSize bounds the file (0: no bound); tests set it to play a full disk.
var maxFileSize = 0

// lockTimeout bounds the wait for the file lock: a second Tierline on the
// same store gets a clear error instead of hanging.
const lockTimeout = time.Second

// ErrAlreadyOpen is returned by Open when another process holds the store.
var ErrAlreadyOpen = &data.Error{Code: data.ECONFLICT, Message: "this Tierline store is already open in another window"}

// Store is a school's data in one bbolt file.
type Store struct {
	path string
	// Now returns the current time; tests replace it.
	Now func() time.Time

	mu sync.RWMutex // guards db, which Restore swaps
	db *bolt.DB
}

// New returns a store for the file at path; Open does the I/O.
func New(path string) *Store {
	return &Store{path: path, Now: time.Now}
}

// Open opens (creating if needed) the store file and brings its schema up to date.
func Open(path string) (*Store, error) {
	s := New(path)
	if err := s.Open(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path returns the store's file path.
func (s *Store) Path() string { return s.path }

// Open opens the file and runs pending migrations in one transaction.
func (s *Store) Open() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reopen()
}

// reopen opens s.path with s.mu held.
func (s *Store) reopen() error {
	db, err := openFile(s.path, false)
	if err != nil {
		return err
	}
	var version uint64
	db.View(func(tx *bolt.Tx) error { //nolint:errcheck // a read of one key
		version = schemaVersion(tx.Bucket(bucketMeta))
		return nil
	})
	if version > 0 && version < uint64(len(migrations)) {
		if err := backupBeforeMigration(db, s.path, version, s.Now()); err != nil {
			db.Close()
			return err
		}
	}
	if err := db.Update(migrate); err != nil {
		db.Close()
		return fmt.Errorf("open %s: %w", s.path, err)
	}
	s.db = db
	return nil
}

func openFile(path string, readOnly bool) (*bolt.DB, error) {
	if !readOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			if isReadOnlyFS(err) {
				return nil, readOnlyFolder(path)
			}
			return nil, fmt.Errorf("create the folder for %s: %w", path, err)
		}
	}
	if err := checkLength(path); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly, InitialMmapSize: initialMmapSize, MaxSize: maxFileSize})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, ErrAlreadyOpen
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, data.Errorf(data.EINVALID, "%s is not a Tierline store, or it is damaged", path)
	case err != nil && !readOnly && isReadOnlyFS(err):
		return nil, readOnlyFolder(path)
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if maxFileSize > 0 {
		db.AllocSize = 64 << 10 // a bounded file grows in steps that fit the bound
	}
	return db, nil
}

// damagedAdvice is what to do about a store file that cannot be read.
const damagedAdvice = "the store is damaged: restore a backup (Settings → Backups lists them)"

// checkLength refuses a file shorter than its own header says. bbolt maps
// the file and reads pages up to the header's high-water mark without
// checking that the file reaches it, so a truncated store crashed every
// command with SIGBUS instead of saying what is wrong.
func checkLength(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // a new store
	}
	if err != nil {
		return nil // bbolt's own open says why
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return nil
	}
	const headerSize = 16 // a page's id, flags, count and overflow, before the meta
	first := make([]byte, 4096)
	n, _ := io.ReadFull(f, first)
	if n < headerSize+64 || binary.LittleEndian.Uint32(first[headerSize:]) != boltMagic {
		return nil // not a bbolt file: bbolt refuses it in words
	}
	pageSize := int64(binary.LittleEndian.Uint32(first[headerSize+8:]))
	var highWater uint64
	var newest uint64
	for i := int64(0); i < 2; i++ {
		meta := make([]byte, headerSize+64)
		if _, err := f.ReadAt(meta, i*pageSize); err != nil {
			return data.Errorf(data.EINVALID, "%s: %s (the file ends at %d bytes, inside its header)", path, damagedAdvice, info.Size())
		}
		m := meta[headerSize:]
		if binary.LittleEndian.Uint32(m) != boltMagic {
			continue
		}
		if txid := binary.LittleEndian.Uint64(m[48:]); txid >= newest {
			newest, highWater = txid, binary.LittleEndian.Uint64(m[40:])
		}
	}
	if need := int64(highWater) * pageSize; need > info.Size() {
		return data.Errorf(data.EINVALID, "%s: %s (the file ends at %d bytes; its data runs to %d)", path, damagedAdvice, info.Size(), need)
	}
	return nil
}

// boltMagic opens every bbolt meta page.
const boltMagic = 0xED0CDAED

// Close closes the store file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// view runs fn in a read transaction.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return data.Errorf(data.EINTERNAL, "the store is closed")
	}
	return s.db.View(fn)
}

// update runs fn in a write transaction; it commits only if fn returns nil.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.db == nil {
		return data.Errorf(data.EINTERNAL, "the store is closed")
	}
	return writeError(s.db.Update(func(tx *bolt.Tx) error { return withChangeLog(tx, fn) }))
}

// writeError turns the file-system failures of a write into sentences a
// teacher can act on; domain errors pass through.
func writeError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, berrors.ErrMaxSizeReached), isDiskFull(err):
		return &data.Error{Code: data.EINTERNAL, Message: "Could not save: the disk is full. Free some space and try again; nothing was changed."}
	case errors.Is(err, berrors.ErrDatabaseReadOnly), isReadOnlyFS(err):
		return &data.Error{Code: data.EINTERNAL, Message: "Could not save: the store is read-only. Check the folder's permissions; nothing was changed."}
	}
	return err
}

// migration is one step of the schema. Steps run in order, each in the same
// transaction as the version bump that records it.
type migration struct {
	name  string
	apply func(tx *bolt.Tx) error
}

var migrations = []migration{
	{"create the buckets of schema 1", createBuckets(
		bucketStudents, bucketStudentsByLocalID, bucketMeasures, bucketScores,
		bucketInterventions, bucketPlans, bucketPlansByStudent, bucketSessions,
		bucketTierChanges, bucketTierChangesByStudent, bucketDecisions, bucketDecisionsByStudent)},
	{"index the active plans and the weeks with sessions", indexPlansAndWeeks},
	{"keep each tier change's new tier in the tier index", tierIndexValues},
	{"store students and plans in binary", binaryRecords},
	{"add the outbox and the sync settings", createBuckets(bucketOutbox, bucketSync)},
	{"give every student a record key for the summaries' perturbation", addRecordKeys},
	{"seal every record with a CRC-32C checksum", sealRecords},
	{"keep each window's last sent summary, for its corrections", createBuckets(bucketSentWindows)},
}

func createBuckets(names ...[]byte) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		for _, n := range names {
			if _, err := tx.CreateBucketIfNotExists(n); err != nil {
				return fmt.Errorf("create bucket %s: %w", n, err)
			}
		}
		return nil
	}
}

// indexPlansAndWeeks creates the active-plans and session-weeks indexes and
// fills them from the records.
func indexPlansAndWeeks(tx *bolt.Tx) error {
	index, err := tx.CreateBucketIfNotExists(bucketActivePlans)
	if err != nil {
		return err
	}
	if _, err := tx.CreateBucketIfNotExists(bucketSessionWeeks); err != nil {
		return err
	}
	sessions, err := readSessions(tx, nil)
	if err != nil {
		return err
	}
	for _, ss := range sessions {
		if err := countWeek(tx, ss.Date, +1); err != nil {
			return err
		}
	}
	plans, err := list[data.Plan](tx.Bucket(bucketPlans))
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.Status == data.Active {
			if err := index.Put(p.ID[:], p.Student[:]); err != nil {
				return err
			}
		}
	}
	return nil
}

// tierIndexValues stores each tier change's new tier in its index entry.
func tierIndexValues(tx *bolt.Tx) error {
	changes, err := list[data.TierChange](tx.Bucket(bucketTierChanges))
	if err != nil {
		return err
	}
	index := tx.Bucket(bucketTierChangesByStudent)
	for _, c := range changes {
		if err := index.Put(key(c.Student, c.Date, c.ID), []byte{byte(c.To)}); err != nil {
			return err
		}
	}
	return nil
}

// binaryRecords rewrites the students and plans, stored as JSON until
// schema 3, in their binary form.
func binaryRecords(tx *bolt.Tx) error {
	students, err := list[data.Student](tx.Bucket(bucketStudents))
	if err != nil {
		return err
	}
	for _, st := range students {
		if err := put(tx.Bucket(bucketStudents), st.ID[:], st); err != nil {
			return err
		}
	}
	plans, err := list[data.Plan](tx.Bucket(bucketPlans))
	if err != nil {
		return err
	}
	for _, p := range plans {
		if err := put(tx.Bucket(bucketPlans), p.ID[:], p); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the schema this build of Tierline writes.
func SchemaVersion() int { return len(migrations) }

func migrate(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	version := schemaVersion(meta)
	if version > uint64(len(migrations)) {
		return data.Errorf(data.EINVALID, "this store was written by a newer Tierline (schema %d; this version knows up to %d): update Tierline to open it", version, len(migrations))
	}
	for i := version; i < uint64(len(migrations)); i++ {
		if err := migrations[i].apply(tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", i+1, migrations[i].name, err)
		}
		if err := meta.Put(keySchemaVersion, binary.BigEndian.AppendUint64(nil, i+1)); err != nil {
			return err
		}
	}
	return nil
}

func schemaVersion(meta *bolt.Bucket) uint64 {
	if meta == nil {
		return 0
	}
	if v := meta.Get(keySchemaVersion); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// Version returns the schema version recorded in the store.
func (s *Store) Version() (int, error) {
	var v uint64
	err := s.view(func(tx *bolt.Tx) error {
		v = schemaVersion(tx.Bucket(bucketMeta))
		return nil
	})
	return int(v), err
}

// Settings returns the school's settings, ENOTFOUND before the first-run setup.
func (s *Store) Settings() (data.Settings, error) {
	var out data.Settings
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = readSettings(tx)
		return err
	})
	return out, err
}

func readSettings(tx *bolt.Tx) (data.Settings, error) {
	st, ok, err := get[data.Settings](tx.Bucket(bucketMeta), keySettings)
	if err != nil {
		return st, err
	}
	if !ok {
		return st, ErrNotSetUp
	}
	return st, nil
}

// ErrNotSetUp is what reading a store with no school yet returns, so that
// callers can say how to set one up (the command line: tierline init).
var ErrNotSetUp = data.Errorf(data.ENOTFOUND, "the school has not been set up yet")

// SaveSettings validates and stores the school's settings.
func (s *Store) SaveSettings(st data.Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := logPut(tx, entSettings, keySettings, data.ID{}, st); err != nil {
			return err
		}
		return put(tx.Bucket(bucketMeta), keySettings, st)
	})
}

// IsEmpty reports whether the store holds no school yet (the first run).
func (s *Store) IsEmpty() (bool, error) {
	empty := false
	err := s.view(func(tx *bolt.Tx) error {
		empty = isEmpty(tx)
		return nil
	})
	return empty, err
}

func isEmpty(tx *bolt.Tx) bool {
	first, _ := tx.Bucket(bucketStudents).Cursor().First()
	return tx.Bucket(bucketMeta).Get(keySettings) == nil && first == nil
}

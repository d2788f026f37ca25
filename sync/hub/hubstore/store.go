package hubstore

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/tierline/tierline/sync/hubapi"
)

var (
	bucketMeta      = []byte("meta")
	bucketSchools   = []byte("schools")   // code → School
	bucketTokens    = []byte("tokens")    // sha256(token) → code
	bucketReceipts  = []byte("receipts")  // code 0 submission id → receipt
	bucketSequences = []byte("sequences") // code 0 sequence → submission id
	bucketCurrent   = []byte("current")   // code 0 year 0 window → Current (no body since schema 2)
	bucketCells     = []byte("cells")     // year 0 window 0 code 0 position → Cell, of current summaries
	bucketWindows   = []byte("windows")   // year 0 window → version, raised when a current summary changes
	bucketUsers     = []byte("users")     // name → User
	bucketSessions  = []byte("sessions")  // sha256(session token) → Session
	keySchema       = []byte("schema")
)

// schemaVersion is the layout this build writes; a store from a newer
// hub is refused. Schema 2 keeps current summaries as cells, not bodies.
const schemaVersion = 2

// ErrAlreadyOpen is returned when another process holds the store: most
// likely the hub itself, serving.
var ErrAlreadyOpen = errors.New("the hub's store is in use, most likely by the running hub (tierline-hub serve): enroll or revoke schools on its admin page, /admin, or stop it first")

// Refusals of Submit.
var (
	ErrKeyReused    = errors.New("this Idempotency-Key was already used for a different summary")
	ErrSequenceUsed = errors.New("this sequence was already used by another summary of the school")
	ErrNotFound     = errors.New("not found")
)

// CodePattern is what a school code looks like.
var CodePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,20}$`)

// Bolt is the hub's store in one bbolt file: the embedded default, for one district.
type Bolt struct {
	db *bolt.DB
}

// Open opens (creating) the hub's store.
func Open(path string) (*Bolt, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the folder for %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, ErrAlreadyOpen
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Concurrent submissions share commits (bbolt's Batch): one fsync for
	// many summaries.
	db.MaxBatchDelay = time.Millisecond
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketSchools, bucketTokens, bucketReceipts, bucketSequences, bucketCurrent, bucketCells, bucketWindows, bucketUsers, bucketSessions} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keySchema); len(v) == 8 && binary.BigEndian.Uint64(v) > schemaVersion {
			return fmt.Errorf("this hub store was written by a newer tierline-hub (schema %d): update the hub", binary.BigEndian.Uint64(v))
		} else if len(v) == 8 && binary.BigEndian.Uint64(v) < 2 {
			if err := currentToCells(tx); err != nil {
				return fmt.Errorf("move the current summaries to cells: %w", err)
			}
		}
		return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, schemaVersion))
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &Bolt{db: db}, nil
}

// Close closes the file.
func (s *Bolt) Close() error { return s.db.Close() }

// School is an enrolled school.
type School struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	TokenHash []byte    `json:"token_hash"`
	Revoked   bool      `json:"revoked"`
	Enrolled  time.Time `json:"enrolled"`
	LastSync  time.Time `json:"last_sync"`
	Highest   uint64    `json:"highest_sequence"`
}

// HashToken is how a token is kept: its SHA-256. A token has 256 random
// bits, so a plain hash is enough (no password to stretch).
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Enroll adds a school, or gives an enrolled one a new token (the old one
// stops working), and returns the token: it is shown once and never stored.
func (s *Bolt) Enroll(code, name string, now time.Time) (string, error) {
	token, err := NewEnrollment(code, name)
	if err != nil {
		return "", err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		sc, found, err := getJSON[School](tx.Bucket(bucketSchools), []byte(code))
		if err != nil {
			return err
		}
		if found {
			if err := tx.Bucket(bucketTokens).Delete(sc.TokenHash); err != nil {
				return err
			}
		} else {
			sc = School{Code: code, Enrolled: now.UTC()}
		}
		sc.Name, sc.TokenHash, sc.Revoked = name, HashToken(token), false
		if err := tx.Bucket(bucketTokens).Put(sc.TokenHash, []byte(code)); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketSchools), []byte(code), sc)
	})
	if err != nil {
		return "", fmt.Errorf("enroll %s: %w", code, err)
	}
	return token, nil
}

// Revoke stops a school's token from working; its summaries stay.
func (s *Bolt) Revoke(code string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		sc, found, err := getJSON[School](tx.Bucket(bucketSchools), []byte(code))
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("no school %q is enrolled", code)
		}
		// The token stays indexed, so that its next use is told it was revoked.
		sc.Revoked = true
		return putJSON(tx.Bucket(bucketSchools), []byte(code), sc)
	})
}

// ResetSequence lets a school start its sequences again from 1: the way
// out when a school's counter went wrong (a hub before issue 22 accepted
// any sequence, 2⁶⁴−1 included). The school's highest goes to 0, its used
// sequences are forgotten and its current summaries keep their place only
// until the school sends a newer one. Receipts stay as they were.
func (s *Bolt) ResetSequence(code string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		sc, found, err := getJSON[School](tx.Bucket(bucketSchools), []byte(code))
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("no school %q is enrolled", code)
		}
		prefix := joinKey(code, "")
		seqs := tx.Bucket(bucketSequences).Cursor()
		for k, _ := seqs.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = seqs.Seek(prefix) {
			if err := seqs.Delete(); err != nil {
				return err
			}
		}
		current := tx.Bucket(bucketCurrent)
		var keys [][]byte
		var records []Current
		// Written after the walk: a cursor is not kept valid across a Put.
		c := current.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			cur, err := unmarshalCurrent(v)
			if err != nil {
				return fmt.Errorf("school %s's current summary %q: %w", code, k, err)
			}
			cur.Sequence = 0
			keys, records = append(keys, bytes.Clone(k)), append(records, cur)
		}
		for i, k := range keys {
			if err := current.Put(k, records[i].marshal()); err != nil {
				return err
			}
		}
		sc.Highest = 0
		return putJSON(tx.Bucket(bucketSchools), []byte(code), sc)
	})
}

// Schools lists the enrolled schools by code.
func (s *Bolt) Schools() ([]School, error) {
	var out []School
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSchools).ForEach(func(_, v []byte) error {
			var sc School
			if err := json.Unmarshal(v, &sc); err != nil {
				return err
			}
			out = append(out, sc)
			return nil
		})
	})
	return out, err
}

// School returns one school.
func (s *Bolt) School(code string) (School, error) {
	var sc School
	err := s.db.View(func(tx *bolt.Tx) error {
		var found bool
		var err error
		sc, found, err = getJSON[School](tx.Bucket(bucketSchools), []byte(code))
		if err == nil && !found {
			err = ErrNotFound
		}
		return err
	})
	return sc, err
}

// Authenticate finds the school of a token. It reports whether the token
// was once valid but revoked, so the answer can say so.
func (s *Bolt) Authenticate(token string) (sc School, revoked bool, err error) {
	hash := HashToken(token)
	err = s.db.View(func(tx *bolt.Tx) error {
		code := tx.Bucket(bucketTokens).Get(hash)
		if code == nil {
			return ErrNotFound
		}
		var found bool
		sc, found, err = getJSON[School](tx.Bucket(bucketSchools), code)
		if err != nil {
			return err
		}
		// The lookup was by hash; compare again in constant time so that
		// no timing depends on how much of a guess was right.
		if !found || subtle.ConstantTimeCompare(sc.TokenHash, hash) != 1 {
			return ErrNotFound
		}
		return nil
	})
	return sc, sc.Revoked, err
}

// Submission is a summary as received.
type Submission struct {
	School   string
	ID       string
	Sequence uint64
	Year     string
	Window   string
	Body     []byte // for its hash only: a repeat must bring the same bytes
	Cells    []Cell // what is kept of it
	Received time.Time
}

type receipt struct {
	Receipt  hubapi.Receipt `json:"receipt"`
	BodyHash []byte         `json:"body_hash"`
}

// Current is a school's newest summary of a window; its Body is in
// stores of schema 1 only.
type Current struct {
	School   string
	ID       string
	Sequence uint64
	Received time.Time
	Body     []byte
}

// Current summaries are the bulk of the store and are written on every
// submission: a binary record (sequence, received, school, id, body)
// spares encoding/json a pass over each body.
func (c Current) marshal() []byte {
	b := make([]byte, 0, 32+len(c.School)+len(c.ID)+len(c.Body))
	b = binary.BigEndian.AppendUint64(b, c.Sequence)
	b = binary.BigEndian.AppendUint64(b, uint64(c.Received.UnixNano()))
	b = append(b, byte(len(c.School)), byte(len(c.ID)))
	b = append(b, c.School...)
	b = append(b, c.ID...)
	return append(b, c.Body...)
}

func unmarshalCurrent(raw []byte) (Current, error) {
	if len(raw) < 18 || len(raw) < 18+int(raw[16])+int(raw[17]) {
		return Current{}, errors.New("a current summary record is cut short")
	}
	school, id := 18+int(raw[16]), 18+int(raw[16])+int(raw[17])
	return Current{
		Sequence: binary.BigEndian.Uint64(raw),
		Received: time.Unix(0, int64(binary.BigEndian.Uint64(raw[8:]))).UTC(),
		School:   string(raw[18:school]),
		ID:       string(raw[school:id]),
		Body:     bytes.Clone(raw[id:]),
	}, nil
}

// Submit records a summary: a repeat of the same id returns the first
// receipt (created false), and a summary becomes its window's current one
// unless a higher sequence is already current. Concurrent calls share a
// commit.
func (s *Bolt) Submit(sub Submission) (r hubapi.Receipt, created bool, err error) {
	hash := sha256.Sum256(sub.Body)
	err = s.db.Batch(func(tx *bolt.Tx) error {
		// Batch may run this function again: start from nothing each time.
		r, created = hubapi.Receipt{}, false
		receipts := tx.Bucket(bucketReceipts)
		rkey := joinKey(sub.School, sub.ID)
		prior, found, err := getJSON[receipt](receipts, rkey)
		if err != nil {
			return err
		}
		if found {
			if !bytes.Equal(prior.BodyHash, hash[:]) {
				return ErrKeyReused
			}
			r = prior.Receipt
			return nil
		}
		seqKey := append(joinKey(sub.School, ""), binary.BigEndian.AppendUint64(nil, sub.Sequence)...)
		if tx.Bucket(bucketSequences).Get(seqKey) != nil {
			return ErrSequenceUsed
		}
		if err := tx.Bucket(bucketSequences).Put(seqKey, []byte(sub.ID)); err != nil {
			return err
		}
		currentKey := joinKey(sub.School, sub.Year, sub.Window)
		// The current record starts with its sequence.
		prev := tx.Bucket(bucketCurrent).Get(currentKey)
		r = hubapi.Receipt{ID: sub.ID, School: sub.School, Year: sub.Year, Window: sub.Window, Sequence: sub.Sequence,
			Received: sub.Received.UTC(), Current: len(prev) < 8 || sub.Sequence > binary.BigEndian.Uint64(prev)}
		if r.Current {
			cur := Current{School: sub.School, ID: sub.ID, Sequence: sub.Sequence, Received: r.Received}
			if err := tx.Bucket(bucketCurrent).Put(currentKey, cur.marshal()); err != nil {
				return err
			}
			if err := putCells(tx, sub.School, sub.Year, sub.Window, sub.Cells); err != nil {
				return err
			}
		}
		if err := putJSON(receipts, rkey, receipt{Receipt: r, BodyHash: hash[:]}); err != nil {
			return err
		}
		sc, _, err := getJSON[School](tx.Bucket(bucketSchools), []byte(sub.School))
		if err != nil {
			return err
		}
		sc.LastSync, sc.Highest = r.Received, max(sc.Highest, sub.Sequence)
		created = true
		return putJSON(tx.Bucket(bucketSchools), []byte(sub.School), sc)
	})
	return r, created, err
}

// Counts returns how many receipts and current summaries the hub holds.
func (s *Bolt) Counts() (receipts, current int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		receipts = tx.Bucket(bucketReceipts).Stats().KeyN
		current = tx.Bucket(bucketCurrent).Stats().KeyN
		return nil
	})
	return receipts, current, err
}

// User is a district login.
type User struct {
	Name         string    `json:"name"`
	PasswordHash []byte    `json:"password_hash"` // bcrypt
	Added        time.Time `json:"added"`
	// Role is RoleAdmin or RoleViewer; a user stored before roles existed
	// has none and is an administrator (see Admin).
	Role string `json:"role,omitempty"`
}

// Roles of district users: administrators enrol schools and manage users;
// viewers only read the dashboard.
const (
	RoleAdmin  = "admin"
	RoleViewer = "viewer"
)

// Admin reports whether the user may enrol schools and manage users.
// Users from before roles (no role stored) were all able to, and keep it.
func (u User) Admin() bool { return u.Role != RoleViewer }

// SetUser adds a user or changes their password hash.
func (s *Bolt) SetUser(u User) error {
	return s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketUsers), []byte(u.Name), u) })
}

// User returns a user by name.
func (s *Bolt) User(name string) (User, error) {
	var u User
	err := s.db.View(func(tx *bolt.Tx) error {
		var found bool
		var err error
		u, found, err = getJSON[User](tx.Bucket(bucketUsers), []byte(name))
		if err == nil && !found {
			err = ErrNotFound
		}
		return err
	})
	return u, err
}

// Users lists the user names.
func (s *Bolt) Users() ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUsers).ForEach(func(k, _ []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	sort.Strings(out)
	return out, err
}

// Session is a signed-in browser.
type Session struct {
	User    string    `json:"user"`
	CSRF    string    `json:"csrf"`
	Expires time.Time `json:"expires"`
}

// NewSession signs a user in and returns the cookie's token; only its
// hash is kept.
func (s *Bolt) NewSession(user string, expires time.Time) (token string, sess Session, err error) {
	if token, sess, err = NewSessionToken(user, expires); err != nil {
		return "", sess, err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		// Sweep expired sessions while here.
		b := tx.Bucket(bucketSessions)
		var stale [][]byte
		b.ForEach(func(k, v []byte) error {
			var old Session
			if json.Unmarshal(v, &old) != nil || old.Expires.Before(expires.Add(-SessionSweepAge)) {
				stale = append(stale, k)
			}
			return nil
		})
		for _, k := range stale {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return putJSON(b, HashToken(token), sess)
	})
	return token, sess, err
}

// SessionSweepAge: a session that expired this long before a new one
// would is removed.
const SessionSweepAge = 24 * time.Hour

// Session returns the live session of a cookie token.
func (s *Bolt) Session(token string, now time.Time) (Session, error) {
	var sess Session
	err := s.db.View(func(tx *bolt.Tx) error {
		var found bool
		var err error
		sess, found, err = getJSON[Session](tx.Bucket(bucketSessions), HashToken(token))
		if err == nil && (!found || !now.Before(sess.Expires)) {
			err = ErrNotFound
		}
		return err
	})
	return sess, err
}

// EndSession signs a browser out.
func (s *Bolt) EndSession(token string) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete(HashToken(token)) })
}

func joinKey(parts ...string) []byte {
	var b []byte
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

func putJSON[T any](b *bolt.Bucket, key []byte, v T) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

func getJSON[T any](b *bolt.Bucket, key []byte) (T, bool, error) {
	var v T
	raw := b.Get(key)
	if raw == nil {
		return v, false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, false, fmt.Errorf("decode record %q: %w", key, err)
	}
	return v, true, nil
}

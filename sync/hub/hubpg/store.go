// Package hubpg keeps the hub's data in PostgreSQL, for a state's hub:
// thousands of schools and years of windows, and hub processes side by
// side on one database. It implements hubstore.Store and passes the same
// suite as the bbolt file.
package hubpg

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hubapi"
)

// Store is the hub's PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

var _ hubstore.Store = (*Store)(nil)

// timeout bounds every call: a database that stops answering fails the
// request instead of holding it.
const timeout = 30 * time.Second

func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), timeout)
}

// Open connects to a database (a postgres:// URL or a key=value
// connection string) and brings its schema up to date.
func Open(url string) (*Store, error) {
	c, cancel := ctx()
	defer cancel()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message quotes the URL, password included: say less.
		return nil, errors.New("the --store address is not a PostgreSQL connection string (postgres://user@host/database)")
	}
	pool, err := pgxpool.NewWithConfig(c, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := pool.Ping(c); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", cfg.ConnConfig.Host, err)
	}
	if err := migrate(c, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("prepare the hub's tables: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// stamp is a time as PostgreSQL keeps it: UTC, to the microsecond. Every
// time written is stamped first, so what is read back equals what was
// answered.
func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func (s *Store) Enroll(code, name string, now time.Time) (string, error) {
	token, err := hubstore.NewEnrollment(code, name)
	if err != nil {
		return "", err
	}
	c, cancel := ctx()
	defer cancel()
	_, err = s.pool.Exec(c, `INSERT INTO schools (code, name, token_hash, enrolled) VALUES ($1, $2, $3, $4)
		ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, token_hash = EXCLUDED.token_hash, revoked = false`,
		code, name, hubstore.HashToken(token), stamp(now))
	if err != nil {
		return "", fmt.Errorf("enroll %s: %w", code, err)
	}
	return token, nil
}

func (s *Store) Revoke(code string) error {
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, `UPDATE schools SET revoked = true WHERE code = $1`, code)
	if err != nil {
		return fmt.Errorf("revoke %s: %w", code, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("no school %q is enrolled", code)
	}
	return nil
}

const schoolColumns = `code, name, token_hash, revoked, enrolled, coalesce(last_sync, 'epoch'), highest`

func scanSchool(row pgx.Row) (hubstore.School, error) {
	var sc hubstore.School
	var highest int64
	err := row.Scan(&sc.Code, &sc.Name, &sc.TokenHash, &sc.Revoked, &sc.Enrolled, &sc.LastSync, &highest)
	sc.Highest, sc.Enrolled, sc.LastSync = uint64(highest), sc.Enrolled.UTC(), sc.LastSync.UTC()
	if sc.LastSync.Equal(time.Unix(0, 0)) {
		sc.LastSync = time.Time{}
	}
	if errors.Is(err, pgx.ErrNoRows) {
		err = hubstore.ErrNotFound
	}
	return sc, err
}

func (s *Store) Schools() ([]hubstore.School, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT `+schoolColumns+` FROM schools ORDER BY code COLLATE "C"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hubstore.School
	for rows.Next() {
		sc, err := scanSchool(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

func (s *Store) School(code string) (hubstore.School, error) {
	c, cancel := ctx()
	defer cancel()
	return scanSchool(s.pool.QueryRow(c, `SELECT `+schoolColumns+` FROM schools WHERE code = $1`, code))
}

func (s *Store) Authenticate(token string) (hubstore.School, bool, error) {
	c, cancel := ctx()
	defer cancel()
	hash := hubstore.HashToken(token)
	sc, err := scanSchool(s.pool.QueryRow(c, `SELECT `+schoolColumns+` FROM schools WHERE token_hash = $1`, hash))
	if err != nil {
		return sc, false, err
	}
	// The lookup was by hash; compare again in constant time so that no
	// timing depends on how much of a guess was right.
	if subtle.ConstantTimeCompare(sc.TokenHash, hash) != 1 {
		return hubstore.School{}, false, hubstore.ErrNotFound
	}
	return sc, sc.Revoked, nil
}

func (s *Store) Submit(sub hubstore.Submission) (r hubapi.Receipt, created bool, err error) {
	hash := sha256.Sum256(sub.Body)
	received := stamp(sub.Received)
	c, cancel := ctx()
	defer cancel()
	err = pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		r, created = hubapi.Receipt{}, false
		// The receipt's keys are the database's to keep unique: a
		// concurrent insert of the same key (another request, another hub
		// process) waits for this one and then inserts nothing.
		tag, err := tx.Exec(c, `INSERT INTO receipts (school, id, sequence, year, "window", received, current, body_hash)
			VALUES ($1, $2, $3, $4, $5, $6, false, $7) ON CONFLICT DO NOTHING`,
			sub.School, sub.ID, int64(sub.Sequence), sub.Year, sub.Window, received, hash[:])
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var prior []byte
			var seq int64
			err := tx.QueryRow(c, `SELECT id, school, year, "window", sequence, received, current, body_hash FROM receipts WHERE school = $1 AND id = $2`,
				sub.School, sub.ID).Scan(&r.ID, &r.School, &r.Year, &r.Window, &seq, &r.Received, &r.Current, &prior)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				return hubstore.ErrSequenceUsed
			case err != nil:
				return err
			case !bytes.Equal(prior, hash[:]):
				return hubstore.ErrKeyReused
			}
			r.Sequence, r.Received = uint64(seq), r.Received.UTC()
			return nil
		}
		r = hubapi.Receipt{ID: sub.ID, School: sub.School, Year: sub.Year, Window: sub.Window, Sequence: sub.Sequence, Received: received}
		// The summary becomes current unless a higher sequence is.
		tag, err = tx.Exec(c, `INSERT INTO current_summaries (school, year, "window", id, sequence, received, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (school, year, "window") DO UPDATE SET id = EXCLUDED.id, sequence = EXCLUDED.sequence, received = EXCLUDED.received, body = EXCLUDED.body
			WHERE current_summaries.sequence < EXCLUDED.sequence`,
			sub.School, sub.Year, sub.Window, sub.ID, int64(sub.Sequence), received, sub.Body)
		if err != nil {
			return err
		}
		if r.Current = tag.RowsAffected() == 1; r.Current {
			if _, err := tx.Exec(c, `UPDATE receipts SET current = true WHERE school = $1 AND id = $2`, sub.School, sub.ID); err != nil {
				return err
			}
		}
		created = true
		_, err = tx.Exec(c, `UPDATE schools SET last_sync = greatest(last_sync, $2), highest = greatest(highest, $3) WHERE code = $1`,
			sub.School, received, int64(sub.Sequence))
		return err
	})
	return r, created, err
}

func (s *Store) CurrentSummaries() ([]hubstore.Current, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT school, id, sequence, received, body FROM current_summaries ORDER BY school, year, "window"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hubstore.Current
	for rows.Next() {
		var cur hubstore.Current
		var seq int64
		if err := rows.Scan(&cur.School, &cur.ID, &seq, &cur.Received, &cur.Body); err != nil {
			return nil, err
		}
		cur.Sequence, cur.Received = uint64(seq), cur.Received.UTC()
		out = append(out, cur)
	}
	return out, rows.Err()
}

func (s *Store) Counts() (receipts, current int, err error) {
	c, cancel := ctx()
	defer cancel()
	err = s.pool.QueryRow(c, `SELECT (SELECT count(*) FROM receipts), (SELECT count(*) FROM current_summaries)`).Scan(&receipts, &current)
	return receipts, current, err
}

func (s *Store) SetUser(u hubstore.User) error {
	u.Added = stamp(u.Added)
	record, err := json.Marshal(u)
	if err != nil {
		return err
	}
	c, cancel := ctx()
	defer cancel()
	_, err = s.pool.Exec(c, `INSERT INTO users (name, record) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET record = EXCLUDED.record`, u.Name, record)
	return err
}

func (s *Store) User(name string) (hubstore.User, error) {
	var u hubstore.User
	c, cancel := ctx()
	defer cancel()
	var record []byte
	err := s.pool.QueryRow(c, `SELECT record FROM users WHERE name = $1`, name).Scan(&record)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, hubstore.ErrNotFound
	}
	if err != nil {
		return u, err
	}
	if err := json.Unmarshal(record, &u); err != nil {
		return u, fmt.Errorf("the record of user %q: %w", name, err)
	}
	return u, nil
}

func (s *Store) Users() ([]string, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT name FROM users ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (s *Store) NewSession(user string, expires time.Time) (string, hubstore.Session, error) {
	token, sess, err := hubstore.NewSessionToken(user, stamp(expires))
	if err != nil {
		return "", sess, err
	}
	record, err := json.Marshal(sess)
	if err != nil {
		return "", sess, err
	}
	c, cancel := ctx()
	defer cancel()
	err = pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		// Sweep sessions long expired while here.
		if _, err := tx.Exec(c, `DELETE FROM sessions WHERE expires < $1`, sess.Expires.Add(-hubstore.SessionSweepAge)); err != nil {
			return err
		}
		_, err := tx.Exec(c, `INSERT INTO sessions (token_hash, expires, record) VALUES ($1, $2, $3)`, hubstore.HashToken(token), sess.Expires, record)
		return err
	})
	return token, sess, err
}

func (s *Store) Session(token string, now time.Time) (hubstore.Session, error) {
	var sess hubstore.Session
	c, cancel := ctx()
	defer cancel()
	var record []byte
	err := s.pool.QueryRow(c, `SELECT record FROM sessions WHERE token_hash = $1 AND expires > $2`, hubstore.HashToken(token), now).Scan(&record)
	if errors.Is(err, pgx.ErrNoRows) {
		return sess, hubstore.ErrNotFound
	}
	if err != nil {
		return sess, err
	}
	return sess, json.Unmarshal(record, &sess)
}

func (s *Store) EndSession(token string) error {
	c, cancel := ctx()
	defer cancel()
	_, err := s.pool.Exec(c, `DELETE FROM sessions WHERE token_hash = $1`, hubstore.HashToken(token))
	return err
}

// Package hubpg keeps the hub's data in PostgreSQL, for a state's hub:
// thousands of schools and years of windows, and hub processes side by
// side on one database. It implements hubstore.Store and passes the same
// suite as the bbolt file.
package hubpg

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tierline/tierline/sync/hub/hubstore"
)

// Store is the hub's PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

var (
	_ hubstore.Store            = (*Store)(nil)
	_ hubstore.SequenceResetter = (*Store)(nil)
)

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

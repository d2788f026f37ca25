package hubpg

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tierline/tierline/sync/hub/hubstore"
)

var (
	_ hubstore.VersionKeeper  = (*Store)(nil)
	_ hubstore.APITokenKeeper = (*Store)(nil)
)

// Versions returns every summary the hub kept the body of, by school,
// year, window and sequence, as the bbolt store orders them.
func (s *Store) Versions() ([]hubstore.Version, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT r.school, r.id, r.sequence, r.received, r.year, r."window", b.body, cur.rid IS NOT NULL
		FROM receipts r JOIN summary_bodies b ON b.rid = r.rid LEFT JOIN current_summaries cur ON cur.rid = r.rid
		ORDER BY r.school COLLATE "C", r.year COLLATE "C", r."window" COLLATE "C", r.sequence, r.rid`)
	if err != nil {
		return nil, fmt.Errorf("read the summary versions: %w", err)
	}
	defer rows.Close()
	var out []hubstore.Version
	for rows.Next() {
		var v hubstore.Version
		var seq int64
		if err := rows.Scan(&v.School, &v.ID, &seq, &v.Received, &v.Year, &v.Window, &v.Body, &v.IsCurrent); err != nil {
			return nil, fmt.Errorf("read the summary versions: %w", err)
		}
		v.Sequence, v.Received = uint64(seq), v.Received.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// NewAPIToken makes a read-only API token; only its SHA-256 is kept.
func (s *Store) NewAPIToken(name, by string, now time.Time) (string, hubstore.APIToken, error) {
	token, t, err := hubstore.MakeAPIToken(name, by, stamp(now))
	if err != nil {
		return "", t, err
	}
	c, cancel := ctx()
	defer cancel()
	_, err = s.pool.Exec(c, `INSERT INTO api_tokens (hash, id, name, created, created_by) VALUES ($1, $2, $3, $4, $5)`,
		t.Hash, t.ID, t.Name, t.Created, t.CreatedBy)
	if err != nil {
		return "", hubstore.APIToken{}, fmt.Errorf("make an API token: %w", err)
	}
	return token, t, nil
}

const apiTokenColumns = `id, name, hash, created, created_by, revoked`

func scanAPIToken(row pgx.Row) (hubstore.APIToken, error) {
	var t hubstore.APIToken
	err := row.Scan(&t.ID, &t.Name, &t.Hash, &t.Created, &t.CreatedBy, &t.Revoked)
	t.Created = t.Created.UTC()
	return t, err
}

// APITokens lists the API tokens by creation.
func (s *Store) APITokens() ([]hubstore.APIToken, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT `+apiTokenColumns+` FROM api_tokens ORDER BY created, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hubstore.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken stops a token, named by its ID, from working.
func (s *Store) RevokeAPIToken(id string) error {
	c, cancel := ctx()
	defer cancel()
	tag, err := s.pool.Exec(c, `UPDATE api_tokens SET revoked = true WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("revoke API token %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("no API token %q", id)
	}
	return nil
}

// AuthenticateAPI finds a live API token; a school's token is not one.
func (s *Store) AuthenticateAPI(token string) (hubstore.APIToken, error) {
	c, cancel := ctx()
	defer cancel()
	hash := hubstore.HashToken(token)
	t, err := scanAPIToken(s.pool.QueryRow(c, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE hash = $1`, hash))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return hubstore.APIToken{}, hubstore.ErrNotFound
	case err != nil:
		return hubstore.APIToken{}, err
	case subtle.ConstantTimeCompare(t.Hash, hash) != 1 || t.Revoked:
		return hubstore.APIToken{}, hubstore.ErrNotFound
	}
	return t, nil
}

package hubpg

import (
	"fmt"
	"math"

	"github.com/tierline/tierline/sync/hub/hubstore"
)

// PutSchool writes a school as another store kept it, its token's hash
// included, so that a copied hub's schools keep sending with the tokens
// they have. A school already here takes the copy's name, token and
// status; its last sync and highest sequence only rise.
func (s *Store) PutSchool(sc hubstore.School) error {
	if sc.Highest > math.MaxInt64 {
		return fmt.Errorf("copy school %s: its highest sequence %d is past what PostgreSQL's bigint holds: reset its sequence first (tierline-hub reset-sequence --school %s)", sc.Code, sc.Highest, sc.Code)
	}
	c, cancel := ctx()
	defer cancel()
	var lastSync any
	if !sc.LastSync.IsZero() {
		lastSync = stamp(sc.LastSync)
	}
	_, err := s.pool.Exec(c, `INSERT INTO schools (code, name, token_hash, revoked, enrolled, last_sync, highest) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, token_hash = EXCLUDED.token_hash, revoked = EXCLUDED.revoked,
			enrolled = EXCLUDED.enrolled, last_sync = greatest(schools.last_sync, EXCLUDED.last_sync), highest = greatest(schools.highest, EXCLUDED.highest)`,
		sc.Code, sc.Name, sc.TokenHash, sc.Revoked, stamp(sc.Enrolled), lastSync, int64(sc.Highest))
	if err != nil {
		return fmt.Errorf("copy school %s: %w", sc.Code, err)
	}
	return nil
}

// PutAPIToken writes a read-only API token as another store kept it (its
// hash); a token already here takes the copy's name and status.
func (s *Store) PutAPIToken(t hubstore.APIToken) error {
	c, cancel := ctx()
	defer cancel()
	_, err := s.pool.Exec(c, `INSERT INTO api_tokens (hash, id, name, created, created_by, revoked) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (hash) DO UPDATE SET name = EXCLUDED.name, revoked = EXCLUDED.revoked`,
		t.Hash, t.ID, t.Name, stamp(t.Created), t.CreatedBy, t.Revoked)
	if err != nil {
		return fmt.Errorf("copy API token %s: %w", t.ID, err)
	}
	return nil
}

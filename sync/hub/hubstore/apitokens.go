package hubstore

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Read-only API tokens let a BI tool read the cells API; they cannot send
// summaries (school tokens live in another bucket) or open the dashboard.
var bucketAPITokens = []byte("apitokens") // sha256(token) → APIToken

// APIToken is a read-only token, kept as its hash.
type APIToken struct {
	ID        string    `json:"id"` // the first 12 hex digits of the hash: names the token on the admin page
	Name      string    `json:"name"`
	Hash      []byte    `json:"hash"`
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
	Revoked   bool      `json:"revoked"`
}

// NewAPIToken makes a read-only API token and returns it: it is shown
// once and only its SHA-256 is stored.
func (s *Bolt) NewAPIToken(name, by string, now time.Time) (string, APIToken, error) {
	token, t, err := MakeAPIToken(name, by, now)
	if err != nil {
		return "", APIToken{}, err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketAPITokens)
		if err != nil {
			return err
		}
		return putJSON(b, t.Hash, t)
	})
	if err != nil {
		return "", APIToken{}, fmt.Errorf("make an API token: %w", err)
	}
	return token, t, nil
}

// MakeAPIToken checks an API token's name and makes the token and its
// record, for a store to keep (every store makes them alike).
func MakeAPIToken(name, by string, now time.Time) (string, APIToken, error) {
	if name == "" || len(name) > 100 {
		return "", APIToken{}, errors.New("an API token needs a name of up to 100 characters (what uses it, e.g. \"Power BI\")")
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", APIToken{}, err
	}
	token := "tla_" + hex.EncodeToString(secret)
	hash := HashToken(token)
	return token, APIToken{ID: hex.EncodeToString(hash[:6]), Name: name, Hash: hash, Created: now.UTC(), CreatedBy: by}, nil
}

// APITokens lists the API tokens by creation.
func (s *Bolt) APITokens() ([]APIToken, error) {
	var out []APIToken
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAPITokens)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			t, _, err := getJSON[APIToken](b, k)
			out = append(out, t)
			return err
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, err
}

// RevokeAPIToken stops a token, named by its ID, from working.
func (s *Bolt) RevokeAPIToken(id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAPITokens)
		if b == nil {
			return fmt.Errorf("no API token %q", id)
		}
		var key []byte
		var found APIToken
		err := b.ForEach(func(k, _ []byte) error {
			t, _, err := getJSON[APIToken](b, k)
			if err == nil && t.ID == id {
				key, found = k, t
			}
			return err
		})
		if err != nil {
			return err
		}
		if key == nil {
			return fmt.Errorf("no API token %q", id)
		}
		found.Revoked = true
		return putJSON(b, key, found)
	})
}

// AuthenticateAPI finds a live API token; a school's token is not one.
func (s *Bolt) AuthenticateAPI(token string) (APIToken, error) {
	hash := HashToken(token)
	var t APIToken
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAPITokens)
		if b == nil {
			return ErrNotFound
		}
		var found bool
		var err error
		t, found, err = getJSON[APIToken](b, hash)
		switch {
		case err != nil:
			return err
		case !found || subtle.ConstantTimeCompare(t.Hash, hash) != 1 || t.Revoked:
			return ErrNotFound
		}
		return nil
	})
	return t, err
}

// APITokenKeeper is a store that keeps read-only API tokens (Bolt and
// hubpg do);
// without one the hub's cells API is not offered.
type APITokenKeeper interface {
	NewAPIToken(name, by string, now time.Time) (string, APIToken, error)
	APITokens() ([]APIToken, error)
	RevokeAPIToken(id string) error
	AuthenticateAPI(token string) (APIToken, error)
}

var _ APITokenKeeper = (*Bolt)(nil)

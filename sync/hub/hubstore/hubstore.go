// Package hubstore keeps the district hub's data: the enrolled schools (a
// SHA-256 of each token, never the token), every receipt, the current
// summary of each school and window, and the dashboard's users and
// sessions. Store is what the hub needs of it; Bolt (one bbolt file, the
// embedded default) and hubpg (PostgreSQL, for a state) implement it, and
// storetest is the suite both pass.
package hubstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/hubapi"
)

// Store is the hub's store. Every method is safe for concurrent use, and
// two processes sharing one store (where the implementation allows it) see
// the same data: idempotency and sequences are the store's to enforce.
type Store interface {
	// Enroll adds a school, or gives an enrolled one a new token (the old
	// one stops working), and returns the token: it is shown once and
	// never stored.
	Enroll(code, name string, now time.Time) (token string, err error)
	// Revoke stops a school's token from working; its summaries stay.
	Revoke(code string) error
	// Schools lists the enrolled schools by code.
	Schools() ([]School, error)
	// School returns one school, or ErrNotFound.
	School(code string) (School, error)
	// Authenticate finds the school of a token (ErrNotFound if none) and
	// reports whether it was revoked.
	Authenticate(token string) (sc School, revoked bool, err error)
	// Submit records a summary: a repeat of the same id and body returns
	// the first receipt (created false); the same id with another body is
	// ErrKeyReused; a sequence the school used for another id is
	// ErrSequenceUsed. A summary becomes its window's current one unless a
	// higher sequence is already current.
	Submit(sub Submission) (r hubapi.Receipt, created bool, err error)
	// Windows lists the windows with a current summary, of one school or
	// (school "") of any, with the versions of the district's roll-ups.
	Windows(school string) ([]WindowVersion, error)
	// Totals rolls up the current cells of a window, of one school or all.
	Totals(year, window, school string) (rollup.Totals, error)
	// Cells calls each for every current cell, by year, window and school,
	// then in the summary's order, without holding them all; a school's
	// summary of a window comes whole from one version.
	Cells(ctx context.Context, each func(Cell) error) error
	// WindowsPerSchool counts each school's current summaries.
	WindowsPerSchool() (map[string]int, error)
	// Counts returns how many receipts and current summaries the hub holds.
	Counts() (receipts, current int, err error)
	// SetUser adds a user or changes their password hash.
	SetUser(u User) error
	// User returns a user by name, or ErrNotFound.
	User(name string) (User, error)
	// Users lists the user names, sorted.
	Users() ([]string, error)
	// NewSession signs a user in and returns the cookie's token; only its
	// hash is kept. Sessions long expired are swept.
	NewSession(user string, expires time.Time) (token string, sess Session, err error)
	// Session returns the live session of a cookie token, or ErrNotFound.
	Session(token string, now time.Time) (Session, error)
	// EndSession signs a browser out.
	EndSession(token string) error
	Close() error
}

// SequenceResetter is a store that can let a school number its summaries
// from 1 again (issue 22: a hub that took any sequence, 2⁶⁴−1 included,
// left no higher one). The school's highest goes to 0, its used sequences
// are forgotten and its current summaries keep their place only until it
// sends newer ones; receipts stay as they were.
type SequenceResetter interface {
	ResetSequence(code string) error
}

var (
	_ Store            = (*Bolt)(nil)
	_ SequenceResetter = (*Bolt)(nil)
)

// NewEnrollment checks a school's code and name and makes its token.
func NewEnrollment(code, name string) (token string, err error) {
	if !CodePattern.MatchString(code) {
		return "", fmt.Errorf("school code %q: use 1 to 20 letters, digits, - or _", code)
	}
	if name == "" || len(name) > 200 {
		return "", fmt.Errorf("school name: give the school's name (up to 200 characters)")
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", err
	}
	return hex.EncodeToString(secret), nil
}

// newSession makes a session's cookie token and CSRF token.
func NewSessionToken(user string, expires time.Time) (token string, sess Session, err error) {
	secret := make([]byte, 64)
	if _, err := rand.Read(secret); err != nil {
		return "", sess, err
	}
	return hex.EncodeToString(secret[:32]), Session{User: user, CSRF: hex.EncodeToString(secret[32:]), Expires: expires.UTC()}, nil
}

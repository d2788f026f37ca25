// Package hubcopy copies a district hub's bbolt file into another store,
// PostgreSQL for a state: its schools with their tokens' hashes, its
// users, its read-only API tokens and every summary version it received,
// so that the schools keep sending with the tokens they have and the
// dashboard shows what it showed.
//
// The copy is idempotent and so resumable: every summary goes through the
// target's Submit with its submission id, body and receipt time, and a
// repeat of one the target holds is no new receipt; schools, users and
// tokens are written over. A copy cut off part way is finished by running
// it again.
package hubcopy

import (
	"context"
	"fmt"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

// Target is a store a hub can be copied into.
type Target interface {
	hubstore.Store
	// PutSchool writes a school as the source kept it, its token's hash
	// included.
	PutSchool(hubstore.School) error
	// PutAPIToken writes a read-only API token as the source kept it.
	PutAPIToken(hubstore.APIToken) error
}

// Counts says what a copy wrote.
type Counts struct {
	Schools, Users, APITokens int
	// Summaries is how many summary versions were submitted; Repeats how
	// many of them the target already held (a resumed copy).
	Summaries, Repeats int
	// Lost is how many versions had neither a body nor current cells to
	// copy (possible only in a store from before summary versions).
	Lost int
}

type version struct {
	school, year, window string
	sequence             uint64
}

func versionOf(school, year, window string, seq uint64) version {
	return version{school, year, window, seq}
}

// currentCellsOf reads the current cells of the versions kept without a
// body: a store from before versions began its history with its current
// summaries, whose bodies schema 2 had already dropped. Their cells are
// what is left of them.
func currentCellsOf(ctx context.Context, from *hubstore.Bolt, versions []hubstore.Version) (map[version][]hubstore.Cell, error) {
	out := map[version][]hubstore.Cell{}
	for _, v := range versions {
		if len(v.Body) == 0 {
			out[versionOf(v.School, v.Year, v.Window, v.Sequence)] = nil
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	err := from.Cells(ctx, func(c hubstore.Cell) error {
		key := versionOf(c.School, c.Year, c.Window, c.Sequence)
		if cells, wanted := out[key]; wanted {
			out[key] = append(cells, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the current cells: %w", err)
	}
	return out, nil
}

// Copy copies every school, user, API token and summary version of from
// into to.
func Copy(ctx context.Context, from *hubstore.Bolt, to Target) (Counts, error) {
	var n Counts
	schools, err := from.Schools()
	if err != nil {
		return n, fmt.Errorf("read the schools: %w", err)
	}
	for _, sc := range schools {
		if err := to.PutSchool(sc); err != nil {
			return n, err
		}
		n.Schools++
	}
	names, err := from.Users()
	if err != nil {
		return n, fmt.Errorf("read the users: %w", err)
	}
	for _, name := range names {
		u, err := from.User(name)
		if err != nil {
			return n, fmt.Errorf("read user %s: %w", name, err)
		}
		if err := to.SetUser(u); err != nil {
			return n, fmt.Errorf("copy user %s: %w", name, err)
		}
		n.Users++
	}
	tokens, err := from.APITokens()
	if err != nil {
		return n, fmt.Errorf("read the API tokens: %w", err)
	}
	for _, t := range tokens {
		if err := to.PutAPIToken(t); err != nil {
			return n, err
		}
		n.APITokens++
	}
	versions, err := from.Versions()
	if err != nil {
		return n, fmt.Errorf("read the summaries: %w", err)
	}
	bodiless, err := currentCellsOf(ctx, from, versions)
	if err != nil {
		return n, err
	}
	for _, v := range versions {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		cells, body := bodiless[versionOf(v.School, v.Year, v.Window, v.Sequence)], v.Body
		switch {
		case len(body) > 0:
			sum, err := summary.DecodeBytes(body)
			if err != nil {
				return n, fmt.Errorf("the stored summary %s of school %s: %w", v.ID, v.School, err)
			}
			cells = hubstore.CellsOf(sum, v.Sequence)
		case cells == nil:
			// Kept without its body and no longer current: nothing of it
			// is left to copy.
			n.Lost++
			continue
		default:
			body = []byte{}
		}
		_, created, err := to.Submit(hubstore.Submission{School: v.School, ID: v.ID, Sequence: v.Sequence, Year: v.Year, Window: v.Window,
			Body: body, Cells: cells, Received: v.Received})
		if err != nil {
			return n, fmt.Errorf("copy summary %s of school %s (%s %s, sequence %d): %w", v.ID, v.School, v.Year, v.Window, v.Sequence, err)
		}
		n.Summaries++
		if !created {
			n.Repeats++
		}
	}
	return n, nil
}

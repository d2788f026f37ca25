package hubpg

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
	"github.com/tierline/tierline/sync/hubapi"
)

func (s *Store) Submit(sub hubstore.Submission) (r hubapi.Receipt, created bool, err error) {
	if sub.Sequence > math.MaxInt64 {
		return r, false, fmt.Errorf("sequence %d is past what PostgreSQL's bigint holds", sub.Sequence)
	}
	hash := sha256.Sum256(sub.Body)
	received := stamp(sub.Received)
	c, cancel := ctx()
	defer cancel()
	err = pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		r, created = hubapi.Receipt{}, false
		// The receipt's keys are the database's to keep unique: a
		// concurrent insert of the same key (another request, another hub
		// process) waits for this one and then inserts nothing.
		var rid int64
		err := tx.QueryRow(c, `INSERT INTO receipts (school, id, sequence, year, "window", received, current, body_hash, epoch)
			VALUES ($1, $2, $3, $4, $5, $6, false, $7, (SELECT epoch FROM schools WHERE code = $1)) ON CONFLICT DO NOTHING RETURNING rid`,
			sub.School, sub.ID, int64(sub.Sequence), sub.Year, sub.Window, received, hash[:]).Scan(&rid)
		if errors.Is(err, pgx.ErrNoRows) {
			return priorReceipt(c, tx, sub, hash[:], &r)
		}
		if err != nil {
			return err
		}
		r = hubapi.Receipt{ID: sub.ID, School: sub.School, Year: sub.Year, Window: sub.Window, Sequence: sub.Sequence, Received: received}
		if _, err := tx.CopyFrom(c, pgx.Identifier{"cells"}, cellColumns, cellRows(rid, sub.Cells)); err != nil {
			return fmt.Errorf("store the cells: %w", err)
		}
		// The body is kept as the window's version: the equity and
		// history pages read every one.
		if _, err := tx.Exec(c, `INSERT INTO summary_bodies (rid, body) VALUES ($1, $2)`, rid, sub.Body); err != nil {
			return fmt.Errorf("store the summary: %w", err)
		}
		// The summary becomes current unless a higher sequence is.
		tag, err := tx.Exec(c, `INSERT INTO current_summaries (school, year, "window", rid, sequence) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (school, year, "window") DO UPDATE SET rid = EXCLUDED.rid, sequence = EXCLUDED.sequence
			WHERE current_summaries.sequence < EXCLUDED.sequence`,
			sub.School, sub.Year, sub.Window, rid, int64(sub.Sequence))
		if err != nil {
			return err
		}
		if r.Current = tag.RowsAffected() == 1; r.Current {
			if _, err := tx.Exec(c, `UPDATE receipts SET current = true WHERE rid = $1`, rid); err != nil {
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

// priorReceipt answers a submission whose id or sequence was used: the
// first receipt for a repeat, or why not.
func priorReceipt(c context.Context, tx pgx.Tx, sub hubstore.Submission, hash []byte, r *hubapi.Receipt) error {
	var prior []byte
	var seq int64
	err := tx.QueryRow(c, `SELECT id, school, year, "window", sequence, received, current, body_hash FROM receipts WHERE school = $1 AND id = $2`,
		sub.School, sub.ID).Scan(&r.ID, &r.School, &r.Year, &r.Window, &seq, &r.Received, &r.Current, &prior)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return hubstore.ErrSequenceUsed
	case err != nil:
		return err
	case !bytes.Equal(prior, hash):
		return hubstore.ErrKeyReused
	}
	r.Sequence, r.Received = uint64(seq), r.Received.UTC()
	return nil
}

var cellColumns = []string{"summary", "pos", "section", "measure", "grade", "dimension", "grp", "n", "pct", "pct2", "risk_ratio", "suppressed", "reason", "est1", "est2", "coded"}

// cellRows gives a summary's cells to COPY, with the estimates roll-ups
// add up (computed once, by the same code as the bbolt store's).
func cellRows(rid int64, cells []hubstore.Cell) pgx.CopyFromSource {
	return pgx.CopyFromSlice(len(cells), func(i int) ([]any, error) {
		c := cells[i]
		one := rollup.Totals{}
		c.AddTo(one)
		sum := one[c.Key]
		return []any{rid, i, c.Section, c.Measure, c.Grade, c.Dimension, c.Group, c.N, c.Pct, c.Pct2, c.RiskRatio, c.Suppressed, c.Reason,
			sum.Est[0], sum.Est[1], sum.Coded}, nil
	})
}

func (s *Store) Windows(school string) ([]hubstore.WindowVersion, error) {
	c, cancel := ctx()
	defer cancel()
	// Receipt ids only rise, and a current summary is only added or
	// replaced by a later receipt, so the sum of a window's current ids
	// rises with every change: it is the window's version.
	query, args := `SELECT year, "window", sum(rid) FROM current_summaries GROUP BY year, "window"`, []any{}
	if school != "" {
		query, args = `SELECT year, "window", 0 FROM current_summaries WHERE school = $1`, []any{school}
	}
	rows, err := s.pool.Query(c, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hubstore.WindowVersion
	for rows.Next() {
		var w hubstore.WindowVersion
		var window string
		var version int64
		if err := rows.Scan(&w.Year, &window, &version); err != nil {
			return nil, err
		}
		w.Window.Window, w.Version = data.WindowName(window), uint64(version)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Totals adds up the window's current cells in SQL: the hub receives one
// row per district cell, not the schools' cells.
func (s *Store) Totals(year, window, school string) (rollup.Totals, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT c.section, c.measure, c.grade, c.dimension, c.grp,
			coalesce(sum(c.n) FILTER (WHERE NOT c.suppressed AND c.n IS NOT NULL), 0),
			count(*) FILTER (WHERE NOT c.suppressed AND c.n IS NOT NULL),
			count(*) FILTER (WHERE c.suppressed OR c.n IS NULL),
			bool_or(c.coded), sum(c.est1), sum(c.est2)
		FROM current_summaries s JOIN cells c ON c.summary = s.rid
		WHERE s.year = $1 AND s."window" = $2 AND ($3 = '' OR s.school = $3)
		GROUP BY 1, 2, 3, 4, 5`, year, window, school)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	totals := rollup.Totals{}
	for rows.Next() {
		var k rollup.Key
		var sum rollup.Sum
		if err := rows.Scan(&k.Section, &k.Measure, &k.Grade, &k.Dimension, &k.Group, &sum.N, &sum.Schools, &sum.Hidden, &sum.Coded, &sum.Est[0], &sum.Est[1]); err != nil {
			return nil, err
		}
		totals[k] = sum
	}
	return totals, rows.Err()
}

func (s *Store) Cells(c context.Context, each func(hubstore.Cell) error) error {
	// One statement is one snapshot, streamed as the rows come, with no
	// timeout but the caller's: an export may take minutes.
	rows, err := s.pool.Query(c, `SELECT s.school, s.year, s."window", r.id, s.sequence, c.section, c.measure, c.grade, c.dimension, c.grp,
			c.n, c.pct, c.pct2, c.risk_ratio, c.suppressed, c.reason
		FROM current_summaries s JOIN cells c ON c.summary = s.rid JOIN receipts r ON r.rid = s.rid
		ORDER BY s.year COLLATE "C", s."window" COLLATE "C", s.school COLLATE "C", c.pos`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cell hubstore.Cell
		var seq int64
		if err := rows.Scan(&cell.School, &cell.Year, &cell.Window, &cell.ID, &seq, &cell.Section, &cell.Measure, &cell.Grade, &cell.Dimension, &cell.Group,
			&cell.N, &cell.Pct, &cell.Pct2, &cell.RiskRatio, &cell.Suppressed, &cell.Reason); err != nil {
			return err
		}
		cell.Sequence = uint64(seq)
		if err := each(cell); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Store) WindowsPerSchool() (map[string]int, error) {
	c, cancel := ctx()
	defer cancel()
	rows, err := s.pool.Query(c, `SELECT school, count(*) FROM current_summaries GROUP BY school`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var school string
		var n int
		if err := rows.Scan(&school, &n); err != nil {
			return nil, err
		}
		out[school] = n
	}
	return out, rows.Err()
}

// ResetSequence lets a school number its summaries from 1 again: its
// highest goes to 0, its receipts so far keep their sequences in the epoch
// they came in, and its current summaries keep their place only until the
// school sends a newer one.
func (s *Store) ResetSequence(code string) error {
	c, cancel := ctx()
	defer cancel()
	return pgx.BeginFunc(c, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(c, `UPDATE schools SET epoch = epoch + 1, highest = 0 WHERE code = $1`, code)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("no school %q is enrolled", code)
		}
		_, err = tx.Exec(c, `UPDATE current_summaries SET sequence = 0 WHERE school = $1`, code)
		return err
	})
}

package hubpg

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

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
		// The summary becomes current unless a higher sequence is; the
		// receipt says so and the school's last sync and highest move on,
		// in one statement (one round trip of a receipt's four).
		err = tx.QueryRow(c, `WITH up AS (
				INSERT INTO current_summaries (school, year, "window", rid, sequence) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (school, year, "window") DO UPDATE SET rid = EXCLUDED.rid, sequence = EXCLUDED.sequence
				WHERE current_summaries.sequence < EXCLUDED.sequence
				RETURNING rid),
			mark AS (UPDATE receipts SET current = true WHERE rid IN (SELECT rid FROM up)),
			school AS (UPDATE schools SET last_sync = greatest(last_sync, $6), highest = greatest(highest, $5) WHERE code = $1)
			SELECT count(*) = 1 FROM up`,
			sub.School, sub.Year, sub.Window, rid, int64(sub.Sequence), received).Scan(&r.Current)
		created = err == nil
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
	one := rollup.Totals{} // one cell's, reused: a map per cell was most of COPY's allocations
	return pgx.CopyFromSlice(len(cells), func(i int) ([]any, error) {
		c := cells[i]
		clear(one)
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

// exportPage is how many current summaries the export reads per query:
// PostgreSQL sorts a page's cells (a few ten thousand) in memory, where
// one query over every cell sorted millions on disk before its first row.
const exportPage = 64

func (s *Store) Cells(c context.Context, each func(hubstore.Cell) error) error {
	// Pages follow the export's order from the last summary given, on the
	// index of that order (004_export_order.sql). A summary's cells are
	// those of one receipt and never change, so each summary comes whole
	// from one version, and each school's window once, however the
	// current summaries change between pages.
	var after [3]string // year, window, school of the last summary read
	for first := true; ; first = false {
		n, err := s.cellsPage(c, first, &after, each)
		if err != nil || n < exportPage {
			return err
		}
	}
}

// cellsPage gives the cells of up to exportPage current summaries after
// the one named (or from the first), moves after on to the last of them
// and says how many summaries it read.
func (s *Store) cellsPage(c context.Context, first bool, after *[3]string, each func(hubstore.Cell) error) (summaries int, err error) {
	// A summary without cells still comes, as one row without a cell, so
	// that the page is counted whole and after moves past it.
	rows, err := s.pool.Query(c, `WITH page AS (
			SELECT rid, school, year, "window", sequence FROM current_summaries
			WHERE $1 OR (year COLLATE "C", "window" COLLATE "C", school COLLATE "C") > ($2, $3, $4)
			ORDER BY year COLLATE "C", "window" COLLATE "C", school COLLATE "C" LIMIT $5)
		SELECT s.school, s.year, s."window", r.id, s.sequence, c.pos, c.section, c.measure, c.grade, c.dimension, c.grp,
			c.n, c.pct, c.pct2, c.risk_ratio, c.suppressed, c.reason
		FROM page s JOIN receipts r ON r.rid = s.rid LEFT JOIN cells c ON c.summary = s.rid
		ORDER BY s.year COLLATE "C", s."window" COLLATE "C", s.school COLLATE "C", c.pos`, first, after[0], after[1], after[2], exportPage)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var head hubstore.Cell // the summary's school, year, window, id and sequence
	var seq int64
	var pos *int32
	var suppressed *bool
	// The text columns are read in place (valid until the next row) and
	// kept as strings only once each: a page repeats a few hundred keys
	// thousands of times, and a string per column per row was most of the
	// export's allocations.
	var school, year, window, section, measure, grade, dimension, group, reason pgtype.DriverBytes
	strs := map[string]string{}
	str := func(b []byte) string {
		if s, ok := strs[string(b)]; ok {
			return s
		}
		s := string(b)
		strs[s] = s
		return s
	}
	for rows.Next() {
		cell := hubstore.Cell{}
		if err := rows.Scan(&school, &year, &window, &cell.ID, &seq, &pos, &section, &measure, &grade, &dimension, &group,
			&cell.N, &cell.Pct, &cell.Pct2, &cell.RiskRatio, &suppressed, &reason); err != nil {
			return summaries, err
		}
		if summaries == 0 || string(school) != head.School || string(year) != head.Year || string(window) != head.Window {
			summaries++
			head = hubstore.Cell{School: string(school), Year: str(year), Window: str(window), ID: cell.ID, Sequence: uint64(seq)}
			*after = [3]string{head.Year, head.Window, head.School}
		}
		if pos == nil {
			continue
		}
		n, pct, pct2, rr := cell.N, cell.Pct, cell.Pct2, cell.RiskRatio
		cell = head
		cell.Section, cell.Measure, cell.Grade, cell.Dimension, cell.Group = str(section), str(measure), str(grade), str(dimension), str(group)
		cell.N, cell.Pct, cell.Pct2, cell.RiskRatio, cell.Suppressed, cell.Reason = n, pct, pct2, rr, *suppressed, str(reason)
		if err := each(cell); err != nil {
			return summaries, err
		}
	}
	return summaries, rows.Err()
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

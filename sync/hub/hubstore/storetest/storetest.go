// Package storetest is the suite every implementation of hubstore.Store
// passes: the bbolt file and PostgreSQL run the same tests.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/rollup"
)

// Backend gives stores over one fresh, empty data set.
type Backend struct {
	// Open returns a store over the backend's data; the test closes it.
	// Called again, it gives a store over the same data: after the first
	// is closed, or while it is open when Shared.
	Open func(t *testing.T) hubstore.Store
	// Shared: two stores may be open on the data at once (two hub processes).
	Shared bool
}

// Run runs the suite; fresh is called once per test.
func Run(t *testing.T, fresh func(t *testing.T) Backend) {
	tests := []struct {
		name string
		run  func(t *testing.T, b Backend)
	}{
		{"EnrollAuthenticateRevoke", testEnrollAuthenticateRevoke},
		{"EnrollRefusesBadCodesAndNames", testEnrollRefuses},
		{"SubmitIsIdempotentAndKeepsTheNewest", testSubmit},
		{"ConcurrentRepeatsStoreOnce", testConcurrentRepeats},
		{"UsersAndSessions", testUsersAndSessions},
		{"DataOutlivesTheProcess", testReopen},
		{"ResetSequence", testResetSequence},
		{"EveryVersionIsKept", testVersions},
		{"APITokens", testAPITokens},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, fresh(t)) })
	}
}

var now = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

func open(t *testing.T, b Backend) hubstore.Store {
	t.Helper()
	st := b.Open(t)
	t.Cleanup(func() { st.Close() })
	return st
}

// must(f())(t) is f's value, the test stopped if f failed.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func testEnrollAuthenticateRevoke(t *testing.T, b Backend) {
	st := open(t, b)
	tokenB := must(st.Enroll("B2", "Birch School", now))(t)
	tokenA := must(st.Enroll("A1", "Ash School", now))(t)
	if tokenA == tokenB || len(tokenA) != 64 {
		t.Fatalf("tokens %q and %q: want two different 256-bit hex tokens", tokenA, tokenB)
	}
	schools := must(st.Schools())(t)
	if len(schools) != 2 || schools[0].Code != "A1" || schools[1].Code != "B2" || schools[0].Name != "Ash School" {
		t.Fatalf("schools %+v: want A1 then B2", schools)
	}
	if !schools[0].Enrolled.Equal(now) || !schools[0].LastSync.IsZero() || schools[0].Highest != 0 {
		t.Errorf("a new school %+v: want enrolled now, never synced", schools[0])
	}
	sc, revoked, err := st.Authenticate(tokenA)
	if err != nil || revoked || sc.Code != "A1" {
		t.Fatalf("Authenticate(A1's token) = %v, %v, %v", sc.Code, revoked, err)
	}
	if _, _, err := st.Authenticate("not a token"); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("a made-up token: %v, want ErrNotFound", err)
	}
	if _, err := st.School("Z9"); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("School(Z9): %v, want ErrNotFound", err)
	}
	if err := st.Revoke("A1"); err != nil {
		t.Fatal(err)
	}
	if _, revoked, err := st.Authenticate(tokenA); err != nil || !revoked {
		t.Errorf("a revoked token: revoked %v, %v; want revoked", revoked, err)
	}
	if err := st.Revoke("Z9"); err == nil {
		t.Error("revoking a school never enrolled succeeded")
	}
	// Enrolling again gives a new token and the old one stops working.
	again := must(st.Enroll("A1", "Ash Primary", now))(t)
	if _, _, err := st.Authenticate(tokenA); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("the replaced token: %v, want ErrNotFound", err)
	}
	sc, revoked, err = st.Authenticate(again)
	if err != nil || revoked || sc.Name != "Ash Primary" {
		t.Errorf("the new token: %+v, revoked %v, %v", sc, revoked, err)
	}
}

func testEnrollRefuses(t *testing.T, b Backend) {
	st := open(t, b)
	for _, c := range []struct{ code, name string }{
		{"", "No Code"}, {"a b", "Space"}, {"x/../y", "Path"}, {"012345678901234567890", "Long"}, {"ok", ""},
		{"ok", string(make([]byte, 201))},
	} {
		if _, err := st.Enroll(c.code, c.name, now); err == nil {
			t.Errorf("Enroll(%q, %d-byte name) succeeded", c.code, len(c.name))
		}
	}
	if schools := must(st.Schools())(t); len(schools) != 0 {
		t.Errorf("refused enrolments left %d schools", len(schools))
	}
}

// submission is a summary whose cells carry its sequence in their n: a
// progress cell of every student (n = 100 + sequence, 40% at/above), a
// withheld one (as v1 sent them), a tier cell and a response cell.
func submission(school, id string, seq uint64, year, window, body string, at time.Time) hubstore.Submission {
	n, small := 100+int(seq), 20
	pct, t2, t3, adequate, rr := "40", "≤5", "12", "≥95", 1.5
	head := hubstore.Cell{School: school, Year: year, Window: window, Sequence: seq}
	cell := func(k rollup.Key, n *int, pct, pct2 *string) hubstore.Cell {
		c := head
		c.Key, c.N, c.Pct, c.Pct2 = k, n, pct, pct2
		return c
	}
	withheld := cell(rollup.Key{Section: rollup.SectionProgress, Measure: "dibels8-orf", Grade: "all", Dimension: "race", Group: "asian"}, nil, nil, nil)
	withheld.Suppressed, withheld.Reason = true, "primary"
	tiers := cell(rollup.Key{Section: rollup.SectionTiers, Grade: "all", Dimension: "all", Group: "all"}, &n, &t2, &t3)
	tiers.RiskRatio = &rr
	cells := []hubstore.Cell{
		cell(rollup.Key{Section: rollup.SectionProgress, Measure: "dibels8-orf", Grade: "all", Dimension: "all", Group: "all"}, &n, &pct, nil),
		withheld,
		tiers,
		cell(rollup.Key{Section: rollup.SectionResponse, Measure: "dibels8-orf", Grade: "all", Dimension: "el", Group: "el"}, &small, &adequate, nil),
	}
	return hubstore.Submission{School: school, ID: id, Sequence: seq, Year: year, Window: window, Body: []byte(body), Cells: cells, Received: at}
}

var everyStudent = rollup.Key{Section: rollup.SectionProgress, Measure: "dibels8-orf", Grade: "all", Dimension: "all", Group: "all"}

// current lists the store's current summaries as "school year window
// sequence", from its cells.
func current(t *testing.T, st hubstore.Store) []string {
	t.Helper()
	var out []string
	err := st.Cells(context.Background(), func(c hubstore.Cell) error {
		if c.Key == everyStudent {
			out = append(out, fmt.Sprintf("%s %s %s %s %d", c.School, c.Year, c.Window, c.ID, c.Sequence))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func testSubmit(t *testing.T, b Backend) {
	st := open(t, b)
	must(st.Enroll("A1", "Ash School", now))(t)
	must(st.Enroll("B2", "Birch School", now))(t)
	first := submission("A1", "id-1", 1, "2026-2027", "fall", `{"first":1}`, now)
	r, created, err := st.Submit(first)
	if err != nil || !created || !r.Current || r.ID != "id-1" || r.Sequence != 1 || r.Year != "2026-2027" || r.Window != "fall" || !r.Received.Equal(now) {
		t.Fatalf("first submission: %+v created %v, %v", r, created, err)
	}
	// The same id and body: the first receipt again, nothing new stored.
	later := first
	later.Received = now.Add(time.Hour)
	r2, created, err := st.Submit(later)
	if err != nil || created || r2 != r {
		t.Errorf("repeat: %+v created %v, %v; want the first receipt %+v", r2, created, err, r)
	}
	reused := submission("A1", "id-1", 1, "2026-2027", "fall", `{"other":1}`, now)
	if _, _, err := st.Submit(reused); !errors.Is(err, hubstore.ErrKeyReused) {
		t.Errorf("the same id with another body: %v, want ErrKeyReused", err)
	}
	if _, _, err := st.Submit(submission("A1", "id-2", 1, "2026-2027", "winter", `{}`, now)); !errors.Is(err, hubstore.ErrSequenceUsed) {
		t.Errorf("another id with a used sequence: %v, want ErrSequenceUsed", err)
	}
	// Another school may use the same id and sequence: they are per school.
	if _, created, err := st.Submit(submission("B2", "id-1", 1, "2026-2027", "fall", `{"b":1}`, now)); err != nil || !created {
		t.Errorf("school B2's first summary: created %v, %v", created, err)
	}
	// A correction with a higher sequence replaces; a late lower one does not.
	if r, _, err := st.Submit(submission("A1", "id-3", 5, "2026-2027", "fall", `{"third":1}`, now.Add(2*time.Hour))); err != nil || !r.Current {
		t.Errorf("a higher sequence: current %v, %v; want current", r.Current, err)
	}
	if r, created, err := st.Submit(submission("A1", "id-4", 3, "2026-2027", "fall", `{"fourth":1}`, now.Add(3*time.Hour))); err != nil || !created || r.Current {
		t.Errorf("a lower sequence arriving late: created %v current %v, %v; want stored, not current", created, r.Current, err)
	}
	submit(t, st, submission("A1", "id-5", 6, "2025-2026", "spring", `{"old year":1}`, now.Add(4*time.Hour)))

	// Cells come by year, window and school.
	want := []string{"A1 2025-2026 spring id-5 6", "A1 2026-2027 fall id-3 5", "B2 2026-2027 fall id-1 1"}
	if got := current(t, st); !slices.Equal(got, want) {
		t.Errorf("current summaries:\n%q\nwant\n%q", got, want)
	}
	testCells(t, st)
	testTotals(t, st)
	receipts, cur := must2(t, st.Counts)
	if receipts != 6 || cur != 3 { // B2's correction, id-9, replaced its first
		t.Errorf("counts: %d receipts, %d current; want 6, 3", receipts, cur)
	}
	if per := must(st.WindowsPerSchool())(t); len(per) != 2 || per["A1"] != 2 || per["B2"] != 1 {
		t.Errorf("windows per school: %v, want A1 2, B2 1", per)
	}
	sc := must(st.School("A1"))(t)
	if sc.Highest != 6 || !sc.LastSync.Equal(now.Add(4*time.Hour)) {
		t.Errorf("school A1: highest %d, last sync %v; want 6 at %v", sc.Highest, sc.LastSync, now.Add(4*time.Hour))
	}
}

func submit(t *testing.T, st hubstore.Store, sub hubstore.Submission) {
	t.Helper()
	if _, _, err := st.Submit(sub); err != nil {
		t.Fatal(err)
	}
}

func must2(t *testing.T, f func() (int, int, error)) (int, int) {
	t.Helper()
	a, b, err := f()
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

// testConcurrentRepeats sends each summary from several goroutines at
// once (a sender retrying over a flaky network, or two hub processes):
// each is stored once, and every answer is its one receipt.
func testConcurrentRepeats(t *testing.T, b Backend) {
	stores := []hubstore.Store{open(t, b)}
	if b.Shared {
		stores = append(stores, open(t, b))
	}
	must(stores[0].Enroll("A1", "Ash School", now))(t)
	const summaries, senders = 12, 4
	var wg sync.WaitGroup
	created := make([]int, summaries)
	var mu sync.Mutex
	errs := make(chan error, summaries*senders)
	for i := range summaries {
		for j := range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st := stores[j%len(stores)]
				sub := submission("A1", fmt.Sprintf("id-%d", i), uint64(i+1), "2026-2027", []string{"fall", "winter", "spring"}[i%3], fmt.Sprintf(`{"n":%d}`, i), now)
				r, c, err := st.Submit(sub)
				if err != nil {
					errs <- err
					return
				}
				if r.Sequence != uint64(i+1) {
					errs <- fmt.Errorf("summary %d: receipt of sequence %d", i, r.Sequence)
				}
				if c {
					mu.Lock()
					created[i]++
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, c := range created {
		if c != 1 {
			t.Errorf("summary %d was created %d times", i, c)
		}
	}
	receipts, cur := must2(t, stores[0].Counts)
	if receipts != summaries || cur != 3 {
		t.Errorf("counts: %d receipts, %d current; want %d, 3", receipts, cur, summaries)
	}
	// The highest sequence of each window is current: 10, 11, 12.
	if got, want := current(t, stores[len(stores)-1]), []string{"A1 2026-2027 fall id-9 10", "A1 2026-2027 spring id-11 12", "A1 2026-2027 winter id-10 11"}; !slices.Equal(got, want) {
		t.Errorf("current summaries %q, want %q", got, want)
	}
}

func testUsersAndSessions(t *testing.T, b Backend) {
	st := open(t, b)
	if _, err := st.User("ana"); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("an unknown user: %v, want ErrNotFound", err)
	}
	for _, name := range []string{"zoe", "ana"} {
		if err := st.SetUser(hubstore.User{Name: name, PasswordHash: []byte("hash of " + name), Added: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetUser(hubstore.User{Name: "ana", PasswordHash: []byte("new hash"), Added: now}); err != nil {
		t.Fatal(err)
	}
	if u := must(st.User("ana"))(t); string(u.PasswordHash) != "new hash" || !u.Added.Equal(now) {
		t.Errorf("user ana: %+v, want the new hash", u)
	}
	if names := must(st.Users())(t); !slices.Equal(names, []string{"ana", "zoe"}) {
		t.Errorf("users %q", names)
	}
	token, sess, err := st.NewSession("ana", now.Add(time.Hour))
	if err != nil || sess.User != "ana" || len(sess.CSRF) != 64 || token == sess.CSRF {
		t.Fatalf("NewSession: %q %+v %v", token, sess, err)
	}
	got, err := st.Session(token, now)
	if err != nil || got != sess {
		t.Errorf("Session: %+v %v, want %+v", got, err, sess)
	}
	if _, err := st.Session(token, now.Add(time.Hour)); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("an expired session: %v, want ErrNotFound", err)
	}
	if _, err := st.Session(sess.CSRF, now); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("the CSRF token as a session: %v, want ErrNotFound", err)
	}
	if err := st.EndSession(token); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Session(token, now); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("an ended session: %v, want ErrNotFound", err)
	}
}

func testReopen(t *testing.T, b Backend) {
	st := b.Open(t)
	token := must(st.Enroll("A1", "Ash School", now))(t)
	submit(t, st, submission("A1", "id-1", 1, "2026-2027", "fall", `{"n":1}`, now))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = open(t, b)
	if sc, _, err := st.Authenticate(token); err != nil || sc.Code != "A1" || sc.Highest != 1 {
		t.Errorf("after reopening: %+v %v", sc, err)
	}
	if _, created, err := st.Submit(submission("A1", "id-1", 1, "2026-2027", "fall", `{"n":1}`, now)); err != nil || created {
		t.Errorf("a repeat after reopening: created %v, %v; want the first receipt", created, err)
	}
}

// testCells checks every field of a cell comes back as it went in.
func testCells(t *testing.T, st hubstore.Store) {
	t.Helper()
	want := submission("B2", "id-1", 1, "2026-2027", "fall", "", now).Cells
	for i := range want {
		want[i].ID = "id-1"
	}
	var got []hubstore.Cell
	err := st.Cells(context.Background(), func(c hubstore.Cell) error {
		if c.School == "B2" {
			got = append(got, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	show := func(cells []hubstore.Cell) string {
		var b strings.Builder
		for _, c := range cells {
			fmt.Fprintf(&b, "%s %s %s %s %d %+v n=%s pct=%s pct2=%s rr=%s %v %q\n", c.School, c.Year, c.Window, c.ID, c.Sequence, c.Key,
				deref(c.N), deref(c.Pct), deref(c.Pct2), deref(c.RiskRatio), c.Suppressed, c.Reason)
		}
		return b.String()
	}
	if show(got) != show(want) {
		t.Errorf("B2's cells:\n%s\nwant\n%s", show(got), show(want))
	}
}

func deref[T any](p *T) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

// testTotals checks a window's roll-up, of the district and of a school,
// and that its version moves when a current summary changes.
func testTotals(t *testing.T, st hubstore.Store) {
	t.Helper()
	district := must(st.Totals("2026-2027", "fall", ""))(t)
	// A1's current (sequence 5: n 105) and B2's (sequence 1: n 101), 40% each.
	if got, want := district[everyStudent], (rollup.Sum{N: 206, Schools: 2, Est: [2]int64{rollup.Estimate("40", 206)}}); got != want {
		t.Errorf("district, every student: %+v, want %+v", got, want)
	}
	withheld := everyStudent
	withheld.Group, withheld.Dimension = "asian", "race"
	if got := district[withheld]; got != (rollup.Sum{Hidden: 2}) {
		t.Errorf("district, the withheld cell: %+v, want two schools hiding it", got)
	}
	tiers := district[rollup.Key{Section: rollup.SectionTiers, Grade: "all", Dimension: "all", Group: "all"}]
	if want := (rollup.Sum{N: 206, Schools: 2, Coded: true, Est: [2]int64{rollup.Estimate("≤5", 105) + rollup.Estimate("≤5", 101), rollup.Estimate("12", 206)}}); tiers != want {
		t.Errorf("district tiers: %+v, want %+v", tiers, want)
	}
	if len(district) != 4 {
		t.Errorf("district totals have %d keys, want 4: %v", len(district), district)
	}
	if a1 := must(st.Totals("2026-2027", "fall", "A1"))(t); a1[everyStudent].N != 105 || a1[everyStudent].Schools != 1 {
		t.Errorf("A1's totals: %+v", a1[everyStudent])
	}
	if none := must(st.Totals("2027-2028", "fall", ""))(t); len(none) != 0 {
		t.Errorf("a window nobody sent: %v", none)
	}
	windows := func(school string) []string {
		var out []string
		for _, w := range must(st.Windows(school))(t) {
			out = append(out, w.Label())
		}
		slices.Sort(out)
		return out
	}
	if got, want := windows(""), []string{"Fall 2026-2027", "Spring 2025-2026"}; !slices.Equal(got, want) {
		t.Errorf("windows: %q, want %q", got, want)
	}
	if got, want := windows("B2"), []string{"Fall 2026-2027"}; !slices.Equal(got, want) {
		t.Errorf("B2's windows: %q, want %q", got, want)
	}
	version := func() uint64 {
		for _, w := range must(st.Windows(""))(t) {
			if w.Year == "2026-2027" && w.Window.Window == data.Fall {
				return w.Version
			}
		}
		t.Fatal("no fall 2026-2027")
		return 0
	}
	before := version()
	submit(t, st, submission("B2", "id-9", 9, "2026-2027", "fall", `{"b":9}`, now))
	if version() == before {
		t.Error("a new current summary left the window's version as it was")
	}
	if got := must(st.Totals("2026-2027", "fall", ""))(t)[everyStudent]; got.N != 105+109 {
		t.Errorf("after B2's correction, every student: n %d, want %d", got.N, 105+109)
	}
}

// testResetSequence: after the district resets a school's sequence (a
// store that can), the school numbers from 1 again, a repeat of an old
// summary is still its first receipt, and a new summary replaces the
// current one whatever its old sequence.
func testResetSequence(t *testing.T, b Backend) {
	st := open(t, b)
	resetter, ok := st.(hubstore.SequenceResetter)
	if !ok {
		t.Skip("this store cannot reset sequences")
	}
	must(st.Enroll("A1", "Ash School", now))(t)
	old := submission("A1", "id-1", 900, "2026-2027", "fall", `{"old":1}`, now)
	submit(t, st, old)
	if err := resetter.ResetSequence("A1"); err != nil {
		t.Fatal(err)
	}
	if err := resetter.ResetSequence("Z9"); err == nil {
		t.Error("resetting a school never enrolled succeeded")
	}
	if sc := must(st.School("A1"))(t); sc.Highest != 0 {
		t.Errorf("highest after the reset: %d, want 0", sc.Highest)
	}
	if _, created, err := st.Submit(old); err != nil || created {
		t.Errorf("the old summary again: created %v, %v; want its first receipt", created, err)
	}
	if r, created, err := st.Submit(submission("A1", "id-2", 1, "2026-2027", "fall", `{"new":1}`, now)); err != nil || !created || !r.Current {
		t.Errorf("sequence 1 after the reset: created %v current %v, %v", created, r.Current, err)
	}
	if got := current(t, st); !slices.Equal(got, []string{"A1 2026-2027 fall id-2 1"}) {
		t.Errorf("current after the reset: %q", got)
	}
	// The versions say which is current: the new one, whose sequence is
	// lower than the old one's.
	if keeper, ok := st.(hubstore.VersionKeeper); ok {
		want := []string{`A1 2026-2027 fall id-2 1 {"new":1} 09:30 current`, `A1 2026-2027 fall id-1 900 {"old":1} 09:30 `}
		if got := versions(t, keeper); !slices.Equal(got, want) {
			t.Errorf("versions after the reset: %q, want %q", got, want)
		}
	}
}

// testVersions: every summary received is kept with its body, a late
// older one and a repeat included (the repeat once), ordered by school,
// year, window and sequence, and after the store is reopened.
func testVersions(t *testing.T, b Backend) {
	st := b.Open(t)
	keeper, ok := st.(hubstore.VersionKeeper)
	if !ok {
		st.Close()
		t.Fatal("the store keeps no summary versions: the equity, history and completeness pages would be empty")
	}
	must(st.Enroll("A1", "Ash School", now))(t)
	must(st.Enroll("B2", "Birch School", now))(t)
	for _, sub := range []hubstore.Submission{
		submission("B2", "b-1", 1, "2026-2027", "fall", `{"b":1}`, now),
		submission("A1", "a-2", 2, "2026-2027", "fall", `{"a":2}`, now),
		submission("A1", "a-1", 1, "2026-2027", "fall", `{"a":1}`, now.Add(time.Hour)),   // late, older
		submission("A1", "a-1", 1, "2026-2027", "fall", `{"a":1}`, now.Add(2*time.Hour)), // a repeat
		submission("A1", "a-3", 3, "2026-2027", "winter", `{"a":3}`, now.Add(3*time.Hour)),
		submission("A1", "a-4", 4, "2025-2026", "spring", `{"a":4}`, now.Add(4*time.Hour)),
	} {
		submit(t, st, sub)
	}
	want := []string{
		`A1 2025-2026 spring a-4 4 {"a":4} 13:30 current`,
		`A1 2026-2027 fall a-1 1 {"a":1} 10:30 `,
		`A1 2026-2027 fall a-2 2 {"a":2} 09:30 current`,
		`A1 2026-2027 winter a-3 3 {"a":3} 12:30 current`,
		`B2 2026-2027 fall b-1 1 {"b":1} 09:30 current`,
	}
	if got := versions(t, keeper); !slices.Equal(got, want) {
		t.Errorf("versions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	again := open(t, b).(hubstore.VersionKeeper)
	if got := versions(t, again); !slices.Equal(got, want) {
		t.Errorf("versions after reopening: %q", got)
	}
}

// versions lists a store's versions as "school year window id sequence
// body received current".
func versions(t *testing.T, keeper hubstore.VersionKeeper) []string {
	t.Helper()
	var out []string
	for _, v := range must(keeper.Versions())(t) {
		current := ""
		if v.IsCurrent {
			current = "current"
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %d %s %s %s", v.School, v.Year, v.Window, v.ID, v.Sequence, v.Body, v.Received.Format("15:04"), current))
	}
	return out
}

// testAPITokens: a read-only token is shown once, kept as its hash, found
// by the token (never by a school's token or a guess) until revoked.
func testAPITokens(t *testing.T, b Backend) {
	st := open(t, b)
	keeper, ok := st.(hubstore.APITokenKeeper)
	if !ok {
		t.Fatal("the store keeps no API tokens: the cells API would answer 501")
	}
	if _, _, err := keeper.NewAPIToken("", "ada", now); err == nil {
		t.Error("a token without a name was made")
	}
	if _, _, err := keeper.NewAPIToken(strings.Repeat("x", 101), "ada", now); err == nil {
		t.Error("a token with a 101-character name was made")
	}
	powerBI, first := must2t(keeper.NewAPIToken("Power BI", "ada", now))(t)
	tableau, second := must2t(keeper.NewAPIToken("Tableau", "bo", now.Add(time.Minute)))(t)
	if !strings.HasPrefix(powerBI, "tla_") || powerBI == tableau || first.ID == second.ID || len(first.ID) != 12 {
		t.Fatalf("tokens %q %q, ids %q %q", powerBI, tableau, first.ID, second.ID)
	}
	if string(first.Hash) != string(hubstore.HashToken(powerBI)) {
		t.Error("the record does not keep the token's hash")
	}
	school := must(st.Enroll("A1", "Ash School", now))(t)
	for _, wrong := range []string{school, "", "tla_" + strings.Repeat("0", 64), powerBI + "x"} {
		if _, err := keeper.AuthenticateAPI(wrong); !errors.Is(err, hubstore.ErrNotFound) {
			t.Errorf("token %q: %v, want ErrNotFound", wrong, err)
		}
	}
	got := must(keeper.AuthenticateAPI(powerBI))(t)
	if got.ID != first.ID || got.Name != "Power BI" || got.CreatedBy != "ada" || !got.Created.Equal(now) || got.Revoked {
		t.Errorf("authenticated %+v", got)
	}
	if err := keeper.RevokeAPIToken("000000000000"); err == nil {
		t.Error("revoking a token that does not exist succeeded")
	}
	if err := keeper.RevokeAPIToken(first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := keeper.AuthenticateAPI(powerBI); !errors.Is(err, hubstore.ErrNotFound) {
		t.Errorf("a revoked token: %v, want ErrNotFound", err)
	}
	if _, err := keeper.AuthenticateAPI(tableau); err != nil {
		t.Errorf("the other token after a revoke: %v", err)
	}
	tokens := must(keeper.APITokens())(t)
	if len(tokens) != 2 || tokens[0].Name != "Power BI" || !tokens[0].Revoked || tokens[1].Name != "Tableau" || tokens[1].Revoked {
		t.Errorf("tokens %+v: want Power BI (revoked) then Tableau", tokens)
	}
}

// must2t(f())(t) is f's token and record, the test stopped if f failed.
func must2t(token string, rec hubstore.APIToken, err error) func(t *testing.T) (string, hubstore.APIToken) {
	return func(t *testing.T) (string, hubstore.APIToken) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return token, rec
	}
}

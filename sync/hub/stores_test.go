package hub_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubtest"
)

// serveOn runs a hub over a store whose school 0123 has the given token.
func serveOn(t *testing.T, st hubstore.Store, token string, now time.Time) *testHub {
	t.Helper()
	h, err := hub.New(st, hub.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }, Rate: 1e6, Burst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	t.Cleanup(srv.Close)
	return &testHub{hubtest.Hub{Server: srv, Token: token, Store: st}}
}

func openPostgres(t *testing.T, url string) hubstore.Store {
	t.Helper()
	st, err := hubpg.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var twoSchools = []string{"0123", "0456"}

// schoolWindows is two schools' summaries of three windows, by school.
func schoolWindows(t *testing.T) map[string][][]byte {
	out := map[string][][]byte{}
	for _, code := range twoSchools {
		for _, w := range []data.WindowName{data.Fall, data.Winter, data.Spring} {
			body := bytes.Replace(summaryJSON(t, 2025, w), []byte(`"school":"0123"`), []byte(`"school":"`+code+`"`), 1)
			out[code] = append(out[code], body)
		}
	}
	return out
}

var csrfValue = regexp.MustCompile(`name="csrf" value="[0-9a-f]+"`)

// pages signs in and reads the district page, a school's page (both with
// their forms' CSRF tokens blanked) and the export.
func pages(t *testing.T, h *testHub) []string {
	t.Helper()
	b, status := signIn(t, h, "correct horse battery")
	if status != 200 {
		t.Fatalf("sign in: %d", status)
	}
	var out []string
	for _, path := range []string{"/", "/?measure=dibels8-orf&dimension=el&grade=2", "/schools/0456", "/export.csv"} {
		status, body := b.get(path)
		if status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		out = append(out, csrfValue.ReplaceAllString(body, `name="csrf"`))
	}
	return out
}

// The dashboard and the export are the same, byte for byte, on bbolt and
// on PostgreSQL.
func TestTheDashboardIsTheSameOnBothStores(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	bolt, err := hubstore.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bolt.Close() })
	var results [][]string
	for _, st := range []hubstore.Store{bolt, openPostgres(t, pgtest.Database(t))} {
		tokens := map[string]string{}
		for _, code := range twoSchools {
			if tokens[code], err = st.Enroll(code, "School "+code, now); err != nil {
				t.Fatal(err)
			}
		}
		h := serveOn(t, st, tokens["0123"], now)
		seq := uint64(0)
		windows := schoolWindows(t)
		for _, code := range twoSchools {
			for _, body := range windows[code] {
				seq++
				if a := h.post(t, tokens[code], uuid.NewString(), seq, body); a.status != 201 {
					t.Fatalf("post: %d %s", a.status, a.body)
				}
			}
		}
		results = append(results, pages(t, h))
	}
	for i, page := range results[0] {
		if page != results[1][i] {
			t.Errorf("page %d differs between bbolt (%d bytes) and PostgreSQL (%d bytes)", i, len(page), len(results[1][i]))
		}
		if len(page) < 1000 {
			t.Errorf("page %d is only %d bytes: %q", i, len(page), page)
		}
	}
}

// Two hub processes on one database serve the same data: a repeat sent to
// the other is the same receipt, a reused key or sequence is refused there
// too, a session made by one works on the other, and a summary received
// by one shows on the other's dashboard at once.
func TestTwoHubsOnOneDatabase(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	url := pgtest.Database(t)
	first, second := openPostgres(t, url), openPostgres(t, url)
	token, err := first.Enroll("0123", "Oak Street Elementary", now)
	if err != nil {
		t.Fatal(err)
	}
	a, b := serveOn(t, first, token, now), serveOn(t, second, token, now)
	fall, winter := summaryJSON(t, 2025, data.Fall), summaryJSON(t, 2025, data.Winter)

	browser, status := signIn(t, a, "correct horse battery")
	if status != 200 {
		t.Fatalf("sign in on the first: %d", status)
	}
	browser.base = b.URL // the same cookie, the other hub
	if status, page := browser.get("/"); status != 200 || !bytes.Contains([]byte(page), []byte("waiting for its first summary")) {
		t.Fatalf("the second hub with the first's session: %d", status)
	}

	key := uuid.NewString()
	created := a.post(t, token, key, 1, fall)
	again := b.post(t, token, key, 1, fall)
	if created.status != 201 || again.status != 200 || !bytes.Equal(created.body, again.body) {
		t.Fatalf("a repeat on the other hub: %d %s, then %d %s", created.status, created.body, again.status, again.body)
	}
	if r := b.post(t, token, key, 1, winter); r.status != 422 {
		t.Errorf("the key reused on the other hub: %d %s", r.status, r.body)
	}
	if r := b.post(t, token, uuid.NewString(), 1, winter); r.status != 409 {
		t.Errorf("the sequence reused on the other hub: %d %s", r.status, r.body)
	}
	_, before := browser.get("/")
	if r := a.post(t, token, uuid.NewString(), 2, winter); r.status != 201 {
		t.Fatalf("winter: %d %s", r.status, r.body)
	}
	_, after := browser.get("/")
	if !bytes.Contains([]byte(after), []byte("Winter 2025-2026")) || bytes.Contains([]byte(before), []byte("Winter 2025-2026")) {
		t.Error("the second hub's dashboard did not show the winter summary the first received")
	}

	// Many senders at once, half to each hub, each summary sent twice:
	// every one stored once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	createdCount := 0
	for i := range 20 {
		key, seq := uuid.NewString(), uint64(10+i)
		for _, h := range []*testHub{a, b} {
			wg.Go(func() {
				r := h.post(t, token, key, seq, []([]byte){fall, winter}[i%2])
				mu.Lock()
				defer mu.Unlock()
				switch r.status {
				case 201:
					createdCount++
				case 200:
				default:
					t.Errorf("summary %d: %d %s", i, r.status, r.body)
				}
			})
		}
	}
	wg.Wait()
	if receipts, _ := a.counts(t); createdCount != 20 || receipts != 22 {
		t.Errorf("%d created, %d receipts; want 20 and 22", createdCount, receipts)
	}
	if cur := hubtest.Current(t, second); fmt.Sprint(cur[0].Sequence, cur[1].Sequence) != "28 29" {
		t.Errorf("current sequences %+v, want the highest of each window (28 fall, 29 winter)", cur)
	}
}

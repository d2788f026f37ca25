package hub_test

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubtest"
)

// slowStore hands over its cells slowly, as a store of a whole state
// would over minutes, and can fail part way.
type slowStore struct {
	hubstore.Store
	pause  time.Duration // after every 200 cells
	failAt int           // 0: never
	handed int
}

func (s *slowStore) Cells(ctx context.Context, each func(hubstore.Cell) error) error {
	s.handed = 0
	return s.Store.Cells(ctx, func(c hubstore.Cell) error {
		s.handed++
		if s.handed%50 == 0 {
			time.Sleep(s.pause)
		}
		if s.failAt > 0 && s.handed == s.failAt {
			return errors.New("the database went away")
		}
		return each(c)
	})
}

// serveSlow serves a hub over a slow store through the hub's own
// http.Server, with its write timeout cut to writeTimeout.
func serveSlow(t *testing.T, st *slowStore, addr string, writeTimeout time.Duration) string {
	t.Helper()
	h, err := hub.New(st, hub.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := h.HTTPServer(addr)
	srv.WriteTimeout = writeTimeout
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln) //nolint:errcheck // closed below
	t.Cleanup(func() { srv.Close() })
	return "http://" + addr
}

// An export that takes longer than the server's write timeout arrives
// whole: the deadline moves on as it streams.
func TestALongExportIsNotCutShort(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	for i, w := range []data.WindowName{data.Fall, data.Winter, data.Spring} {
		if a := h.post(t, h.Token, uuid.NewString(), uint64(i+1), summaryJSON(t, 2025, w)); a.status != 201 {
			t.Fatalf("post: %d %s", a.status, a.body)
		}
	}
	cells := 0
	h.Store.Cells(context.Background(), func(hubstore.Cell) error { cells++; return nil }) //nolint:errcheck // counted
	st := &slowStore{Store: h.Store, pause: 60 * time.Millisecond}
	// About cells/50 × 60 ms ≈ 0.6 s, against a 150 ms write timeout.
	base := serveSlow(t, st, "127.0.0.1:18310", 150*time.Millisecond)
	b, _ := signIn(t, &testHub{hubtest.Hub{Server: h.Server, Store: h.Store}}, "correct horse battery")
	b.base = base
	status, body := b.get("/export.csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if status != 200 || err != nil || len(rows) != cells+1 {
		t.Fatalf("export: %d, %d rows of %d cells + header, %v", status, len(rows), cells, err)
	}
}

// An export that fails part way ends as a failed download, not as a file
// that looks whole.
func TestAFailedExportIsNotAWholeFile(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	if a := h.post(t, h.Token, uuid.NewString(), 1, summaryJSON(t, 2025, data.Fall)); a.status != 201 {
		t.Fatalf("post: %d %s", a.status, a.body)
	}
	st := &slowStore{Store: h.Store, failAt: 100}
	base := serveSlow(t, st, "127.0.0.1:18311", 30*time.Second)
	b, _ := signIn(t, &testHub{hubtest.Hub{Server: h.Server, Store: h.Store}}, "correct horse battery")
	resp, err := b.c.Get(base + "/export.csv")
	if err != nil {
		return // failed before the first byte: a failed download too
	}
	defer resp.Body.Close()
	if body, err := io.ReadAll(resp.Body); err == nil {
		t.Fatalf("an export cut short by the store read as a whole file: %d, %d bytes, %d cells handed, %q", resp.StatusCode, len(body), st.handed, body[len(body)-100:])
	}
}

// Package hubtest starts a district hub on 127.0.0.1 for the tests of the
// packages that send to one (the app, the command line).
package hubtest

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
)

// Hub is a running hub with the demo school, 0123, enrolled.
type Hub struct {
	URL   string
	Token string // school 0123's
	Store *hubstore.Store
}

// Start runs a hub until the test ends.
func Start(t testing.TB) Hub {
	t.Helper()
	st, err := hubstore.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	token, err := st.Enroll("0123", "Oak Street Elementary", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h, err := hub.New(st, hub.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	t.Cleanup(srv.Close)
	return Hub{URL: srv.URL, Token: token, Store: st}
}

// Package hubtest starts a district hub on 127.0.0.1 for the tests of the
// hub and of the packages that send to one (the app, the command line).
package hubtest

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
)

// Hub is a running hub with the demo school, 0123, enrolled.
type Hub struct {
	*httptest.Server
	Token string // school 0123's
	Store hubstore.Store
}

// Start runs a hub with the default configuration until the test ends.
func Start(t testing.TB) Hub { return StartWith(t, hub.Config{}, nil) }

// StartWith runs a hub with a configuration (quiet unless it has a
// logger), its handler wrapped when wrap is not nil (a faulty network).
func StartWith(t testing.TB, cfg hub.Config, wrap func(http.Handler) http.Handler) Hub {
	t.Helper()
	return StartSeeded(t, cfg, wrap, nil)
}

// StartSeeded runs a hub over a store that seed has written to first, as
// an earlier hub left it (seed may be nil).
func StartSeeded(t testing.TB, cfg hub.Config, wrap func(http.Handler) http.Handler, seed func(hubstore.Store)) Hub {
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
	if seed != nil {
		seed(st)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h, err := hub.New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	handler := h.Handler()
	if wrap != nil {
		handler = wrap(handler)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return Hub{Server: srv, Token: token, Store: st}
}

// Package hubtest starts a district hub on 127.0.0.1 for the tests of the
// hub and of the packages that send to one (the app, the command line).
//
// The hub keeps its data in a bbolt file, or in a PostgreSQL database of a
// throwaway cluster when TIERLINE_HUB_STORE=postgres (the package's
// TestMain then calls pgtest.Main): make test runs the hub's tests both ways.
package hubtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hub/hubstore"
)

// Postgres reports whether the tests' hubs keep their data in PostgreSQL.
func Postgres() bool { return os.Getenv("TIERLINE_HUB_STORE") == "postgres" }

// OpenStore opens an empty store, closed when the test ends: bbolt, or
// PostgreSQL when TIERLINE_HUB_STORE=postgres.
func OpenStore(t testing.TB) hubstore.Store {
	t.Helper()
	var st hubstore.Store
	var err error
	if Postgres() {
		st, err = hubpg.Open(pgtest.Database(t))
	} else {
		st, err = hubstore.Open(filepath.Join(t.TempDir(), "hub.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

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
	st := OpenStore(t)
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

// Summary is a current summary as the store's cells show it.
type Summary struct {
	School, Year, Window, ID string
	Sequence                 uint64
}

// Current lists the store's current summaries (those with cells), by
// year, window and school.
func Current(t testing.TB, st hubstore.Store) []Summary {
	t.Helper()
	var out []Summary
	err := st.Cells(context.Background(), func(c hubstore.Cell) error {
		s := Summary{c.School, c.Year, c.Window, c.ID, c.Sequence}
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

package hub_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/summary"
)

// TestHubScreenshot writes the dashboard of a district of three demo
// schools as HTML files to $TIERLINE_HUB_PAGES (make hub-screenshot turns
// them into PNGs with headless Chromium).
func TestHubScreenshot(t *testing.T) {
	dir := os.Getenv("TIERLINE_HUB_PAGES")
	if dir == "" {
		t.Skip("set TIERLINE_HUB_PAGES=DIR (make hub-screenshot)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// Each school sends a window some days after it ends (the third one
	// late, and not its latest window at all), so the completeness page
	// shows on time, late and missing.
	var clock atomic.Int64 // the hub reads it in its own goroutines
	clock.Store(today.Time().UnixNano())
	h := newTestHub(t, hub.Config{Now: func() time.Time { return time.Unix(0, clock.Load()) }}, nil)
	seq := uint64(0)
	for i, school := range []struct{ code, name string }{{"0123", ""}, {"0456", "Elm Street Elementary"}, {"0789", "Pine Hill Elementary"}} {
		token := h.Token
		if school.name != "" {
			var err error
			if token, err = h.Store.Enroll(school.code, school.name, today.Time()); err != nil {
				t.Fatal(err)
			}
		}
		snap, err := demo.School(demo.Options{Today: today, Size: demo.Small, Seed: uint64(i + 1)})
		if err != nil {
			t.Fatal(err)
		}
		windows := analysis.StartedWindows(snap.Settings, today)
		for j, yw := range windows {
			if i == 2 && j == len(windows)-1 {
				continue
			}
			clock.Store(yw.Year.Window(yw.Window).End.Time().Add(time.Duration(3+7*i) * 24 * time.Hour).UnixNano())
			s, err := summary.Build(snap, yw.Year, yw.Window, today)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := s.JSON()
			body = bytes.Replace(body, []byte(`"school":"0123"`), []byte(`"school":"`+school.code+`"`), 1)
			seq++
			if a := h.post(t, token, uuid.NewString(), seq, body); a.status != http.StatusCreated {
				t.Fatalf("%s %s: %d %s", school.code, yw.Label(), a.status, a.body)
			}
		}
	}
	clock.Store(today.Time().UnixNano())
	b, _ := signIn(t, h, "correct horse battery")
	for name, path := range map[string]string{
		"hub-district":     "/?measure=ORF&dimension=race&grade=all",
		"hub-school":       "/schools/0123?measure=ORF&dimension=el&grade=03",
		"hub-admin":        "/admin",
		"hub-equity":       "/equity?measure=ORF&dimension=race&grade=all",
		"hub-history":      "/history?since=" + today.AddDays(-30).String() + "&measure=ORF&dimension=race",
		"hub-completeness": "/completeness",
	} {
		status, page := b.get(path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Println("wrote", filepath.Join(dir, name+".html"))
	}
}

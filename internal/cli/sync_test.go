package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/summary"
)

func TestSummaryCommand(t *testing.T) {
	dir := demoDir(t)
	code, stdout, stderr := tierline(t, "summary", "--window", "fall", "--data", dir)
	if code != 0 {
		t.Fatalf("summary: exit %d: %s", code, stderr)
	}
	s, err := summary.DecodeBytes([]byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("the printed summary fails the hub's checks: %v", err)
	}
	if s.Window != "fall" || len(s.Progress) == 0 {
		t.Errorf("summary: window %q, %d progress cells", s.Window, len(s.Progress))
	}
	// Same store, same day: the same bytes.
	_, again, _ := tierline(t, "summary", "--window", "fall", "--data", dir)
	if !bytes.Equal([]byte(stdout), []byte(again)) {
		t.Error("two runs printed different summaries")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"summary", "--window", "summer"}, "summer"},
		{[]string{"summary", "--window", "spring"}, "has not started yet"},
		{[]string{"summary", "--window", "fall", "--year", "1999"}, "1999"},
	} {
		code, _, stderr := tierline(t, append(tc.args, "--data", dir)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want an error naming %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestSyncCommand(t *testing.T) {
	h := hubtest.Start(t)
	dir := demoDir(t)
	tokenFile := filepath.Join(t.TempDir(), "token.txt")
	wrongFile := filepath.Join(t.TempDir(), "wrong.txt")
	os.WriteFile(tokenFile, []byte(h.Token+"\n"), 0o600)
	os.WriteFile(wrongFile, []byte(strings.Repeat("f", 64)), 0o600)

	code, _, stderr := tierline(t, "sync", "--data", dir, "--hub", h.URL, "--token-file", wrongFile, "--queue", "fall")
	if code != 1 || !strings.Contains(stderr, "refused the token") || !strings.Contains(stderr, "(1 waiting)") {
		t.Fatalf("a wrong token: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := tierline(t, "sync", "--data", dir, "--hub", h.URL, "--token-file", tokenFile, "--queue", "all", "--year", "2025")
	if code != 0 || !strings.Contains(stdout, "Queued the Spring 2025-2026 summary") || !strings.Contains(stdout, "Sent 4 summaries") {
		t.Fatalf("sync: exit %d, %q %q", code, stdout, stderr)
	}
	if _, current, _ := h.Store.Counts(); current != 4 {
		t.Fatalf("the hub holds %d summaries, want 4", current)
	}
	code, stdout, _ = tierline(t, "sync", "--data", dir, "--status")
	if code != 0 || !strings.Contains(stdout, "Last sent to "+h.URL) || !strings.Contains(stdout, "0 summaries waiting") {
		t.Fatalf("status: %q", stdout)
	}
	// Sent windows are not sent again with nothing changed: "all" skips
	// them, and a named one waits for k changed students, confirmed or not.
	code, stdout, _ = tierline(t, "sync", "--data", dir, "--queue", "all", "--year", "2025")
	if code != 0 || !strings.Contains(stdout, "Skipped Spring 2025-2026. Not yet: ") || !strings.Contains(stdout, "0 so far, 10 more") {
		t.Fatalf("queue all again: exit %d, %q", code, stdout)
	}
	if code, _, stderr = tierline(t, "sync", "--data", dir, "--queue", "spring", "--year", "2025", "--correction"); code == 0 || !strings.Contains(stderr, "a correction waits until the records of 10 students") {
		t.Fatalf("a correction with nothing changed: exit %d, %q", code, stderr)
	}
	if code, _, stderr = tierline(t, "sync", "--data", dir, "--hub", h.URL); code != 2 || !strings.Contains(stderr, "go together") {
		t.Fatalf("--hub alone: exit %d, %q", code, stderr)
	}
	// District IT's preset address: the token alone is enough.
	t.Setenv(HubURLEnv, h.URL)
	if code, stdout, stderr = tierline(t, "sync", "--data", dir, "--token-file", tokenFile); code != 0 || !strings.Contains(stdout, "Sent 0 summaries to "+h.URL) {
		t.Fatalf("with a preset hub: exit %d, %q %q", code, stdout, stderr)
	}
}

// A hub that cannot be reached is not the user's mistake: the error says
// so in its kind, and the summaries wait.
func TestSyncToUnreachableHub(t *testing.T) {
	dir := demoDir(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tokenFile := filepath.Join(t.TempDir(), "token.txt")
	if err := os.WriteFile(tokenFile, []byte(strings.Repeat("a", 64)), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	c := &invocation{stdout: &out, stderr: &errOut, now: func() time.Time { return fixedNow }}
	err := runSync(c, []string{"--data", dir, "--hub", closed.URL, "--token-file", tokenFile, "--queue", "fall"})
	if data.ErrorCode(err) != data.EUNAVAILABLE || !strings.Contains(data.ErrorMessage(err), "Could not reach the district hub") ||
		!strings.Contains(data.ErrorMessage(err), "(1 waiting)") {
		t.Fatalf("sync to a closed port: %v (kind %s)", err, data.ErrorCode(err))
	}
}

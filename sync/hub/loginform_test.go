package hub_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/hubapi"
)

// TestLoginRefusesMultipartAndHugeForms reproduces issue 22 item 1: a
// multipart or oversized POST /login was parsed whole before any check.
func TestLoginRefusesMultipartAndHugeForms(t *testing.T) {
	h := hubtest.Start(t)
	resp, err := http.Post(h.URL+"/login", "multipart/form-data; boundary=x", strings.NewReader("--x--\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("multipart login: status %d, want 415", resp.StatusCode)
	}
	big := bytes.Repeat([]byte("a"), 1<<20)
	resp, err = http.Post(h.URL+"/login", "application/x-www-form-urlencoded", bytes.NewReader(append([]byte("name="), big...)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MiB login form: status %d, want 413", resp.StatusCode)
	}
}

// TestEveryFormIsCappedAndPlain reproduces issue 22 item 1 beyond the
// sign-in form: every POST of the hub, signed in or not, refuses a
// multipart body (415) before reading it and caps a plain form (413),
// and nothing is left in the temporary folder.
func TestEveryFormIsCappedAndPlain(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	h := newTestHub(t, hub.Config{}, nil)
	b, _ := signIn(t, h, "correct horse battery")
	_, page := b.get("/admin")
	csrf := between(page, `name="csrf" value="`, `"`)

	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("csrf", csrf) //nolint:errcheck // a buffer
	part, _ := mw.CreateFormFile("file", "big.bin")
	part.Write(bytes.Repeat([]byte("x"), 1<<20)) //nolint:errcheck // a buffer
	mw.Close()
	huge := url.Values{"csrf": {csrf}, "name": {strings.Repeat("a", 1<<20)}}.Encode()

	for _, path := range []string{"/login", "/logout", "/admin/enroll", "/admin/revoke", "/admin/users", hubapi.PathSummaries} {
		for _, tc := range []struct {
			kind, contentType, body string
			status                  int
		}{
			{"multipart", mw.FormDataContentType(), mp.String(), http.StatusUnsupportedMediaType},
			{"a 1 MiB form", "application/x-www-form-urlencoded", huge, 0},
		} {
			req, _ := http.NewRequest(http.MethodPost, h.URL+path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			if path == hubapi.PathSummaries {
				req.Header.Set("Authorization", "Bearer "+h.Token)
				req.Header.Set(hubapi.HeaderIdempotencyKey, uuid.NewString())
				req.Header.Set(hubapi.HeaderSequence, "1")
			}
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			want := tc.status
			if want == 0 {
				want = http.StatusRequestEntityTooLarge
				if path == hubapi.PathSummaries {
					want = http.StatusUnsupportedMediaType // a summary is JSON
				}
			}
			if resp.StatusCode != want {
				t.Errorf("POST %s with %s: status %d, want %d", path, tc.kind, resp.StatusCode, want)
			}
		}
	}
	if status, _ := b.get("/admin"); status != http.StatusOK {
		t.Errorf("still signed in after the refusals? %d", status)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "multipart-*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

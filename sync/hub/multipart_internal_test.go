package hub

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// multipartBody is a form with one file part larger than the memory a
// handler gives it, so that parsing spools it to a temporary file.
func multipartBody(t *testing.T, size int) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(bytes.Repeat([]byte("x"), size)) //nolint:errcheck // a buffer
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dir, "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestLoggingLeavesNoMultipartFiles reproduces issue 22 item 1's leak: the
// request-logging wrapper handed handlers a copy of the request, so the
// server's cleanup of a parsed multipart form never saw its files.
func TestLoggingLeavesNoMultipartFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := &Server{cfg: Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	parsing := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 10); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if len(leftovers(t, tmp)) == 0 {
			t.Error("the form was not spooled to disk: the test proves nothing")
		}
	})
	var after []string
	logged := s.logRequests(parsing)
	// Looked at as soon as the wrapper returns, before the server's own
	// cleanup (which runs after the answer is flushed) could hide a leak.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		logged.ServeHTTP(w, r)
		after = leftovers(t, tmp)
	}))
	defer srv.Close()
	body, contentType := multipartBody(t, 1<<20)
	resp, err := http.Post(srv.URL, contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if len(after) != 0 {
		t.Errorf("the multipart form's temporary files were left behind: %v", after)
	}
}

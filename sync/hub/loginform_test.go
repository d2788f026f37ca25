package hub_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubtest"
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

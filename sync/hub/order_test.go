package hub_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hubapi"
)

// TestTheAPIChecksInTheDocumentedOrder: each request below fails two or
// more of the summary API's checks and gets the answer of the first, in
// the order README's Security section gives: method, token (and the
// school's rate), headers, content type, size, body, school, rules.
func TestTheAPIChecksInTheDocumentedOrder(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	huge := bytes.Repeat([]byte(" "), 2<<20)
	good := summaryJSON(t, 2026, data.Fall)
	other := bytes.ReplaceAll(good, []byte(`"school":"0123"`), []byte(`"school":"0456"`))
	for _, tc := range []struct {
		name, method, token, key, seq, contentType string
		body                                       []byte
		status                                     int
		code                                       string
	}{
		{"a GET with a bad token and a 2 MiB body", http.MethodGet, "bad", "17", "0", "", huge, http.StatusMethodNotAllowed, ""},
		{"a 2 MiB body with a bad token", http.MethodPost, "bad", uuid.NewString(), "1", "application/json", huge, http.StatusUnauthorized, hubapi.CodeUnauthorized},
		{"a 2 MiB multipart body with no token", http.MethodPost, "", "17", "0", "multipart/form-data; boundary=x", huge, http.StatusUnauthorized, hubapi.CodeUnauthorized},
		{"a 2 MiB body with a bad Idempotency-Key", http.MethodPost, h.Token, "17", "1", "text/plain", huge, http.StatusBadRequest, hubapi.CodeBadRequest},
		{"a 2 MiB body with sequence 2⁶⁴−1", http.MethodPost, h.Token, uuid.NewString(), "18446744073709551615", "text/plain", huge, http.StatusBadRequest, hubapi.CodeSequenceRange},
		{"a 2 MiB text body", http.MethodPost, h.Token, uuid.NewString(), "1", "text/plain", huge, http.StatusUnsupportedMediaType, hubapi.CodeBadRequest},
		{"a 2 MiB JSON body", http.MethodPost, h.Token, uuid.NewString(), "1", "application/json", huge, http.StatusRequestEntityTooLarge, hubapi.CodeTooLarge},
		{"not a summary", http.MethodPost, h.Token, uuid.NewString(), "1", "application/json", []byte(`{"school":"0456","student":"Ana"}`), http.StatusBadRequest, hubapi.CodeBadSummary},
		{"another school's summary", http.MethodPost, h.Token, uuid.NewString(), "1", "", other, http.StatusForbidden, hubapi.CodeSchoolMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, h.URL+hubapi.PathSummaries, bytes.NewReader(tc.body))
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			req.Header.Set(hubapi.HeaderIdempotencyKey, tc.key)
			req.Header.Set(hubapi.HeaderSequence, tc.seq)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			a := answer{resp.StatusCode, resp.Header, b}
			if a.status != tc.status || (tc.code != "" && a.code() != tc.code) {
				t.Errorf("got %d %s, want %d %s", a.status, strings.TrimSpace(string(a.body)), tc.status, tc.code)
			}
		})
	}
	if r, c := h.counts(t); r != 0 || c != 0 {
		t.Fatalf("refused requests stored %d receipts, %d current summaries", r, c)
	}
}

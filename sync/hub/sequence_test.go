package hub_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/hubapi"
	"github.com/tierline/tierline/sync/summary"
)

// TestSequencesOutOfRangeAreRefused reproduces issue 22 item 2 at the hub:
// it took Tierline-Sequence 18446744073709551615, after which no sequence
// of the school's could be higher.
func TestSequencesOutOfRangeAreRefused(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	body := summaryJSON(t, 2026, data.Fall)
	for _, seq := range []uint64{math.MaxUint64, data.MaxSequence + 1, data.MaxSequenceAhead + 1} {
		a := h.post(t, h.Token, uuid.NewString(), seq, body)
		if a.status != http.StatusBadRequest || a.code() != hubapi.CodeSequenceRange || !strings.Contains(string(a.body), fmt.Sprintf("Tierline-Sequence %d is out of range", seq)) {
			t.Errorf("sequence %d: %d %s", seq, a.status, a.body)
		}
	}
	if r, c := h.counts(t); r != 0 || c != 0 {
		t.Fatalf("a refused sequence stored %d receipts, %d current", r, c)
	}
	if a := h.post(t, h.Token, uuid.NewString(), data.MaxSequenceAhead, body); a.status != http.StatusCreated {
		t.Fatalf("sequence %d, at the bound: %d %s", data.MaxSequenceAhead, a.status, a.body)
	}
}

// TestAHubSequencePastTheBoundWaitsForTheDistrict plays the issue's
// scenario: a hub from before the fix holds 18446744073709551615 from a
// school. The school's summaries must wait, saying what to do, not wrap
// to 0 and be dropped as refused; the district resets the school's
// sequence on the admin page, and they are delivered.
func TestAHubSequencePastTheBoundWaitsForTheDistrict(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	body := summaryJSON(t, 2025, data.Fall)
	sum, err := summary.DecodeBytes(body)
	if err != nil {
		t.Fatal(err)
	}
	// PostgreSQL's bigint holds up to 2⁶³−1: as far past the bound.
	past := uint64(math.MaxUint64)
	if hubtest.Postgres() {
		past = math.MaxInt64
	}
	if _, _, err := h.Store.Submit(hubstore.Submission{School: "0123", ID: uuid.NewString(), Sequence: past,
		Year: "2025-2026", Window: "fall", Body: body, Cells: hubstore.CellsOf(sum, past), Received: time.Now()}); err != nil {
		t.Fatal(err)
	}
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall)
	s := newSender(t, st, h.URL, h.Token)
	for range 2 {
		res, err := s.SendPending(context.Background())
		if !errors.Is(err, data.ErrHubSequence) || res.Refused != 0 || res.Waiting != 1 {
			t.Fatalf("a pass against a hub at 2⁶⁴−1: %+v %v", res, err)
		}
	}
	status, _, _ := st.SyncStatus()
	if !strings.Contains(status.LastError, "ask your district to reset this school's sequence") {
		t.Fatalf("status: %q", status.LastError)
	}

	b, _ := signIn(t, h, "correct horse battery")
	_, page := b.get("/admin")
	csrf := between(page, `name="csrf" value="`, `"`)
	if status, page := b.post("/admin/reset-sequence", url.Values{"code": {"0123"}, "csrf": {csrf}}); status != http.StatusOK || !strings.Contains(page, "sequence was reset") {
		t.Fatalf("reset: %d", status)
	}
	res, err := s.SendPending(context.Background())
	if err != nil || res.Sent != 1 || res.Waiting != 0 {
		t.Fatalf("after the reset: %+v %v", res, err)
	}
	if current := hubtest.Current(t, h.Store); len(current) != 1 || current[0].Sequence != 1 {
		t.Fatalf("current after the reset: %+v", current)
	}
	if status, _ := b.post("/admin/reset-sequence", url.Values{"code": {"9999"}, "csrf": {csrf}}); status != http.StatusUnprocessableEntity {
		t.Errorf("resetting an unknown school: %d", status)
	}
}

// TestARecoverable400KeepsTheSummaryWaiting: only a refusal whose code
// says the summary's contents are wrong drops it; a 400 about the request
// (a header, the sequence, a proxy's) leaves it waiting with the words.
func TestARecoverable400KeepsTheSummaryWaiting(t *testing.T) {
	h := newTestHub(t, hub.Config{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				http.Error(w, `{"error":"the Tierline-Sequence header must be a positive whole number","code":"bad_request"}`, http.StatusBadRequest)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall)
	res, err := newSender(t, st, h.URL, h.Token).SendPending(context.Background())
	if err == nil || res.Refused != 0 || res.Waiting != 1 {
		t.Fatalf("a 400 about a header: %+v %v", res, err)
	}
	status, _, _ := st.SyncStatus()
	if !strings.Contains(status.LastError, "positive whole number") || !strings.Contains(status.LastError, "wait in the outbox") {
		t.Fatalf("status: %q", status.LastError)
	}
}

package hub_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/sync/hub/hubcopy"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hubapi"
)

// A bbolt hub copied into PostgreSQL serves the same dashboard and export,
// byte for byte; its schools keep sending with the tokens they have (and
// their used sequences stay used); its API tokens still read; a copy cut
// off part way is finished by running it again, and a second
// copy writes nothing new.
func TestACopiedHubServesTheSamePages(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	bolt, err := hubstore.Open(filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bolt.Close() })
	tokens := map[string]string{}
	for _, code := range twoSchools {
		if tokens[code], err = bolt.Enroll(code, "School "+code, now); err != nil {
			t.Fatal(err)
		}
	}
	source := serveOn(t, bolt, tokens["0123"], now)
	seq := uint64(0)
	windows := schoolWindows(t)
	for _, code := range twoSchools {
		for _, body := range windows[code] {
			seq++
			if a := source.post(t, tokens[code], uuid.NewString(), seq, body); a.status != 201 {
				t.Fatalf("post: %d %s", a.status, a.body)
			}
		}
	}
	// A correction: the first school's fall again, a higher sequence.
	seq++
	if a := source.post(t, tokens["0123"], uuid.NewString(), seq, windows["0123"][0]); a.status != 201 {
		t.Fatalf("post the correction: %d %s", a.status, a.body)
	}
	apiToken, _, err := bolt.NewAPIToken("BI", "dana", now)
	if err != nil {
		t.Fatal(err)
	}
	want := pages(t, source)

	pg, err := hubpg.Open(pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	// A copy cut off after three summaries, then run again to finish.
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := hubcopy.Copy(ctx, bolt, &cutOff{Target: pg, left: 3, cancel: cancel}); err == nil {
		t.Fatal("a copy cut off reported no error")
	}
	if receipts, _, _ := pg.Counts(); receipts != 3 {
		t.Fatalf("the cut-off copy left %d receipts, want 3", receipts)
	}
	n, err := hubcopy.Copy(context.Background(), bolt, pg)
	if err != nil {
		t.Fatal(err)
	}
	if n != (hubcopy.Counts{Schools: 2, Users: 1, APITokens: 1, Summaries: 7, Repeats: 3}) {
		t.Errorf("copied %+v", n)
	}
	again, err := hubcopy.Copy(context.Background(), bolt, pg)
	if err != nil || again != (hubcopy.Counts{Schools: 2, Users: 1, APITokens: 1, Summaries: 7, Repeats: 7}) {
		t.Errorf("a second copy: %+v, %v", again, err)
	}
	if receipts, current, err := pg.Counts(); err != nil || receipts != 7 || current != 6 {
		t.Errorf("PostgreSQL holds %d receipts and %d current summaries (%v); want 7 and 6", receipts, current, err)
	}

	copied := serveOn(t, pg, tokens["0123"], now)
	got := pages(t, copied)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("page %d differs after the copy (%d bytes in bbolt, %d in PostgreSQL)", i, len(want[i]), len(got[i]))
		}
	}
	if _, err := pg.AuthenticateAPI(apiToken); err != nil {
		t.Errorf("the API token after the copy: %v", err)
	}
	if a := copied.post(t, tokens["0456"], uuid.NewString(), 5, windows["0456"][0]); a.status != 409 {
		t.Errorf("a sequence used before the copy: %d %s", a.status, a.body)
	}
	if a := copied.post(t, tokens["0456"], uuid.NewString(), seq+1, windows["0456"][0]); a.status != 201 {
		t.Errorf("the school's token after the copy: %d %s", a.status, a.body)
	}
}

// cutOff is a copy's target that is cut off (its context cancelled) after
// a number of summaries.
type cutOff struct {
	hubcopy.Target
	left   int
	cancel context.CancelFunc
}

func (c *cutOff) Submit(sub hubstore.Submission) (hubapi.Receipt, bool, error) {
	if c.left--; c.left == 0 {
		c.cancel()
	}
	return c.Target.Submit(sub)
}

package hub_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/outbox"
)

// schoolStore is the demo school in a fresh store.
func schoolStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	snap := demoSnapshot(t)
	if err := st.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	return st
}

// queue puts windows of a school year in the outbox.
func queue(t *testing.T, st *store.Store, year int, windows ...data.WindowName) {
	t.Helper()
	snap, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	y, _ := snap.Settings.YearByLabel(fmt.Sprint(year))
	for _, w := range windows {
		plan, err := outbox.PlanSend(st, snap, y, w, today)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := outbox.Queue(st, plan, false); err != nil {
			t.Fatal(err)
		}
	}
}

// resend queues a window's summary again as the outbox stores it,
// whatever the rules of corrections (outbox.Plan's, tested there).
func resend(t *testing.T, st *store.Store, year int, w data.WindowName) {
	t.Helper()
	snap, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	y, _ := snap.Settings.YearByLabel(fmt.Sprint(year))
	plan, err := outbox.PlanSend(st, snap, y, w, today)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Queue(y.Label(), w, plan.Body); err != nil {
		t.Fatal(err)
	}
}

// newSender delivers st to url quickly: short timeouts and backoff, so
// that the tests stay within seconds.
func newSender(t *testing.T, st *store.Store, url, token string) *outbox.Sender {
	t.Helper()
	if err := st.SetHub(data.Hub{URL: url, Token: token}); err != nil {
		t.Fatal(err)
	}
	s := outbox.NewSender(st, "Tierline/test")
	s.HTTP = outbox.NewHTTPClient(300 * time.Millisecond)
	s.Base, s.Cap = 5*time.Millisecond, 40*time.Millisecond
	return s
}

func waiting(t *testing.T, st *store.Store) int {
	t.Helper()
	_, n, err := st.SyncStatus()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// deliver makes passes until the outbox is empty, as the background
// sender would, without its waits; at most 20.
func deliver(t *testing.T, s *outbox.Sender, st *store.Store) {
	t.Helper()
	for range 20 {
		s.SendPending(context.Background()) //nolint:errcheck // the outcome is checked below
		if waiting(t, st) == 0 {
			return
		}
	}
	t.Fatalf("%d summaries still waiting after 20 passes", waiting(t, st))
}

// exactlyOnce checks the hub holds one current summary per window, each
// the last one queued, and no more receipts than summaries queued.
func exactlyOnce(t *testing.T, h *testHub, windows, submissions int) {
	t.Helper()
	receipts, current := h.counts(t)
	if current != windows || receipts != submissions {
		t.Fatalf("the hub holds %d current summaries and %d receipts; want %d and %d", current, receipts, windows, submissions)
	}
}

type fault int

const (
	pass fault = iota
	fail500
	hang            // no answer until the client gives up
	processThenDrop // the hub stores the summary, the answer is lost
	duplicate       // the request reaches the hub twice, at once
	stash           // the request is held back (the client sees 502) for a replay later
	down            // the connection closes at once, like a hub that is off
)

// faultyNetwork stands between the sender and the hub and breaks POSTs
// (and, while down, every request) as planned.
type faultyNetwork struct {
	hub  http.Handler
	plan func(post int) fault

	mu       sync.Mutex
	posts    int
	requests int
	isDown   bool
	stashed  []*http.Request
}

func (f *faultyNetwork) setDown(v bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.isDown = v
}

func (f *faultyNetwork) counts() (requests int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// clone copies a request with its body, to send it again.
func clone(r *http.Request) *http.Request {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	c := r.Clone(context.Background())
	c.Body = io.NopCloser(bytes.NewReader(body))
	return c
}

// replay sends the held-back requests to the hub now.
func (f *faultyNetwork) replay() {
	f.mu.Lock()
	held := f.stashed
	f.stashed = nil
	f.mu.Unlock()
	for _, r := range held {
		f.hub.ServeHTTP(httptest.NewRecorder(), r)
	}
}

func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func (f *faultyNetwork) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests++
	what := pass
	switch {
	case f.isDown:
		what = down
	case r.Method == http.MethodPost && f.plan != nil:
		f.posts++
		what = f.plan(f.posts)
	}
	f.mu.Unlock()
	switch what {
	case pass:
		f.hub.ServeHTTP(w, r)
	case fail500:
		http.Error(w, `{"error":"boom","code":"internal"}`, http.StatusInternalServerError)
	case hang:
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	case processThenDrop:
		f.hub.ServeHTTP(httptest.NewRecorder(), r)
		drop(w)
	case duplicate:
		copy := clone(r)
		var wg sync.WaitGroup
		wg.Go(func() { f.hub.ServeHTTP(httptest.NewRecorder(), copy) })
		f.hub.ServeHTTP(w, r)
		wg.Wait()
	case stash:
		c := clone(r)
		f.mu.Lock()
		f.stashed = append(f.stashed, c)
		f.mu.Unlock()
		http.Error(w, "bad gateway", http.StatusBadGateway)
	case down:
		drop(w)
	}
}

func faultyHub(t *testing.T, plan func(post int) fault) (*testHub, *faultyNetwork) {
	t.Helper()
	var net *faultyNetwork
	h := newTestHub(t, hub.Config{}, func(next http.Handler) http.Handler {
		net = &faultyNetwork{hub: next, plan: plan}
		return net
	})
	return h, net
}

func TestEndToEndThreeWindowsReachTheDashboard(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall, data.Winter, data.Spring)
	res, err := newSender(t, st, h.URL, h.Token).SendPending(context.Background())
	if err != nil || res.Sent != 3 || res.Waiting != 0 {
		t.Fatalf("send: %+v, %v", res, err)
	}
	exactlyOnce(t, h, 3, 3)
	status, _, _ := st.SyncStatus()
	if !status.Online || status.LastSent.IsZero() || status.LastError != "" {
		t.Errorf("status after sending: %+v", status)
	}
	b, _ := signIn(t, h, "correct horse battery")
	_, page := b.get("/?measure=ORF")
	for _, want := range []string{"Fall 2025-2026", "Winter 2025-2026", "Spring 2025-2026", "Oak Street Elementary", "synced"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
}

func TestDeliveryThroughFaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func(post int) fault
	}{
		{"the hub fails with 500", func(n int) fault { return map[bool]fault{true: fail500, false: pass}[n <= 2] }},
		{"the hub hangs past the client's timeout", func(n int) fault { return map[bool]fault{true: hang, false: pass}[n == 1] }},
		{"the hub processes the request, then the connection drops", func(n int) fault {
			return map[bool]fault{true: processThenDrop, false: pass}[n <= 3]
		}},
		{"every request arrives twice", func(int) fault { return duplicate }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := faultyHub(t, tc.plan)
			st := schoolStore(t)
			queue(t, st, 2025, data.Fall, data.Winter, data.Spring)
			deliver(t, newSender(t, st, h.URL, h.Token), st)
			exactlyOnce(t, h, 3, 3)
		})
	}
}

func TestAnOlderSummaryArrivingLateDoesNotReplaceANewerOne(t *testing.T) {
	h, net := faultyHub(t, func(n int) fault { return map[bool]fault{true: stash, false: pass}[n == 1] })
	st := schoolStore(t)
	s := newSender(t, st, h.URL, h.Token)
	queue(t, st, 2025, data.Fall)
	s.SendPending(context.Background()) //nolint:errcheck // held back: 502
	resend(t, st, 2025, data.Fall)      // the team sends fall again: it replaces the waiting one
	deliver(t, s, st)
	net.replay() // the first one turns up now
	exactlyOnce(t, h, 1, 2)
	if cur := hubtest.Current(t, h.Store); cur[0].Sequence != 2 {
		t.Fatalf("the current fall summary has sequence %d, want the newer 2", cur[0].Sequence)
	}
}

func TestTheSenderWaitsOutAHubThatIsDown(t *testing.T) {
	h, net := faultyHub(t, nil)
	net.setDown(true)
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall, data.Winter, data.Spring)
	s := newSender(t, st, h.URL, h.Token)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	time.Sleep(300 * time.Millisecond)
	status, _, _ := st.SyncStatus()
	if status.Online || !strings.Contains(status.LastError, "Could not reach the district hub") || waiting(t, st) != 3 {
		t.Fatalf("while the hub is down: %+v, %d waiting", status, waiting(t, st))
	}
	if tries := net.counts(); tries < 3 {
		t.Errorf("%d tries in 300 ms with a 40 ms backoff cap", tries)
	}
	net.setDown(false)
	deadline := time.Now().Add(5 * time.Second)
	for waiting(t, st) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	exactlyOnce(t, h, 3, 3)
}

func TestARefusedTokenWaitsForNewSettings(t *testing.T) {
	h, net := faultyHub(t, nil)
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall)
	s := newSender(t, st, h.URL, strings.Repeat("0", 64))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	time.Sleep(200 * time.Millisecond)
	status, _, _ := st.SyncStatus()
	if !strings.Contains(status.LastError, "refused the token: ask your district for a new one") {
		t.Fatalf("status: %+v", status)
	}
	if tries := net.counts(); tries != 1 {
		t.Fatalf("%d requests with a refused token; want 1 (no retrying a bad token)", tries)
	}
	if err := st.SetHub(data.Hub{URL: h.URL, Token: h.Token}); err != nil {
		t.Fatal(err)
	}
	s.Wake()
	deadline := time.Now().Add(3 * time.Second)
	for waiting(t, st) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	exactlyOnce(t, h, 1, 1)
}

func TestARestoredStoreSendsAboveTheHubsSequence(t *testing.T) {
	h := newTestHub(t, hub.Config{}, nil)
	first := schoolStore(t)
	queue(t, first, 2025, data.Fall, data.Winter, data.Spring)
	deliver(t, newSender(t, first, h.URL, h.Token), first)

	// The same school from an older backup: its sequence starts again at 1.
	restored := schoolStore(t)
	queue(t, restored, 2026, data.Fall)
	deliver(t, newSender(t, restored, h.URL, h.Token), restored)
	exactlyOnce(t, h, 4, 4)
	for _, c := range hubtest.Current(t, h.Store) {
		if c.Year == "2026-2027" && c.Sequence != 4 {
			t.Fatalf("the restored school's summary has sequence %d, want 4", c.Sequence)
		}
	}
}

func TestARefusedSummaryLeavesTheOutboxWithItsReason(t *testing.T) {
	h := newTestHub(t, hub.Config{District: "99"}, nil)
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall)
	res, err := newSender(t, st, h.URL, h.Token).SendPending(context.Background())
	if err != nil || res.Refused != 1 || res.Waiting != 0 {
		t.Fatalf("send: %+v %v", res, err)
	}
	status, _, _ := st.SyncStatus()
	if !strings.Contains(status.LastError, `refused the Fall 2025-2026 summary: district "45"`) {
		t.Fatalf("status: %q", status.LastError)
	}
}

func TestTheSenderHonoursRetryAfter(t *testing.T) {
	h := newTestHub(t, hub.Config{}, func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "120")
			http.Error(w, `{"error":"slow down","code":"rate_limited"}`, http.StatusTooManyRequests)
		})
	})
	st := schoolStore(t)
	queue(t, st, 2025, data.Fall)
	s := newSender(t, st, h.URL, h.Token)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(3 * time.Second)
	for {
		status, _, _ := st.SyncStatus()
		if !status.NextTry.IsZero() {
			if wait := status.NextTry.Sub(status.LastAttempt); wait < 2*time.Minute {
				t.Fatalf("after a 429 with Retry-After 120 the sender waits %v (backoff cap 40 ms)", wait)
			}
			if !strings.Contains(status.LastError, "asked Tierline to wait") {
				t.Fatalf("status: %q", status.LastError)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no retry was scheduled")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

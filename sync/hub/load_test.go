package hub_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/outbox"
)

// flakyNetwork delays every request and breaks some: a reset before the
// hub sees it, a 500, or an answer lost after the hub stored the summary.
type flakyNetwork struct {
	hub http.Handler
	mu  sync.Mutex
	rng *rand.Rand
}

func (f *flakyNetwork) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	roll, delay := f.rng.IntN(100), time.Duration(f.rng.IntN(15))*time.Millisecond
	f.mu.Unlock()
	time.Sleep(delay)
	switch {
	case roll < 3:
		drop(w)
	case roll < 8:
		http.Error(w, `{"error":"overloaded","code":"internal"}`, http.StatusInternalServerError)
	case roll < 11 && r.Method == http.MethodPost:
		f.hub.ServeHTTP(discard{}, r)
		drop(w)
	default:
		f.hub.ServeHTTP(w, r)
	}
}

// discard is a response nobody reads.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// TestHubUnderLoadAndFaults: schools, each with its own store and
// background sender, queue new summaries of three windows for a while
// through a network that delays, resets and fails requests. In the end
// every school's outbox is empty and the hub holds, for each school and
// window, the last summary the school queued — none lost, none twice —
// and its heap stays bounded. make test runs 20 schools for 1.5 s;
// TIERLINE_LOAD=1 (make load-test) runs 50 schools for 30 s.
func TestHubUnderLoadAndFaults(t *testing.T) {
	schools, duration := 20, 1500*time.Millisecond
	if os.Getenv("TIERLINE_LOAD") == "1" {
		schools, duration = 50, 30*time.Second
	}
	h := newTestHub(t, hub.Config{Rate: 50, Burst: 50}, func(next http.Handler) http.Handler {
		return &flakyNetwork{hub: next, rng: rand.New(rand.NewPCG(3, 4))}
	})
	windows := []data.WindowName{data.Fall, data.Winter, data.Spring}
	templates := map[data.WindowName][]byte{}
	for _, w := range windows {
		templates[w] = summaryJSON(t, 2025, w)
	}

	type school struct {
		code   string
		store  *store.Store
		sender *outbox.Sender
		last   map[data.WindowName]data.Submission
		queued int
	}
	var all []*school
	ctx, stop := context.WithCancel(context.Background())
	var running sync.WaitGroup
	for i := range schools {
		code := fmt.Sprintf("L%02d", i)
		token, err := h.Store.Enroll(code, "Load school "+code, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		st, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sc := &school{code: code, store: st, sender: newSender(t, st, h.URL, token), last: map[data.WindowName]data.Submission{}}
		sc.sender.Base, sc.sender.Cap = 10*time.Millisecond, 200*time.Millisecond
		running.Go(func() { sc.sender.Run(ctx) })
		all = append(all, sc)
	}

	// Each school queues a new version of a window every 20-100 ms.
	deadline := time.Now().Add(duration)
	var queuing sync.WaitGroup
	for i, sc := range all {
		queuing.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 9))
			for n := 0; time.Now().Before(deadline); n++ {
				w := windows[rng.IntN(len(windows))]
				body := bytes.Replace(templates[w], []byte(`"school":"0123"`), []byte(`"school":"`+sc.code+`"`), 1)
				body = bytes.Replace(body, []byte(`"generated":"`+today.String()+`"`), []byte(`"generated":"`+today.AddDays(-n%300).String()+`"`), 1)
				sub, err := sc.store.Queue("2025-2026", w, body)
				if err != nil {
					t.Error(err)
					return
				}
				sc.last[w], sc.queued = sub, sc.queued+1
				sc.sender.Wake()
				time.Sleep(time.Duration(20+rng.IntN(80)) * time.Millisecond)
			}
		})
	}
	queuing.Wait()

	// Let the senders finish, then check.
	drain := time.Now().Add(2 * time.Minute) // generous: -race, PostgreSQL, a loaded machine
	for _, sc := range all {
		for waiting(t, sc.store) > 0 {
			if time.Now().After(drain) {
				t.Fatalf("school %s still has %d summaries waiting", sc.code, waiting(t, sc.store))
			}
			sc.sender.Wake()
			time.Sleep(20 * time.Millisecond)
		}
	}
	stop()
	running.Wait()

	byKey := map[string]string{}
	for _, c := range hubtest.Current(t, h.Store) {
		byKey[c.School+"|"+c.Window] = c.ID
	}
	queued := 0
	for _, sc := range all {
		queued += sc.queued
		for w, sub := range sc.last {
			// Its id, not its sequence: a sender told its sequence was used
			// sends the summary again above the hub's highest.
			if byKey[sc.code+"|"+string(w)] != sub.ID.String() {
				t.Fatalf("school %s, %s: the hub's current summary is not the last one queued", sc.code, w)
			}
		}
	}
	receipts, currentN := h.counts(t)
	if receipts > queued {
		t.Fatalf("%d receipts for %d summaries queued: some were stored twice", receipts, queued)
	}
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	if mem.HeapInuse > 300<<20 {
		t.Errorf("heap in use %d MB after the run", mem.HeapInuse>>20)
	}
	t.Logf("%d schools, %v: %d summaries queued, %d reached the hub, %d current; heap in use %d MB",
		schools, duration, queued, receipts, currentN, mem.HeapInuse>>20)
}

package hub_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hubapi"
)

// BenchmarkHubIngest posts 200 schools × 3 windows of the demo school's
// summaries (40–48 KB each) to a hub on 127.0.0.1 from 12 connections,
// with the memory limit tierline-hub serve sets; it reports the rate and
// the p99 latency (the hub's goals are in the state-scale issue: a state's
// window arrives in under a minute).
func BenchmarkHubIngest(b *testing.B) {
	const schools, workers = 200, 12
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(hub.DefaultMemoryLimit))
	st, err := hubstore.Open(filepath.Join(b.TempDir(), "hub.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	windows := [][]byte{summaryJSON(b, 2025, data.Fall), summaryJSON(b, 2025, data.Winter), summaryJSON(b, 2025, data.Spring)}
	type job struct {
		token string
		body  []byte
	}
	var jobs []job
	for i := range schools {
		code := fmt.Sprintf("S%03d", i)
		token, err := st.Enroll(code, "School "+code, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range windows {
			jobs = append(jobs, job{token, bytes.Replace(w, []byte(`"school":"0123"`), []byte(`"school":"`+code+`"`), 1)})
		}
	}
	h, err := hub.New(st, hub.Config{Rate: 1e6, Burst: 1e6, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}

	var latencies []time.Duration
	var seq uint64
	b.SetBytes(int64(len(windows[0])) * int64(len(jobs)))
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		queue := make(chan job)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for j := range queue {
					mu.Lock()
					seq++
					n := seq
					mu.Unlock()
					req, _ := http.NewRequest(http.MethodPost, srv.URL+hubapi.PathSummaries, bytes.NewReader(j.body))
					req.Header.Set("Authorization", "Bearer "+j.token)
					req.Header.Set(hubapi.HeaderIdempotencyKey, uuid.NewString())
					req.Header.Set(hubapi.HeaderSequence, fmt.Sprint(n))
					t0 := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					d := time.Since(t0)
					if resp.StatusCode != http.StatusCreated {
						b.Errorf("status %d", resp.StatusCode)
					}
					mu.Lock()
					latencies = append(latencies, d)
					mu.Unlock()
				}
			})
		}
		for _, j := range jobs {
			queue <- j
		}
		close(queue)
		wg.Wait()
	}
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(latencies)
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "summaries/s")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkHubExport streams export.csv of 100 schools × 3 windows from
// the bbolt store (the hub's own work, no network); goal ≥ 20 MB/s.
func BenchmarkHubExport(b *testing.B) {
	h := newTestHub(b, hub.Config{Rate: 1e6, Burst: 1e6}, nil)
	windows := [][]byte{summaryJSON(b, 2025, data.Fall), summaryJSON(b, 2025, data.Winter), summaryJSON(b, 2025, data.Spring)}
	seq := uint64(0)
	for i := range 100 {
		code := fmt.Sprintf("E%03d", i)
		token, err := h.Store.Enroll(code, "School "+code, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range windows {
			seq++
			if a := h.post(b, token, uuid.NewString(), seq, bytes.Replace(w, []byte(`"school":"0123"`), []byte(`"school":"`+code+`"`), 1)); a.status != http.StatusCreated {
				b.Fatalf("post: %d", a.status)
			}
		}
	}
	if err := hub.AddUser(h.Store, "dana", "correct horse battery", time.Now()); err != nil {
		b.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(h.URL+"/login", url.Values{"name": {"dana"}, "password": {"correct horse battery"}, "next": {"/"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	b.ResetTimer()
	var total int64
	for range b.N {
		resp, err := c.Get(h.URL + "/export.csv")
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		total += n
	}
	b.SetBytes(total / int64(b.N))
}

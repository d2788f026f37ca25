package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/hub"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hubapi"
	"github.com/tierline/tierline/sync/summary"
)

// BenchmarkHubScale is make hub-scale: schools × years × 3 windows of the
// demo school's summaries posted through the API to a tierline-hub serve
// process, on each store, then the figures of issue 21: ingest rate,
// restart time, RSS, the district page's p95 and the export's rate.
// TIERLINE_SCALE_SCHOOLS (3,000) and TIERLINE_SCALE_YEARS (10) make it
// smaller. Run it once: -benchtime 1x.
func BenchmarkHubScale(b *testing.B) {
	schools, years := envInt(b, "TIERLINE_SCALE_SCHOOLS", 3000), envInt(b, "TIERLINE_SCALE_YEARS", 10)
	bodies := scaleBodies(b, years)
	b.Run("bbolt", func(b *testing.B) {
		dir := b.TempDir()
		st, err := hubstore.Open(filepath.Join(dir, "hub.db"))
		if err != nil {
			b.Fatal(err)
		}
		tokens := scaleSetup(b, st, schools)
		st.Close()
		scaleRun(b, "127.0.0.1:18330", []string{"--data", dir}, tokens, bodies)
	})
	b.Run("postgres", func(b *testing.B) {
		cluster, err := pgtest.Start(pgtest.Options{Durable: true})
		if err != nil {
			pgtest.Unavailable(b, err)
		}
		defer cluster.Stop()
		url, err := cluster.NewDatabase()
		if err != nil {
			b.Fatal(err)
		}
		st, err := hubpg.Open(url)
		if err != nil {
			b.Fatal(err)
		}
		tokens := scaleSetup(b, st, schools)
		st.Close()
		scaleRun(b, "127.0.0.1:18331", []string{"--store", url}, tokens, bodies)
	})
}

func envInt(b *testing.B, name string, fallback int) int {
	v := os.Getenv(name)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: give a positive whole number", name, v)
	}
	return n
}

// scaleBodies is the demo school's three windows in each of years school
// years (the same cells, another year).
func scaleBodies(b *testing.B, years int) [][]byte {
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		b.Fatal(err)
	}
	year, _ := snap.Settings.YearByLabel("2025")
	var out [][]byte
	for y := range years {
		label := fmt.Sprintf(`"year":"%d-%d"`, 2025-y, 2026-y)
		for _, w := range []data.WindowName{data.Fall, data.Winter, data.Spring} {
			sum, err := summary.Build(snap, year, w, data.NewDate(2026, 11, 23))
			if err != nil {
				b.Fatal(err)
			}
			body, err := sum.JSON()
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, bytes.Replace(body, []byte(`"year":"2025-2026"`), []byte(label), 1))
		}
	}
	return out
}

func scaleSetup(b *testing.B, st hubstore.Store, schools int) []string {
	tokens := make([]string, schools)
	for i := range tokens {
		var err error
		if tokens[i], err = st.Enroll(fmt.Sprintf("S%04d", i), fmt.Sprintf("School %d", i), time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	if err := hub.AddUser(st, "dana", "correct horse battery", time.Now()); err != nil {
		b.Fatal(err)
	}
	return tokens
}

// rss reads a process's resident set, its peak, and the part that is its
// own memory rather than mapped file pages (bbolt's file is mapped), in MB.
func rss(b *testing.B, pid int) (now, peak, anon float64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		field, value, _ := strings.Cut(s.Text(), ":")
		kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 64)
		switch field {
		case "VmRSS":
			now = kb / 1024
		case "VmHWM":
			peak = kb / 1024
		case "RssAnon":
			anon = kb / 1024
		}
	}
	return now, peak, anon
}

func scaleRun(b *testing.B, addr string, storeArgs []string, tokens []string, bodies [][]byte) {
	base := "http://" + addr
	hubProc := startHub(b, addr, storeArgs...)
	defer func() { hubProc.Process.Kill(); hubProc.Wait() }() //nolint:errcheck // the last one

	// Ingest: window by window, every school in turn, from 12 senders.
	const workers = 12
	jobs := make(chan [2]int)
	var sent, waits atomic.Int64
	var wg sync.WaitGroup
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: time.Minute}
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				school, w := j[0], j[1]
				code := fmt.Sprintf("S%04d", school)
				body := bytes.Replace(bodies[w], []byte(`"school":"0123"`), []byte(`"school":"`+code+`"`), 1)
				id := uuid.NewString()
				for {
					req, _ := http.NewRequest(http.MethodPost, base+hubapi.PathSummaries, bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+tokens[school])
					req.Header.Set(hubapi.HeaderIdempotencyKey, id)
					req.Header.Set(hubapi.HeaderSequence, fmt.Sprint(w+1))
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body) //nolint:errcheck // drained
					resp.Body.Close()
					if resp.StatusCode == http.StatusTooManyRequests {
						waits.Add(1)
						time.Sleep(200 * time.Millisecond)
						continue
					}
					if resp.StatusCode != http.StatusCreated {
						b.Errorf("school %s window %d: %d", code, w, resp.StatusCode)
						return
					}
					sent.Add(1)
					break
				}
			}
		})
	}
	start := time.Now()
	for w := range bodies {
		for school := range tokens {
			jobs <- [2]int{school, w}
		}
	}
	close(jobs)
	wg.Wait()
	ingest := time.Since(start)
	b.ReportMetric(float64(sent.Load())/ingest.Seconds(), "ingest-summaries/s")
	b.ReportMetric(float64(sent.Load()), "summaries")
	b.ReportMetric(float64(waits.Load()), "rate-limited-retries")
	_, peakIngest, _ := rss(b, hubProc.Process.Pid)
	b.ReportMetric(peakIngest, "ingest-peak-RSS-MB")

	// Restart: stop the hub (SIGTERM, as a service manager does), start
	// it again, until it answers and until its first district page.
	hubProc.Process.Signal(os.Interrupt) //nolint:errcheck // waited for
	hubProc.Wait()                       //nolint:errcheck // its exit status is not the point
	restart := time.Now()
	hubProc = startHub(b, addr, storeArgs...)
	b.ReportMetric(time.Since(restart).Seconds(), "restart-to-serving-s")
	browser := scaleSignIn(b, base)
	page := func(path string) time.Duration {
		t0 := time.Now()
		resp, err := browser.Get(base + path)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body) //nolint:errcheck // drained
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return time.Since(t0)
	}
	page("/")
	b.ReportMetric(time.Since(restart).Seconds(), "restart-to-first-district-page-s")
	b.ReportMetric(page("/").Seconds()*1000, "cold-district-page-ms")

	// The district page, warm: measures, groups and grades in turn.
	var times []time.Duration
	for i := range 40 {
		dims := []string{"race", "el", "disability", "504", "econ", "sex"}
		times = append(times, page("/?"+url.Values{"dimension": {dims[i%len(dims)]}, "grade": {[]string{"all", "1", "2", "3"}[i%4]}}.Encode()))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "district-page-p95-ms")
	b.ReportMetric(float64(page("/schools/S0000").Microseconds())/1000, "school-page-ms")

	// The export, streamed whole.
	t0 := time.Now()
	resp, err := browser.Get(base + "/export.csv")
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("export: %d after %d bytes, %v", resp.StatusCode, n, err)
	}
	elapsed := time.Since(t0)
	b.ReportMetric(float64(n)/1e6, "export-MB")
	b.ReportMetric(float64(n)/1e6/elapsed.Seconds(), "export-MB/s")
	now, peak, anon := rss(b, hubProc.Process.Pid)
	b.ReportMetric(now, "RSS-after-pages-and-export-MB")
	b.ReportMetric(anon, "RSS-anon-after-pages-and-export-MB")
	b.ReportMetric(peak, "peak-RSS-since-restart-MB")
}

func scaleSignIn(b *testing.B, base string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Minute}
	// The form's token first, with its cookie, as a browser has it.
	form, err := c.Get(base + "/login")
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(form.Body)
	form.Body.Close()
	_, rest, _ := strings.Cut(string(page), `name="csrf" value="`)
	token, _, _ := strings.Cut(rest, `"`)
	resp, err := c.PostForm(base+"/login", url.Values{"name": {"dana"}, "password": {"correct horse battery"}, "next": {"/"}, "csrf": {token}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("sign in: %d", resp.StatusCode)
	}
	return c
}

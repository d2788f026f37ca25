package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hubapi"
	"github.com/tierline/tierline/sync/summary"
)

// childEnv makes the test binary run tierline-hub itself (see TestMain):
// the kill test kills a real hub process.
const childEnv = "TIERLINE_HUB_CHILD"

// startHub runs `tierline-hub serve` in a process of its own and waits
// until it answers.
func startHub(t testing.TB, addr string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; { // a loaded machine, -race
		resp, err := http.Get("http://" + addr + "/login")
		if err == nil {
			resp.Body.Close()
			return cmd
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the hub did not start: %s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Kill -9 of a hub process on PostgreSQL while 20 schools send: every
// summary the hub acknowledged is stored exactly once, with all its
// cells, and each window's current summary is its highest sequence. The
// schools send as the outbox does: a summary not acknowledged is sent
// again with the same id and sequence until it is.
func TestKillNineLosesNoAcknowledgedSummary(t *testing.T) {
	url := pgtest.Database(t)
	st, err := hubpg.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	const schools = 20
	tokens := make([]string, schools)
	for i := range tokens {
		if tokens[i], err = st.Enroll(fmt.Sprintf("K%02d", i), fmt.Sprintf("School %d", i), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	year, _ := snap.Settings.YearByLabel("2025")
	var bodies [][]byte
	cellsPer := map[string]int{}
	for _, w := range []data.WindowName{data.Fall, data.Winter, data.Spring} {
		sum, err := summary.Build(snap, year, w, data.NewDate(2026, 11, 23))
		if err != nil {
			t.Fatal(err)
		}
		b, err := sum.JSON()
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
		cellsPer[string(w)] = len(sum.Progress) + len(sum.Tiers) + len(sum.Response)
	}

	const addr = "127.0.0.1:18320"
	hub := startHub(t, addr, "--store", url)
	type acked struct {
		school, id, window string
		seq                uint64
	}
	var mu sync.Mutex
	var acks []acked
	stop := make(chan struct{})
	var senders sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for i := range schools {
		senders.Go(func() {
			code := fmt.Sprintf("K%02d", i)
			for seq := uint64(1); ; seq++ {
				select {
				case <-stop:
					return
				default:
				}
				w := int(seq+uint64(i)) % len(bodies)
				body := bytes.Replace(bodies[w], []byte(`"school":"0123"`), []byte(`"school":"`+code+`"`), 1)
				id := uuid.NewString()
				for {
					req, _ := http.NewRequest(http.MethodPost, "http://"+addr+hubapi.PathSummaries, bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+tokens[i])
					req.Header.Set(hubapi.HeaderIdempotencyKey, id)
					req.Header.Set(hubapi.HeaderSequence, fmt.Sprint(seq))
					resp, err := client.Do(req)
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
							mu.Lock()
							acks = append(acks, acked{code, id, []string{"fall", "winter", "spring"}[w], seq})
							mu.Unlock()
							break
						}
						if resp.StatusCode != http.StatusTooManyRequests {
							t.Errorf("school %s: %d", code, resp.StatusCode)
							return
						}
					}
					time.Sleep(30 * time.Millisecond) // down, or rate limited: the same summary again
				}
			}
		})
	}
	const kills = 3
	for range kills {
		time.Sleep(1500 * time.Millisecond)
		hub.Process.Kill() // SIGKILL: no shutdown, no draining
		hub.Wait()         //nolint:errcheck // killed
		hub = startHub(t, addr, "--store", url)
	}
	time.Sleep(time.Second)
	close(stop)
	senders.Wait()
	hub.Process.Kill()
	hub.Wait() //nolint:errcheck // killed

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	stored := map[string]int{} // school/id → cells
	rows, err := conn.Query(ctx, `SELECT r.school, r.id, count(c.pos) FROM receipts r LEFT JOIN cells c ON c.summary = r.rid GROUP BY r.school, r.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var school, id string
		var cells int
		if err := rows.Scan(&school, &id, &cells); err != nil {
			t.Fatal(err)
		}
		stored[school+"/"+id] += cells
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	highest := map[string]uint64{}
	for _, a := range acks {
		if cells, ok := stored[a.school+"/"+a.id]; !ok {
			t.Errorf("acknowledged summary %s/%s (sequence %d) is not stored", a.school, a.id, a.seq)
		} else if cells != cellsPer[a.window] {
			t.Errorf("summary %s/%s has %d cells, want %d", a.school, a.id, cells, cellsPer[a.window])
		}
		highest[a.school+" "+a.window] = max(highest[a.school+" "+a.window], a.seq)
	}
	// Every summary was sent until acknowledged, so nothing is stored
	// that was not.
	if len(stored) != len(acks) {
		t.Errorf("%d summaries stored, %d acknowledged", len(stored), len(acks))
	}
	rows, err = conn.Query(ctx, `SELECT school, "window", sequence FROM current_summaries`)
	if err != nil {
		t.Fatal(err)
	}
	current := 0
	for rows.Next() {
		var school, window string
		var seq uint64
		if err := rows.Scan(&school, &window, &seq); err != nil {
			t.Fatal(err)
		}
		current++
		if seq != highest[school+" "+window] {
			t.Errorf("%s %s: current sequence %d, want the highest acknowledged, %d", school, window, seq, highest[school+" "+window])
		}
	}
	if current != len(highest) || len(acks) < schools*kills {
		t.Errorf("%d current summaries, %d windows acknowledged, %d acknowledgements", current, len(highest), len(acks))
	}
	t.Logf("%d summaries acknowledged across %d kills, each stored once", len(acks), kills)
}

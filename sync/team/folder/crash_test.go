package folder_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/internal/crashtest"
	"github.com/tierline/tierline/sync/team/folder"
)

// The kill -9 harness of team sync: a child process opens one laptop's store, enters batches of
// scores (printing "ACK <day>" after each commit) and syncs after each batch, until the parent
// kills it with SIGKILL at a random moment: mid-write, mid-publish, mid-apply of another
// laptop's batch. After every kill the laptops reopen their stores and sync until quiet; all
// must export the same school, pass check, and hold every acknowledged score.

const (
	syncChildEnv = "TIERLINE_SYNC_CRASH_CHILD" // the store path the child works on
	crashBatch   = 300                         // scores per acknowledged batch: one per student and day
	crashPupils  = 30
)

var crashBase = data.NewDate(1990, 1, 1) // run r, batch n writes the days from crashBase + 1000r + 10n

func TestSyncCrashChild(t *testing.T) {
	path := os.Getenv(syncChildEnv)
	if path == "" {
		t.Skip("the child of TestKilledMidSyncLosesNothing")
	}
	run, _ := strconv.Atoi(os.Getenv("TIERLINE_SYNC_CRASH_RUN"))
	s, err := store.Open(path)
	if err != nil {
		fmt.Println("ERROR open", err)
		os.Exit(1)
	}
	students, err := s.Students()
	measures, merr := s.Measures()
	if err != nil || merr != nil || len(students) != crashPupils || len(measures) != 1 {
		fmt.Println("ERROR the school", err, merr, len(students))
		os.Exit(1)
	}
	fmt.Println("READY")
	now := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(run) * time.Hour)
	for n := 0; ; n++ {
		first := crashBase.AddDays(1000*run + 10*n)
		scores := make([]data.Score, 0, crashBatch)
		for i := range crashBatch {
			st := students[i%crashPupils]
			scores = append(scores, data.Score{Student: st.ID, Measure: measures[0].ID, Date: first.AddDays(i / crashPupils),
				Kind: data.Progress, Value: float64(10 + (run+n+i)%80), Errors: data.NoErrors})
		}
		if err := s.SaveScores(scores); err != nil {
			fmt.Println("ERROR save", err)
			os.Exit(1)
		}
		fmt.Printf("ACK %d %d\n", run, n)
		now = now.Add(time.Minute)
		if _, err := folder.Sync(s, now); err != nil {
			fmt.Println("ERROR sync", err)
			os.Exit(1)
		}
	}
}

// TestKilledMidSyncLosesNothing: three laptops, six kills of a child syncing batches of 300
// scores, each on a laptop in turn, at random moments.
func TestKilledMidSyncLosesNothing(t *testing.T) {
	if os.Getenv(syncChildEnv) != "" {
		t.Skip("in the child")
	}
	dir := t.TempDir()
	paths := make([]string, 3)
	for i := range paths {
		paths[i] = filepath.Join(t.TempDir(), "tierline.db")
	}
	s0, err := store.Open(paths[0])
	must(t, err)
	must(t, s0.SaveSettings(data.Settings{Name: "Oak Street", SchoolCode: "0123", DistrictCode: "45", Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}, K: 10}))
	must(t, s0.SaveMeasure(&data.Measure{Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300}))
	for i := range crashPupils {
		must(t, s0.SaveStudent(&data.Student{LocalID: fmt.Sprint(7000 + i), GivenName: "Pupil", FamilyName: fmt.Sprint(i), Grade: "03", Sex: data.Male, Race: data.White}))
	}
	st, err := folder.Create(s0, dir, "Coordinator")
	must(t, err)
	sync(t, s0)
	must(t, s0.Close())
	for i, p := range paths[1:] {
		s, err := store.Open(p)
		must(t, err)
		_, err = folder.Join(s, st.Team.JoinCode(), dir, fmt.Sprintf("laptop%d", i+1), nil)
		must(t, err)
		sync(t, s)
		must(t, s.Close())
	}

	acked := map[[2]int]bool{} // run, batch
	rng := rand.New(rand.NewPCG(3, 4))
	const kills = 6
	for run := range kills {
		crashtest.KillChild(t, "TestSyncCrashChild", []string{syncChildEnv + "=" + paths[run%len(paths)], "TIERLINE_SYNC_CRASH_RUN=" + strconv.Itoa(run)},
			time.Duration(50+rng.IntN(700))*time.Millisecond, func(line string) {
				var r, n int
				if _, err := fmt.Sscanf(line, "ACK %d %d", &r, &n); err == nil {
					acked[[2]int{r, n}] = true
				}
			})
	}

	stores := make([]*store.Store, len(paths))
	for i, p := range paths {
		s, err := store.Open(p)
		if err != nil {
			t.Fatalf("laptop %d after the kills: %v", i, err)
		}
		defer s.Close()
		stores[i] = s
	}
	for range 2 {
		for _, s := range stores {
			sync(t, s)
		}
	}
	want := exportAll(t, stores[0])
	for i, s := range stores[1:] {
		if got := exportAll(t, s); got != want {
			t.Fatalf("laptop %d differs from laptop 0 after the kills", i+1)
		}
	}
	for i, s := range stores {
		if got, wantN := countScores(t, s), crashBatch*len(acked); got < wantN {
			t.Fatalf("laptop %d holds %d scores, fewer than the %d acknowledged", i, got, wantN)
		}
		students, err := s.Students()
		must(t, err)
		for key := range acked {
			first := crashBase.AddDays(1000*key[0] + 10*key[1])
			for _, pupil := range students {
				scores, err := s.StudentScores(pupil.ID)
				must(t, err)
				if !hasDay(scores, first) {
					t.Fatalf("laptop %d lost run %d batch %d's score for %s", i, key[0], key[1], pupil.LocalID)
				}
			}
		}
	}
	if len(acked) == 0 {
		t.Fatal("no batch was acknowledged before a kill: the harness tests nothing")
	}
	t.Logf("%d kills, %d batches of %d scores acknowledged, all on every laptop", kills, len(acked), crashBatch)
}

func countScores(t *testing.T, s *store.Store) int {
	snap, err := s.Snapshot()
	must(t, err)
	return len(snap.Scores)
}

func hasDay(scores []data.Score, day data.Date) bool {
	for _, sc := range scores {
		if sc.Date == day {
			return true
		}
	}
	return false
}

package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/internal/crashtest"
	"github.com/tierline/tierline/sync/summary"
)

// The crash harness: a child process writes to a store — single scores,
// whole imports, queued summaries — and prints "ACK ..." after each
// commit; the parent kills it with SIGKILL at a random moment, reopens the
// store, checks it, and checks every acknowledged write is there and no
// import is there in part. TIERLINE_CRASH=1 runs 200 kills; otherwise 20.

const (
	crashChildEnv = "TIERLINE_CRASH_CHILD"
	importRows    = 20
)

var (
	scoreBase  = data.NewDate(1995, 1, 2)   // run i writes its single scores from day 3i
	importBase = data.NewDate(2060, 1, 1)   // each import has its own day
	crashToday = data.NewDate(2026, 11, 23) // the demo school's today
)

func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("the child of TestCrashKillsLoseNothing")
	}
	run, _ := strconv.Atoi(os.Getenv("TIERLINE_CRASH_RUN"))
	s, err := store.Open(path)
	if err != nil {
		fmt.Println("OPEN FAILED", err)
		os.Exit(1)
	}
	snap, err := s.Snapshot()
	if err != nil {
		os.Exit(1)
	}
	orf := snap.Measures[0]
	students := snap.Students
	year, _ := snap.Settings.YearByLabel("2025")
	windows := []data.WindowName{data.Fall, data.Winter, data.Spring}
	rng := rand.New(rand.NewPCG(uint64(run), 7))
	imports := 0
	fmt.Println("READY")
	for n := 0; ; n++ {
		op := rng.IntN(10)
		if op >= 7 && op < 9 && imports == 30 {
			op = 0 // this run's import days are used up
		}
		switch {
		case op < 7:
			st := students[n%len(students)]
			sc := data.Score{Student: st.ID, Measure: orf.ID, Date: scoreBase.AddDays(3*run + n/len(students)), Kind: data.Progress, Value: float64(10 + n%50)}
			if err := s.SaveScore(sc); err != nil {
				fmt.Println("ERROR", err)
				os.Exit(1)
			}
			fmt.Printf("ACK score %s %s %g\n", st.LocalID, sc.Date, sc.Value)
		case op < 9:
			day := importBase.AddDays(run*30 + imports)
			imports++
			var csv strings.Builder
			csv.WriteString("local_id,date,value,kind\n")
			for i := range importRows {
				fmt.Fprintf(&csv, "%s,%s,%d,progress\n", students[i].LocalID, day, 20+i)
			}
			rep, err := importer.Scores("crash.csv", strings.NewReader(csv.String()), students, nil, importer.ScoreOptions{Measure: orf})
			if err != nil || !rep.Ready(false) {
				fmt.Println("ERROR", err, rep.Problems)
				os.Exit(1)
			}
			fmt.Printf("BEGIN import %s\n", day)
			if err := s.SaveRecords(&rep.Records); err != nil {
				fmt.Println("ERROR", err)
				os.Exit(1)
			}
			fmt.Printf("ACK import %s\n", day)
		default:
			w := windows[n%len(windows)]
			// The same window again and again: the outbox's atomicity is
			// under test here, not the rules of corrections.
			sum, err := summary.Build(snap, year, w, crashToday)
			var body []byte
			if err == nil {
				body, err = sum.JSON()
			}
			var sub data.Submission
			if err == nil {
				sub, err = s.Queue(year.Label(), w, body)
			}
			if err != nil {
				fmt.Println("ERROR", err)
				os.Exit(1)
			}
			fmt.Printf("ACK queue %s %d %s\n", w, sub.Sequence, sub.ID)
		}
	}
}

// acked is what the children acknowledged, over every run.
type acked struct {
	scores  map[string]float64 // local id|date → value
	imports map[string]bool    // day → acknowledged (false: begun only)
	queued  map[data.WindowName]data.Submission
	count   int
}

func (a *acked) read(line string) {
	f := strings.Fields(line)
	switch {
	case len(f) == 5 && f[0] == "ACK" && f[1] == "score":
		v, _ := strconv.ParseFloat(f[4], 64)
		a.scores[f[2]+"|"+f[3]] = v
		a.count++
	case len(f) == 3 && f[0] == "BEGIN":
		if _, acked := a.imports[f[2]]; !acked {
			a.imports[f[2]] = false // begun; ACK sets it
		}
	case len(f) == 3 && f[0] == "ACK" && f[1] == "import":
		a.imports[f[2]] = true
		a.count++
	case len(f) == 5 && f[0] == "ACK" && f[1] == "queue":
		seq, _ := strconv.ParseUint(f[3], 10, 64)
		id, _ := uuid.Parse(f[4])
		a.queued[data.WindowName(f[2])] = data.Submission{ID: id, Sequence: seq}
		a.count++
	}
}

// verify checks the reopened store against everything acknowledged so far.
func (a *acked) verify(t *testing.T, s *store.Store) {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Fatalf("the store after a kill: %v", err)
	}
	snap, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	localIDs := map[data.ID]string{}
	for _, st := range snap.Students {
		localIDs[st.ID] = st.LocalID
	}
	have := map[string]float64{}
	perDay := map[string]int{}
	for _, sc := range snap.Scores {
		have[localIDs[sc.Student]+"|"+sc.Date.String()] = sc.Value
		perDay[sc.Date.String()]++
	}
	for key, v := range a.scores {
		if got, ok := have[key]; !ok || got != v {
			t.Fatalf("an acknowledged score is lost: %s = %g (found %g, %v)", key, v, got, ok)
		}
	}
	for day, done := range a.imports {
		switch n := perDay[day]; {
		case done && n != importRows:
			t.Fatalf("an acknowledged import of %s has %d of its %d scores", day, n, importRows)
		case !done && n != 0 && n != importRows:
			t.Fatalf("an interrupted import of %s is there in part: %d of %d scores", day, n, importRows)
		}
	}
	waiting, err := s.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	for w, sub := range a.queued {
		found := false
		for _, got := range waiting {
			if got.Window == w && (got.ID == sub.ID || got.Sequence > sub.Sequence) {
				found = true
			}
		}
		if !found {
			t.Fatalf("the acknowledged %s summary (sequence %d) is not in the outbox", w, sub.Sequence)
		}
	}
}

func TestCrashKillsLoseNothing(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("in the child")
	}
	// A fixed number of kills, not a time budget: on a loaded machine the
	// runs take longer, and the test must not fail for it.
	kills := 20
	if os.Getenv("TIERLINE_CRASH") == "1" {
		kills = 200
	}
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	snap, err := demo.School(demo.Options{Today: crashToday, Size: demo.Small})
	must(t, err)
	must(t, s.Initialize(&snap))
	must(t, s.Close())

	a := &acked{scores: map[string]float64{}, imports: map[string]bool{}, queued: map[data.WindowName]data.Submission{}}
	rng := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for run := 0; run < kills; run++ {
		// Kill at a random moment within its first 150 ms of writing.
		crashtest.KillChild(t, "TestCrashChild", []string{crashChildEnv + "=" + path, "TIERLINE_CRASH_RUN=" + strconv.Itoa(run)},
			time.Duration(rng.IntN(150_000))*time.Microsecond, a.read)
		killed++

		s, err := store.Open(path)
		if err != nil {
			t.Fatalf("run %d: reopening after the kill: %v", run, err)
		}
		a.verify(t, s)
		must(t, s.Close())
	}
	t.Logf("%d kills survived; %d acknowledged writes verified after each", killed, a.count)
}

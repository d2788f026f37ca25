package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

// MustOpen opens a store in a fresh temporary folder.
func MustOpen(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(filepath.Join(tb.TempDir(), "tierline.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// school is a small hand-made school: one of every record.
type school struct {
	settings     data.Settings
	measure      data.Measure
	intervention data.Intervention
	student      data.Student
	plan         data.Plan
}

func seed(t *testing.T, s *store.Store) school {
	t.Helper()
	sc := school{
		settings: data.Settings{Name: "Oak Street Elementary", SchoolCode: "0123", DistrictCode: "45",
			Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}, K: 10},
		measure: data.Measure{Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300,
			Cuts: []data.Cut{{Grade: "03", Window: data.Fall, Benchmark: 83, WellBelow: 58}}, TypicalROI: map[data.Grade]float64{"03": 0.9}},
		intervention: data.Intervention{Name: "Repeated reading", Area: data.Reading, Tier: 2, SessionsPerWeek: 3, MinutesPerSession: 30},
		student: data.Student{LocalID: "70001", GivenName: "Ana", FamilyName: "Ramírez", Grade: "03",
			Sex: data.Female, Race: data.Hispanic, EnglishLearner: true, CustomGroups: []string{"Reading club"}},
	}
	must(t, s.SaveSettings(sc.settings))
	must(t, s.SaveMeasure(&sc.measure))
	must(t, s.SaveIntervention(&sc.intervention))
	must(t, s.SaveStudent(&sc.student))
	sc.plan = data.Plan{Student: sc.student.ID, Tier: 2, Interventionist: "Ms Grant",
		Goal:   data.Goal{Measure: sc.measure.ID, Target: 80, TargetDate: data.NewDate(2027, 4, 26)},
		Phases: []data.Phase{{Start: data.NewDate(2026, 10, 5), Intervention: sc.intervention.ID, SessionsPerWeek: 3, MinutesPerSession: 30}},
		Status: data.Active}
	must(t, s.SavePlan(&sc.plan))
	for i, v := range []float64{38, 41, 40} {
		must(t, s.SaveScore(data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 10, 6+7*i), Kind: data.Progress, Value: v, Errors: data.NoErrors}))
	}
	must(t, s.SaveSession(&data.Session{Plan: sc.plan.ID, Date: data.NewDate(2026, 10, 5), Minutes: 30, Present: true, Note: "Good focus"}))
	must(t, s.SaveSession(&data.Session{Plan: sc.plan.ID, Date: data.NewDate(2026, 10, 7), Present: false}))
	must(t, s.ChangeTier(&data.TierChange{Student: sc.student.ID, Date: data.NewDate(2026, 10, 5), To: 2, Reason: "Fall screening", DecidedBy: "MTSS team"}))
	must(t, s.SaveDecision(&data.Decision{Student: sc.student.ID, Plan: sc.plan.ID, Date: data.NewDate(2026, 11, 16),
		Verdict: data.Continue, Decision: data.DecideContinue, Note: "Keep going", NextReview: data.NewDate(2026, 12, 14)}))
	return sc
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func snapshot(t testing.TB, s *store.Store) data.Snapshot {
	t.Helper()
	snap, err := s.Snapshot()
	must(t, err)
	return snap
}

func TestRoundTripEveryEntity(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	snap := snapshot(t, s)

	if !reflect.DeepEqual(snap.Settings, sc.settings) {
		t.Errorf("settings: got %+v, want %+v", snap.Settings, sc.settings)
	}
	if len(snap.Measures) != 1 || !reflect.DeepEqual(snap.Measures[0], sc.measure) {
		t.Errorf("measures: got %+v", snap.Measures)
	}
	if len(snap.Interventions) != 1 || snap.Interventions[0] != sc.intervention {
		t.Errorf("interventions: got %+v", snap.Interventions)
	}
	if len(snap.Students) != 1 || !reflect.DeepEqual(snap.Students[0], sc.student) {
		t.Errorf("students: got %+v", snap.Students)
	}
	if len(snap.Scores) != 3 || snap.Scores[0].Value != 38 || snap.Scores[0].Grade != "03" || snap.Scores[0].Errors != data.NoErrors {
		t.Errorf("scores: got %+v", snap.Scores)
	}
	plan := sc.plan
	plan.Review = data.NewDate(2026, 12, 14) // moved by the decision's next review date
	if len(snap.Plans) != 1 || !reflect.DeepEqual(snap.Plans[0], plan) {
		t.Errorf("plans: got %+v, want %+v", snap.Plans, plan)
	}
	if len(snap.Sessions) != 2 || snap.Sessions[0].Note != "Good focus" || snap.Sessions[1].Present {
		t.Errorf("sessions: got %+v", snap.Sessions)
	}
	if len(snap.TierChanges) != 1 || snap.TierChanges[0].From != 1 || snap.TierChanges[0].To != 2 {
		t.Errorf("tier changes: got %+v", snap.TierChanges)
	}
	if len(snap.Decisions) != 1 || snap.Decisions[0].Note != "Keep going" {
		t.Errorf("decisions: got %+v", snap.Decisions)
	}
	got, err := s.StudentByLocalID("70001")
	must(t, err)
	if got.ID != sc.student.ID {
		t.Errorf("StudentByLocalID: got %s", got.ID)
	}
	scores, err := s.Scores(sc.student.ID, sc.measure.ID)
	must(t, err)
	if len(scores) != 3 || !scores[0].Date.Before(scores[2].Date) {
		t.Errorf("Scores: got %+v", scores)
	}
	must(t, s.Check())
}

func TestDataSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	seed(t, s)
	before := snapshot(t, s)
	must(t, s.Close())

	s, err = store.Open(path)
	must(t, err)
	defer s.Close()
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("the store changed across close and reopen")
	}
	info, err := os.Stat(path)
	must(t, err)
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("file mode %o, want 600", mode)
	}
}

func TestSecondOpenFailsClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	defer s.Close()

	start := time.Now()
	_, err = store.Open(path)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("the second open took %s", elapsed)
	}
	if err == nil || err.Error() != "this Tierline store is already open in another window" {
		t.Fatalf("got %v, want the already-open error", err)
	}
	if !errors.Is(err, store.ErrAlreadyOpen) {
		t.Error("the error is not ErrAlreadyOpen")
	}
}

func TestFailedValidationWritesNothing(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	before := snapshot(t, s)

	good := data.Student{LocalID: "70002", GivenName: "Kai", FamilyName: "Begay", Grade: "02", Sex: data.Male, Race: data.AmericanIndian}
	bad := data.Student{LocalID: "70003", GivenName: "Mei", Grade: "13", Sex: data.Female, Race: data.Asian}
	err := s.SaveRecords(&data.Records{
		Students: []data.Student{good, bad},
		Scores:   []data.Score{{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 2), Kind: data.Progress, Value: 44, Errors: data.NoErrors}},
	})
	if err == nil || err.Error() != `student 2: student grade "13" is not a grade (expected KG, 01..12, PK, TK, PR or IT)` {
		t.Fatalf("got %v", err)
	}
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused batch changed the store")
	}

	err = s.SaveScore(data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 2), Kind: data.Progress, Value: 400, Errors: data.NoErrors})
	if err == nil || err.Error() != "score value 400 is above the highest ORF score, 300 wcpm" {
		t.Fatalf("an out-of-range score: got %v", err)
	}
	err = s.SaveScore(data.Score{Student: data.NewID(), Measure: sc.measure.ID, Date: data.NewDate(2026, 11, 2), Kind: data.Progress, Value: 40, Errors: data.NoErrors})
	if data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("a score of an unknown student: got %v", err)
	}
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused score changed the store")
	}
}

func TestLocalIDIsUnique(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	twin := sc.student
	twin.ID = data.ID{}
	twin.GivenName = "Ana María"
	err := s.SaveStudent(&twin)
	if data.ErrorCode(err) != data.ECONFLICT || err.Error() != `student local id "70001" already belongs to Ana Ramírez` {
		t.Fatalf("got %v", err)
	}
	// Renaming the local id moves the index.
	st := sc.student
	st.LocalID = "80001"
	must(t, s.SaveStudent(&st))
	if _, err := s.StudentByLocalID("70001"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("the old local id still resolves: %v", err)
	}
	must(t, s.Check())
}

func TestWithdrawKeepsHistoryDeleteRemovesIt(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	other := data.Student{LocalID: "70002", GivenName: "Kai", FamilyName: "Begay", Grade: "02", Sex: data.Male, Race: data.AmericanIndian}
	must(t, s.SaveStudent(&other))
	must(t, s.SaveScore(data.Score{Student: other.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 9, 3), Kind: data.Screening, Value: 70, Errors: 1}))

	must(t, s.WithdrawStudent(sc.student.ID, data.NewDate(2026, 12, 1)))
	snap := snapshot(t, s)
	if st, _ := s.Student(sc.student.ID); !st.Withdrawn || st.WithdrawnOn != data.NewDate(2026, 12, 1) {
		t.Errorf("withdrawn student: got %+v", st)
	}
	if len(snap.Scores) != 4 || len(snap.Plans) != 1 || len(snap.Sessions) != 2 || len(snap.TierChanges) != 1 || len(snap.Decisions) != 1 {
		t.Fatalf("withdrawal lost history: %d scores, %d plans, %d sessions", len(snap.Scores), len(snap.Plans), len(snap.Sessions))
	}

	must(t, s.DeleteStudent(sc.student.ID))
	snap = snapshot(t, s)
	if len(snap.Students) != 1 || len(snap.Scores) != 1 || len(snap.Plans) != 0 || len(snap.Sessions) != 0 || len(snap.TierChanges) != 0 || len(snap.Decisions) != 0 {
		t.Fatalf("delete left records: %d students, %d scores, %d plans, %d sessions, %d tier changes, %d decisions",
			len(snap.Students), len(snap.Scores), len(snap.Plans), len(snap.Sessions), len(snap.TierChanges), len(snap.Decisions))
	}
	if _, err := s.StudentByLocalID("70001"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("the deleted student's local id still resolves: %v", err)
	}
	must(t, s.Check())
}

func TestTierChain(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	err := s.ChangeTier(&data.TierChange{Student: sc.student.ID, Date: data.NewDate(2026, 9, 1), To: 3})
	if err == nil || err.Error() != "tier change date 2026-09-01 is before the last change, on 2026-10-05" {
		t.Fatalf("an out-of-order change: got %v", err)
	}
	err = s.ChangeTier(&data.TierChange{Student: sc.student.ID, Date: data.NewDate(2026, 11, 9), To: 2})
	if err == nil || err.Error() != "tier change to tier 2 is the tier the student is already in" {
		t.Fatalf("a change to the same tier: got %v", err)
	}
	c := data.TierChange{Student: sc.student.ID, Date: data.NewDate(2026, 11, 9), To: 3}
	must(t, s.ChangeTier(&c))
	if c.From != 2 {
		t.Errorf("from tier: got %d, want 2", c.From)
	}
	must(t, s.UndoTierChange(sc.student.ID))
	history, err := s.TierHistory(sc.student.ID)
	must(t, err)
	if len(history) != 1 || history[0].To != 2 {
		t.Errorf("after undo: got %+v", history)
	}
}

func TestSessionEditsAndPlanBounds(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	err := s.SaveSession(&data.Session{Plan: sc.plan.ID, Date: data.NewDate(2026, 9, 1), Minutes: 30, Present: true})
	if err == nil || err.Error() != "session date 2026-09-01 is before the plan's start 2026-10-05" {
		t.Fatalf("a session before the plan: got %v", err)
	}
	sessions, err := s.Sessions(sc.plan.ID)
	must(t, err)
	old := sessions[0]
	edited := old
	edited.Date = data.NewDate(2026, 10, 6)
	edited.Minutes = 25
	must(t, s.ReplaceSession(old, &edited))
	sessions, err = s.Sessions(sc.plan.ID)
	must(t, err)
	if len(sessions) != 2 || sessions[0].Date != data.NewDate(2026, 10, 6) || sessions[0].Minutes != 25 {
		t.Fatalf("after the edit: got %+v", sessions)
	}
	must(t, s.DeleteSession(sessions[0]))
	must(t, s.DeletePlan(sc.plan.ID))
	if sessions, _ := s.Sessions(sc.plan.ID); len(sessions) != 0 {
		t.Errorf("deleting a plan left %d sessions", len(sessions))
	}
}

func TestBackupRestore(t *testing.T) {
	s := MustOpen(t)
	seed(t, s)
	before := snapshot(t, s)
	backup := filepath.Join(t.TempDir(), "backup.db")
	must(t, s.Backup(backup))
	must(t, store.VerifyBackup(backup))

	// Change the live store, then restore: the backup's contents come back
	// and the replaced store is kept.
	extra := data.Student{LocalID: "70009", GivenName: "Noah", FamilyName: "Smith", Grade: "04", Sex: data.Male, Race: data.White}
	must(t, s.SaveStudent(&extra))
	must(t, s.Restore(backup))
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("the restored store differs from the backup")
	}
	if _, err := os.Stat(s.Path() + ".before-restore"); err != nil {
		t.Errorf("the replaced store was not kept: %v", err)
	}
	// And a verified copy of it is with the automatic backups.
	copies, err := filepath.Glob(filepath.Join(s.BackupsDir(), "tierline-before-restore-*.db"))
	if err != nil || len(copies) != 1 {
		t.Fatalf("backups before the restore: %v %v", copies, err)
	}
	must(t, store.VerifyBackup(copies[0]))
	must(t, s.Check())
}

func TestRestoreRefusesBadBackups(t *testing.T) {
	s := MustOpen(t)
	seed(t, s)
	before := snapshot(t, s)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	must(t, s.Backup(good))
	raw, err := os.ReadFile(good)
	must(t, err)

	truncated := filepath.Join(dir, "truncated.db")
	must(t, os.WriteFile(truncated, raw[:len(raw)/2], 0o600))
	notStore := filepath.Join(dir, "notes.txt")
	must(t, os.WriteFile(notStore, []byte(strings.Repeat("not a store\n", 2000)), 0o600))
	empty := filepath.Join(dir, "empty.db")
	must(t, os.WriteFile(empty, nil, 0o600))

	for _, tc := range []struct{ file, want string }{
		{truncated, "truncated.db is truncated"},
		{notStore, "notes.txt is not a Tierline store, or it is damaged"},
		{empty, "empty.db is not a Tierline store, or it is damaged"},
		{filepath.Join(dir, "missing.db"), "no such file or directory"},
	} {
		err := s.Restore(tc.file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("restore %s: got %v, want %q", filepath.Base(tc.file), err, tc.want)
		}
		if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
			t.Fatalf("a refused restore from %s changed the live store", filepath.Base(tc.file))
		}
	}
	if _, err := os.Stat(s.Path() + ".before-restore"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused restore moved the live store: %v", err)
	}
}

func TestDailyBackupsKeepTheLastSeven(t *testing.T) {
	s := MustOpen(t)
	seed(t, s)
	day := data.NewDate(2026, 11, 1)
	for i := range 10 {
		path, made, err := s.DailyBackup(day.AddDays(i))
		must(t, err)
		if !made || !strings.Contains(path, day.AddDays(i).String()) {
			t.Fatalf("day %d: %s, made %v", i, path, made)
		}
		must(t, store.VerifyBackup(path))
	}
	if _, made, err := s.DailyBackup(day.AddDays(9)); err != nil || made {
		t.Fatalf("a second backup on the same day: made %v, %v", made, err)
	}
	entries, err := os.ReadDir(s.BackupsDir())
	must(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != store.KeepDaily || names[0] != "tierline-daily-2026-11-04.db" {
		t.Fatalf("backups kept: %v", names)
	}
}

func TestAFullDiskRefusesWithAClearMessageAndKeepsTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	undo := store.FullDiskForTest(1 << 30) // small growth steps from the start
	s, err := store.Open(path)
	must(t, err)
	sc := seed(t, s)
	must(t, s.Close())
	info, err := os.Stat(path)
	must(t, err)
	undo()
	defer store.FullDiskForTest(int(info.Size()) + 128<<10)()
	s, err = store.Open(path)
	must(t, err)
	defer s.Close()
	before := snapshot(t, s)
	var many []data.Score
	for i := range 20_000 {
		many = append(many, data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2000, 1, 1).AddDays(i), Kind: data.Progress, Value: 40})
	}
	err = s.SaveScores(many)
	if err == nil || data.ErrorMessage(err) != "Could not save: the disk is full. Free some space and try again; nothing was changed." {
		t.Fatalf("saving on a full disk: %v", err)
	}
	if after := snapshot(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused write changed the store")
	}
	must(t, s.Check())
	// A small write still fits.
	must(t, s.SaveScore(data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 10, 5), Kind: data.Progress, Value: 44}))
}

func TestAReadOnlyStoreRefusesWritesClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	sc := seed(t, s)
	must(t, s.Close())
	ro, err := store.OpenReadOnlyForTest(path)
	must(t, err)
	defer ro.Close()
	err = ro.SaveScore(data.Score{Student: sc.student.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 10, 5), Kind: data.Progress, Value: 44})
	if data.ErrorMessage(err) != "Could not save: the store is read-only. Check the folder's permissions; nothing was changed." {
		t.Fatalf("writing to a read-only store: %v", err)
	}
	if students, err := ro.Students(); err != nil || len(students) != 1 {
		t.Fatalf("reading a read-only store: %v %v", students, err)
	}
}

func TestRosterAndScoresLeavesOutOnlyThePlanHistory(t *testing.T) {
	s := MustOpen(t)
	seed(t, s)
	full := snapshot(t, s)
	part, err := s.RosterAndScores()
	must(t, err)
	if !reflect.DeepEqual(part.Students, full.Students) || !reflect.DeepEqual(part.Scores, full.Scores) ||
		!reflect.DeepEqual(part.Measures, full.Measures) || !reflect.DeepEqual(part.Settings, full.Settings) {
		t.Fatal("the roster and scores differ from the full snapshot's")
	}
	if len(full.Plans) == 0 || part.Plans != nil || part.Sessions != nil {
		t.Fatalf("plans %d/%d, sessions %d", len(full.Plans), len(part.Plans), len(part.Sessions))
	}
}

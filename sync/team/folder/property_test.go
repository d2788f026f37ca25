package folder_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// laptop is one device of the property test.
type laptop struct {
	name  string
	store *store.Store
	made  int // students this laptop created, for unique local ids
}

// teamSchool is the hand-made school the team starts from.
func teamSchool(t *rapid.T, s *store.Store) (measure, intervention data.ID) {
	m := data.Measure{Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300}
	iv := data.Intervention{Name: "Repeated reading", Area: data.Reading, Tier: 2, SessionsPerWeek: 3, MinutesPerSession: 30}
	st := data.Settings{Name: "Oak Street", SchoolCode: "0123", DistrictCode: "45", Years: []data.SchoolYear{data.DefaultSchoolYear(2026)}, K: 10}
	if err := s.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMeasure(&m); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveIntervention(&iv); err != nil {
		t.Fatal(err)
	}
	return m.ID, iv.ID
}

// TestLaptopsConvergeThroughTheFolder: 3-5 laptops make random edits of every kind (deletes of
// students, plans, sessions and scores and undone tier changes among them), sync in
// random orders while segment files are duplicated, cut short, altered, lost or misfiled; once
// the damage stops and every laptop has synced a few times, all export byte-identical CSVs and
// pass the store's check.
func TestLaptopsConvergeThroughTheFolder(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		dir := fastTempDir(t)
		n := rapid.IntRange(3, 5).Draw(rt, "laptops")
		laptops := make([]*laptop, n)
		for i := range laptops {
			s, err := store.Open(filepath.Join(fastTempDir(t), "tierline.db"))
			if err != nil {
				rt.Fatal(err)
			}
			defer s.Close()
			laptops[i] = &laptop{name: fmt.Sprintf("laptop%d", i), store: s}
		}
		measure, intervention := teamSchool(rt, laptops[0].store)
		st, err := folder.Create(laptops[0].store, dir, "Coordinator")
		if err != nil {
			rt.Fatal(err)
		}
		for _, l := range laptops[1:] {
			if _, err := folder.Join(l.store, st.Team.JoinCode(), dir, l.name, nil); err != nil {
				rt.Fatal(err)
			}
		}
		now := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
		syncOne := func(l *laptop) {
			now = now.Add(time.Minute)
			if _, err := folder.Sync(l.store, now); err != nil {
				rt.Fatalf("%s: sync: %v", l.name, err)
			}
		}
		syncOne(laptops[0])
		steps := rapid.IntRange(5, 40).Draw(rt, "steps")
		for range steps {
			l := laptops[rapid.IntRange(0, n-1).Draw(rt, "laptop")]
			switch action := rapid.IntRange(0, 9).Draw(rt, "action"); action {
			case 0, 1:
				syncOne(l)
			case 2:
				damage(rt, dir)
			default:
				edit(rt, l, measure, intervention, action)
			}
		}
		for range 3 {
			for _, i := range rapid.Permutation(seq(n)).Draw(rt, "final order") {
				syncOne(laptops[i])
			}
		}
		want := exportAll(rt, laptops[0].store)
		for _, l := range laptops[1:] {
			if got := exportAll(rt, l.store); got != want {
				rt.Fatalf("%s exports\n%s\nlaptop0 exports\n%s", l.name, got, want)
			}
		}
	})
}

// fastTempDir is a temporary folder in memory where the system has one (/dev/shm): the test
// writes hundreds of small transactions and files, each flushed to disk, and on a disk that
// takes most of its time.
func fastTempDir(t *testing.T) string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		dir, err := os.MkdirTemp("/dev/shm", "tierline-team-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// edit makes one random edit on a laptop; a write the store refuses (a tier change dated before
// the last, a score for a student this laptop no longer has) changes nothing, as for a user.
func edit(t *rapid.T, l *laptop, measure, intervention data.ID, action int) {
	s := l.store
	students, err := s.Students()
	if err != nil {
		t.Fatal(err)
	}
	day := data.NewDate(2026, 10, 1).AddDays(rapid.IntRange(0, 20).Draw(t, "day"))
	if len(students) == 0 || action == 3 && rapid.IntRange(0, 2).Draw(t, "new student") == 0 {
		l.made++
		st := data.Student{LocalID: fmt.Sprintf("%s-%d", l.name, l.made), GivenName: "Pupil", FamilyName: l.name, Grade: "03", Sex: data.Female, Race: data.White}
		if err := s.SaveStudent(&st); err != nil {
			t.Fatal(err)
		}
		return
	}
	st := rapid.SampledFrom(students).Draw(t, "student")
	switch action {
	case 3:
		st.GivenName = rapid.SampledFrom([]string{"Ana", "Ben", "Chloé"}).Draw(t, "name")
		st.EnglishLearner = rapid.Bool().Draw(t, "el")
		_ = s.SaveStudent(&st)
	case 4:
		sc := data.Score{Student: st.ID, Measure: measure, Date: day, Kind: data.Progress, Value: float64(rapid.IntRange(10, 90).Draw(t, "value")), Errors: data.NoErrors}
		if rapid.IntRange(0, 3).Draw(t, "delete score") == 0 {
			_ = s.DeleteScore(sc)
		} else {
			_ = s.SaveScore(sc)
		}
	case 5:
		plans, _ := s.StudentPlans(st.ID)
		if len(plans) == 0 || rapid.Bool().Draw(t, "new plan") {
			p := data.Plan{Student: st.ID, Tier: 2, Interventionist: l.name, Goal: data.Goal{Measure: measure, Target: 80, TargetDate: data.NewDate(2027, 4, 26)},
				Phases: []data.Phase{{Start: data.NewDate(2026, 10, 1), Intervention: intervention, SessionsPerWeek: 3, MinutesPerSession: 30}}, Status: data.Active}
			_ = s.SavePlan(&p)
			return
		}
		p := rapid.SampledFrom(plans).Draw(t, "plan")
		if rapid.Bool().Draw(t, "decision") {
			_ = s.SaveDecision(&data.Decision{Student: st.ID, Plan: p.ID, Date: day, Verdict: data.Continue, Decision: data.DecideContinue, NextReview: day.AddDays(28)})
			return
		}
		if sessions, _ := s.Sessions(p.ID); len(sessions) > 0 && rapid.IntRange(0, 3).Draw(t, "delete session") == 0 {
			_ = s.DeleteSession(rapid.SampledFrom(sessions).Draw(t, "session"))
			return
		}
		_ = s.SaveSession(&data.Session{Plan: p.ID, Date: day, Minutes: 30, Present: true, Note: l.name})
	case 6:
		_ = s.ChangeTier(&data.TierChange{Student: st.ID, Date: day, To: data.Tier(rapid.IntRange(1, 3).Draw(t, "tier")), Reason: "review", DecidedBy: l.name})
	case 7:
		if rapid.IntRange(0, 3).Draw(t, "undo or delete") == 0 {
			_ = s.DeleteStudent(st.ID)
		} else {
			_ = s.UndoTierChange(st.ID)
		}
	case 8:
		settings, err := s.Settings()
		if err == nil {
			settings.Name = "Oak Street " + l.name
			_ = s.SaveSettings(settings)
		}
	case 9:
		plans, _ := s.StudentPlans(st.ID)
		if len(plans) > 0 {
			p := rapid.SampledFrom(plans).Draw(t, "plan to edit")
			if rapid.IntRange(0, 3).Draw(t, "delete plan") == 0 {
				_ = s.DeletePlan(p.ID)
				return
			}
			p.Interventionist = l.name
			_ = s.SavePlan(&p)
		}
	}
}

// damage does to a random segment file what a shared drive may do: a second copy under a
// cloud drive's name, a copy cut short mid-sync, a flipped byte, a lost file, a file dropped in
// another device's folder. Each device repairs its own files at its next sync.
func damage(t *rapid.T, dir string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*", "seg-*.tls"))
	if len(files) == 0 {
		return
	}
	f := rapid.SampledFrom(files).Draw(t, "file")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 {
		return // already cut to nothing
	}
	switch rapid.IntRange(0, 4).Draw(t, "damage") {
	case 0:
		os.WriteFile(f[:len(f)-4]+" (1).tls", b, 0o600)
	case 1:
		os.WriteFile(f, b[:rapid.IntRange(0, len(b)-1).Draw(t, "cut")], 0o600)
	case 2:
		b[rapid.IntRange(0, len(b)-1).Draw(t, "byte")] ^= byte(rapid.IntRange(1, 255).Draw(t, "flip"))
		os.WriteFile(f, b, 0o600)
	case 3:
		os.Remove(f)
	case 4:
		others, _ := filepath.Glob(filepath.Join(dir, "*-*-*-*-*"))
		other := rapid.SampledFrom(others).Draw(t, "other folder")
		os.WriteFile(filepath.Join(other, "seg-0000009999.tls"), b, 0o600)
	}
}

package demo_test

import (
	"crypto/sha256"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

var today = data.NewDate(2026, 11, 23)

func generate(t testing.TB, size demo.Size, on data.Date) data.Snapshot {
	t.Helper()
	snap, err := demo.School(demo.Options{Today: on, Size: size})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// stored writes a generated school to a fresh store and reads it back.
func stored(t testing.TB, snap data.Snapshot) (*store.Store, data.Snapshot) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	back, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	return s, back
}

func hash(t testing.TB, v any) [32]byte {
	buf, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(buf)
}

func TestSameTodaySameSchool(t *testing.T) {
	_, first := stored(t, generate(t, demo.Small, today))
	_, second := stored(t, generate(t, demo.Small, today))
	if hash(t, first) != hash(t, second) {
		t.Fatal("two runs for the same day wrote different stores")
	}
	_, later := stored(t, generate(t, demo.Small, today.AddDays(7)))
	if hash(t, first) == hash(t, later) {
		t.Fatal("a week later the demo is identical: today is ignored")
	}
}

func TestNothingAfterToday(t *testing.T) {
	for _, on := range []data.Date{today, data.NewDate(2027, 2, 1), data.NewDate(2026, 8, 20), data.NewDate(2027, 7, 1)} {
		snap := generate(t, demo.Small, on)
		check := func(what string, d data.Date) {
			if d.After(on) {
				t.Errorf("today %s: a %s is dated %s", on, what, d)
			}
		}
		for _, sc := range snap.Scores {
			check("score", sc.Date)
		}
		for _, s := range snap.Sessions {
			check("session", s.Date)
		}
		for _, c := range snap.TierChanges {
			check("tier change", c.Date)
		}
		for _, d := range snap.Decisions {
			check("decision", d.Date)
		}
		for _, p := range snap.Plans {
			check("plan start", p.Start())
			for _, ph := range p.Phases {
				check("phase", ph.Start)
			}
			if p.Status != data.Active {
				check("plan end", p.Ended)
			}
		}
		for _, st := range snap.Students {
			if st.Withdrawn {
				check("withdrawal", st.WithdrawnOn)
			}
		}
		if len(snap.Settings.Years) != 3 || !snap.Settings.Years[2].Start.Within(on.AddDays(-366), on) {
			t.Errorf("today %s: the current school year is %s", on, snap.Settings.Years[2].Label())
		}
	}
}

func TestSmallSchoolLooksReal(t *testing.T) {
	s, snap := stored(t, generate(t, demo.Small, today))
	if err := s.Check(); err != nil {
		t.Fatalf("the demo store fails its check: %v", err)
	}
	enrolled := 0
	races := map[data.Race]int{}
	el, swd := 0, 0
	for _, st := range snap.Students {
		if st.Withdrawn {
			continue
		}
		enrolled++
		races[st.Race]++
		if st.EnglishLearner {
			el++
		}
		if st.Disability {
			swd++
		}
		if st.Grade.Number() > 5 || st.Grade.EarlyChildhood() {
			t.Errorf("%s is in grade %s in a K-5 school", st.Name(), st.Grade)
		}
	}
	if enrolled < 380 || enrolled > 420 {
		t.Errorf("%d enrolled students, want about 400", enrolled)
	}
	if len(races) < 6 || races[data.White] < races[data.Hispanic] || races[data.Black] < 30 {
		t.Errorf("race/ethnicity mix looks wrong: %v", races)
	}
	if el < 30 || swd < 30 {
		t.Errorf("%d English learners and %d students with disabilities: too few", el, swd)
	}

	tiers := data.TiersOn(snap.TierChanges, today)
	tiered, active, phaseChanges := 0, 0, 0
	for _, tier := range tiers {
		if tier > 1 {
			tiered++
		}
	}
	current := snap.Settings.CurrentYear(today)
	for _, p := range snap.Plans {
		if p.Status == data.Active {
			active++
			if !current.Contains(p.Start()) {
				t.Errorf("an active plan started in an earlier year, %s", p.Start())
			}
			if len(p.Phases) > 1 {
				phaseChanges++
			}
		}
	}
	if tiered < 50 || tiered > 70 || active < 50 || active > 70 {
		t.Errorf("%d students in Tier 2/3 and %d active plans, want about 60", tiered, active)
	}
	if phaseChanges < 1 {
		t.Error("no current plan has a phase change")
	}
	absent := 0
	for _, s := range snap.Sessions {
		if !s.Present {
			absent++
		}
	}
	if share := float64(absent) / float64(len(snap.Sessions)); share < 0.04 || share > 0.15 {
		t.Errorf("%.0f%% of sessions absent, want about 8%%", 100*share)
	}
}

func TestLargeSchoolSize(t *testing.T) {
	if testing.Short() {
		t.Skip("large school")
	}
	snap := generate(t, demo.Large, today)
	enrolled := 0
	for _, st := range snap.Students {
		if !st.Withdrawn {
			enrolled++
		}
	}
	if enrolled < 2400 || enrolled > 2600 {
		t.Errorf("%d enrolled students, want about 2,500", enrolled)
	}
	if n := len(snap.Scores); n < 90000 || n > 110000 {
		t.Errorf("%d scores, want about 100,000", n)
	}
}

// Options.Students scales a school: enrolled students as asked, every
// grade as full, and a negative count refused.
func TestStudentsScalesTheSchool(t *testing.T) {
	snap, err := demo.School(demo.Options{Today: today, Size: demo.Small, Students: 1200})
	if err != nil {
		t.Fatal(err)
	}
	perGrade := map[data.Grade]int{}
	for _, st := range snap.Students {
		if !st.Withdrawn {
			perGrade[st.Grade]++
		}
	}
	if len(perGrade) != 6 {
		t.Fatalf("grades %v", perGrade)
	}
	for g, n := range perGrade {
		if n != 200 {
			t.Errorf("grade %s: %d enrolled students, want 200", g, n)
		}
	}
	if _, err := demo.School(demo.Options{Today: today, Size: demo.Small, Students: -1}); err == nil {
		t.Error("-1 students accepted")
	}
}

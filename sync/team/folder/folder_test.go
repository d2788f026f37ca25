package folder_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

func open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// tester is what the helpers need of a test: testing.T's and rapid.T's.
type tester interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func must(t tester, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// exportAll is every CSV export of a store, after checking it.
func exportAll(t tester, s *store.Store) string {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Fatalf("%s fails its check: %v", s.Path(), err)
	}
	if empty, err := s.IsEmpty(); err != nil || empty {
		must(t, err)
		return "(no school)"
	}
	snap, err := s.Snapshot()
	must(t, err)
	var buf bytes.Buffer
	buf.WriteString(snap.Settings.Name + "\n")
	for _, kind := range importer.ExportKinds {
		if _, err := importer.Export(&buf, kind, snap); err != nil {
			t.Fatal(err)
		}
	}
	return buf.String()
}

func sync(t testing.TB, s *store.Store) folder.Report {
	t.Helper()
	rep, err := folder.Sync(s, time.Now())
	must(t, err)
	return rep
}

// smallSchool writes a tiny demo school (30 to 78 students, with plans and their history) into s.
func smallSchool(t testing.TB, s *store.Store) {
	t.Helper()
	snap, err := demo.TinySchool(7, data.NewDate(2026, 11, 20), 5)
	must(t, err)
	must(t, s.Initialize(&snap))
}

// team makes a team in a fresh folder: a's school, b joined with an empty store.
func team(t *testing.T) (dir string, a, b *store.Store, code string) {
	dir = t.TempDir()
	a, b = open(t), open(t)
	smallSchool(t, a)
	st, err := folder.Create(a, dir, "Ms Grant")
	must(t, err)
	code = st.Team.JoinCode()
	_, err = folder.Join(b, code, dir, "Mr Hale", nil)
	must(t, err)
	return dir, a, b, code
}

// TestTwoLaptopsConverge: a school shared through the folder reaches the second laptop; edits on
// either side reach the other.
func TestTwoLaptopsConverge(t *testing.T) {
	_, a, b, _ := team(t)
	rep := sync(t, a)
	if rep.Published == 0 {
		t.Fatalf("a published nothing: %+v", rep)
	}
	rep = sync(t, b)
	if rep.Read != 1 || rep.Applied.New == 0 || len(rep.Refused) != 0 {
		t.Fatalf("b's sync: %+v", rep)
	}
	if exportAll(t, a) != exportAll(t, b) {
		t.Fatal("b differs from a after one sync")
	}
	students, err := b.Students()
	must(t, err)
	st := students[0]
	st.GivenName = "Renamed"
	must(t, b.SaveStudent(&st))
	sync(t, b)
	sync(t, a)
	got, err := a.Student(st.ID)
	must(t, err)
	if got.GivenName != "Renamed" {
		t.Fatalf("a did not get b's edit: %q", got.GivenName)
	}
	if exportAll(t, a) != exportAll(t, b) {
		t.Fatal("a and b differ")
	}
	// Nothing new: a sync writes nothing and applies nothing.
	if rep := sync(t, a); rep.Published != 0 || rep.Read != 0 {
		t.Fatalf("an idle sync did something: %+v", rep)
	}
	state, err := folder.Load(a)
	must(t, err)
	if m := state.Members[mustDevice(t, b).String()]; m == nil || m.Name != "Mr Hale" {
		t.Fatalf("a does not know b's name: %+v", state.Members)
	}
}

func mustDevice(t testing.TB, s *store.Store) data.ID {
	id, err := s.Device()
	must(t, err)
	return id
}

// ownFiles lists a device's segment files.
func ownFiles(t testing.TB, dir string, s *store.Store) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, mustDevice(t, s).String(), "seg-*.tls"))
	must(t, err)
	return files
}

// TestBadSegmentsAreRefusedWhole: a segment of another team, one written with another key, an
// altered one and one cut short are each refused with a clear reason and nothing of them applied;
// the author's next sync writes its own damaged file again and the reader catches up.
func TestBadSegmentsAreRefusedWhole(t *testing.T) {
	dir, a, b, code := team(t)
	sync(t, a)
	segs := ownFiles(t, dir, a)
	if len(segs) != 1 {
		t.Fatalf("a wrote %d segments", len(segs))
	}
	good, err := os.ReadFile(segs[0])
	must(t, err)
	empty := exportAll(t, b)

	// Another team's laptop writes into the same folder.
	other := open(t)
	smallSchool(t, other)
	_, err = folder.Create(other, dir, "Stranger")
	must(t, err)
	sync(t, other)
	// A laptop with the same team id but another key (a mistyped or rotated key).
	wrongKey := open(t)
	smallSchool(t, wrongKey)
	team, err := folder.ParseJoinCode(code)
	must(t, err)
	team.Key[0] ^= 1
	_, err = folder.Join(wrongKey, team.JoinCode(), dir, "Old key", nil)
	must(t, err)
	sync(t, wrongKey)

	cases := []struct {
		name   string
		damage func([]byte) []byte
		want   string
	}{
		{"altered", func(b []byte) []byte { b[len(b)-20] ^= 0x40; return b }, "does not authenticate"},
		{"cut short", func(b []byte) []byte { return b[:len(b)/2] }, "cut short"},
		{"grown", func(b []byte) []byte { return append(b, 0) }, "past its end"},
		{"not a segment", func(b []byte) []byte { return []byte("hello") }, "not a Tierline team segment"},
	}
	for _, c := range cases {
		must(t, os.WriteFile(segs[0], c.damage(bytes.Clone(good)), 0o600))
		rep := sync(t, b)
		if rep.Applied.New != 0 || exportAll(t, b) != empty {
			t.Fatalf("%s: something was applied: %+v", c.name, rep)
		}
		reasons := ""
		for _, r := range rep.Refused {
			reasons += r.Error() + "\n"
		}
		for _, want := range []string{c.want, "another team", "another team key"} {
			if !strings.Contains(reasons, want) {
				t.Errorf("%s: no refusal says %q:\n%s", c.name, want, reasons)
			}
		}
	}
	// a notices its damaged file, writes it again, and b catches up.
	if rep := sync(t, a); rep.Repaired != 1 {
		t.Fatalf("a repaired %d files", rep.Repaired)
	}
	sync(t, b)
	if exportAll(t, a) != exportAll(t, b) {
		t.Fatal("b did not catch up after the repair")
	}
}

// TestCompactionKeepsTheFolderSmall: after many syncs a device's files are folded into one, and a
// laptop joining afterwards builds the same school from the folder.
func TestCompactionKeepsTheFolderSmall(t *testing.T) {
	dir, a, b, code := team(t)
	students, err := a.Students()
	must(t, err)
	for i := range 40 {
		st := students[i%len(students)]
		st.GivenName = strings.Repeat("x", i%5+1)
		must(t, a.SaveStudent(&st))
		rep := sync(t, a)
		if i%7 == 0 {
			sync(t, b)
		}
		if rep.Compacted && len(ownFiles(t, dir, a)) != 1 {
			t.Fatalf("after compacting, a has %d files", len(ownFiles(t, dir, a)))
		}
	}
	if n := len(ownFiles(t, dir, a)); n > 17 {
		t.Fatalf("a keeps %d segment files", n)
	}
	sync(t, b)
	c := open(t)
	_, err = folder.Join(c, code, dir, "Newcomer", nil)
	must(t, err)
	sync(t, c)
	want := exportAll(t, a)
	if exportAll(t, b) != want || exportAll(t, c) != want {
		t.Fatal("the laptops differ after compaction")
	}
}

// TestJoinCode: a code survives being retyped in lower case with spaces; a mistyped one is told
// apart from an incomplete one.
func TestJoinCode(t *testing.T) {
	team, err := folder.NewTeam()
	must(t, err)
	code := team.JoinCode()
	got, err := folder.ParseJoinCode(" " + strings.ToLower(strings.ReplaceAll(code, "-", " ")) + "\n")
	if err != nil || got != team {
		t.Fatalf("retyped code: %v", err)
	}
	typo := []byte(code)
	i := len(typo) - 3
	typo[i] = map[bool]byte{true: 'B', false: 'A'}[typo[i] == 'A']
	if _, err := folder.ParseJoinCode(string(typo)); err == nil || !strings.Contains(err.Error(), "mistyped") {
		t.Fatalf("a typo: %v", err)
	}
	if _, err := folder.ParseJoinCode(code[:20]); err == nil || !strings.Contains(err.Error(), "not complete") {
		t.Fatalf("a cut code: %v", err)
	}
}

// TestJoinWithASchoolMergesByLocalID: a laptop that already holds a school is told what joining
// will do, then its students are merged into the team's by local id, measures and interventions
// by name, and it takes the team's settings; both laptops end with one school.
func TestJoinWithASchoolMergesByLocalID(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t), open(t)
	smallSchool(t, a)
	snapB, err := demo.TinySchool(8, data.NewDate(2026, 11, 20), 5)
	must(t, err)
	must(t, b.Initialize(&snapB))
	st, err := folder.Create(a, dir, "Coordinator")
	must(t, err)
	sync(t, a)

	aStudents, err := a.Students()
	must(t, err)
	local := map[string]bool{}
	for _, s := range aStudents {
		local[s.LocalID] = true
	}
	shared := 0
	for _, s := range snapB.Students {
		if local[s.LocalID] {
			shared++
		}
	}
	if shared == 0 {
		t.Fatal("the two demo schools share no local id: the test proves nothing")
	}
	plan, err := folder.PlanJoin(b, st.Team.JoinCode(), dir)
	must(t, err)
	if plan.Matched != shared || plan.Shared != len(snapB.Students)-shared || !plan.TeamSettings || plan.TeamStudents != len(aStudents) {
		t.Fatalf("plan %+v; want %d matched of %d", plan, shared, len(snapB.Students))
	}
	if text := strings.Join(plan.Sentences(), " "); !strings.Contains(text, "merged") {
		t.Fatalf("the plan does not say what happens: %s", text)
	}
	_, err = folder.Join(b, st.Team.JoinCode(), dir, "Interventionist", plan)
	must(t, err)
	sync(t, b)
	sync(t, a)
	sync(t, b)
	want := exportAll(t, a)
	if got := exportAll(t, b); got != want {
		t.Fatal("a and b differ after the join")
	}
	all, err := b.Students()
	must(t, err)
	if len(all) != len(aStudents)+len(snapB.Students)-shared {
		t.Fatalf("%d students, want %d", len(all), len(aStudents)+len(snapB.Students)-shared)
	}
	settings, err := b.Settings()
	must(t, err)
	aSettings, err := a.Settings()
	must(t, err)
	if settings.Name != aSettings.Name {
		t.Fatalf("b's school is %q, want the team's %q", settings.Name, aSettings.Name)
	}
}

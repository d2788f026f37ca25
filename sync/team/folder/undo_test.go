package folder_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/team/folder"
)

// TestUndoAConflict: two laptops enter different values for one score; the merge keeps one and
// lists the other on both. Undoing it on either laptop brings the value set aside back on both,
// and the value it replaced is now the one listed.
func TestUndoAConflict(t *testing.T) {
	_, a, b, _ := team(t)
	sync(t, a)
	sync(t, b)
	students, err := a.Students()
	must(t, err)
	measures, err := a.Measures()
	must(t, err)
	score := data.Score{Student: students[0].ID, Measure: measures[0].ID, Date: data.NewDate(2026, 11, 21), Kind: data.Progress, Value: 40, Errors: data.NoErrors}
	must(t, a.SaveScore(score))
	score.Value = 55
	must(t, b.SaveScore(score))
	for range 2 {
		sync(t, a)
		sync(t, b)
	}
	value := func(s *store.Store) float64 {
		t.Helper()
		scores, err := s.Scores(score.Student, score.Measure)
		must(t, err)
		for _, sc := range scores {
			if sc.Measure == score.Measure && sc.Date == score.Date && sc.Kind == score.Kind {
				return sc.Value
			}
		}
		t.Fatal("the score is gone")
		return 0
	}
	kept := value(a)
	if value(b) != kept {
		t.Fatalf("the laptops keep %v and %v", kept, value(b))
	}
	list, err := folder.Conflicts(b)
	must(t, err)
	if len(list) != 1 || list[0].Entity != "score" || list[0].ID == "" {
		t.Fatalf("conflicts: %+v", list)
	}
	aside := 40.0
	if kept == 40 {
		aside = 55
	}
	undone, err := folder.Undo(b, list[0].ID[:13])
	must(t, err)
	if undone.ID != list[0].ID {
		t.Fatalf("undid %s, not %s", undone.ID, list[0].ID)
	}
	for range 2 {
		sync(t, b)
		sync(t, a)
	}
	if value(a) != aside || value(b) != aside {
		t.Fatalf("after the undo: a %v, b %v, want %v", value(a), value(b), aside)
	}
	for _, s := range []*store.Store{a, b} {
		list, err := folder.Conflicts(s)
		must(t, err)
		if len(list) != 1 || !strings.Contains(list[0].Value, fmt.Sprintf(`"Value":%v,`, kept)) {
			t.Fatalf("after the undo, the list holds %+v (the value replaced, %v, expected)", list, kept)
		}
	}
	if exportAll(t, a) != exportAll(t, b) {
		t.Fatal("the laptops differ after the undo")
	}

	if _, err := folder.Undo(b, "no-such-id"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("an unknown id: %v", err)
	}
	if _, err := folder.Undo(b, ""); data.ErrorCode(err) != data.ENOTFOUND {
		t.Fatalf("an empty id: %v", err)
	}
}

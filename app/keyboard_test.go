package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data/analysis"
)

func enter(e fyne.Focusable) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// The score line, bulk entry and the review form work from the keyboard:
// Tab between fields, Enter to save and move on.
func TestKeyboardOnly(t *testing.T) {
	u, s := newTestUI(t, true)
	c := u.win.Canvas()
	it := itemWithNeed(t, u, analysis.NeedMoreData)
	u.openStudent(it.Student.ID)
	st := u.student
	c.Focus(st.ScoreDate)
	c.FocusNext()
	if c.Focused() != st.ScoreValue {
		t.Fatalf("Tab from the date went to %T", c.Focused())
	}
	test.Type(st.ScoreValue, "58")
	enter(st.ScoreValue)
	if c.Focused() != st.ScoreValue || st.ScoreValue.Text != "" {
		t.Errorf("after Enter: focus %T, value %q", c.Focused(), st.ScoreValue.Text)
	}
	if scores, _ := s.Scores(it.Student.ID, it.Plan.Goal.Measure); scores[len(scores)-1].Value != 58 {
		t.Error("Enter did not save the score")
	}

	u.show(u.interventions)
	u.interventions.box.(*container.AppTabs).SelectIndex(1)
	b := u.interventions.Bulk
	if len(b.Rows) < 2 {
		t.Fatalf("%d bulk rows", len(b.Rows))
	}
	c.Focus(b.Rows[0].Score)
	test.Type(b.Rows[0].Score, "40")
	enter(b.Rows[0].Score)
	if c.Focused() != b.Rows[1].Score {
		t.Errorf("Enter in the first score went to %T", c.Focused())
	}
	last := b.Rows[len(b.Rows)-1].Score
	c.Focus(last)
	enter(last)
	if b.Done.Text == "" {
		t.Error("Enter in the last score did not save the group")
	}

	u.show(u.review)
	r := u.review
	r.choose(0)
	first := r.items[0].Plan.ID
	enter(r.Next)
	if r.selected < 0 || r.items[r.selected].Plan.ID == first {
		t.Error("Enter in Next review did not save and move on")
	}
}

package store_test

import (
	"testing"

	"github.com/tierline/tierline/data"
)

// A pre-kindergarten and a transitional kindergarten student keep their
// grade in the store, on them and on their scores; grades 1 to 12 keep the
// codes older stores wrote (see data.Grade.Code).
func TestEarlyChildhoodGradesRoundTrip(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	for _, g := range []data.Grade{"PK", "TK", "IT", "PR"} {
		st := data.Student{LocalID: "ec-" + string(g), GivenName: "Early", Grade: g, Sex: data.Unspecified, Race: data.RaceNotReported}
		must(t, s.SaveStudent(&st))
		must(t, s.SaveScore(data.Score{Student: st.ID, Measure: sc.measure.ID, Date: data.NewDate(2026, 10, 6), Kind: data.Screening, Value: 12, Errors: data.NoErrors}))
		back, err := s.Scores(st.ID, sc.measure.ID)
		must(t, err)
		if len(back) != 1 || back[0].Grade != g {
			t.Errorf("%s: scores %+v", g, back)
		}
	}
	snap := snapshot(t, s)
	got := map[string]data.Grade{}
	for _, st := range snap.Students {
		got[st.LocalID] = st.Grade
	}
	if got["ec-PK"] != "PK" || got["ec-TK"] != "TK" || got["70001"] != "03" {
		t.Errorf("students %v", got)
	}
	for _, score := range snap.Scores {
		if score.Student == sc.student.ID && score.Grade != "03" {
			t.Errorf("a grade 3 score reads as %s", score.Grade)
		}
	}
}

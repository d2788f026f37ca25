package outbox_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
	"github.com/tierline/tierline/sync/outbox"
)

func demoStore(t *testing.T, today data.Date) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	snap, err := demo.School(demo.Options{Today: today, Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	return st
}

func plan(t *testing.T, st *store.Store, year string, w data.WindowName, today data.Date) outbox.Plan {
	t.Helper()
	snap, err := st.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	y, _ := snap.Settings.YearByLabel(year)
	p, err := outbox.PlanSend(st, snap, y, w, today)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A window's summary goes once the window has ended; sending it again is a
// correction, which waits for k changed students and the user's
// confirmation, and is recorded as the next version.
func TestSendingOnceTheWindowEndedWithConfirmedCorrections(t *testing.T) {
	today := data.NewDate(2026, 11, 23)
	st := demoStore(t, today)
	snap, _ := st.Snapshot()
	year, _ := snap.Settings.YearByLabel("2026")
	fall := year.Window(data.Fall)

	during := plan(t, st, "2026", data.Fall, fall.End)
	if err := during.Ready(); err == nil || !strings.Contains(err.Error(), "can be sent from "+fall.End.AddDays(1).String()) {
		t.Fatalf("on the window's last day: %v", err)
	}
	if _, err := outbox.Queue(st, during, true); err == nil {
		t.Fatal("a window under way was queued")
	}

	first := plan(t, st, "2026", data.Fall, today)
	if err := first.Ready(); err != nil || first.IsCorrection() || first.Version() != 1 {
		t.Fatalf("after the window: %v, correction %v, version %d", err, first.IsCorrection(), first.Version())
	}
	if _, err := outbox.Queue(st, first, false); err != nil {
		t.Fatal(err)
	}

	// Make-up scores of students a fall screening missed, one each.
	var makeUps []data.Score
	made := map[data.ID]bool{}
	for _, m := range snap.Measures {
		for _, s := range snap.Students {
			if _, ok := m.Cut(s.Grade, data.Fall); ok && m.Code != "" && !s.Withdrawn && !made[s.ID] && !hasScreening(snap, s.ID, m.ID, fall) {
				made[s.ID] = true
				makeUps = append(makeUps, data.Score{Student: s.ID, Measure: m.ID, Date: fall.End, Kind: data.Screening, Value: 50, Errors: data.NoErrors, Grade: s.Grade})
			}
		}
	}
	k := snap.Settings.K
	if len(makeUps) == 0 {
		t.Fatal("the demo school has no student without a fall score")
	}
	// One make-up score: nothing to correct yet, and the Sync screen says how many more.
	if err := st.SaveScores(makeUps[:1]); err != nil {
		t.Fatal(err)
	}
	again := plan(t, st, "2026", data.Fall, today)
	if err := again.Ready(); err == nil || again.Needed() != k-1 || !strings.Contains(err.Error(), "1 so far") {
		t.Fatalf("after one make-up score: needed %d, %v", again.Needed(), err)
	}
	if string(again.Body) != string(first.Body) {
		t.Error("the preview of a correction waiting for k changes is not what was sent")
	}

	// k more changed students (they move to Tier 3 by the window's end): a
	// correction, sent only when confirmed, recorded as version 2.
	tiers := data.TiersOn(snap.TierChanges, fall.End)
	moved := 0
	for _, s := range snap.Students {
		if moved == k {
			break
		}
		if s.ID == makeUps[0].Student || !s.EnrolledOn(fall.End) || tiers[s.ID] == 3 {
			continue
		}
		c := data.TierChange{Student: s.ID, Date: fall.End, From: max(tiers[s.ID], 1), To: 3, Reason: "correction test", DecidedBy: "team"}
		if err := st.ChangeTier(&c); err != nil {
			t.Fatal(err)
		}
		moved++
	}
	correction := plan(t, st, "2026", data.Fall, today)
	if err := correction.Ready(); err != nil || !correction.IsCorrection() || correction.Version() != 2 {
		t.Fatalf("after %d make-up scores: %v (correction %v, version %d)", k, err, correction.IsCorrection(), correction.Version())
	}
	if string(correction.Body) == string(first.Body) || correction.Correction.Republished == 0 {
		t.Errorf("the correction republishes nothing: %+v", correction.Correction)
	}
	if _, err := outbox.Queue(st, correction, false); !errors.Is(err, outbox.ErrUnconfirmed) {
		t.Fatalf("an unconfirmed correction: %v", err)
	}
	if _, err := outbox.Queue(st, correction, true); err != nil {
		t.Fatal(err)
	}
	sent, found, err := st.SentWindow("2026-2027", data.Fall)
	if err != nil || !found || sent.Version != 2 || string(sent.Body) != string(correction.Body) || sent.SentOn != today {
		t.Fatalf("the record of the fall window: version %d, found %v, %v", sent.Version, found, err)
	}
	if waiting, _ := st.Outbox(); len(waiting) != 1 || string(waiting[0].Body) != string(correction.Body) {
		t.Errorf("the outbox holds %d summaries, want the correction alone", len(waiting))
	}
}

func hasScreening(snap data.Snapshot, id, measure data.ID, w data.Window) bool {
	for _, sc := range snap.Scores {
		if sc.Student == id && sc.Measure == measure && sc.Kind == data.Screening && sc.Date.Within(w.Start, w.End) {
			return true
		}
	}
	return false
}

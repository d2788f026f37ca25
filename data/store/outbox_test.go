package store_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

func sequences(t *testing.T, s *store.Store) (seqs []uint64, labels []string) {
	t.Helper()
	waiting, err := s.Outbox()
	must(t, err)
	for _, w := range waiting {
		seqs, labels = append(seqs, w.Sequence), append(labels, w.Label())
	}
	return seqs, labels
}

func TestOutboxQueuesInOrderAndReplacesAWindow(t *testing.T) {
	s := MustOpen(t)
	fall, err := s.Queue("2026-2027", data.Fall, []byte(`{"window":"fall"}`))
	must(t, err)
	_, err = s.Queue("2025-2026", data.Spring, []byte(`{"window":"spring"}`))
	must(t, err)
	again, err := s.Queue("2026-2027", data.Fall, []byte(`{"window":"fall","v":2}`))
	must(t, err)
	seqs, labels := sequences(t, s)
	if len(seqs) != 2 || seqs[0] != 2 || seqs[1] != 3 || labels[1] != "Fall 2026-2027" {
		t.Fatalf("outbox %v %v: want the spring summary (2), then the newer fall one (3)", seqs, labels)
	}
	if fall.ID == again.ID {
		t.Fatal("a summary queued again kept its submission id")
	}
	waiting, _ := s.Outbox()
	if string(waiting[1].Body) != `{"window":"fall","v":2}` {
		t.Fatalf("body %s", waiting[1].Body)
	}
	_, pending, err := s.SyncStatus()
	must(t, err)
	if pending != 2 {
		t.Fatalf("pending %d", pending)
	}
}

func TestDeliveredAndRefusedLeaveTheOutbox(t *testing.T) {
	s := MustOpen(t)
	a, _ := s.Queue("2026-2027", data.Fall, []byte(`{}`))
	b, _ := s.Queue("2025-2026", data.Winter, []byte(`{}`))
	at := time.Date(2026, 11, 23, 9, 40, 0, 0, time.UTC)
	must(t, s.Delivered(a.ID, at))
	must(t, s.Delivered(a.ID, at)) // a second acknowledgement changes nothing
	st, pending, _ := s.SyncStatus()
	if pending != 1 || !st.LastSent.Equal(at) || !st.Online || st.LastError != "" {
		t.Fatalf("after delivery: %+v, %d waiting", st, pending)
	}
	must(t, s.Refused(b.ID, "The district hub refused the Winter 2025-2026 summary: k 3 is outside 5 to 30.", at))
	st, pending, _ = s.SyncStatus()
	if pending != 0 || !strings.Contains(st.LastError, "refused") {
		t.Fatalf("after refusal: %+v, %d waiting", st, pending)
	}
}

func TestResequenceMovesEverySummaryAboveTheHub(t *testing.T) {
	s := MustOpen(t)
	for _, w := range []data.WindowName{data.Fall, data.Winter, data.Spring} {
		_, err := s.Queue("2025-2026", w, []byte(`{}`))
		must(t, err)
	}
	must(t, s.Resequence(1)) // the hub has seen 1: fall may be a lost acknowledgement
	seqs, labels := sequences(t, s)
	if strings.Join(labels, ",") != "Fall 2025-2026,Winter 2025-2026,Spring 2025-2026" || seqs[0] != 4 || seqs[2] != 6 {
		t.Fatalf("after resequencing above 1: %v %v", seqs, labels)
	}
	must(t, s.Resequence(2)) // nothing waiting is at or under 2: nothing moves
	if seqs2, _ := sequences(t, s); seqs2[0] != 4 {
		t.Fatalf("resequenced needlessly: %v", seqs2)
	}
	must(t, s.Resequence(40)) // a restored store: the hub is far ahead
	if seqs, _ = sequences(t, s); seqs[0] != 41 || seqs[2] != 43 {
		t.Fatalf("after resequencing above 40: %v", seqs)
	}
	next, _ := s.Queue("2026-2027", data.Fall, []byte(`{}`))
	if next.Sequence != 44 {
		t.Fatalf("the next summary has sequence %d, want 44", next.Sequence)
	}
	must(t, s.Check())
}

func TestHubSettings(t *testing.T) {
	s := MustOpen(t)
	token := strings.Repeat("a1", 32)
	for _, tc := range []struct {
		hub  data.Hub
		want string
	}{
		{data.Hub{URL: "http://hub.district.example", Token: token}, "must start with https://"},
		{data.Hub{URL: "hub.district.example", Token: token}, "is not a web address"},
		{data.Hub{URL: "https://user:pw@hub.example", Token: token}, "is not a web address"},
		{data.Hub{URL: "https://hub.example", Token: "short"}, "hub token"},
	} {
		if err := s.SetHub(tc.hub); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.hub, err, tc.want)
		}
	}
	h, err := s.Hub()
	must(t, err)
	if h.Configured() {
		t.Fatal("a refused hub was saved")
	}
	must(t, s.SetSyncStatus(data.SyncStatus{LastError: "The district hub refused the token"}))
	for _, url := range []string{"https://hub.district.example", "http://127.0.0.1:8470", "http://localhost:8470"} {
		must(t, s.SetHub(data.Hub{URL: url, Token: token}))
	}
	st, _, _ := s.SyncStatus()
	if st.LastError != "" {
		t.Error("a new hub keeps the old hub's error")
	}
	h, _ = s.Hub()
	if h.Token != token || h.MaskedToken() != "••••••••a1a1" {
		t.Errorf("hub %+v, masked %q", h, h.MaskedToken())
	}
}

func TestOutboxSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tierline.db")
	s, err := store.Open(path)
	must(t, err)
	_, err = s.Queue("2026-2027", data.Fall, []byte(`{"a":1}`))
	must(t, err)
	must(t, s.Close())
	s, err = store.Open(path)
	must(t, err)
	defer s.Close()
	if seqs, _ := sequences(t, s); len(seqs) != 1 || seqs[0] != 1 {
		t.Fatalf("after reopening: %v", seqs)
	}
}

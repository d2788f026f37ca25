package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/hub/hubtest"
	"github.com/tierline/tierline/sync/outbox"
	"github.com/tierline/tierline/sync/summary"
)

func TestSyncPreviewShowsWhatWouldLeave(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.show(u.sync)
	if got := u.sync.Window.Selected; got != "Fall 2026-2027" {
		t.Fatalf("the preview opens on %q, want the current window", got)
	}
	want, err := summary.Build(u.school.snap, u.school.year(), data.Fall, testToday)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := want.JSON()
	if !bytes.Equal(u.sync.json, wantJSON) {
		t.Fatal("the preview is not the summary that would be sent")
	}
	if !onScreen(u.win.Canvas(), "—") || !strings.Contains(u.sync.Intro.Text, "fewer than 10 students") ||
		!strings.Contains(u.sync.Intro.Text, "moved by up to 2") {
		t.Fatal("the preview does not explain the threshold and the perturbation, or shows no group left out")
	}
	if !strings.Contains(u.sync.Intro.Text, "so that a group left out cannot be worked out") || strings.Contains(u.sync.Intro.Text, "no catalog code") {
		t.Errorf("the demo's measures all have codes, yet: %q", u.sync.Intro.Text)
	}
	if got := previewRules(10, []string{"Reading club probe"}); !strings.Contains(got, "no catalog code (tierline measure edit NAME --code CODE): Reading club probe.") {
		t.Errorf("a measure without a code is not named: %q", got)
	}
	// Each table is headed by the school's name of the measure and its code.
	m := u.school.snap.Measures[0]
	if m.Code != "" && !onScreen(u.win.Canvas(), m.Name+" — sent as "+m.Code) {
		t.Errorf("no heading %q", m.Name+" — sent as "+m.Code)
	}
	// The counts line adds up every cell of the summary.
	cells := len(want.Progress) + len(want.Tiers) + len(want.Response)
	if !strings.Contains(u.sync.Counts.Text, fmt.Sprintf("%d cells sent", cells)) {
		t.Errorf("counts: %q, want %d cells", u.sync.Counts.Text, cells)
	}
	// No student's name is on the preview.
	for _, st := range u.school.snap.Students[:20] {
		if onScreen(u.win.Canvas(), st.FamilyName+", ") || onScreen(u.win.Canvas(), st.LocalID) {
			t.Fatalf("the preview shows student %s", st.LocalID)
		}
	}

	u.sync.Window.SetSelected("Spring 2025-2026")
	if !strings.HasPrefix(u.sync.Counts.Text, "Spring 2025-2026") {
		t.Errorf("after choosing spring: %q", u.sync.Counts.Text)
	}
	if u.sync.Send.Disabled() || !strings.Contains(u.sync.When.Text, "has ended: its summary can be sent (version 1)") {
		t.Errorf("a window that has ended: send disabled %v, %q", u.sync.Send.Disabled(), u.sync.When.Text)
	}
	test.Tap(u.sync.ShowJSON)
	if !onScreen(u.win.Canvas(), `"window": "spring"`) {
		t.Error("Show the exact JSON does not show the previewed summary")
	}
	test.Tap(button(t, u.win.Canvas(), "Copy the JSON"))
	if got := u.app.Clipboard().Content(); got != string(u.sync.json) {
		t.Errorf("copied %d bytes, not the %d of the summary", len(got), len(u.sync.json))
	}
}

func TestSendingASummaryToTheHub(t *testing.T) {
	h := hubtest.Start(t)

	var sender *outbox.Sender
	u, st := newTestUI(t, true, func(svc *Services) {
		sender = outbox.NewSender(svc.Store, "Tierline/test")
		svc.Sender = sender
	})
	if u.status.Text != "" || !strings.Contains(u.dashboard.SyncStatus.Text, "nothing leaves this computer") {
		t.Fatalf("before any hub: %q, %q", u.status.Text, u.dashboard.SyncStatus.Text)
	}

	// A plain-http address elsewhere is refused, and nothing is saved.
	u.show(u.settings)
	u.settings.HubURL.SetText("http://hub.district.example")
	u.settings.HubToken.SetText(h.Token)
	test.Tap(u.settings.SaveHub)
	if !strings.Contains(u.settings.HubStatus.Text, "must start with https://") {
		t.Fatalf("hub status: %q", u.settings.HubStatus.Text)
	}
	if hub, _ := st.Hub(); hub.Configured() {
		t.Fatal("a refused hub was saved")
	}
	u.settings.HubURL.SetText(h.URL)
	test.Tap(u.settings.SaveHub)
	if saved, _ := st.Hub(); saved.URL != h.URL || saved.Token != h.Token || u.settings.HubToken.Text != "" ||
		!strings.Contains(u.settings.HubToken.PlaceHolder, h.Token[len(h.Token)-4:]) {
		t.Fatalf("saved %+v; token field %q, placeholder %q", saved, u.settings.HubToken.Text, u.settings.HubToken.PlaceHolder)
	}

	u.show(u.sync)
	test.Tap(u.sync.Send)
	test.Tap(button(t, u.win.Canvas(), "Send"))
	waiting, _ := st.Outbox()
	if len(waiting) != 1 || string(waiting[0].Body) != string(u.sync.json) {
		t.Fatal("Send did not queue the previewed summary")
	}
	if u.status.Text != "○ 1 waiting" || !strings.Contains(u.sync.Status.Text, "1 summary waiting") || u.sync.SendNow.Disabled() {
		t.Fatalf("after queuing: %q, %q", u.status.Text, u.sync.Status.Text)
	}

	// The background sender's pass, run here.
	if _, err := sender.SendPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.status.Text, "● Synced ") || !strings.Contains(u.dashboard.SyncStatus.Text, "Last sent to "+h.URL) {
		t.Fatalf("after sending: %q, %q", u.status.Text, u.dashboard.SyncStatus.Text)
	}
	if _, current, _ := h.Store.Counts(); current != 1 {
		t.Fatalf("the hub holds %d summaries", current)
	}
}

func TestADistrictPresetHubAddressIsOffered(t *testing.T) {
	u, st := newTestUI(t, true, func(svc *Services) { svc.PresetHubURL = "https://hub.district.example" })
	if u.settings.HubURL.Text != "https://hub.district.example" || !strings.Contains(u.settings.HubStatus.Text, "paste this school's token") {
		t.Fatalf("hub field %q, status %q", u.settings.HubURL.Text, u.settings.HubStatus.Text)
	}
	if h, _ := st.Hub(); h.URL != "" {
		t.Fatal("the preset was saved before the school gave its token")
	}
}

package app

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync"
)

func TestSyncPreviewShowsWhatWouldLeave(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.show(u.Sync)
	if got := u.Sync.Window.Selected; got != "Fall 2026-2027" {
		t.Fatalf("the preview opens on %q, want the current window", got)
	}
	want, err := sync.Build(u.school.snap, u.school.year(), data.Fall, testToday)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := want.JSON()
	if !bytes.Equal(u.Sync.json, wantJSON) {
		t.Fatal("the preview is not the summary that would be sent")
	}
	suppressed := 0
	for _, c := range want.Progress {
		if c.Suppressed {
			suppressed++
		}
	}
	if suppressed == 0 || !onScreen(u.win.Canvas(), "n<10") || !onScreen(u.win.Canvas(), "hidden") {
		t.Fatal("suppressed cells are not shown as n<10 and hidden")
	}
	// The counts line adds up every cell of the summary.
	cells := len(want.Progress) + len(want.Tiers) + len(want.Response)
	if !strings.Contains(u.Sync.Counts.Text, fmt.Sprintf("%d cells", cells)) {
		t.Errorf("counts: %q, want %d cells", u.Sync.Counts.Text, cells)
	}
	// No student's name is on the preview.
	for _, st := range u.school.snap.Students[:20] {
		if onScreen(u.win.Canvas(), st.FamilyName+", ") || onScreen(u.win.Canvas(), st.LocalID) {
			t.Fatalf("the preview shows student %s", st.LocalID)
		}
	}

	u.Sync.Window.SetSelected("Spring 2025-2026")
	if !strings.HasPrefix(u.Sync.Counts.Text, "Spring 2025-2026") {
		t.Errorf("after choosing spring: %q", u.Sync.Counts.Text)
	}
	test.Tap(u.Sync.ShowJSON)
	if !onScreen(u.win.Canvas(), `"window": "spring"`) {
		t.Error("Show the exact JSON does not show the previewed summary")
	}
	test.Tap(button(t, u.win.Canvas(), "Copy the JSON"))
	if got := u.app.Clipboard().Content(); got != string(u.Sync.json) {
		t.Errorf("copied %d bytes, not the %d of the summary", len(got), len(u.Sync.json))
	}
}

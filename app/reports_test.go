package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/internal/report"
)

// failingWriter is a file that cannot be written (a full or pulled-out disk).
type failingWriter struct{ closed bool }

func (w *failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }
func (w *failingWriter) Close() error              { w.closed = true; return nil }

func TestStudentScreenWritesTheFamilyReport(t *testing.T) {
	u, _ := newTestUI(t, true)
	it := itemWithNeed(t, u, analysis.NeedIntensify)
	u.openStudent(it.Student.ID)
	st := u.student

	// The button asks for the language first.
	test.Tap(button(t, u.win.Canvas(), "Family report (PDF)…"))
	if !onScreen(u.win.Canvas(), "A one-page report of "+it.Student.GivenName+"'s progress on "+st.measure.Name) {
		t.Fatal("the family report button did not ask for the language")
	}
	test.Tap(button(t, u.win.Canvas(), "Cancel"))

	path := filepath.Join(t.TempDir(), "family.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	st.writeFamilyReport(f, "family.pdf", report.FamilyRequest{Student: it.Student.ID, Measure: st.measure.ID, Lang: report.Spanish, Today: testToday})
	pdf, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the family report is not a PDF: %v, %d bytes", err, len(pdf))
	}
	if want := "Wrote the family report of " + it.Student.ShortName() + " to family.pdf"; !strings.HasPrefix(st.Saved.Text, want) {
		t.Errorf("status %q, want %q", st.Saved.Text, want)
	}

	// A disk that refuses the file: the error says so, and the status does not claim a report.
	w := &failingWriter{}
	st.writeFamilyReport(w, "full.pdf", report.FamilyRequest{Student: it.Student.ID, Lang: report.English, Today: testToday})
	if !w.closed || strings.HasPrefix(st.Saved.Text, "Wrote") || strings.HasPrefix(st.Saved.Text, "Writing") {
		t.Errorf("after a failed write: closed %v, status %q", w.closed, st.Saved.Text)
	}
	if !onScreen(u.win.Canvas(), "full.pdf could not be written (no space left on device)") {
		t.Error("a failed write shows no error")
	}
}

func TestReviewScreenWritesTheMeetingPacket(t *testing.T) {
	u, _ := newTestUI(t, true)
	u.show(u.review)
	r := u.review
	test.Tap(button(t, u.win.Canvas(), "Meeting packet (PDF)…"))
	if !onScreen(u.win.Canvas(), "One page per student for the meeting") {
		t.Fatal("the packet button did not ask which plans")
	}
	test.Tap(button(t, u.win.Canvas(), "Cancel"))

	path := filepath.Join(t.TempDir(), "packet.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	r.writePacket(f, "packet.pdf", report.ReviewRequest{Today: testToday})
	pdf, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the packet is not a PDF: %v, %d bytes", err, len(pdf))
	}
	if !strings.HasPrefix(r.Saved.Text, "Wrote the meeting packet to packet.pdf") {
		t.Errorf("status %q", r.Saved.Text)
	}
}

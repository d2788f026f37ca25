package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

var today = data.NewDate(2026, 11, 23)

// demoStore is the small demo school in a fresh store.
func demoStore(t testing.TB) (*store.Store, data.Snapshot) {
	t.Helper()
	snap, err := demo.School(demo.Options{Today: today, Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "tierline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Initialize(&snap); err != nil {
		t.Fatal(err)
	}
	return s, snap
}

// pdfText extracts a PDF's text with poppler's pdftotext and checks it has
// pages pages (pdfinfo). make test installs poppler-utils.
func pdfText(t *testing.T, pdf []byte, pages int) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: make test installs it")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v: %s", err, info)
	}
	if !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages:\s+%d$`, pages)).Match(info) {
		t.Errorf("want %d pages: %s", pages, info)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	// Render too: a page poppler cannot draw fails here. With
	// TIERLINE_REPORT_PNG=DIR the pages are kept there to be looked at.
	dir := os.Getenv("TIERLINE_REPORT_PNG")
	if dir == "" {
		dir = t.TempDir()
	}
	prefix := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "-"))
	if msg, err := exec.Command("pdftoppm", "-png", "-r", "80", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, msg)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if strings.Contains(text, "%!") {
		t.Errorf("a message lacks an argument: %s", text)
	}
	return text
}

// planned returns a student with an active plan whose verdict is kind.
func planned(t *testing.T, s *store.Store, snap data.Snapshot, kind data.VerdictKind) (data.Student, analysis.StudentProgress) {
	t.Helper()
	for _, p := range snap.Plans {
		if p.Status != data.Active {
			continue
		}
		st, err := s.Student(p.Student)
		if err != nil {
			t.Fatal(err)
		}
		m, err := reportedMeasure(s, st, data.ID{})
		if err != nil {
			t.Fatal(err)
		}
		in, err := s.StudentInput(st.ID, m, today)
		if err != nil {
			t.Fatal(err)
		}
		if sp := analysis.AnalyzeStudent(in); sp.Current.Verdict.Kind == kind && sp.Plan != nil && sp.Plan.ID == p.ID {
			return st, sp
		}
	}
	t.Fatalf("the demo school has no active plan with the verdict %s", kind)
	return data.Student{}, analysis.StudentProgress{}
}

func TestFamilyReportInEnglishAndSpanish(t *testing.T) {
	s, snap := demoStore(t)
	for _, kind := range []data.VerdictKind{data.Intensify, data.Continue} {
		st, sp := planned(t, s, snap, kind)
		for _, lang := range Langs {
			t.Run(string(kind)+"-"+string(lang), func(t *testing.T) {
				pdf, err := Family(s, FamilyRequest{Student: st.ID, Lang: lang, Today: today})
				if err != nil {
					t.Fatal(err)
				}
				text := pdfText(t, pdf, 1)
				w := words{lang}
				for _, want := range []string{st.Name(), msgHeadline[kind].in(lang), w.f(msgVerdict[kind], st.GivenName),
					w.date(sp.Current.Due), msgTheSupport.in(lang), sp.Plan.Interventionist} {
					if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
						t.Errorf("the report does not say %q:\n%s", want, text)
					}
				}
				fid := sp.Fidelity
				delivered := w.f(msgDelivered, fid.Present, int(fid.PlannedSessions+0.5), int(analysis.Percent(fid.SessionRate())))
				if !strings.Contains(text, delivered) {
					t.Errorf("the report does not say %q:\n%s", delivered, text)
				}
				if other := msgTheGoal.in(otherLang(lang)); strings.Contains(text, other) {
					t.Errorf("the %s report says %q", lang, other)
				}
			})
		}
	}
}

func otherLang(l Lang) Lang {
	if l == Spanish {
		return English
	}
	return Spanish
}

func TestFamilyReportIsTheSameTwice(t *testing.T) {
	s, snap := demoStore(t)
	st, _ := planned(t, s, snap, data.Continue)
	a, err := Family(s, FamilyRequest{Student: st.ID, Lang: Spanish, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Family(s, FamilyRequest{Student: st.ID, Lang: Spanish, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same report on the same day differs")
	}
}

func TestFamilyReportOfAStudentWithoutAPlan(t *testing.T) {
	s, snap := demoStore(t)
	planned := map[data.ID]bool{}
	for _, p := range snap.Plans {
		planned[p.Student] = true
	}
	for _, st := range snap.Students {
		if planned[st.ID] {
			continue
		}
		for _, lang := range Langs {
			pdf, err := Family(s, FamilyRequest{Student: st.ID, Lang: lang, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, pdf, 1)
			if !strings.Contains(text, st.Name()) || !strings.Contains(text, msgNoPlanHead.in(lang)) || strings.Contains(text, msgTheGoal.in(lang)) {
				t.Errorf("the report of %s without a plan says:\n%s", st.Name(), text)
			}
		}
		return
	}
	t.Fatal("every demo student has a plan")
}

func TestFamilyReportRefusesWhatIsNotThere(t *testing.T) {
	s, snap := demoStore(t)
	if _, err := Family(s, FamilyRequest{Student: data.ID{1}, Lang: English, Today: today}); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("an unknown student: %v", err)
	}
	if _, err := Family(s, FamilyRequest{Student: snap.Students[0].ID, Measure: data.ID{2}, Lang: English, Today: today}); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("an unknown measure: %v", err)
	}
	for _, bad := range []string{"fr", "", "english"} {
		if _, err := ParseLang(bad); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("ParseLang(%q): %v", bad, err)
		}
	}
	if l, err := ParseLang(" ES "); err != nil || l != Spanish {
		t.Errorf("ParseLang(ES) = %v, %v", l, err)
	}
}

func TestReviewPacketHasAPagePerReviewDue(t *testing.T) {
	s, _ := demoStore(t)
	in, err := s.ReviewData(today)
	if err != nil {
		t.Fatal(err)
	}
	list := analysis.ReviewList(in)
	var due []analysis.ReviewItem
	for _, it := range list {
		if it.DueThisWeek() {
			due = append(due, it)
		}
	}
	if len(due) < 2 || len(due) == len(list) {
		t.Fatalf("the demo school has %d reviews due of %d: the test needs some, not all", len(due), len(list))
	}
	pdf, pages, err := Review(s, ReviewRequest{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if pages != len(due) {
		t.Errorf("%d pages, want %d", pages, len(due))
	}
	text := pdfText(t, pdf, len(due))
	at := 0
	for i, it := range due {
		head := fmt.Sprintf("page %d of %d", i+1, len(due))
		next := strings.Index(text[at:], head)
		if next < 0 {
			t.Fatalf("no %q after page %d:\n%s", head, i, text)
		}
		at += next
		page := text[at:]
		if end := strings.Index(page, fmt.Sprintf("page %d of %d", i+2, len(due))); end > 0 {
			page = page[:end]
		}
		for _, want := range []string{it.Student.Name(), it.Progress.Current.Verdict.Headline(), "Decision", data.DecideIntensify.Label(), "Next review", "Decided by", "Note"} {
			if !strings.Contains(page, strings.Join(strings.Fields(want), " ")) {
				t.Errorf("page %d does not say %q:\n%s", i+1, want, page)
			}
		}
	}
	// The whole list: every plan, in the list's order (drawing its 60
	// pages would only repeat the pages above).
	if all := packetItems(list, true); len(all) != len(list) || all[0].Plan.ID != list[0].Plan.ID {
		t.Errorf("the whole list: %d plans, want %d", len(all), len(list))
	}
}

func TestReviewPacketWithNothingDue(t *testing.T) {
	s, _ := demoStore(t)
	// Before the school year's first plan, nothing is on the review list.
	_, _, err := Review(s, ReviewRequest{Today: data.NewDate(2025, 8, 1)})
	if data.ErrorCode(err) != data.ENOTFOUND || !strings.Contains(err.Error(), "no review is due this week") {
		t.Errorf("nothing due: %v", err)
	}
}

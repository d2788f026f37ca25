package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// reviewedStudent returns the local id and name of the first student of the review list.
func reviewedStudent(t *testing.T, dir string) (localID, name string) {
	t.Helper()
	code, stdout, stderr := tierline(t, "review", "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("review: exit %d: %s", code, stderr)
	}
	var rows []struct {
		Student string
		LocalID string `json:"local_id"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("review --json: %v, %d rows", err, len(rows))
	}
	return rows[0].LocalID, rows[0].Student
}

func TestReportStudent(t *testing.T) {
	dir := demoDir(t)
	id, name := reviewedStudent(t, dir)
	for lang, says := range map[string]string{"en": "How is", "es": "¿Cómo va"} {
		out := filepath.Join(t.TempDir(), "family.pdf")
		code, stdout, stderr := tierline(t, "report", "student", id, "-o", out, "--lang", lang, "--data", dir)
		if code != 0 || !strings.Contains(stdout, "Wrote the report of "+name) {
			t.Fatalf("report --lang %s: exit %d, %q %q", lang, code, stdout, stderr)
		}
		pdf, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
			t.Fatalf("%s is not a PDF: %v", out, err)
		}
		if _, err := exec.LookPath("pdftotext"); err != nil {
			continue // internal/report reads the text; here the file is enough
		}
		text, err := exec.Command("pdftotext", out, "-").Output()
		if err != nil || !strings.Contains(string(text), name) || !strings.Contains(string(text), says) {
			t.Errorf("report --lang %s: %v, text:\n%s", lang, err, text)
		}
	}
}

func TestReportStudentRefusals(t *testing.T) {
	dir := demoDir(t)
	id, _ := reviewedStudent(t, dir)
	out := filepath.Join(t.TempDir(), "family.pdf")
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"report"}, 2, "which report?"},
		{[]string{"report", "teacher"}, 2, `unknown report "teacher"`},
		{[]string{"report", "student", id}, 2, "-o FILE.pdf is required"},
		{[]string{"report", "student", id, "-o", out, "--lang", "fr"}, 2, `language "fr"`},
		{[]string{"report", "student", "no-such-id", "-o", out}, 1, `no student with local id "no-such-id"`},
		{[]string{"report", "student", id, "-o", out, "--measure", "Nothing"}, 1, "Nothing"},
		{[]string{"report", "student", id, "-o", filepath.Join(dir, "missing", "x.pdf")}, 1, "write "},
	} {
		code, _, stderr := tierline(t, append(tc.args, "--data", dir)...)
		if code != tc.code || !strings.Contains(stderr, tc.says) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, stderr, tc.code, tc.says)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused report left %s: %v", out, err)
	}
	// A read command on a missing store creates nothing.
	empty := t.TempDir()
	if code, _, stderr := tierline(t, "report", "student", id, "-o", out, "--data", empty); code != 1 || !strings.Contains(stderr, "there is no Tierline store") {
		t.Errorf("no store: exit %d, %q", code, stderr)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the report created %d files in an empty folder", len(entries))
	}
}

func TestReportReview(t *testing.T) {
	dir := demoDir(t)
	out := filepath.Join(t.TempDir(), "packet.pdf")
	code, stdout, stderr := tierline(t, "report", "review", "-o", out, "--json", "--data", dir)
	if code != 0 {
		t.Fatalf("report review: exit %d: %s", code, stderr)
	}
	var got struct {
		Pages int
		File  string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || got.Pages == 0 || got.File != out {
		t.Fatalf("report review --json: %v, %q", err, stdout)
	}
	if pdf, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("%s is not a PDF: %v", out, err)
	}
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		info, err := exec.Command("pdfinfo", out).Output()
		if err != nil || !strings.Contains(string(info), "Pages:") || !strings.Contains(strings.Join(strings.Fields(string(info)), " "), "Pages: "+strconv.Itoa(got.Pages)) {
			t.Errorf("pdfinfo: %v\n%s", err, info)
		}
	}
	// Before any plan is due, the packet is refused in words.
	before := &invocation{stdout: new(strings.Builder), stderr: new(strings.Builder), now: func() time.Time { return time.Date(2025, 8, 1, 9, 0, 0, 0, time.Local) }}
	if code := before.main([]string{"report", "review", "-o", out + ".2", "--data", dir}); code != 1 ||
		!strings.Contains(before.stderr.(*strings.Builder).String(), "no review is due this week") || !strings.Contains(before.stderr.(*strings.Builder).String(), "--all") {
		t.Errorf("nothing due: exit %d, %q", code, before.stderr)
	}
	if code, _, stderr := tierline(t, "report", "review", "--data", dir); code != 2 || !strings.Contains(stderr, "-o FILE.pdf is required") {
		t.Errorf("no -o: exit %d, %q", code, stderr)
	}
}

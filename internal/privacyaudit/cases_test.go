package privacyaudit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// python returns Debian's python3 with SciPy (make test installs
// python3-scipy); without it the audit cannot run, which fails the test
// under make test (TIERLINE_AUDIT=1) and skips it elsewhere.
func python(t *testing.T) string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import scipy.optimize").Run() == nil {
			return p
		}
	}
	if os.Getenv("TIERLINE_AUDIT") != "" {
		t.Fatal("the privacy audit needs python3 with SciPy (apt-get install python3-scipy)")
	}
	t.Skip("python3 with SciPy is not installed; make test installs it")
	return ""
}

// TestAuditFindsV1Leaks shows that the attacker can fail: v1 summaries
// (exact counts, complementary suppression and reason labels), stored in
// testdata/v1 from the v1 builder, give away hidden counts of small schools
// and make-up scores, as the audit found.
func TestAuditFindsV1Leaks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files, err := filepath.Glob("testdata/v1/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no v1 cases: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteRules(dir); err != nil { // v1 coded by the same ladder
		t.Fatal(err)
	}
	report, exit := audit(t, dir)
	if exit != 1 {
		t.Fatalf("the attacker should fail the v1 summaries (exit 1), got %d:\n%s", exit, report)
	}
	for _, want := range []string{"PINNED hidden count:", "PINNED by differencing:"} {
		if !strings.Contains(report, want) {
			t.Errorf("no %q in the audit of v1 summaries:\n%s", want, report)
		}
	}
}

// TestAuditV2 attacks today's summaries of the demo school and six small
// skewed schools (k = 5 and 10), each summary as a whole (progress, tier
// placement and response tables, with the noise nested cells share): no
// count may be pinned. 1,000 make-up scores are attacked too, each
// between a window's first send and its correction (which waits for k
// changed students and republishes only the cells with k of them): no
// result may be pinned, and the attacker may guess right in at most 65%
// (a coin is 50%; always guessing the likelier band is about 57% here).
func TestAuditV2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := Write(dir, 6); err != nil {
		t.Fatal(err)
	}
	schools, err := Schools(6)
	if err != nil {
		t.Fatal(err)
	}
	if err := WritePairs(dir, schools, 1000); err != nil {
		t.Fatal(err)
	}
	report, _ := audit(t, dir)
	for _, line := range strings.Split(report, "\n") {
		if strings.HasPrefix(line, "PINNED") {
			t.Errorf("v2 summaries: %s", line)
		}
	}
	var pairs, right int
	_, figures, _ := strings.Cut(report, "\ndifferencing: ")
	if _, err := fmt.Sscanf(figures, "%d simulated make-up scores, the attacker guesses the student's result right in %d", &pairs, &right); err != nil || pairs != 1000 {
		t.Fatalf("no differencing figures (%v) in:\n%s", err, report)
	}
	if 100*right > 65*pairs {
		t.Errorf("the differencing attacker guesses right in %d of %d make-up scores, above 65%%", right, pairs)
	}
}

// audit runs the attacker on the cases in dir: its report and exit code.
func audit(t *testing.T, dir string) (string, int) {
	t.Helper()
	py := python(t)
	cmd := exec.Command(py, "attack.py", dir)
	out, err := cmd.CombinedOutput()
	report := string(out)
	t.Logf("%s:\n%s", dir, lastLines(report, 3))
	var exit *exec.ExitError
	switch {
	case err == nil:
		return report, 0
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return report, 1
	}
	t.Fatalf("the attacker did not run: %v\n%s", err, report)
	return "", 0
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

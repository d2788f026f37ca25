package privacyaudit

import (
	"os"
	"os/exec"
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

// TestAuditFindsV1Leaks shows that the attacker can fail: today's v1
// summaries, with complementary suppression and reason labels, give away
// hidden counts of small schools, as the audit found.
func TestAuditFindsV1Leaks(t *testing.T) {
	py := python(t)
	dir := t.TempDir()
	n, err := Write(dir, 6)
	if err != nil {
		t.Fatal(err)
	}
	schools, err := Schools(6)
	if err != nil {
		t.Fatal(err)
	}
	if err := WritePairs(dir, schools, 1000); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "attack.py", dir).CombinedOutput()
	report := string(out)
	t.Logf("%d summaries audited:\n%s", n, lastLines(report, 3))
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("the attacker should fail the v1 summaries (exit 1), got %v:\n%s", err, report)
	}
	if !strings.Contains(report, "PINNED hidden count:") {
		t.Errorf("no pinned hidden count found in v1 summaries:\n%s", report)
	}
	if !strings.Contains(report, "PINNED by differencing:") {
		t.Errorf("no make-up score pinned by differencing v1 summaries:\n%s", report)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

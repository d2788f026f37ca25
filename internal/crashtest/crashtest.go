// Package crashtest kills a test binary's own child with SIGKILL at a
// chosen moment, for the tests that prove nothing acknowledged is lost.
package crashtest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// KillChild runs the test named child in a new process of the test binary
// with env added, waits for it to print READY, kills it after the given
// time and passes each later line of its output to line. A line starting
// with ERROR fails the test.
func KillChild(t testing.TB, child string, env []string, after time.Duration, line func(string)) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	ready := false
	for !ready && lines.Scan() {
		ready = lines.Text() == "READY"
	}
	if !ready {
		cmd.Wait()
		t.Fatalf("%s did not start", child)
	}
	timer := time.AfterFunc(after, func() { cmd.Process.Signal(syscall.SIGKILL) })
	defer timer.Stop()
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "ERROR") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("%s: %s", child, lines.Text())
		}
		line(lines.Text())
	}
	cmd.Wait()
}

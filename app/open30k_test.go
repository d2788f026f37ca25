package app

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/data/store"
)

// districtStudents is the size of the district-sized store.
const districtStudents = 30_000

// BenchmarkOpenDistrictStore opens a 30,000-student store (the large demo
// school scaled, generated once into the temporary directory) and loads the
// school as the window does, in a process of its own so that its peak RSS
// is the opening's: open-ms and rss-MB. Goals: < 1.5 s, < 400 MB.
func BenchmarkOpenDistrictStore(b *testing.B) {
	path := districtStore(b, districtStudents)
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestOpenProbe$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TIERLINE_OPEN_PROBE="+path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("probe: %v\n%s", err, out)
		}
		var ms, rss float64
		for _, line := range strings.Split(string(out), "\n") {
			if _, err := fmt.Sscanf(strings.TrimSpace(line), "open %f ms rss %f MB", &ms, &rss); err == nil {
				break
			}
		}
		if ms == 0 {
			b.Fatalf("probe said nothing:\n%s", out)
		}
		b.ReportMetric(ms, "open-ms")
		b.ReportMetric(rss, "rss-MB")
	}
}

// TestOpenProbe is BenchmarkOpenDistrictStore's child process: it opens
// the store TIERLINE_OPEN_PROBE names, loads the school and prints the time
// and the peak RSS. Without the variable it does nothing.
func TestOpenProbe(t *testing.T) {
	path := os.Getenv("TIERLINE_OPEN_PROBE")
	if path == "" {
		t.Skip("the child of BenchmarkOpenDistrictStore")
	}
	start := time.Now()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sc, err := loadSchool(s, testToday)
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if len(sc.snap.Students) < districtStudents {
		t.Fatalf("%d students", len(sc.snap.Students))
	}
	fmt.Printf("open %.1f ms rss %.1f MB\n", float64(elapsed.Microseconds())/1000, peakRSS(t))
}

// peakRSS is the process's peak resident set (VmHWM), in MB.
func peakRSS(t *testing.T) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc: the peak RSS is read on Linux")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb / 1024
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// districtStore returns the path of a store holding the large demo school
// scaled to about n enrolled students, generating it once for all runs.
func districtStore(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("tierline-bench-%d-%s.db", n, testToday))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	snap, err := demo.School(demo.Options{Today: testToday, Size: demo.Large, Students: n})
	if err != nil {
		b.Fatal(err)
	}
	tmp := path + ".part"
	os.Remove(tmp)
	s, err := store.Open(tmp)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Initialize(&snap); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

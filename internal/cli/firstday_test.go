package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFirstDayAsTheReadmeSaysIt runs the README's first day, line by line,
// on the files it names: the commands the README shows are the ones that work.
func TestFirstDayAsTheReadmeSaysIt(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- first-day:begin -->")
	block, _, ok2 := strings.Cut(block, "<!-- first-day:end -->")
	if !ok || !ok2 {
		t.Fatal("the README has no first-day block")
	}
	work := t.TempDir()
	copyDir(t, "../../data/importer/testdata/rosters/enrollments-1p2", filepath.Join(work, "roster"))
	copyDir(t, "testdata/firstday", work)
	data := t.TempDir()
	t.Chdir(work)
	var commands [][]string
	for _, line := range strings.Split(block, "\n") {
		if strings.HasPrefix(line, "tierline ") {
			commands = append(commands, shellWords(t, strings.TrimPrefix(line, "tierline ")))
		}
	}
	if len(commands) < 8 {
		t.Fatalf("only %d commands in the README's first day", len(commands))
	}
	var last string
	for _, args := range commands {
		code, stdout, stderr := tierline(t, append(args, "--data", data)...)
		if code != 0 {
			t.Fatalf("tierline %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
		}
		last = stdout
	}
	// The first review list: Leo's plan, flat for eight weeks, needs a change.
	if !strings.Contains(last, "Tier review, 23 Nov 2026: 1 plans") || !strings.Contains(last, "Leo García (leo.garcia)") ||
		!strings.Contains(last, "Intensify or change the intervention") {
		t.Errorf("the review list:\n%s", last)
	}
}

// shellWords splits a command line as sh does for the README's lines:
// spaces between words, double quotes around words with spaces.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var word strings.Builder
	inQuote, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case r == ' ' && !inQuote:
			if inWord {
				words = append(words, word.String())
				word.Reset()
			}
			inWord = false
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quotes in %q", line)
	}
	if inWord {
		words = append(words, word.String())
	}
	return words
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

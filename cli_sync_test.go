package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tierline/tierline/sync"
)

func TestSummaryCommand(t *testing.T) {
	dir := demoDir(t)
	code, stdout, stderr := tierline(t, "summary", "--window", "fall", "--data", dir)
	if code != 0 {
		t.Fatalf("summary: exit %d: %s", code, stderr)
	}
	s, err := sync.Decode(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("the printed summary fails the hub's checks: %v", err)
	}
	if s.Window != "fall" || len(s.Progress) == 0 {
		t.Errorf("summary: window %q, %d progress cells", s.Window, len(s.Progress))
	}
	// Same store, same day: the same bytes.
	_, again, _ := tierline(t, "summary", "--window", "fall", "--data", dir)
	if !bytes.Equal([]byte(stdout), []byte(again)) {
		t.Error("two runs printed different summaries")
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"summary", "--window", "summer"}, "summer"},
		{[]string{"summary", "--window", "spring"}, "has not started yet"},
		{[]string{"summary", "--window", "fall", "--year", "1999"}, "1999"},
	} {
		code, _, stderr := tierline(t, append(tc.args, "--data", dir)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want an error naming %q", tc.args, code, stderr, tc.want)
		}
	}
}

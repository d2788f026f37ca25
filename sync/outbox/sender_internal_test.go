package outbox

import (
	"net/http"
	"testing"
	"time"
)

func TestBackoffIsFullJitterUnderTheCap(t *testing.T) {
	s := &Sender{Base: time.Second, Cap: 5 * time.Minute}
	for n := range 40 {
		ceiling := min(s.Cap, s.Base<<min(n, 20))
		sawLow := false
		for range 200 {
			d := s.backoff(n)
			if d < 0 || d > ceiling {
				t.Fatalf("retry %d waits %v, outside [0, %v]", n, d, ceiling)
			}
			sawLow = sawLow || d < ceiling/2
		}
		if !sawLow {
			t.Fatalf("retry %d never waited under half its ceiling: not full jitter", n)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {" 120 ", 2 * time.Minute}, {"-3", 0}, {"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	} {
		if got := retryAfter(tc.header, now); got != tc.want {
			t.Errorf("Retry-After %q: %v, want %v", tc.header, got, tc.want)
		}
	}
}

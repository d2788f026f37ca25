package hub

import (
	"fmt"
	"testing"
	"time"
)

// TestTheLimiterEvictsTheOldestNotEveryone reproduces issue 22 item 8's
// third hole: past 100,000 keys the limiter emptied its whole table, so
// whoever could make up addresses handed every limited one a fresh start.
func TestTheLimiterEvictsTheOldestNotEveryone(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	l := newLimiter(0.2, 10)
	for i := range 99_999 {
		l.take(fmt.Sprint("idle-", i), now)
	}
	for range 10 {
		l.take("guesser", now)
	}
	if l.take("guesser", now) == 0 {
		t.Fatal("the guesser was not limited after its burst")
	}
	for i := range 10 {
		l.take(fmt.Sprint("new-", i), now) // a flood of made-up keys
	}
	if l.take("guesser", now) == 0 {
		t.Fatal("a flood of new keys reset the guesser's limit")
	}
	if n := len(l.keys.items); n > maxKeys {
		t.Fatalf("%d keys kept, more than %d", n, maxKeys)
	}
	if _, kept := l.keys.items["idle-0"]; kept {
		t.Fatal("the oldest entry was not the one evicted")
	}
	if _, kept := l.keys.items["idle-99998"]; !kept {
		t.Fatal("a recent entry was evicted")
	}
}

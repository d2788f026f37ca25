package hub

import (
	"container/list"
	"sync"
	"time"
)

// maxKeys bounds each limiter's table, whatever the keys an attacker
// makes up (addresses, names).
const maxKeys = 100_000

// recent is a table bounded by evicting the entry used longest ago: a
// flood of new keys pushes out idle entries, never the whole table (which
// would hand every limited key a fresh start).
type recent[V any] struct {
	max   int
	order *list.List // front: used last
	items map[string]*list.Element
}

type entry[V any] struct {
	key   string
	value V
}

func newRecent[V any](max int) *recent[V] {
	return &recent[V]{max: max, order: list.New(), items: map[string]*list.Element{}}
}

// get returns key's value, made by fresh when absent, and marks it used.
func (t *recent[V]) get(key string, fresh func() V) *V {
	if e, ok := t.items[key]; ok {
		t.order.MoveToFront(e)
		return &e.Value.(*entry[V]).value
	}
	for len(t.items) >= t.max {
		oldest := t.order.Back()
		t.order.Remove(oldest)
		delete(t.items, oldest.Value.(*entry[V]).key)
	}
	e := t.order.PushFront(&entry[V]{key: key, value: fresh()})
	t.items[key] = e
	return &e.Value.(*entry[V]).value
}

func (t *recent[V]) remove(key string) {
	if e, ok := t.items[key]; ok {
		t.order.Remove(e)
		delete(t.items, key)
	}
}

// limiter is a token bucket per key.
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	mu    sync.Mutex
	keys  *recent[bucket]
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), keys: newRecent[bucket](maxKeys)}
}

// take spends a token of key, or returns how long until one is due.
func (l *limiter) take(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.keys.get(key, func() bucket { return bucket{tokens: l.burst, last: now} })
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// backoff slows the guessing of one account's password from anywhere:
// after freeFailures failures in a row, each next attempt waits twice as
// long as the one before (up to maxBackoff) after the last failure. Other
// accounts are untouched, and a success starts the account afresh.
type backoff struct {
	mu       sync.Mutex
	accounts *recent[failures]
}

type failures struct {
	count int
	last  time.Time
}

const (
	freeFailures = 5
	maxBackoff   = 15 * time.Minute
)

func newBackoff() *backoff { return &backoff{accounts: newRecent[failures](maxKeys)} }

// wait is how long until the account may be tried again (0: now).
func (b *backoff) wait(account string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	f, ok := b.accounts.items[account]
	if !ok {
		return 0
	}
	fl := f.Value.(*entry[failures]).value
	if fl.count < freeFailures {
		return 0
	}
	delay := maxBackoff
	if n := fl.count - freeFailures; n < 20 {
		delay = min(maxBackoff, time.Second<<n)
	}
	return max(0, fl.last.Add(delay).Sub(now))
}

func (b *backoff) failed(account string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f := b.accounts.get(account, func() failures { return failures{} })
	f.count++
	f.last = now
}

func (b *backoff) succeeded(account string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.accounts.remove(account)
}

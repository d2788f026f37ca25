package folder_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/team/folder"
)

// TestSyncerRunsInTheBackground: the loop syncs on start and shortly after a write, and a write
// on one laptop reaches the other through the loops alone; each outcome says where sync stands.
func TestSyncerRunsInTheBackground(t *testing.T) {
	dir, a, b, _ := team(t)
	today := data.DateOf(time.Now())
	outcomes := make(chan folder.Outcome, 100)
	ya, yb := folder.NewSyncer(a, nil), folder.NewSyncer(b, nil)
	for _, y := range []*folder.Syncer{ya, yb} {
		y.Every, y.AfterWrite = time.Hour, time.Millisecond
	}
	yb.OnSynced = func(o folder.Outcome) { outcomes <- o }
	if got := ya.Peek().Line(today); got == "" || !strings.Contains(got, "waiting for the team folder") {
		t.Fatalf("before a's first sync: %q", got)
	}
	ya.Once()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); yb.Run(ctx) }()
	defer func() { stop(); <-done }()
	wait := func(what string, ok func(folder.Outcome) bool) folder.Outcome {
		t.Helper()
		deadline := time.After(time.Minute)
		for {
			select {
			case o := <-outcomes:
				if ok(o) {
					return o
				}
			case <-deadline:
				t.Fatalf("no background sync %s", what)
			}
		}
	}
	o := wait("on start", func(o folder.Outcome) bool { return o.Report.Applied.New > 0 })
	if got := o.Line(today); !strings.HasPrefix(got, "Team: synced ") {
		t.Fatalf("after b's first sync: %q", got)
	}

	students, err := b.Students()
	must(t, err)
	st := students[0]
	st.GivenName = "Written on b"
	must(t, b.SaveStudent(&st))
	yb.Written()
	wait("after a write", func(o folder.Outcome) bool { return o.Report.Published > 0 })
	ya.Once()
	got, err := a.Student(st.ID)
	must(t, err)
	if got.GivenName != "Written on b" {
		t.Fatalf("a has %q", got.GivenName)
	}

	// The folder goes away (the network drive is not connected): the outcome says so.
	must(t, os.Rename(dir, dir+"-away"))
	if got := ya.Once().Line(today); got != "Team folder not reachable: "+dir {
		t.Fatalf("folder gone: %q", got)
	}
	must(t, os.Rename(dir+"-away", dir))
	if got := ya.Once().Line(today); !strings.HasPrefix(got, "Team: synced ") {
		t.Fatalf("folder back: %q", got)
	}
}

// TestSyncerWithoutTeam: a store in no team syncs nothing and says nothing.
func TestSyncerWithoutTeam(t *testing.T) {
	o := folder.NewSyncer(open(t), nil).Once()
	if o.InTeam || o.Err != nil || o.Line(data.DateOf(time.Now())) != "" {
		t.Fatalf("%+v", o)
	}
}

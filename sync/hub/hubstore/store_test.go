package hubstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/summary"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubstore/storetest"
)

func TestBoltStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		path := filepath.Join(t.TempDir(), "hub.db")
		return storetest.Backend{Open: func(t *testing.T) hubstore.Store {
			st, err := hubstore.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}}
	})
}

// A store of schema 1 kept each current summary whole; opened by this
// hub, its summaries become cells and the bodies go.
func TestASchemaOneStoreMovesToCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.db")
	st, err := hubstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enroll("0123", "Oak Street Elementary", time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		t.Fatal(err)
	}
	year, _ := snap.Settings.YearByLabel("2025")
	sum, err := summary.Build(snap, year, data.Fall, data.NewDate(2026, 11, 23))
	if err != nil {
		t.Fatal(err)
	}
	body, err := sum.JSON()
	if err != nil {
		t.Fatal(err)
	}
	hubstore.WriteSchemaOne(t, path, hubstore.Current{School: sum.School, ID: "first", Sequence: 3, Received: time.Now(), Body: body}, sum.Year, sum.Window)

	st, err = hubstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want := hubstore.CellsOf(sum, 3)
	var got []hubstore.Cell
	if err := st.Cells(context.Background(), func(c hubstore.Cell) error { got = append(got, c); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) == 0 || got[0].ID != "first" || got[0].Sequence != 3 || got[0].Key != want[0].Key {
		t.Fatalf("after moving: %d cells (first %+v), want %d (first %+v)", len(got), got[0], len(want), want[0])
	}
	if ws, err := st.Windows(""); err != nil || len(ws) != 1 || ws[0].Version == 0 {
		t.Errorf("windows after moving: %+v, %v", ws, err)
	}
}

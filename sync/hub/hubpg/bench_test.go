package hubpg_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/demo"
	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/summary"
)

// benchSchools × 3 windows of the demo school's summary are what the
// store benchmarks hold: the store's own work, without HTTP or decoding.
const benchSchools = 100

// benchStore is a database holding benchSchools schools' three windows,
// the submissions to give it and its address.
func benchStore(b *testing.B) (st *hubpg.Store, subs []hubstore.Submission, url string) {
	b.Helper()
	snap, err := demo.School(demo.Options{Today: data.NewDate(2026, 11, 23), Size: demo.Small})
	if err != nil {
		b.Fatal(err)
	}
	year, _ := snap.Settings.YearByLabel("2025")
	url = pgtest.Database(b)
	st, err = hubpg.Open(url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var sums []summary.Summary
	for _, window := range []data.WindowName{data.Fall, data.Winter, data.Spring} {
		sum, err := summary.Build(snap, year, window, data.NewDate(2026, 11, 23))
		if err != nil {
			b.Fatal(err)
		}
		sums = append(sums, sum)
	}
	for i := range benchSchools {
		code := fmt.Sprintf("B%03d", i)
		if _, err := st.Enroll(code, "School "+code, time.Now()); err != nil {
			b.Fatal(err)
		}
		for w, sum := range sums {
			sum.School = code
			body, err := sum.JSON()
			if err != nil {
				b.Fatal(err)
			}
			seq := uint64(w + 1)
			subs = append(subs, hubstore.Submission{School: code, ID: uuid.NewString(), Sequence: seq, Year: sum.Year, Window: sum.Window,
				Body: body, Cells: hubstore.CellsOf(sum, seq), Received: time.Now()})
		}
	}
	return st, subs, url
}

// BenchmarkPostgresSubmit stores benchSchools × 3 summaries from 12
// goroutines, as the hub's handlers do.
func BenchmarkPostgresSubmit(b *testing.B) {
	st, subs, _ := benchStore(b)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		jobs := make(chan hubstore.Submission)
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				for sub := range jobs {
					if _, created, err := st.Submit(sub); err != nil || !created {
						b.Errorf("submit: created %v, %v", created, err)
					}
				}
			})
		}
		for _, sub := range subs {
			// A new id and sequence each round: each is a new summary.
			sub.ID, sub.Sequence = uuid.NewString(), sub.Sequence+uint64(3*i)
			jobs <- sub
		}
		close(jobs)
		wg.Wait()
	}
	b.ReportMetric(float64(b.N*len(subs))/time.Since(start).Seconds(), "summaries/s")
}

// BenchmarkPostgresCells reads every current cell, as the export does.
func BenchmarkPostgresCells(b *testing.B) {
	st, subs, _ := benchStore(b)
	for _, sub := range subs {
		if _, _, err := st.Submit(sub); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	cells := 0
	for range b.N {
		if err := st.Cells(context.Background(), func(hubstore.Cell) error { cells++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cells)/time.Since(start).Seconds(), "cells/s")
}

// BenchmarkPostgresTotals rolls up one window of every school, as a
// district page does when the window changed.
func BenchmarkPostgresTotals(b *testing.B) {
	st, subs, _ := benchStore(b)
	for _, sub := range subs {
		if _, _, err := st.Submit(sub); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := st.Totals(subs[0].Year, subs[0].Window, ""); err != nil {
			b.Fatal(err)
		}
	}
}

package main

import (
	"os"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

func groupCharts(s *store.Store, today data.Date) {
	settings, _ := s.Settings()
	m, _ := s.MeasureByName("ORF")
	students, scores, _ := s.GroupData(m.ID)
	windows := data.StartedWindows(settings, today)
	for _, dim := range []data.Dimension{data.DimRace, data.DimEL, data.DimGrade} {
		tables := data.GroupSeries(data.GroupInput{Students: students, Scores: scores, Measure: m, Dimensions: []data.Dimension{dim}, ByGrade: false}, windows)
		in := charts.GroupsInput{Measure: m, Dimension: dim, Tables: tables, K: 10}
		ch, err := charts.Groups(in, charts.Default)
		must(err)
		b, err := ch.Encode(charts.PNG)
		must(err)
		os.WriteFile("/tmp/groups-"+string(dim)+".png", b, 0o644)
		ch, err = charts.Gaps(in, charts.Default)
		must(err)
		b, err = ch.Encode(charts.PNG)
		must(err)
		os.WriteFile("/tmp/gaps-"+string(dim)+".png", b, 0o644)
		snap, _ := s.Snapshot()
		cells := data.TierPlacement(data.TierInput{Students: snap.Students, TierChanges: snap.TierChanges, On: today, Dimensions: []data.Dimension{dim}, K: 10})
		ch, err = charts.Tiers(charts.TiersInput{Dimension: dim, Cells: cells, On: today, K: 10}, charts.Default)
		must(err)
		b, err = ch.Encode(charts.PNG)
		must(err)
		os.WriteFile("/tmp/tiers-"+string(dim)+".png", b, 0o644)
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

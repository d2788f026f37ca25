package main

import (
	"fmt"
	"os"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/store"
)

func main() {
	s, err := store.Open("/tmp/tld/tierline.db")
	if err != nil {
		panic(err)
	}
	defer s.Close()
	today := data.NewDate(2026, 11, 23)
	ivs, _ := s.Interventions()
	names := map[data.ID]string{}
	for _, iv := range ivs {
		names[iv.ID] = iv.Name
	}
	groupCharts(s, today)
	for _, lid := range os.Args[1:] {
		st, err := s.StudentByLocalID(lid)
		if err != nil {
			panic(err)
		}
		m, _ := s.MeasureByName("ORF")
		in, _ := s.StudentInput(st.ID, m, today)
		sp := data.AnalyzeStudent(in)
		var pn []string
		if sp.Plan != nil {
			for _, ph := range sp.Plan.Phases {
				pn = append(pn, names[ph.Intervention])
			}
		}
		ch, err := charts.Student(charts.StudentInput{Progress: sp, Settings: in.Settings, AsOf: today, PhaseNames: pn}, charts.Default)
		if err != nil {
			panic(err)
		}
		b, err := ch.Encode(charts.PNG)
		if err != nil {
			panic(err)
		}
		os.WriteFile("/tmp/chart-"+lid+".png", b, 0o644)
		fmt.Println("wrote", lid, len(b))
	}
}

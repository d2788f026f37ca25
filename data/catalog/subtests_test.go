package catalog

import (
	"testing"

	"github.com/tierline/tierline/data"
)

// Figures of the subtests as the sources print them, each read off a range
// ("green 50-67" gives the goal 50, "yellow 41-49" the well-below cut 41).
func TestSubtestFiguresAsPublished(t *testing.T) {
	cases := []struct {
		code               string
		grade              data.Grade
		window             data.WindowName
		benchmark, wellBel float64
	}{
		{DIBELS8PSF, "KG", data.Fall, 5, 1},
		{DIBELS8PSF, "01", data.Spring, 45, 37},
		{DIBELS8NWFCLS, "02", data.Winter, 68, 54},
		{DIBELS8NWFCLS, "03", data.Spring, 105, 80},
		{DIBELS8NWFWRC, "KG", data.Spring, 7, 4},
		{DIBELS8NWFWRC, "03", data.Fall, 24, 18},
		{DIBELS8WRF, "01", data.Fall, 12, 8},
		{DIBELS8WRF, "03", data.Spring, 55, 47},
		{AcadienceFSF, "KG", data.Winter, 30, 20},
		{AcadiencePSF, "01", data.Fall, 40, 25},
		{AcadienceNWFCLS, "01", data.Spring, 58, 47},
		{AcadienceRetell, "03", data.Winter, 26, 18},
		{AcadienceMaze, "03", data.Spring, 19, 14},
		{AcadienceReading, "KG", data.Fall, 26, 13},
		{AcadienceReading, "03", data.Spring, 330, 280},
	}
	for _, c := range cases {
		cut, ok := mustLookup(t, c.code).Measure().Cut(c.grade, c.window)
		if !ok || cut.Benchmark != c.benchmark || cut.WellBelow != c.wellBel {
			t.Errorf("%s %s %s = %+v, %v; want %v/%v", c.code, c.grade, c.window, cut, ok, c.benchmark, c.wellBel)
		}
	}
	// Windows the sources leave blank stay blank.
	for _, c := range []struct {
		code   string
		grade  data.Grade
		window data.WindowName
	}{{DIBELS8NWFWRC, "KG", data.Fall}, {DIBELS8WRF, "KG", data.Fall}, {AcadienceFSF, "KG", data.Spring}, {AcadiencePSF, "01", data.Winter}} {
		if _, ok := mustLookup(t, c.code).Measure().Cut(c.grade, c.window); ok {
			t.Errorf("%s %s %s has a cut the source does not give", c.code, c.grade, c.window)
		}
	}
}

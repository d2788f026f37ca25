package demo

import (
	"math"

	"github.com/tierline/tierline/data"
)

// Measure names of the demo school; the CLI's --measure takes them.
const (
	ORF  = "ORF"
	PSF  = "PSF"
	Math = "Math Computation"
)

// orfCuts are the oral reading fluency benchmarks (fall, winter, spring) in
// words correct per minute: grades 1-5 from the Hasbrouck & Tindal 2017
// 50th percentiles, grades 6-8 in line with them. Grade 1 fall has none.
var orfCuts = map[data.Grade][3]float64{
	"01": {0, 29, 60},
	"02": {50, 84, 100},
	"03": {83, 97, 112},
	"04": {94, 120, 133},
	"05": {121, 133, 146},
	"06": {132, 140, 150},
	"07": {128, 136, 148},
	"08": {133, 140, 151},
}

var orfROI = map[data.Grade]float64{"01": 1.9, "02": 1.6, "03": 0.9, "04": 1.2, "05": 0.8, "06": 0.7, "07": 0.6, "08": 0.6}

// psfCuts: phoneme segmentation for kindergarten and grade 1 fall, before
// children read connected text.
var psfCuts = map[data.Grade][3]float64{
	"KG": {10, 25, 40},
	"01": {40, 0, 0},
}

var psfROI = map[data.Grade]float64{"KG": 1.0, "01": 0.6}

// mathCuts: digits correct on a two-minute computation probe.
var mathCuts = map[data.Grade][3]float64{
	"01": {6, 12, 18},
	"02": {14, 20, 26},
	"03": {20, 27, 34},
	"04": {26, 33, 40},
	"05": {30, 37, 44},
	"06": {34, 40, 46},
	"07": {36, 42, 48},
	"08": {38, 44, 50},
}

var mathROI = map[data.Grade]float64{"01": 0.4, "02": 0.4, "03": 0.45, "04": 0.45, "05": 0.4, "06": 0.35, "07": 0.35, "08": 0.3}

func measure(name, code string, area data.Area, unit string, maxScore float64, cuts map[data.Grade][3]float64, roi map[data.Grade]float64, topGrade data.Grade) data.Measure {
	m := data.Measure{Name: name, Code: code, Area: area, Unit: unit, MaxScore: maxScore, TypicalROI: map[data.Grade]float64{}}
	for _, g := range data.Grades[:topGrade.Index()+1] {
		row, ok := cuts[g]
		if !ok {
			continue
		}
		for w, bench := range row {
			if bench == 0 {
				continue
			}
			// Well-below cuts sit at about 70% of the benchmark.
			m.Cuts = append(m.Cuts, data.Cut{Grade: g, Window: data.WindowNames[w], Benchmark: bench, WellBelow: math.Round(bench * 0.7)})
		}
		if r, ok := roi[g]; ok {
			m.TypicalROI[g] = r
		}
	}
	return m
}

func measures(topGrade data.Grade) []data.Measure {
	return []data.Measure{
		measure(ORF, "dibels8-orf", data.Reading, "wcpm", 300, orfCuts, orfROI, topGrade),
		measure(PSF, "dibels8-psf", data.Reading, "segments", 100, psfCuts, psfROI, topGrade),
		measure(Math, "acadience-math-comp", data.Math, "digits correct", 150, mathCuts, mathROI, topGrade),
	}
}

func interventions() []data.Intervention {
	return []data.Intervention{
		{Name: "Repeated reading (fluency)", Area: data.Reading, Tier: 2, SessionsPerWeek: 3, MinutesPerSession: 30,
			Description: "Small-group repeated reading with a fluency model and corrective feedback."},
		{Name: "Explicit phonics group", Area: data.Reading, Tier: 2, SessionsPerWeek: 4, MinutesPerSession: 30,
			Description: "Systematic decoding instruction for readers who are accurate but slow, or inaccurate."},
		{Name: "Intensive decoding", Area: data.Reading, Tier: 3, SessionsPerWeek: 5, MinutesPerSession: 45,
			Description: "Daily one-to-three instruction in decoding and connected text."},
		{Name: "Phonemic awareness", Area: data.Reading, Tier: 2, SessionsPerWeek: 4, MinutesPerSession: 20,
			Description: "Oral blending and segmenting for kindergarten and early grade 1."},
		{Name: "Math facts fluency", Area: data.Math, Tier: 2, SessionsPerWeek: 3, MinutesPerSession: 25,
			Description: "Timed practice and strategy instruction for computation fluency."},
		{Name: "Intensive number sense", Area: data.Math, Tier: 3, SessionsPerWeek: 5, MinutesPerSession: 40,
			Description: "Daily concrete-representational-abstract instruction in number and operations."},
	}
}

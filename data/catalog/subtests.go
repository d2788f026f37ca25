package catalog

import "github.com/tierline/tierline/data"

// The early-literacy subtests of DIBELS 8 and Acadience Reading, beside
// their ORF entries in catalog.go. Each figure was read in the source the
// entry names; a window the source leaves blank ("--", "Not Administered",
// "No Benchmarks") or one with no cut for risk is left out.
//
// MaxScore is not a published figure: it is the bound Tierline sets on a
// score against typing errors, well above any benchmark.

// The subtests' catalog codes (among data.MeasureCodes).
const (
	DIBELS8PSF       = "dibels8-psf"
	DIBELS8NWFCLS    = "dibels8-nwf-cls"
	DIBELS8NWFWRC    = "dibels8-nwf-wrc"
	DIBELS8WRF       = "dibels8-wrf"
	AcadienceFSF     = "acadience-fsf"
	AcadiencePSF     = "acadience-psf"
	AcadienceNWFCLS  = "acadience-nwf-cls"
	AcadienceRetell  = "acadience-retell"
	AcadienceMaze    = "acadience-maze"
	AcadienceReading = "acadience-reading-composite"
)

// dibels8Source is the table every DIBELS 8 entry was read from.
const dibels8Source = "University of Oregon (2020). DIBELS 8th Edition Benchmark Goals, updated July 2020, " +
	"page 1 (kindergarten to third grade). https://dibels.uoregon.edu"

const dibels8CutsMean = "Benchmark is the benchmark goal, the lowest score of the green range (core support, minimal risk); " +
	"the well-below cut is the lowest score of the yellow range (strategic support); a score under it is in the red range (intensive support)"

// dibels8Subtest is a DIBELS 8 entry of the July 2020 table.
func dibels8Subtest(code, name, unit string, maxScore float64, rows map[data.Grade][3][2]float64, omitted string) Entry {
	return Entry{Code: code, Name: name, Publisher: "University of Oregon Center on Teaching and Learning",
		Area: data.Reading, Unit: unit, MaxScore: maxScore, Year: 2020, Source: dibels8Source, CutsMean: dibels8CutsMean,
		Cuts: cuts(rows), Omitted: omitted}
}

func dibels8PSF() Entry {
	return dibels8Subtest(DIBELS8PSF, "DIBELS 8 PSF", "phonemes", 200, map[data.Grade][3][2]float64{
		"KG": {{5, 1}, {29, 23}, {44, 37}},
		"01": {{31, 19}, {43, 34}, {45, 37}},
	}, "grades 2 and up: PSF is given in kindergarten and first grade only")
}

func dibels8NWFCLS() Entry {
	return dibels8Subtest(DIBELS8NWFCLS, "DIBELS 8 NWF-CLS", "correct letter sounds", 400, map[data.Grade][3][2]float64{
		"KG": {{9, 4}, {25, 16}, {31, 24}},
		"01": {{30, 25}, {52, 41}, {55, 45}},
		"02": {{50, 41}, {68, 54}, {76, 54}},
		"03": {{76, 52}, {94, 78}, {105, 80}},
	}, "")
}

func dibels8NWFWRC() Entry {
	return dibels8Subtest(DIBELS8NWFWRC, "DIBELS 8 NWF-WRC", "words recoded correctly", 200, map[data.Grade][3][2]float64{
		"KG": {{}, {3, 1}, {7, 4}},
		"01": {{5, 1}, {14, 10}, {15, 11}},
		"02": {{15, 10}, {20, 15}, {22, 17}},
		"03": {{24, 18}, {30, 23}, {31, 24}},
	}, "kindergarten beginning of year: the table gives a goal (1) but no yellow range under it")
}

func dibels8WRF() Entry {
	return dibels8Subtest(DIBELS8WRF, "DIBELS 8 WRF", "words correct", 200, map[data.Grade][3][2]float64{
		"KG": {{}, {4, 1}, {10, 6}},
		"01": {{12, 8}, {17, 14}, {25, 17}},
		"02": {{26, 18}, {36, 23}, {43, 27}},
		"03": {{40, 30}, {50, 40}, {55, 47}},
	}, "kindergarten beginning of year: the table gives a goal (1) but no yellow range under it")
}

// acadienceSource is where the Acadience subtests were read: the publisher's
// goals as a district prints them (the same document as the ORF entry).
const acadienceSource = "Acadience Learning, Acadience Reading K–6 Benchmark Goals and Cut Points for Risk, " +
	"as published in Canyons School District Elementary Screening Targets 2019-20 (kindergarten to third grade) and 2022-23 (first grade). " +
	"https://acadiencelearning.org"

const acadienceCutsMean = "Benchmark is the lowest score of At Benchmark (the benchmark goal); the well-below cut is the cut point for risk, " +
	"the lowest score of Below Benchmark (a score under it is Well Below Benchmark)"

func acadienceSubtest(code, name, unit string, maxScore float64, rows map[data.Grade][3][2]float64, omitted string) Entry {
	return Entry{Code: code, Name: name, Publisher: "Acadience Learning", Area: data.Reading, Unit: unit, MaxScore: maxScore,
		Year: 2019, Source: acadienceSource, CutsMean: acadienceCutsMean, Cuts: cuts(rows), Omitted: omitted}
}

func acadienceFSF() Entry {
	return acadienceSubtest(AcadienceFSF, "Acadience FSF", "points", 100, map[data.Grade][3][2]float64{
		"KG": {{10, 5}, {30, 20}, {}},
	}, "kindergarten end of year: FSF is not given then")
}

func acadiencePSF() Entry {
	return acadienceSubtest(AcadiencePSF, "Acadience PSF", "phonemes", 200, map[data.Grade][3][2]float64{
		"KG": {{}, {20, 10}, {40, 25}},
		"01": {{40, 25}, {}, {}},
	}, "the windows PSF is not given in (kindergarten beginning, first grade middle and end)")
}

func acadienceNWFCLS() Entry {
	return acadienceSubtest(AcadienceNWFCLS, "Acadience NWF-CLS", "correct letter sounds", 400, map[data.Grade][3][2]float64{
		"KG": {{}, {17, 8}, {28, 15}},
		"01": {{27, 18}, {43, 33}, {58, 47}},
		"02": {{54, 35}, {}, {}},
	}, "NWF whole words read (NWF-WWR): the printed table could not be read cell by cell")
}

func acadienceRetell() Entry {
	return acadienceSubtest(AcadienceRetell, "Acadience Retell", "words", 200, map[data.Grade][3][2]float64{
		"02": {{16, 8}, {21, 13}, {27, 18}},
		"03": {{20, 10}, {26, 18}, {30, 20}},
	}, "first grade end of year (no cut for risk in the table) and grades 4 to 6 (not checked here)")
}

func acadienceMaze() Entry {
	return acadienceSubtest(AcadienceMaze, "Acadience Maze", "adjusted score", 100, map[data.Grade][3][2]float64{
		"03": {{8, 5}, {11, 7}, {19, 14}},
	}, "grades 4 to 6: published by Acadience Learning but not checked here")
}

func acadienceReadingComposite() Entry {
	return acadienceSubtest(AcadienceReading, "Acadience Reading Composite", "composite score", 1000, map[data.Grade][3][2]float64{
		"KG": {{26, 13}, {122, 85}, {119, 89}},
		"01": {{113, 97}, {130, 100}, {155, 111}},
		"02": {{141, 109}, {190, 145}, {238, 180}},
		"03": {{220, 180}, {285, 235}, {330, 280}},
	}, "grades 4 to 6: published by Acadience Learning but not checked here")
}

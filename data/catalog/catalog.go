// Package catalog holds published benchmark goals a school can start with
// instead of typing cut scores: each entry is one measure with its cuts by
// grade and screening window, where they come from and which year.
//
// Only figures read in the published tables are entered; a grade or window
// the source does not give, or that could not be checked, is left out (the
// entry's Omitted says which), never filled in by estimate.
//
// An entry's Code is how summaries name the measure to the district (the
// measure keeps it in data.Measure.Code), so that two schools screening
// with the same published measure are comparable whatever they call it.
package catalog

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tierline/tierline/data"
)

// The catalog codes. They are stable: summaries already sent carry them.
const (
	DIBELS8ORF   = "dibels8-orf"
	AcadienceORF = "acadience-orf"
	HT2017ORF    = "hasbrouck-tindal-2017-orf"
)

// Entry is one published measure.
type Entry struct {
	Code      string
	Name      string // the measure's name when a school adds it
	Publisher string
	Area      data.Area
	Unit      string
	MaxScore  float64
	Cuts      []data.Cut
	// TypicalROI is the published typical weekly growth, where the source gives one.
	TypicalROI map[data.Grade]float64
	Year       int    // the year of the published table
	Source     string // the document the figures were read from
	CutsMean   string // what Benchmark and WellBelow are in the source's terms
	Omitted    string // what the source has, or may have, that is not entered, and why
}

// Measure returns the entry as a measure for a school to store.
func (e Entry) Measure() data.Measure {
	m := data.Measure{Name: e.Name, Area: e.Area, Unit: e.Unit, MaxScore: e.MaxScore, Code: e.Code,
		Cuts: append([]data.Cut(nil), e.Cuts...)}
	if len(e.TypicalROI) > 0 {
		m.TypicalROI = map[data.Grade]float64{}
		for g, r := range e.TypicalROI {
			m.TypicalROI[g] = r
		}
	}
	return m
}

// All returns every entry, ordered by code.
func All() []Entry {
	out := []Entry{dibels8ORF(), acadienceORF(), ht2017ORF(),
		dibels8PSF(), dibels8NWFCLS(), dibels8NWFWRC(), dibels8WRF(),
		acadienceFSF(), acadiencePSF(), acadienceNWFCLS(), acadienceRetell(), acadienceMaze(), acadienceReadingComposite()}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Lookup finds an entry by its code (any case); a wrong code's error lists
// the codes there are.
func Lookup(code string) (Entry, error) {
	for _, e := range All() {
		if strings.EqualFold(e.Code, strings.TrimSpace(code)) {
			return e, nil
		}
	}
	return Entry{}, data.Errorf(data.ENOTFOUND, "%s is not in the measure catalog (the codes are: %s)", data.Clip(code), strings.Join(Codes(), ", "))
}

// Codes lists the catalog's codes in order.
func Codes() []string {
	var out []string
	for _, e := range All() {
		out = append(out, e.Code)
	}
	return out
}

// cuts builds the cut table from rows of grade → (benchmark, well-below
// cut) for fall, winter and spring; a zero pair is a window the source has
// no goal for.
func cuts(rows map[data.Grade][3][2]float64) []data.Cut {
	var out []data.Cut
	for _, g := range data.Grades {
		row, ok := rows[g]
		if !ok {
			continue
		}
		for w, c := range row {
			if c == [2]float64{} {
				continue
			}
			out = append(out, data.Cut{Grade: g, Window: data.WindowNames[w], Benchmark: c[0], WellBelow: c[1]})
		}
	}
	return out
}

func dibels8ORF() Entry {
	return Entry{
		Code: DIBELS8ORF, Name: "DIBELS 8 ORF", Publisher: "University of Oregon Center on Teaching and Learning",
		Area: data.Reading, Unit: "words correct", MaxScore: 300, Year: 2020,
		Source: "University of Oregon (2020). DIBELS 8th Edition Benchmark Goals, updated July 2020. " +
			"Oral Reading Fluency (ORF) – Words Correct. https://dibels.uoregon.edu",
		CutsMean: "Benchmark is the lowest score of At Benchmark; the well-below cut is the lowest score of Below Benchmark " +
			"(a score under it is Well Below Benchmark)",
		// The ORF goals, grades 1 to 3, beginning, middle and end of year.
		Cuts: cuts(map[data.Grade][3][2]float64{
			"01": {{10, 5}, {21, 10}, {39, 26}},
			"02": {{49, 29}, {78, 59}, {94, 77}},
			"03": {{73, 55}, {105, 85}, {114, 96}},
		}),
		Omitted: "grades 4 to 8: the goals are published on the table's second page, which could not be checked here; " +
			"add them in Settings from the current table",
	}
}

func acadienceORF() Entry {
	return Entry{
		Code: AcadienceORF, Name: "Acadience ORF", Publisher: "Acadience Learning",
		Area: data.Reading, Unit: "words correct", MaxScore: 300, Year: 2019,
		Source: "Acadience Learning, Acadience Reading K–6 Benchmark Goals and Cut Points for Risk " +
			"(ORF Words Correct), as published in Canyons School District Elementary Screening Targets 2019-20 and 2022-23. " +
			"https://acadiencelearning.org",
		CutsMean: "Benchmark is the benchmark goal; the well-below cut is the cut point for risk (a score under it is Well Below Benchmark)",
		// Grade 1 has no ORF at the beginning of the year.
		Cuts: cuts(map[data.Grade][3][2]float64{
			"01": {{}, {23, 16}, {47, 32}},
			"02": {{52, 37}, {72, 55}, {87, 65}},
			"03": {{70, 55}, {86, 68}, {100, 80}},
		}),
		Omitted: "grades 4 to 6: published by Acadience Learning but not checked here; add them in Settings",
	}
}

func ht2017ORF() Entry {
	return Entry{
		Code: HT2017ORF, Name: "ORF (Hasbrouck & Tindal 2017)", Publisher: "Hasbrouck & Tindal",
		Area: data.Reading, Unit: "wcpm", MaxScore: 300, Year: 2017,
		Source: "Hasbrouck, J. & Tindal, G. (2017). An update to compiled ORF norms (Technical Report No. 1702). " +
			"Eugene, OR: Behavioral Research and Teaching, University of Oregon; table as published by Read Naturally, " +
			"https://www.readnaturally.com/article/hasbrouck-tindal-oral-reading-fluency-chart",
		CutsMean: "norms, not criterion goals: Benchmark is the 50th percentile and the well-below cut the 25th percentile " +
			"(Tierline's choice of percentiles; the source gives the 10th to 90th)",
		Cuts: cuts(map[data.Grade][3][2]float64{
			"01": {{}, {29, 16}, {60, 34}},
			"02": {{50, 36}, {84, 59}, {100, 72}},
			"03": {{83, 59}, {97, 79}, {112, 91}},
			"04": {{94, 75}, {120, 95}, {133, 105}},
			"05": {{121, 87}, {133, 109}, {146, 119}},
			"06": {{132, 112}, {145, 116}, {146, 122}},
		}),
		// The 50th percentile's average weekly improvement.
		TypicalROI: map[data.Grade]float64{"01": 1.9, "02": 1.6, "03": 0.9, "04": 1.2, "05": 0.8, "06": 0.3},
		Omitted:    "grades 7 and 8: the 2017 norms cover grades 1 to 6 (the 2006 norms, not entered, went to grade 8)",
	}
}

// Describe is one line about the entry, for lists.
func (e Entry) Describe() string {
	return fmt.Sprintf("%s: %s (%s, %d), grades %s", e.Code, e.Name, e.Publisher, e.Year, gradeRange(e.Measure().Grades()))
}

func gradeRange(gs []data.Grade) string {
	if len(gs) == 0 {
		return "none"
	}
	return gs[0].Short() + " to " + gs[len(gs)-1].Short()
}

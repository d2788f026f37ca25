package importer

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tierline/tierline/data"
)

// Layout is how one assessment vendor's export is laid out, so that a data
// person picks "FastBridge screening" instead of naming columns. A long
// layout has one score per row (Value, with the row's Date and Measure); a
// wide one has several per row, one per subtest and, when the column names
// say it, per window and grade ({window} and {grade} in Subtest columns).
type Layout struct {
	Name   string // what --layout takes: "fastbridge-screening"
	Title  string // what the Import screen shows: "FastBridge screening"
	Source string // where the column headers come from
	// Kind is the kind of the file's scores, unless a kind column or --kind
	// says otherwise; 0 means screening.
	Kind data.ScoreKind
	// Columns of a row, each a list of the names the vendor has used, in
	// order of preference.
	LocalID, Date, Value, Errors, KindColumn, Measure, Grade []string
	Subtests                                                 []Subtest                  // a wide layout's scores
	Windows                                                  map[string]data.WindowName // the words {window} stands for
}

// Subtest is one score of a wide layout's row.
type Subtest struct {
	Label               string // how --measure-map names it: "ORF"
	Value, Date, Errors string // column names; Date and Errors may be empty
}

// Wide reports whether the layout has several scores a row.
func (l Layout) Wide() bool { return len(l.Subtests) > 0 }

var (
	beginningMiddleEnd = map[string]data.WindowName{"beginning": data.Fall, "middle": data.Winter, "end": data.Spring}
	fallWinterSpring   = map[string]data.WindowName{"fall": data.Fall, "winter": data.Winter, "spring": data.Spring}
)

// Layouts are the named layouts, in the order the Import screen offers
// them. Their column headers are those of the vendors' exports as their
// documentation and public import tools give them (README, "Vendor files").
var Layouts = []Layout{
	{Name: "mclass-benchmark", Title: "mCLASS DIBELS 8 benchmark", Source: "Amplify mCLASS benchmark export",
		LocalID: []string{"Student Primary ID", "Student ID (District ID or School ID)"}, Date: []string{"Client Date"},
		Grade: []string{"Assessment Grade", "Enrollment Grade"}, Kind: data.Screening,
		Subtests: []Subtest{
			{Label: "Composite", Value: "Composite Score"},
			{Label: "LNF", Value: "Letter Names (LNF) - Score"},
			{Label: "PSF", Value: "Phonemic Awareness (PSF) - Score"},
			{Label: "NWF-CLS", Value: "Letter Sounds (NWF-CLS) - Score"},
			{Label: "NWF-WRC", Value: "Decoding (NWF-WRC) - Score"},
			{Label: "WRF", Value: "Word Reading (WRF) - Score"},
			{Label: "ORF", Value: "Reading Fluency (ORF) - Score"},
			{Label: "ORF-Accu", Value: "Reading Accuracy (ORF-Accu) - Score"},
			{Label: "Maze", Value: "Reading Comprehension (Maze) - Score"},
		}},
	{Name: "mclass-progress", Title: "mCLASS progress monitoring", Source: "Amplify mCLASS progress monitoring export",
		LocalID: []string{"Student Primary ID", "Primary ID - Student ID (District ID)"}, Date: []string{"Client Date"},
		Value: []string{"Score"}, Measure: []string{"Measure"}, Grade: []string{"Assessment Grade", "Enrollment Grade"}, Kind: data.Progress},
	{Name: "dibels-data-system", Title: "DIBELS Data System (UO) export", Source: "University of Oregon DIBELS Data System data export",
		LocalID: []string{"Student_ID"}, Kind: data.Screening, Windows: beginningMiddleEnd,
		Subtests: []Subtest{
			{Label: "LNF", Value: "LNF_{grade}_{window}", Date: "Date_LNF_{grade}_{window}"},
			{Label: "PSF", Value: "PSF_{grade}_{window}", Date: "Date_PSF_{grade}_{window}"},
			{Label: "NWF-CLS", Value: "NWF-CLS_{grade}_{window}", Date: "Date_NWF_{grade}_{window}"},
			{Label: "NWF-WRC", Value: "NWF-WRC_{grade}_{window}", Date: "Date_NWF_{grade}_{window}"},
			{Label: "WRF", Value: "WRF_{grade}_{window}", Date: "Date_WRF_{grade}_{window}"},
			{Label: "ORF", Value: "ORF-WordsCorrect_{grade}_{window}", Date: "Date_ORF_{grade}_{window}", Errors: "ORF-Errors_{grade}_{window}"},
			{Label: "Maze", Value: "Maze-Adjusted_{grade}_{window}", Date: "Date_Maze_{grade}_{window}"},
			{Label: "Composite", Value: "Composite_{grade}_{window}", Date: "Date_Composite_{grade}_{window}"},
		}},
	{Name: "acadience-benchmark", Title: "Acadience Reading benchmark (Acadience Data Management)", Source: "Acadience Data Management benchmark export",
		LocalID: []string{"Student SIS ID", "Student Number", "Student Primary ID"}, Grade: []string{"Student Grade Level"}, Kind: data.Screening,
		Subtests: []Subtest{
			{Label: "ORF", Value: "OR WC Total Score", Date: "OR Date"},
			{Label: "Maze", Value: "Maze Total Adjusted Score", Date: "Maze Date"},
			{Label: "Composite", Value: "Composite Score", Date: "Composite Date"},
		}},
	{Name: "aimswebplus", Title: "aimswebPlus scores", Source: "Pearson aimswebPlus score export",
		LocalID: []string{"Studentuid", "StudentId"}, Date: []string{"AdministrationDate"}, Value: []string{"Score"},
		Measure: []string{"MeasureName"}, Grade: []string{"StudentGrade", "Grade"}},
	{Name: "fastbridge-screening", Title: "FastBridge screening", Source: "FastBridge (Illuminate) screening data export",
		LocalID: []string{"Local ID"}, Grade: []string{"Grade"}, Kind: data.Screening, Windows: fallWinterSpring,
		Subtests: []Subtest{
			{Label: "CBMR-English", Value: "{window} CBMR-English Median WRC", Date: "{window} CBMR-English Final Date", Errors: "{window} CBMR-English Median Error"},
			{Label: "earlyReading", Value: "{window} Early Reading English Composite Score", Date: "{window} Early Reading English Final Date"},
		}},
	{Name: "fastbridge-progress", Title: "FastBridge progress monitoring", Source: "FastBridge (Illuminate) progress monitoring export",
		LocalID: []string{"Student Id", "Local ID"}, Date: []string{"AssessmentDate"}, Value: []string{"Score"},
		Measure: []string{"Assessment"}, Grade: []string{"Grade"}, Kind: data.Progress},
	{Name: "iready-diagnostic", Title: "i-Ready Diagnostic results", Source: "Curriculum Associates i-Ready Diagnostic Results export",
		LocalID: []string{"Student ID"}, Date: []string{"Completion Date"}, Value: []string{"Overall Scale Score"},
		Measure: []string{"Subject"}, Grade: []string{"Student Grade"}, Kind: data.Screening},
	{Name: "map-growth", Title: "NWEA MAP Growth (Combined/Assessment Results)", Source: "NWEA MAP Growth Combined Data File (AssessmentResults)",
		LocalID: []string{"StudentID"}, Date: []string{"TestStartDate"}, Value: []string{"TestRITScore"},
		Measure: []string{"Subject", "MeasurementScale"}, Grade: []string{"Grade"}, Kind: data.Screening},
	{Name: "star", Title: "Renaissance Star assessments", Source: "Renaissance Star data export",
		LocalID: []string{"StudentLocalID", "Student Identifier"}, Date: []string{"AssessmentDate", "Activity Completed Date"},
		Value: []string{"ScaledScore", "Scaled Score"}, Measure: []string{"Activity Type"}, Grade: []string{"Grade", "Current Grade"}, Kind: data.Screening},
}

// LayoutByName finds a named layout; an unknown name lists the known ones.
func LayoutByName(name string) (Layout, error) {
	for _, l := range Layouts {
		if strings.EqualFold(l.Name, strings.TrimSpace(name)) {
			return l, nil
		}
	}
	names := make([]string, len(Layouts))
	for i, l := range Layouts {
		names[i] = l.Name
	}
	return Layout{}, data.Errorf(data.EINVALID, "%s is not a named layout (expected one of %s)", data.Clip(name), strings.Join(names, ", "))
}

// slot is where one score of a row is: a long file has one, a wide file one
// per subtest, window and grade its header holds.
type slot struct {
	label               string // the subtest, "" when the row's measure column names it
	value, date, errors int    // column indexes; -1 when absent
	window              data.WindowName
	grade               data.Grade
}

// gradePattern is what {grade} matches in a normalised header: K, KG, 1, 1st, 03.
const gradePattern = `(k|kg|\d{1,2}(?:st|nd|rd|th)?)`

// slots finds the subtests of a wide layout in the file's header.
func (l Layout) slots(t *table) []slot {
	var windows []string
	for w := range l.Windows {
		windows = append(windows, normalise(w))
	}
	sort.Strings(windows)
	var out []slot
	for _, st := range l.Subtests {
		re := templatePattern(normalise(st.Value), windows)
		keys := make([]string, 0, len(t.columns))
		for k := range t.columns {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(a, b int) bool { return t.columns[keys[a]] < t.columns[keys[b]] })
		for _, key := range keys {
			m := re.FindStringSubmatch(key)
			if m == nil {
				continue
			}
			s := slot{label: st.Label, value: t.columns[key], date: -1, errors: -1}
			var gradeWord, windowWord string
			for i, name := range re.SubexpNames() {
				switch name {
				case "grade":
					gradeWord = m[i]
				case "window":
					windowWord = m[i]
				}
			}
			if windowWord != "" {
				for w, name := range l.Windows {
					if normalise(w) == windowWord {
						s.window = name
					}
				}
			}
			if gradeWord != "" {
				g, err := data.ParseGrade(strings.TrimRight(gradeWord, "stndrh"))
				if err != nil {
					continue // "11th" of a K-8 export, say: not a column of this subtest
				}
				s.grade = g
			}
			fill := func(template string) int {
				if template == "" {
					return -1
				}
				name := strings.NewReplacer("{grade}", gradeWord, "{window}", windowWord).Replace(normalise(template))
				if i, ok := t.columns[name]; ok {
					return i
				}
				return -1
			}
			s.date, s.errors = fill(st.Date), fill(st.Errors)
			out = append(out, s)
		}
	}
	return out
}

// describe names a wide layout's columns for an error: the first subtest's.
func (l Layout) describe() string {
	var names []string
	for _, st := range l.Subtests {
		names = append(names, st.Value)
	}
	return fmt.Sprintf("columns such as %s", strings.Join(names[:min(3, len(names))], ", "))
}

// ParseMeasureMap reads a measure map as a data person writes it:
// "Mathematics=MAP Math, Reading=MAP Reading" (a file's label, then the
// school's measure).
func ParseMeasureMap(s string) (map[string]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		label, measure, ok := strings.Cut(pair, "=")
		label, measure = strings.TrimSpace(label), strings.TrimSpace(measure)
		if !ok || label == "" || measure == "" {
			return nil, data.Errorf(data.EINVALID, "%q: expected LABEL=MEASURE pairs separated by commas", pair)
		}
		out[label] = measure
	}
	return out, nil
}

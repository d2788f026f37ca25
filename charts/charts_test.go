package charts_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tierline/tierline/charts"
	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

var (
	settings = data.Settings{Years: []data.SchoolYear{data.DefaultSchoolYear(2024), data.DefaultSchoolYear(2025), data.DefaultSchoolYear(2026)}}
	today    = data.NewDate(2026, 12, 14)
	ana      = data.Student{ID: data.NewID(), LocalID: "70001", GivenName: "Ana", FamilyName: "Ramírez", Grade: "03", Sex: data.Female, Race: data.Hispanic}
	orf      = data.Measure{ID: data.NewID(), Name: "ORF", Area: data.Reading, Unit: "wcpm", MaxScore: 300,
		Cuts: []data.Cut{
			{Grade: "03", Window: data.Fall, Benchmark: 83, WellBelow: 58},
			{Grade: "03", Window: data.Winter, Benchmark: 97, WellBelow: 68},
			{Grade: "03", Window: data.Spring, Benchmark: 112, WellBelow: 78},
		}}
)

// studentProgress is a fixed student: fall screening, a plan from 5 Oct
// with a phase change on 2 Nov, and weekly progress scores.
func studentProgress(values ...float64) analysis.StudentProgress {
	start := data.NewDate(2026, 10, 5)
	plan := data.Plan{ID: data.NewID(), Student: ana.ID, Tier: 2, Interventionist: "Ms Grant", Status: data.Active,
		Goal: data.Goal{Measure: orf.ID, Target: 80, TargetDate: data.NewDate(2027, 4, 26)},
		Phases: []data.Phase{
			{Start: start, Intervention: data.NewID(), SessionsPerWeek: 3, MinutesPerSession: 30},
			{Start: start.AddDays(28), Intervention: data.NewID(), SessionsPerWeek: 5, MinutesPerSession: 45},
		}}
	scores := []data.Score{{Student: ana.ID, Measure: orf.ID, Date: data.NewDate(2026, 9, 8), Kind: data.Screening, Value: 41, Errors: 6, Grade: "03"}}
	for i, v := range values {
		scores = append(scores, data.Score{Student: ana.ID, Measure: orf.ID, Date: start.AddDays(1 + 7*i), Kind: data.Progress, Value: v, Grade: "03"})
	}
	// Every planned session delivered.
	var sessions []data.Session
	for d := start; !d.After(today); d = d.AddDays(1) {
		wd := int(d.Weekday())
		if (d.Before(plan.Phases[1].Start) && wd%2 == 1) || (!d.Before(plan.Phases[1].Start) && wd >= 1 && wd <= 5) {
			sessions = append(sessions, data.Session{Plan: plan.ID, Date: d, Minutes: 45, Present: true})
		}
	}
	return analysis.AnalyzeStudent(analysis.StudentInput{Settings: settings, Student: ana, Measure: orf, Scores: scores, Plans: []data.Plan{plan}, Sessions: sessions, AsOf: today})
}

func studentChart(t testing.TB, sp analysis.StudentProgress, size charts.Size) *charts.Chart {
	t.Helper()
	c, err := charts.Student(charts.StudentInput{Progress: sp, Settings: settings, AsOf: today,
		PhaseNames: []string{"Repeated reading", "Intensive decoding"}}, size)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// groupTables makes three years of tables for race: a closing gap for Black
// students, a group under k in one window.
func groupTables() []analysis.GroupTable {
	var out []analysis.GroupTable
	type cell struct {
		value    data.Race
		n, atOrA []int
	}
	groups := []cell{
		{data.Black, []int{30, 31, 32, 30, 33, 34, 35}, []int{6, 8, 9, 9, 12, 14, 16}},
		{data.Hispanic, []int{60, 61, 60, 62, 63, 62, 64}, []int{20, 22, 24, 24, 27, 26, 28}},
		{data.White, []int{100, 101, 99, 100, 102, 100, 101}, []int{60, 62, 64, 61, 63, 65, 66}},
		{data.Asian, []int{12, 12, 9, 12, 13, 12, 12}, []int{8, 8, 6, 8, 9, 9, 8}},
	}
	w := 0
	for y := 0; y < 3; y++ {
		for _, win := range data.WindowNames {
			if y == 2 && win != data.Fall {
				break
			}
			t := analysis.GroupTable{Measure: orf, Year: settings.Years[y], Window: win}
			all := analysis.GroupCell{Group: analysis.AllStudents}
			for _, g := range groups {
				c := analysis.GroupCell{Group: data.Group{Dimension: data.DimRace, Value: string(g.value)}, N: g.n[w], AtOrAbove: g.atOrA[w]}
				all.N += c.N
				all.AtOrAbove += c.AtOrAbove
				t.Cells = append(t.Cells, c)
			}
			t.Cells = append([]analysis.GroupCell{all}, t.Cells...)
			out = append(out, t)
			w++
		}
	}
	return out
}

func tierCells() []analysis.TierCell {
	return []analysis.TierCell{
		{Group: analysis.AllStudents, N: 400, Tiers: [4]int{0, 320, 56, 24}},
		{Group: data.Group{Dimension: data.DimRace, Value: "black"}, N: 60, Tiers: [4]int{0, 38, 12, 10}, RiskRatio3: 3.3, Ratio3OK: true, Flag3: true},
		{Group: data.Group{Dimension: data.DimRace, Value: "hispanic"}, N: 110, Tiers: [4]int{0, 86, 18, 6}, RiskRatio3: 0.9, Ratio3OK: true},
		{Group: data.Group{Dimension: data.DimRace, Value: "white"}, N: 224, Tiers: [4]int{0, 192, 24, 8}, RiskRatio3: 0.5, Ratio3OK: true},
		{Group: data.Group{Dimension: data.DimRace, Value: "pacific_islander"}, N: 6, Tiers: [4]int{0, 4, 2, 0}},
	}
}

var twelve = []float64{38, 41, 40, 39, 43, 47, 48, 52, 51, 55, 57, 60}

func goldenCharts(t *testing.T) map[string]*charts.Chart {
	groups := charts.GroupsInput{Measure: orf, Dimension: data.DimRace, Tables: groupTables(), K: 10}
	out := map[string]*charts.Chart{
		"student":        studentChart(t, studentProgress(twelve...), charts.Default),
		"student-large":  studentChart(t, studentProgress(twelve...), charts.Large),
		"student-empty":  studentChart(t, analysis.AnalyzeStudent(analysis.StudentInput{Settings: settings, Student: ana, Measure: orf, AsOf: today}), charts.Default),
		"student-single": studentChart(t, studentProgress(38), charts.Default),
		// a small window's panel at the screen's scale: labels thinned
		"student-narrow": studentChart(t, studentProgress(twelve...), charts.Size{W: 460, H: 210, Scale: 1}),
	}
	var err error
	if out["groups"], err = charts.Groups(groups, charts.Default); err != nil {
		t.Fatal(err)
	}
	if out["groups-narrow"], err = charts.Groups(groups, charts.Size{W: 400, H: 300, Scale: 1}); err != nil {
		t.Fatal(err)
	}
	if out["gaps"], err = charts.Gaps(groups, charts.Default); err != nil {
		t.Fatal(err)
	}
	if out["tiers"], err = charts.Tiers(charts.TiersInput{Dimension: data.DimRace, Cells: tierCells(), On: today, K: 10}, charts.Default); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGolden compares each chart's pixels with its golden image: at most
// 0.5% of pixels may differ by more than a small tolerance (anti-aliasing).
func TestGolden(t *testing.T) {
	for name, c := range goldenCharts(t) {
		t.Run(name, func(t *testing.T) {
			got, err := c.Image()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".png")
			if *update {
				var buf bytes.Buffer
				if err := png.Encode(&buf, got); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatalf("%v (run go test ./charts -update to create it, then look at it)", err)
			}
			defer f.Close()
			want, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Bounds() != want.Bounds() {
				t.Fatalf("size %v, golden %v", got.Bounds(), want.Bounds())
			}
			if n, total := differing(got, want, 24), got.Bounds().Dx()*got.Bounds().Dy(); float64(n) > 0.005*float64(total) {
				t.Errorf("%d of %d pixels differ from %s", n, total, path)
			}
		})
	}
}

func differing(a, b image.Image, tolerance uint32) int {
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2)>>8 > tolerance || absDiff(g1, g2)>>8 > tolerance || absDiff(b1, b2)>>8 > tolerance {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestSVG checks that every chart's SVG is well-formed XML and carries its
// marks and labels.
func TestSVG(t *testing.T) {
	wants := map[string][]string{
		"student":        {"Ana Ramírez · ORF · Grade 3", "Goal 80", "Phase 2: Intensive decoding, 5×45 min", "Benchmark 83", "Progress score"},
		"student-empty":  {"No scores yet — add the first one"},
		"student-single": {"Collect more data (0 of 4)"},
		"groups":         {"% at or above benchmark by race/ethnicity", "All students", "Black 46%", "Fall 24"},
		"gaps":           {"gap to all students", "Black"},
		"tiers":          {"Tier placement by race/ethnicity", "3.3× in T3", "n=6 (too few)"},
	}
	all := goldenCharts(t)
	for name, want := range wants {
		t.Run(name, func(t *testing.T) {
			svg, err := all[name].Encode(charts.SVG)
			if err != nil {
				t.Fatal(err)
			}
			dec := xml.NewDecoder(bytes.NewReader(svg))
			var text strings.Builder
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("the SVG is not XML: %v", err)
				}
				if cd, ok := tok.(xml.CharData); ok {
					text.Write(cd)
					text.WriteString("\n")
				}
			}
			for _, w := range want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("the SVG lacks %q", w)
				}
			}
			if !bytes.Contains(svg, []byte("<path")) {
				t.Error("the SVG has no paths")
			}
		})
	}
}

func TestEscapesSVGText(t *testing.T) {
	odd := ana
	odd.GivenName, odd.FamilyName = "A<b>&c", "D'Arcy"
	sp := studentProgress(twelve...)
	sp.Student = odd
	svg, err := studentChart(t, sp, charts.Default).Encode(charts.SVG)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(svg, new(struct{})); err != nil {
		t.Fatalf("a name with markup broke the SVG: %v", err)
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]charts.Format{"a.png": charts.PNG, "b.SVG": charts.SVG} {
		if got, err := charts.FormatOf(path); err != nil || got != want {
			t.Errorf("%s: %v %v", path, got, err)
		}
	}
	if _, err := charts.FormatOf("c.pdf"); err == nil || !strings.Contains(err.Error(), ".png or .svg") {
		t.Errorf("pdf: %v", err)
	}
	if _, err := charts.Student(charts.StudentInput{}, charts.Size{W: 10, H: 10}); err == nil {
		t.Error("a 10x10 chart was accepted")
	}
}

// BenchmarkStudentChart and BenchmarkStudentChartSVG draw the chart
// bench/chart.py draws with matplotlib (bench/peers.sh compares them).
func BenchmarkStudentChart(b *testing.B)    { benchmarkStudentChart(b, charts.PNG) }
func BenchmarkStudentChartSVG(b *testing.B) { benchmarkStudentChart(b, charts.SVG) }

func benchmarkStudentChart(b *testing.B, format charts.Format) {
	values := make([]float64, 40)
	for i := range values {
		values[i] = 38 + 1.1*float64(i) + float64((i*7)%5)
	}
	sp := studentProgress(values...)
	for b.Loop() {
		if _, err := studentChart(b, sp, charts.Default).Encode(format); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGroupChart(b *testing.B) {
	// 8 groups × 9 windows.
	var tables []analysis.GroupTable
	for w := 0; w < 9; w++ {
		t := analysis.GroupTable{Measure: orf, Year: settings.Years[w/3], Window: data.WindowNames[w%3]}
		t.Cells = append(t.Cells, analysis.GroupCell{Group: analysis.AllStudents, N: 800, AtOrAbove: 400 + 5*w})
		for g, r := range data.Races {
			t.Cells = append(t.Cells, analysis.GroupCell{Group: data.Group{Dimension: data.DimRace, Value: string(r)}, N: 100, AtOrAbove: 30 + 5*g + w})
		}
		t.Cells = append(t.Cells, analysis.GroupCell{Group: data.Group{Dimension: data.DimRace, Value: "x"}, N: 0})
		tables = append(tables, t)
	}
	in := charts.GroupsInput{Measure: orf, Dimension: data.DimRace, Tables: tables, K: 10}
	for b.Loop() {
		c, err := charts.Groups(in, charts.Default)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Encode(charts.PNG); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPNGDecodes checks the chart PNG encoder against the standard decoder:
// the decoded pixels are the rendered ones.
func TestPNGDecodes(t *testing.T) {
	c := studentChart(t, studentProgress(twelve...), charts.Default)
	img, err := c.Image()
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Encode(charts.PNG)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if n := differing(img, decoded, 0); n != 0 {
		t.Errorf("%d pixels changed through PNG", n)
	}
}

// A district or a small school may have no group with k students: the
// group charts then draw all students alone, or nothing, without failing.
func TestGroupChartsWithNoGroupToShow(t *testing.T) {
	tables := groupTables()
	for i := range tables {
		for j := range tables[i].Cells {
			if tables[i].Cells[j].Group != analysis.AllStudents {
				tables[i].Cells[j].N = 3
			}
		}
	}
	in := charts.GroupsInput{Measure: orf, Dimension: data.DimRace, Tables: tables, K: 10}
	for name, draw := range map[string]func(charts.GroupsInput, charts.Size) (*charts.Chart, error){"groups": charts.Groups, "gaps": charts.Gaps} {
		for _, tc := range []charts.GroupsInput{in, {Measure: orf, Dimension: data.DimEL, K: 10}} {
			c, err := draw(tc, charts.Default)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if _, err := c.Encode(charts.SVG); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
}

// A figure the caller marks uncertain (a district figure from one school)
// is drawn faded and dotted, and the caption says so; the same chart
// without marks has neither.
func TestUncertainFiguresAreDrawnFaded(t *testing.T) {
	asian := data.Group{Dimension: data.DimRace, Value: string(data.Asian)}
	in := charts.GroupsInput{Measure: orf, Dimension: data.DimRace, Tables: groupTables(), K: 10}
	marked := in
	marked.Uncertain = func(w int, g data.Group) bool { return g == asian && w >= 4 }
	for name, draw := range map[string]func(charts.GroupsInput, charts.Size) (*charts.Chart, error){"groups": charts.Groups, "gaps": charts.Gaps} {
		svgOf := func(in charts.GroupsInput) string {
			c, err := draw(in, charts.Default)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			b, err := c.Encode(charts.SVG)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return string(b)
		}
		plain, faded := svgOf(in), svgOf(marked)
		const alpha, caption = ",0.4)", "Faded and dotted: an uncertain figure."
		if strings.Contains(plain, alpha) || strings.Contains(plain, caption) {
			t.Errorf("%s: a chart with no uncertain figure draws one faded", name)
		}
		// Windows 4, 5 and 6 faded: three markers and the three segments into them.
		if n := strings.Count(faded, alpha); n < 6 {
			t.Errorf("%s: %d faded strokes and fills, want at least 6", name, n)
		}
		if !strings.Contains(faded, caption) {
			t.Errorf("%s: the caption does not explain the faded figures", name)
		}
	}
}

package catalog

import (
	"strings"
	"testing"

	"github.com/tierline/tierline/data"
)

func TestEveryEntryIsAValidMeasure(t *testing.T) {
	seen := map[string]bool{}
	names := map[string]bool{}
	for _, e := range All() {
		m := e.Measure()
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", e.Code, err)
		}
		if seen[e.Code] || names[strings.ToLower(e.Name)] {
			t.Errorf("%s: code or name %q used twice", e.Code, e.Name)
		}
		seen[e.Code], names[strings.ToLower(e.Name)] = true, true
		if !data.BuiltInMeasureCode(e.Code) {
			t.Errorf("%s is not among data.MeasureCodes: summaries would not send it", e.Code)
		}
		if m.Code != e.Code || e.Source == "" || e.Year < 2000 || e.CutsMean == "" || len(m.Cuts) == 0 {
			t.Errorf("%s: incomplete entry %+v", e.Code, e)
		}
		for _, c := range m.Cuts {
			if c.WellBelow >= c.Benchmark {
				t.Errorf("%s %s %s: well-below cut %v not under the benchmark %v", e.Code, c.Grade, c.Window, c.WellBelow, c.Benchmark)
			}
		}
	}
	for _, code := range []string{DIBELS8ORF, AcadienceORF, HT2017ORF} {
		if !seen[code] {
			t.Errorf("constant %s has no entry", code)
		}
	}
}

// A few figures as printed in the sources, so that a slip in the tables shows.
func TestFiguresAsPublished(t *testing.T) {
	cases := []struct {
		code               string
		grade              data.Grade
		window             data.WindowName
		benchmark, wellBel float64
	}{
		{DIBELS8ORF, "01", data.Fall, 10, 5},
		{DIBELS8ORF, "03", data.Spring, 114, 96},
		{AcadienceORF, "02", data.Winter, 72, 55},
		{AcadienceORF, "03", data.Spring, 100, 80},
		{HT2017ORF, "04", data.Winter, 120, 95},
		{HT2017ORF, "06", data.Spring, 146, 122},
	}
	for _, c := range cases {
		e, err := Lookup(c.code)
		if err != nil {
			t.Fatal(err)
		}
		cut, ok := e.Measure().Cut(c.grade, c.window)
		if !ok || cut.Benchmark != c.benchmark || cut.WellBelow != c.wellBel {
			t.Errorf("%s %s %s = %+v, %v; want %v/%v", c.code, c.grade, c.window, cut, ok, c.benchmark, c.wellBel)
		}
	}
	e, _ := Lookup(AcadienceORF)
	if _, ok := e.Measure().Cut("01", data.Fall); ok {
		t.Error("Acadience has no grade 1 fall ORF goal")
	}
}

func TestLookup(t *testing.T) {
	if e, err := Lookup(" DIBELS8-ORF "); err != nil || e.Code != DIBELS8ORF {
		t.Fatalf("Lookup = %v, %v", e.Code, err)
	}
	_, err := Lookup("dibels9")
	if data.ErrorCode(err) != data.ENOTFOUND || !strings.Contains(err.Error(), HT2017ORF) {
		t.Fatalf("a wrong code: %v, want ENOTFOUND listing the codes", err)
	}
	if d := (mustLookup(t, HT2017ORF)).Describe(); !strings.Contains(d, "grades 1 to 6") {
		t.Errorf("Describe = %q", d)
	}
}

// The measure is a copy: a school editing its cuts does not change the catalog.
func TestMeasureIsACopy(t *testing.T) {
	m := mustLookup(t, HT2017ORF).Measure()
	m.Cuts[0].Benchmark = 1
	m.TypicalROI["01"] = 9
	again := mustLookup(t, HT2017ORF).Measure()
	if again.Cuts[0].Benchmark == 1 || again.TypicalROI["01"] == 9 {
		t.Fatal("editing a measure changed the catalog")
	}
}

func mustLookup(t *testing.T, code string) Entry {
	t.Helper()
	e, err := Lookup(code)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

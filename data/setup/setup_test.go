package setup

import (
	"path/filepath"
	"testing"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/catalog"
	"github.com/tierline/tierline/data/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s := store.New(filepath.Join(t.TempDir(), "tierline.db"))
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCreateWritesSettingsAndCatalogMeasures(t *testing.T) {
	s := openStore(t)
	year, err := ParseYear("2026-2027")
	if err != nil {
		t.Fatal(err)
	}
	sc := School{Name: " Maple Grove ", SchoolCode: "0777", DistrictCode: "12", Year: year, K: 10,
		Measures: []string{catalog.DIBELS8ORF, "DIBELS8-ORF", catalog.AcadienceORF}}
	if _, err := Create(s, sc); err != nil {
		t.Fatal(err)
	}
	st, err := s.Settings()
	if err != nil || st.Name != "Maple Grove" || st.Years[0].Label() != "2026-2027" {
		t.Fatalf("settings %+v, %v", st, err)
	}
	measures, _ := s.Measures()
	if len(measures) != 2 || measures[0].Code != catalog.DIBELS8ORF || measures[1].Code != catalog.AcadienceORF {
		t.Fatalf("measures %+v", measures)
	}
	if _, err := Create(s, sc); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("a second school: %v, want ECONFLICT", err)
	}
}

func TestCreateRefusesWholeAndNamesTheField(t *testing.T) {
	year := data.DefaultSchoolYear(2026)
	for _, tc := range []struct {
		school School
		field  string
	}{
		{School{SchoolCode: "1", DistrictCode: "2", Year: year, K: 10}, "name"},
		{School{Name: "M", SchoolCode: "1", DistrictCode: "2", Year: year, K: 40}, "minimum group size"},
		{School{Name: "M", SchoolCode: "1", DistrictCode: "2", Year: year, K: 10, Measures: []string{"nope"}}, "measures"},
	} {
		s := openStore(t)
		_, err := Create(s, tc.school)
		var e *data.Error
		if de, ok := err.(*data.Error); ok {
			e = de
		}
		if e == nil || e.Field != tc.field {
			t.Errorf("%+v: %v, want a refusal of %s", tc.school, err, tc.field)
		}
		if empty, _ := s.IsEmpty(); !empty {
			t.Errorf("%+v: a refused school left something in the store", tc.school)
		}
	}
}

func TestParseYear(t *testing.T) {
	for _, ok := range []string{"2026-2027", " 2026 "} {
		if y, err := ParseYear(ok); err != nil || y.Start != data.NewDate(2026, 8, 17) {
			t.Errorf("ParseYear(%q) = %v, %v", ok, y.Start, err)
		}
	}
	for _, bad := range []string{"", "2026-2028", "26-27", "1900", "2026/2027", "x"} {
		if _, err := ParseYear(bad); err == nil {
			t.Errorf("ParseYear(%q) accepted", bad)
		}
	}
}

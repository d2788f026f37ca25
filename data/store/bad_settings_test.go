package store_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tierline/tierline/data"
)

// badSettings pair each malformed settings file in testdata/bad with the
// exact refusal; the stored settings stay as they were.
var badSettings = []struct{ file, want string }{
	{"settings-code-with-space.json", `the school code "Oak Street" must be 1 to 20 letters, digits, - or _`},
	{"settings-k-too-large.json", `school minimum group size 31 must be between 5 and 30`},
	{"settings-k-too-small.json", `school minimum group size 3 must be between 5 and 30`},
	{"settings-no-name.json", `school name is required`},
	{"settings-overlapping-years.json", `school year start "2026-08-17" overlaps the school year 2025-2026`},
	{"settings-window-ends-before-start.json", `2026-2027 spring window end "2027-04-26" is before its start 2027-06-04`},
	{"settings-window-outside-year.json", `2026-2027 winter window end "2027-08-12" is after the end of the school year 2027-06-11`},
	{"settings-year-1900.json", `1900-08-17 is outside the years 1990 to 2099`},
}

func TestMalformedSettingsAreRefusedAndNothingChanges(t *testing.T) {
	s := MustOpen(t)
	seed(t, s)
	before, err := s.Settings()
	must(t, err)
	for _, tc := range badSettings {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata/bad", tc.file))
			must(t, err)
			var st data.Settings
			if err = json.Unmarshal(raw, &st); err == nil {
				err = s.SaveSettings(st)
			}
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
			if after, _ := s.Settings(); !reflect.DeepEqual(before, after) {
				t.Error("refused settings changed the store")
			}
		})
	}
}

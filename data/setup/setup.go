// Package setup sets up a new school in an empty store: its settings and
// the measures it starts with. The window's first-run screen and
// `tierline init` both create a school through Create, so a school is
// accepted or refused the same way in either.
package setup

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/catalog"
	"github.com/tierline/tierline/data/store"
)

// School is what a new school starts with.
type School struct {
	Name, SchoolCode, DistrictCode string
	Year                           data.SchoolYear
	K                              int
	// Measures are the catalog codes of the published measures to start
	// with (catalog.All); more can be added later.
	Measures []string
}

// Snapshot checks the school and returns what Create writes: the settings
// and the catalog's measures. An error names the field at fault
// (data.Error.Field: "name", "school code", "measures"…).
func (sc School) Snapshot() (data.Snapshot, error) {
	snap := data.Snapshot{Settings: data.Settings{Name: strings.TrimSpace(sc.Name), SchoolCode: strings.TrimSpace(sc.SchoolCode),
		DistrictCode: strings.TrimSpace(sc.DistrictCode), Years: []data.SchoolYear{sc.Year}, K: sc.K}}
	if err := snap.Settings.Validate(); err != nil {
		return data.Snapshot{}, err
	}
	seen := map[string]bool{}
	for _, code := range sc.Measures {
		e, err := catalog.Lookup(code)
		if err != nil {
			return data.Snapshot{}, &data.Error{Code: data.EINVALID, Field: "measures", Message: data.ErrorMessage(err)}
		}
		if seen[e.Code] {
			continue
		}
		seen[e.Code] = true
		snap.Measures = append(snap.Measures, e.Measure())
	}
	return snap, nil
}

// Create writes the new school into an empty store in one transaction: all
// of it or, when anything is refused, nothing. A store that already holds a
// school is refused (ECONFLICT) and left as it is.
func Create(s *store.Store, sc School) (data.Snapshot, error) {
	snap, err := sc.Snapshot()
	if err != nil {
		return data.Snapshot{}, err
	}
	if err := s.Initialize(&snap); err != nil {
		if data.ErrorCode(err) == data.ECONFLICT {
			return data.Snapshot{}, data.Errorf(data.ECONFLICT, "%s already holds a school: a school is set up once, in an empty store (its settings are changed in Settings)", s.Path())
		}
		return data.Snapshot{}, err
	}
	return snap, nil
}

// ParseYear reads a school year as schools write it, "2026-2027" or
// "2026", into the usual calendar of that year (data.DefaultSchoolYear).
func ParseYear(label string) (data.SchoolYear, error) {
	t := strings.TrimSpace(label)
	first, second, two := strings.Cut(t, "-")
	start, err := strconv.Atoi(first)
	if err == nil && two {
		var end int
		end, err = strconv.Atoi(second)
		if err == nil && end != start+1 {
			err = fmt.Errorf("the second year must follow the first")
		}
	}
	if err != nil || start < 2000 || start > 2100 {
		return data.SchoolYear{}, &data.Error{Code: data.EINVALID, Field: "school year",
			Message: fmt.Sprintf("the school year %s is not a year such as 2026-2027", data.Clip(label))}
	}
	return data.DefaultSchoolYear(start), nil
}

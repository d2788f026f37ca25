package setup

import (
	"fmt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/importer"
	"github.com/tierline/tierline/data/store"
)

// Move is a school folder (written by `tierline export school` or the
// window's Export) read and checked, ready to move into an empty store.
// The window's first-run screen and `tierline import school` both move a
// school through ReadMove and Apply: the one asks before Apply, with what
// Describe says.
type Move struct {
	Dir      string
	Snapshot data.Snapshot
}

// ReadMove reads the school folder dir for the store s. It refuses a store
// that already holds a school (a school moves into a fresh store only) and
// a folder with any refused row; it writes nothing.
func ReadMove(s *store.Store, dir string) (*Move, error) {
	if err := checkEmpty(s); err != nil {
		return nil, err
	}
	snap, err := importer.ReadSchool(dir)
	if err != nil {
		return nil, fmt.Errorf("nothing was imported: %w", err)
	}
	return &Move{Dir: dir, Snapshot: snap}, nil
}

// Apply writes the school into the store in one transaction: all of it,
// or, on any failure, nothing.
func (m *Move) Apply(s *store.Store) error {
	if err := checkEmpty(s); err != nil { // another window may have set one up since
		return err
	}
	if err := s.MoveIn(&m.Snapshot); err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	return nil
}

func checkEmpty(s *store.Store) error {
	empty, err := s.IsEmpty()
	if err != nil {
		return err
	}
	if !empty {
		return data.Errorf(data.ECONFLICT, "the store already holds a school: a school is moved into a fresh store (--data DIR of a new folder)")
	}
	return nil
}

// Counts are the records of the school, by kind, as `--json` prints them.
func (m *Move) Counts() map[string]int {
	sn := m.Snapshot
	return map[string]int{"students": len(sn.Students), "measures": len(sn.Measures), "interventions": len(sn.Interventions),
		"scores": len(sn.Scores), "plans": len(sn.Plans), "sessions": len(sn.Sessions), "tier_changes": len(sn.TierChanges),
		"decisions": len(sn.Decisions)}
}

// Describe names the school and what it holds: "Maple Grove Elementary
// (school code 0777, district 45): 400 students, 3 measures, …".
func (m *Move) Describe() string {
	sn := m.Snapshot
	return fmt.Sprintf("%s (school code %s, district %s): %d students, %d measures, %d interventions, %d scores, %d plans, "+
		"%d sessions, %d tier changes, %d decisions", sn.Settings.Name, sn.Settings.SchoolCode, sn.Settings.DistrictCode,
		len(sn.Students), len(sn.Measures), len(sn.Interventions), len(sn.Scores), len(sn.Plans), len(sn.Sessions),
		len(sn.TierChanges), len(sn.Decisions))
}

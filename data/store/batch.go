package store

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// SaveRecords writes records of every kind in one transaction: all of them
// or, when any is refused, none. Records are written in dependency order
// (measures and interventions, students, scores, plans, sessions, tier
// changes, decisions), so a batch may refer to records it creates. Tier
// changes are applied per student in date order. New records get their ids
// written back into r.
func (s *Store) SaveRecords(r *data.Records) error {
	return s.update(func(tx *bolt.Tx) error { return saveRecords(tx, r) })
}

func saveRecords(tx *bolt.Tx, r *data.Records) error {
	for i := range r.Measures {
		if err := saveMeasure(tx, &r.Measures[i]); err != nil {
			return fmt.Errorf("measure %d: %w", i+1, err)
		}
	}
	for i := range r.Interventions {
		if err := saveIntervention(tx, &r.Interventions[i]); err != nil {
			return fmt.Errorf("intervention %d: %w", i+1, err)
		}
	}
	for i := range r.Students {
		if err := saveStudent(tx, &r.Students[i]); err != nil {
			return fmt.Errorf("student %d: %w", i+1, err)
		}
	}
	// Plans before scores, in id order: each record's head goes into one
	// bucket keyed by its kind's code (plans 5, scores 6) and key, and bbolt
	// splits its nodes only at the commit, so a head put before others moves
	// them all along: after 100,000 scores' heads, for every plan.
	plans := make([]int, len(r.Plans))
	for i := range plans {
		plans[i] = i
	}
	slices.SortStableFunc(plans, func(a, b int) int { return slices.Compare(r.Plans[a].ID[:], r.Plans[b].ID[:]) })
	for _, i := range plans {
		if err := savePlan(tx, &r.Plans[i]); err != nil {
			return fmt.Errorf("plan %d: %w", i+1, err)
		}
	}
	if err := saveScores(tx, r.Scores); err != nil {
		return err
	}
	if err := saveSessions(tx, r.Sessions); err != nil {
		return err
	}
	order := make([]int, len(r.TierChanges))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ca, cb := r.TierChanges[a], r.TierChanges[b]
		return cmp.Or(slices.Compare(ca.Student[:], cb.Student[:]), ca.Date.Compare(cb.Date))
	})
	for _, i := range order {
		if err := changeTier(tx, &r.TierChanges[i]); err != nil {
			return fmt.Errorf("tier change %d: %w", i+1, err)
		}
	}
	for i := range r.Decisions {
		if err := saveDecision(tx, &r.Decisions[i]); err != nil {
			return fmt.Errorf("decision %d: %w", i+1, err)
		}
	}
	return nil
}

// Snapshot reads the whole school in one read transaction.
func (s *Store) Snapshot() (data.Snapshot, error) { return s.snapshot(true, nil) }

// SnapshotEachSession reads the school as Snapshot does, except that its
// sessions are not gathered into Sessions (left nil): each is passed to
// each in the store's order (by plan, date and id), so that a reader that
// keeps them in a form of its own never holds them twice.
func (s *Store) SnapshotEachSession(each func(data.Session)) (data.Snapshot, error) {
	return s.snapshot(true, each)
}

// RosterAndScores reads the school without its plans and their history
// (sessions, tier changes, decisions): what an import of students, flags
// or scores needs, at a fraction of the reading on a large school.
func (s *Store) RosterAndScores() (data.Snapshot, error) { return s.snapshot(false, nil) }

func (s *Store) snapshot(withPlans bool, eachSession func(data.Session)) (data.Snapshot, error) {
	var snap data.Snapshot
	err := s.view(func(tx *bolt.Tx) error {
		settings, err := readSettings(tx)
		if err != nil {
			return err
		}
		snap.Settings = settings
		if snap.Records, err = readRecordsEach(tx, withPlans, eachSession); err != nil {
			return err
		}
		snap.RecordKeys, err = readRecordKeys(tx)
		return err
	})
	sortStudents(snap.Students)
	return snap, err
}

func readRecords(tx *bolt.Tx, withPlans bool) (data.Records, error) {
	return readRecordsEach(tx, withPlans, nil)
}

// readRecordsEach is readRecords passing the sessions to eachSession,
// when not nil, instead of gathering them.
func readRecordsEach(tx *bolt.Tx, withPlans bool, eachSession func(data.Session)) (data.Records, error) {
	var r data.Records
	var err error
	if r.Measures, err = list[data.Measure](tx.Bucket(bucketMeasures)); err != nil {
		return r, err
	}
	if r.Interventions, err = list[data.Intervention](tx.Bucket(bucketInterventions)); err != nil {
		return r, err
	}
	if r.Students, err = list[data.Student](tx.Bucket(bucketStudents)); err != nil {
		return r, err
	}
	if r.Scores, err = readScores(tx, nil); err != nil || !withPlans {
		return r, err
	}
	if r.Plans, err = list[data.Plan](tx.Bucket(bucketPlans)); err != nil {
		return r, err
	}
	if eachSession != nil {
		err = forEachSession(tx, eachSession)
	} else {
		r.Sessions, err = readSessions(tx, nil)
	}
	if err != nil {
		return r, err
	}
	if r.TierChanges, err = listByIndex[data.TierChange](tx.Bucket(bucketTierChangesByStudent), tx.Bucket(bucketTierChanges), nil); err != nil {
		return r, err
	}
	r.Decisions, err = listByIndex[data.Decision](tx.Bucket(bucketDecisionsByStudent), tx.Bucket(bucketDecisions), nil)
	return r, err
}

// Initialize writes a whole school (settings and records) into an empty
// store in one transaction; it refuses a store that already holds a school.
func (s *Store) Initialize(snap *data.Snapshot) error { return s.initialize(snap, false) }

// MoveIn writes a whole school read from a school export into an empty
// store, in one transaction, as it was exported: unlike Initialize, the
// decisions written do not move their plans' review dates again, since the
// plans carry the dates they had.
func (s *Store) MoveIn(snap *data.Snapshot) error { return s.initialize(snap, true) }

func (s *Store) initialize(snap *data.Snapshot, asExported bool) error {
	if err := snap.Settings.Validate(); err != nil {
		return err
	}
	plans := slices.Clone(snap.Plans)
	return s.update(func(tx *bolt.Tx) error {
		if !isEmpty(tx) {
			return data.Errorf(data.ECONFLICT, "the store already holds a school")
		}
		if err := logPut(tx, entSettings, keySettings, data.ID{}, snap.Settings); err != nil {
			return err
		}
		if err := put(tx.Bucket(bucketMeta), keySettings, snap.Settings); err != nil {
			return err
		}
		if err := putRecordKeys(tx, snap.RecordKeys); err != nil {
			return err
		}
		if err := saveRecords(tx, &snap.Records); err != nil {
			return err
		}
		if !asExported {
			return nil
		}
		for i := range plans {
			if err := savePlan(tx, &plans[i]); err != nil {
				return fmt.Errorf("plan %d: %w", i+1, err)
			}
		}
		return nil
	})
}

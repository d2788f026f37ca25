package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// JoinAs rewrites the school for a laptop joining a team: each id in ids (a student matched by
// local id, a measure or intervention matched by name) becomes the team's id, in every record
// that refers to it, and the change log starts afresh, so that the school is then logged as it
// will be shared. It is one transaction, and only for a store that has published nothing (the
// caller's team state says so): other devices must never have seen the old ids.
func (s *Store) JoinAs(ids map[data.ID]data.ID) error {
	return s.update(func(tx *bolt.Tx) error {
		snap := data.Snapshot{}
		var err error
		if snap.Records, err = readRecords(tx, true); err != nil {
			return err
		}
		if snap.RecordKeys, err = readRecordKeys(tx); err != nil {
			return err
		}
		to := func(id data.ID) data.ID {
			if n, ok := ids[id]; ok {
				return n
			}
			return id
		}
		r := &snap.Records
		for i := range r.Measures {
			r.Measures[i].ID = to(r.Measures[i].ID)
		}
		for i := range r.Interventions {
			r.Interventions[i].ID = to(r.Interventions[i].ID)
		}
		for i := range r.Students {
			r.Students[i].ID = to(r.Students[i].ID)
		}
		for i := range r.Scores {
			r.Scores[i].Student, r.Scores[i].Measure = to(r.Scores[i].Student), to(r.Scores[i].Measure)
		}
		for i := range r.Plans {
			p := &r.Plans[i]
			p.Student, p.Goal.Measure = to(p.Student), to(p.Goal.Measure)
			for j := range p.Phases {
				p.Phases[j].Intervention = to(p.Phases[j].Intervention)
			}
		}
		for i := range r.TierChanges {
			r.TierChanges[i].Student = to(r.TierChanges[i].Student)
		}
		for i := range r.Decisions {
			r.Decisions[i].Student = to(r.Decisions[i].Student)
		}
		keys := map[data.ID]uint32{}
		for id, k := range snap.RecordKeys {
			keys[to(id)] = k
		}
		for _, name := range [][]byte{bucketStudents, bucketStudentsByLocalID, bucketMeasures, bucketScores, bucketInterventions,
			bucketPlans, bucketPlansByStudent, bucketSessions, bucketTierChanges, bucketTierChangesByStudent, bucketDecisions,
			bucketDecisionsByStudent, bucketActivePlans, bucketSessionWeeks, bucketRecordKeys} {
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("clear %s: %w", name, err)
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		for _, name := range [][]byte{bucketChanges, bucketChangeIDs, bucketHeads, bucketPending} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
		}
		// Written as a school export is moved in: plans keep the review dates they have.
		plans := append([]data.Plan(nil), r.Plans...)
		if err := putRecordKeys(tx, keys); err != nil {
			return err
		}
		if err := markApplying(tx); err != nil {
			return err
		}
		if err := saveRecords(tx, r); err != nil {
			return err
		}
		for i := range plans {
			if err := savePlan(tx, &plans[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

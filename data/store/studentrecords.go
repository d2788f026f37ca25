package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// StudentRecords is one student's records, as a snapshot holds them.
type StudentRecords struct {
	Student     data.ID
	Record      data.Student   // the student's own record, when Found
	Found       bool           // false: the student was deleted
	Scores      []data.Score   // ordered by measure, date, kind
	Plans       []data.Plan    // ordered by id
	Sessions    []data.Session // of those plans, ordered by plan and date
	TierChanges []data.TierChange
	Decisions   []data.Decision
}

// StudentRecords reads one student's records in one read transaction: what
// a window showing the whole school reads again after a write that touched
// the student, instead of the whole school. A student deleted has no records.
func (s *Store) StudentRecords(student data.ID) (StudentRecords, error) {
	r := StudentRecords{Student: student}
	err := s.view(func(tx *bolt.Tx) error {
		st, found, err := get[data.Student](tx.Bucket(bucketStudents), student[:])
		if err != nil {
			return err
		}
		r.Record, r.Found = st, found
		if r.Scores, err = readScores(tx, student[:]); err != nil {
			return err
		}
		if r.Plans, err = listByIndex[data.Plan](tx.Bucket(bucketPlansByStudent), tx.Bucket(bucketPlans), student[:]); err != nil {
			return err
		}
		c := tx.Bucket(bucketSessions).Cursor()
		for _, p := range r.Plans {
			if r.Sessions, err = appendSessions(r.Sessions, c, p.ID[:]); err != nil {
				return err
			}
		}
		if r.TierChanges, err = tierHistory(tx, student); err != nil {
			return err
		}
		r.Decisions, err = listByIndex[data.Decision](tx.Bucket(bucketDecisionsByStudent), tx.Bucket(bucketDecisions), student[:])
		return err
	})
	return r, err
}

package store

import (
	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// TierHistory returns a student's tier changes in date order.
func (s *Store) TierHistory(student data.ID) ([]data.TierChange, error) {
	var out []data.TierChange
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = tierHistory(tx, student)
		return err
	})
	return out, err
}

func tierHistory(tx *bolt.Tx, student data.ID) ([]data.TierChange, error) {
	return listByIndex[data.TierChange](tx.Bucket(bucketTierChangesByStudent), tx.Bucket(bucketTierChanges), student[:])
}

// ChangeTier records a move to c.To on c.Date. The "from" tier is the one in
// force on that date; a change may not be dated before the student's last
// change, so that the history stays one chain.
func (s *Store) ChangeTier(c *data.TierChange) error {
	return s.update(func(tx *bolt.Tx) error { return changeTier(tx, c) })
}

func changeTier(tx *bolt.Tx, c *data.TierChange) error {
	if err := requireRecord(tx, bucketStudents, c.Student, "student"); err != nil {
		return err
	}
	history, err := tierHistory(tx, c.Student)
	if err != nil {
		return err
	}
	if n := len(history); n > 0 && c.Date.Before(history[n-1].Date) {
		return &data.Error{Code: data.EINVALID, Field: "date",
			Message: "tier change date " + c.Date.String() + " is before the last change, on " + history[n-1].Date.String()}
	}
	c.From = data.TierOn(history, c.Date)
	if err := c.Validate(); err != nil {
		return err
	}
	if c.ID == (data.ID{}) {
		c.ID = data.NewID()
	}
	if err := tx.Bucket(bucketTierChangesByStudent).Put(key(c.Student, c.Date, c.ID), []byte{byte(c.To)}); err != nil {
		return err
	}
	if err := logPut(tx, entTier, c.ID[:], c.Student, *c); err != nil {
		return err
	}
	if err := put(tx.Bucket(bucketTierChanges), c.ID[:], *c); err != nil {
		return err
	}
	return rejoinWaitingTiers(tx, c.Student)
}

// tiersOn reads the students' tiers on a date from the tier index, whose
// entries hold each change's new tier: no tier change is decoded.
func tiersOn(tx *bolt.Tx, students []data.ID, on data.Date) map[data.ID]data.Tier {
	out := make(map[data.ID]data.Tier, len(students))
	c := tx.Bucket(bucketTierChangesByStudent).Cursor()
	for _, id := range students {
		// The last entry of the student dated on or before the date.
		var v []byte
		k, _ := c.Seek(key(id, on.AddDays(1)))
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		if k != nil && hasPrefix(k, id[:]) && len(v) == 1 {
			out[id] = data.Tier(v[0])
		}
	}
	return out
}

// UndoTierChange removes a student's latest tier change (a change entered
// by mistake); earlier changes cannot be removed without breaking the chain.
func (s *Store) UndoTierChange(student data.ID) error {
	return s.update(func(tx *bolt.Tx) error {
		history, err := tierHistory(tx, student)
		if err != nil {
			return err
		}
		if len(history) == 0 {
			return data.Errorf(data.ENOTFOUND, "the student has no tier change to undo")
		}
		last := history[len(history)-1]
		if err := tx.Bucket(bucketTierChangesByStudent).Delete(key(last.Student, last.Date, last.ID)); err != nil {
			return err
		}
		if err := logDelete(tx, entTier, last.ID[:], last.Student); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTierChanges).Delete(last.ID[:]); err != nil {
			return err
		}
		return rejoinWaitingTiers(tx, student)
	})
}

// Decisions returns the team's decisions about a student, in date order.
func (s *Store) Decisions(student data.ID) ([]data.Decision, error) {
	var out []data.Decision
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = listByIndex[data.Decision](tx.Bucket(bucketDecisionsByStudent), tx.Bucket(bucketDecisions), student[:])
		return err
	})
	return out, err
}

// SaveDecision records a meeting decision; when it names a plan and a next
// review date, the plan's review date moves too, in the same transaction.
func (s *Store) SaveDecision(d *data.Decision) error {
	return s.update(func(tx *bolt.Tx) error { return saveDecision(tx, d) })
}

func saveDecision(tx *bolt.Tx, d *data.Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if err := requireRecord(tx, bucketStudents, d.Student, "student"); err != nil {
		return err
	}
	if d.ID == (data.ID{}) {
		d.ID = data.NewID()
	}
	if d.Plan != (data.ID{}) {
		p, err := readPlan(tx, d.Plan)
		if err != nil {
			return err
		}
		if p.Student != d.Student {
			return data.Errorf(data.EINVALID, "decision plan %s belongs to another student", d.Plan)
		}
		if !d.NextReview.IsZero() && p.Status == data.Active {
			p.Review = d.NextReview
			if err := savePlan(tx, &p); err != nil {
				return err
			}
		}
	}
	index := tx.Bucket(bucketDecisionsByStudent)
	if old, ok, err := get[data.Decision](tx.Bucket(bucketDecisions), d.ID[:]); err != nil {
		return err
	} else if ok {
		if err := index.Delete(key(old.Student, old.Date, old.ID)); err != nil {
			return err
		}
	}
	if err := index.Put(key(d.Student, d.Date, d.ID), nil); err != nil {
		return err
	}
	if err := logPut(tx, entDecision, d.ID[:], d.Student, *d); err != nil {
		return err
	}
	return put(tx.Bucket(bucketDecisions), d.ID[:], *d)
}

package store

import (
	"encoding/binary"
	"fmt"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// Plans returns every plan of the school.
func (s *Store) Plans() ([]data.Plan, error) {
	var out []data.Plan
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = list[data.Plan](tx.Bucket(bucketPlans))
		return err
	})
	return out, err
}

// StudentPlans returns a student's plans, oldest first.
func (s *Store) StudentPlans(student data.ID) ([]data.Plan, error) {
	var out []data.Plan
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = listByIndex[data.Plan](tx.Bucket(bucketPlansByStudent), tx.Bucket(bucketPlans), student[:])
		return err
	})
	return out, err
}

// Plan returns one plan.
func (s *Store) Plan(id data.ID) (data.Plan, error) {
	var out data.Plan
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = readPlan(tx, id)
		return err
	})
	return out, err
}

func readPlan(tx *bolt.Tx, id data.ID) (data.Plan, error) {
	p, ok, err := get[data.Plan](tx.Bucket(bucketPlans), id[:])
	if err == nil && !ok {
		err = data.Errorf(data.ENOTFOUND, "no plan with id %s", id)
	}
	return p, err
}

// SavePlan creates or updates a plan after checking that its student,
// interventions and goal measure exist.
func (s *Store) SavePlan(p *data.Plan) error {
	return s.update(func(tx *bolt.Tx) error { return savePlan(tx, p) })
}

// SavePlans saves plans in one transaction: all or none (a new plan and
// the one it replaces, ended).
func (s *Store) SavePlans(plans ...*data.Plan) error {
	return s.update(func(tx *bolt.Tx) error {
		for _, p := range plans {
			if err := savePlan(tx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

func savePlan(tx *bolt.Tx, p *data.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.ID == (data.ID{}) {
		p.ID = data.NewID()
	}
	old, ok, err := get[data.Plan](tx.Bucket(bucketPlans), p.ID[:])
	if err != nil {
		return err
	}
	if ok && old.Student != p.Student {
		return data.Errorf(data.EINVALID, "a plan cannot move to another student")
	}
	if err := requireRecord(tx, bucketStudents, p.Student, "student"); err != nil {
		return err
	}
	for _, ph := range p.Phases {
		if err := requireRecord(tx, bucketInterventions, ph.Intervention, "intervention"); err != nil {
			return err
		}
	}
	if err := requireRecord(tx, bucketMeasures, p.Goal.Measure, "measure"); err != nil {
		return err
	}
	if err := tx.Bucket(bucketPlansByStudent).Put(key(p.Student, p.ID), nil); err != nil {
		return err
	}
	active := tx.Bucket(bucketActivePlans)
	if p.Status == data.Active {
		err = active.Put(p.ID[:], p.Student[:])
	} else {
		err = active.Delete(p.ID[:])
	}
	if err != nil {
		return err
	}
	if err := logPut(tx, entPlan, p.ID[:], p.Student, *p); err != nil {
		return err
	}
	return put(tx.Bucket(bucketPlans), p.ID[:], *p)
}

// DeletePlan removes a plan and its session log.
func (s *Store) DeletePlan(id data.ID) error {
	return s.update(func(tx *bolt.Tx) error { return deletePlan(tx, id) })
}

func deletePlan(tx *bolt.Tx, id data.ID) error {
	p, err := readPlan(tx, id)
	if err != nil {
		return err
	}
	if err := deleteSessions(tx, id[:]); err != nil {
		return err
	}
	if err := tx.Bucket(bucketPlansByStudent).Delete(key(p.Student, p.ID)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketActivePlans).Delete(id[:]); err != nil {
		return err
	}
	if err := logDelete(tx, entPlan, id[:], p.Student); err != nil {
		return err
	}
	return tx.Bucket(bucketPlans).Delete(id[:])
}

// Sessions returns a plan's session log in date order.
func (s *Store) Sessions(plan data.ID) ([]data.Session, error) {
	var out []data.Session
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = readSessions(tx, plan[:])
		return err
	})
	return out, err
}

func readSessions(tx *bolt.Tx, prefix []byte) ([]data.Session, error) {
	return appendSessions(nil, tx.Bucket(bucketSessions).Cursor(), prefix)
}

// forEachSession passes every session of the school to each, in key order.
func forEachSession(tx *bolt.Tx, each func(data.Session)) error {
	return tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
		ss, err := decodeSession(k, v)
		if err == nil {
			each(ss)
		}
		return err
	})
}

// appendSessions appends to out the sessions whose keys start with prefix;
// callers reading many prefixes pass one cursor for all of them.
func appendSessions(out []data.Session, c *bolt.Cursor, prefix []byte) ([]data.Session, error) {
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		ss, err := decodeSession(k, v)
		if err != nil {
			return nil, err
		}
		out = append(out, ss)
	}
	return out, nil
}

// SaveSession creates or updates a logged session. An update that moves the
// session to another date replaces the old entry.
func (s *Store) SaveSession(ss *data.Session) error {
	return s.update(func(tx *bolt.Tx) error { return newSessionWriter(tx).save(ss, nil) })
}

// ReplaceSession saves ss in place of old (the same session, edited).
func (s *Store) ReplaceSession(old data.Session, ss *data.Session) error {
	return s.update(func(tx *bolt.Tx) error { return newSessionWriter(tx).save(ss, &old) })
}

// SaveSessions logs many sessions in one transaction (bulk entry).
func (s *Store) SaveSessions(sessions []data.Session) error {
	return s.update(func(tx *bolt.Tx) error { return saveSessions(tx, sessions) })
}

func saveSessions(tx *bolt.Tx, sessions []data.Session) error {
	w := newSessionWriter(tx)
	keys := make([][]byte, len(sessions))
	for i := range sessions {
		keys[i] = sessionKey(sessions[i])
	}
	for _, i := range inKeyOrder(keys) {
		if err := w.save(&sessions[i], nil); err != nil {
			return fmt.Errorf("session %d of %d: %w", i+1, len(sessions), err)
		}
	}
	return nil
}

// sessionWriter checks sessions against their plan, reading each plan once.
type sessionWriter struct {
	tx    *bolt.Tx
	plans map[data.ID]data.Plan
}

func newSessionWriter(tx *bolt.Tx) *sessionWriter {
	return &sessionWriter{tx: tx, plans: map[data.ID]data.Plan{}}
}

func (w *sessionWriter) save(ss *data.Session, old *data.Session) error {
	if err := ss.Validate(); err != nil {
		return err
	}
	if ss.ID == (data.ID{}) {
		ss.ID = data.NewID()
	}
	p, ok := w.plans[ss.Plan]
	if !ok {
		var err error
		if p, err = readPlan(w.tx, ss.Plan); err != nil {
			return err
		}
		w.plans[ss.Plan] = p
	}
	if ss.Date.Before(p.Start()) {
		return &data.Error{Code: data.EINVALID, Field: "date", Message: "session date " + ss.Date.String() + " is before the plan's start " + p.Start().String()}
	}
	if p.Status != data.Active && ss.Date.After(p.Ended) {
		return &data.Error{Code: data.EINVALID, Field: "date", Message: "session date " + ss.Date.String() + " is after the plan ended on " + p.Ended.String()}
	}
	if old != nil {
		if old.ID != ss.ID || old.Plan != ss.Plan {
			return data.Errorf(data.EINVALID, "an edited session keeps its id and plan")
		}
		if err := deleteSession(w.tx, *old); err != nil {
			return err
		}
	}
	b := w.tx.Bucket(bucketSessions)
	k := sessionKey(*ss)
	if b.Get(k) == nil {
		if err := countWeek(w.tx, ss.Date, +1); err != nil {
			return err
		}
	}
	if err := logPut(w.tx, entSession, k, ss.Plan, *ss); err != nil {
		return err
	}
	return b.Put(k, encodeSession(k, *ss))
}

// deleteSession removes a session and its count in the weeks index.
func deleteSession(tx *bolt.Tx, ss data.Session) error {
	b := tx.Bucket(bucketSessions)
	k := sessionKey(ss)
	if b.Get(k) == nil {
		return data.Errorf(data.ENOTFOUND, "no session on %s", ss.Date)
	}
	if err := countWeek(tx, ss.Date, -1); err != nil {
		return err
	}
	if err := logDelete(tx, entSession, k, ss.Plan); err != nil {
		return err
	}
	return b.Delete(k)
}

// deleteSessions removes every session whose key starts with prefix (a plan's).
func deleteSessions(tx *bolt.Tx, prefix []byte) error {
	sessions, err := readSessions(tx, prefix)
	if err != nil {
		return err
	}
	for _, ss := range sessions {
		if err := deleteSession(tx, ss); err != nil {
			return err
		}
	}
	return nil
}

// countWeek moves the count of sessions logged in d's week: the index of
// instructional weeks that fidelity counts planned sessions in.
func countWeek(tx *bolt.Tx, d data.Date, delta int) error {
	b := tx.Bucket(bucketSessionWeeks)
	k := weekKey(d)
	n := 0
	if v := b.Get(k); len(v) == 4 {
		n = int(binary.BigEndian.Uint32(v))
	}
	n += delta
	if n <= 0 {
		return b.Delete(k)
	}
	return b.Put(k, binary.BigEndian.AppendUint32(nil, uint32(n)))
}

// DeleteSession removes one logged session.
func (s *Store) DeleteSession(ss data.Session) error {
	return s.update(func(tx *bolt.Tx) error { return deleteSession(tx, ss) })
}

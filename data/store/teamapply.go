package store

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/team/merge"
)

// ApplyResult says what applying other devices' changes did.
type ApplyResult struct {
	New     int // changes not seen before, now in the log
	Written int // records written or removed because a new change won
	Waiting int // winners waiting for a record they refer to (deleted, or not arrived yet)
	Refused int // winners this store cannot hold (they stay in the log and the conflict list)
}

// ApplyChanges folds other devices' changes into the store in one transaction: each new change
// goes into the log, and wherever it wins its record (merge order: clock, device, change id), the
// record is written or removed. Changes already seen are skipped, so applying twice changes
// nothing.
//
// A record whose winner refers to a record the store lacks (a score whose student was deleted,
// or has not arrived) waits in the pending list and is written when that record is. Records are
// checked as records (Validate, their references), not against rules that depend on the order
// changes arrive in (a tier change dated before the latest, a session after its plan's end as
// edited since): those would make devices disagree. Tier histories are rebuilt as one chain.
func (s *Store) ApplyChanges(changes []Change) (ApplyResult, error) {
	var res ApplyResult
	err := s.update(func(tx *bolt.Tx) error {
		if err := markApplying(tx); err != nil {
			return err
		}
		a := &applier{tx: tx, res: &res, chains: map[data.ID]bool{}}
		if err := a.apply(changes); err != nil {
			return err
		}
		res.Waiting = countKeys(tx.Bucket(bucketPending))
		return nil
	})
	return res, err
}

// applier writes the winners of one batch of changes.
type applier struct {
	tx     *bolt.Tx
	res    *ApplyResult
	seqs   map[string]uint64 // change id → log sequence, for the batch's new changes
	chains map[data.ID]bool  // students whose tier history must be rebuilt
}

func (a *applier) apply(changes []Change) error {
	ids, err := teamBucket(a.tx, bucketChangeIDs)
	if err != nil {
		return err
	}
	st, err := logState(a.tx)
	if err != nil {
		return err
	}
	own := st.device.String()
	batch := merge.New()
	a.seqs = make(map[string]uint64, len(changes))
	for i, c := range changes {
		if err := checkChange(c); err != nil {
			return fmt.Errorf("change %d of %d (%s): %w", i+1, len(changes), c.ID, err)
		}
		if c.Device == own || ids.Get([]byte(c.ID)) != nil || batch.Apply(c) == 0 {
			continue // this device's own, or seen before
		}
		seq, err := appendChange(a.tx, c, true)
		if err != nil {
			return err
		}
		a.seqs[c.ID] = seq
		st.clock, st.ticked = st.clock.Observe(c.Clock, wallClock()), true
		a.res.New++
	}
	winners := batch.Winners()
	// Parents before children: entity codes are in dependency order.
	slices.SortStableFunc(winners, func(x, y Change) int {
		return cmp.Compare(entityNamed(x.Ref.Entity).code, entityNamed(y.Ref.Entity).code)
	})
	for _, w := range winners {
		e, key := entityNamed(w.Ref.Entity), []byte(w.Ref.Key)
		old, ok, err := headOrder(a.tx, e, key)
		if err != nil {
			return err
		}
		if ok {
			win, err := wins(a.tx, w, old)
			if err != nil {
				return err
			}
			if !win {
				continue
			}
		}
		if err := setHead(a.tx, e, key, a.seqs[w.ID], w); err != nil {
			return err
		}
		a.res.Written++
		if err := a.materialize(e, key, w); err != nil {
			return fmt.Errorf("apply %s %x from device %s: %w", e.name, key, w.Device, err)
		}
	}
	return a.rebuildChains()
}

// checkChange refuses a change no Tierline writes: an unknown entity or kind, a key of the
// wrong length, a record missing or a parent that does not match the key.
func checkChange(c Change) error {
	e := entityNamed(c.Ref.Entity)
	switch {
	case e == nil:
		return data.Errorf(data.EINVALID, "unknown kind of record %q", c.Ref.Entity)
	case c.ID == "" || c.Device == "":
		return data.Errorf(data.EINVALID, "the change has no id or no device")
	case c.Kind != e.kind:
		return data.Errorf(data.EINVALID, "a %s change of the wrong kind", e.name)
	case len(c.Ref.Key) != e.keyLen():
		return data.Errorf(data.EINVALID, "a %s key of %d bytes, not %d", e.name, len(c.Ref.Key), e.keyLen())
	case c.Deleted != (len(c.Body) == 0):
		return data.Errorf(data.EINVALID, "a %s change that is neither a record nor a tombstone", e.name)
	case (e.parent == nil) != (c.Parent == nil):
		return data.Errorf(data.EINVALID, "a %s change whose parent is wrong", e.name)
	case c.Parent != nil && (c.Parent.Entity != e.parent.name || len(c.Parent.Key) != 16):
		return data.Errorf(data.EINVALID, "a %s change whose parent is wrong", e.name)
	}
	return nil
}

// errMissing is what a put returns when the record it refers to is not in the store.
type errMissing struct {
	e  *entity
	id data.ID
}

func (m errMissing) Error() string {
	return fmt.Sprintf("its %s %s is not in the store", m.e.name, m.id)
}

// materialize writes a winning change into the records: a put, or a removal for a tombstone.
func (a *applier) materialize(e *entity, key []byte, w Change) error {
	if w.Deleted {
		return a.remove(e, key)
	}
	err := a.put(e, key, w.Body)
	var missing errMissing
	var refused *data.Error
	switch {
	case errors.As(err, &missing):
		return a.pend(missing.e, missing.id, e, key)
	case errors.As(err, &refused) && (refused.Code == data.EINVALID || refused.Code == data.ECONFLICT || refused.Code == data.ENOTFOUND):
		a.res.Refused++
		return nil
	case err != nil:
		return err
	}
	return a.release(e, key)
}

// requireFor returns errMissing when the record a change refers to is absent.
func (a *applier) requireFor(bucket []byte, e *entity, id data.ID) error {
	if a.tx.Bucket(bucket).Get(id[:]) == nil {
		return errMissing{e, id}
	}
	return nil
}

func decodeBody[T any](e *entity, body []byte) (T, error) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return v, data.Errorf(data.EINVALID, "the %s record does not decode: %v", e.name, err)
	}
	return v, nil
}

// put writes one record from its change, through the store's own save where the save's checks
// do not depend on arrival order.
func (a *applier) put(e *entity, rk, body []byte) error {
	tx := a.tx
	sameKey := func(own []byte) error {
		if !bytes.Equal(own, rk) {
			return data.Errorf(data.EINVALID, "the %s record is filed under another key", e.name)
		}
		return nil
	}
	switch e {
	case entSettings:
		st, err := decodeBody[data.Settings](e, body)
		if err == nil {
			err = st.Validate()
		}
		if err != nil {
			return err
		}
		return put(tx.Bucket(bucketMeta), keySettings, st)
	case entMeasure:
		// Not saveMeasure: two laptops may name a measure alike while apart; both are kept.
		m, err := decodeBody[data.Measure](e, body)
		if err == nil {
			err = cmp.Or(sameKey(m.ID[:]), m.Validate())
		}
		if err != nil {
			return err
		}
		return put(tx.Bucket(bucketMeasures), rk, m)
	case entIntervention:
		i, err := decodeBody[data.Intervention](e, body)
		if err == nil {
			err = sameKey(i.ID[:])
		}
		if err != nil {
			return err
		}
		return saveIntervention(tx, &i)
	case entStudent:
		st, err := decodeBody[data.Student](e, body)
		if err == nil {
			err = sameKey(st.ID[:])
		}
		if err != nil {
			return err
		}
		return saveStudent(tx, &st)
	case entPlan:
		p, err := decodeBody[data.Plan](e, body)
		if err == nil {
			err = sameKey(p.ID[:])
		}
		if err != nil {
			return err
		}
		if err := a.requireFor(bucketStudents, entStudent, p.Student); err != nil {
			return err
		}
		if err := a.requireFor(bucketMeasures, entMeasure, p.Goal.Measure); err != nil {
			return err
		}
		for _, ph := range p.Phases {
			if err := a.requireFor(bucketInterventions, entIntervention, ph.Intervention); err != nil {
				return err
			}
		}
		return savePlan(tx, &p)
	case entScore:
		sc, err := decodeScore(rk, body)
		if err != nil {
			return data.Errorf(data.EINVALID, "%v", err)
		}
		if err := a.requireFor(bucketStudents, entStudent, sc.Student); err != nil {
			return err
		}
		if err := a.requireFor(bucketMeasures, entMeasure, sc.Measure); err != nil {
			return err
		}
		return newScoreWriter(tx).save(sc, rk)
	case entSession:
		// Not the session writer: whether a session falls inside its plan depends on which
		// edit of the plan arrived first.
		ss, err := decodeSession(rk, body)
		if err != nil {
			return data.Errorf(data.EINVALID, "%v", err)
		}
		if err := ss.Validate(); err != nil {
			return err
		}
		if err := a.requireFor(bucketPlans, entPlan, ss.Plan); err != nil {
			return err
		}
		b := tx.Bucket(bucketSessions)
		if b.Get(rk) == nil {
			if err := countWeek(tx, ss.Date, +1); err != nil {
				return err
			}
		}
		return b.Put(rk, encodeSession(rk, ss))
	case entTier:
		// A tier change joins its student's chain when the chain is rebuilt.
		c, err := decodeBody[data.TierChange](e, body)
		if err == nil {
			err = sameKey(c.ID[:])
		}
		if err != nil {
			return err
		}
		a.chains[c.Student] = true
		return a.pend(entStudent, c.Student, e, rk)
	case entDecision:
		// Not saveDecision: the plan's new review date arrives as the plan's own change.
		d, err := decodeBody[data.Decision](e, body)
		if err == nil {
			err = cmp.Or(sameKey(d.ID[:]), d.Validate())
		}
		if err != nil {
			return err
		}
		if err := a.requireFor(bucketStudents, entStudent, d.Student); err != nil {
			return err
		}
		if d.Plan != (data.ID{}) {
			if err := a.requireFor(bucketPlans, entPlan, d.Plan); err != nil {
				return err
			}
		}
		if err := a.removeDecision(d.ID); err != nil {
			return err
		}
		if err := tx.Bucket(bucketDecisionsByStudent).Put(key(d.Student, d.Date, d.ID), nil); err != nil {
			return err
		}
		return put(tx.Bucket(bucketDecisions), d.ID[:], d)
	}
	return fmt.Errorf("no way to apply a %s", e.name)
}

// remove applies a tombstone. What a student or plan takes with it waits in the pending list
// when its own winner is live (a concurrent edit), so it comes back if the parent does.
func (a *applier) remove(e *entity, rk []byte) error {
	tx := a.tx
	id := idFrom(rk)
	switch e {
	case entStudent:
		if tx.Bucket(bucketStudents).Get(rk) == nil {
			return nil
		}
		if err := a.pendChildren(id); err != nil {
			return err
		}
		return deleteStudent(tx, id)
	case entPlan:
		if tx.Bucket(bucketPlans).Get(rk) == nil {
			return nil
		}
		if err := a.pendPrefix(bucketSessions, entPlan, id, entSession, func(k []byte) []byte { return k }); err != nil {
			return err
		}
		if err := a.removePlanDecisions(id); err != nil {
			return err
		}
		return deletePlan(tx, id)
	case entScore:
		return tx.Bucket(bucketScores).Delete(rk)
	case entSession:
		v := tx.Bucket(bucketSessions).Get(rk)
		if v == nil {
			return nil
		}
		ss, err := decodeSession(rk, v)
		if err != nil {
			return err
		}
		return deleteSession(tx, ss)
	case entTier:
		c, ok, err := get[data.TierChange](tx.Bucket(bucketTierChanges), rk)
		if err != nil || !ok {
			return err
		}
		a.chains[c.Student] = true
		if err := tx.Bucket(bucketTierChangesByStudent).Delete(key(c.Student, c.Date, c.ID)); err != nil {
			return err
		}
		return tx.Bucket(bucketTierChanges).Delete(rk)
	case entDecision:
		return a.removeDecision(id)
	}
	return nil // settings, measures and interventions are never deleted
}

// removePlanDecisions takes out, to wait for the plan, the decisions about a plan being deleted:
// a decision may not name a plan that is not there.
func (a *applier) removePlanDecisions(plan data.ID) error {
	p, err := readPlan(a.tx, plan)
	if err != nil {
		return err
	}
	decisions, err := listByIndex[data.Decision](a.tx.Bucket(bucketDecisionsByStudent), a.tx.Bucket(bucketDecisions), p.Student[:])
	if err != nil {
		return err
	}
	for _, d := range decisions {
		if d.Plan != plan {
			continue
		}
		if err := a.pendIfLive(entPlan, plan, entDecision, d.ID[:]); err != nil {
			return err
		}
		if err := a.removeDecision(d.ID); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) removeDecision(id data.ID) error {
	old, ok, err := get[data.Decision](a.tx.Bucket(bucketDecisions), id[:])
	if err != nil || !ok {
		return err
	}
	if err := a.tx.Bucket(bucketDecisionsByStudent).Delete(key(old.Student, old.Date, old.ID)); err != nil {
		return err
	}
	return a.tx.Bucket(bucketDecisions).Delete(id[:])
}

// pendChildren puts in the pending list the records a student's deletion removes.
func (a *applier) pendChildren(student data.ID) error {
	plans, err := listByIndex[data.Plan](a.tx.Bucket(bucketPlansByStudent), a.tx.Bucket(bucketPlans), student[:])
	if err != nil {
		return err
	}
	for _, p := range plans {
		if err := a.pendIfLive(entStudent, student, entPlan, p.ID[:]); err != nil {
			return err
		}
		if err := a.pendPrefix(bucketSessions, entPlan, p.ID, entSession, func(k []byte) []byte { return k }); err != nil {
			return err
		}
	}
	last16 := func(k []byte) []byte { return k[len(k)-16:] }
	if err := a.pendPrefix(bucketScores, entStudent, student, entScore, func(k []byte) []byte { return k }); err != nil {
		return err
	}
	if err := a.pendPrefix(bucketTierChangesByStudent, entStudent, student, entTier, last16); err != nil {
		return err
	}
	return a.pendPrefix(bucketDecisionsByStudent, entStudent, student, entDecision, last16)
}

// pendPrefix pends the records listed under parent's id in bucket; recordKey maps a bucket key to
// the record's key.
func (a *applier) pendPrefix(bucket []byte, parent *entity, id data.ID, child *entity, recordKey func([]byte) []byte) error {
	var keys [][]byte
	c := a.tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(id[:]); k != nil && hasPrefix(k, id[:]); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), recordKey(k)...))
	}
	for _, k := range keys {
		if err := a.pendIfLive(parent, id, child, k); err != nil {
			return err
		}
	}
	return nil
}

func (a *applier) pendIfLive(parent *entity, id data.ID, child *entity, key []byte) error {
	h, ok, err := head(a.tx, child, key)
	if err != nil || !ok || h.Deleted {
		return err
	}
	return a.pend(parent, id, child, key)
}

// pend records that the child's winner waits for the parent record.
func (a *applier) pend(parent *entity, id data.ID, child *entity, key []byte) error {
	p, err := teamBucket(a.tx, bucketPending)
	if err != nil {
		return err
	}
	return p.Put(append(parent.ref(id[:]), child.ref(key)...), nil)
}

// release writes the winners that waited for the record just written.
func (a *applier) release(e *entity, key []byte) error {
	p := a.tx.Bucket(bucketPending)
	if p == nil || len(key) != 16 {
		return nil
	}
	prefix := e.ref(key)
	var waiting [][]byte
	c := p.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		waiting = append(waiting, append([]byte(nil), k...))
	}
	for _, k := range waiting {
		child := k[len(prefix):]
		ce := entityByCode(child[0])
		if ce == entTier {
			a.chains[idFrom(key)] = true // the chain rebuild takes it from the list
			continue
		}
		if err := p.Delete(k); err != nil {
			return err
		}
		if ce == nil {
			continue
		}
		h, ok, err := head(a.tx, ce, child[1:])
		if err != nil {
			return err
		}
		if ok && !h.Deleted {
			if err := a.materialize(ce, child[1:], h); err != nil {
				return err
			}
		}
	}
	return nil
}

func entityByCode(code byte) *entity {
	for _, e := range entities {
		if e.code == code {
			return e
		}
	}
	return nil
}

// rebuildChains makes each touched student's tier history one chain again: the live tier
// changes in date order, each from the tier before it. A change that would move the student to
// the tier they are already in (two laptops moved them alike) is left out of the records and
// waits in the pending list, so it returns if the change before it is undone.
func (a *applier) rebuildChains() error {
	students := make([]data.ID, 0, len(a.chains))
	for id := range a.chains {
		students = append(students, id)
	}
	slices.SortFunc(students, func(x, y data.ID) int { return bytes.Compare(x[:], y[:]) })
	for _, id := range students {
		if err := a.rebuildChain(id); err != nil {
			return err
		}
	}
	return nil
}

// rejoinWaitingTiers rebuilds a student's tier history after a local tier change when another
// device's changes wait out of it (they moved the student to the tier they were in): the local
// change may give them their place again, as it would on the devices that receive it.
func rejoinWaitingTiers(tx *bolt.Tx, student data.ID) error {
	p := tx.Bucket(bucketPending)
	if p == nil || applying(tx) {
		return nil
	}
	prefix := append(entStudent.ref(student[:]), entTier.code)
	if k, _ := p.Cursor().Seek(prefix); k == nil || !hasPrefix(k, prefix) {
		return nil
	}
	return (&applier{tx: tx, res: &ApplyResult{}, chains: map[data.ID]bool{}}).rebuildChain(student)
}

func (a *applier) rebuildChain(student data.ID) error {
	tx := a.tx
	if tx.Bucket(bucketStudents).Get(student[:]) == nil {
		return nil // the student's changes wait for them
	}
	records, index := tx.Bucket(bucketTierChanges), tx.Bucket(bucketTierChangesByStudent)
	byID := map[data.ID]data.TierChange{}
	history, err := tierHistory(tx, student)
	if err != nil {
		return err
	}
	for _, c := range history {
		byID[c.ID] = c
	}
	if p := tx.Bucket(bucketPending); p != nil {
		prefix := append(entStudent.ref(student[:]), entTier.code)
		c := p.Cursor()
		for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
			h, ok, err := head(tx, entTier, k[len(prefix):])
			if err != nil {
				return err
			}
			if !ok || h.Deleted {
				continue
			}
			tc, err := decodeBody[data.TierChange](entTier, h.Body)
			if err != nil {
				continue
			}
			byID[tc.ID] = tc
		}
	}
	chain := make([]data.TierChange, 0, len(byID))
	for _, c := range byID {
		chain = append(chain, c)
	}
	slices.SortFunc(chain, func(x, y data.TierChange) int {
		return cmp.Or(x.Date.Compare(y.Date), bytes.Compare(x.ID[:], y.ID[:]))
	})
	pending, err := teamBucket(tx, bucketPending)
	if err != nil {
		return err
	}
	tier := data.Tier(1)
	for _, c := range chain {
		pendKey := append(entStudent.ref(student[:]), entTier.ref(c.ID[:])...)
		if err := index.Delete(key(c.Student, c.Date, c.ID)); err != nil {
			return err
		}
		if err := records.Delete(c.ID[:]); err != nil {
			return err
		}
		c.From = tier
		if c.Student != student || c.Validate() != nil {
			if err := pending.Put(pendKey, nil); err != nil {
				return err
			}
			continue
		}
		if err := pending.Delete(pendKey); err != nil {
			return err
		}
		if err := index.Put(key(c.Student, c.Date, c.ID), []byte{byte(c.To)}); err != nil {
			return err
		}
		if err := put(records, c.ID[:], c); err != nil {
			return err
		}
		tier = c.To
	}
	return nil
}

// Conflicts folds the whole change log and returns what the merge set aside: other values of a
// logged record, records whose parent was deleted.
func (s *Store) Conflicts() ([]merge.Conflict, error) {
	var out []merge.Conflict
	err := s.view(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketChanges)
		if log == nil {
			return nil
		}
		state := merge.New()
		err := log.ForEach(func(k, v []byte) error {
			c, _, err := merge.DecodeBinary(v)
			if err != nil {
				return fmt.Errorf("change %x in the log: %w", k, err)
			}
			state.Apply(c)
			return nil
		})
		out = state.Conflicts()
		return err
	})
	return out, err
}

// countKeys counts a bucket's keys; Stats does not see a write transaction's own puts.
func countKeys(b *bolt.Bucket) int {
	n := 0
	if b != nil {
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			n++
		}
	}
	return n
}

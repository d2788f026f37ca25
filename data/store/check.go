package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// maxProblems bounds a Check report: past this many, the store needs a
// restore, not a longer list.
const maxProblems = 50

// Check runs bbolt's page consistency check and the domain's checks: every
// record decodes and validates, every reference points at a record, every
// index entry matches its record, tier histories form one chain. It returns
// nil for a healthy store, else every problem found (up to 50) joined.
func (s *Store) Check() error {
	var problems []error
	err := s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, fmt.Errorf("bbolt: %w", err))
		}
		problems = append(problems, checkRecords(tx)...)
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > maxProblems {
		problems = append(problems[:maxProblems], fmt.Errorf("and %d more problems", len(problems)-maxProblems))
	}
	return errors.Join(problems...)
}

// checker collects problems found in one read transaction.
type checker struct {
	tx       *bolt.Tx
	problems []error
	sealed   bool // the schema seals every record
}

// unsealed reports a record without its checksum in a store whose schema
// seals every record: its marker byte changed on disk.
func (c *checker) unsealed(bucket, k, v []byte) bool {
	if c.sealed && !isSealed(v) {
		c.add("%s %x: the record has no checksum: its first byte changed on disk (restore a backup: Settings → Backups lists them)", bucket, k)
		return true
	}
	return false
}

func (c *checker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Errorf(format, args...))
}

func (c *checker) exists(bucket []byte, id data.ID) bool {
	return c.tx.Bucket(bucket).Get(id[:]) != nil
}

// index compares an index bucket with the keys its records imply.
func (c *checker) index(name []byte, want map[string]bool) {
	have := map[string]bool{}
	c.tx.Bucket(name).ForEach(func(k, _ []byte) error {
		have[string(k)] = true
		if !want[string(k)] {
			c.add("index %s has an entry %x with no record", name, k)
		}
		return nil
	})
	for k := range want {
		if !have[k] {
			c.add("index %s lacks the entry %x", name, []byte(k))
		}
	}
}

func checkRecords(tx *bolt.Tx) []error {
	c := &checker{tx: tx, sealed: schemaVersion(tx.Bucket(bucketMeta)) >= sealedSchema}
	if meta := tx.Bucket(bucketMeta); meta != nil && meta.Get(keySettings) != nil {
		if st, err := readSettings(tx); err != nil {
			c.add("settings: %v", err)
		} else if err := st.Validate(); err != nil {
			c.add("settings: %v", err)
		}
	}
	c.students()
	measures := c.measures()
	c.scores(measures)
	c.interventions()
	c.plans()
	c.sessions()
	c.tierChanges()
	c.decisions()
	c.outbox()
	return c.problems
}

// outbox checks that each waiting summary decodes, sits under its
// sequence, and is below the bucket's sequence counter.
func (c *checker) outbox() {
	b := c.tx.Bucket(bucketOutbox)
	if b == nil {
		return // a store older than schema 5, being verified before restore
	}
	b.ForEach(func(k, raw []byte) error {
		var sub data.Submission
		switch err := unmarshal(k, raw, &sub); {
		case c.unsealed(bucketOutbox, k, raw):
		case err != nil:
			c.add("outbox %x: %v", k, err)
		case string(k) != string(sequenceKey(sub.Sequence)):
			c.add("outbox %x: the summary's sequence is %d", k, sub.Sequence)
		case sub.Sequence > b.Sequence():
			c.add("outbox %x: sequence %d is past the counter %d", k, sub.Sequence, b.Sequence())
		}
		return nil
	})
	if h, _, err := get[data.Hub](c.tx.Bucket(bucketSync), keyHub); err != nil {
		c.add("hub settings: %v", err)
	} else if err := h.Validate(); err != nil {
		c.add("hub settings: %v", err)
	}
}

// each decodes every record of a bucket, reporting the ones that fail to
// decode or that sit under a key other than their own id.
func each[T any](c *checker, bucket []byte, id func(T) data.ID, fn func(v T)) {
	c.tx.Bucket(bucket).ForEach(func(k, raw []byte) error {
		var v T
		if c.unsealed(bucket, k, raw) {
			return nil
		}
		if err := unmarshal(k, raw, &v); err != nil {
			c.add("%s %x: %v", bucket, k, err)
			return nil
		}
		if own := id(v); string(k) != string(own[:]) {
			c.add("%s %x: the record's id is %s", bucket, k, own)
		}
		fn(v)
		return nil
	})
}

func (c *checker) students() {
	want := map[string]bool{}
	each(c, bucketStudents, func(st data.Student) data.ID { return st.ID }, func(st data.Student) {
		if err := st.Validate(); err != nil {
			c.add("student %s: %v", st.ID, err)
		}
		if want[st.LocalID] {
			c.add("student local id %q is used twice", st.LocalID)
		}
		want[st.LocalID] = true
		if id := c.tx.Bucket(bucketStudentsByLocalID).Get([]byte(st.LocalID)); id == nil || idFrom(id) != st.ID {
			c.add("student %s: the local id index does not point at it", st.ID)
		}
	})
	c.index(bucketStudentsByLocalID, want)
}

func (c *checker) measures() map[data.ID]data.Measure {
	out := map[data.ID]data.Measure{}
	each(c, bucketMeasures, func(m data.Measure) data.ID { return m.ID }, func(m data.Measure) {
		if err := m.Validate(); err != nil {
			c.add("measure %s: %v", m.ID, err)
		}
		out[m.ID] = m
	})
	return out
}

func (c *checker) scores(measures map[data.ID]data.Measure) {
	cur := c.tx.Bucket(bucketScores).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if c.unsealed(bucketScores, k, v) {
			continue
		}
		sc, err := decodeScore(k, v)
		if err != nil {
			c.add("%v", err)
			continue
		}
		m, ok := measures[sc.Measure]
		switch {
		case !c.exists(bucketStudents, sc.Student):
			c.add("score %x: its student does not exist", k)
		case !ok:
			c.add("score %x: its measure does not exist", k)
		default:
			if err := sc.ValidateFor(m); err != nil {
				c.add("score %x: %v", k, err)
			}
		}
	}
}

func (c *checker) interventions() {
	each(c, bucketInterventions, func(i data.Intervention) data.ID { return i.ID }, func(i data.Intervention) {
		if err := i.Validate(); err != nil {
			c.add("intervention %s: %v", i.ID, err)
		}
	})
}

func (c *checker) plans() {
	want, active := map[string]bool{}, map[string]bool{}
	each(c, bucketPlans, func(p data.Plan) data.ID { return p.ID }, func(p data.Plan) {
		if p.Status == data.Active {
			active[string(p.ID[:])] = true
		}
		if err := p.Validate(); err != nil {
			c.add("plan %s: %v", p.ID, err)
		}
		if !c.exists(bucketStudents, p.Student) {
			c.add("plan %s: its student does not exist", p.ID)
		}
		for _, ph := range p.Phases {
			if !c.exists(bucketInterventions, ph.Intervention) {
				c.add("plan %s: intervention %s does not exist", p.ID, ph.Intervention)
			}
		}
		if !c.exists(bucketMeasures, p.Goal.Measure) {
			c.add("plan %s: its goal measure does not exist", p.ID)
		}
		want[string(key(p.Student, p.ID))] = true
	})
	c.index(bucketPlansByStudent, want)
	c.index(bucketActivePlans, active)
}

func (c *checker) sessions() {
	weeks := map[string]int{}
	defer c.weeks(weeks)
	cur := c.tx.Bucket(bucketSessions).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if c.unsealed(bucketSessions, k, v) {
			continue
		}
		ss, err := decodeSession(k, v)
		if err != nil {
			c.add("%v", err)
			continue
		}
		if err := ss.Validate(); err != nil {
			c.add("session %s: %v", ss.ID, err)
		}
		if !c.exists(bucketPlans, ss.Plan) {
			c.add("session %s: its plan does not exist", ss.ID)
		}
		weeks[string(weekKey(ss.Date))]++
	}
}

// weeks compares the weeks index with the counts of the sessions.
func (c *checker) weeks(want map[string]int) {
	have := map[string]int{}
	c.tx.Bucket(bucketSessionWeeks).ForEach(func(k, v []byte) error {
		if len(v) == 4 {
			have[string(k)] = int(binary.BigEndian.Uint32(v))
		}
		return nil
	})
	for k, n := range want {
		if have[k] != n {
			c.add("index session_weeks counts %d sessions in week %x, the log has %d", have[k], []byte(k), n)
		}
	}
	for k, n := range have {
		if _, ok := want[k]; !ok {
			c.add("index session_weeks counts %d sessions in week %x, the log has none", n, []byte(k))
		}
	}
}

func (c *checker) tierChanges() {
	want := map[string]bool{}
	each(c, bucketTierChanges, func(t data.TierChange) data.ID { return t.ID }, func(t data.TierChange) {
		if err := t.Validate(); err != nil {
			c.add("tier change %s: %v", t.ID, err)
		}
		if !c.exists(bucketStudents, t.Student) {
			c.add("tier change %s: its student does not exist", t.ID)
		}
		want[string(key(t.Student, t.Date, t.ID))] = true
	})
	c.index(bucketTierChangesByStudent, want)
	history, err := listByIndex[data.TierChange](c.tx.Bucket(bucketTierChangesByStudent), c.tx.Bucket(bucketTierChanges), nil)
	if err != nil {
		return
	}
	index := c.tx.Bucket(bucketTierChangesByStudent)
	for i, t := range history {
		if v := index.Get(key(t.Student, t.Date, t.ID)); len(v) != 1 || data.Tier(v[0]) != t.To {
			c.add("tier change %s: its index entry does not hold its tier %d", t.ID, t.To)
		}
		if i > 0 && history[i-1].Student == t.Student && history[i-1].To != t.From {
			c.add("tier change %s: from tier %d, but the previous change was to tier %d", t.ID, t.From, history[i-1].To)
		}
		if (i == 0 || history[i-1].Student != t.Student) && t.From != 1 {
			c.add("tier change %s: the student's first change starts from tier %d, not 1", t.ID, t.From)
		}
	}
}

func (c *checker) decisions() {
	want := map[string]bool{}
	each(c, bucketDecisions, func(d data.Decision) data.ID { return d.ID }, func(d data.Decision) {
		if err := d.Validate(); err != nil {
			c.add("decision %s: %v", d.ID, err)
		}
		if !c.exists(bucketStudents, d.Student) {
			c.add("decision %s: its student does not exist", d.ID)
		}
		if d.Plan != (data.ID{}) && !c.exists(bucketPlans, d.Plan) {
			c.add("decision %s: its plan does not exist", d.ID)
		}
		want[string(key(d.Student, d.Date, d.ID))] = true
	})
	c.index(bucketDecisionsByStudent, want)
}

package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/sync/team/merge"
)

// keyTeam holds the store's team membership and sync progress, encoded by the transport
// (sync/team/folder): the store keeps it without reading it.
var keyTeam = []byte("team")

// TeamState returns the saved team state, nil when the store is in no team.
func (s *Store) TeamState() ([]byte, error) {
	var out []byte
	err := s.view(func(tx *bolt.Tx) error {
		out = append([]byte(nil), tx.Bucket(bucketMeta).Get(keyTeam)...)
		return nil
	})
	if len(out) == 0 {
		out = nil
	}
	return out, err
}

// SaveTeamState stores the team state; nil leaves the team.
func (s *Store) SaveTeamState(state []byte) error {
	return s.update(func(tx *bolt.Tx) error {
		if state == nil {
			return tx.Bucket(bucketMeta).Delete(keyTeam)
		}
		return tx.Bucket(bucketMeta).Put(keyTeam, state)
	})
}

// LogExisting logs a put for every record that has no change in the log yet: a school entered
// before it joined a team, so the team receives it; the settings only withSettings (a laptop
// joining a team takes the team's). It returns how many it logged.
func (s *Store) LogExisting(withSettings bool) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		logIfNew := func(e *entity, k []byte, parent data.ID, v any) error {
			if heads := tx.Bucket(bucketHeads); heads != nil && heads.Get(e.ref(k)) != nil {
				return nil
			}
			n++
			return logPut(tx, e, k, parent, v)
		}
		if st, err := readSettings(tx); err == nil && withSettings {
			if err := logIfNew(entSettings, keySettings, data.ID{}, st); err != nil {
				return err
			}
		}
		r, err := readRecords(tx, true)
		if err != nil {
			return err
		}
		for _, m := range r.Measures {
			if err := logIfNew(entMeasure, m.ID[:], data.ID{}, m); err != nil {
				return err
			}
		}
		for _, i := range r.Interventions {
			if err := logIfNew(entIntervention, i.ID[:], data.ID{}, i); err != nil {
				return err
			}
		}
		for _, st := range r.Students {
			if err := logIfNew(entStudent, st.ID[:], data.ID{}, st); err != nil {
				return err
			}
		}
		for _, p := range r.Plans {
			if err := logIfNew(entPlan, p.ID[:], p.Student, p); err != nil {
				return err
			}
		}
		for _, sc := range r.Scores {
			if err := logIfNew(entScore, scoreKey(sc), sc.Student, sc); err != nil {
				return err
			}
		}
		for _, ss := range r.Sessions {
			if err := logIfNew(entSession, sessionKey(ss), ss.Plan, ss); err != nil {
				return err
			}
		}
		for _, c := range r.TierChanges {
			if err := logIfNew(entTier, c.ID[:], c.Student, c); err != nil {
				return err
			}
		}
		for _, d := range r.Decisions {
			if err := logIfNew(entDecision, d.ID[:], d.Student, d); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// LiveChanges returns this device's changes that still decide something: the winners of their
// records, and other values of logged records that are listed as conflicts. A change superseded
// by a later one of its record is left out: whoever has the later change needs nothing else.
// This is what a compacted segment holds: the changes up to sequence upTo (0: the newest). It
// also returns the newest log sequence read.
func (s *Store) LiveChanges(upTo uint64) ([]Change, uint64, error) {
	var out []Change
	var last uint64
	err := s.view(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketChanges)
		if log == nil {
			return nil
		}
		device, _ := deviceID(tx)
		mine := device.String()
		c := log.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if seq := binary.BigEndian.Uint64(k); upTo > 0 && seq > upTo {
				break
			}
			last = binary.BigEndian.Uint64(k)
			ch, _, err := merge.DecodeBinary(v)
			if err != nil {
				return fmt.Errorf("change %x in the log: %w", k, err)
			}
			if ch.Device != mine {
				continue
			}
			e := entityNamed(ch.Ref.Entity)
			if e == nil {
				continue
			}
			h, ok, err := head(tx, e, []byte(ch.Ref.Key))
			if err != nil {
				return err
			}
			if !ok || h.ID == ch.ID || (ch.Kind == merge.Logged && !ch.Deleted && !h.Deleted && string(h.Body) != string(ch.Body)) {
				out = append(out, ch)
			}
		}
		return nil
	})
	return out, last, err
}

// ScoreSlot names a student's score within them: what a score's key holds besides the student.
type ScoreSlot struct {
	Measure data.ID
	Date    data.Date
	Kind    data.ScoreKind
}

// EnteredBy is, for one student's records, the device that wrote each one's current value:
// what the student screen shows as "entered by". A record entered before the change log (or
// never changed since) is absent.
type EnteredBy struct {
	Student     string
	Scores      map[ScoreSlot]string
	TierChanges map[data.ID]string
	Decisions   map[data.ID]string
	Sessions    map[data.ID]string
	Plans       map[data.ID]string
}

// StudentEnteredBy reads who entered a student's records, in one read transaction.
func (s *Store) StudentEnteredBy(student data.ID) (EnteredBy, error) {
	by := EnteredBy{Scores: map[ScoreSlot]string{}, TierChanges: map[data.ID]string{}, Decisions: map[data.ID]string{},
		Sessions: map[data.ID]string{}, Plans: map[data.ID]string{}}
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketHeads) == nil {
			return nil
		}
		author := func(e *entity, k []byte) (string, error) {
			h, ok, err := head(tx, e, k)
			if err != nil || !ok || h.Deleted {
				return "", err
			}
			return h.Device, nil
		}
		var err error
		if by.Student, err = author(entStudent, student[:]); err != nil {
			return err
		}
		c := tx.Bucket(bucketScores).Cursor()
		for k, _ := c.Seek(student[:]); k != nil && hasPrefix(k, student[:]); k, _ = c.Next() {
			if len(k) != scoreKeyLen {
				continue
			}
			d, err := author(entScore, k)
			if err != nil {
				return err
			}
			if d != "" {
				by.Scores[ScoreSlot{Measure: idFrom(k[16:32]), Date: data.DateFromDayNumber(int(binary.BigEndian.Uint32(k[32:36]))), Kind: data.ScoreKind(k[36])}] = d
			}
		}
		for _, index := range []struct {
			bucket []byte
			e      *entity
			into   map[data.ID]string
		}{{bucketTierChangesByStudent, entTier, by.TierChanges}, {bucketDecisionsByStudent, entDecision, by.Decisions}, {bucketPlansByStudent, entPlan, by.Plans}} {
			c := tx.Bucket(index.bucket).Cursor()
			for k, _ := c.Seek(student[:]); k != nil && hasPrefix(k, student[:]); k, _ = c.Next() {
				id := k[len(k)-16:]
				d, err := author(index.e, id)
				if err != nil {
					return err
				}
				if d != "" {
					index.into[idFrom(id)] = d
				}
			}
		}
		sessions := tx.Bucket(bucketSessions).Cursor()
		for plan := range by.Plans {
			for k, _ := sessions.Seek(plan[:]); k != nil && hasPrefix(k, plan[:]); k, _ = sessions.Next() {
				d, err := author(entSession, k)
				if err != nil {
					return err
				}
				if d != "" && len(k) == sessionKeyLen {
					by.Sessions[idFrom(k[20:])] = d
				}
			}
		}
		return nil
	})
	return by, err
}

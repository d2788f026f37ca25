package store

import (
	"cmp"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
)

// Students returns every student, withdrawn ones included, sorted by family
// name, given name and local id.
func (s *Store) Students() ([]data.Student, error) {
	var out []data.Student
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = list[data.Student](tx.Bucket(bucketStudents))
		return err
	})
	sortStudents(out)
	return out, err
}

func sortStudents(students []data.Student) {
	// Small keys, lower-cased once, are sorted rather than the records: at
	// 30,000 students the comparisons' lower-casing and the moves of whole
	// records were a tenth of opening the store. Ties keep the store's order.
	type sortKey struct {
		family, given, local string
		i                    int
	}
	keys := make([]sortKey, len(students))
	for i, st := range students {
		keys[i] = sortKey{strings.ToLower(st.FamilyName), strings.ToLower(st.GivenName), st.LocalID, i}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		return cmp.Or(cmp.Compare(a.family, b.family), cmp.Compare(a.given, b.given), cmp.Compare(a.local, b.local), cmp.Compare(a.i, b.i))
	})
	sorted := make([]data.Student, len(students))
	for j, k := range keys {
		sorted[j] = students[k.i]
	}
	copy(students, sorted)
}

// Student returns one student by id.
func (s *Store) Student(id data.ID) (data.Student, error) {
	var out data.Student
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = readStudent(tx, id)
		return err
	})
	return out, err
}

func readStudent(tx *bolt.Tx, id data.ID) (data.Student, error) {
	st, ok, err := get[data.Student](tx.Bucket(bucketStudents), id[:])
	if err == nil && !ok {
		err = data.Errorf(data.ENOTFOUND, "no student with id %s", id)
	}
	return st, err
}

// StudentByLocalID returns the student with the given SIS id.
func (s *Store) StudentByLocalID(localID string) (data.Student, error) {
	var out data.Student
	err := s.view(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketStudentsByLocalID).Get([]byte(localID))
		if id == nil {
			return data.Errorf(data.ENOTFOUND, "no student with local id %q", localID)
		}
		var err error
		out, err = readStudent(tx, idFrom(id))
		return err
	})
	return out, err
}

// SaveStudent creates or updates a student; a new student gets an id.
func (s *Store) SaveStudent(st *data.Student) error {
	return s.update(func(tx *bolt.Tx) error { return saveStudent(tx, st) })
}

func saveStudent(tx *bolt.Tx, st *data.Student) error {
	if err := st.Validate(); err != nil {
		return err
	}
	if st.ID == (data.ID{}) {
		st.ID = data.NewID()
	}
	byLocal := tx.Bucket(bucketStudentsByLocalID)
	if owner := byLocal.Get([]byte(st.LocalID)); owner != nil && idFrom(owner) != st.ID {
		other, _ := readStudent(tx, idFrom(owner))
		return &data.Error{Code: data.ECONFLICT, Field: "local id",
			Message: "student local id " + quoteID(st.LocalID) + " already belongs to " + other.Name()}
	}
	previous, existed, err := get[data.Student](tx.Bucket(bucketStudents), st.ID[:])
	if err != nil {
		return err
	}
	if existed && previous.LocalID != st.LocalID {
		if err := byLocal.Delete([]byte(previous.LocalID)); err != nil {
			return err
		}
	}
	if err := byLocal.Put([]byte(st.LocalID), st.ID[:]); err != nil {
		return err
	}
	if err := ensureRecordKey(tx, st.ID); err != nil {
		return err
	}
	if err := logPut(tx, entStudent, st.ID[:], data.ID{}, *st); err != nil {
		return err
	}
	return put(tx.Bucket(bucketStudents), st.ID[:], *st)
}

func quoteID(s string) string { return "\"" + s + "\"" }

// WithdrawStudent marks a student withdrawn from a date, keeping all history.
func (s *Store) WithdrawStudent(id data.ID, on data.Date) error {
	return s.update(func(tx *bolt.Tx) error {
		st, err := readStudent(tx, id)
		if err != nil {
			return err
		}
		st.Withdrawn, st.WithdrawnOn = true, on
		return saveStudent(tx, &st)
	})
}

// DeleteStudent removes a student and everything recorded about them:
// scores, plans and their sessions, tier changes and decisions, in one
// transaction.
func (s *Store) DeleteStudent(id data.ID) error {
	return s.update(func(tx *bolt.Tx) error { return deleteStudent(tx, id) })
}

func deleteStudent(tx *bolt.Tx, id data.ID) error {
	st, err := readStudent(tx, id)
	if err != nil {
		return err
	}
	if err := logStudentDeleted(tx, id); err != nil {
		return err
	}
	plans, err := listByIndex[data.Plan](tx.Bucket(bucketPlansByStudent), tx.Bucket(bucketPlans), id[:])
	if err != nil {
		return err
	}
	for _, p := range plans {
		if err := deletePlan(tx, p.ID); err != nil {
			return err
		}
	}
	if err := deleteIndexed(tx, bucketTierChangesByStudent, bucketTierChanges, id[:]); err != nil {
		return err
	}
	if err := deleteIndexed(tx, bucketDecisionsByStudent, bucketDecisions, id[:]); err != nil {
		return err
	}
	if err := deletePrefix(tx.Bucket(bucketScores), id[:]); err != nil {
		return err
	}
	if err := tx.Bucket(bucketStudentsByLocalID).Delete([]byte(st.LocalID)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketRecordKeys).Delete(id[:]); err != nil {
		return err
	}
	return tx.Bucket(bucketStudents).Delete(id[:])
}

// deleteIndexed removes the records listed under prefix in an index, and
// their index entries.
func deleteIndexed(tx *bolt.Tx, index, records []byte, prefix []byte) error {
	rb := tx.Bucket(records)
	c := tx.Bucket(index).Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := rb.Delete(k[len(k)-16:]); err != nil {
			return err
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// requireRecord returns ENOTFOUND naming what is missing.
func requireRecord(tx *bolt.Tx, bucket []byte, id data.ID, what string) error {
	if tx.Bucket(bucket).Get(id[:]) == nil {
		return data.Errorf(data.ENOTFOUND, "no %s with id %s", what, id)
	}
	return nil
}

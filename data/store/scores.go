package store

import (
	"fmt"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// Scores returns a student's scores on one measure, in date order.
func (s *Store) Scores(student, measure data.ID) ([]data.Score, error) {
	return s.scanScores(key(student, measure))
}

// StudentScores returns a student's scores on every measure.
func (s *Store) StudentScores(student data.ID) ([]data.Score, error) {
	return s.scanScores(student[:])
}

// AllScores returns every score of the school in one read transaction.
func (s *Store) AllScores() ([]data.Score, error) { return s.scanScores(nil) }

func (s *Store) scanScores(prefix []byte) ([]data.Score, error) {
	var out []data.Score
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = readScores(tx, prefix)
		return err
	})
	return out, err
}

func readScores(tx *bolt.Tx, prefix []byte) ([]data.Score, error) {
	return readScoresFrom(tx, prefix, prefix)
}

// readScoresFrom reads the scores whose keys start with prefix, from the key from on.
func readScoresFrom(tx *bolt.Tx, prefix, from []byte) ([]data.Score, error) {
	var out []data.Score
	if prefix == nil {
		out = make([]data.Score, 0, tx.Bucket(bucketScores).Stats().KeyN)
	}
	return appendScores(out, tx.Bucket(bucketScores).Cursor(), prefix, from)
}

// appendScores appends to out the scores whose keys start with prefix, from
// the key from on; callers reading many prefixes pass one cursor.
func appendScores(out []data.Score, c *bolt.Cursor, prefix, from []byte) ([]data.Score, error) {
	for k, v := c.Seek(from); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		sc, err := decodeScore(k, v)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// SaveScore stores a score, replacing any score of the same student,
// measure, date and kind. An unset grade is taken from the student.
func (s *Store) SaveScore(sc data.Score) error {
	return s.update(func(tx *bolt.Tx) error {
		return newScoreWriter(tx).save(sc, scoreKey(sc))
	})
}

// SaveScores stores many scores in one transaction: all of them or none.
func (s *Store) SaveScores(scores []data.Score) error {
	return s.update(func(tx *bolt.Tx) error { return saveScores(tx, scores) })
}

func saveScores(tx *bolt.Tx, scores []data.Score) error {
	// One block holds every key: 100,000 scores allocate once, not 100,000 times.
	block := make([]byte, len(scores)*scoreKeyLen)
	keys := make([][]byte, len(scores))
	for i := range scores {
		keys[i] = putScoreKey(block[i*scoreKeyLen:(i+1)*scoreKeyLen], scores[i])
	}
	w := newScoreWriter(tx)
	for _, i := range inKeyOrder(keys) {
		if err := w.save(scores[i], keys[i]); err != nil {
			return fmt.Errorf("score %d of %d: %w", i+1, len(scores), err)
		}
	}
	return nil
}

// scoreWriter checks scores against their student and measure, reading each
// student and measure once per transaction.
type scoreWriter struct {
	tx       *bolt.Tx
	bucket   *bolt.Bucket
	measures map[data.ID]data.Measure
	grades   map[data.ID]data.Grade
}

func newScoreWriter(tx *bolt.Tx) *scoreWriter {
	return &scoreWriter{tx: tx, bucket: tx.Bucket(bucketScores), measures: map[data.ID]data.Measure{}, grades: map[data.ID]data.Grade{}}
}

func (w *scoreWriter) save(sc data.Score, key []byte) error {
	grade, ok := w.grades[sc.Student]
	if !ok {
		st, err := readStudent(w.tx, sc.Student)
		if err != nil {
			return err
		}
		grade = st.Grade
		w.grades[sc.Student] = grade
	}
	if sc.Grade == "" {
		sc.Grade = grade
	}
	m, ok := w.measures[sc.Measure]
	if !ok {
		found, exists, err := get[data.Measure](w.tx.Bucket(bucketMeasures), sc.Measure[:])
		if err != nil {
			return err
		}
		if !exists {
			return data.Errorf(data.ENOTFOUND, "no measure with id %s", sc.Measure)
		}
		m = found
		w.measures[sc.Measure] = m
	}
	if err := sc.ValidateFor(m); err != nil {
		return err
	}
	if err := logPut(w.tx, entScore, key, sc.Student, sc); err != nil {
		return err
	}
	return w.bucket.Put(key, encodeScore(key, sc))
}

// DeleteScore removes one score.
func (s *Store) DeleteScore(sc data.Score) error {
	return s.update(func(tx *bolt.Tx) error {
		k := scoreKey(sc)
		b := tx.Bucket(bucketScores)
		if b.Get(k) == nil {
			return data.Errorf(data.ENOTFOUND, "no %s score on %s", sc.Kind, sc.Date)
		}
		if err := logDelete(tx, entScore, k, sc.Student); err != nil {
			return err
		}
		return b.Delete(k)
	})
}

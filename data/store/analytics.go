package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/tierline/tierline/data"
	bolt "go.etcd.io/bbolt"
)

// GroupData reads, in one transaction, what group progress needs: every
// student (withdrawn ones were tested too) and the screening scores of one
// measure. Other scores are skipped while scanning, not decoded.
func (s *Store) GroupData(measure data.ID) (students []data.Student, scores []data.Score, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		if students, err = list[data.Student](tx.Bucket(bucketStudents)); err != nil {
			return err
		}
		c := tx.Bucket(bucketScores).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != scoreKeyLen || data.ScoreKind(k[36]) != data.Screening || string(k[16:32]) != string(measure[:]) {
				continue
			}
			sc, err := decodeScore(k, v)
			if err != nil {
				return err
			}
			scores = append(scores, sc)
		}
		return nil
	})
	return students, scores, err
}

// ReviewData reads, in one transaction, what the review list needs: the
// active plans (through their index), their students with their scores and
// tier histories, the plans' sessions, and the school's instructional weeks.
func (s *Store) ReviewData(today data.Date) (data.ReviewInput, error) {
	in := data.ReviewInput{Today: today}
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		if in.Settings, err = readSettings(tx); err != nil {
			return err
		}
		if in.Measures, err = list[data.Measure](tx.Bucket(bucketMeasures)); err != nil {
			return err
		}
		err = tx.Bucket(bucketActivePlans).ForEach(func(k, _ []byte) error {
			p, err := readPlan(tx, idFrom(k))
			in.Plans = append(in.Plans, p)
			return err
		})
		if err != nil {
			return err
		}
		// By student then measure: the scores then come out in the store's
		// order, which data.ScoresOf needs. Only the goal measure's scores
		// from the plan's start are read.
		slices.SortFunc(in.Plans, func(a, b data.Plan) int {
			return cmp.Or(bytes.Compare(a.Student[:], b.Student[:]), bytes.Compare(a.Goal.Measure[:], b.Goal.Measure[:]), a.Start().Compare(b.Start()))
		})
		var scores [][]data.Score
		for i, p := range in.Plans {
			newStudent := i == 0 || in.Plans[i-1].Student != p.Student
			if newStudent {
				st, err := readStudent(tx, p.Student)
				if err != nil {
					return err
				}
				in.Students = append(in.Students, st)
				history, err := tierHistory(tx, p.Student)
				if err != nil {
					return err
				}
				in.TierChanges = append(in.TierChanges, history...)
			}
			if !newStudent && in.Plans[i-1].Goal.Measure == p.Goal.Measure {
				continue // the earlier-starting plan read these scores already
			}
			own, err := readScoresFrom(tx, key(p.Student, p.Goal.Measure), key(p.Student, p.Goal.Measure, p.Start()))
			if err != nil {
				return err
			}
			scores = append(scores, own)
		}
		in.Scores = slices.Concat(scores...)
		var sessions [][]data.Session
		for _, p := range in.Plans {
			own, err := readSessions(tx, p.ID[:])
			if err != nil {
				return err
			}
			sessions = append(sessions, own)
		}
		in.Sessions = slices.Concat(sessions...)
		in.Weeks = readWeeks(tx)
		return nil
	})
	return in, err
}

// readWeeks returns the school's instructional weeks from the weeks index.
func readWeeks(tx *bolt.Tx) data.WeekSet {
	weeks := data.WeekSet{}
	tx.Bucket(bucketSessionWeeks).ForEach(func(k, _ []byte) error {
		weeks[int(binary.BigEndian.Uint32(k))] = true
		return nil
	})
	return weeks
}

// StudentInput reads, in one transaction, what one student's progress on one
// measure depends on: the settings, the student's scores on the measure,
// their plans, the sessions of the plans on that measure, and the school's
// instructional weeks.
func (s *Store) StudentInput(student data.ID, m data.Measure, asOf data.Date) (data.StudentInput, error) {
	in := data.StudentInput{Measure: m, AsOf: asOf, Method: data.OLS}
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		if in.Settings, err = readSettings(tx); err != nil {
			return err
		}
		if in.Student, err = readStudent(tx, student); err != nil {
			return err
		}
		if in.Scores, err = readScores(tx, key(student, m.ID)); err != nil {
			return err
		}
		if in.Plans, err = listByIndex[data.Plan](tx.Bucket(bucketPlansByStudent), tx.Bucket(bucketPlans), student[:]); err != nil {
			return err
		}
		for _, p := range in.Plans {
			if p.Goal.Measure != m.ID {
				continue
			}
			own, err := readSessions(tx, p.ID[:])
			if err != nil {
				return err
			}
			in.Sessions = append(in.Sessions, own...)
		}
		in.Weeks = readWeeks(tx)
		return nil
	})
	return in, err
}

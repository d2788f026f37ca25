package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/tierline/tierline/data"
	"github.com/tierline/tierline/data/analysis"
)

// GroupData reads, in one transaction, what group progress needs: every
// student (withdrawn ones were tested too) and the screening scores of one
// measure. Other scores are skipped while scanning, not decoded.
func (s *Store) GroupData(measure data.ID) (students []data.Student, scores []data.Score, err error) {
	err = s.view(func(tx *bolt.Tx) error {
		if students, err = list[data.Student](tx.Bucket(bucketStudents)); err != nil {
			return err
		}
		// A screening score per student, window and measure: a few times the
		// students, which saves growing the slice from nothing.
		scores = make([]data.Score, 0, 8*len(students))
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
// tiers (from the tier index), the plans' sessions, and the school's
// instructional weeks.
func (s *Store) ReviewData(today data.Date) (analysis.ReviewInput, error) {
	in := analysis.ReviewInput{Today: today}
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
		var ids []data.ID
		scores := tx.Bucket(bucketScores).Cursor()
		for i, p := range in.Plans {
			newStudent := i == 0 || in.Plans[i-1].Student != p.Student
			if newStudent {
				st, err := readStudent(tx, p.Student)
				if err != nil {
					return err
				}
				in.Students = append(in.Students, st)
				ids = append(ids, p.Student)
			}
			if !newStudent && in.Plans[i-1].Goal.Measure == p.Goal.Measure {
				continue // the earlier-starting plan read these scores already
			}
			in.Scores, err = appendScores(in.Scores, scores, key(p.Student, p.Goal.Measure), key(p.Student, p.Goal.Measure, p.Start()))
			if err != nil {
				return err
			}
		}
		in.Tiers = tiersOn(tx, ids, today)
		// Count first, then decode into one slice of the right size: growing
		// it session by session cost a quarter of the review list.
		n := 0
		c := tx.Bucket(bucketSessions).Cursor()
		for _, p := range in.Plans {
			for k, _ := c.Seek(p.ID[:]); k != nil && hasPrefix(k, p.ID[:]); k, _ = c.Next() {
				n++
			}
		}
		in.Sessions = make([]data.Session, 0, n)
		for _, p := range in.Plans {
			if in.Sessions, err = appendSessions(in.Sessions, c, p.ID[:]); err != nil {
				return err
			}
		}
		in.Weeks = readWeeks(tx)
		return nil
	})
	return in, err
}

// readWeeks returns the school's instructional weeks from the weeks index.
func readWeeks(tx *bolt.Tx) analysis.WeekSet {
	weeks := analysis.WeekSet{}
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
func (s *Store) StudentInput(student data.ID, m data.Measure, asOf data.Date) (analysis.StudentInput, error) {
	in := analysis.StudentInput{Measure: m, AsOf: asOf, Method: analysis.OLS}
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

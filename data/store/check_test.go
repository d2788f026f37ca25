package store_test

import (
	"strings"
	"testing"

	"github.com/tierline/tierline/data/store"
)

func TestCheckFindsDamage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(s *store.Store, sc school) error
		want   []string
	}{
		{"student removed under its records", func(s *store.Store, sc school) error {
			return store.DeleteRawForTest(s, "students", sc.student.ID[:])
		}, []string{
			"its student does not exist",
			"index students_by_local_id has an entry",
		}},
		{"local id index lost", func(s *store.Store, sc school) error {
			return store.DeleteRawForTest(s, "students_by_local_id", []byte(sc.student.LocalID))
		}, []string{"the local id index does not point at it", "index students_by_local_id lacks the entry"}},
		{"intervention removed", func(s *store.Store, sc school) error {
			return store.DeleteRawForTest(s, "interventions", sc.intervention.ID[:])
		}, []string{"intervention " + "%s"}},
		{"plan removed under its sessions", func(s *store.Store, sc school) error {
			return store.DeleteRawForTest(s, "plans", sc.plan.ID[:])
		}, []string{"its plan does not exist", "index plans_by_student has an entry"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := MustOpen(t)
			sc := seed(t, s)
			must(t, tc.damage(s, sc))
			err := s.Check()
			if err == nil {
				t.Fatal("Check found nothing")
			}
			for _, want := range tc.want {
				want = strings.ReplaceAll(want, "%s", sc.intervention.ID.String())
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Check: %v\nwant a problem mentioning %q", err, want)
				}
			}
		})
	}
}

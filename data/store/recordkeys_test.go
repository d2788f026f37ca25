package store_test

import (
	"testing"

	"github.com/tierline/tierline/data"
)

// A student's record key is made once: saving the student again, or
// withdrawing them, keeps it; deleting the student drops it.
func TestRecordKeysAreMadeOnceAndDroppedWithTheStudent(t *testing.T) {
	s := MustOpen(t)
	sc := seed(t, s)
	keys, err := s.RecordKeys()
	must(t, err)
	first, ok := keys[sc.student.ID]
	if !ok || len(keys) != 1 {
		t.Fatalf("record keys after seeding: %v", keys)
	}
	st := sc.student
	st.GivenName = "Renamed"
	must(t, s.SaveStudent(&st))
	must(t, s.WithdrawStudent(st.ID, data.NewDate(2027, 1, 4)))
	keys, err = s.RecordKeys()
	must(t, err)
	if keys[st.ID] != first {
		t.Errorf("record key changed from %#x to %#x on a save", first, keys[st.ID])
	}
	other := data.Student{LocalID: "70009", GivenName: "Kai", FamilyName: "Begay", Grade: "02", Sex: data.Male, Race: data.AmericanIndian}
	must(t, s.SaveStudent(&other))
	must(t, s.DeleteStudent(st.ID))
	keys, err = s.RecordKeys()
	must(t, err)
	if _, kept := keys[st.ID]; kept || len(keys) != 1 {
		t.Errorf("record keys after a delete: %v", keys)
	}
}

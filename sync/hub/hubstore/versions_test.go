package hubstore

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestEveryVersionIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Enroll("0123", "Oak", time.Now()); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, sub := range []Submission{
		{School: "0123", ID: "a", Sequence: 2, Year: "2026-2027", Window: "fall", Body: []byte(`{"v":2}`), Received: at},
		{School: "0123", ID: "b", Sequence: 1, Year: "2026-2027", Window: "fall", Body: []byte(`{"v":1}`), Received: at.Add(time.Hour)}, // late, older
		{School: "0123", ID: "c", Sequence: 3, Year: "2026-2027", Window: "fall", Body: []byte(`{"v":3}`), Received: at.Add(2 * time.Hour)},
		{School: "0123", ID: "d", Sequence: 4, Year: "2026-2027", Window: "winter", Body: []byte(`{"w":1}`), Received: at.Add(3 * time.Hour)},
	} {
		if _, _, err := st.Submit(sub); err != nil {
			t.Fatal(err)
		}
	}
	vs, err := st.Versions()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Window+"/"+v.ID+"/"+string(v.Body))
	}
	want := []string{`fall/b/{"v":1}`, `fall/a/{"v":2}`, `fall/c/{"v":3}`, `winter/d/{"w":1}`}
	if len(got) != len(want) {
		t.Fatalf("versions %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("version %d: %s, want %s", i, got[i], want[i])
		}
	}

	// A store from before versions: its history starts with its current summaries.
	if err := st.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketVersions) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if vs, err = st.Versions(); err != nil || len(vs) != 2 || vs[0].ID != "c" || vs[1].ID != "d" || vs[1].Year != "2026-2027" || !vs[0].Received.Equal(at.Add(2*time.Hour)) {
		t.Errorf("after the migration: %+v %v", vs, err)
	}
}

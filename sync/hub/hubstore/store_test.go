package hubstore_test

import (
	"path/filepath"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubstore/storetest"
)

func TestBoltStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		path := filepath.Join(t.TempDir(), "hub.db")
		return storetest.Backend{Open: func(t *testing.T) hubstore.Store {
			st, err := hubstore.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}}
	})
}

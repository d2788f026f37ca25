package hubpg_test

import (
	"os"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
	"github.com/tierline/tierline/sync/hub/hubstore"
	"github.com/tierline/tierline/sync/hub/hubstore/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestPostgresStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Backend {
		url := pgtest.Database(t)
		return storetest.Backend{Shared: true, Open: func(t *testing.T) hubstore.Store {
			st, err := hubpg.Open(url)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}}
	})
}

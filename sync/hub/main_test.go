package hub_test

import (
	"os"
	"testing"

	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
)

// TestMain stops the PostgreSQL cluster the tests started, when they ran
// with TIERLINE_HUB_STORE=postgres.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

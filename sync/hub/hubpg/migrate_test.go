package hubpg_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tierline/tierline/sync/hub/hubpg"
	"github.com/tierline/tierline/sync/hub/hubpg/pgtest"
)

// A step numbered below one a database already has (two branches each wrote
// a migration) is still applied when the hub next opens it.
func TestAMissedMigrationBelowTheHighestIsApplied(t *testing.T) {
	url := pgtest.Database(t)
	st, err := hubpg.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP TABLE summary_bodies, api_tokens; DELETE FROM schema_migrations WHERE version = 2"); err != nil {
		t.Fatal(err)
	}

	st, err = hubpg.Open(url)
	if err != nil {
		t.Fatalf("reopen after a missed step: %v", err)
	}
	st.Close()
	var tables, recorded int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename IN ('summary_bodies', 'api_tokens')").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM schema_migrations WHERE version = 2").Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if tables != 2 || recorded != 1 {
		t.Fatalf("after reopening: %d of the step's 2 tables, step recorded %d times", tables, recorded)
	}
}

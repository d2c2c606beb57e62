// Package storetest opens real, migrated databases for tests: a SQLite file
// in the test's temporary directory always, and a fresh PostgreSQL schema
// when PURNA_TEST_POSTGRES_URL is set. The schema is dropped when the test
// ends. Nothing is mocked.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/jobs"
)

// PostgresURL returns PURNA_TEST_POSTGRES_URL.
func PostgresURL() string { return os.Getenv("PURNA_TEST_POSTGRES_URL") }

// Each runs fn once per database: "sqlite" always, "postgres" when
// PURNA_TEST_POSTGRES_URL is set, each as a parallel subtest.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, MustOpenSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		if PostgresURL() == "" {
			t.Skip("PURNA_TEST_POSTGRES_URL is not set")
		}
		fn(t, MustOpenPostgres(t))
	})
}

// MustOpenSQLite returns a migrated SQLite database in t.TempDir().
func MustOpenSQLite(tb testing.TB) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), filepath.Join(tb.TempDir(), "purna.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	mustMigrate(tb, d)
	return d
}

// MustOpenPostgres returns a migrated PostgreSQL database in a new schema
// that is dropped when the test ends.
func MustOpenPostgres(tb testing.TB) *db.DB {
	tb.Helper()
	d, err := db.OpenPostgresSchema(context.Background(), PostgresURL(), mustSchema(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() }) // runs before the schema is dropped
	mustMigrate(tb, d)
	return d
}

// MustPostgresSchemaURL creates an empty schema, dropped when the test ends,
// and returns PURNA_TEST_POSTGRES_URL with search_path set to it, for tests
// that start whole purna processes against PostgreSQL.
func MustPostgresSchemaURL(tb testing.TB) string {
	tb.Helper()
	url := PostgresURL()
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + mustSchema(tb)
}

// mustSchema creates a schema with a random name and drops it, with all it
// holds, when the test ends.
func mustSchema(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "purna_test_" + hex.EncodeToString(b)
	admin, err := pgx.Connect(ctx, PostgresURL())
	if err != nil {
		tb.Fatalf("connect to PURNA_TEST_POSTGRES_URL: %v", err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close(context.Background())
	})
	return schema
}

func mustMigrate(tb testing.TB, d *db.DB) {
	tb.Helper()
	ctx := context.Background()
	err := d.WithMigrationLock(ctx, func() error {
		if err := d.Migrate(ctx); err != nil {
			return err
		}
		return jobs.Migrate(ctx, d)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// MustOpenSQLiteAt opens the SQLite database purna keeps in dir, for tests
// that look at what a purna process stored. It does not migrate.
func MustOpenSQLiteAt(tb testing.TB, dir string) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "purna.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

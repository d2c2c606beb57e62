package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

// migrationLockID is the PostgreSQL advisory lock that serialises migrations
// when several purna processes start at once.
const migrationLockID = 0x70757261 // "pura"

// WithMigrationLock runs fn while holding a database-wide lock, so that only
// one process migrates at a time. SQLite has one process and needs none.
func (db *DB) WithMigrationLock(ctx context.Context, fn func() error) error {
	if db.pool == nil {
		return fn()
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("db: acquire for migration lock: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLockID); err != nil {
		return fmt.Errorf("db: migration lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockID)
	}()
	return fn()
}

// Migrate applies every embedded migration that has not run yet. Call it
// inside WithMigrationLock.
func (db *DB) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	sqlDB := db.writer
	if db.pool != nil {
		dialect = goose.DialectPostgres
		sqlDB = stdlib.OpenDBFromPool(db.pool)
		defer sqlDB.Close()
	}
	p, err := goose.NewProvider(dialect, sqlDB, sub)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return nil
}

// StdDB returns a database/sql handle on the database, for libraries that
// need one. The caller closes it on PostgreSQL; on SQLite it is the shared
// writer and Close is a no-op for the caller's purposes (do not close it).
func (db *DB) StdDB() (*sql.DB, func()) {
	if db.pool != nil {
		s := stdlib.OpenDBFromPool(db.pool)
		return s, func() { s.Close() }
	}
	return db.writer, func() {}
}

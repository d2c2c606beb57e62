// Package db is the thin seam between Purna and its two databases: SQLite
// (embedded, the default) and PostgreSQL (to scale out). Queries are written
// once, in the SQL both engines understand, with $1-style placeholders, which
// modernc's SQLite driver binds by number too. Where the engines differ, the
// Dialect says so.
//
// SQLite runs through database/sql with a single writer connection (SQLite
// allows one writer at a time; queueing in Go is cheaper than SQLITE_BUSY
// retries) and a separate read-only pool. PostgreSQL runs on a pgx pool.
// Either way a transaction is a Tx, and Tx.Unwrap gives the driver's own
// transaction, which the job queue needs to enqueue in the same transaction.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier runs queries. A DB's read side and a Tx both implement it.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Rows is the common part of *sql.Rows and pgx.Rows.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the common part of *sql.Row and pgx.Row.
type Row interface {
	Scan(dest ...any) error
}

// Tx is a database transaction.
type Tx interface {
	Querier
	// Unwrap returns the driver's transaction: *sql.Tx on SQLite, pgx.Tx on
	// PostgreSQL.
	Unwrap() any
}

// DB is an open database of either dialect.
type DB struct {
	Dialect Dialect

	// SQLite
	writer, reader           *sql.DB
	writerStmts, readerStmts *stmtCache

	// PostgreSQL
	pool *pgxpool.Pool
}

// Open connects to url: a postgres:// or postgresql:// URL opens PostgreSQL,
// anything else is taken as the path of a SQLite file.
func Open(ctx context.Context, url string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url, nil)
	}
	return openSQLite(ctx, url)
}

// OpenPostgresSchema opens PostgreSQL with search_path set to schema on every
// connection. Tests use it to give each test its own schema.
func OpenPostgresSchema(ctx context.Context, url, schema string) (*DB, error) {
	return openPostgres(ctx, url, map[string]string{"search_path": schema})
}

func openPostgres(ctx context.Context, url string, params map[string]string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse postgres url: %w", err)
	}
	for k, v := range params {
		cfg.ConnConfig.RuntimeParams[k] = v
	}
	if cfg.MaxConns < 16 {
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect to postgres: %w", err)
	}
	return &DB{Dialect: Postgres, pool: pool}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("db: empty SQLite path")
	}
	// WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode
	// survives application crashes (not power loss) and is the usual trade.
	// foreign_keys is off by default in SQLite, for historical reasons only.
	// _txlock=immediate takes the write lock at BEGIN, so a transaction never
	// fails half way with SQLITE_BUSY when it first writes. A 64 MiB page
	// cache per connection and in-memory temporary tables halve the file
	// reads and writes of large imports.
	const pragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_time_format=sqlite"
	writer, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	writer.SetConnMaxLifetime(0)
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("db: open sqlite reader: %w", err)
	}
	reader.SetMaxOpenConns(4)
	reader.SetMaxIdleConns(4)
	return &DB{Dialect: SQLite, writer: writer, reader: reader,
		writerStmts: newStmtCache(writer), readerStmts: newStmtCache(reader)}, nil
}

// Close closes every connection.
func (db *DB) Close() error {
	if db.pool != nil {
		db.pool.Close()
		return nil
	}
	db.readerStmts.close()
	db.writerStmts.close()
	return errors.Join(db.reader.Close(), db.writer.Close())
}

// Pool returns the pgx pool on PostgreSQL, nil on SQLite.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Read returns a Querier for reads outside a transaction.
func (db *DB) Read() Querier {
	if db.pool != nil {
		return pgxQuerier{db.pool}
	}
	return sqlQuerier{db: db.reader, stmts: db.readerStmts}
}

// Write returns a Querier for single statements outside a transaction.
func (db *DB) Write() Querier {
	if db.pool != nil {
		return pgxQuerier{db.pool}
	}
	return sqlQuerier{db: db.writer, stmts: db.writerStmts}
}

// InTx runs fn in a transaction, committing if fn returns nil and rolling
// back otherwise.
func (db *DB) InTx(ctx context.Context, fn func(Tx) error) error {
	if db.pool != nil {
		tx, err := db.pool.Begin(ctx)
		if err != nil {
			return fmt.Errorf("db: begin: %w", err)
		}
		if err := fn(pgxTx{pgxQuerier{tx}, tx}); err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("db: commit: %w", err)
		}
		return nil
	}
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer db.writerStmts.preparePending(context.WithoutCancel(ctx))
	if err := fn(sqlTx{sqlQuerier{db: db.writer, tx: tx, stmts: db.writerStmts}}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Savepoint runs fn inside a savepoint of tx: if fn fails, only its writes
// are undone and tx stays usable.
func Savepoint(ctx context.Context, tx Tx, name string, fn func() error) error {
	if _, err := tx.Exec(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, rerr := tx.Exec(ctx, "RELEASE SAVEPOINT "+name)
		return errors.Join(err, rerr)
	}
	_, err := tx.Exec(ctx, "RELEASE SAVEPOINT "+name)
	return err
}

// IsNoRows reports whether err says a query returned no row.
func IsNoRows(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows)
}

// IsUniqueViolation reports whether err is a unique-constraint violation.
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// stmtCache keeps prepared statements per SQL text. database/sql does not
// cache them, and SQLite spends most of a small statement's time parsing
// it: preparing once made ingestion several times faster. (pgx caches
// statements itself.)
//
// A statement first met inside a transaction cannot be prepared on the
// pool then: the writer pool has one connection and the transaction holds
// it. It runs unprepared and is prepared once the transaction ends.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
}

// maxCachedStmts bounds the cache; multi-row inserts make one text per row
// count, which stays far below it in practice.
const maxCachedStmts = 2000

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement for query, or nil if it is not
// prepared (the caller then runs the text directly).
func (c *stmtCache) get(ctx context.Context, query string, inTx bool) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.m[query]
	if !ok && inTx && len(c.pending) < maxCachedStmts {
		c.pending[query] = true
	}
	c.mu.Unlock()
	if ok || inTx {
		return st
	}
	return c.prepare(ctx, query)
}

// preparePending prepares the statements transactions met.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	if len(c.pending) == 0 {
		c.mu.Unlock()
		return
	}
	queries := make([]string, 0, len(c.pending))
	for q := range c.pending {
		queries = append(queries, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range queries {
		c.prepare(ctx, q)
	}
}

func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the direct call reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok {
		st.Close()
		return prev
	}
	if len(c.m) >= maxCachedStmts {
		st.Close()
		return nil
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

type sqlQuerier struct {
	db    *sql.DB
	tx    *sql.Tx // nil outside a transaction
	stmts *stmtCache
}

// stmt returns a prepared statement for query bound to the transaction if
// there is one, or nil.
func (q sqlQuerier) stmt(ctx context.Context, query string) *sql.Stmt {
	st := q.stmts.get(ctx, query, q.tx != nil)
	if st != nil && q.tx != nil {
		return q.tx.StmtContext(ctx, st)
	}
	return st
}

func (q sqlQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	var res sql.Result
	var err error
	if st := q.stmt(ctx, query); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else if q.tx != nil {
		res, err = q.tx.ExecContext(ctx, query, args...)
	} else {
		res, err = q.db.ExecContext(ctx, query, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q sqlQuerier) Query(ctx context.Context, query string, args ...any) (Rows, error) {
	var rows *sql.Rows
	var err error
	if st := q.stmt(ctx, query); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else if q.tx != nil {
		rows, err = q.tx.QueryContext(ctx, query, args...)
	} else {
		rows, err = q.db.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q sqlQuerier) QueryRow(ctx context.Context, query string, args ...any) Row {
	if st := q.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	} else if q.tx != nil {
		return q.tx.QueryRowContext(ctx, query, args...)
	}
	return q.db.QueryRowContext(ctx, query, args...)
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

type sqlTx struct{ sqlQuerier }

func (t sqlTx) Unwrap() any { return t.tx }

type pgxConn interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type pgxQuerier struct{ c pgxConn }

func (q pgxQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.c.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q pgxQuerier) Query(ctx context.Context, query string, args ...any) (Rows, error) {
	rows, err := q.c.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (q pgxQuerier) QueryRow(ctx context.Context, query string, args ...any) Row {
	return q.c.QueryRow(ctx, query, args...)
}

type pgxTx struct {
	pgxQuerier
	tx pgx.Tx
}

func (t pgxTx) Unwrap() any { return t.tx }

// Package jobs runs Purna's background work on River, a durable job queue
// kept in the same database as everything else. A job is inserted in the
// transaction of the change that causes it, so an order is never stored
// without its follow-up work, nor work queued for an order that rolled back.
// With PostgreSQL several purna processes share the queue and each job runs
// once; River's leader election runs the periodic jobs.
//
// River's types stay inside this package and app: modules see only
// purna.JobArgs and the Enqueuer interface sqlstore asks for.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
)

// Config tunes the queue.
type Config struct {
	// Workers is how many jobs run at once in this process. Default 10.
	Workers int
	Logger  *slog.Logger
	// InsertOnly builds a queue that inserts jobs but never works them
	// (CLI commands, tests of the storage layer).
	InsertOnly bool
}

// Queue inserts and works jobs on either database.
type Queue struct {
	insert func(ctx context.Context, tx db.Tx, args river.JobArgs) error
	start  func(ctx context.Context) error
	stop   func(ctx context.Context) error
	d      *db.DB
}

// Migrate creates or updates River's own tables. Run it under the
// migration lock, after db.Migrate.
func Migrate(ctx context.Context, d *db.DB) error {
	var err error
	if d.Dialect == db.Postgres {
		var m *rivermigrate.Migrator[pgx.Tx]
		if m, err = rivermigrate.New(riverpgxv5.New(d.Pool()), &rivermigrate.Config{Logger: quiet()}); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	} else {
		sqlDB, _ := d.StdDB()
		var m *rivermigrate.Migrator[*sql.Tx]
		if m, err = rivermigrate.New(riversqlite.New(sqlDB), &rivermigrate.Config{Logger: quiet()}); err == nil {
			_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		}
	}
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

func quiet() *slog.Logger {
	return slog.New(slog.NewTextHandler(discard{}, &slog.HandlerOptions{Level: slog.LevelError}))
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// New builds a queue on d with the given workers registered.
func New(d *db.DB, workers *river.Workers, cfg Config) (*Queue, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	if cfg.Logger == nil {
		cfg.Logger = quiet()
	}
	rc := &river.Config{
		Logger:               cfg.Logger,
		JobTimeout:           5 * time.Minute,
		RescueStuckJobsAfter: 15 * time.Minute,
	}
	if !cfg.InsertOnly {
		rc.Workers = workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}
		rc.PeriodicJobs = append([]*river.PeriodicJob{sweepPeriodic(), ReminderPeriodic()}, journeyPeriodics()...)
	}
	q := &Queue{d: d}
	if d.Dialect == db.Postgres {
		c, err := river.NewClient(riverpgxv5.New(d.Pool()), rc)
		if err != nil {
			return nil, fmt.Errorf("jobs: new client: %w", err)
		}
		bind(q, c, func(tx db.Tx) pgx.Tx { return tx.Unwrap().(pgx.Tx) })
	} else {
		// SQLite has no LISTEN/NOTIFY worth waiting on; poll often, it is
		// a cheap indexed query on a local file.
		rc.FetchPollInterval = 100 * time.Millisecond
		sqlDB, _ := d.StdDB()
		c, err := river.NewClient(riversqlite.New(sqlDB), rc)
		if err != nil {
			return nil, fmt.Errorf("jobs: new client: %w", err)
		}
		bind(q, c, func(tx db.Tx) *sql.Tx { return tx.Unwrap().(*sql.Tx) })
	}
	return q, nil
}

func bind[TTx any](q *Queue, c *river.Client[TTx], unwrap func(db.Tx) TTx) {
	q.insert = func(ctx context.Context, tx db.Tx, args river.JobArgs) error {
		_, err := c.InsertTx(ctx, unwrap(tx), args, nil)
		return err
	}
	q.start = c.Start
	q.stop = c.Stop
}

// InsertTx enqueues args in tx. It implements sqlstore.Enqueuer.
func (q *Queue) InsertTx(ctx context.Context, tx db.Tx, args purna.JobArgs) error {
	if err := q.insert(ctx, tx, args); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Start begins working jobs.
func (q *Queue) Start(ctx context.Context) error { return q.start(ctx) }

// Stop stops fetching new jobs and waits for running ones to finish, until
// ctx ends.
func (q *Queue) Stop(ctx context.Context) error { return q.stop(ctx) }

// Depth counts the jobs waiting or running, by state, for /metrics.
func (q *Queue) Depth(ctx context.Context) (map[string]int64, error) {
	rows, err := q.d.Read().Query(ctx, `SELECT state, COUNT(*) FROM river_job
		WHERE state IN ('available', 'scheduled', 'running', 'retryable') GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}

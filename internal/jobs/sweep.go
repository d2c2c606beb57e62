package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// SweepArgs is the hourly clean-up of data that has expired: ended
// sessions and idempotency keys older than a day.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "maintenance.sweep" }

// InsertOpts makes the sweep unique per hour, so a change of leader cannot
// queue it twice.
func (SweepArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Hour}}
}

// Sweeper deletes expired data; sqlstore.Store implements it.
type Sweeper interface {
	Sweep(ctx context.Context, now time.Time) (int64, error)
}

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Sweeper Sweeper
}

// Work deletes what has expired.
func (w *SweepWorker) Work(ctx context.Context, job *river.Job[SweepArgs]) error {
	_, err := w.Sweeper.Sweep(ctx, time.Now().UTC())
	return err
}

// sweepPeriodic queues the sweep every hour, and once at start.
func sweepPeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/reminder"
)

// ReminderArgs scans every shop for warranties about to end, services
// falling due and customers who lapsed, and puts them on the timeline.
type ReminderArgs struct{}

// Kind names the job.
func (ReminderArgs) Kind() string { return "reminder.scan" }

// InsertOpts keeps one per period, whichever process is leader.
func (ReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: ReminderEvery}}
}

// ReminderEvery is how often reminders are looked for. Warranty and
// lapse dates are days apart, so an hour's delay is never noticed.
const ReminderEvery = time.Hour

// ReminderScanner is reminder.Service.
type ReminderScanner interface {
	Run(ctx context.Context, shopID purna.ID) (reminder.Counts, error)
}

// ReminderWorker runs the reminder scan in every shop.
type ReminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	Shops     ShopLister
	Reminders ReminderScanner
}

// Timeout allows for large shops: the scan pages through their delivered
// orders, well beyond the queue's default five minutes on a slow disk.
func (w *ReminderWorker) Timeout(*river.Job[ReminderArgs]) time.Duration { return 30 * time.Minute }

// Work scans each shop. One shop's failure does not hold the others back;
// the job then fails and its retry repeats only what is still due, the
// events' dedupe keys making the rest a no-op.
func (w *ReminderWorker) Work(ctx context.Context, job *river.Job[ReminderArgs]) error {
	shops, err := w.Shops.FindShops(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, sh := range shops {
		if err := ctx.Err(); err != nil {
			return errors.Join(append(errs, err)...)
		}
		if _, err := w.Reminders.Run(ctx, sh.ID); err != nil {
			errs = append(errs, fmt.Errorf("shop %s: %w", sh.ID, err))
		}
	}
	return errors.Join(errs...)
}

// ReminderPeriodic queues the scan every ReminderEvery, and once at start.
// jobs.New adds it to the client's periodic jobs.
func ReminderPeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(ReminderEvery),
		func() (river.JobArgs, *river.InsertOpts) { return ReminderArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

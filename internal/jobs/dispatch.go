package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Reactor is a module's response to new timeline events: journeys start,
// surveys go out, points are earned. It must be idempotent: a job can run
// more than once.
type Reactor func(ctx context.Context, e timeline.Event) error

// EventFinder loads events; sqlstore.Store implements it.
type EventFinder interface {
	FindEventsByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]timeline.Event, error)
}

// DispatchWorker hands new timeline events to every reactor.
type DispatchWorker struct {
	river.WorkerDefaults[timeline.DispatchArgs]
	Events   EventFinder
	Reactors []Reactor
	// JobContext, when set, prepares the context one job's reactors share,
	// such as a cache of what they read for every event of the job.
	JobContext func(ctx context.Context) context.Context
}

// Work runs each reactor on each event. An error retries the whole job;
// reactors are idempotent, so the ones that succeeded do nothing new.
func (w *DispatchWorker) Work(ctx context.Context, job *river.Job[timeline.DispatchArgs]) error {
	if w.JobContext != nil {
		ctx = w.JobContext(ctx)
	}
	events, err := w.Events.FindEventsByIDs(ctx, job.Args.ShopID, job.Args.EventIDs)
	if err != nil {
		return err
	}
	for _, e := range events {
		for _, r := range w.Reactors {
			if err := r(ctx, e); err != nil {
				return err
			}
		}
	}
	return nil
}

package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/shop"
)

// JourneyTickArgs advances the journeys that are due and delivers the
// messages that are due. It runs every few seconds; the schedule itself
// lives in the database, so a missed tick only delays.
type JourneyTickArgs struct{}

// Kind names the job.
func (JourneyTickArgs) Kind() string { return "journey.tick" }

// InsertOpts keeps one tick per period, whichever process is leader.
func (JourneyTickArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: TickEvery}}
}

// TickEvery is how often journeys advance.
const TickEvery = 2 * time.Second

// Ticker is what the tick runs; journey.Engine implements it.
type Ticker interface {
	Tick(ctx context.Context) (int, error)
	Deliver(ctx context.Context) (int, error)
}

// JourneyTickWorker runs the tick.
type JourneyTickWorker struct {
	river.WorkerDefaults[JourneyTickArgs]
	Engine Ticker
}

// Work advances and delivers until nothing more is due, within a bound.
func (w *JourneyTickWorker) Work(ctx context.Context, job *river.Job[JourneyTickArgs]) error {
	for range 20 {
		n, err := w.Engine.Tick(ctx)
		if err != nil {
			return err
		}
		m, err := w.Engine.Deliver(ctx)
		if err != nil {
			return err
		}
		if n == 0 && m == 0 {
			return nil
		}
	}
	return nil
}

// FlagLateArgs puts late parcels on their customers' timelines.
type FlagLateArgs struct{}

// Kind names the job.
func (FlagLateArgs) Kind() string { return "order.flag_late" }

// InsertOpts keeps one per period.
func (FlagLateArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: FlagLateEvery}}
}

// FlagLateEvery is how often late parcels are looked for.
const FlagLateEvery = 10 * time.Minute

// LateFlagger is order.Service.
type LateFlagger interface {
	FlagLate(ctx context.Context, shopID purna.ID) (int, error)
}

// ShopLister lists shops; sqlstore.Shops implements it.
type ShopLister interface {
	FindShops(ctx context.Context) ([]*shop.Shop, error)
}

// FlagLateWorker flags late parcels in every shop.
type FlagLateWorker struct {
	river.WorkerDefaults[FlagLateArgs]
	Shops  ShopLister
	Orders LateFlagger
}

// Work flags each shop's late parcels.
func (w *FlagLateWorker) Work(ctx context.Context, job *river.Job[FlagLateArgs]) error {
	shops, err := w.Shops.FindShops(ctx)
	if err != nil {
		return err
	}
	for _, sh := range shops {
		if _, err := w.Orders.FlagLate(ctx, sh.ID); err != nil {
			return err
		}
	}
	return nil
}

func journeyPeriodics() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(TickEvery),
			func() (river.JobArgs, *river.InsertOpts) { return JourneyTickArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(FlagLateEvery),
			func() (river.JobArgs, *river.InsertOpts) { return FlagLateArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}),
	}
}

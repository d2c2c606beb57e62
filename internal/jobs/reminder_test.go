package jobs

import (
	"context"
	"errors"
	"testing"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/shop"
)

type shopsFunc func(ctx context.Context) ([]*shop.Shop, error)

func (f shopsFunc) FindShops(ctx context.Context) ([]*shop.Shop, error) { return f(ctx) }

type runFunc func(ctx context.Context, shopID purna.ID) (reminder.Counts, error)

func (f runFunc) Run(ctx context.Context, shopID purna.ID) (reminder.Counts, error) {
	return f(ctx, shopID)
}

func TestReminderWorker(t *testing.T) {
	t.Parallel()
	shops := shopsFunc(func(context.Context) ([]*shop.Shop, error) {
		return []*shop.Shop{{ID: "a"}, {ID: "b"}, {ID: "c"}}, nil
	})
	tests := []struct {
		name    string
		failing purna.ID
		wantErr bool
	}{
		{name: "AllShops"},
		{name: "OneShopFailsOthersRun", failing: "b", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var ran []purna.ID
			w := &ReminderWorker{Shops: shops, Reminders: runFunc(func(_ context.Context, id purna.ID) (reminder.Counts, error) {
				ran = append(ran, id)
				if id == tc.failing {
					return reminder.Counts{}, errors.New("boom")
				}
				return reminder.Counts{WarrantyExpiring: 1}, nil
			})}
			err := w.Work(t.Context(), &river.Job[ReminderArgs]{})
			if (err != nil) != tc.wantErr {
				t.Errorf("Work = %v, want error %v", err, tc.wantErr)
			}
			if len(ran) != 3 {
				t.Errorf("ran shops %v, want all three", ran)
			}
		})
	}
	if got := (ReminderArgs{}).InsertOpts().UniqueOpts.ByPeriod; got != ReminderEvery {
		t.Errorf("unique period = %s, want %s", got, ReminderEvery)
	}
}

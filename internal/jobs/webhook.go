package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/webhook"
)

// WebhookDeliverer makes a delivery's next attempt; webhook.Service
// implements it.
type WebhookDeliverer interface {
	Deliver(ctx context.Context, shopID, id purna.ID) (*webhook.Delivery, error)
}

// WebhookDeliverWorker sends one delivery to its endpoint. The retry
// schedule is the delivery's own (webhook.Policy): after a failed attempt
// the job sleeps until the delivery's next_at with river.JobSnooze, which
// River does not count against the job's attempts. An error (the database
// is away) is retried by River as usual.
type WebhookDeliverWorker struct {
	river.WorkerDefaults[webhook.DeliverArgs]
	Webhooks WebhookDeliverer
}

// Work makes the attempt and schedules the next one, if any.
func (w *WebhookDeliverWorker) Work(ctx context.Context, job *river.Job[webhook.DeliverArgs]) error {
	d, err := w.Webhooks.Deliver(ctx, job.Args.ShopID, job.Args.DeliveryID)
	switch {
	case purna.ErrorCode(err) == purna.ENOTFOUND:
		return nil // the endpoint was deleted, and its deliveries with it
	case err != nil:
		return err
	case d.Status == webhook.Pending && d.NextAt != nil:
		return river.JobSnooze(max(time.Until(*d.NextAt), 0))
	}
	return nil
}

// Timeout leaves room for one request (webhook.Timeout) and the writes
// around it.
func (w *WebhookDeliverWorker) Timeout(*river.Job[webhook.DeliverArgs]) time.Duration {
	return webhook.Timeout + 20*time.Second
}

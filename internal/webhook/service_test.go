package webhook_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/webhook"
)

// clock is a purna.Clock the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// serviceBundle is a service on a real store whose jobs are only queued:
// the test calls Deliver itself, at the times it chooses.
type serviceBundle struct {
	store *sqlstore.Store
	svc   *webhook.Service
	clock *clock
	shop  purna.ID
}

func setupService(t *testing.T, d *db.DB) *serviceBundle {
	t.Helper()
	s := testfix.MustStore(t, d)
	c := &clock{now: time.Now().UTC().Truncate(time.Millisecond)}
	svc := webhook.NewService(sqlstore.Webhooks{Store: s}, c)
	svc.Policy.Jitter = 0
	return &serviceBundle{store: s, svc: svc, clock: c, shop: testfix.Shop(t, s, nil).ID}
}

func (b *serviceBundle) event(typ timeline.Type) timeline.Event {
	now := b.clock.Now()
	return timeline.Event{ID: purna.NewID(now), ShopID: b.shop, Type: typ, OccurredAt: now}
}

func (b *serviceBundle) create(t *testing.T, rc *receiver, types ...string) *webhook.Endpoint {
	t.Helper()
	e, err := b.svc.Create(context.Background(), b.shop, webhook.Input{URL: rc.srv.URL, EventTypes: types})
	if err != nil {
		t.Fatal(err)
	}
	rc.mu.Lock()
	rc.secret = e.Secret
	rc.mu.Unlock()
	return e
}

// react records the event's deliveries and returns the endpoint's newest.
func (b *serviceBundle) react(t *testing.T, ep *webhook.Endpoint, ev timeline.Event) *webhook.Delivery {
	t.Helper()
	ctx := context.Background()
	if err := b.svc.React(ctx, ev); err != nil {
		t.Fatal(err)
	}
	page, err := b.svc.Deliveries(ctx, webhook.DeliveryFilter{ShopID: b.shop, EndpointID: ep.ID, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no delivery: %v", err)
	}
	return page.Items[0]
}

func (b *serviceBundle) deliver(t *testing.T, d *webhook.Delivery) *webhook.Delivery {
	t.Helper()
	got, err := b.svc.Deliver(context.Background(), b.shop, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestServiceDisablesAnEndpointFailingForFiveDays(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupService(t, d)
		ctx := context.Background()
		rc := newReceiver(t, 500, 200, 500, 500, 500, 500)
		ep := b.create(t, rc, "order.*")

		// A failure, then a success: the streak starts and ends.
		d1 := b.react(t, ep, b.event(timeline.OrderPaid))
		if got := b.deliver(t, d1); got.Status != webhook.Pending || got.NextAt == nil || !got.NextAt.Equal(b.clock.Now().Add(5*time.Second)) {
			t.Fatalf("after a 500: %+v", got)
		}
		e, _ := b.svc.FindByID(ctx, b.shop, ep.ID)
		if e.FailingSince == nil || !e.FailingSince.Equal(b.clock.Now()) {
			t.Fatalf("failing since = %v", e.FailingSince)
		}
		// Too early: nothing is sent.
		if got := b.deliver(t, d1); got.Attempts != 1 || len(rc.requests()) != 1 {
			t.Fatalf("an early job sent again: %+v", got)
		}
		b.clock.add(5 * time.Second)
		if got := b.deliver(t, d1); got.Status != webhook.Delivered {
			t.Fatalf("retry: %+v", got)
		}
		if e, _ := b.svc.FindByID(ctx, b.shop, ep.ID); e.FailingSince != nil {
			t.Fatalf("a success did not end the streak: %v", e.FailingSince)
		}

		// Failures from now on: the endpoint holds for five days, then goes.
		start := b.clock.Now()
		d2 := b.react(t, ep, b.event(timeline.OrderFulfilled))
		b.deliver(t, d2)
		b.clock.add(4 * 24 * time.Hour)
		d3 := b.react(t, ep, b.event(timeline.OrderDelivered))
		if got := b.deliver(t, d3); got.Status != webhook.Pending {
			t.Fatalf("after four days: %+v", got)
		}
		b.clock.add(24 * time.Hour)
		d4 := b.react(t, ep, b.event(timeline.OrderRefunded))
		got := b.deliver(t, d4)
		if got.Status != webhook.Failed {
			t.Errorf("the delivery that crossed five days: %+v", got)
		}
		e, _ = b.svc.FindByID(ctx, b.shop, ep.ID)
		if e.Status != webhook.Disabled || !strings.Contains(e.DisabledReason, start.Format(time.RFC3339)) {
			t.Fatalf("endpoint after five days of failures = %+v", e)
		}
		// A pending delivery is failed without a request, and new events
		// are not recorded.
		sent := len(rc.requests())
		if got := b.deliver(t, d3); got.Status != webhook.Failed || !strings.Contains(got.LastError, "disabled") {
			t.Errorf("pending delivery of a disabled endpoint = %+v", got)
		}
		if err := b.svc.React(ctx, b.event(timeline.OrderPaid)); err != nil {
			t.Fatal(err)
		}
		if page, _ := b.svc.Deliveries(ctx, webhook.DeliveryFilter{ShopID: b.shop, EndpointID: ep.ID}); page.Total != 4 || len(rc.requests()) != sent {
			t.Errorf("disabled endpoint: %d deliveries, %d requests (had %d)", page.Total, len(rc.requests()), sent)
		}

		// The merchant turns it back on: a fresh start.
		active := webhook.Active
		e, err := b.svc.Update(ctx, b.shop, ep.ID, webhook.Update{Status: &active})
		if err != nil || e.Status != webhook.Active || e.DisabledReason != "" || e.FailingSince != nil {
			t.Fatalf("re-enabled = %+v, %v", e, err)
		}
		if e, _ := b.svc.FindByID(ctx, b.shop, ep.ID); e.FailingSince != nil || e.Status != webhook.Active {
			t.Errorf("stored after re-enabling = %+v", e)
		}
	})
}

func TestServiceRetryAfter(t *testing.T) {
	t.Parallel()
	b := setupService(t, storetest.MustOpenSQLite(t))
	rc := newReceiver(t)
	rc.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	ep := b.create(t, rc, "*")
	got := b.deliver(t, b.react(t, ep, b.event("anything.happened")))
	if got.Status != webhook.Pending || !got.NextAt.Equal(b.clock.Now().Add(time.Hour)) || got.LastStatus != 429 {
		t.Errorf("after 429 with Retry-After: %+v", got)
	}
}

func TestServiceRedirectIsAFailure(t *testing.T) {
	t.Parallel()
	b := setupService(t, storetest.MustOpenSQLite(t))
	rc := newReceiver(t)
	rc.srv.Config.Handler = http.RedirectHandler("https://example.com/elsewhere", http.StatusMovedPermanently)
	ep := b.create(t, rc, "*")
	got := b.deliver(t, b.react(t, ep, b.event("anything.happened")))
	if got.Status != webhook.Pending || got.LastStatus != 301 || !strings.Contains(got.LastError, "https://example.com/elsewhere") {
		t.Errorf("after a redirect: %+v", got)
	}
}

func TestServiceEndpoints(t *testing.T) {
	t.Parallel()
	b := setupService(t, storetest.MustOpenSQLite(t))
	ctx := context.Background()
	rc := newReceiver(t)
	rc.now = b.clock.Now
	ep := b.create(t, rc, "order.paid")

	// Rotation: both secrets sign during the grace period.
	old := ep.Secret
	rot, err := b.svc.RotateSecret(ctx, b.shop, ep.ID)
	if err != nil || rot.Secret == old || rot.PreviousSecret != old {
		t.Fatalf("rotate: %+v, %v", rot, err)
	}
	d := b.react(t, ep, b.event(timeline.OrderPaid))
	b.deliver(t, d)
	reqs := rc.requests() // the receiver still knows the old secret
	if len(reqs) != 1 || reqs[0].err != nil || len(strings.Fields(reqs[0].sig)) != 2 {
		t.Fatalf("during the grace period both secrets sign: %+v", reqs)
	}
	rc.mu.Lock()
	rc.secret = rot.Secret
	rc.mu.Unlock()
	b.clock.add(25 * time.Hour)
	b.deliver(t, b.react(t, ep, b.event(timeline.OrderPaid)))
	if reqs := rc.requests(); len(reqs) != 2 || reqs[1].err != nil || len(strings.Fields(reqs[1].sig)) != 1 {
		t.Fatalf("after the grace period the new secret alone signs: %+v", reqs)
	}

	// Bad changes name their fields; the endpoint stays as it was.
	bad := "http://example.com"
	types := []string{"order.paid", "nope"}
	status := webhook.Status("paused")
	_, err = b.svc.Update(ctx, b.shop, ep.ID, webhook.Update{URL: &bad, EventTypes: &types, Status: &status})
	fields := purna.ErrorFields(err)
	if fields["url"] == "" || fields["event_types[1]"] == "" || fields["status"] == "" {
		t.Errorf("update problems = %v", err)
	}

	// At most MaxEndpoints per shop.
	for range webhook.MaxEndpoints - 1 {
		b.create(t, rc, "*")
	}
	if _, err := b.svc.Create(ctx, b.shop, webhook.Input{URL: rc.srv.URL, EventTypes: []string{"*"}}); purna.ErrorCode(err) != purna.ECONFLICT {
		t.Errorf("endpoint %d: %v", webhook.MaxEndpoints+1, err)
	}

	// Old events (imports) are not sent.
	ev := b.event(timeline.OrderPaid)
	ev.OccurredAt = ev.OccurredAt.Add(-4 * 24 * time.Hour)
	if err := b.svc.React(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if page, _ := b.svc.Deliveries(ctx, webhook.DeliveryFilter{ShopID: b.shop, EndpointID: ep.ID}); page.Total != 2 {
		t.Errorf("an old event was delivered: %d deliveries", page.Total)
	}

	// Tests go out only on active endpoints.
	disabled := webhook.Disabled
	if _, err := b.svc.Update(ctx, b.shop, ep.ID, webhook.Update{Status: &disabled}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SendTest(ctx, b.shop, ep.ID); purna.ErrorCode(err) != purna.ECONFLICT {
		t.Errorf("test on a disabled endpoint: %v", err)
	}
	if err := b.svc.Delete(ctx, b.shop, ep.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.Deliver(ctx, b.shop, d.ID); purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("a deleted endpoint's delivery: %v", err)
	}
}

package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/jobs"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/webhook"
)

// receiver is a merchant's endpoint: it checks every request with Verify
// and answers with the statuses it is given, then 200.
type receiver struct {
	srv *httptest.Server

	mu       sync.Mutex
	secret   string
	now      func() time.Time // the receiver's clock
	statuses []int
	got      []received
}

type received struct {
	id, ts, sig string
	body        []byte
	err         error // what Verify said
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	t.Helper()
	rc := &receiver{statuses: statuses, now: time.Now}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		err := webhook.Verify(rc.secret, r.Header, body, webhook.DefaultTolerance, rc.now())
		rc.got = append(rc.got, received{r.Header.Get(webhook.HeaderID), r.Header.Get(webhook.HeaderTimestamp),
			r.Header.Get(webhook.HeaderSignature), body, err})
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		if err != nil {
			status = http.StatusUnauthorized
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

type testBundle struct {
	store *sqlstore.Store
	svc   *webhook.Service
}

// setup runs a real job queue with the dispatch and delivery workers, and
// a webhook service whose retries wait 50 ms.
func setup(t *testing.T, d *db.DB) *testBundle {
	t.Helper()
	dispatch := &jobs.DispatchWorker{}
	deliver := &jobs.WebhookDeliverWorker{}
	sweep := &jobs.SweepWorker{}
	workers := river.NewWorkers()
	river.AddWorker(workers, dispatch)
	river.AddWorker(workers, deliver)
	river.AddWorker(workers, sweep)
	river.AddWorker(workers, &jobs.JourneyTickWorker{Engine: idle{}})
	river.AddWorker(workers, &jobs.FlagLateWorker{Shops: idle{}, Orders: idle{}})
	q, err := jobs.New(d, workers, jobs.Config{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	b := &testBundle{store: sqlstore.New(d, q)}
	b.svc = webhook.NewService(sqlstore.Webhooks{Store: b.store}, purna.SystemClock{})
	b.svc.Policy.Retry = []time.Duration{50 * time.Millisecond, 50 * time.Millisecond, 50 * time.Millisecond}
	b.svc.Policy.Jitter = 0
	dispatch.Events, dispatch.Reactors = b.store, []jobs.Reactor{b.svc.React}
	deliver.Webhooks = b.svc
	sweep.Sweeper = b.store
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return b
}

// idle stands in for the journeys' periodic jobs, which these tests do not
// exercise.
type idle struct{}

func (idle) Tick(context.Context) (int, error)               { return 0, nil }
func (idle) Deliver(context.Context) (int, error)            { return 0, nil }
func (idle) FlagLate(context.Context, purna.ID) (int, error) { return 0, nil }
func (idle) FindShops(context.Context) ([]*shop.Shop, error) { return nil, nil }

func (b *testBundle) shop(t *testing.T) purna.ID { return testfix.Shop(t, b.store, nil).ID }

func (b *testBundle) endpoint(t *testing.T, shopID purna.ID, rc *receiver, types ...string) *webhook.Endpoint {
	t.Helper()
	e, err := b.svc.Create(context.Background(), shopID, webhook.Input{URL: rc.srv.URL + "/purna", EventTypes: types})
	if err != nil {
		t.Fatal(err)
	}
	rc.mu.Lock()
	rc.secret = e.Secret
	rc.mu.Unlock()
	return e
}

// emit puts an event on the shop's timeline, as any module does; the
// dispatch job then hands it to the webhook reactor.
func (b *testBundle) emit(t *testing.T, shopID purna.ID, typ timeline.Type, key string) timeline.Event {
	t.Helper()
	var fresh []timeline.Event
	err := b.store.Begin(context.Background(), func(tx *sqlstore.Tx) error {
		var err error
		fresh, err = tx.AppendEvents(context.Background(), []timeline.Event{{ShopID: shopID, Type: typ,
			OccurredAt: time.Now(), Data: json.RawMessage(`{"template":"order_shipped"}`), DedupeKey: key}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh) != 1 {
		return timeline.Event{}
	}
	return fresh[0]
}

func (b *testBundle) deliveries(t *testing.T, shopID, endpointID purna.ID) []*webhook.Delivery {
	t.Helper()
	page, err := b.svc.Deliveries(context.Background(), webhook.DeliveryFilter{ShopID: shopID, EndpointID: endpointID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// waitDone waits until the endpoint has n deliveries, none pending.
func (b *testBundle) waitDone(t *testing.T, shopID, endpointID purna.ID, n int) []*webhook.Delivery {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ds := b.deliveries(t, shopID, endpointID)
		done := len(ds) == n
		for _, d := range ds {
			done = done && d.Status != webhook.Pending
		}
		if done {
			return ds
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited for %d finished deliveries; have %+v", n, ds)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func TestDelivery(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()

		t.Run("SignedToSubscribersOfTheShopOnly", func(t *testing.T) {
			shopA, shopB := b.shop(t), b.shop(t)
			orders, messages, other := newReceiver(t), newReceiver(t), newReceiver(t)
			epOrders := b.endpoint(t, shopA, orders, "order.*")
			epMessages := b.endpoint(t, shopA, messages, "message.sent", "message.failed")
			epOther := b.endpoint(t, shopB, other, "*")

			paid := b.emit(t, shopA, timeline.OrderPaid, "paid:1")
			sent := b.emit(t, shopA, "message.sent", "sent:1")
			got := b.waitDone(t, shopA, epOrders.ID, 1)[0]
			b.waitDone(t, shopA, epMessages.ID, 1)

			if got.Status != webhook.Delivered || got.Attempts != 1 || got.LastStatus != 200 || got.EventID != paid.ID || got.DeliveredAt == nil {
				t.Errorf("delivery = %+v", got)
			}
			reqs := orders.requests()
			if len(reqs) != 1 || reqs[0].err != nil || reqs[0].id != got.ID || string(reqs[0].body) != string(got.Payload) {
				t.Fatalf("receiver got %+v", reqs)
			}
			var body struct {
				Type      string
				Timestamp time.Time
				Data      map[string]any
			}
			if err := json.Unmarshal(reqs[0].body, &body); err != nil {
				t.Fatal(err)
			}
			if body.Type != "order.paid" || body.Data["event_id"] != paid.ID || body.Data["template"] != "order_shipped" ||
				!body.Timestamp.Equal(paid.OccurredAt.Truncate(time.Second)) {
				t.Errorf("body = %s", reqs[0].body)
			}
			if m := messages.requests(); len(m) != 1 || m[0].err != nil || !strings.Contains(string(m[0].body), sent.ID) {
				t.Errorf("message endpoint got %+v", m)
			}
			// The other shop's endpoint takes every type, yet got nothing.
			if n := len(b.deliveries(t, shopB, epOther.ID)); n != 0 || len(other.requests()) != 0 {
				t.Errorf("another shop's endpoint got %d deliveries, %d requests", n, len(other.requests()))
			}
			// The shop's events are not the other shop's business either.
			if _, err := b.svc.Deliveries(ctx, webhook.DeliveryFilter{ShopID: shopB, EndpointID: epOrders.ID}); purna.ErrorCode(err) != purna.ENOTFOUND {
				t.Errorf("another shop reads the delivery log: %v", err)
			}
		})

		t.Run("RetriedWithTheSameID", func(t *testing.T) {
			shop := b.shop(t)
			rc := newReceiver(t, 500, 503)
			ep := b.endpoint(t, shop, rc, "order.paid")
			b.emit(t, shop, timeline.OrderPaid, "paid:2")
			got := b.waitDone(t, shop, ep.ID, 1)[0]
			reqs := rc.requests()
			if got.Status != webhook.Delivered || got.Attempts != 3 || len(reqs) != 3 {
				t.Fatalf("delivery %+v after %d requests", got, len(reqs))
			}
			for _, r := range reqs {
				if r.err != nil || r.id != got.ID || string(r.body) != string(reqs[0].body) {
					t.Errorf("attempt %+v differs from the first (id %s)", r, got.ID)
				}
			}
			e, _ := b.svc.FindByID(ctx, shop, ep.ID)
			if e.Status != webhook.Active || e.FailingSince != nil {
				t.Errorf("endpoint after a success = %+v", e)
			}
		})

		t.Run("GivesUpAfterTheLastAttempt", func(t *testing.T) {
			shop := b.shop(t)
			rc := newReceiver(t, 500, 500, 500, 500, 500)
			ep := b.endpoint(t, shop, rc, "order.paid")
			b.emit(t, shop, timeline.OrderPaid, "paid:3")
			got := b.waitDone(t, shop, ep.ID, 1)[0]
			if got.Status != webhook.Failed || got.Attempts != 4 || got.LastStatus != 500 || !strings.Contains(got.LastError, "500") {
				t.Errorf("delivery = %+v", got)
			}
			if n := len(rc.requests()); n != 4 {
				t.Errorf("requests = %d, want 4 (Policy.MaxAttempts)", n)
			}
			e, _ := b.svc.FindByID(ctx, shop, ep.ID)
			if e.Status != webhook.Active || e.FailingSince == nil {
				t.Errorf("endpoint = %+v, want active and failing", e)
			}
		})

		t.Run("GoneDisablesTheEndpoint", func(t *testing.T) {
			shop := b.shop(t)
			gone, witness := newReceiver(t, http.StatusGone), newReceiver(t)
			ep := b.endpoint(t, shop, gone, "order.paid")
			wit := b.endpoint(t, shop, witness, "order.paid")
			b.emit(t, shop, timeline.OrderPaid, "paid:4")
			got := b.waitDone(t, shop, ep.ID, 1)[0]
			if got.Status != webhook.Failed || got.Attempts != 1 || got.LastStatus != 410 {
				t.Errorf("delivery = %+v", got)
			}
			e, _ := b.svc.FindByID(ctx, shop, ep.ID)
			if e.Status != webhook.Disabled || !strings.Contains(e.DisabledReason, "410") {
				t.Errorf("endpoint = %+v, want disabled for 410", e)
			}
			// The next event goes to the other endpoint only.
			b.emit(t, shop, timeline.OrderPaid, "paid:5")
			b.waitDone(t, shop, wit.ID, 2)
			if n := len(b.deliveries(t, shop, ep.ID)); n != 1 || len(gone.requests()) != 1 {
				t.Errorf("disabled endpoint: %d deliveries, %d requests", n, len(gone.requests()))
			}
		})

		t.Run("AnEventDispatchedTwiceIsDeliveredOnce", func(t *testing.T) {
			shop := b.shop(t)
			rc := newReceiver(t)
			ep := b.endpoint(t, shop, rc, "order.paid")
			ev := b.emit(t, shop, timeline.OrderPaid, "paid:6")
			b.waitDone(t, shop, ep.ID, 1)
			// The dispatch job runs again (a retry after a crash)...
			if err := b.svc.React(ctx, ev); err != nil {
				t.Fatal(err)
			}
			// ...and the storefront sends the same fact again.
			if again := b.emit(t, shop, timeline.OrderPaid, "paid:6"); again.ID != "" {
				t.Errorf("the timeline took the same fact twice")
			}
			time.Sleep(300 * time.Millisecond)
			if n := len(b.deliveries(t, shop, ep.ID)); n != 1 || len(rc.requests()) != 1 {
				t.Errorf("%d deliveries, %d requests; want 1 and 1", n, len(rc.requests()))
			}
		})

		t.Run("TestEvent", func(t *testing.T) {
			shop := b.shop(t)
			rc := newReceiver(t)
			ep := b.endpoint(t, shop, rc, "order.paid")
			d, err := b.svc.SendTest(ctx, shop, ep.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := b.waitDone(t, shop, ep.ID, 1)[0]
			if got.ID != d.ID || got.Status != webhook.Delivered || got.Type != webhook.TestType {
				t.Errorf("test delivery = %+v", got)
			}
			if r := rc.requests(); len(r) != 1 || r[0].err != nil || !strings.Contains(string(r[0].body), `"type":"webhook.test"`) {
				t.Errorf("receiver got %+v", r)
			}
		})
	})
}

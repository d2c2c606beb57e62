package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// Policy is how hard Purna tries to deliver.
type Policy struct {
	// Retry is the wait after each failed attempt: after the first
	// failure wait Retry[0], and so on. A delivery gets len(Retry)+1
	// attempts, then fails.
	Retry []time.Duration
	// Jitter adds up to this fraction of each wait, at random, so that
	// endpoints that failed together are not retried in a burst.
	Jitter float64
	// DisableAfter disables an endpoint whose every attempt has failed for
	// this long. Deliveries of one event give up after about a day and a
	// half; this rule catches an endpoint that keeps failing as new
	// events come.
	DisableAfter time.Duration
	// MaxEventAge keeps old events (imports, history) from being sent:
	// webhooks tell what happens now.
	MaxEventAge time.Duration
	// RotationGrace is how long the old secret keeps signing, beside the
	// new one, after a rotation.
	RotationGrace time.Duration
}

// DefaultPolicy tries 12 times over about 36 hours (waits of 5 s, 1 min,
// 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 6 h, 8 h and 14 h, each up to 10 %
// longer) and disables an endpoint after 5 days of failures.
var DefaultPolicy = Policy{
	Retry: []time.Duration{5 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 4 * time.Hour, 6 * time.Hour, 8 * time.Hour, 14 * time.Hour},
	Jitter:        0.1,
	DisableAfter:  5 * 24 * time.Hour,
	MaxEventAge:   72 * time.Hour,
	RotationGrace: 24 * time.Hour,
}

// MaxAttempts is how many times a delivery is tried.
func (p Policy) MaxAttempts() int { return len(p.Retry) + 1 }

// wait returns the wait after the n-th failed attempt (from 1).
func (p Policy) wait(n int) time.Duration {
	d := p.Retry[min(n, len(p.Retry))-1]
	if p.Jitter > 0 {
		d += time.Duration(rand.Float64() * p.Jitter * float64(d))
	}
	return d
}

// maxRetryAfter bounds the wait an endpoint can ask for with Retry-After.
const maxRetryAfter = 24 * time.Hour

// Service manages a shop's endpoints and delivers its events to them.
type Service struct {
	Store  Store
	Clock  purna.Clock
	Sender *Sender
	Policy Policy

	// endpoints caches each shop's endpoints for React, which runs for
	// every timeline event: most shops have none, and asking the database
	// for each event doubled the dispatch job's queries. A change made
	// through this Service clears its shop at once; one made by another
	// process is seen within endpointsTTL.
	endpoints sync.Map // shop ID → cachedEndpoints
}

type cachedEndpoints struct {
	list []*Endpoint
	at   time.Time
}

// endpointsTTL bounds how stale React's view of a shop's endpoints is.
const endpointsTTL = 2 * time.Second

// shopEndpoints returns the shop's endpoints, from the cache when fresh.
func (s *Service) shopEndpoints(ctx context.Context, shopID purna.ID) ([]*Endpoint, error) {
	if c, ok := s.endpoints.Load(shopID); ok && time.Since(c.(cachedEndpoints).at) < endpointsTTL {
		return c.(cachedEndpoints).list, nil
	}
	list, err := s.Store.FindEndpoints(ctx, shopID)
	if err != nil {
		return nil, err
	}
	s.endpoints.Store(shopID, cachedEndpoints{list: list, at: time.Now()})
	return list, nil
}

// forget drops the shop's cached endpoints after a change.
func (s *Service) forget(shopID purna.ID) { s.endpoints.Delete(shopID) }

// NewService returns a Service with NewSender and DefaultPolicy.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{Store: store, Clock: clock, Sender: NewSender(), Policy: DefaultPolicy}
}

// Create adds an endpoint with a new secret, which the returned endpoint
// holds: show it to the merchant now, it is not shown again. EINVALID;
// ECONFLICT when the shop has MaxEndpoints already.
func (s *Service) Create(ctx context.Context, shopID purna.ID, in Input) (*Endpoint, error) {
	defer s.forget(shopID)
	now := s.Clock.Now()
	e := &Endpoint{ID: purna.NewID(now), ShopID: shopID, URL: in.URL, Description: in.Description,
		EventTypes: in.EventTypes, Secret: NewSecret(), Status: Active, CreatedAt: now, UpdatedAt: now}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	existing, err := s.Store.FindEndpoints(ctx, shopID)
	if err != nil {
		return nil, err
	}
	if len(existing) >= MaxEndpoints {
		return nil, purna.Errorf(purna.ECONFLICT, "A shop can have at most %d webhook endpoints; delete one first.", MaxEndpoints)
	}
	if err := s.Store.CreateEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// Find returns the shop's endpoints, oldest first.
func (s *Service) Find(ctx context.Context, shopID purna.ID) ([]*Endpoint, error) {
	es, err := s.Store.FindEndpoints(ctx, shopID)
	if es == nil {
		es = []*Endpoint{}
	}
	return es, err
}

// FindByID returns one endpoint. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Endpoint, error) {
	return s.Store.FindEndpointByID(ctx, shopID, id)
}

// Update changes an endpoint. Setting status to active turns a disabled
// endpoint back on; deliveries that failed while it was off are not sent
// again. ENOTFOUND, EINVALID.
func (s *Service) Update(ctx context.Context, shopID, id purna.ID, u Update) (*Endpoint, error) {
	defer s.forget(shopID)
	e, err := s.Store.FindEndpointByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	if u.URL != nil {
		e.URL = *u.URL
	}
	if u.Description != nil {
		e.Description = *u.Description
	}
	if u.EventTypes != nil {
		e.EventTypes = *u.EventTypes
	}
	var p purna.Problems
	if u.Status != nil && *u.Status != e.Status {
		switch *u.Status {
		case Active:
			e.Status, e.DisabledReason, e.FailingSince = Active, "", nil
		case Disabled:
			e.Status, e.DisabledReason = Disabled, "disabled by the merchant"
		default:
			p.Add("status", "must be active or disabled")
		}
	}
	if err := e.Validate(); err != nil {
		p.Merge("", purna.ErrorFields(err))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	e.UpdatedAt = s.Clock.Now()
	if err := s.Store.UpdateEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// Delete removes an endpoint and its delivery log. ENOTFOUND.
func (s *Service) Delete(ctx context.Context, shopID, id purna.ID) error {
	defer s.forget(shopID)
	return s.Store.DeleteEndpoint(ctx, shopID, id)
}

// RotateSecret gives the endpoint a new secret, returned in the endpoint.
// For Policy.RotationGrace the old secret keeps signing too (the
// webhook-signature header then carries both), so the receiver can switch
// without losing deliveries. ENOTFOUND.
func (s *Service) RotateSecret(ctx context.Context, shopID, id purna.ID) (*Endpoint, error) {
	defer s.forget(shopID)
	e, err := s.Store.FindEndpointByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	until := now.Add(s.Policy.RotationGrace)
	e.PreviousSecret, e.PreviousSecretUntil, e.Secret, e.UpdatedAt = e.Secret, &until, NewSecret(), now
	if err := s.Store.UpdateEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// Deliveries returns a page of an endpoint's deliveries, newest first,
// with the total number of matches. ENOTFOUND, EINVALID.
func (s *Service) Deliveries(ctx context.Context, f DeliveryFilter) (*purna.Page[*Delivery], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if _, err := s.Store.FindEndpointByID(ctx, f.ShopID, f.EndpointID); err != nil {
		return nil, err
	}
	ds, next, err := s.Store.FindDeliveries(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := s.Store.CountDeliveries(ctx, f)
	if err != nil {
		return nil, err
	}
	return &purna.Page[*Delivery]{Items: ds, Next: next, Total: total}, nil
}

// SendTest queues a "webhook.test" event to the endpoint, whatever types it
// subscribes to, and returns its pending delivery. ENOTFOUND; ECONFLICT
// when the endpoint is disabled.
func (s *Service) SendTest(ctx context.Context, shopID, id purna.ID) (*Delivery, error) {
	e, err := s.Store.FindEndpointByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	if e.Status != Active {
		return nil, purna.Errorf(purna.ECONFLICT, "The endpoint is disabled; set its status to active first.")
	}
	now := s.Clock.Now()
	ev := timeline.Event{ID: purna.NewID(now), ShopID: shopID, Type: TestType, OccurredAt: now,
		Data: mustJSON(map[string]string{"endpoint_id": e.ID, "message": "A test event from Purna: the endpoint works."})}
	payload, err := Payload(ev)
	if err != nil {
		return nil, err
	}
	d := newDelivery(e, ev, payload, now)
	if _, err := s.Store.CreateDeliveries(ctx, []*Delivery{d}); err != nil {
		return nil, err
	}
	return d, nil
}

// React is the timeline reactor: it records a delivery of ev, and queues
// its job, for each active endpoint of ev's shop that subscribes to ev's
// type. It is idempotent: a delivery is unique per endpoint and event.
func (s *Service) React(ctx context.Context, ev timeline.Event) error {
	now := s.Clock.Now()
	if s.Policy.MaxEventAge > 0 && now.Sub(ev.OccurredAt) > s.Policy.MaxEventAge {
		return nil
	}
	endpoints, err := s.shopEndpoints(ctx, ev.ShopID)
	if err != nil {
		return err
	}
	var ds []*Delivery
	var payload []byte
	for _, e := range endpoints {
		if e.Status != Active || !e.Wants(ev.Type) {
			continue
		}
		if payload == nil {
			if payload, err = Payload(ev); err != nil {
				return err
			}
		}
		ds = append(ds, newDelivery(e, ev, payload, now))
	}
	if len(ds) == 0 {
		return nil
	}
	_, err = s.Store.CreateDeliveries(ctx, ds)
	return err
}

func newDelivery(e *Endpoint, ev timeline.Event, payload []byte, now time.Time) *Delivery {
	return &Delivery{ID: purna.NewID(now), ShopID: e.ShopID, EndpointID: e.ID, EventID: ev.ID, Type: ev.Type,
		Payload: json.RawMessage(payload), Status: Pending, NextAt: &now, CreatedAt: now, UpdatedAt: now}
}

// Deliver makes the delivery's next attempt, if it is pending and due, and
// returns its new state: still pending with the time of the next attempt,
// delivered, or failed. An endpoint that answers 410 Gone, or whose every
// attempt has failed for Policy.DisableAfter, is disabled. ENOTFOUND when
// the delivery is gone (its endpoint was deleted).
func (s *Service) Deliver(ctx context.Context, shopID, id purna.ID) (*Delivery, error) {
	d, err := s.Store.FindDeliveryByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	if d.Status != Pending || d.NextAt != nil && d.NextAt.After(now) {
		return d, nil
	}
	e, err := s.Store.FindEndpointByID(ctx, shopID, d.EndpointID)
	if err != nil {
		return nil, err
	}
	// Whatever happens to the request, its outcome is recorded, even when
	// the process is stopping: an attempt made is an attempt counted.
	save := context.WithoutCancel(ctx)
	if e.Status != Active {
		d.Status, d.NextAt, d.UpdatedAt = Failed, nil, now
		d.LastError = "not sent: the endpoint is disabled (" + e.DisabledReason + ")"
		return d, s.Store.RecordAttempt(save, Attempt{Delivery: d, At: now})
	}
	res, sendErr := s.Sender.Send(ctx, e.URL, d.ID, e.secrets(now), now, d.Payload)
	at := s.Clock.Now()
	a := Attempt{Delivery: d, At: at, Health: HealthFailing}
	d.Attempts++
	d.LastStatus, d.LastError, d.UpdatedAt = res.Status, "", at
	switch {
	case sendErr == nil && res.OK():
		d.Status, d.NextAt, d.DeliveredAt = Delivered, nil, &at
		a.Health = HealthOK
		return d, s.Store.RecordAttempt(save, a)
	case sendErr != nil:
		d.LastError = excerpt(sendErr.Error(), 500)
	case res.Status == http.StatusGone:
		d.LastError = "the endpoint answered 410 Gone"
		a.Disable = "the endpoint answered 410 Gone at " + at.Format(time.RFC3339)
	case res.Status >= 300 && res.Status <= 399:
		d.LastError = fmt.Sprintf("redirected to %q: Purna does not follow redirects; change the endpoint's URL", res.Location)
	default:
		d.LastError = fmt.Sprintf("answered %d %s", res.Status, res.Body)
	}
	if a.Disable == "" && e.FailingSince != nil && at.Sub(*e.FailingSince) >= s.Policy.DisableAfter {
		a.Disable = fmt.Sprintf("every attempt failed from %s to %s", e.FailingSince.Format(time.RFC3339), at.Format(time.RFC3339))
	}
	switch {
	case a.Disable != "" || d.Attempts >= s.Policy.MaxAttempts():
		d.Status, d.NextAt = Failed, nil
	default:
		wait := s.Policy.wait(d.Attempts)
		if res.RetryAfter > wait {
			wait = min(res.RetryAfter, maxRetryAfter)
		}
		next := at.Add(wait)
		d.NextAt = &next
	}
	if a.Disable != "" {
		// The only change to an endpoint a delivery makes: React must see
		// it at once.
		defer s.forget(shopID)
	}
	return d, s.Store.RecordAttempt(save, a)
}

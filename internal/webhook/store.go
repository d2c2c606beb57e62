package webhook

import (
	"context"
	"time"

	"github.com/purnajual/purna"
)

// Store is what webhooks need from storage. sqlstore.Webhooks implements
// it. Every method is scoped to one shop.
type Store interface {
	// CreateEndpoint adds e.
	CreateEndpoint(ctx context.Context, e *Endpoint) error
	// FindEndpoints returns a shop's endpoints, oldest first.
	FindEndpoints(ctx context.Context, shopID purna.ID) ([]*Endpoint, error)
	// FindEndpointByID returns ENOTFOUND if the shop has no endpoint id.
	FindEndpointByID(ctx context.Context, shopID, id purna.ID) (*Endpoint, error)
	// UpdateEndpoint saves e's URL, description, event types, status,
	// disabled reason and secrets. Turning a disabled endpoint active
	// clears FailingSince. ENOTFOUND.
	UpdateEndpoint(ctx context.Context, e *Endpoint) error
	// DeleteEndpoint removes the endpoint and its deliveries; their jobs
	// then find nothing to do. ENOTFOUND.
	DeleteEndpoint(ctx context.Context, shopID, id purna.ID) error

	// CreateDeliveries records ds and enqueues a DeliverArgs job for each,
	// in one transaction. A delivery whose endpoint already has one for
	// the same event is dropped, with its job. It returns how many it
	// added.
	CreateDeliveries(ctx context.Context, ds []*Delivery) (int, error)
	// FindDeliveryByID returns ENOTFOUND.
	FindDeliveryByID(ctx context.Context, shopID, id purna.ID) (*Delivery, error)
	// FindDeliveries returns a page of an endpoint's deliveries, newest
	// first, and the cursor of the next page. EINVALID for a bad cursor.
	FindDeliveries(ctx context.Context, f DeliveryFilter) ([]*Delivery, string, error)
	// CountDeliveries counts the deliveries matching f, ignoring its cursor.
	CountDeliveries(ctx context.Context, f DeliveryFilter) (int, error)
	// RecordAttempt saves the delivery's new state and what the attempt
	// says about its endpoint, in one transaction.
	RecordAttempt(ctx context.Context, a Attempt) error
}

// Health is what an attempt says about its endpoint.
type Health int

// The effects of an attempt on its endpoint.
const (
	// HealthUnchanged: no request was made.
	HealthUnchanged Health = iota
	// HealthOK: the endpoint answered 2xx; it is no longer failing.
	HealthOK
	// HealthFailing: the attempt failed; the endpoint is failing since
	// now, unless it already was.
	HealthFailing
)

// Attempt is the outcome of trying a delivery once.
type Attempt struct {
	// Delivery holds the delivery's new state.
	Delivery *Delivery
	Health   Health
	// Disable, when not empty, disables the endpoint for this reason.
	Disable string
	At      time.Time
}

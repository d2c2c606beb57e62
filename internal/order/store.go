package order

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
)

// Tx is what order needs from storage inside a transaction. sqlstore
// implements it.
type Tx interface {
	customer.Tx
	// FindOrderByRef returns the order with its lines and shipments.
	// ENOTFOUND.
	FindOrderByRef(ctx context.Context, shopID purna.ID, source, externalID string) (*Order, error)
	// FindOrderByIDForUpdate is FindOrderByID inside the transaction.
	FindOrderByIDForUpdate(ctx context.Context, shopID, id purna.ID) (*Order, error)
	// CreateOrder inserts o with its lines, shipments and tracking events.
	// Lines are linked to the shop's products by SKU.
	CreateOrder(ctx context.Context, o *Order) error
	// UpdateOrder saves o's own columns (not its lines or shipments).
	UpdateOrder(ctx context.Context, o *Order) error
	// SaveLines replaces the stored lines' values with o.Lines, by position.
	SaveLines(ctx context.Context, o *Order) error
	// SaveShipment inserts or updates s, and inserts events (new scans).
	SaveShipment(ctx context.Context, shopID purna.ID, s *Shipment, events []*TrackingEvent) error
	// RefreshCustomerStats recomputes the customer's order count, total
	// spent and first and last order times from their orders.
	RefreshCustomerStats(ctx context.Context, shopID, customerID purna.ID) error
	// Savepoint runs fn so that, if it fails, only its writes are undone.
	Savepoint(ctx context.Context, fn func() error) error
	// Enqueue adds a job in the transaction.
	Enqueue(ctx context.Context, job purna.JobArgs) error
}

// Store is what order needs from storage.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	// FindOrderByID returns the order with its lines and shipments.
	// ENOTFOUND.
	FindOrderByID(ctx context.Context, shopID, id purna.ID) (*Order, error)
	// FindOrdersByIDs returns the shop's orders among ids, with lines and
	// shipments.
	FindOrdersByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*Order, error)
	// FindOrders returns one page of orders (without lines), latest placed
	// first, and the next page's cursor.
	FindOrders(ctx context.Context, f Filter) ([]*Order, string, error)
	// CountOrders counts the orders matching f, ignoring its cursor.
	CountOrders(ctx context.Context, f Filter) (int, error)
	// FindLateShipments returns up to limit undelivered parcels of orders
	// that are not cancelled whose promised date is before now, the most
	// overdue first, and how many there are in all.
	FindLateShipments(ctx context.Context, shopID purna.ID, now time.Time, limit int) ([]*LateShipment, int, error)
}

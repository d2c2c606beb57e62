package reminder

import (
	"context"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

// Store is what reminder needs from persistence. sqlstore.Reminders
// implements it.
//
// The Scan methods page through candidates: they call fn with one page at a
// time, never holding the whole set, and stop at fn's first error. They may
// return candidates the exact rule then rejects (the queries filter
// coarsely, without date arithmetic in SQL), but never leave one out.
type Store interface {
	// WarrantySource scans the warranties of delivered order lines.
	WarrantySource
	// FindShopByID returns the shop, for its time zone. ENOTFOUND.
	FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
	// ScanMaintenance pages through the lines of delivered orders that
	// were neither cancelled nor refunded, of products with a maintenance
	// interval, one of whose service dates may fall in
	// [f.DueFrom, f.DueTo].
	ScanMaintenance(ctx context.Context, f MaintenanceFilter, fn func([]*Line) error) error
	// ScanLapsed pages through the customers whose last order that was
	// not cancelled was placed before f.LastOrderBefore, leaving out those
	// with a customer.lapsed event for that order.
	ScanLapsed(ctx context.Context, f LapsedFilter, fn func([]*Lapse) error) error
	// AppendEvents adds events to the timeline and returns those that were
	// new (by dedupe key).
	AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error)
}

// WarrantySource finds warranties that may be ending. Order lines are one
// source; a second (registrations by serial number) is added with
// Service.AddWarrantySource.
type WarrantySource interface {
	// ScanWarranties pages through the shop's warranties that may end in
	// [f.EndFrom, f.EndTo]. It may leave out those already announced.
	ScanWarranties(ctx context.Context, f WarrantyFilter, fn func([]*Warranty) error) error
}

// WarrantyFilter asks for the warranties that may end in a window.
type WarrantyFilter struct {
	ShopID         purna.ID
	EndFrom, EndTo time.Time
	Limit          int // page size
}

// MaintenanceFilter asks for the lines with a service date that may fall
// in a window.
type MaintenanceFilter struct {
	ShopID         purna.ID
	DueFrom, DueTo time.Time
	Limit          int // page size
}

// LapsedFilter asks for the customers who last ordered before a time.
type LapsedFilter struct {
	ShopID          purna.ID
	LastOrderBefore time.Time
	LastOrderFrom   time.Time // at or after
	Limit           int       // page size
}

package order

import (
	"context"
	"encoding/json"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

// Service applies the order rules. The API, webhooks, CSV import and the
// demo all go through it.
type Service struct {
	store Store
	clock purna.Clock
	batch *batcher // nil: one transaction per order
}

// NewService returns a Service on store.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{store: store, clock: clock}
}

// Result tells what an ingestion did.
type Result struct {
	Order *Order
	// Created is true when the order was new.
	Created bool
	// Changed is true when anything about the order was stored.
	Changed bool
	// Events are the timeline events that were new.
	Events []timeline.Event
}

// Ingest records the order in describes: creates it, or brings the stored
// order up to date, in one transaction. A second delivery of the same input
// changes nothing and emits no event. EINVALID names each bad field.
func (s *Service) Ingest(ctx context.Context, sh *shop.Shop, in Input) (*Result, error) {
	now := s.clock.Now()
	if err := in.Normalize(sh.Country, now); err != nil {
		return nil, err
	}
	if s.batch != nil {
		return s.batch.ingest(ctx, sh, &in, now)
	}
	var res *Result
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		res, err = IngestTx(ctx, tx, sh, &in, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// IngestTx is Ingest inside a caller's transaction, for batch importers.
// in must have been normalised. The new events' dispatch job commits with
// the transaction (the store queues it).
func IngestTx(ctx context.Context, tx Tx, sh *shop.Shop, in *Input, now time.Time) (*Result, error) {
	var events []timeline.Event
	var custID *purna.ID
	if in.Customer != nil && in.Customer.Identified() {
		c, evs, err := customer.UpsertAt(ctx, tx, sh.ID, *in.Customer, now, in.PlacedAt.UTC())
		if err != nil {
			return nil, err
		}
		custID = &c.ID
		events = append(events, evs...)
	}

	res := &Result{}
	o, err := tx.FindOrderByRef(ctx, sh.ID, in.Source, in.ExternalID)
	switch {
	case purna.ErrorCode(err) == purna.ENOTFOUND:
		o = newOrder(sh.ID, in, custID, now)
		if err := tx.CreateOrder(ctx, o); err != nil {
			return nil, err
		}
		res.Created, res.Changed = true, true
	case err != nil:
		return nil, err
	default:
		changed, err := applyInput(ctx, tx, o, in, custID, now)
		if err != nil {
			return nil, err
		}
		res.Changed = changed
	}
	res.Order = o

	for _, e := range orderEvents(o) {
		e.CustomerID = o.CustomerID
		events = append(events, e)
	}
	fresh, err := tx.AppendEvents(ctx, events)
	if err != nil {
		return nil, err
	}
	res.Events = fresh
	if res.Changed && o.CustomerID != nil {
		if err := tx.RefreshCustomerStats(ctx, sh.ID, *o.CustomerID); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// Update applies upd to an order from the API (mark paid, fulfilled,
// cancelled or refunded). ENOTFOUND, EINVALID.
func (s *Service) Update(ctx context.Context, sh *shop.Shop, id purna.ID, upd Update) (*Result, error) {
	now := s.clock.Now()
	var p purna.Problems
	checkTime(&p, "paid_at", upd.PaidAt)
	checkTime(&p, "fulfilled_at", upd.FulfilledAt)
	checkTime(&p, "cancelled_at", upd.CancelledAt)
	checkTime(&p, "refunded_at", upd.RefundedAt)
	if upd.CancelReason != nil && len(*upd.CancelReason) > 500 {
		p.Add("cancel_reason", "is longer than 500 characters")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	var res *Result
	err := s.store.InTx(ctx, func(tx Tx) error {
		o, err := tx.FindOrderByIDForUpdate(ctx, sh.ID, id)
		if err != nil {
			return err
		}
		in := inputOf(o)
		in.PaidAt = firstTime(in.PaidAt, upd.PaidAt)
		in.FulfilledAt = firstTime(in.FulfilledAt, upd.FulfilledAt)
		in.CancelledAt = firstTime(in.CancelledAt, upd.CancelledAt)
		in.RefundedAt = firstTime(in.RefundedAt, upd.RefundedAt)
		if upd.CancelReason != nil {
			in.CancelReason = *upd.CancelReason
		}
		res, err = IngestTx(ctx, tx, sh, in, now)
		return err
	})
	return res, err
}

// AddShipment adds or updates one parcel of an order, with its scans.
// ENOTFOUND, EINVALID.
func (s *Service) AddShipment(ctx context.Context, sh *shop.Shop, orderID purna.ID, si ShipmentInput) (*Result, error) {
	now := s.clock.Now()
	if err := si.normalize().Err(); err != nil {
		return nil, err
	}
	var res *Result
	err := s.store.InTx(ctx, func(tx Tx) error {
		o, err := tx.FindOrderByIDForUpdate(ctx, sh.ID, orderID)
		if err != nil {
			return err
		}
		in := inputOf(o)
		in.Shipments = append(in.Shipments, si)
		res, err = IngestTx(ctx, tx, sh, in, now)
		return err
	})
	return res, err
}

// AddShipmentByRef is AddShipment for an order known by its source's ID,
// as fulfillment webhooks name it. ENOTFOUND, EINVALID.
func (s *Service) AddShipmentByRef(ctx context.Context, sh *shop.Shop, source, externalID string, si ShipmentInput) (*Result, error) {
	now := s.clock.Now()
	if err := si.normalize().Err(); err != nil {
		return nil, err
	}
	var res *Result
	err := s.store.InTx(ctx, func(tx Tx) error {
		o, err := tx.FindOrderByRef(ctx, sh.ID, source, externalID)
		if err != nil {
			return err
		}
		in := inputOf(o)
		in.Shipments = append(in.Shipments, si)
		res, err = IngestTx(ctx, tx, sh, in, now)
		return err
	})
	return res, err
}

// FindByID returns one order. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Order, error) {
	return s.store.FindOrderByID(ctx, shopID, id)
}

// FindByIDs returns the shop's orders among ids with their lines and
// shipments, in no order; IDs of no order of the shop are left out.
func (s *Service) FindByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*Order, error) {
	return s.store.FindOrdersByIDs(ctx, shopID, ids)
}

// Find returns a page of orders with the total number of matches.
func (s *Service) Find(ctx context.Context, f Filter) (*purna.Page[*Order], error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	orders, next, err := s.store.FindOrders(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := s.store.CountOrders(ctx, f)
	if err != nil {
		return nil, err
	}
	return &purna.Page[*Order]{Items: orders, Next: next, Total: total}, nil
}

// LateShipments returns the parcels past their promised date, the most
// overdue first, up to limit, with the total.
func (s *Service) LateShipments(ctx context.Context, shopID purna.ID, limit int) (*purna.Page[*LateShipment], error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	items, total, err := s.store.FindLateShipments(ctx, shopID, s.clock.Now(), limit)
	if err != nil {
		return nil, err
	}
	return &purna.Page[*LateShipment]{Items: items, Total: total}, nil
}

// FlagLate puts a shipment.late event on the timeline for each parcel past
// its promised date, once per parcel (the event's dedupe key), so journeys
// can apologise. It returns how many parcels it flagged for the first time.
func (s *Service) FlagLate(ctx context.Context, shopID purna.ID) (int, error) {
	now := s.clock.Now()
	items, _, err := s.store.FindLateShipments(ctx, shopID, now, 1000)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	events := make([]timeline.Event, 0, len(items))
	for _, l := range items {
		data, _ := json.Marshal(map[string]any{"number": l.OrderNumber, "shipment_id": l.ShipmentID, "carrier": l.Carrier,
			"tracking_number": l.Tracking, "promised_at": l.PromisedAt})
		oid := l.OrderID
		events = append(events, timeline.Event{ShopID: shopID, CustomerID: l.CustomerID, OrderID: &oid,
			Type: timeline.ShipmentLate, OccurredAt: now, Data: data, DedupeKey: "shipment.late:" + l.ShipmentID})
	}
	var fresh []timeline.Event
	err = s.store.InTx(ctx, func(tx Tx) error {
		fresh, err = tx.AppendEvents(ctx, events)
		return err
	})
	return len(fresh), err
}

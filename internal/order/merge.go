package order

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
)

// inputOf turns a stored order back into the input that would produce it,
// so that API updates go through the same merge as webhooks.
func inputOf(o *Order) *Input {
	total := o.Total
	in := &Input{
		Source: o.Source, ExternalID: o.ExternalID, Number: o.Number, Currency: o.Currency,
		Discount: o.Discount, Shipping: o.Shipping, Tax: o.Tax, Total: &total,
		PlacedAt: o.PlacedAt, PaidAt: o.PaidAt, FulfilledAt: o.FulfilledAt, CancelledAt: o.CancelledAt,
		CancelReason: o.CancelReason, RefundedAt: o.RefundedAt,
	}
	for _, l := range o.Lines {
		in.Lines = append(in.Lines, LineInput{ExternalID: l.ExternalID, SKU: l.SKU, Name: l.Name,
			Quantity: l.Quantity, UnitPrice: l.UnitPrice, SerialNumbers: l.SerialNumbers})
	}
	return in
}

func firstTime(old, upd *time.Time) *time.Time {
	if old != nil {
		return old
	}
	if upd != nil {
		t := upd.UTC()
		return &t
	}
	return nil
}

func newOrder(shopID purna.ID, in *Input, custID *purna.ID, now time.Time) *Order {
	o := &Order{
		ID: purna.NewID(now), ShopID: shopID, Source: in.Source, ExternalID: in.ExternalID,
		Number: in.Number, CustomerID: custID, Currency: in.Currency, PlacedAt: in.PlacedAt.UTC(),
		CreatedAt: now, UpdatedAt: now,
	}
	if o.Number == "" {
		o.Number = in.ExternalID
	}
	applyScalars(o, in)
	o.Lines = make([]*Line, len(in.Lines))
	for i, li := range in.Lines {
		o.Lines[i] = lineOf(purna.NewID(now), i+1, li)
	}
	for _, si := range in.Shipments {
		s := &Shipment{ID: purna.NewID(now), OrderID: o.ID, ExternalID: si.ExternalID, CreatedAt: now, UpdatedAt: now}
		mergeShipment(s, si, now)
		o.Shipments = append(o.Shipments, s)
	}
	derive(o)
	return o
}

func lineOf(id purna.ID, pos int, li LineInput) *Line {
	sn := li.SerialNumbers
	if sn == nil {
		sn = []string{}
	}
	return &Line{ID: id, Position: pos, ExternalID: li.ExternalID, SKU: li.SKU, Name: li.Name,
		Quantity: li.Quantity, UnitPrice: li.UnitPrice, Total: li.Quantity * li.UnitPrice, SerialNumbers: sn}
}

// applyScalars copies the order-level values of in onto o. Times already set
// stay: the first report of payment is the one that counts.
func applyScalars(o *Order, in *Input) bool {
	before := *o
	var sub int64
	for _, l := range in.Lines {
		sub += l.Quantity * l.UnitPrice
	}
	o.Subtotal, o.Discount, o.Shipping, o.Tax, o.Total = sub, in.Discount, in.Shipping, in.Tax, *in.Total
	if in.Number != "" {
		o.Number = in.Number
	}
	if c := in.Customer; c != nil {
		if c.Email != "" {
			o.Email = c.Email
		}
		if c.Phone != "" {
			o.Phone = c.Phone
		}
	}
	if in.ShippingAddress != nil {
		o.Address = *in.ShippingAddress
	}
	if in.CancelReason != "" {
		o.CancelReason = in.CancelReason
	}
	o.PaidAt = firstTime(o.PaidAt, in.PaidAt)
	o.FulfilledAt = firstTime(o.FulfilledAt, in.FulfilledAt)
	o.CancelledAt = firstTime(o.CancelledAt, in.CancelledAt)
	o.RefundedAt = firstTime(o.RefundedAt, in.RefundedAt)
	return !sameScalars(&before, o)
}

func sameScalars(a, b *Order) bool {
	eq := func(x, y *time.Time) bool { return x == nil && y == nil || x != nil && y != nil && x.Equal(*y) }
	return a.Subtotal == b.Subtotal && a.Discount == b.Discount && a.Shipping == b.Shipping && a.Tax == b.Tax &&
		a.Total == b.Total && a.Number == b.Number && a.Email == b.Email && a.Phone == b.Phone &&
		a.Address == b.Address && a.CancelReason == b.CancelReason && eq(a.PaidAt, b.PaidAt) &&
		eq(a.FulfilledAt, b.FulfilledAt) && eq(a.CancelledAt, b.CancelledAt) && eq(a.RefundedAt, b.RefundedAt) &&
		eq(a.DeliveredAt, b.DeliveredAt) && a.Status == b.Status &&
		(a.CustomerID == nil) == (b.CustomerID == nil) && (a.CustomerID == nil || *a.CustomerID == *b.CustomerID)
}

// applyInput merges in into the stored order o and saves what changed.
func applyInput(ctx context.Context, tx Tx, o *Order, in *Input, custID *purna.ID, now time.Time) (bool, error) {
	before := *o
	applyScalars(o, in)
	if o.CustomerID == nil && custID != nil {
		o.CustomerID = custID
	}

	linesChanged := len(in.Lines) != len(o.Lines)
	for i, li := range in.Lines {
		if i >= len(o.Lines) {
			o.Lines = append(o.Lines, lineOf(purna.NewID(now), i+1, li))
			continue
		}
		nl := lineOf(o.Lines[i].ID, i+1, li)
		nl.ProductID = o.Lines[i].ProductID
		if !slices.Equal(nl.SerialNumbers, o.Lines[i].SerialNumbers) || nl.SKU != o.Lines[i].SKU ||
			nl.Name != o.Lines[i].Name || nl.Quantity != o.Lines[i].Quantity || nl.UnitPrice != o.Lines[i].UnitPrice ||
			nl.ExternalID != o.Lines[i].ExternalID {
			if nl.SKU != o.Lines[i].SKU {
				nl.ProductID = nil
			}
			o.Lines[i] = nl
			linesChanged = true
		}
	}
	if len(in.Lines) < len(o.Lines) {
		// Lines removed by an order edit stay on record: later cases may
		// point at them. The totals above already follow the edit.
		linesChanged = false
	}

	shipChanged := false
	for _, si := range in.Shipments {
		i := slices.IndexFunc(o.Shipments, func(s *Shipment) bool { return s.ExternalID == si.ExternalID })
		var s *Shipment
		if i < 0 {
			s = &Shipment{ID: purna.NewID(now), OrderID: o.ID, ExternalID: si.ExternalID, CreatedAt: now, UpdatedAt: now}
			o.Shipments = append(o.Shipments, s)
		} else {
			s = o.Shipments[i]
		}
		before := *s
		newEvents := mergeShipment(s, si, now)
		if i < 0 || len(newEvents) > 0 || !sameShipment(&before, s) {
			s.UpdatedAt = now
			if err := tx.SaveShipment(ctx, o.ShopID, s, newEvents); err != nil {
				return false, err
			}
			shipChanged = true
		}
	}
	derive(o)
	if linesChanged {
		if err := tx.SaveLines(ctx, o); err != nil {
			return false, err
		}
	}
	if !sameScalars(&before, o) {
		o.UpdatedAt = now
		if err := tx.UpdateOrder(ctx, o); err != nil {
			return false, err
		}
		return true, nil
	}
	return linesChanged || shipChanged, nil
}

func sameShipment(a, b *Shipment) bool {
	eq := func(x, y *time.Time) bool { return x == nil && y == nil || x != nil && y != nil && x.Equal(*y) }
	return a.Carrier == b.Carrier && a.TrackingNumber == b.TrackingNumber && a.TrackingURL == b.TrackingURL &&
		a.Status == b.Status && eq(a.PromisedAt, b.PromisedAt) && eq(a.ShippedAt, b.ShippedAt) &&
		eq(a.DeliveredAt, b.DeliveredAt)
}

// mergeShipment applies si to s and returns the scans that were new.
func mergeShipment(s *Shipment, si ShipmentInput, now time.Time) []*TrackingEvent {
	setStr := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	setStr(&s.Carrier, si.Carrier)
	setStr(&s.TrackingNumber, si.TrackingNumber)
	setStr(&s.TrackingURL, si.TrackingURL)
	if si.PromisedAt != nil {
		t := si.PromisedAt.UTC()
		s.PromisedAt = &t
	}
	s.ShippedAt = firstTime(s.ShippedAt, si.ShippedAt)
	s.DeliveredAt = firstTime(s.DeliveredAt, si.DeliveredAt)

	var fresh []*TrackingEvent
	for _, ei := range si.Events {
		at := ei.OccurredAt.UTC()
		if slices.ContainsFunc(s.Events, func(e *TrackingEvent) bool { return e.OccurredAt.Equal(at) && e.Status == ei.Status }) {
			continue
		}
		e := &TrackingEvent{ID: purna.NewID(now), OccurredAt: at, Status: ei.Status, Location: ei.Location, Description: ei.Description}
		s.Events = append(s.Events, e)
		fresh = append(fresh, e)
	}
	slices.SortStableFunc(s.Events, func(a, b *TrackingEvent) int { return a.OccurredAt.Compare(b.OccurredAt) })

	// The status follows the newest scan, unless the input says more.
	status := s.Status
	if status == "" {
		status = ShipmentPending
	}
	if n := len(s.Events); n > 0 {
		status = s.Events[n-1].Status
	}
	if si.Status != "" {
		status = si.Status
	}
	if status == ShipmentPending && s.ShippedAt != nil {
		status = ShipmentInTransit
	}
	if s.ShippedAt == nil && status != ShipmentPending {
		t := now
		if len(s.Events) > 0 {
			t = s.Events[0].OccurredAt
		}
		s.ShippedAt = &t
	}
	if status == ShipmentDelivered && s.DeliveredAt == nil {
		t := now
		if i := slices.IndexFunc(s.Events, func(e *TrackingEvent) bool { return e.Status == ShipmentDelivered }); i >= 0 {
			t = s.Events[i].OccurredAt
		}
		s.DeliveredAt = &t
	}
	if s.DeliveredAt != nil {
		status = ShipmentDelivered
	}
	s.Status = status
	return fresh
}

// derive computes the order's delivery time and status from its times and
// shipments.
func derive(o *Order) {
	if o.FulfilledAt == nil {
		for _, s := range o.Shipments {
			if s.ShippedAt != nil && (o.FulfilledAt == nil || s.ShippedAt.Before(*o.FulfilledAt)) {
				t := *s.ShippedAt
				o.FulfilledAt = &t
			}
		}
	}
	if o.DeliveredAt == nil && len(o.Shipments) > 0 {
		var last time.Time
		all := true
		for _, s := range o.Shipments {
			if s.DeliveredAt == nil {
				all = false
				break
			}
			if s.DeliveredAt.After(last) {
				last = *s.DeliveredAt
			}
		}
		if all {
			o.DeliveredAt = &last
		}
	}
	switch {
	case o.RefundedAt != nil:
		o.Status = Refunded
	case o.CancelledAt != nil:
		o.Status = Cancelled
	case o.DeliveredAt != nil:
		o.Status = Delivered
	case o.FulfilledAt != nil:
		o.Status = Fulfilled
	case o.PaidAt != nil:
		o.Status = Paid
	default:
		o.Status = Pending
	}
}

// orderEvents lists every fact the order's state implies. The store keeps
// only those it has not seen, by dedupe key.
func orderEvents(o *Order) []timeline.Event {
	data, _ := json.Marshal(map[string]any{"number": o.Number, "total": o.Total, "currency": o.Currency, "source": o.Source})
	var evs []timeline.Event
	add := func(t timeline.Type, at *time.Time, key string, d json.RawMessage) {
		if at != nil {
			evs = append(evs, timeline.Event{ShopID: o.ShopID, OrderID: &o.ID, Type: t, OccurredAt: *at, DedupeKey: key, Data: d})
		}
	}
	add(timeline.OrderPlaced, &o.PlacedAt, "order.placed:"+o.ID, data)
	add(timeline.OrderPaid, o.PaidAt, "order.paid:"+o.ID, data)
	add(timeline.OrderFulfilled, o.FulfilledAt, "order.fulfilled:"+o.ID, data)
	for _, s := range o.Shipments {
		sd, _ := json.Marshal(map[string]any{"number": o.Number, "shipment_id": s.ID, "carrier": s.Carrier,
			"tracking_number": s.TrackingNumber, "tracking_url": s.TrackingURL})
		add(timeline.ShipmentShipped, s.ShippedAt, "shipment.shipped:"+s.ID, sd)
		seen := map[ShipmentStatus]bool{}
		for _, e := range s.Events {
			if seen[e.Status] || e.Status == ShipmentPending || e.Status == ShipmentDelivered {
				continue
			}
			seen[e.Status] = true
			at := e.OccurredAt
			add(timeline.Type("shipment."+string(e.Status)), &at, "shipment."+string(e.Status)+":"+s.ID, sd)
		}
		add(timeline.ShipmentDelivered, s.DeliveredAt, "shipment.delivered:"+s.ID, sd)
	}
	add(timeline.OrderDelivered, o.DeliveredAt, "order.delivered:"+o.ID, data)
	add(timeline.OrderCancelled, o.CancelledAt, "order.cancelled:"+o.ID, data)
	add(timeline.OrderRefunded, o.RefundedAt, "order.refunded:"+o.ID, data)
	slices.SortStableFunc(evs, func(a, b timeline.Event) int { return cmp.Compare(a.OccurredAt.UnixNano(), b.OccurredAt.UnixNano()) })
	return evs
}

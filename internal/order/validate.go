package order

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// Limits on what one order may carry; beyond them the input is refused
// rather than half stored.
const (
	MaxLines     = 5000
	MaxShipments = 50
	MaxEvents    = 200
)

// Normalize checks in and fills what can be derived, for a shop in country.
// It returns an EINVALID *Error naming every field at fault.
func (in *Input) Normalize(country string, now time.Time) error {
	var p purna.Problems
	in.Source = strings.ToLower(strings.TrimSpace(in.Source))
	switch {
	case in.Source == "":
		p.Add("source", "is required")
	case !validSource(in.Source):
		p.Add("source", "must be 1 to 40 lower-case letters, digits, '-' or '_'")
	}
	in.ExternalID = strings.TrimSpace(in.ExternalID)
	switch {
	case in.ExternalID == "":
		p.Add("external_id", "is required")
	case len(in.ExternalID) > 200:
		p.Add("external_id", "is longer than 200 characters")
	}
	if len(in.Number) > 100 {
		p.Add("number", "is longer than 100 characters")
	}
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if in.Currency == "" {
		p.Add("currency", "is required")
	} else if _, ok := purna.LookupCurrency(in.Currency); !ok {
		p.Add("currency", "is not a known ISO 4217 currency")
	}
	for name, v := range map[string]int64{"discount": in.Discount, "shipping": in.Shipping, "tax": in.Tax} {
		if v < 0 {
			p.Add(name, "must not be negative")
		}
	}
	if in.Total != nil && *in.Total < 0 {
		p.Add("total", "must not be negative")
	}
	if in.PlacedAt.IsZero() {
		p.Add("placed_at", "is required")
	} else if in.PlacedAt.After(now.Add(24 * time.Hour)) {
		p.Add("placed_at", "is in the future")
	}
	checkTime(&p, "paid_at", in.PaidAt)
	checkTime(&p, "fulfilled_at", in.FulfilledAt)
	checkTime(&p, "cancelled_at", in.CancelledAt)
	checkTime(&p, "refunded_at", in.RefundedAt)
	if len(in.CancelReason) > 500 {
		p.Add("cancel_reason", "is longer than 500 characters")
	}
	if in.Customer != nil {
		p.Merge("customer.", in.Customer.Normalize(country))
	}

	switch {
	case len(in.Lines) == 0:
		p.Add("lines", "must have at least one line")
	case len(in.Lines) > MaxLines:
		p.Add("lines", fmt.Sprintf("must have at most %d lines", MaxLines))
	}
	var subtotal int64
	for i := range in.Lines {
		l := &in.Lines[i]
		f := fmt.Sprintf("lines[%d].", i)
		l.Name = strings.TrimSpace(l.Name)
		l.SKU = strings.TrimSpace(l.SKU)
		if l.Name == "" {
			l.Name = l.SKU
		}
		if l.Name == "" {
			p.Add(f+"name", "is required when sku is empty")
		}
		if len(l.Name) > 500 {
			p.Add(f+"name", "is longer than 500 characters")
		}
		if l.Quantity <= 0 {
			p.Add(f+"quantity", "must be at least 1")
		} else if l.Quantity > 1_000_000 {
			p.Add(f+"quantity", "must be at most 1000000")
		}
		if l.UnitPrice < 0 {
			p.Add(f+"unit_price", "must not be negative")
		}
		if int64(len(l.SerialNumbers)) > max(l.Quantity, 0) {
			p.Add(f+"serial_numbers", "has more serial numbers than the quantity")
		}
		for j, sn := range l.SerialNumbers {
			l.SerialNumbers[j] = strings.TrimSpace(sn)
			if l.SerialNumbers[j] == "" || len(sn) > 100 {
				p.Add(f+"serial_numbers", "must be 1 to 100 characters each")
			}
		}
		if l.Quantity > 0 && l.UnitPrice > 0 && l.UnitPrice > math.MaxInt64/l.Quantity/int64(MaxLines) {
			p.Add(f+"unit_price", "is too large")
		} else if l.Quantity > 0 && l.UnitPrice >= 0 {
			subtotal += l.Quantity * l.UnitPrice
		}
	}

	if len(in.Shipments) > MaxShipments {
		p.Add("shipments", fmt.Sprintf("must have at most %d shipments", MaxShipments))
	}
	for i := range in.Shipments {
		p.Merge(fmt.Sprintf("shipments[%d].", i), in.Shipments[i].normalize())
	}
	if err := p.Err(); err != nil {
		return err
	}
	if in.Total == nil {
		t := subtotal + in.Shipping + in.Tax - in.Discount
		in.Total = &t
	}
	return nil
}

func (s *ShipmentInput) normalize() purna.Problems {
	var p purna.Problems
	s.TrackingNumber = strings.TrimSpace(s.TrackingNumber)
	s.ExternalID = strings.TrimSpace(s.ExternalID)
	if s.ExternalID == "" {
		s.ExternalID = s.TrackingNumber
	}
	if s.ExternalID == "" {
		p.Add("external_id", "is required when tracking_number is empty")
	}
	if len(s.ExternalID) > 200 || len(s.TrackingNumber) > 200 || len(s.Carrier) > 100 {
		p.Add("tracking_number", "is too long")
	}
	if s.TrackingURL != "" && !strings.HasPrefix(s.TrackingURL, "https://") && !strings.HasPrefix(s.TrackingURL, "http://") {
		p.Add("tracking_url", "must be an http or https URL")
	}
	if s.Status != "" && !shipmentStatuses[s.Status] {
		p.Add("status", "must be one of pending, in_transit, out_for_delivery, delivered, failed, returned")
	}
	checkTime(&p, "shipped_at", s.ShippedAt)
	checkTime(&p, "delivered_at", s.DeliveredAt)
	checkTime(&p, "promised_at", s.PromisedAt)
	if len(s.Events) > MaxEvents {
		p.Add("events", fmt.Sprintf("must have at most %d events", MaxEvents))
	}
	for j := range s.Events {
		e := &s.Events[j]
		f := fmt.Sprintf("events[%d].", j)
		if e.OccurredAt.IsZero() {
			p.Add(f+"occurred_at", "is required")
		}
		if !shipmentStatuses[e.Status] {
			p.Add(f+"status", "must be one of pending, in_transit, out_for_delivery, delivered, failed, returned")
		}
		if len(e.Location) > 200 || len(e.Description) > 1000 {
			p.Add(f+"description", "is too long")
		}
	}
	return p
}

// checkTime refuses a zero time given explicitly. Times out of order (paid
// before placed) are kept: stores' clocks disagree often enough.
func checkTime(p *purna.Problems, field string, t *time.Time) {
	if t != nil && t.IsZero() {
		p.Add(field, "is not a valid time")
	}
}

func validSource(s string) bool {
	if len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

package demo

import (
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
)

// TestPlanShape checks the full-size shop in memory, without a database:
// the proportions the brief asks for and nothing after the day began.
func TestPlanShape(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 20, 15, 4, 5, 0, time.UTC)
	p := newPlan(Options{Seed: 1, Now: now, Customers: 3000, Orders: 15000})

	if len(p.orders) != 15000 || len(p.people) != 3000 {
		t.Fatalf("orders = %d, people = %d", len(p.orders), len(p.people))
	}
	if p.asOf.After(now) {
		t.Fatalf("asOf %s is after now %s", p.asOf, now)
	}

	var unpaid, cancelledPaid, refunded, delivered, late, inTransit, failed, discounted int
	sources := map[string]int{}
	perCustomer := map[string]int{}
	for i := range p.orders {
		in := p.orders[i]
		sources[in.Source]++
		perCustomer[in.Customer.Email+"|"+in.Customer.Phone]++
		if in.Discount > 0 {
			discounted++
		}
		for _, tm := range times(&in) {
			if tm.After(p.asOf) {
				t.Fatalf("order %s has a time %s after %s", in.ExternalID, tm, p.asOf)
			}
		}
		switch {
		case in.PaidAt == nil && in.CancelledAt != nil:
			unpaid++
		case in.CancelledAt != nil:
			cancelledPaid++
		}
		if in.RefundedAt != nil {
			refunded++
		}
		for _, s := range in.Shipments {
			switch {
			case s.DeliveredAt != nil:
				delivered++
				if s.DeliveredAt.After(*s.PromisedAt) {
					late++
				}
			default:
				inTransit++
			}
			for _, e := range s.Events {
				if e.Status == order.ShipmentFailed {
					failed++
				}
			}
		}
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	checks := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"never paid", share(unpaid, len(p.orders)), 0.02, 0.045},
		{"cancelled after payment", share(cancelledPaid, len(p.orders)), 0.01, 0.03},
		{"late deliveries", share(late, delivered), 0.06, 0.11},
		{"shopify", share(sources["shopify"], len(p.orders)), 0.42, 0.58},
		{"discounted", share(discounted, len(p.orders)), 0.1, 0.4},
	}
	for _, c := range checks {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s = %.3f, want %.2f to %.2f", c.name, c.got, c.lo, c.hi)
		}
	}
	if refunded == 0 || inTransit == 0 || failed == 0 {
		t.Errorf("refunded = %d, in transit = %d, failed attempts = %d; want some of each", refunded, inTransit, failed)
	}
	for _, s := range sources {
		if s == 0 {
			t.Errorf("sources = %v, want all five", sources)
		}
	}

	// Most customers buy one to three times; a loyal tail buys many.
	few, many := 0, 0
	for _, n := range perCustomer {
		if n <= 3 {
			few++
		}
		if n >= 15 {
			many++
		}
	}
	if len(perCustomer) != 3000 || share(few, 3000) < 0.5 || many < 100 {
		t.Errorf("buyers = %d, 1-3 orders: %d, 15+ orders: %d", len(perCustomer), few, many)
	}

	// Harbolnas sells more than an ordinary December day.
	day := func(m time.Month, d int) int {
		n := 0
		for i := range p.orders {
			pl := p.orders[i].PlacedAt.In(wib)
			if pl.Month() == m && pl.Day() == d && pl.Year() == 2025 {
				n++
			}
		}
		return n
	}
	if h, o := day(12, 12), day(12, 4); h < 3*o {
		t.Errorf("orders on 12.12 = %d, on 4.12 = %d; want Harbolnas at least three times busier", h, o)
	}

	emails, phones := map[string]bool{}, map[string]bool{}
	for _, pp := range p.people {
		if pp.email != "" {
			if emails[pp.email] {
				t.Errorf("email %s twice", pp.email)
			}
			emails[pp.email] = true
		}
		if pp.phone != "" {
			e164, err := purna.NormalizePhone(pp.phone, "ID")
			if err != nil || phones[e164] {
				t.Errorf("phone %q: %v (seen before: %v)", pp.phone, err, phones[e164])
			}
			phones[e164] = true
		}
	}
}

// times lists every moment an order input records, promises aside.
func times(in *order.Input) []time.Time {
	out := []time.Time{in.PlacedAt}
	for _, t := range []*time.Time{in.PaidAt, in.FulfilledAt, in.CancelledAt, in.RefundedAt} {
		if t != nil {
			out = append(out, *t)
		}
	}
	for _, s := range in.Shipments {
		for _, t := range []*time.Time{s.ShippedAt, s.DeliveredAt} {
			if t != nil {
				out = append(out, *t)
			}
		}
		for _, e := range s.Events {
			out = append(out, e.OccurredAt)
		}
	}
	return out
}

func BenchmarkPlan(b *testing.B) {
	now := time.Date(2026, 5, 20, 15, 4, 5, 0, time.UTC)
	for b.Loop() {
		newPlan(Options{Seed: 1, Now: now, Customers: 3000, Orders: 15000})
	}
}

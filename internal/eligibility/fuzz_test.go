package eligibility

import (
	"fmt"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

// FuzzCompute checks properties that hold for any order, cases and time:
// the units offered are never negative nor more than were bought, nothing is
// allowed after its deadline, and no deadline comes before its start.
func FuzzCompute(f *testing.F) {
	f.Add(int64(3), int64(1), uint8(0), uint8(0), int64(2), uint8(1), uint8(2), int64(48), int64(100), uint16(7), uint16(12), uint8(0))
	f.Add(int64(1), int64(5), uint8(2), uint8(1), int64(0), uint8(3), uint8(4), int64(-5), int64(0), uint16(0), uint16(0), uint8(1))
	f.Add(int64(0), int64(-2), uint8(4), uint8(5), int64(9), uint8(2), uint8(3), int64(0), int64(-1000), uint16(3650), uint16(600), uint8(2))
	f.Add(int64(-1), int64(1), uint8(1), uint8(2), int64(1), uint8(0), uint8(1), int64(24*400), int64(24*14), uint16(14), uint16(24), uint8(2))
	zones := []string{"Asia/Jakarta", "Asia/Makassar", "Europe/Bucharest", "UTC"}
	f.Fuzz(func(t *testing.T, qty, q1 int64, kind1, status1 uint8, q2 int64, kind2, status2 uint8,
		deliveredHours, nowHours int64, window, months uint16, zone uint8) {
		loc := MustLocation(t, zones[int(zone)%len(zones)])
		qty, q1, q2 = qty%1000, q1%1000, q2%1000
		deliveredHours, nowHours = deliveredHours%(24*365*20), nowHours%(24*365*20)
		kinds := []Kind{KindReturn, KindExchange, KindReplacement, KindWarrantyClaim, KindRepair, KindMaintenance}
		statuses := []Status{Open, Approved, Rejected, Resolved, Closed, "unknown"}
		placed := time.Date(2026, 3, 20, 10, 0, 0, 0, loc)
		delivered := placed.Add(time.Duration(deliveredHours) * time.Hour)
		now := placed.Add(time.Duration(nowHours) * time.Hour)
		pol := policy.Default("ID")
		pol.Returns.WindowDays = int(window % 3651)
		pol.Returns.FreeReplacementDays = int(window % 30)
		pol.Warranty.Months = int(months % 601)
		pol.Maintenance.IntervalDays = int(window%400) + 1
		pol.Maintenance.IncludedServices = int(zone % 3)
		resolvedAt := delivered.Add(time.Hour)
		in := Input{
			Policy: &pol,
			Order: &order.Order{ID: "O", PlacedAt: placed, DeliveredAt: &delivered, Lines: []*order.Line{
				{ID: "L1", ProductID: ptr("P"), Quantity: qty},
				{ID: "L2", ProductID: ptr("P"), Quantity: 2},
			}},
			Products: map[string]*product.Product{"P": {ID: "P", Serialized: zone%2 == 0}},
			Cases: []Case{
				{ID: "C1", Kind: kinds[int(kind1)%len(kinds)], LineID: "L1", Quantity: q1, Status: statuses[int(status1)%len(statuses)], ResolvedAt: &resolvedAt,
					Resolution: policy.Replacement, Replacements: []ReplacementItem{{LineID: "R1", Quantity: q1, DeliveredAt: &resolvedAt}}},
				{ID: "C2", Kind: kinds[int(kind2)%len(kinds)], LineID: "R1", Quantity: q2, Status: statuses[int(status2)%len(statuses)], ResolvedAt: &resolvedAt},
				{ID: "C3", Kind: kinds[int(kind2)%len(kinds)], LineID: "L2", Quantity: q2, Status: statuses[int(status1)%len(statuses)]},
			},
			Location: loc,
			Now:      now,
		}
		for _, it := range Compute(in) {
			for name, w := range map[string]Window{"return": it.Return, "exchange": it.Exchange, "replacement": it.Replacement} {
				ctx := fmt.Sprintf("%s %s", it.LineID, name)
				if w.Quantity < 0 || w.Quantity > max(it.Quantity, 0) {
					t.Errorf("%s quantity %d of %d bought", ctx, w.Quantity, it.Quantity)
				}
				if w.Allowed != (w.Quantity > 0) {
					t.Errorf("%s allowed %v with quantity %d", ctx, w.Allowed, w.Quantity)
				}
				if w.Allowed == (w.Reason != nil) {
					t.Errorf("%s allowed %v with reason %v", ctx, w.Allowed, w.Reason)
				}
				if w.Until != nil && !w.Until.EndsAt.After(delivered) {
					t.Errorf("%s until %s before delivery %s", ctx, w.Until.EndsAt, delivered)
				}
				if w.Allowed && !now.Before(w.Until.EndsAt) {
					t.Errorf("%s allowed at %s after %s", ctx, now, w.Until.EndsAt)
				}
			}
			wa := it.Warranty
			if wa.Until != nil && !wa.Until.EndsAt.After(delivered) {
				t.Errorf("%s warranty until %s before delivery %s", it.LineID, wa.Until.EndsAt, delivered)
			}
			if wa.Active && !now.Before(wa.Until.EndsAt) {
				t.Errorf("%s warranty active at %s after %s", it.LineID, now, wa.Until.EndsAt)
			}
			if wa.ClaimAllowed && !wa.Active {
				t.Errorf("%s claim allowed outside warranty", it.LineID)
			}
			if m := it.Maintenance; m.Scheduled && (m.Due == nil || !m.Due.EndsAt.After(delivered) || m.Service < 1) {
				t.Errorf("%s maintenance %+v", it.LineID, m)
			}
		}
	})
}

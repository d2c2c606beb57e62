package eligibility

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the machine's zoneinfo

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

func ptr[T any](v T) *T { return &v }

// MustLocation loads an IANA zone.
func MustLocation(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// MustTime parses "2006-01-02 15:04:05" in loc and returns it in UTC.
func MustTime(tb testing.TB, loc *time.Location, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation(time.DateTime, s, loc)
	if err != nil {
		tb.Fatal(err)
	}
	return t.UTC()
}

// testBundle is a Jakarta shop with the Indonesian default policy and an
// order delivered on 1 Dec 2026 at 15:00: three shirts, a serialised phone
// with a 12-month warranty, a bike with a 24-month warranty and a service
// every 180 days, and two items of underwear, which are not returnable.
type testBundle struct {
	in  Input
	pol *policy.Policy
	ord *order.Order
	wib *time.Location
	at  func(s string) time.Time // Jakarta wall time
}

func setup(t testing.TB) *testBundle {
	t.Helper()
	wib := MustLocation(t, "Asia/Jakarta")
	at := func(s string) time.Time { return MustTime(t, wib, s) }
	pol := policy.Default("ID")
	pol.Returns.NonReturnableCategories = []string{"Pakaian Dalam"}
	prods := map[purna.ID]*product.Product{}
	for _, p := range []*product.Product{
		{ID: "P-SHIRT", SKU: "SKU-SHIRT", Category: "Pakaian"},
		{ID: "P-SHIRT-L", SKU: "SKU-SHIRT-L", Category: "Pakaian"},
		{ID: "P-PHONE", SKU: "SKU-PHONE", Category: "Elektronik", WarrantyMonths: 12, Serialized: true},
		{ID: "P-BIKE", SKU: "SKU-BIKE", Category: "Sepeda", WarrantyMonths: 24, MaintenanceDays: 180},
		{ID: "P-UNDER", SKU: "SKU-UNDER", Category: "Pakaian Dalam"},
		{ID: "P-EXT", SKU: "EXT-12", Category: "Layanan"},
	} {
		prods[p.ID] = p
	}
	parts := []*product.Product{
		{ID: "PART-CHAIN", SKU: "PART-CHAIN", SparePartFor: []string{"P-BIKE"}},
		{ID: "PART-BATT", SKU: "PART-BATT", SparePartFor: []string{"SKU-PHONE"}},
		{ID: "PART-BUTTON", SKU: "PART-BUTTON", SparePartFor: []string{"SKU-SHIRT"}},
	}
	ord := &order.Order{
		ID: "O1", Status: order.Delivered,
		PlacedAt:    at("2026-11-28 10:00:00"),
		PaidAt:      ptr(at("2026-11-28 10:05:00")),
		FulfilledAt: ptr(at("2026-11-29 09:00:00")),
		DeliveredAt: ptr(at("2026-12-01 15:00:00")),
		Lines: []*order.Line{
			{ID: "L-SHIRT", ProductID: ptr("P-SHIRT"), SKU: "SKU-SHIRT", Quantity: 3},
			{ID: "L-PHONE", ProductID: ptr("P-PHONE"), SKU: "SKU-PHONE", Quantity: 1, SerialNumbers: []string{"SN-1"}},
			{ID: "L-BIKE", ProductID: ptr("P-BIKE"), SKU: "SKU-BIKE", Quantity: 1},
			{ID: "L-UNDER", ProductID: ptr("P-UNDER"), SKU: "SKU-UNDER", Quantity: 2},
		},
	}
	return &testBundle{
		in:  Input{Policy: &pol, Order: ord, Products: prods, Parts: parts, Location: wib, Now: at("2026-12-05 12:00:00")},
		pol: &pol, ord: ord, wib: wib, at: at,
	}
}

// The summaries below write an outcome on one line, so that a table of
// expectations stays readable: "2 until 2026-12-08" or
// "no window_closed(until=2026-12-08)".

func sumReason(r *Reason) string {
	if r == nil {
		return "<nil>"
	}
	if len(r.Params) == 0 {
		return r.Code
	}
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(r.Params)) {
		kv = append(kv, k+"="+r.Params[k])
	}
	return r.Code + "(" + strings.Join(kv, ",") + ")"
}

func sumWindow(w Window) string {
	if !w.Allowed {
		return "no " + sumReason(w.Reason)
	}
	return fmt.Sprintf("%d until %s", w.Quantity, w.Until.Date)
}

func sumWarranty(w Warranty) string {
	if !w.Active {
		return "no " + sumReason(w.Reason)
	}
	s := "until " + w.Until.Date
	if w.ClaimAllowed {
		s += " claim"
	} else {
		s += " no-claim " + sumReason(w.Reason)
	}
	if w.Restarted {
		s += " restarted"
	}
	return s
}

func sumMaintenance(m Maintenance) string {
	if !m.Scheduled {
		return "no " + sumReason(m.Reason)
	}
	s := fmt.Sprintf("due %s #%d", m.Due.Date, m.Service)
	if m.Included {
		s += " free"
	} else {
		s += " paid"
	}
	if m.Overdue {
		s += " overdue"
	}
	if m.OpenCaseID != "" {
		s += " open=" + m.OpenCaseID
	}
	return s
}

// key names an item in test expectations: its line ID or registration ID.
func key(it Item) string {
	if it.LineID != "" {
		return it.LineID
	}
	return "reg:" + it.RegistrationID
}

func equalJSON(tb testing.TB, a, b any) bool {
	tb.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		tb.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		tb.Fatal(err)
	}
	return string(x) == string(y)
}

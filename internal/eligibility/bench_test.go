package eligibility

import (
	"fmt"
	"testing"

	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

// BenchmarkCompute decides an order of 20 lines with 10 earlier cases, some
// with replacement items, under a policy with overrides and extensions.
func BenchmarkCompute(b *testing.B) {
	tb := setup(b)
	tb.pol.Maintenance.IncludedServices = 2
	tb.pol.Warranty.RequireRegistration = true
	tb.pol.Warranty.Extensions = []policy.Extension{{Product: "EXT-12", Months: 12, ForCategories: []string{"Elektronik"}}}
	tb.pol.Overrides.Categories = map[string]policy.Override{"Elektronik": {Returns: policy.ReturnsOverride{WindowDays: ptr(14)}}}
	ids := []string{"P-SHIRT", "P-PHONE", "P-BIKE", "P-UNDER", "P-EXT"}
	tb.ord.Lines = nil
	for i := range 20 {
		id := ids[i%len(ids)]
		tb.ord.Lines = append(tb.ord.Lines, &order.Line{ID: fmt.Sprintf("L%02d", i), ProductID: ptr(id), Quantity: int64(1 + i%3),
			SerialNumbers: []string{fmt.Sprintf("SN-%02d", i)}})
	}
	kinds := []Kind{KindReturn, KindExchange, KindWarrantyClaim, KindMaintenance, KindReplacement}
	for i := range 10 {
		c := Case{ID: fmt.Sprintf("C%d", i), Kind: kinds[i%len(kinds)], LineID: fmt.Sprintf("L%02d", i*2), Quantity: 1,
			Status: Resolved, Resolution: policy.Replacement, ResolvedAt: ptr(tb.at("2026-12-03 10:00:00"))}
		if i%2 == 1 {
			c.Replacements = []ReplacementItem{{LineID: fmt.Sprintf("R%d", i), Quantity: 1, DeliveredAt: ptr(tb.at("2026-12-04 10:00:00"))}}
		}
		tb.in.Cases = append(tb.in.Cases, c)
	}
	tb.in.Registrations = []Registration{{ID: "REG1", SerialNumber: "SN-01"}, {ID: "REG2", SerialNumber: "SN-X", ProductID: "P-PHONE"}}
	tb.in.Parts = append(tb.in.Parts, &product.Product{ID: "PART-X", SparePartFor: []string{"P-UNDER"}})
	if n := len(Compute(tb.in)); n != 26 {
		b.Fatalf("Compute returned %d items, want 26", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		Compute(tb.in)
	}
}

package eligibility

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

// want is what one item should allow; an empty field is not checked. parts
// is the spare parts joined with ",", or "none".
type want struct {
	ret, exch, repl, war, maint, parts string
}

func TestCompute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(b *testBundle)
		// items lists the items expected, in order; nil skips the check.
		items []string
		want  map[string]want
	}{
		{
			name:  "delivered order, inside every window",
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER"},
			want: map[string]want{
				"L-SHIRT": {ret: "3 until 2026-12-08", exch: "3 until 2026-12-08", repl: "3 until 2026-12-08",
					war: "no no_warranty", maint: "no no_maintenance", parts: "PART-BUTTON"},
				"L-PHONE": {ret: "1 until 2026-12-08", war: "until 2027-12-01 claim", maint: "no no_maintenance", parts: "none"},
				"L-BIKE":  {war: "until 2028-12-01 claim", maint: "due 2027-05-30 #1 paid", parts: "none"},
				"L-UNDER": {ret: "no non_returnable_category(category=Pakaian Dalam)", exch: "no non_returnable_category(category=Pakaian Dalam)",
					repl: "2 until 2026-12-08"},
			},
		},
		{
			name: "last second of the return window",
			setup: func(b *testBundle) {
				b.in.Now = b.at("2026-12-08 23:59:59")
			},
			want: map[string]want{"L-SHIRT": {ret: "3 until 2026-12-08", repl: "3 until 2026-12-08"}},
		},
		{
			name:  "first second after the return window",
			setup: func(b *testBundle) { b.in.Now = b.at("2026-12-09 00:00:00") },
			want: map[string]want{
				"L-SHIRT": {ret: "no window_closed(until=2026-12-08)", exch: "no window_closed(until=2026-12-08)",
					repl: "no window_closed(until=2026-12-08)", war: "no no_warranty"},
				"L-PHONE": {war: "until 2027-12-01 claim"},
			},
		},
		{
			name: "partial returns: open and approved count, rejected and withdrawn do not",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{
					{ID: "C1", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 1, Status: Open},
					{ID: "C2", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 2, Status: Rejected},
					{ID: "C3", Kind: KindExchange, LineID: "L-SHIRT", Quantity: 1, Status: Approved},
					{ID: "C4", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 1, Status: Closed}, // withdrawn
					{ID: "C5", Kind: KindReturn, LineID: "L-UNDER", Quantity: 1, Status: Open},
				}
			},
			want: map[string]want{
				"L-SHIRT": {ret: "1 until 2026-12-08", exch: "1 until 2026-12-08", repl: "1 until 2026-12-08", war: "no no_warranty"},
				"L-UNDER": {repl: "1 until 2026-12-08"},
				"L-PHONE": {ret: "1 until 2026-12-08"},
			},
		},
		{
			name: "a case closed after being resolved still counts",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 2, Status: Closed,
					Resolution: policy.Refund, ResolvedAt: ptr(b.at("2026-12-04 10:00:00"))}}
			},
			want: map[string]want{"L-SHIRT": {ret: "1 until 2026-12-08"}},
		},
		{
			name: "line already returned in full",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 3, Status: Resolved,
					Resolution: policy.Refund, ResolvedAt: ptr(b.at("2026-12-04 10:00:00"))}}
			},
			want: map[string]want{"L-SHIRT": {ret: "no already_returned(quantity=3)", exch: "no already_returned(quantity=3)",
				repl: "no already_returned(quantity=3)", war: "no no_warranty"}},
		},
		{
			name: "cases for more than was bought never go below zero",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{
					{ID: "C1", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 2, Status: Open},
					{ID: "C2", Kind: KindReturn, LineID: "L-SHIRT", Quantity: 5, Status: Approved},
				}
			},
			want: map[string]want{"L-SHIRT": {ret: "no already_returned(quantity=3)"}},
		},
		{
			name: "a case with no quantity counts as one unit",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindReturn, LineID: "L-SHIRT", Status: Open}}
			},
			want: map[string]want{"L-SHIRT": {ret: "2 until 2026-12-08"}},
		},
		{
			name: "a free replacement in progress holds its units",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindReplacement, LineID: "L-SHIRT", Quantity: 1, Status: Approved}}
			},
			want: map[string]want{"L-SHIRT": {ret: "2 until 2026-12-08", repl: "2 until 2026-12-08"}},
		},
		{
			name: "not delivered yet",
			setup: func(b *testBundle) {
				b.ord.DeliveredAt, b.ord.Status = nil, order.Fulfilled
			},
			want: map[string]want{
				"L-SHIRT": {ret: "no not_delivered", exch: "no not_delivered", repl: "no not_delivered", war: "no no_warranty"},
				"L-PHONE": {war: "no not_delivered"},
				"L-BIKE":  {maint: "no not_delivered", parts: "none"},
			},
		},
		{
			name: "not delivered, warranty from purchase: running but nothing to claim yet",
			setup: func(b *testBundle) {
				b.ord.DeliveredAt = nil
				b.pol.Warranty.Start = policy.WarrantyFromPurchase
			},
			want: map[string]want{"L-PHONE": {war: "until 2027-11-28 no-claim not_delivered"}},
		},
		{
			name: "window from the order: placed 28 Nov, 7 days",
			setup: func(b *testBundle) {
				b.pol.Returns.WindowStart = policy.FromOrder
				b.in.Now = b.at("2026-12-05 23:59:59")
			},
			want: map[string]want{"L-SHIRT": {ret: "3 until 2026-12-05", repl: "3 until 2026-12-08"}},
		},
		{
			name: "window from the order has closed though the free replacement has not",
			setup: func(b *testBundle) {
				b.pol.Returns.WindowStart = policy.FromOrder
				b.in.Now = b.at("2026-12-06 00:00:00")
			},
			want: map[string]want{"L-SHIRT": {ret: "no window_closed(until=2026-12-05)", repl: "3 until 2026-12-08"}},
		},
		{
			name: "window from fulfilment: 29 Nov",
			setup: func(b *testBundle) {
				b.pol.Returns.WindowStart = policy.FromFulfilment
			},
			want: map[string]want{"L-SHIRT": {ret: "3 until 2026-12-06"}},
		},
		{
			name: "window from fulfilment falls back to the first parcel shipped",
			setup: func(b *testBundle) {
				b.pol.Returns.WindowStart = policy.FromFulfilment
				b.ord.FulfilledAt = nil
				b.ord.Shipments = []*order.Shipment{
					{ID: "S2", ShippedAt: ptr(b.at("2026-11-30 08:00:00")), DeliveredAt: ptr(b.at("2026-12-01 15:00:00"))},
					{ID: "S1", ShippedAt: ptr(b.at("2026-11-29 20:00:00")), DeliveredAt: ptr(b.at("2026-12-01 11:00:00"))},
				}
			},
			want: map[string]want{"L-SHIRT": {ret: "3 until 2026-12-06"}},
		},
		{
			name: "window from fulfilment before fulfilment",
			setup: func(b *testBundle) {
				b.pol.Returns.WindowStart = policy.FromFulfilment
				b.ord.FulfilledAt, b.ord.DeliveredAt = nil, nil
			},
			want: map[string]want{"L-SHIRT": {ret: "no not_fulfilled"}},
		},
		{
			name: "delivery taken from the parcels when every one has arrived",
			setup: func(b *testBundle) {
				b.ord.DeliveredAt = nil
				b.ord.Shipments = []*order.Shipment{
					{ID: "S1", DeliveredAt: ptr(b.at("2026-12-01 11:00:00"))},
					{ID: "S2", DeliveredAt: ptr(b.at("2026-12-02 09:00:00"))},
				}
			},
			want: map[string]want{"L-SHIRT": {ret: "3 until 2026-12-09"}, "L-PHONE": {war: "until 2027-12-02 claim"}},
		},
		{
			name: "not delivered while a parcel is on its way",
			setup: func(b *testBundle) {
				b.ord.DeliveredAt = nil
				b.ord.Shipments = []*order.Shipment{
					{ID: "S1", DeliveredAt: ptr(b.at("2026-12-01 11:00:00"))},
					{ID: "S2", Status: order.ShipmentInTransit},
				}
			},
			want: map[string]want{"L-SHIRT": {ret: "no not_delivered"}},
		},
		{
			name: "cancelled order allows nothing",
			setup: func(b *testBundle) {
				b.ord.CancelledAt, b.ord.Status = ptr(b.at("2026-12-02 10:00:00")), order.Cancelled
			},
			want: map[string]want{
				"L-SHIRT": {ret: "no order_cancelled", exch: "no order_cancelled", repl: "no order_cancelled",
					war: "no order_cancelled", maint: "no order_cancelled", parts: "none"},
				"L-PHONE": {war: "no order_cancelled"},
				"L-BIKE":  {maint: "no order_cancelled"},
			},
		},
		{
			name:  "cancelled by status alone",
			setup: func(b *testBundle) { b.ord.Status = order.Cancelled },
			want:  map[string]want{"L-SHIRT": {ret: "no order_cancelled"}},
		},
		{
			name: "refunded order allows nothing",
			setup: func(b *testBundle) {
				b.ord.RefundedAt, b.ord.Status = ptr(b.at("2026-12-03 10:00:00")), order.Refunded
			},
			want: map[string]want{"L-PHONE": {ret: "no order_refunded", war: "no order_refunded", maint: "no order_refunded"}},
		},
		{
			name: "line without a product, and one found by SKU",
			setup: func(b *testBundle) {
				b.ord.Lines = append(b.ord.Lines,
					&order.Line{ID: "L-CUSTOM", SKU: "CUSTOM-1", Quantity: 1},
					&order.Line{ID: "L-BYSKU", SKU: "SKU-PHONE", Quantity: 1},
				)
			},
			want: map[string]want{
				"L-CUSTOM": {ret: "no no_product", exch: "no no_product", repl: "no no_product", war: "no no_product", maint: "no no_product", parts: "none"},
				"L-BYSKU":  {ret: "1 until 2026-12-08", war: "until 2027-12-01 claim"},
			},
		},
		{
			name: "exchange and free replacement not offered",
			setup: func(b *testBundle) {
				b.pol.Returns.Resolutions = []policy.Resolution{policy.Refund}
				b.pol.Returns.FreeReplacementDays = 0
			},
			want: map[string]want{"L-SHIRT": {ret: "3 until 2026-12-08", exch: "no not_offered(resolution=exchange)",
				repl: "no not_offered(resolution=replacement)"}},
		},
		{
			name: "product override refuses returns; category override shortens",
			setup: func(b *testBundle) {
				b.pol.Overrides.Products = map[string]policy.Override{"P-PHONE": {Returns: policy.ReturnsOverride{Returnable: ptr(false)}}}
				b.pol.Overrides.Categories = map[string]policy.Override{"Pakaian": {Returns: policy.ReturnsOverride{WindowDays: ptr(3)}}}
			},
			want: map[string]want{
				"L-PHONE": {ret: "no not_returnable", exch: "no not_returnable", repl: "1 until 2026-12-08"},
				"L-SHIRT": {ret: "no window_closed(until=2026-12-04)"},
			},
		},
		{
			name: "product's own return window",
			setup: func(b *testBundle) {
				b.in.Products["P-BIKE"].ReturnWindowDays = 30
			},
			want: map[string]want{"L-BIKE": {ret: "1 until 2026-12-31"}},
		},
		{
			name: "exchanges of exchanged items keep the original window",
			setup: func(b *testBundle) {
				b.in.Now = b.at("2026-12-08 12:00:00")
				b.in.Cases = []Case{
					{ID: "C1", Kind: KindExchange, LineID: "L-SHIRT", Quantity: 1, Status: Resolved, Resolution: policy.Exchange,
						ResolvedAt:   ptr(b.at("2026-12-03 10:00:00")),
						Replacements: []ReplacementItem{{LineID: "R-SHIRT-L", ProductID: "P-SHIRT-L", Quantity: 1, DeliveredAt: ptr(b.at("2026-12-04 16:00:00"))}}},
					{ID: "C2", Kind: KindExchange, LineID: "R-SHIRT-L", Quantity: 1, Status: Resolved, Resolution: policy.Exchange,
						ResolvedAt:   ptr(b.at("2026-12-06 10:00:00")),
						Replacements: []ReplacementItem{{LineID: "R-SHIRT-M", ProductID: "P-SHIRT", Quantity: 1, DeliveredAt: ptr(b.at("2026-12-07 16:00:00"))}}},
				}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER", "R-SHIRT-L", "R-SHIRT-M"},
			want: map[string]want{
				"L-SHIRT":   {ret: "2 until 2026-12-08"},
				"R-SHIRT-L": {ret: "no already_returned(quantity=1)", exch: "no already_returned(quantity=1)"},
				"R-SHIRT-M": {ret: "1 until 2026-12-08", exch: "1 until 2026-12-08", repl: "1 until 2026-12-08", war: "no no_warranty", parts: "PART-BUTTON"},
			},
		},
		{
			name: "the item sent in exchange does not get a new window",
			setup: func(b *testBundle) {
				b.in.Now = b.at("2026-12-09 00:00:00")
				b.in.Cases = []Case{
					{ID: "C1", Kind: KindExchange, LineID: "L-SHIRT", Quantity: 1, Status: Resolved, ResolvedAt: ptr(b.at("2026-12-06 10:00:00")),
						Replacements: []ReplacementItem{{LineID: "R-SHIRT-L", ProductID: "P-SHIRT-L", Quantity: 1, DeliveredAt: ptr(b.at("2026-12-08 16:00:00"))}}},
				}
			},
			want: map[string]want{"R-SHIRT-L": {ret: "no window_closed(until=2026-12-08)"}},
		},
		{
			name: "the item sent in exchange cannot be returned before it arrives",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{
					{ID: "C1", Kind: KindExchange, LineID: "L-SHIRT", Quantity: 1, Status: Approved,
						Replacements: []ReplacementItem{{LineID: "R-SHIRT-L", ProductID: "P-SHIRT-L", Quantity: 1}}},
				}
			},
			want: map[string]want{
				"L-SHIRT":   {ret: "2 until 2026-12-08"},
				"R-SHIRT-L": {ret: "no not_delivered(until=2026-12-08)"},
			},
		},
		{
			name: "a rejected case's replacement and replacements of unknown lines are left out",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{
					{ID: "C1", Kind: KindExchange, LineID: "L-SHIRT", Quantity: 1, Status: Rejected,
						Replacements: []ReplacementItem{{LineID: "R-1", Quantity: 1}}},
					{ID: "C2", Kind: KindExchange, LineID: "L-OTHER-ORDER", Quantity: 1, Status: Resolved,
						Replacements: []ReplacementItem{{LineID: "R-2", Quantity: 1}}},
					// A cycle: R-3 replaces replaces R-3.
					{ID: "C3", Kind: KindExchange, LineID: "R-4", Status: Resolved, Replacements: []ReplacementItem{{LineID: "R-3", Quantity: 1}}},
					{ID: "C4", Kind: KindExchange, LineID: "R-3", Status: Resolved, Replacements: []ReplacementItem{{LineID: "R-4", Quantity: 1}}},
				}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER"},
			want:  map[string]want{"L-SHIRT": {ret: "3 until 2026-12-08"}},
		},
		{
			name: "warranty replacement restarts the warranty",
			setup: func(b *testBundle) {
				b.pol.Warranty.ReplacementRestarts = true
				b.in.Now = b.at("2027-07-01 12:00:00")
				b.in.Cases = []Case{phoneReplaced(b, "2027-06-12 14:00:00")}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER", "R-PHONE"},
			want: map[string]want{
				"L-PHONE": {ret: "no already_returned(quantity=1)", war: "no already_returned(quantity=1)", parts: "none"},
				"R-PHONE": {ret: "no window_closed(until=2026-12-08)", repl: "no window_closed(until=2026-12-08)",
					war: "until 2028-06-12 claim restarted", parts: "none"},
			},
		},
		{
			name: "warranty replacement keeps the original end date",
			setup: func(b *testBundle) {
				b.in.Now = b.at("2027-07-01 12:00:00")
				b.in.Cases = []Case{phoneReplaced(b, "2027-06-12 14:00:00")}
			},
			want: map[string]want{"R-PHONE": {war: "until 2027-12-01 claim"}},
		},
		{
			name: "replacement on its way: restarted warranty has not started",
			setup: func(b *testBundle) {
				b.pol.Warranty.ReplacementRestarts = true
				b.in.Now = b.at("2027-07-01 12:00:00")
				b.in.Cases = []Case{phoneReplaced(b, "")}
			},
			want: map[string]want{"R-PHONE": {war: "no not_delivered"}},
		},
		{
			name: "replacement on its way: kept warranty runs, nothing to claim yet",
			setup: func(b *testBundle) {
				b.in.Now = b.at("2027-07-01 12:00:00")
				b.in.Cases = []Case{phoneReplaced(b, "")}
			},
			want: map[string]want{"R-PHONE": {war: "until 2027-12-01 no-claim not_delivered"}},
		},
		{
			name: "replacement of a replacement restarts again",
			setup: func(b *testBundle) {
				b.pol.Warranty.ReplacementRestarts = true
				b.in.Now = b.at("2028-03-01 12:00:00")
				second := Case{ID: "C2", Kind: KindWarrantyClaim, LineID: "R-PHONE", Quantity: 1, Status: Resolved,
					Resolution: policy.Replacement, ResolvedAt: ptr(b.at("2028-02-01 10:00:00")),
					Replacements: []ReplacementItem{{LineID: "R-PHONE-2", Quantity: 1, SerialNumbers: []string{"SN-3"}, DeliveredAt: ptr(b.at("2028-02-03 10:00:00"))}}}
				b.in.Cases = []Case{second, phoneReplaced(b, "2027-06-12 14:00:00")}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER", "R-PHONE-2", "R-PHONE"},
			want: map[string]want{
				"R-PHONE":   {war: "no already_returned(quantity=1)"},
				"R-PHONE-2": {war: "until 2029-02-03 claim restarted"},
			},
		},
		{
			name: "warranty claim in progress",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindWarrantyClaim, LineID: "L-PHONE", Quantity: 1, Status: Open}}
			},
			want: map[string]want{"L-PHONE": {ret: "1 until 2026-12-08", war: "until 2027-12-01 no-claim claim_open"}},
		},
		{
			name: "a claim for one unit leaves the others claimable",
			setup: func(b *testBundle) {
				b.in.Products["P-SHIRT"].WarrantyMonths = 3
				b.in.Cases = []Case{{ID: "C1", Kind: KindRepair, LineID: "L-SHIRT", Quantity: 1, Status: Approved}}
			},
			want: map[string]want{"L-SHIRT": {war: "until 2027-03-01 claim"}},
		},
		{
			name: "a rejected claim does not block another",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindWarrantyClaim, LineID: "L-PHONE", Quantity: 1, Status: Rejected}}
			},
			want: map[string]want{"L-PHONE": {war: "until 2027-12-01 claim"}},
		},
		{
			name:  "last day of the warranty",
			setup: func(b *testBundle) { b.in.Now = b.at("2027-12-01 23:59:59") },
			want:  map[string]want{"L-PHONE": {war: "until 2027-12-01 claim", parts: "none"}},
		},
		{
			name:  "warranty over: spare parts offered",
			setup: func(b *testBundle) { b.in.Now = b.at("2027-12-02 00:00:00") },
			want: map[string]want{
				"L-PHONE": {war: "no expired(until=2027-12-01)", parts: "PART-BATT"},
				"L-BIKE":  {war: "until 2028-12-01 claim", parts: "none"},
				"L-SHIRT": {war: "no no_warranty", parts: "PART-BUTTON"},
			},
		},
		{
			name:  "bike warranty over",
			setup: func(b *testBundle) { b.in.Now = b.at("2028-12-02 08:00:00") },
			want:  map[string]want{"L-BIKE": {war: "no expired(until=2028-12-01)", parts: "PART-CHAIN"}},
		},
		{
			name: "extended warranty bought in the same order",
			setup: func(b *testBundle) {
				b.pol.Warranty.Extensions = []policy.Extension{
					{Product: "EXT-12", Months: 12, ForCategories: []string{"Elektronik"}},
					{Product: "EXT-NOT-BOUGHT", Months: 36, ForProducts: []string{"P-PHONE"}},
				}
				b.ord.Lines = append(b.ord.Lines, &order.Line{ID: "L-EXT", ProductID: ptr("P-EXT"), Quantity: 1})
			},
			want: map[string]want{
				"L-PHONE": {war: "until 2028-12-01 claim"},
				"L-BIKE":  {war: "until 2028-12-01 claim"},
				"L-EXT":   {war: "no no_warranty"},
			},
		},
		{
			name: "extended warranty by SKU gives a warranty to a product without one",
			setup: func(b *testBundle) {
				b.pol.Warranty.Extensions = []policy.Extension{{Product: "P-EXT", Months: 6, ForProducts: []string{"SKU-SHIRT"}}}
				b.ord.Lines = append(b.ord.Lines, &order.Line{ID: "L-EXT", SKU: "EXT-12", Quantity: 1})
			},
			want: map[string]want{"L-SHIRT": {war: "until 2027-06-01 claim", parts: "none"}},
		},
		{
			name: "extended warranty registered on the unit",
			setup: func(b *testBundle) {
				b.in.Registrations = []Registration{{ID: "REG1", SerialNumber: "SN-1", LineID: "L-PHONE", ExtraMonths: 6,
					RegisteredAt: b.at("2026-12-02 10:00:00")}}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER"},
			want:  map[string]want{"L-PHONE": {war: "until 2028-06-01 claim"}},
		},
		{
			name:  "registration required, not registered",
			setup: func(b *testBundle) { b.pol.Warranty.RequireRegistration = true },
			want: map[string]want{
				"L-PHONE": {war: "no not_registered(until=2027-12-01)"},
				"L-BIKE":  {war: "until 2028-12-01 claim"}, // not serialised
			},
		},
		{
			name: "registration required, registered by serial number",
			setup: func(b *testBundle) {
				b.pol.Warranty.RequireRegistration = true
				b.in.Registrations = []Registration{{ID: "REG1", SerialNumber: "SN-1", RegisteredAt: b.at("2026-12-02 10:00:00")}}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER"},
			want:  map[string]want{"L-PHONE": {war: "until 2027-12-01 claim"}},
		},
		{
			name: "registration required, registered by line",
			setup: func(b *testBundle) {
				b.pol.Warranty.RequireRegistration = true
				b.in.Registrations = []Registration{{ID: "REG1", LineID: "L-PHONE", RegisteredAt: b.at("2026-12-02 10:00:00")}}
			},
			want: map[string]want{"L-PHONE": {war: "until 2027-12-01 claim"}},
		},
		{
			name: "registration required: a replacement inherits the registration",
			setup: func(b *testBundle) {
				b.pol.Warranty.RequireRegistration = true
				b.pol.Warranty.ReplacementRestarts = true
				b.in.Now = b.at("2027-07-01 12:00:00")
				b.in.Registrations = []Registration{{ID: "REG1", SerialNumber: "SN-1", RegisteredAt: b.at("2026-12-02 10:00:00")}}
				b.in.Cases = []Case{phoneReplaced(b, "2027-06-12 14:00:00")}
			},
			want: map[string]want{"R-PHONE": {war: "until 2028-06-12 claim restarted"}},
		},
		{
			name: "expired beats not registered",
			setup: func(b *testBundle) {
				b.pol.Warranty.RequireRegistration = true
				b.in.Now = b.at("2028-01-01 00:00:00")
			},
			want: map[string]want{"L-PHONE": {war: "no expired(until=2027-12-01)", parts: "PART-BATT"}},
		},
		{
			name: "bought elsewhere and registered by serial number",
			setup: func(b *testBundle) {
				b.in.Registrations = []Registration{
					{ID: "REG-X", SerialNumber: "SN-X", ProductID: "P-PHONE", PurchasedAt: ptr(b.at("2026-06-15 00:00:00")),
						RegisteredAt: b.at("2026-12-03 10:00:00"), ExtraMonths: 3},
					{ID: "REG-NOPROOF", SerialNumber: "SN-Y", ProductID: "P-BIKE", RegisteredAt: b.at("2026-12-03 10:00:00")},
					{ID: "REG-UNKNOWN", SerialNumber: "SN-Z", ProductID: "P-GONE", PurchasedAt: ptr(b.at("2026-06-15 00:00:00"))},
					{ID: "REG-SAME", SerialNumber: "SN-1"}, // the order's phone: not a separate item
					{ID: "REG-OTHER", SerialNumber: "SN-9", LineID: "L-ANOTHER-ORDER"},
				}
			},
			items: []string{"L-SHIRT", "L-PHONE", "L-BIKE", "L-UNDER", "reg:REG-X", "reg:REG-NOPROOF", "reg:REG-UNKNOWN"},
			want: map[string]want{
				"reg:REG-X": {ret: "no bought_elsewhere", exch: "no bought_elsewhere", repl: "no bought_elsewhere",
					war: "until 2027-09-15 claim", maint: "no no_maintenance", parts: "none"},
				"reg:REG-NOPROOF": {ret: "no bought_elsewhere", war: "no no_proof_of_purchase", maint: "no no_proof_of_purchase"},
				"reg:REG-UNKNOWN": {ret: "no no_product", war: "no no_product"},
			},
		},
		{
			name: "bought elsewhere, registered, not affected by this order's cancellation",
			setup: func(b *testBundle) {
				b.ord.CancelledAt = ptr(b.at("2026-12-02 10:00:00"))
				b.in.Registrations = []Registration{{ID: "REG-X", SerialNumber: "SN-X", ProductID: "P-BIKE", PurchasedAt: ptr(b.at("2026-06-15 10:00:00"))}}
			},
			want: map[string]want{
				"L-BIKE":    {war: "no order_cancelled"},
				"reg:REG-X": {war: "until 2028-06-15 claim", maint: "due 2026-12-12 #1 paid"},
			},
		},
		{
			name: "only items bought elsewhere",
			setup: func(b *testBundle) {
				b.in.Order = nil
				b.in.Registrations = []Registration{{ID: "REG-X", ProductID: "P-PHONE"}}
			},
			items: []string{"reg:REG-X"},
			want:  map[string]want{"reg:REG-X": {war: "no no_proof_of_purchase"}},
		},
		{
			name: "maintenance: included services, then paid",
			setup: func(b *testBundle) {
				b.pol.Overrides.Categories = map[string]policy.Override{"Sepeda": {Maintenance: policy.MaintenanceOverride{
					IncludedServices: ptr(2), Usage: &policy.Usage{Every: 5000, Unit: "km"}}}}
			},
			want: map[string]want{"L-BIKE": {maint: "due 2027-05-30 #1 free"}},
		},
		{
			name: "maintenance: second service, free, counted from the last",
			setup: func(b *testBundle) {
				b.pol.Maintenance.IncludedServices = 2
				b.in.Now = b.at("2027-06-01 12:00:00")
				b.in.Cases = []Case{{ID: "M1", Kind: KindMaintenance, LineID: "L-BIKE", Status: Resolved, ResolvedAt: ptr(b.at("2027-05-28 11:00:00"))}}
			},
			want: map[string]want{"L-BIKE": {maint: "due 2027-11-24 #2 free"}},
		},
		{
			name: "maintenance: included services used up",
			setup: func(b *testBundle) {
				b.pol.Maintenance.IncludedServices = 2
				b.in.Now = b.at("2027-12-01 12:00:00")
				b.in.Cases = []Case{
					{ID: "M2", Kind: KindMaintenance, LineID: "L-BIKE", Status: Closed, ResolvedAt: ptr(b.at("2027-11-20 11:00:00"))},
					{ID: "M1", Kind: KindMaintenance, LineID: "L-BIKE", Status: Resolved, ResolvedAt: ptr(b.at("2027-05-28 11:00:00"))},
					{ID: "M0", Kind: KindMaintenance, LineID: "L-BIKE", Status: Rejected},
				}
			},
			want: map[string]want{"L-BIKE": {maint: "due 2028-05-18 #3 paid"}},
		},
		{
			name: "maintenance: overdue with a booking open",
			setup: func(b *testBundle) {
				b.in.Now = b.at("2027-05-31 00:00:00")
				b.in.Cases = []Case{{ID: "M1", Kind: KindMaintenance, LineID: "L-BIKE", Status: Open}}
			},
			want: map[string]want{"L-BIKE": {maint: "due 2027-05-30 #1 paid overdue open=M1"}},
		},
		{
			name:  "maintenance on the due day is not overdue",
			setup: func(b *testBundle) { b.in.Now = b.at("2027-05-30 23:59:59") },
			want:  map[string]want{"L-BIKE": {maint: "due 2027-05-30 #1 paid"}},
		},
		{
			name: "maintenance stops when the item went back",
			setup: func(b *testBundle) {
				b.in.Cases = []Case{{ID: "C1", Kind: KindReturn, LineID: "L-BIKE", Quantity: 1, Status: Resolved, ResolvedAt: ptr(b.at("2026-12-04 10:00:00"))}}
			},
			want: map[string]want{"L-BIKE": {ret: "no already_returned(quantity=1)", war: "no already_returned(quantity=1)", maint: "no already_returned(quantity=1)"}},
		},
		{
			name:  "no policy offers nothing but the catalogue's own terms",
			setup: func(b *testBundle) { b.in.Policy = nil },
			want: map[string]want{
				"L-SHIRT": {ret: "no not_returnable", exch: "no not_offered(resolution=exchange)", repl: "no not_offered(resolution=replacement)", war: "no no_warranty"},
				"L-PHONE": {war: "until 2027-12-01 claim"},
				"L-BIKE":  {maint: "due 2027-05-30 #1 paid"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			if tc.setup != nil {
				tc.setup(b)
			}
			items := Compute(b.in)
			byKey := map[string]Item{}
			var keys []string
			for _, it := range items {
				byKey[key(it)] = it
				keys = append(keys, key(it))
			}
			if tc.items != nil && !slices.Equal(keys, tc.items) {
				t.Errorf("items = %v, want %v", keys, tc.items)
			}
			for k, w := range tc.want {
				it, ok := byKey[k]
				if !ok {
					t.Errorf("no item %s in %v", k, keys)
					continue
				}
				check := func(field, got, want string) {
					t.Helper()
					if want != "" && got != want {
						t.Errorf("%s %s = %q, want %q", k, field, got, want)
					}
				}
				check("return", sumWindow(it.Return), w.ret)
				check("exchange", sumWindow(it.Exchange), w.exch)
				check("replacement", sumWindow(it.Replacement), w.repl)
				check("warranty", sumWarranty(it.Warranty), w.war)
				check("maintenance", sumMaintenance(it.Maintenance), w.maint)
				parts := strings.Join(it.SpareParts, ",")
				if parts == "" {
					parts = "none"
				}
				check("spare parts", parts, w.parts)
			}
		})
	}
}

// phoneReplaced is a warranty claim on the phone, resolved by sending
// R-PHONE, delivered at the Jakarta time delivered ("" for not yet).
func phoneReplaced(b *testBundle, delivered string) Case {
	r := ReplacementItem{LineID: "R-PHONE", Quantity: 1, SerialNumbers: []string{"SN-2"}}
	if delivered != "" {
		r.DeliveredAt = ptr(b.at(delivered))
	}
	return Case{ID: "C1", Kind: KindWarrantyClaim, LineID: "L-PHONE", Quantity: 1, Status: Resolved,
		Resolution: policy.Replacement, ResolvedAt: ptr(b.at("2027-06-10 10:00:00")), Replacements: []ReplacementItem{r}}
}

func TestComputeItemFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.pol.Warranty.ReplacementRestarts = true
	b.pol.Warranty.Extensions = []policy.Extension{{Product: "EXT-12", Months: 12, ForProducts: []string{"P-PHONE"}}}
	b.ord.Lines = append(b.ord.Lines, &order.Line{ID: "L-EXT", ProductID: ptr("P-EXT"), Quantity: 1})
	b.in.Now = b.at("2027-07-01 12:00:00")
	b.in.Cases = []Case{phoneReplaced(b, "2027-06-12 14:00:00")}
	b.in.Products["P-BIKE"].MaintenanceDays = 0
	b.pol.Overrides.Products = map[string]policy.Override{"P-BIKE": {Maintenance: policy.MaintenanceOverride{
		IntervalDays: ptr(90), Usage: &policy.Usage{Every: 1000, Unit: "km"}}}}
	items := Compute(b.in)
	var phone, repl, bike Item
	for _, it := range items {
		switch it.LineID {
		case "L-PHONE":
			phone = it
		case "R-PHONE":
			repl = it
		case "L-BIKE":
			bike = it
		}
	}
	if phone.ProductID != "P-PHONE" || phone.Quantity != 1 || phone.ReplacesLineID != "" {
		t.Errorf("phone = %+v", phone)
	}
	if repl.ProductID != "P-PHONE" || repl.ReplacesLineID != "L-PHONE" || repl.Quantity != 1 {
		t.Errorf("replacement item = %+v", repl)
	}
	if w := repl.Warranty; w.Months != 24 || w.ExtraMonths != 12 || !w.Restarted || w.Until.Date != "2029-06-12" {
		t.Errorf("replacement warranty = %+v", w)
	}
	if w := phone.Warranty; w.Months != 24 || w.ExtraMonths != 12 || w.Until.Date != "2028-12-01" {
		t.Errorf("phone warranty = %+v", w)
	}
	m := bike.Maintenance
	if m.IntervalDays != 90 || m.Usage == nil || *m.Usage != (policy.Usage{Every: 1000, Unit: "km"}) {
		t.Errorf("bike maintenance = %+v", m)
	}
	if got := Compute(b.in); !equalJSON(t, got, items) {
		t.Error("Compute is not deterministic")
	}
}

func TestComputeRomania(t *testing.T) {
	t.Parallel()
	buc := MustLocation(t, "Europe/Bucharest")
	at := func(s string) time.Time { return MustTime(t, buc, s) }
	pol := policy.Default("RO")
	prods := map[string]*product.Product{
		"P1": {ID: "P1", SKU: "S1", Category: "Haine", ReturnWindowDays: 7},
		"P2": {ID: "P2", SKU: "S2", Category: "Electrocasnice", WarrantyMonths: 12},
		"P3": {ID: "P3", SKU: "S3", Category: "Electrocasnice", WarrantyMonths: 36},
	}
	o := &order.Order{ID: "O", PlacedAt: at("2026-03-10 09:00:00"), DeliveredAt: ptr(at("2026-03-15 10:00:00")), Lines: []*order.Line{
		{ID: "L1", ProductID: ptr("P1"), Quantity: 1}, {ID: "L2", ProductID: ptr("P2"), Quantity: 1}, {ID: "L3", ProductID: ptr("P3"), Quantity: 1},
	}}
	items := Compute(Input{Policy: &pol, Order: o, Products: prods, Location: buc, Now: at("2026-03-29 23:59:59")})
	for _, c := range []struct {
		i        int
		ret, war string
	}{
		{0, "1 until 2026-03-29", "until 2028-03-15 claim"}, // 7-day window raised to the legal 14; 24-month legal guarantee
		{1, "1 until 2026-03-29", "until 2028-03-15 claim"}, // 12 months raised to 24
		{2, "1 until 2026-03-29", "until 2029-03-15 claim"},
	} {
		if got := sumWindow(items[c.i].Return); got != c.ret {
			t.Errorf("%s return = %q, want %q", items[c.i].LineID, got, c.ret)
		}
		if got := sumWarranty(items[c.i].Warranty); got != c.war {
			t.Errorf("%s warranty = %q, want %q", items[c.i].LineID, got, c.war)
		}
	}
}

package policy

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/purnajual/purna/internal/product"
)

func ptr[T any](v T) *T { return &v }

// testPolicy is a shop with a 7-day window, a 12-month default warranty, a
// non-returnable category and overrides for a category and a product.
func testPolicy() Policy {
	p := Default("ID")
	p.Warranty.Months = 12
	p.Returns.NonReturnableCategories = []string{"Pakaian Dalam"}
	p.Maintenance.IntervalDays = 180
	p.Overrides = Overrides{
		Categories: map[string]Override{
			"Elektronik": {
				Returns:     ReturnsOverride{WindowDays: ptr(14), ShippingPaidBy: ptr(ShopPays)},
				Warranty:    WarrantyOverride{Months: ptr(24), ReplacementRestarts: ptr(true)},
				Maintenance: MaintenanceOverride{IncludedServices: ptr(2)},
			},
			"Pakaian Dalam": {Returns: ReturnsOverride{WindowDays: ptr(3)}},
			"Sepeda":        {Maintenance: MaintenanceOverride{Usage: &Usage{Every: 5000, Unit: "km"}}},
		},
		Products: map[string]Override{
			"P-TV": {
				Returns:  ReturnsOverride{WindowDays: ptr(30), Resolutions: ptr([]Resolution{Refund})},
				Warranty: WarrantyOverride{Months: ptr(36), Start: ptr(WarrantyFromPurchase)},
			},
			"P-SEALED": {Returns: ReturnsOverride{Returnable: ptr(true)}},
			"P-GIFT":   {Returns: ReturnsOverride{Returnable: ptr(false)}},
			"P-NOWAR":  {Warranty: WarrantyOverride{Months: ptr(0)}},
		},
	}
	return p
}

func TestForProduct(t *testing.T) {
	t.Parallel()
	type want struct {
		returnable, byCategory bool
		window                 int
		payer                  Payer
		resolutions            []Resolution
		months                 int
		start                  WarrantyStart
		restarts               bool
		interval, included     int
		usage                  *Usage
	}
	def := []Resolution{Refund, Exchange, Replacement}
	tests := []struct {
		name string
		prod *product.Product
		want want
	}{
		{"no product: shop terms", nil,
			want{true, false, 7, CustomerPays, def, 12, WarrantyFromDelivery, false, 180, 0, nil}},
		{"uncategorised product: shop terms", &product.Product{ID: "P1"},
			want{true, false, 7, CustomerPays, def, 12, WarrantyFromDelivery, false, 180, 0, nil}},
		{"category override field by field", &product.Product{ID: "P2", Category: "Elektronik"},
			want{true, false, 14, ShopPays, def, 24, WarrantyFromDelivery, true, 180, 2, nil}},
		{"product fields beat category override", &product.Product{ID: "P3", Category: "Elektronik", ReturnWindowDays: 10, WarrantyMonths: 6, MaintenanceDays: 90},
			want{true, false, 10, ShopPays, def, 6, WarrantyFromDelivery, true, 90, 2, nil}},
		{"product fields beat shop terms", &product.Product{ID: "P4", WarrantyMonths: 18},
			want{true, false, 7, CustomerPays, def, 18, WarrantyFromDelivery, false, 180, 0, nil}},
		{"policy product override beats product fields", &product.Product{ID: "P-TV", Category: "Elektronik", ReturnWindowDays: 10, WarrantyMonths: 6},
			want{true, false, 30, ShopPays, []Resolution{Refund}, 36, WarrantyFromPurchase, true, 180, 2, nil}},
		{"non-returnable category", &product.Product{ID: "P5", Category: "Pakaian Dalam"},
			want{false, true, 3, CustomerPays, def, 12, WarrantyFromDelivery, false, 180, 0, nil}},
		{"product override makes a non-returnable category returnable", &product.Product{ID: "P-SEALED", Category: "Pakaian Dalam"},
			want{true, false, 3, CustomerPays, def, 12, WarrantyFromDelivery, false, 180, 0, nil}},
		{"product override refuses returns", &product.Product{ID: "P-GIFT", Category: "Elektronik"},
			want{false, false, 14, ShopPays, def, 24, WarrantyFromDelivery, true, 180, 2, nil}},
		{"product override removes the warranty", &product.Product{ID: "P-NOWAR", WarrantyMonths: 12},
			want{true, false, 7, CustomerPays, def, 0, WarrantyFromDelivery, false, 180, 0, nil}},
		{"usage interval from category", &product.Product{ID: "P6", Category: "Sepeda"},
			want{true, false, 7, CustomerPays, def, 12, WarrantyFromDelivery, false, 180, 0, &Usage{5000, "km"}}},
	}
	p := testPolicy()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := p.ForProduct(tc.prod)
			got := want{
				e.Returns.Returnable, e.Returns.NonReturnableCategory, e.Returns.WindowDays, e.Returns.ShippingPaidBy,
				e.Returns.Resolutions, e.Warranty.Months, e.Warranty.Start, e.Warranty.ReplacementRestarts,
				e.Maintenance.IntervalDays, e.Maintenance.IncludedServices, e.Maintenance.Usage,
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ForProduct =\n %+v, want\n %+v", got, tc.want)
			}
		})
	}
}

func TestResolveIgnoresCatalogue(t *testing.T) {
	t.Parallel()
	p := testPolicy()
	e := p.Resolve("P-TV", "Elektronik")
	if e.Returns.WindowDays != 30 || e.Warranty.Months != 36 || e.Returns.ShippingPaidBy != ShopPays {
		t.Errorf("Resolve(P-TV, Elektronik) = %+v", e)
	}
	if e := p.Resolve("", "Elektronik"); e.Warranty.Months != 24 {
		t.Errorf("Resolve(\"\", Elektronik).Warranty.Months = %d, want 24", e.Warranty.Months)
	}
	if e := p.Resolve("unknown", "unknown"); e.Warranty.Months != 12 || e.Returns.WindowDays != 7 {
		t.Errorf("Resolve(unknown) = %+v", e)
	}
}

func TestForProductLegalFloors(t *testing.T) {
	t.Parallel()
	p := Default("RO")
	p.Overrides.Categories = map[string]Override{
		"Cosmetice": {Returns: ReturnsOverride{Returnable: ptr(false)}},
		"Cadouri":   {Warranty: WarrantyOverride{Months: ptr(0)}},
	}
	tests := []struct {
		name       string
		prod       *product.Product
		returnable bool
		window     int
		months     int
	}{
		{"shop terms", &product.Product{ID: "A"}, true, 14, 24},
		{"short product window raised to 14", &product.Product{ID: "B", ReturnWindowDays: 7}, true, 14, 24},
		{"longer product window kept", &product.Product{ID: "C", ReturnWindowDays: 30}, true, 30, 24},
		{"12-month product warranty raised to 24", &product.Product{ID: "D", WarrantyMonths: 12}, true, 14, 24},
		{"36-month product warranty kept", &product.Product{ID: "E", WarrantyMonths: 36}, true, 14, 36},
		{"exempt category stays non-returnable", &product.Product{ID: "F", Category: "Cosmetice"}, false, 14, 24},
		{"0 months is not raised", &product.Product{ID: "G", Category: "Cadouri"}, true, 14, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := p.ForProduct(tc.prod)
			if e.Returns.Returnable != tc.returnable || e.Returns.WindowDays != tc.window || e.Warranty.Months != tc.months {
				t.Errorf("got returnable %v window %d months %d, want %v %d %d",
					e.Returns.Returnable, e.Returns.WindowDays, e.Warranty.Months, tc.returnable, tc.window, tc.months)
			}
		})
	}
}

func TestZeroPolicyOffersNothing(t *testing.T) {
	t.Parallel()
	var p Policy
	e := p.ForProduct(&product.Product{ID: "X"})
	if e.Returns.Returnable || e.Warranty.Months != 0 || e.Maintenance.IntervalDays != 0 {
		t.Errorf("zero policy gives %+v", e)
	}
	if e := p.ForProduct(&product.Product{ID: "X", ReturnWindowDays: 5}); !e.Returns.Returnable {
		t.Error("a product's own return window should make it returnable under the zero policy")
	}
}

func TestDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		country               string
		window, minWindow     int
		months, minMonths     int
		freeReplacement       int
		conditionsMentionDays string
	}{
		{"ID", 7, 0, 0, 0, 7, ""},
		{"", 7, 0, 0, 0, 7, ""},
		{"US", 7, 0, 0, 0, 7, ""},
		{"RO", 14, 14, 24, 24, 14, "14"},
		{"DE", 14, 14, 24, 24, 14, "14"},
	}
	for _, tc := range tests {
		t.Run(tc.country, func(t *testing.T) {
			t.Parallel()
			p := Default(tc.country)
			if err := p.Validate(); err != nil {
				t.Fatalf("Default(%q).Validate() = %v", tc.country, err)
			}
			r, w := p.Returns, p.Warranty
			if r.WindowDays != tc.window || r.MinWindowDays != tc.minWindow || w.Months != tc.months ||
				w.MinMonths != tc.minMonths || r.FreeReplacementDays != tc.freeReplacement {
				t.Errorf("Default(%q) = returns %+v warranty %+v", tc.country, r, w)
			}
			if r.WindowStart != FromDelivery || w.Start != WarrantyFromDelivery {
				t.Errorf("Default(%q) starts %q/%q, want delivery", tc.country, r.WindowStart, w.Start)
			}
			for _, l := range []string{"id", "en", "ro"} {
				if r.Conditions[l] == "" || w.Covers[l] == "" {
					t.Errorf("Default(%q) misses %s texts", tc.country, l)
				}
			}
			if len(r.Reasons) != 8 {
				t.Errorf("Default(%q) has %d reasons, want 8", tc.country, len(r.Reasons))
			}
		})
	}
}

func TestDefaultDoesNotShareTexts(t *testing.T) {
	t.Parallel()
	a, b := Default("ID"), Default("ID")
	a.Returns.Conditions["en"] = "changed"
	a.Warranty.Covers["en"] = "changed"
	a.Returns.Reasons[0].Label["en"] = "changed"
	if b.Returns.Conditions["en"] == "changed" || b.Warranty.Covers["en"] == "changed" || b.Returns.Reasons[0].Label["en"] == "changed" {
		t.Error("two Default policies share a text")
	}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p := testPolicy()
	p.Maintenance.Locations = []Location{{Name: "Bengkel Kemang", Address: "Jl. Kemang Raya 1", Slots: []Slot{{Weekday: 1, Start: "09:00", End: "10:30", Capacity: 2}}}}
	p.Warranty.Extensions = []Extension{{Product: "EXT-1Y", Months: 12, ForCategories: []string{"Elektronik"}}}
	// An override that empties a list must survive the trip: [] is not "inherit".
	p.Overrides.Products["P-NOREASON"] = Override{Returns: ReturnsOverride{Reasons: ptr([]Reason{})}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var q Policy
	if err := json.Unmarshal(b, &q); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("round trip changed the policy:\n%s", b)
	}
	if got := q.Resolve("P-NOREASON", ""); got.Returns.Reasons == nil || len(got.Returns.Reasons) != 0 {
		t.Errorf("emptied reasons came back as %v", got.Returns.Reasons)
	}
	// Overrides that set nothing are left out.
	var o map[string]any
	_ = json.Unmarshal(mustJSON(t, Override{Warranty: WarrantyOverride{Months: ptr(6)}}), &o)
	if _, ok := o["returns"]; ok || o["warranty"] == nil {
		t.Errorf("override JSON = %v", o)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

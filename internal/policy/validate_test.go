package policy

import (
	"testing"

	"github.com/purnajual/purna"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(p *Policy)
		fields []string // fields with a problem; nil means valid
	}{
		{"default is valid", func(p *Policy) {}, nil},
		{"zero policy is valid", func(p *Policy) {
			*p = Policy{Returns: Returns{WindowStart: FromDelivery, ShippingPaidBy: CustomerPays}, Warranty: Warranty{Start: WarrantyFromDelivery}}
		}, nil},
		{"negative window", func(p *Policy) { p.Returns.WindowDays = -1 }, []string{"returns.window_days"}},
		{"window too long", func(p *Policy) { p.Returns.WindowDays = 4000 }, []string{"returns.window_days"}},
		{"negative free replacement", func(p *Policy) { p.Returns.FreeReplacementDays = -3 }, []string{"returns.free_replacement_days"}},
		{"window below legal minimum", func(p *Policy) { p.Returns.MinWindowDays = 14 }, []string{"returns.window_days"}},
		{"unknown window start", func(p *Policy) { p.Returns.WindowStart = "payment" }, []string{"returns.window_start"}},
		{"empty window start", func(p *Policy) { p.Returns.WindowStart = "" }, []string{"returns.window_start"}},
		{"unknown payer", func(p *Policy) { p.Returns.ShippingPaidBy = "carrier" }, []string{"returns.shipping_paid_by"}},
		{"unknown resolution", func(p *Policy) { p.Returns.Resolutions = []Resolution{Refund, "voucher"} }, []string{"returns.resolutions[1]"}},
		{"duplicate resolution", func(p *Policy) { p.Returns.Resolutions = []Resolution{Refund, Refund} }, []string{"returns.resolutions[1]"}},
		{"returns without resolutions", func(p *Policy) { p.Returns.Resolutions = nil }, []string{"returns.resolutions"}},
		{"no returns need no resolutions", func(p *Policy) { p.Returns.WindowDays = 0; p.Returns.Resolutions = nil; p.Returns.Reasons = nil }, nil},
		{"returns without reasons", func(p *Policy) { p.Returns.Reasons = []Reason{} }, []string{"returns.reasons"}},
		{"reason without ro label", func(p *Policy) { delete(p.Returns.Reasons[2].Label, "ro") }, []string{"returns.reasons[2].label.ro"}},
		{"reason with blank id label", func(p *Policy) { p.Returns.Reasons[0].Label["id"] = "  " }, []string{"returns.reasons[0].label.id"}},
		{"reason label in unknown locale", func(p *Policy) { p.Returns.Reasons[1].Label["de"] = "Falsch" }, []string{"returns.reasons[1].label.de"}},
		{"reason code not a code", func(p *Policy) { p.Returns.Reasons[0].Code = "Too Big" }, []string{"returns.reasons[0].code"}},
		{"duplicate reason code", func(p *Policy) { p.Returns.Reasons[1].Code = "damaged" }, []string{"returns.reasons[1].code"}},
		{"conditions in unknown locale", func(p *Policy) { p.Returns.Conditions["fr"] = "x" }, []string{"returns.conditions.fr"}},
		{"empty non-returnable category", func(p *Policy) { p.Returns.NonReturnableCategories = []string{"ok", ""} }, []string{"returns.non_returnable_categories[1]"}},
		{"negative warranty", func(p *Policy) { p.Warranty.Months = -12 }, []string{"warranty.months"}},
		{"warranty below legal minimum", func(p *Policy) { p.Warranty.Months = 12; p.Warranty.MinMonths = 24 }, []string{"warranty.months"}},
		{"unknown warranty start", func(p *Policy) { p.Warranty.Start = "order" }, []string{"warranty.start"}},
		{"bad extension", func(p *Policy) { p.Warranty.Extensions = []Extension{{Months: 0}} },
			[]string{"warranty.extensions[0].product", "warranty.extensions[0].months", "warranty.extensions[0].for_products"}},
		{"good extension", func(p *Policy) {
			p.Warranty.Extensions = []Extension{{Product: "EXT", Months: 12, ForProducts: []string{"TV-55"}}}
		}, nil},
		{"negative interval and included", func(p *Policy) { p.Maintenance.IntervalDays = -1; p.Maintenance.IncludedServices = -1 },
			[]string{"maintenance.interval_days", "maintenance.included_services"}},
		{"bad usage", func(p *Policy) { p.Maintenance.Usage = &Usage{Every: 0, Unit: ""} },
			[]string{"maintenance.usage.every", "maintenance.usage.unit"}},
		{"slot problems", func(p *Policy) {
			p.Maintenance.Locations = []Location{{Name: "", Slots: []Slot{
				{Weekday: 1, Start: "09:00", End: "10:00", Capacity: 1},
				{Weekday: 7, Start: "10:00", End: "09:00", Capacity: 0},
				{Weekday: 2, Start: "9am", End: "25:00", Capacity: 1},
				{Weekday: 3, Start: "09:00", End: "09:00", Capacity: 1},
			}}}
		}, []string{
			"maintenance.locations[0].name",
			"maintenance.locations[0].slots[1].weekday", "maintenance.locations[0].slots[1].end", "maintenance.locations[0].slots[1].capacity",
			"maintenance.locations[0].slots[2].start", "maintenance.locations[0].slots[2].end",
			"maintenance.locations[0].slots[3].end",
		}},
		{"category override problems", func(p *Policy) {
			p.Overrides.Categories = map[string]Override{"Elektronik": {
				Returns:     ReturnsOverride{WindowDays: ptr(-1), Resolutions: ptr([]Resolution{"cash"})},
				Warranty:    WarrantyOverride{Months: ptr(-3), Start: ptr(WarrantyStart("x"))},
				Maintenance: MaintenanceOverride{Locations: ptr([]Location{{Name: "A", Slots: []Slot{{Weekday: 1, Start: "12:00", End: "11:00", Capacity: 1}}}})},
			}}
		}, []string{
			"overrides.categories[Elektronik].returns.window_days",
			"overrides.categories[Elektronik].returns.resolutions[0]",
			"overrides.categories[Elektronik].warranty.months",
			"overrides.categories[Elektronik].warranty.start",
			"overrides.categories[Elektronik].maintenance.locations[0].slots[0].end",
		}},
		{"product override problems", func(p *Policy) {
			p.Overrides.Products = map[string]Override{"P1": {
				Returns: ReturnsOverride{
					Reasons:        ptr([]Reason{{Code: "broken", Label: Text{"en": "Broken"}}}),
					ShippingPaidBy: ptr(Payer("nobody")), FreeReplacementDays: ptr(-1), WindowStart: ptr(WindowStart("x")),
					Conditions: ptr(Text{"xx": "?"}),
				},
				Maintenance: MaintenanceOverride{IntervalDays: ptr(-5), IncludedServices: ptr(-1), Usage: &Usage{Every: -1, Unit: "km"}},
			}}
		}, []string{
			"overrides.products[P1].returns.reasons[0].label.id",
			"overrides.products[P1].returns.reasons[0].label.ro",
			"overrides.products[P1].returns.shipping_paid_by",
			"overrides.products[P1].returns.free_replacement_days",
			"overrides.products[P1].returns.window_start",
			"overrides.products[P1].returns.conditions.xx",
			"overrides.products[P1].maintenance.interval_days",
			"overrides.products[P1].maintenance.included_services",
			"overrides.products[P1].maintenance.usage.every",
		}},
		{"empty override keys", func(p *Policy) {
			p.Overrides.Categories = map[string]Override{"": {}}
			p.Overrides.Products = map[string]Override{" ": {}}
		}, []string{"overrides.categories[]", "overrides.products[ ]"}},
		{"legal floors in overrides", func(p *Policy) {
			*p = Default("RO")
			p.Overrides.Categories = map[string]Override{
				"Haine":     {Returns: ReturnsOverride{WindowDays: ptr(7)}, Warranty: WarrantyOverride{Months: ptr(12)}},
				"Cosmetice": {Returns: ReturnsOverride{Returnable: ptr(false), WindowDays: ptr(0)}, Warranty: WarrantyOverride{Months: ptr(0)}},
			}
		}, []string{"overrides.categories[Haine].returns.window_days", "overrides.categories[Haine].warranty.months"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := Default("ID")
			tc.change(&p)
			err := p.Validate()
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if code := purna.ErrorCode(err); code != purna.EINVALID {
				t.Fatalf("Validate() code = %q (%v), want invalid", code, err)
			}
			got := purna.ErrorFields(err)
			for _, f := range tc.fields {
				if _, ok := got[f]; !ok {
					t.Errorf("no problem with %s; got %v", f, got)
				}
			}
			if len(got) != len(tc.fields) {
				t.Errorf("got %d problems, want %d: %v", len(got), len(tc.fields), got)
			}
		})
	}
}

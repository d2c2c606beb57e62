package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// Limits on the numbers in a policy, the same as the product catalogue's.
const (
	maxDays   = 3650
	maxMonths = 600
)

// Validate checks p and returns an EINVALID *purna.Error whose Fields are
// keyed by JSON path ("returns.window_days",
// "overrides.categories[Elektronik].warranty.months").
func (p *Policy) Validate() error {
	var pr purna.Problems
	r := p.Returns
	days(&pr, "returns.window_days", r.WindowDays)
	days(&pr, "returns.min_window_days", r.MinWindowDays)
	days(&pr, "returns.free_replacement_days", r.FreeReplacementDays)
	if r.WindowDays > 0 && r.WindowDays < r.MinWindowDays {
		pr.Add("returns.window_days", fmt.Sprintf("must be at least %d, the legal minimum", r.MinWindowDays))
	}
	windowStart(&pr, "returns.window_start", r.WindowStart)
	text(&pr, "returns.conditions", r.Conditions)
	for i, c := range r.NonReturnableCategories {
		if strings.TrimSpace(c) == "" {
			pr.Add(fmt.Sprintf("returns.non_returnable_categories[%d]", i), "is empty")
		}
	}
	payer(&pr, "returns.shipping_paid_by", r.ShippingPaidBy)
	resolutions(&pr, "returns.resolutions", r.Resolutions)
	if r.WindowDays > 0 && len(r.Resolutions) == 0 {
		pr.Add("returns.resolutions", "must offer at least one resolution when returns are accepted")
	}
	reasons(&pr, "returns.reasons", r.Reasons)
	if r.WindowDays > 0 && len(r.Reasons) == 0 {
		pr.Add("returns.reasons", "must list at least one reason when returns are accepted")
	}

	w := p.Warranty
	months(&pr, "warranty.months", w.Months)
	months(&pr, "warranty.min_months", w.MinMonths)
	if w.Months > 0 && w.Months < w.MinMonths {
		pr.Add("warranty.months", fmt.Sprintf("must be at least %d, the legal minimum", w.MinMonths))
	}
	warrantyStart(&pr, "warranty.start", w.Start)
	text(&pr, "warranty.covers", w.Covers)
	for i, x := range w.Extensions {
		path := fmt.Sprintf("warranty.extensions[%d]", i)
		if strings.TrimSpace(x.Product) == "" {
			pr.Add(path+".product", "is required")
		}
		if x.Months < 1 || x.Months > maxMonths {
			pr.Add(path+".months", fmt.Sprintf("must be between 1 and %d", maxMonths))
		}
		if len(x.ForProducts) == 0 && len(x.ForCategories) == 0 {
			pr.Add(path+".for_products", "name at least one product or category")
		}
	}
	maintenance(&pr, "maintenance", p.Maintenance)

	for _, c := range sortedKeys(p.Overrides.Categories) {
		path := "overrides.categories[" + c + "]"
		if strings.TrimSpace(c) == "" {
			pr.Add(path, "category is empty")
		}
		p.Overrides.Categories[c].validate(&pr, path, p)
	}
	for _, id := range sortedKeys(p.Overrides.Products) {
		path := "overrides.products[" + id + "]"
		if strings.TrimSpace(id) == "" {
			pr.Add(path, "product ID is empty")
		}
		p.Overrides.Products[id].validate(&pr, path, p)
	}
	return pr.Err()
}

func (o Override) validate(pr *purna.Problems, path string, p *Policy) {
	r := o.Returns
	if r.WindowDays != nil {
		d := *r.WindowDays
		days(pr, path+".returns.window_days", d)
		if d > 0 && d < p.Returns.MinWindowDays {
			pr.Add(path+".returns.window_days", fmt.Sprintf("must be at least %d, the legal minimum; set returnable to false for goods the law exempts", p.Returns.MinWindowDays))
		}
	}
	if r.WindowStart != nil {
		windowStart(pr, path+".returns.window_start", *r.WindowStart)
	}
	if r.Conditions != nil {
		text(pr, path+".returns.conditions", *r.Conditions)
	}
	if r.ShippingPaidBy != nil {
		payer(pr, path+".returns.shipping_paid_by", *r.ShippingPaidBy)
	}
	if r.Resolutions != nil {
		resolutions(pr, path+".returns.resolutions", *r.Resolutions)
	}
	if r.FreeReplacementDays != nil {
		days(pr, path+".returns.free_replacement_days", *r.FreeReplacementDays)
	}
	if r.Reasons != nil {
		reasons(pr, path+".returns.reasons", *r.Reasons)
	}
	w := o.Warranty
	if w.Months != nil {
		months(pr, path+".warranty.months", *w.Months)
		if m := *w.Months; m > 0 && m < p.Warranty.MinMonths {
			pr.Add(path+".warranty.months", fmt.Sprintf("must be at least %d, the legal minimum", p.Warranty.MinMonths))
		}
	}
	if w.Start != nil {
		warrantyStart(pr, path+".warranty.start", *w.Start)
	}
	if w.Covers != nil {
		text(pr, path+".warranty.covers", *w.Covers)
	}
	m := o.Maintenance
	if m.IntervalDays != nil {
		days(pr, path+".maintenance.interval_days", *m.IntervalDays)
	}
	if m.Usage != nil {
		usage(pr, path+".maintenance.usage", *m.Usage)
	}
	if m.IncludedServices != nil && *m.IncludedServices < 0 {
		pr.Add(path+".maintenance.included_services", "must not be negative")
	}
	if m.Locations != nil {
		locations(pr, path+".maintenance.locations", *m.Locations)
	}
}

func maintenance(pr *purna.Problems, path string, m Maintenance) {
	days(pr, path+".interval_days", m.IntervalDays)
	if m.Usage != nil {
		usage(pr, path+".usage", *m.Usage)
	}
	if m.IncludedServices < 0 {
		pr.Add(path+".included_services", "must not be negative")
	}
	locations(pr, path+".locations", m.Locations)
}

func locations(pr *purna.Problems, path string, ls []Location) {
	for i, l := range ls {
		lp := fmt.Sprintf("%s[%d]", path, i)
		if strings.TrimSpace(l.Name) == "" {
			pr.Add(lp+".name", "is required")
		}
		for j, s := range l.Slots {
			sp := fmt.Sprintf("%s.slots[%d]", lp, j)
			if s.Weekday < 0 || s.Weekday > 6 {
				pr.Add(sp+".weekday", "must be 0 (Sunday) to 6")
			}
			start, err1 := time.Parse("15:04", s.Start)
			if err1 != nil {
				pr.Add(sp+".start", "must be HH:MM")
			}
			end, err2 := time.Parse("15:04", s.End)
			if err2 != nil {
				pr.Add(sp+".end", "must be HH:MM")
			}
			if err1 == nil && err2 == nil && !end.After(start) {
				pr.Add(sp+".end", "must be after start")
			}
			if s.Capacity < 1 {
				pr.Add(sp+".capacity", "must be at least 1")
			}
		}
	}
}

func usage(pr *purna.Problems, path string, u Usage) {
	if u.Every < 1 {
		pr.Add(path+".every", "must be at least 1")
	}
	if unit := strings.TrimSpace(u.Unit); unit == "" || len(unit) > 20 {
		pr.Add(path+".unit", "is required, at most 20 characters (km, hours)")
	}
}

func days(pr *purna.Problems, path string, d int) {
	if d < 0 || d > maxDays {
		pr.Add(path, fmt.Sprintf("must be between 0 and %d", maxDays))
	}
}

func months(pr *purna.Problems, path string, m int) {
	if m < 0 || m > maxMonths {
		pr.Add(path, fmt.Sprintf("must be between 0 and %d", maxMonths))
	}
}

func windowStart(pr *purna.Problems, path string, s WindowStart) {
	switch s {
	case FromDelivery, FromOrder, FromFulfilment:
	default:
		pr.Add(path, "must be delivery, order or fulfilment")
	}
}

func warrantyStart(pr *purna.Problems, path string, s WarrantyStart) {
	switch s {
	case WarrantyFromDelivery, WarrantyFromPurchase:
	default:
		pr.Add(path, "must be delivery or purchase")
	}
}

func payer(pr *purna.Problems, path string, x Payer) {
	switch x {
	case CustomerPays, ShopPays:
	default:
		pr.Add(path, "must be customer or shop")
	}
}

func resolutions(pr *purna.Problems, path string, rs []Resolution) {
	for i, r := range rs {
		switch {
		case !slices.Contains(Resolutions, r):
			pr.Add(fmt.Sprintf("%s[%d]", path, i), "must be refund, store_credit, exchange or replacement")
		case slices.Contains(rs[:i], r):
			pr.Add(fmt.Sprintf("%s[%d]", path, i), "is listed twice")
		}
	}
}

func reasons(pr *purna.Problems, path string, rs []Reason) {
	for i, r := range rs {
		rp := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !code(r.Code):
			pr.Add(rp+".code", "must be 1 to 40 lowercase letters, digits or _")
		case slices.ContainsFunc(rs[:i], func(x Reason) bool { return x.Code == r.Code }):
			pr.Add(rp+".code", "is listed twice")
		}
		for _, l := range purna.Locales {
			if strings.TrimSpace(r.Label[l]) == "" {
				pr.Add(rp+".label."+l, "is required")
			}
		}
		text(pr, rp+".label", r.Label)
	}
}

// text checks that t only has known locales.
func text(pr *purna.Problems, path string, t Text) {
	for _, l := range sortedKeys(t) {
		if !purna.ValidLocale(l) {
			pr.Add(path+"."+l, "is not a locale (id, en, ro)")
		}
	}
}

// code reports whether s is a stable code: lowercase ASCII, digits and _.
func code(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

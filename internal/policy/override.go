package policy

import (
	"slices"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/product"
)

// Override changes some of the shop's terms for a category or a product. A
// nil field keeps what the level below says; a set field replaces it whole
// (a Text or a list is not merged entry by entry).
type Override struct {
	Returns     ReturnsOverride     `json:"returns,omitzero"`
	Warranty    WarrantyOverride    `json:"warranty,omitzero"`
	Maintenance MaintenanceOverride `json:"maintenance,omitzero"`
}

// ReturnsOverride changes return terms; nil fields are inherited.
type ReturnsOverride struct {
	// Returnable allows or refuses returns outright, whatever the shop's
	// non-returnable categories say.
	Returnable          *bool         `json:"returnable,omitempty"`
	WindowDays          *int          `json:"window_days,omitempty"`
	WindowStart         *WindowStart  `json:"window_start,omitempty"`
	Conditions          *Text         `json:"conditions,omitempty"`
	ShippingPaidBy      *Payer        `json:"shipping_paid_by,omitempty"`
	Resolutions         *[]Resolution `json:"resolutions,omitempty"`
	FreeReplacementDays *int          `json:"free_replacement_days,omitempty"`
	Reasons             *[]Reason     `json:"reasons,omitempty"`
}

// WarrantyOverride changes warranty terms; nil fields are inherited.
type WarrantyOverride struct {
	Months              *int           `json:"months,omitempty"`
	Start               *WarrantyStart `json:"start,omitempty"`
	Covers              *Text          `json:"covers,omitempty"`
	ReplacementRestarts *bool          `json:"replacement_restarts,omitempty"`
	RequireRegistration *bool          `json:"require_registration,omitempty"`
}

// MaintenanceOverride changes maintenance terms; nil fields are inherited.
type MaintenanceOverride struct {
	IntervalDays     *int        `json:"interval_days,omitempty"`
	Usage            *Usage      `json:"usage,omitempty"`
	IncludedServices *int        `json:"included_services,omitempty"`
	Locations        *[]Location `json:"locations,omitempty"`
}

// Effective are the terms one product gets once the shop's policy, its
// overrides and the product's own fields are merged. Its lists and texts are
// shared with the Policy it came from: read them, do not change them.
type Effective struct {
	Returns     ReturnTerms   `json:"returns"`
	Warranty    WarrantyTerms `json:"warranty"`
	Maintenance Maintenance   `json:"maintenance"`
}

// ReturnTerms are the return terms of one product.
type ReturnTerms struct {
	// Returnable is false for non-returnable categories and products and
	// when the window is 0 days.
	Returnable bool `json:"returnable"`
	// NonReturnableCategory is set when the product's category is why it
	// cannot be returned.
	NonReturnableCategory bool         `json:"non_returnable_category,omitempty"`
	WindowDays            int          `json:"window_days"`
	WindowStart           WindowStart  `json:"window_start"`
	Conditions            Text         `json:"conditions"`
	ShippingPaidBy        Payer        `json:"shipping_paid_by"`
	Resolutions           []Resolution `json:"resolutions"`
	FreeReplacementDays   int          `json:"free_replacement_days"`
	Reasons               []Reason     `json:"reasons"`
}

// Offers reports whether r lists resolution x.
func (r ReturnTerms) Offers(x Resolution) bool { return slices.Contains(r.Resolutions, x) }

// WarrantyTerms are the warranty terms of one product. Extensions bought in
// the order or registered later come on top of Months.
type WarrantyTerms struct {
	Months              int           `json:"months"`
	Start               WarrantyStart `json:"start"`
	Covers              Text          `json:"covers"`
	ReplacementRestarts bool          `json:"replacement_restarts"`
	RequireRegistration bool          `json:"require_registration"`
}

// Resolve returns the terms of the product with productID in category,
// from the policy alone. See ForProduct for the order in which levels win.
func (p *Policy) Resolve(productID purna.ID, category string) Effective {
	return p.resolve(productID, category, nil)
}

// ForProduct returns the terms of prod, counting its own catalogue fields.
// Each field is decided on its own, the first level that sets it winning:
//
//  1. the policy's override for the product (Overrides.Products[prod.ID]);
//  2. the product's own fields, when not 0: WarrantyMonths,
//     ReturnWindowDays, MaintenanceDays;
//  3. the policy's override for the product's category;
//  4. the shop's terms.
//
// An override written for one product in the policy is the merchant's most
// deliberate statement, so it beats the catalogue, which is often imported
// from a storefront; the catalogue is about one product, so it beats a rule
// for a whole category. Then the legal floors (MinWindowDays, MinMonths)
// raise what is below them; they never make a non-returnable product
// returnable nor give a warranty to an item with 0 months.
//
// A nil prod gives the shop's terms.
func (p *Policy) ForProduct(prod *product.Product) Effective {
	if prod == nil {
		return p.resolve("", "", nil)
	}
	return p.resolve(prod.ID, prod.Category, prod)
}

func (p *Policy) resolve(productID purna.ID, category string, prod *product.Product) Effective {
	r, w, m := p.Returns, p.Warranty, p.Maintenance
	e := Effective{
		Returns: ReturnTerms{
			Returnable:          true,
			WindowDays:          r.WindowDays,
			WindowStart:         r.WindowStart,
			Conditions:          r.Conditions,
			ShippingPaidBy:      r.ShippingPaidBy,
			Resolutions:         r.Resolutions,
			FreeReplacementDays: r.FreeReplacementDays,
			Reasons:             r.Reasons,
		},
		Warranty: WarrantyTerms{
			Months:              w.Months,
			Start:               w.Start,
			Covers:              w.Covers,
			ReplacementRestarts: w.ReplacementRestarts,
			RequireRegistration: w.RequireRegistration,
		},
		Maintenance: Maintenance{
			IntervalDays:     m.IntervalDays,
			Usage:            m.Usage,
			IncludedServices: m.IncludedServices,
			Locations:        m.Locations,
		},
	}
	if category != "" && slices.Contains(r.NonReturnableCategories, category) {
		e.Returns.Returnable = false
		e.Returns.NonReturnableCategory = true
	}
	if o, ok := p.Overrides.Categories[category]; ok && category != "" {
		o.apply(&e)
	}
	if prod != nil {
		if prod.ReturnWindowDays > 0 {
			e.Returns.WindowDays = prod.ReturnWindowDays
		}
		if prod.WarrantyMonths > 0 {
			e.Warranty.Months = prod.WarrantyMonths
		}
		if prod.MaintenanceDays > 0 {
			e.Maintenance.IntervalDays = prod.MaintenanceDays
		}
	}
	if o, ok := p.Overrides.Products[productID]; ok && productID != "" {
		o.apply(&e)
	}
	if e.Returns.WindowDays <= 0 {
		e.Returns.Returnable = false
	}
	if e.Returns.Returnable && e.Returns.WindowDays < r.MinWindowDays {
		e.Returns.WindowDays = r.MinWindowDays
	}
	if e.Warranty.Months > 0 && e.Warranty.Months < w.MinMonths {
		e.Warranty.Months = w.MinMonths
	}
	return e
}

// apply writes o's set fields over e.
func (o Override) apply(e *Effective) {
	set(&e.Returns.WindowDays, o.Returns.WindowDays)
	set(&e.Returns.WindowStart, o.Returns.WindowStart)
	set(&e.Returns.Conditions, o.Returns.Conditions)
	set(&e.Returns.ShippingPaidBy, o.Returns.ShippingPaidBy)
	set(&e.Returns.Resolutions, o.Returns.Resolutions)
	set(&e.Returns.FreeReplacementDays, o.Returns.FreeReplacementDays)
	set(&e.Returns.Reasons, o.Returns.Reasons)
	if o.Returns.Returnable != nil {
		e.Returns.Returnable = *o.Returns.Returnable
		e.Returns.NonReturnableCategory = false
	}
	set(&e.Warranty.Months, o.Warranty.Months)
	set(&e.Warranty.Start, o.Warranty.Start)
	set(&e.Warranty.Covers, o.Warranty.Covers)
	set(&e.Warranty.ReplacementRestarts, o.Warranty.ReplacementRestarts)
	set(&e.Warranty.RequireRegistration, o.Warranty.RequireRegistration)
	set(&e.Maintenance.IntervalDays, o.Maintenance.IntervalDays)
	if o.Maintenance.Usage != nil {
		e.Maintenance.Usage = o.Maintenance.Usage
	}
	set(&e.Maintenance.IncludedServices, o.Maintenance.IncludedServices)
	set(&e.Maintenance.Locations, o.Maintenance.Locations)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

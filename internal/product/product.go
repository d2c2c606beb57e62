// Package product is a shop's catalogue as after-sales sees it: what each
// item costs, how long its warranty runs, how long it may be returned, when it
// needs servicing, how to use it, and which spare parts fit it.
package product

import (
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// Product is an item a shop sells.
type Product struct {
	ID               purna.ID `json:"id"`
	ShopID           purna.ID `json:"-"`
	SKU              string   `json:"sku"`
	Name             string   `json:"name"`
	Category         string   `json:"category"`
	Price            int64    `json:"price"`
	Currency         string   `json:"currency"`
	WarrantyMonths   int      `json:"warranty_months"`
	ReturnWindowDays int      `json:"return_window_days"`
	MaintenanceDays  int      `json:"maintenance_interval_days"`
	HowToURL         string   `json:"howto_url"`
	HowToText        string   `json:"howto_text"`
	Serialized       bool     `json:"serialized"`
	SparePartFor     []string `json:"spare_part_for"`
	// ReviewDelayDays is how long after delivery its review is asked for;
	// 0 is the shop's default (a week).
	ReviewDelayDays int       `json:"review_delay_days"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Input creates or updates a product, keyed by SKU within the shop.
type Input struct {
	SKU              string   `json:"sku"`
	Name             string   `json:"name"`
	Category         string   `json:"category,omitempty"`
	Price            int64    `json:"price"`
	Currency         string   `json:"currency,omitempty"`
	WarrantyMonths   int      `json:"warranty_months,omitempty"`
	ReturnWindowDays int      `json:"return_window_days,omitempty"`
	MaintenanceDays  int      `json:"maintenance_interval_days,omitempty"`
	HowToURL         string   `json:"howto_url,omitempty"`
	HowToText        string   `json:"howto_text,omitempty"`
	Serialized       bool     `json:"serialized,omitempty"`
	SparePartFor     []string `json:"spare_part_for,omitempty"`
	ReviewDelayDays  int      `json:"review_delay_days,omitempty"`
}

// Validate checks in, filling Currency with shopCurrency when empty.
func (in *Input) Validate(shopCurrency string) error {
	var p purna.Problems
	in.SKU = strings.TrimSpace(in.SKU)
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.SKU == "":
		p.Add("sku", "is required")
	case len(in.SKU) > 100:
		p.Add("sku", "is longer than 100 characters")
	}
	switch {
	case in.Name == "":
		p.Add("name", "is required")
	case len(in.Name) > 500:
		p.Add("name", "is longer than 500 characters")
	}
	if in.Price < 0 {
		p.Add("price", "must not be negative")
	}
	if in.Currency == "" {
		in.Currency = shopCurrency
	}
	if _, ok := purna.LookupCurrency(in.Currency); !ok {
		p.Add("currency", "is not a known ISO 4217 currency")
	}
	if in.WarrantyMonths < 0 || in.WarrantyMonths > 600 {
		p.Add("warranty_months", "must be between 0 and 600")
	}
	if in.ReturnWindowDays < 0 || in.ReturnWindowDays > 3650 {
		p.Add("return_window_days", "must be between 0 and 3650")
	}
	if in.MaintenanceDays < 0 || in.MaintenanceDays > 3650 {
		p.Add("maintenance_interval_days", "must be between 0 and 3650")
	}
	if in.ReviewDelayDays < 0 || in.ReviewDelayDays > 365 {
		p.Add("review_delay_days", "must be between 0 and 365")
	}
	if in.HowToURL != "" && !strings.HasPrefix(in.HowToURL, "https://") && !strings.HasPrefix(in.HowToURL, "http://") {
		p.Add("howto_url", "must be an http or https URL")
	}
	if in.SparePartFor == nil {
		in.SparePartFor = []string{}
	}
	return p.Err()
}

// Filter selects products.
type Filter struct {
	ShopID   purna.ID
	Query    string // matches SKU or name
	Category string
	SKU      string // exactly this SKU
	Cursor   string
	Limit    int
}

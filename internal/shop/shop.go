// Package shop is a merchant's shop: its name, language, currency, time zone,
// brand and support hours, and the storefronts its orders come from. Every
// other record in Purna belongs to exactly one shop.
package shop

import (
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// Shop is one merchant's shop.
type Shop struct {
	ID           purna.ID       `json:"id"`
	Name         string         `json:"name"`
	Locale       string         `json:"locale"`
	Currency     string         `json:"currency"`
	Timezone     string         `json:"timezone"`
	Country      string         `json:"country"`
	Brand        Brand          `json:"brand"`
	SupportHours []SupportHours `json:"support_hours"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
}

// Location returns the shop's time zone, UTC if it cannot be loaded.
func (s *Shop) Location() *time.Location {
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Brand is how the shop looks and how customers reach it.
type Brand struct {
	LogoURL      string            `json:"logo_url,omitempty"`
	Color        string            `json:"color,omitempty"`
	ContactEmail string            `json:"contact_email,omitempty"`
	Phone        string            `json:"phone,omitempty"`
	WhatsApp     string            `json:"whatsapp,omitempty"`
	Social       map[string]string `json:"social,omitempty"` // "instagram": "https://…"
	// GoogleReviewURL is where happy customers review the shop on its
	// Google Business Profile ("https://g.page/r/…/review").
	GoogleReviewURL string `json:"google_review_url,omitempty"`
}

// SupportHours is when the shop answers, on one weekday (0 is Sunday), in
// the shop's time zone, as "09:00" to "17:00".
type SupportHours struct {
	Weekday int    `json:"weekday"`
	Opens   string `json:"opens"`
	Closes  string `json:"closes"`
}

// Validate checks s and fills defaults.
func (s *Shop) Validate() error {
	var p purna.Problems
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		p.Add("name", "is required")
	}
	if s.Locale == "" {
		s.Locale = "id"
	}
	if !purna.ValidLocale(s.Locale) {
		p.Add("locale", "must be one of id, en, ro")
	}
	if s.Currency == "" {
		s.Currency = "IDR"
	}
	if _, ok := purna.LookupCurrency(s.Currency); !ok {
		p.Add("currency", "is not a known ISO 4217 currency")
	}
	if s.Timezone == "" {
		s.Timezone = "Asia/Jakarta"
	}
	if _, err := time.LoadLocation(s.Timezone); err != nil {
		p.Add("timezone", "is not a known IANA time zone")
	}
	if s.Country == "" {
		s.Country = "ID"
	}
	if len(s.Country) != 2 {
		p.Add("country", "must be a two-letter country code")
	}
	for _, h := range s.SupportHours {
		if h.Weekday < 0 || h.Weekday > 6 {
			p.Add("support_hours", "weekday must be 0 (Sunday) to 6")
		}
		if _, err := time.Parse("15:04", h.Opens); err != nil {
			p.Add("support_hours", "opens must be HH:MM")
		}
		if _, err := time.Parse("15:04", h.Closes); err != nil {
			p.Add("support_hours", "closes must be HH:MM")
		}
	}
	if s.SupportHours == nil {
		s.SupportHours = []SupportHours{}
	}
	return p.Err()
}

// Storefront is a store or marketplace that sends the shop's orders.
type Storefront struct {
	ID            purna.ID  `json:"id"`
	ShopID        purna.ID  `json:"-"`
	Kind          string    `json:"kind"` // shopify, woocommerce
	Name          string    `json:"name"`
	WebhookSecret string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

// Update changes a shop's settings; nil fields stay as they are.
type Update struct {
	Name         *string         `json:"name,omitempty"`
	Locale       *string         `json:"locale,omitempty"`
	Timezone     *string         `json:"timezone,omitempty"`
	Country      *string         `json:"country,omitempty"`
	Brand        *Brand          `json:"brand,omitempty"`
	SupportHours *[]SupportHours `json:"support_hours,omitempty"`
}

// Apply returns a copy of s with u applied and validated. The currency is
// not in Update: customers' totals are kept in it. EINVALID.
func (s *Shop) Apply(u Update, now time.Time) (*Shop, error) {
	out := *s
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&out.Name, u.Name)
	set(&out.Locale, u.Locale)
	set(&out.Timezone, u.Timezone)
	set(&out.Country, u.Country)
	if u.Brand != nil {
		out.Brand = *u.Brand
	}
	if u.SupportHours != nil {
		out.SupportHours = *u.SupportHours
	}
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.", Fields: map[string]string{"name": "is required"}}
	}
	var p purna.Problems
	if c := out.Brand.Color; c != "" && !hexColor(c) {
		p.Add("brand.color", "must be a hex colour such as #0f766e")
	}
	if e := out.Brand.ContactEmail; e != "" {
		if _, err := purna.NormalizeEmail(e); err != nil {
			p.Add("brand.contact_email", err.Error())
		}
	}
	for name, v := range map[string]*string{"brand.phone": &out.Brand.Phone, "brand.whatsapp": &out.Brand.WhatsApp} {
		if *v == "" {
			continue
		}
		ph, err := purna.NormalizePhone(*v, out.Country)
		if err != nil {
			p.Add(name, err.Error())
		}
		*v = ph
	}
	for k, v := range out.Brand.Social {
		if !strings.HasPrefix(v, "https://") {
			p.Add("brand.social."+k, "must be an https URL")
		}
	}
	if u := out.Brand.LogoURL; u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		p.Add("brand.logo_url", "must be an http or https URL")
	}
	if u := out.Brand.GoogleReviewURL; u != "" && !strings.HasPrefix(u, "https://") {
		p.Add("brand.google_review_url", "must be an https URL")
	}
	if err := out.Validate(); err != nil {
		for k, v := range purna.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	out.UpdatedAt = now
	return &out, nil
}

func hexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

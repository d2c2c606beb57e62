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

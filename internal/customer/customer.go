// Package customer keeps the people who buy from a shop: who they are, how to
// reach them, what they agreed to receive, and what they have bought so far.
// One customer has one timeline, whichever store or marketplace their orders
// came from.
package customer

import (
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// Channel is a way to reach a customer.
type Channel string

// The channels messages go out on.
const (
	Email    Channel = "email"
	SMS      Channel = "sms"
	WhatsApp Channel = "whatsapp"
)

// Customer is a shop's customer.
type Customer struct {
	ID           purna.ID   `json:"id"`
	ShopID       purna.ID   `json:"-"`
	Email        *string    `json:"email"`
	Phone        *string    `json:"phone"`
	FirstName    string     `json:"first_name"`
	LastName     string     `json:"last_name"`
	Locale       string     `json:"locale"`
	Timezone     string     `json:"timezone"`
	City         string     `json:"city"`
	Province     string     `json:"province"`
	Country      string     `json:"country"`
	OrdersCount  int64      `json:"orders_count"`
	TotalSpent   int64      `json:"total_spent"`
	FirstOrderAt *time.Time `json:"first_order_at"`
	LastOrderAt  *time.Time `json:"last_order_at"`
	Consents     []Consent  `json:"consents"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Name is the customer's full name.
func (c *Customer) Name() string {
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// Consented reports whether c agreed to marketing on ch.
func (c *Customer) Consented(ch Channel) bool {
	for _, x := range c.Consents {
		if x.Channel == ch && x.Granted {
			return true
		}
	}
	return false
}

// Consent is a customer's marketing permission on one channel.
type Consent struct {
	Channel   Channel   `json:"channel"`
	Granted   bool      `json:"granted"`
	Source    string    `json:"source"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Input describes a customer as a store, a CSV file or the API sends it.
// Empty fields leave what is stored as it is.
type Input struct {
	// ExternalID is the store's own ID for the customer, with Source.
	ExternalID string `json:"external_id,omitempty"`
	Source     string `json:"source,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	FirstName  string `json:"first_name,omitempty"`
	LastName   string `json:"last_name,omitempty"`
	Locale     string `json:"locale,omitempty"`
	// Timezone is an IANA zone ("Asia/Makassar"); quiet hours follow it.
	Timezone string `json:"timezone,omitempty"`
	City     string `json:"city,omitempty"`
	Province string `json:"province,omitempty"`
	Country  string `json:"country,omitempty"`
	// Consent sets marketing consent per channel ("email": true).
	Consent map[Channel]bool `json:"consent,omitempty"`
	// ConsentSource says where consent was given ("checkout", "import").
	ConsentSource string `json:"consent_source,omitempty"`
}

// Normalize cleans in and checks it, with country (ISO 3166 alpha-2) for
// phone numbers written the national way. Problems are keyed by JSON field.
func (in *Input) Normalize(country string) purna.Problems {
	var p purna.Problems
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" {
		e, err := purna.NormalizeEmail(in.Email)
		if err != nil {
			p.Add("email", err.Error())
		}
		in.Email = e
	}
	if strings.TrimSpace(in.Phone) != "" {
		ph, err := purna.NormalizePhone(in.Phone, firstNonEmpty(in.Country, country))
		if err != nil {
			p.Add("phone", err.Error())
		}
		in.Phone = ph
	} else {
		in.Phone = ""
	}
	in.FirstName = strings.TrimSpace(in.FirstName)
	in.LastName = strings.TrimSpace(in.LastName)
	if len(in.FirstName) > 200 {
		p.Add("first_name", "is too long")
	}
	if len(in.LastName) > 200 {
		p.Add("last_name", "is too long")
	}
	if in.Locale != "" {
		in.Locale = strings.ToLower(in.Locale)
		if i := strings.IndexAny(in.Locale, "-_"); i > 0 {
			in.Locale = in.Locale[:i]
		}
		if !purna.ValidLocale(in.Locale) {
			p.Add("locale", "must be one of id, en, ro")
		}
	}
	if in.Timezone != "" {
		if _, err := time.LoadLocation(in.Timezone); err != nil || in.Timezone == "Local" {
			p.Add("timezone", "is not a known IANA time zone, such as Asia/Makassar")
		}
	}
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	if in.Country != "" && len(in.Country) != 2 {
		p.Add("country", "must be a two-letter country code")
	}
	for ch := range in.Consent {
		if ch != Email && ch != SMS && ch != WhatsApp {
			p.Add("consent."+string(ch), "is not a channel (email, sms, whatsapp)")
		}
	}
	if in.ExternalID != "" && in.Source == "" {
		p.Add("source", "is required with external_id")
	}
	return p
}

// Identified reports whether in carries anything that names a person.
func (in *Input) Identified() bool {
	return in.Email != "" || in.Phone != "" || in.ExternalID != ""
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// Filter selects customers, newest first.
type Filter struct {
	ShopID purna.ID
	// Query matches name, email or phone.
	Query  string
	Cursor string // opaque, from the previous page
	Limit  int
}

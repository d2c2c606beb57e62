package storefront

import (
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
)

// Stores check contact details loosely ("555-555-SHIP" is Shopify's own
// sample phone). A detail Purna cannot use is left out here, so that one
// bad phone number does not refuse the whole order and make the store
// retry it until it gives up on the webhook.

// firstEmail returns the first candidate that is an email address.
func firstEmail(candidates ...string) string {
	for _, c := range candidates {
		if _, err := purna.NormalizeEmail(c); err == nil {
			return strings.TrimSpace(c)
		}
	}
	return ""
}

// firstPhone returns the first candidate that is a phone number when read
// in country, the customer's address country. A national number ("0812…")
// with no country is left out: the shop's own country is not known here.
func firstPhone(country string, candidates ...string) string {
	for _, c := range candidates {
		if _, err := purna.NormalizePhone(c, country); err == nil {
			return strings.TrimSpace(c)
		}
	}
	return ""
}

// supportedLocale returns l ("id", "en-US") when Purna speaks its language.
func supportedLocale(l string) string {
	l = strings.TrimSpace(l)
	base := strings.ToLower(l)
	if i := strings.IndexAny(base, "-_"); i > 0 {
		base = base[:i]
	}
	if !purna.ValidLocale(base) {
		return ""
	}
	return l
}

// countryCode returns c upper-cased when it is a two-letter code.
func countryCode(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		return ""
	}
	return c
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// httpURL returns u when it is an http or https URL, the only tracking
// links Purna shows.
func httpURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// addressOrNil returns a, or nil when a says nothing.
func addressOrNil(a order.Address) *order.Address {
	if a == (order.Address{}) {
		return nil
	}
	return &a
}

// firstTime returns a copy of the first non-nil time, so that no two
// fields of an Input share one.
func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil {
			c := *t
			return &c
		}
	}
	return nil
}

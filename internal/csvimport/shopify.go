package csvimport

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

// shopifyLayout reads the orders CSV that Shopify's admin exports (Orders,
// Export). It has one row per line item; Name and Email are on every row,
// the other order columns on the order's first row only. Columns Purna has
// no use for (Tags, Vendor, Tax 1 Name, …) are ignored.
//
// The order's external ID is Shopify's order Id (the number its API and
// webhooks use), or its Name ("#1001") when the Id column is empty or
// missing; the Name becomes the order number. Created at is when the order
// was placed. The export has no refund time: a refunded order (Financial
// Status "refunded") is taken as refunded at the latest time its row gives.
type shopifyLayout struct {
	source string
	c      map[string]int
}

var (
	shopifyRequired = []string{"name", "created at", "currency", "lineitem quantity", "lineitem name", "lineitem price"}
	shopifyOptional = []string{"id", "email", "financial status", "paid at", "fulfilled at", "cancelled at",
		"accepts marketing", "shipping", "taxes", "total", "discount amount", "lineitem sku", "billing name",
		"billing phone", "phone", "shipping name", "shipping address1", "shipping address2", "shipping city",
		"shipping zip", "shipping province", "shipping country", "shipping phone"}
)

func newShopifyLayout(header map[string]int, source string) (*shopifyLayout, error) {
	c, err := columns("shopify", header, shopifyRequired, shopifyOptional, false)
	if err != nil {
		return nil, err
	}
	return &shopifyLayout{source: source, c: c}, nil
}

func (s *shopifyLayout) get(rec []string, col string) string { return field(rec, s.c[col]) }

func (s *shopifyLayout) key(rec []string) (string, error) {
	name := s.get(rec, "name")
	if name == "" {
		return "", errors.New("Name is empty")
	}
	return name, nil
}

// add takes the row's order columns first: a row whose line item is bad
// still gives its order what only the first row carries.
func (s *shopifyLayout) add(d *draft, rec []string, line int) error {
	var times [4]*time.Time
	for i, col := range [...]string{"created at", "paid at", "fulfilled at", "cancelled at"} {
		t, err := shopifyTime(col, s.get(rec, col))
		if err != nil {
			return err
		}
		times[i] = t
	}
	if d.in.Source == "" {
		d.in.Source, d.in.Number = s.source, d.key
	}
	setStr(&d.ref, s.get(rec, "id"))
	if times[0] != nil && d.in.PlacedAt.IsZero() {
		d.in.PlacedAt = *times[0]
	}
	setTime(&d.in.PaidAt, times[1])
	setTime(&d.in.FulfilledAt, times[2])
	setTime(&d.in.CancelledAt, times[3])
	setStr(&d.in.Currency, s.get(rec, "currency"))
	setStr(&d.status, strings.ToLower(s.get(rec, "financial status")))
	d.setAmount(amtShipping, s.get(rec, "shipping"))
	d.setAmount(amtTax, s.get(rec, "taxes"))
	d.setAmount(amtDiscount, s.get(rec, "discount amount"))
	d.setAmount(amtTotal, s.get(rec, "total"))

	c := d.customer()
	setStr(&c.Email, s.get(rec, "email"))
	setStr(&c.Phone, firstOf(s.get(rec, "billing phone"), s.get(rec, "shipping phone"), s.get(rec, "phone")))
	if c.FirstName == "" && c.LastName == "" {
		c.FirstName, c.LastName = splitName(firstOf(s.get(rec, "billing name"), s.get(rec, "shipping name")))
	}
	switch strings.ToLower(s.get(rec, "accepts marketing")) {
	case "yes", "true":
		c.Consent, c.ConsentSource = map[customer.Channel]bool{customer.Email: true}, "import"
	case "no", "false":
		c.Consent, c.ConsentSource = map[customer.Channel]bool{customer.Email: false}, "import"
	}
	if d.in.ShippingAddress == nil {
		a := order.Address{
			Name:     s.get(rec, "shipping name"),
			Address:  joinNonEmpty(", ", s.get(rec, "shipping address1"), s.get(rec, "shipping address2")),
			City:     s.get(rec, "shipping city"),
			Province: s.get(rec, "shipping province"),
			Postal:   s.get(rec, "shipping zip"),
			Country:  s.get(rec, "shipping country"),
		}
		if a != (order.Address{}) {
			d.in.ShippingAddress = &a
		}
	}

	q, err := quantity(s.get(rec, "lineitem quantity"))
	if err != nil {
		return err
	}
	d.lines = append(d.lines, draftLine{line: line, price: s.get(rec, "lineitem price"),
		li: lineInput(s.get(rec, "lineitem sku"), s.get(rec, "lineitem name"), q)})
	return nil
}

func (s *shopifyLayout) finish(d *draft) error {
	d.in.ExternalID = firstOf(d.ref, d.key)
	d.finishCustomer()
	if d.status == "refunded" && d.in.RefundedAt == nil {
		t := d.in.PlacedAt
		for _, u := range []*time.Time{d.in.PaidAt, d.in.FulfilledAt, d.in.CancelledAt} {
			if u != nil && u.After(t) {
				t = *u
			}
		}
		d.in.RefundedAt = &t
	}
	return nil
}

// shopifyTime reads Shopify's "2024-01-15 10:02:03 +0700", or RFC 3339.
func shopifyTime(col, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05 -0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t, nil
		}
	}
	return nil, fmt.Errorf("%s %q is not a time like 2024-01-15 10:02:03 +0700", col, s)
}

// splitName splits "Siti Nur Rahayu" into "Siti" and "Nur Rahayu".
func splitName(s string) (string, string) {
	first, last, _ := strings.Cut(strings.TrimSpace(s), " ")
	return first, strings.TrimSpace(last)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// setStr sets *dst to v unless it is set already: the first value wins.
func setStr(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func setTime(dst **time.Time, v *time.Time) {
	if *dst == nil && v != nil {
		*dst = v
	}
}

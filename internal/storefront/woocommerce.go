package storefront

import (
	"bytes"
	"html"
	"net/url"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

// ParseWooCommerce maps the body of a WooCommerce order webhook to a Change
// with Source "woocommerce" and Order set. topic is the
// X-WC-Webhook-Topic header: order.created or order.updated. The webhook
// must use one of the WP REST API versions (v1 to v3), whose body is the
// order as the REST API returns it.
//
// When a webhook is saved, WooCommerce sends a ping whose form-encoded body
// is "webhook_id=…"; for it ParseWooCommerce returns (nil, nil), whatever
// the topic. Errors are as for ParseShopify.
func ParseWooCommerce(topic string, body []byte) (*Change, error) {
	if isWooPing(body) {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(topic)) {
	case "order.created", "order.updated":
	default:
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Purna does not read this WooCommerce webhook topic.",
			Fields: map[string]string{"topic": "must be order.created or order.updated"}}
	}
	root, err := decode(body)
	if err != nil {
		return nil, err
	}
	// The legacy API (before WooCommerce 2.6) wraps the order and names
	// every field differently.
	if root.get("id").null() && !root.get("order").null() {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "The webhook uses WooCommerce's legacy API.",
			Fields: map[string]string{"api_version": "must be a WP REST API version (v3 or earlier); set it on the webhook in WooCommerce"}}
	}
	ch := &Change{Source: SourceWooCommerce, Order: wooOrder(root)}
	if err := root.p.Err(); err != nil {
		return nil, err
	}
	return ch, nil
}

// isWooPing reports whether body is the ping WooCommerce sends when a
// webhook is saved.
func isWooPing(body []byte) bool {
	b := bytes.TrimSpace(body)
	if !bytes.HasPrefix(b, []byte("webhook_id=")) {
		return false
	}
	q, err := url.ParseQuery(string(b))
	return err == nil && q.Has("webhook_id")
}

// wooOrder maps a WooCommerce REST API order. WooCommerce writes each time
// twice: in the site's zone without saying which (date_created) and in UTC
// (date_created_gmt); only the _gmt ones are read.
func wooOrder(o value) *order.Input {
	in := &order.Input{Source: SourceWooCommerce, Currency: o.get("currency").currency()}
	if o.get("id").required() {
		in.ExternalID = o.get("id").id()
	}
	in.Number = o.get("number").text()
	if o.get("date_created_gmt").required() {
		if t := o.get("date_created_gmt").time(); t != nil {
			in.PlacedAt = *t
		}
	}
	p := in.PlacedAt
	placed := &p
	modified := o.get("date_modified_gmt").time()
	in.PaidAt = o.get("date_paid_gmt").time()
	switch o.get("status").text() {
	case "completed":
		in.FulfilledAt = firstTime(o.get("date_completed_gmt").time(), modified, placed)
	case "cancelled":
		in.CancelledAt = firstTime(modified, placed)
	case "refunded":
		in.RefundedAt = firstTime(modified, placed)
	}

	cur := in.Currency
	for _, li := range o.get("line_items").list() {
		l := order.LineInput{
			ExternalID: li.get("id").id(),
			SKU:        li.get("sku").text(),
			// WooCommerce escapes HTML in names ("Ship Your Idea &ndash; Color: Black").
			Name: html.UnescapeString(li.get("name").text()),
		}
		if li.get("quantity").required() {
			l.Quantity = li.get("quantity").integer()
		}
		if cur != "" {
			l.UnitPrice = wooUnitPrice(li, l.Quantity, cur)
		}
		in.Lines = append(in.Lines, l)
	}
	if cur != "" {
		in.Tax = o.get("total_tax").amount(cur)
		in.Discount = o.get("discount_total").amount(cur)
		in.Shipping = o.get("shipping_total").amount(cur)
		if t := o.get("total"); !t.blank() {
			total := t.amount(cur)
			in.Total = &total
		}
	}

	ship := o.get("shipping")
	in.ShippingAddress = addressOrNil(order.Address{
		Name:     joinNonEmpty(" ", ship.get("first_name").text(), ship.get("last_name").text()),
		Address:  joinNonEmpty(", ", ship.get("address_1").text(), ship.get("address_2").text()),
		City:     ship.get("city").text(),
		Province: ship.get("state").text(),
		Postal:   ship.get("postcode").text(),
		Country:  countryCode(ship.get("country").text()),
	})
	in.Customer = wooCustomer(o)
	return in
}

// wooUnitPrice returns a line's unit price before discounts. WooCommerce's
// own price is a float and comes after coupons, so the exact subtotal
// string is divided by the quantity instead, rounding to the nearest minor
// unit when it does not divide evenly; the order's total stays exact.
func wooUnitPrice(li value, qty int64, cur string) int64 {
	if sub := li.get("subtotal"); !sub.blank() {
		amount := sub.amount(cur)
		if qty <= 0 {
			return amount // Normalize refuses the quantity.
		}
		return divRound(amount, qty)
	}
	price := li.get("price")
	if !price.required() {
		return 0
	}
	return price.roundedAmount(cur)
}

// wooCustomer maps the order's billing contact; nil when it names nobody.
// customer_id 0 is a guest, who has no ID in WooCommerce.
func wooCustomer(o value) *customer.Input {
	bill, ship := o.get("billing"), o.get("shipping")
	in := &customer.Input{
		Source:    SourceWooCommerce,
		FirstName: bill.get("first_name").text(),
		LastName:  bill.get("last_name").text(),
	}
	if id := o.get("customer_id").id(); id != "" && id != "0" {
		in.ExternalID = id
	}
	addr := ship
	if countryCode(addr.get("country").text()) == "" {
		addr = bill
	}
	in.City, in.Province = addr.get("city").text(), addr.get("state").text()
	in.Country = countryCode(addr.get("country").text())
	in.Email = firstEmail(bill.get("email").text())
	in.Phone = firstPhone(in.Country, bill.get("phone").text(), ship.get("phone").text())
	if !in.Identified() && in.FirstName == "" && in.LastName == "" {
		return nil
	}
	return in
}

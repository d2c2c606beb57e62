package storefront

import (
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

// shopifyTopics maps each X-Shopify-Topic Purna reads to whether its body
// is an order (true) or a single fulfillment (false). orders/paid and
// orders/fulfilled carry the same order body as orders/updated.
var shopifyTopics = map[string]bool{
	"orders/create":              true,
	"orders/updated":             true,
	"orders/cancelled":           true,
	"orders/paid":                true,
	"orders/fulfilled":           true,
	"orders/partially_fulfilled": true,
	"fulfillments/create":        false,
	"fulfillments/update":        false,
}

// ParseShopify maps the body of a Shopify webhook to a Change with Source
// "shopify". topic is the X-Shopify-Topic header: an orders/… topic gives
// a Change with Order set, fulfillments/create and fulfillments/update one
// with ShipmentFor (the order's Shopify ID) and Shipment set.
//
// It returns an EINVALID *purna.Error naming "topic" for a topic it does
// not read, "body" for a body that is not a JSON object, and the JSON path
// of each value that is missing or unreadable ("line_items[0].price").
// Amounts are in the shop's currency (`currency`, not the presentment
// currency), converted to minor units.
func ParseShopify(topic string, body []byte) (*Change, error) {
	isOrder, ok := shopifyTopics[strings.ToLower(strings.TrimSpace(topic))]
	if !ok {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Purna does not read this Shopify webhook topic.",
			Fields: map[string]string{"topic": "must be orders/create, orders/updated, orders/cancelled, orders/paid, orders/fulfilled, orders/partially_fulfilled, fulfillments/create or fulfillments/update"}}
	}
	root, err := decode(body)
	if err != nil {
		return nil, err
	}
	ch := &Change{Source: SourceShopify}
	if isOrder {
		ch.Order = shopifyOrder(root)
	} else {
		root.get("order_id").required()
		ch.ShipmentFor = root.get("order_id").id()
		root.get("id").required()
		sh := shopifyFulfillment(root)
		ch.Shipment = &sh
	}
	if err := root.p.Err(); err != nil {
		return nil, err
	}
	return ch, nil
}

// shopifyOrder maps a Shopify order resource.
func shopifyOrder(o value) *order.Input {
	in := &order.Input{Source: SourceShopify, Currency: o.get("currency").currency()}
	if o.get("id").required() {
		in.ExternalID = o.get("id").id()
	}
	in.Number = o.get("name").text()
	if o.get("created_at").required() {
		if t := o.get("created_at").time(); t != nil {
			in.PlacedAt = *t
		}
	}
	placed := &in.PlacedAt
	processed := o.get("processed_at").time()
	updated := o.get("updated_at").time()

	// Shopify has no paid or refunded time on the order itself: processed_at
	// is when the payment was taken, and a refunded order was last updated
	// by its refund.
	switch fin := o.get("financial_status").text(); fin {
	case "paid", "partially_refunded", "refunded":
		in.PaidAt = firstTime(processed, placed)
		if fin == "refunded" {
			in.RefundedAt = firstTime(updated, processed, placed)
		}
	}
	in.CancelledAt = o.get("cancelled_at").time()
	in.CancelReason = o.get("cancel_reason").text()

	var shipped *time.Time
	for _, f := range o.get("fulfillments").list() {
		if shopifyFulfillmentVoid(f) {
			continue
		}
		sh := shopifyFulfillment(f)
		in.Shipments = append(in.Shipments, sh)
		if sh.ShippedAt != nil && (shipped == nil || sh.ShippedAt.Before(*shipped)) {
			shipped = sh.ShippedAt
		}
	}
	if o.get("fulfillment_status").text() == "fulfilled" {
		in.FulfilledAt = firstTime(shipped, updated, placed)
	}

	for _, li := range o.get("line_items").list() {
		l := order.LineInput{
			ExternalID: li.get("id").id(),
			SKU:        li.get("sku").text(),
			Name:       li.get("name").text(),
		}
		if l.Name == "" {
			l.Name = li.get("title").text()
		}
		if li.get("quantity").required() {
			l.Quantity = li.get("quantity").integer()
		}
		if li.get("price").required() && in.Currency != "" {
			l.UnitPrice = li.get("price").amount(in.Currency)
		}
		in.Lines = append(in.Lines, l)
	}

	if cur := in.Currency; cur != "" {
		in.Tax = o.get("total_tax").amount(cur)
		in.Discount = o.get("total_discounts").amount(cur)
		if amt := o.get("total_shipping_price_set").get("shop_money").get("amount"); !amt.blank() {
			in.Shipping = amt.amount(cur)
		} else {
			for _, sl := range o.get("shipping_lines").list() {
				addAmount(sl.get("price"), &in.Shipping, sl.get("price").amount(cur))
			}
		}
		if tp := o.get("total_price"); !tp.blank() {
			t := tp.amount(cur)
			in.Total = &t
		}
	}

	ship := o.get("shipping_address")
	in.ShippingAddress = addressOrNil(shopifyAddress(ship))
	in.Customer = shopifyCustomer(o)
	return in
}

// shopifyCustomer maps the order's customer, its contact details and its
// marketing consent; nil when the order names nobody.
func shopifyCustomer(o value) *customer.Input {
	c := o.get("customer")
	ship, bill := o.get("shipping_address"), o.get("billing_address")
	in := &customer.Input{
		Source:    SourceShopify,
		FirstName: c.get("first_name").text(),
		LastName:  c.get("last_name").text(),
		Locale:    supportedLocale(o.get("customer_locale").text()),
	}
	if !c.null() {
		in.ExternalID = c.get("id").id()
	}
	if in.FirstName == "" && in.LastName == "" {
		in.FirstName, in.LastName = bill.get("first_name").text(), bill.get("last_name").text()
	}
	addr := ship
	if addr.null() {
		addr = bill
	}
	in.City, in.Province = addr.get("city").text(), addr.get("province").text()
	in.Country = countryCode(addr.get("country_code").text())
	in.Email = firstEmail(o.get("email").text(), o.get("contact_email").text(), c.get("email").text())
	in.Phone = firstPhone(in.Country, c.get("phone").text(), o.get("phone").text(),
		ship.get("phone").text(), bill.get("phone").text())

	consent := map[customer.Channel]bool{}
	if granted, ok := shopifyConsent(c.get("email_marketing_consent")); ok {
		consent[customer.Email] = granted
	} else if granted, ok := c.get("accepts_marketing").boolean(); ok {
		consent[customer.Email] = granted
	} else if granted, ok := o.get("buyer_accepts_marketing").boolean(); ok {
		consent[customer.Email] = granted
	}
	if granted, ok := shopifyConsent(c.get("sms_marketing_consent")); ok {
		consent[customer.SMS] = granted
	}
	if len(consent) > 0 {
		in.Consent, in.ConsentSource = consent, SourceShopify
	}
	if !in.Identified() && in.FirstName == "" && in.LastName == "" {
		return nil
	}
	return in
}

// shopifyConsent reads an email_marketing_consent or sms_marketing_consent
// object. Pending (double opt-in not confirmed yet), invalid and redacted
// states say nothing.
func shopifyConsent(v value) (granted, ok bool) {
	switch v.get("state").text() {
	case "subscribed":
		return true, true
	case "not_subscribed", "unsubscribed":
		return false, true
	}
	return false, false
}

// shopifyAddress maps a Shopify address (shipping_address, destination).
func shopifyAddress(a value) order.Address {
	name := a.get("name").text()
	if name == "" {
		name = joinNonEmpty(" ", a.get("first_name").text(), a.get("last_name").text())
	}
	return order.Address{
		Name:     name,
		Address:  joinNonEmpty(", ", a.get("address1").text(), a.get("address2").text()),
		City:     a.get("city").text(),
		Province: a.get("province").text(),
		Postal:   a.get("zip").text(),
		Country:  countryCode(a.get("country_code").text()),
	}
}

// shopifyShipmentStatus maps a fulfillment's shipment_status, the carrier's
// last word on the parcel.
var shopifyShipmentStatus = map[string]order.ShipmentStatus{
	"label_printed":      order.ShipmentPending,
	"label_purchased":    order.ShipmentPending,
	"confirmed":          order.ShipmentPending,
	"in_transit":         order.ShipmentInTransit,
	"attempted_delivery": order.ShipmentOutForDelivery,
	"ready_for_pickup":   order.ShipmentOutForDelivery,
	"out_for_delivery":   order.ShipmentOutForDelivery,
	"delivered":          order.ShipmentDelivered,
	"failure":            order.ShipmentFailed,
}

// shopifyFulfillmentVoid reports whether fulfillment f never left: it was
// cancelled or failed in Shopify. Such fulfillments are left out of an
// order, or every later delivery of the order would wait for them.
func shopifyFulfillmentVoid(f value) bool {
	switch f.get("status").text() {
	case "cancelled", "error", "failure":
		return true
	}
	return false
}

// shopifyFulfillment maps a Shopify fulfillment to a parcel. Its status is
// left empty when Shopify has no shipment_status for a shipped parcel, so
// that Purna derives it from the shipped time.
func shopifyFulfillment(f value) order.ShipmentInput {
	sh := order.ShipmentInput{
		ExternalID:     f.get("id").id(),
		Carrier:        f.get("tracking_company").text(),
		TrackingNumber: f.get("tracking_number").text(),
		TrackingURL:    httpURL(f.get("tracking_url").text()),
		PromisedAt:     f.get("estimated_delivery_at").time(),
	}
	// A pending or open fulfillment is a request to a fulfillment service
	// that has not shipped yet; any other was created when it shipped.
	switch f.get("status").text() {
	case "pending", "open":
		sh.Status = order.ShipmentPending
	default:
		sh.ShippedAt = f.get("created_at").time()
	}
	if sh.TrackingNumber == "" {
		if ns := f.get("tracking_numbers").list(); len(ns) > 0 {
			sh.TrackingNumber = ns[0].text()
		}
	}
	if sh.TrackingURL == "" {
		if us := f.get("tracking_urls").list(); len(us) > 0 {
			sh.TrackingURL = httpURL(us[0].text())
		}
	}
	if st, ok := shopifyShipmentStatus[f.get("shipment_status").text()]; ok {
		sh.Status = st
	}
	if shopifyFulfillmentVoid(f) {
		sh.Status = order.ShipmentFailed
	}
	if sh.Status == order.ShipmentDelivered {
		sh.DeliveredAt = firstTime(f.get("updated_at").time(), sh.ShippedAt)
	}
	return sh
}

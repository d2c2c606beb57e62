// Package storefront reads the webhooks that online stores send when an
// order is placed, paid, shipped, cancelled or refunded, and turns each one
// into what Purna records: a whole order, or one parcel of an order it
// already knows.
//
// Shopify and WooCommerce are supported. A shop connects its store by giving
// Purna the webhook secret; every delivery is checked against it
// (VerifyShopify, VerifyWooCommerce) before its body is read (ParseShopify,
// ParseWooCommerce). Stores deliver the same event more than once and out of
// order; that is fine, because each Change carries the order's whole current
// state and recording it again changes nothing.
//
// The parsers are pure functions over the raw body. They never trust its
// shape: a missing or mistyped value is reported as an EINVALID *purna.Error
// whose Fields are keyed by the value's path in the store's JSON
// ("line_items[0].price"), so a merchant can see which part of the
// store's payload Purna could not read. Contact details that Purna could
// not use (a phone number such as "555-555-SHIP", a locale Purna does not
// speak) are left out rather than refusing the whole order.
package storefront

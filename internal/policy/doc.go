// Package policy holds a shop's after-sales promises: how long and from when
// a customer may return an item and what they get for it, how long the
// warranty runs and what it covers, and when a product needs servicing and
// where. A shop sets one Policy; a category or a single product can change
// any part of it with an Override, and the product's own catalogue fields
// (warranty months, return window, maintenance interval) count too. Resolve
// turns all of that into the Effective terms of one product.
//
// The package only holds and checks the terms. Deciding what a given order
// line allows today is package eligibility's job.
package policy

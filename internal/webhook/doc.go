// Package webhook sends a shop's timeline to the merchant's own systems.
//
// A merchant adds an endpoint: an HTTPS URL and the event types it wants
// ("order.paid", "message.failed", or a whole family such as "message.*").
// Each time something happens on a customer's timeline, Purna POSTs it to
// every active endpoint of the shop that asked for its type. Each request is
// signed the Standard Webhooks way (https://www.standardwebhooks.com): the
// headers webhook-id, webhook-timestamp and webhook-signature let the
// receiver check that the request came from Purna, was not altered and is
// not a replay. Verify does that check for receivers written in Go.
//
// Delivery is durable. A delivery is recorded, and its job queued, in the
// transaction that reacts to the event, so nothing is lost across restarts,
// and an event handled twice is delivered once. A delivery that fails is
// tried again with a growing delay (Policy.Retry: 12 attempts over about a
// day and a half) under the same webhook-id, so the receiver can drop
// repeats. An endpoint that answers 410 Gone is disabled at once; one whose
// every attempt has failed for five days (Policy.DisableAfter) is disabled
// too, and the merchant turns it back on when it is fixed.
//
// Delivery is at least once, and deliveries are not ordered: a receiver
// drops repeats by webhook-id and orders by the payload's timestamp.
//
// Endpoint URLs must use https. Plain http is accepted only for loopback
// hosts (localhost, 127.0.0.0/8, ::1), for developing a receiver on one's
// own machine.
package webhook

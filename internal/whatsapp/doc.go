// Package whatsapp sends Purna's post-purchase messages as WhatsApp template
// messages through Meta's WhatsApp Business Cloud API, and receives the
// delivery receipts ("sent", "delivered", "read", "failed") that Meta posts
// back to the shop.
//
// WhatsApp only lets a business start a conversation with an approved
// template: the merchant writes and gets approved, in WhatsApp Manager, a
// template such as "order_shipped" in each language they use ("id", "en",
// "ro"…), and Purna fills in its {{1}}, {{2}}… placeholders ([Message]
// BodyParams) and, optionally, the dynamic end of a URL button
// (ButtonURLSuffix), for a tracking or review link.
//
// # Configuration
//
// The connection is one URL, PURNA_WHATSAPP_URL, read by [ParseURL]:
//
//	whatsapp://PHONE_NUMBER_ID:TOKEN@graph.facebook.com?version=v21.0&app_secret=SECRET&verify_token=VERIFY
//
// In it:
//
//   - PHONE_NUMBER_ID is the numeric ID of the sending business number
//     (WhatsApp Manager > API Setup), not the phone number itself.
//   - TOKEN is a system-user access token with the whatsapp_business_messaging
//     permission; URL-encode it if it has reserved characters.
//   - The host may be left out (whatsapp://ID:TOKEN@) and defaults to
//     graph.facebook.com. whatsapp+http://ID:TOKEN@127.0.0.1:8080 talks plain
//     HTTP to a local fake Graph API and is only allowed for localhost.
//   - Query parameters, all optional: version (Graph API version, default
//     v21.0), app_secret (the Meta app secret; needed to check webhook
//     signatures), verify_token (any string you also type into the webhook
//     settings of the Meta app), concurrency (messages in flight in SendBatch,
//     default 8) and timeout (per request, default 30s). Anything else is an
//     error.
//
// # Errors
//
// A failed send returns an [*Error]. Its Permanent method says the message can
// never be sent as it is (the number is not on WhatsApp, the template does not
// exist in that language, a parameter is invalid): mark it failed. Otherwise
// retry it later with backoff. MaybeDelivered says the request reached Meta
// but the answer was lost: a retry may send the customer a second copy.
//
// # Delivery receipts
//
// [NewWebhookHandler] is the callback URL to register in the Meta app
// (webhook field "messages"). It answers Meta's verification request, checks
// the X-Hub-Signature-256 of each delivery with the app secret, and passes
// the statuses to a function. Each status carries the wamid returned by
// [Client.Send] and, as CallbackData, the Message.ID it was sent with.
package whatsapp

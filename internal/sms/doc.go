// Package sms sends Purna's post-purchase text messages (shipping updates,
// review requests, warranty reminders) through the merchant's SMS gateway.
//
// SMS gateways have no common API, but most accept an HTTP POST with the
// recipient, the text and a sender name, as JSON or as a form, and answer with
// a message ID. [ParseURL] describes such a gateway with one URL,
// PURNA_SMS_URL; [Client] sends through it.
//
// # Configuration
//
// The URL is the gateway's endpoint with the credentials in the user part and
// Purna's settings in the query. The query is not sent to the gateway.
//
// A JSON gateway with a bearer token, answering {"data":{"message_id":"…"}}:
//
//	https://TOKEN@api.gateway.example/v1/send?from=TokoBudi&id_field=data.message_id
//
// POSTs {"from":"TokoBudi","text":"…","to":"+6281234567890"} with
// "Authorization: Bearer TOKEN".
//
// A form-encoded gateway with Basic authentication and its own field names:
//
//	https://USER:PASS@sms.example.ro/api/send?format=form&to_field=msisdn&text_field=message&from_field=sender&from=Magazin&strip_plus=true&param.route=transactional
//
// POSTs msisdn=40723456789&message=…&route=transactional&sender=Magazin with
// "Authorization: Basic …".
//
// The query parameters, all optional:
//
//   - format: json (default) or form (application/x-www-form-urlencoded).
//   - auth: bearer (the user part is the token), basic (user:password) or
//     none. Default: basic if the URL has a password, bearer if it has only a
//     user, none if it has neither.
//   - from: the sender name or number; left out of the request when empty.
//   - to_field, text_field, from_field: the names of the request fields;
//     default to, text and from.
//   - id_field: where the gateway's message ID is in its JSON answer, with
//     dots for nesting ("data.message_id"). Without it Send returns no ID.
//   - strip_plus: true to send the number without its leading '+'.
//   - param.NAME=VALUE: a fixed field sent with every message, for gateways
//     that want one (a route, a channel, an API key in the body).
//   - concurrency: messages in flight in SendBatch, default 8.
//   - timeout: per request, default 30s.
//
// Credentials are URL-encoded ("p%40ss" for "p@ss"). The gateway must use
// https; http is only allowed for a gateway on localhost.
//
// # Errors and retries
//
// Every request carries "Idempotency-Key: <Message.ID>", so a gateway that
// honours it sends a retried message only once. A failed send returns an
// [*Error]: Permanent means the gateway refused the message itself; anything
// else is worth retrying. MaybeDelivered means the request reached the gateway
// but its answer was lost.
//
// A text is cut into parts when it is long: [Segments] tells how many parts
// (and so how many charges) a text costs.
package sms

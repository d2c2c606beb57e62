// Package mail sends Purna's post-purchase email: order confirmations, shipping
// updates, late-delivery apologies, how-to guides, warranty reminders and
// win-back offers.
//
// Jobs build a [Message] and hand it to a [Sender]. In production the Sender is
// [SMTP], which keeps a small pool of open connections to the merchant's mail
// server so that a campaign of many thousand messages does not pay for a new
// connection, TLS handshake and login per message. Tests use [Recorder];
// development uses [Log], or [Catcher], an in-process SMTP server that keeps the
// last messages in memory so `purna demo` shows mail flowing without a mail
// server.
//
// A failed send is either permanent or temporary. [IsPermanent] reports a
// rejection by the mail server (an SMTP 5xx reply such as "550 no such
// mailbox") or a message that can never be built: retrying will not help. [IsTemporary] reports a 4xx reply or
// connection trouble: retry later with backoff.
package mail

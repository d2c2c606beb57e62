package journey

import (
	"context"
	"errors"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// Channel is one way to reach a customer: email, WhatsApp, SMS. The engine
// decides whether, when and to whom a message goes; a channel writes it in
// its own form and sends it. Every channel goes through the same door, so
// consent, quiet hours, caps, suppressions and the never-twice guarantee
// hold on all of them.
type Channel interface {
	// Address is where c is reached on this channel ("" when c cannot be):
	// an email address or an E.164 phone number.
	Address(c *customer.Customer) string
	// Compose writes d's message. ErrNothingToSay skips it; any other error
	// fails it (it would fail the same way again).
	Compose(ctx context.Context, d *Draft) (Envelope, error)
	// Send sends the envelopes; errs[i] is envs[i]'s outcome. A channel
	// keeps its connections busy across the batch. An error may say it is
	// permanent or that the message may have been delivered (see Outcome).
	Send(ctx context.Context, envs []Envelope) []error
}

// Draft is what a channel writes a message from.
type Draft struct {
	Message  *Message
	Shop     *shop.Shop
	Customer *customer.Customer
	Order    *order.Order // nil for messages about no order
	Product  *product.Product
	Locale   string // the customer's language, or the shop's
	// WarrantyEnds and MaintenanceDue are the dates a reminder is about,
	// zero when its event named none.
	WarrantyEnds, MaintenanceDue time.Time
}

// Envelope is a written message, ready for its channel.
type Envelope struct {
	To      string // the address it goes to
	Subject string // what the outbox shows: the email subject, or the message's first words
	// Body is the channel's own message (mail.Message, whatsapp.Message,
	// sms.Message); only the channel reads it.
	Body any
	// ProviderID is set by Send when the channel's provider names the
	// message (WhatsApp's wamid), so that its status callbacks find it.
	ProviderID string
}

// Outcome is how an error from Channel.Send is taken. Channels' errors
// answer Permanent and MaybeDelivered; an error that answers neither is
// temporary and was surely not delivered.
func Outcome(err error) (permanent, maybeDelivered bool) {
	var p interface{ Permanent() bool }
	if errors.As(err, &p) {
		permanent = p.Permanent()
	}
	var m interface{ MaybeDelivered() bool }
	if errors.As(err, &m) {
		maybeDelivered = m.MaybeDelivered()
	}
	return permanent, maybeDelivered
}

// SendError is a channel error with its outcome spelled out, for channels
// whose own errors do not say it.
type SendError struct {
	Err          error
	IsPermanent  bool
	MaybeSent    bool
	SuppressAddr string // a hard bounce: this address does not exist
}

func (e *SendError) Error() string        { return e.Err.Error() }
func (e *SendError) Unwrap() error        { return e.Err }
func (e *SendError) Permanent() bool      { return e.IsPermanent }
func (e *SendError) MaybeDelivered() bool { return e.MaybeSent }

// SuppressReason says why an address gets nothing more.
type SuppressReason string

// The reasons an address is suppressed.
const (
	// Bounce: the address does not exist (a permanent delivery failure).
	Bounce SuppressReason = "bounce"
	// Complaint: the person marked a message as spam.
	Complaint SuppressReason = "complaint"
	// Manual: the shop suppressed it.
	Manual SuppressReason = "manual"
)

// Suppression keeps an address from getting any message on a channel.
type Suppression struct {
	ShopID    purna.ID       `json:"-"`
	Channel   string         `json:"channel"`
	Address   string         `json:"address"`
	Reason    SuppressReason `json:"reason"`
	Detail    string         `json:"detail,omitempty"`
	Source    string         `json:"source,omitempty"`
	MessageID *purna.ID      `json:"message_id,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
}

// Channels are the channels a message can go out on.
var Channels = []string{"email", "whatsapp", "sms"}

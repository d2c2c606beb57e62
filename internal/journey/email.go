package journey

import (
	"context"
	"errors"
	"strings"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/mail"
)

// EmailComposer writes a message as an email; TemplateComposer does.
type EmailComposer interface {
	ComposeEmail(ctx context.Context, d *Draft) (mail.Message, error)
}

// BatchSender sends many messages at once; mail.SMTP does, over its pool.
type BatchSender interface {
	SendBatch(ctx context.Context, msgs []mail.Message) []error
}

// Email is the email channel: messages written by Composer and sent by
// Sender (SMTP, or a log in development).
type Email struct {
	Composer EmailComposer
	Sender   mail.Sender
}

// Address is the customer's email address.
func (Email) Address(c *customer.Customer) string {
	if c.Email == nil {
		return ""
	}
	return *c.Email
}

// Compose writes the email.
func (ch Email) Compose(ctx context.Context, d *Draft) (Envelope, error) {
	m, err := ch.Composer.ComposeEmail(ctx, d)
	if err != nil {
		return Envelope{}, err
	}
	return Envelope{To: m.To.Email, Subject: m.Subject, Body: m}, nil
}

// Send sends the emails over the sender's pool when it has one.
func (ch Email) Send(ctx context.Context, envs []Envelope) []error {
	msgs := make([]mail.Message, len(envs))
	for i, e := range envs {
		msgs[i] = e.Body.(mail.Message)
	}
	var errs []error
	if bs, ok := ch.Sender.(BatchSender); ok {
		errs = bs.SendBatch(ctx, msgs)
	} else {
		errs = make([]error, len(msgs))
		for i, m := range msgs {
			errs[i] = ch.Sender.Send(ctx, m)
		}
	}
	for i, err := range errs {
		if err != nil {
			errs[i] = emailError(err, envs[i].To)
		}
	}
	return errs
}

// emailError spells out what a mail error means for the message: a 5xx
// reply is permanent, and one that says the mailbox does not exist (5.1.x)
// suppresses the address, as a hard bounce; a connection that dropped after
// the message was written may have delivered it.
func emailError(err error, to string) error {
	se := &SendError{Err: err, IsPermanent: mail.IsPermanent(err)}
	if ce, ok := errors.AsType[*mail.ConnError](err); ok {
		se.MaybeSent = ce.MaybeDelivered
	}
	if smtp, ok := errors.AsType[*mail.SMTPError](err); ok && hardBounce(smtp) {
		se.SuppressAddr = to
	}
	return se
}

// hardBounce: the server says the address does not exist or never will
// (RFC 3463 addressing status 5.1.x). A bare 550 says too little (it is
// also how servers refuse spam) to stop writing to the address for good.
func hardBounce(e *mail.SMTPError) bool {
	return e.Code >= 500 && strings.HasPrefix(e.Enhanced, "5.1.")
}

package journey

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/sms"
)

// SMSSender sends text messages; sms.Client does, through the gateway of
// PURNA_SMS_URL.
type SMSSender interface {
	SendBatch(ctx context.Context, msgs []sms.Message) ([]string, []error)
}

// SMS is the text-message channel: the sms part of each message template,
// sent through an HTTP gateway.
type SMS struct {
	Composer *TemplateComposer
	Sender   SMSSender
}

// Address is the customer's phone number (E.164).
func (SMS) Address(c *customer.Customer) string {
	if c.Phone == nil {
		return ""
	}
	return *c.Phone
}

// Compose writes the SMS from the template's sms part.
func (ch SMS) Compose(ctx context.Context, d *Draft) (Envelope, error) {
	r, _, err := ch.Composer.Render(ctx, d)
	if err != nil {
		return Envelope{}, err
	}
	if r.SMS == "" {
		return Envelope{}, fmt.Errorf("the %s template in %s has no SMS text", d.Message.Template, d.Locale)
	}
	to := ch.Address(d.Customer)
	return Envelope{To: to, Subject: preview(r.SMS, 80), Body: sms.Message{ID: d.Message.ID, To: to, Text: r.SMS}}, nil
}

// Send sends the texts; the gateway's IDs become the messages' provider IDs.
func (ch SMS) Send(ctx context.Context, envs []Envelope) []error {
	msgs := make([]sms.Message, len(envs))
	for i, e := range envs {
		msgs[i] = e.Body.(sms.Message)
	}
	ids, errs := ch.Sender.SendBatch(ctx, msgs)
	for i := range envs {
		if i < len(ids) {
			envs[i].ProviderID = ids[i]
		}
	}
	return errs
}

// preview is the first n characters of s, for the outbox.
func preview(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

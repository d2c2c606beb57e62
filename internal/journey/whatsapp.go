package journey

import (
	"context"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/whatsapp"
)

// WhatsAppSender sends template messages; whatsapp.Client does, through the
// WhatsApp Business Cloud API.
type WhatsAppSender interface {
	SendBatch(ctx context.Context, msgs []whatsapp.Message) ([]string, []error)
}

// WhatsApp is the WhatsApp channel. WhatsApp only delivers templates the
// shop had approved by Meta (docs/whatsapp-templates.md lists them), so a
// message here is the approved template's name and its parameters, filled
// from the same data as the email.
type WhatsApp struct {
	Composer *TemplateComposer
	Sender   WhatsAppSender
}

// Address is the customer's phone number (E.164).
func (WhatsApp) Address(c *customer.Customer) string {
	if c.Phone == nil {
		return ""
	}
	return *c.Phone
}

// Compose fills the approved template's parameters.
func (ch WhatsApp) Compose(ctx context.Context, d *Draft) (Envelope, error) {
	data, _, err := ch.Composer.Data(ctx, d)
	if err != nil {
		return Envelope{}, err
	}
	wm, err := message.WhatsAppParams(message.Key(d.Message.Template), data)
	if err != nil {
		return Envelope{}, err
	}
	to := ch.Address(d.Customer)
	return Envelope{To: to, Subject: wm.Template, Body: whatsapp.Message{ID: d.Message.ID, To: to, Template: wm.Template,
		Language: wm.Language, BodyParams: wm.Body, ButtonURLSuffix: wm.ButtonSuffix}}, nil
}

// Send sends the messages; WhatsApp's message IDs (wamid) become their
// provider IDs, which status callbacks name.
func (ch WhatsApp) Send(ctx context.Context, envs []Envelope) []error {
	msgs := make([]whatsapp.Message, len(envs))
	for i, e := range envs {
		msgs[i] = e.Body.(whatsapp.Message)
	}
	ids, errs := ch.Sender.SendBatch(ctx, msgs)
	for i := range envs {
		if i < len(ids) {
			envs[i].ProviderID = ids[i]
		}
	}
	return errs
}

package journey

import (
	"context"
	"fmt"
	"sync"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// TemplateComposer writes messages from the message package's templates,
// in the customer's language, on the shop's brand.
type TemplateComposer struct {
	// From is the sender address; the shop's name is its display name and
	// the shop's contact email the Reply-To.
	From string
	// BaseURL is this server's public URL, for unsubscribe links.
	BaseURL string
	// Secret signs unsubscribe links.
	Secret   []byte
	Products ProductFinder
	// TrackingURL is the order's branded tracking page; nil leaves shipping
	// messages with the carrier's link.
	TrackingURL func(shopID, orderID purna.ID) string

	compiled sync.Map // key "template/locale" → *message.Compiled
}

// ErrNothingToSay is returned when a message has no content for this
// customer (a how-to for an order whose products have no how-to).
var ErrNothingToSay = purna.Errorf(purna.EINVALID, "There is nothing to say in this message.")

// Compose renders m for c.
func (tc *TemplateComposer) Compose(ctx context.Context, m *Message, sh *shop.Shop, c *customer.Customer, o *order.Order) (mail.Message, error) {
	if c.Email == nil {
		return mail.Message{}, fmt.Errorf("customer %s has no email address", c.ID)
	}
	locale := c.Locale
	if !purna.ValidLocale(locale) {
		locale = sh.Locale
	}
	tpl, err := tc.template(message.Key(m.Template), locale)
	if err != nil {
		return mail.Message{}, err
	}
	facts := message.Facts{Order: o}
	if message.Key(m.Template) == message.HowToOnboarding || message.Key(m.Template) == message.WarrantyEnding ||
		message.Key(m.Template) == message.MaintenanceDue {
		if facts.Product, err = tc.productFor(ctx, sh.ID, o); err != nil {
			return mail.Message{}, err
		}
	}
	if o != nil && tc.TrackingURL != nil {
		facts.Links.TrackingPage = tc.TrackingURL(sh.ID, o.ID)
	}
	var unsubscribe string
	if m.Kind == Marketing {
		unsubscribe = tc.BaseURL + "/u/" + customer.UnsubscribeToken(tc.Secret, sh.ID, c.ID, customer.Channel(m.Channel))
		facts.Links.Unsubscribe = unsubscribe
	}
	r, err := tpl.Render(message.NewData(sh, locale, message.CustomerOf(c), facts))
	if err != nil {
		return mail.Message{}, err
	}
	out := mail.Message{
		ID: m.ID, From: mail.Address{Name: sh.Name, Email: tc.From}, To: mail.Address{Name: c.Name(), Email: *c.Email},
		Subject: r.Subject, Text: r.Text, HTML: r.HTML, Lang: locale,
		Marketing: m.Kind == Marketing, UnsubscribeURL: unsubscribe, UnsubscribePost: unsubscribe != "",
		Headers: map[string]string{"X-Purna-Message": m.ID},
	}
	if e := sh.Brand.ContactEmail; e != "" {
		out.ReplyTo = &mail.Address{Name: sh.Name, Email: e}
	}
	return out, nil
}

func (tc *TemplateComposer) template(key message.Key, locale string) (*message.Compiled, error) {
	id := string(key) + "/" + locale
	if c, ok := tc.compiled.Load(id); ok {
		return c.(*message.Compiled), nil
	}
	t, err := message.Default(key, locale)
	if err != nil {
		return nil, err
	}
	c, err := message.Parse(t)
	if err != nil {
		return nil, err
	}
	tc.compiled.Store(id, c)
	return c, nil
}

// productFor picks the order's first product that has how-to content.
func (tc *TemplateComposer) productFor(ctx context.Context, shopID purna.ID, o *order.Order) (*product.Product, error) {
	if o == nil {
		return nil, ErrNothingToSay
	}
	for _, l := range o.Lines {
		if l.ProductID == nil {
			continue
		}
		p, err := tc.Products.FindByID(ctx, shopID, *l.ProductID)
		if err != nil {
			return nil, err
		}
		if p.HowToText != "" || p.HowToURL != "" {
			return p, nil
		}
	}
	return nil, ErrNothingToSay
}

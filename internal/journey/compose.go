package journey

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/message"
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
	Secret []byte
	// TrackingURL is the order's branded tracking page; nil leaves shipping
	// messages with the carrier's link.
	TrackingURL func(shopID, orderID purna.ID) string
	// PortalURL is the customer's signed link to their page for the order
	// (orderID nil: all their orders and items): returns, warranty claims,
	// quotes, bookings. Every message links to it; nil leaves messages
	// without it.
	PortalURL func(shopID, customerID purna.ID, orderID *purna.ID) string
	// Overrides are the templates shops edited; nil sends the shipped ones.
	Overrides TemplateOverrides
	// Surveys skips survey reminders to customers who answered and gives
	// the shop's wording; nil asks everyone in the shipped words.
	Surveys SurveyAnswers
	// Reviews picks the products a review request asks about; nil skips
	// review requests.
	Reviews ReviewAsks
	// Offers finds the extended warranty and spare parts a warranty-ending
	// message offers to customers who agreed to marketing; nil offers
	// nothing.
	Offers WarrantyOffers

	compiled sync.Map // "template/locale" → *message.Compiled, the shipped ones
	mu       sync.Mutex
	shops    map[purna.ID]*shopTemplates
}

// TemplateOverrides are the templates shops edited, over the shipped ones.
type TemplateOverrides interface {
	// TemplatesVersion changes whenever one of the shop's templates does.
	TemplatesVersion(ctx context.Context, shopID purna.ID) (int64, error)
	// FindTemplates returns the shop's edited templates.
	FindTemplates(ctx context.Context, shopID purna.ID) ([]message.Template, error)
}

// shopTemplates are one shop's edited templates, compiled, as of version.
type shopTemplates struct {
	version   int64
	checkedAt time.Time
	compiled  map[string]*message.Compiled // "template/locale"
}

// overridesTTL is how long a shop's edited templates are used before their
// version is checked again: an edit reaches the next messages within it.
const overridesTTL = 2 * time.Second

// ErrNothingToSay is returned when a message has no content for this
// customer (a how-to for an order whose products have no how-to).
var ErrNothingToSay = purna.Errorf(purna.EINVALID, "There is nothing to say in this message.")

// ComposeEmail writes d's message as an email.
func (tc *TemplateComposer) ComposeEmail(ctx context.Context, d *Draft) (mail.Message, error) {
	m, sh, c := d.Message, d.Shop, d.Customer
	if c.Email == nil {
		return mail.Message{}, fmt.Errorf("customer %s has no email address", c.ID)
	}
	r, unsubscribe, err := tc.Render(ctx, d)
	if err != nil {
		return mail.Message{}, err
	}
	out := mail.Message{
		ID: m.ID, From: mail.Address{Name: sh.Name, Email: tc.From}, To: mail.Address{Name: c.Name(), Email: *c.Email},
		Subject: r.Subject, Text: r.Text, HTML: r.HTML, Lang: d.Locale,
		Marketing: m.Kind == Marketing, UnsubscribeURL: unsubscribe, UnsubscribePost: unsubscribe != "",
		Headers: map[string]string{"X-Purna-Message": m.ID},
	}
	if e := sh.Brand.ContactEmail; e != "" {
		out.ReplyTo = &mail.Address{Name: sh.Name, Email: e}
	}
	return out, nil
}

// Render renders d's message from its template in the customer's language,
// and returns the unsubscribe link it carries ("" for transactional ones).
func (tc *TemplateComposer) Render(ctx context.Context, d *Draft) (message.Rendered, string, error) {
	tpl, err := tc.template(ctx, d.Shop.ID, message.Key(d.Message.Template), d.Locale)
	if err != nil {
		return message.Rendered{}, "", err
	}
	data, unsubscribe, err := tc.Data(ctx, d)
	if err != nil {
		return message.Rendered{}, "", err
	}
	r, err := tpl.Render(data)
	return r, unsubscribe, err
}

// Data is what d's message is written from: the shop's brand, the
// customer, the order, the product, the links. It returns the unsubscribe
// link too ("" for transactional messages).
func (tc *TemplateComposer) Data(ctx context.Context, d *Draft) (message.Data, string, error) {
	m, sh, c := d.Message, d.Shop, d.Customer
	key := message.Key(m.Template)
	facts := message.Facts{Order: d.Order}
	if needsProduct(key) {
		if d.Product == nil {
			return message.Data{}, "", ErrNothingToSay
		}
		facts.Product = d.Product
		facts.WarrantyEnds, facts.MaintenanceDue = d.WarrantyEnds, d.MaintenanceDue
	}
	if d.Order != nil && tc.TrackingURL != nil {
		facts.Links.TrackingPage = tc.TrackingURL(sh.ID, d.Order.ID)
	}
	if tc.PortalURL != nil {
		var orderID *purna.ID
		if d.Order != nil {
			orderID = &d.Order.ID
		}
		facts.Links.Portal = tc.PortalURL(sh.ID, c.ID, orderID)
	}
	if m.Facts.Case != nil {
		facts.Case = caseFacts(m.Facts.Case, d)
	} else if key == message.CaseUpdate || key == message.ServiceFollowup {
		// A case message started by an event that is not a case's.
		return message.Data{}, "", ErrNothingToSay
	}
	if kind, ok := surveyKinds[key]; ok {
		sd, err := tc.surveyData(ctx, d, kind)
		if err != nil {
			return message.Data{}, "", err
		}
		facts.Survey = sd
	}
	if key == message.ReviewReply {
		rd, err := tc.reviewReplyData(d)
		if err != nil {
			return message.Data{}, "", err
		}
		facts.ReviewReply = rd
	}
	if key == message.ReviewRequest {
		rd, err := tc.reviewData(ctx, d)
		if err != nil {
			return message.Data{}, "", err
		}
		facts.Review = rd
	}
	var unsubscribe string
	if key == message.WarrantyEnding {
		offer, err := tc.offerData(ctx, d)
		if err != nil {
			return message.Data{}, "", err
		}
		if offer != nil {
			facts.Offer = offer
			unsubscribe = tc.BaseURL + "/u/" + customer.UnsubscribeToken(tc.Secret, sh.ID, c.ID, customer.Channel(m.Channel))
			facts.Links.Unsubscribe = unsubscribe
		}
	}
	if m.Kind == Marketing {
		unsubscribe = tc.BaseURL + "/u/" + customer.UnsubscribeToken(tc.Secret, sh.ID, c.ID, customer.Channel(m.Channel))
		facts.Links.Unsubscribe = unsubscribe
	}
	return message.NewData(sh, d.Locale, message.CustomerOf(c), facts), unsubscribe, nil
}

// needsProduct: these messages are about one product.
func needsProduct(k message.Key) bool {
	return k == message.HowToOnboarding || k == message.WarrantyEnding || k == message.MaintenanceDue
}

// template returns the shop's edited template for key in locale, or the
// shipped one.
func (tc *TemplateComposer) template(ctx context.Context, shopID purna.ID, key message.Key, locale string) (*message.Compiled, error) {
	id := string(key) + "/" + locale
	if tc.Overrides != nil {
		st, err := tc.shopTemplates(ctx, shopID)
		if err != nil {
			return nil, err
		}
		if c, ok := st.compiled[id]; ok {
			return c, nil
		}
	}
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

// shopTemplates returns the shop's edited templates, compiled, reloading
// them when their version changed.
func (tc *TemplateComposer) shopTemplates(ctx context.Context, shopID purna.ID) (*shopTemplates, error) {
	tc.mu.Lock()
	st := tc.shops[shopID]
	tc.mu.Unlock()
	now := time.Now()
	if st != nil && now.Sub(st.checkedAt) < overridesTTL {
		return st, nil
	}
	v, err := tc.Overrides.TemplatesVersion(ctx, shopID)
	if err != nil {
		return nil, err
	}
	if st == nil || st.version != v {
		list, err := tc.Overrides.FindTemplates(ctx, shopID)
		if err != nil {
			return nil, err
		}
		st = &shopTemplates{version: v, compiled: map[string]*message.Compiled{}}
		for _, t := range list {
			c, err := message.Parse(t)
			if err != nil {
				// Saved templates were checked when saved; one that no
				// longer compiles (a newer Purna) falls back to the shipped.
				continue
			}
			st.compiled[string(t.Key)+"/"+t.Locale] = c
		}
	}
	next := &shopTemplates{version: st.version, compiled: st.compiled, checkedAt: now}
	tc.mu.Lock()
	if tc.shops == nil {
		tc.shops = map[purna.ID]*shopTemplates{}
	}
	tc.shops[shopID] = next
	tc.mu.Unlock()
	return next, nil
}

// caseSteps name what a case action did, as message.CaseData.Step says.
var caseSteps = map[string]string{
	"open": "opened", "approve": "approved", "reject": "rejected", "send_back": "sent_back", "receive": "received",
	"ship": "shipped", "resolve": "resolved", "diagnose": "diagnosed", "quote": "quoted", "accept_quote": "quote_accepted",
	"decline_quote": "quote_declined", "repair": "repaired", "return_to_customer": "returned", "complete": "done",
	"reschedule": "rescheduled", "cancel": "cancelled", "close": "closed",
}

// caseFacts turns a case event's data into what message formats: the
// lines named from the order, or from the product for items bought
// elsewhere.
func caseFacts(c *CaseFacts, d *Draft) *message.CaseFacts {
	f := &message.CaseFacts{Number: c.Number, Kind: c.Kind, Status: c.Status, Step: caseSteps[c.Action],
		Resolution: c.Resolution, Reason: c.Reason, Tracking: c.Tracking}
	if f.Step == "" {
		f.Step = c.Action
	}
	if d.Order != nil {
		f.Currency = d.Order.Currency
	}
	if a := c.Amount; a != nil {
		f.Refund, f.Currency = a.Amount, cmp.Or(a.Currency, f.Currency)
	}
	for _, l := range c.Lines {
		var name string
		if d.Order != nil && l.OrderLineID != nil {
			for _, ol := range d.Order.Lines {
				if ol.ID == *l.OrderLineID {
					name = ol.Name
				}
			}
		}
		if name == "" && d.Product != nil && l.ProductID != nil && *l.ProductID == d.Product.ID {
			name = d.Product.Name
		}
		f.Lines = append(f.Lines, message.CaseLineData{Name: name, Quantity: l.Quantity})
	}
	if r := c.Repair; r != nil && !r.InWarranty && r.Total > 0 {
		q := &message.QuoteFacts{Labour: r.LabourMinutes * r.LabourRate / 60, Total: r.Total}
		for _, p := range r.Parts {
			q.Parts = append(q.Parts, message.QuotePartFacts{Name: p.Name, Quantity: p.Quantity, UnitPrice: p.UnitPrice})
		}
		f.Quote, f.Currency = q, cmp.Or(r.Currency, f.Currency)
	}
	if b := c.Booking; b != nil {
		f.Booking = &message.BookingFacts{Location: b.Location, StartsAt: b.StartsAt}
	}
	return f
}

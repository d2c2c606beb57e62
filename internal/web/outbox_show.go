package web

import (
	"context"
	"mime"
	"net/http"
	netmail "net/mail"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
)

// outboxShowView is the data of one message's page.
type outboxShowView struct {
	layout
	ID      string
	Row     messageRow
	Heading string
	Channel string
	// Customer and Order are nil when the record is gone.
	Customer                  *customerCard
	OrderNumber, OrderURL     string
	Created, Due, Sent        string
	Attempts                  string
	Email                     *emailView
	NoEmail                   string // why there is no email to show
	NoEmailIcon, NoEmailTitle string
}

// emailView is an email as the customer's mail program got it.
type emailView struct {
	From, To, Subject, Received string
	// HTML goes into a sandboxed iframe's srcdoc as a plain string:
	// html/template escapes it as an attribute value, and the sandbox
	// (no allow-scripts, no allow-same-origin) keeps it from running code
	// or reaching the UI's cookies.
	HTML string
	Text string
}

// handleOutboxShow handles "GET /outbox/{id}". A message of another shop is
// not found, like one that does not exist.
func (s *Server) handleOutboxShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx, l := r.Context(), v.lang
	id := r.PathValue("id")
	if s.outbox == nil || !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Message not found."))
		return
	}
	m, err := s.findMessage(ctx, v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	row := newMessageRow(l, m)
	d := outboxShowView{
		layout: s.layout(r, v, row.Template, "outbox"),
		ID:     m.ID, Row: row, Heading: row.Template, Channel: l.T("channel." + m.Channel),
		Created: l.DateTime(m.CreatedAt), Attempts: l.Number(m.Attempts),
	}
	if m.Channel == "" {
		d.Channel = l.T("channel.email")
	}
	if m.SentAt != nil {
		d.Sent = l.DateTime(*m.SentAt)
	}
	if m.Status == journey.Queued {
		d.Due = l.DateTime(m.DueAt)
	}
	c, err := s.customers.FindByID(ctx, v.shop.ID, m.CustomerID)
	if err != nil && purna.ErrorCode(err) != purna.ENOTFOUND {
		s.error(w, r, v, err)
		return
	}
	if c != nil {
		name := customerName(l, c.Name())
		d.Customer = &customerCard{Name: name, Initials: initials(name), URL: "/customers/" + c.ID,
			Email: deref(c.Email), Phone: deref(c.Phone)}
	}
	if m.OrderID != nil {
		o, err := s.orders.FindByID(ctx, v.shop.ID, *m.OrderID)
		if err != nil && purna.ErrorCode(err) != purna.ENOTFOUND {
			s.error(w, r, v, err)
			return
		}
		if o != nil {
			d.OrderNumber, d.OrderURL = o.Number, "/orders/"+o.ID
		}
	}
	if rc := s.caughtEmail(m.ID); rc != nil {
		d.Email = &emailView{From: addresses(rc.Header.Get("From")), To: addresses(rc.Header.Get("To")),
			Subject: rc.Subject, Received: l.DateTime(rc.Time), HTML: rc.HTML, Text: rc.Text}
	} else {
		switch {
		case m.Status != journey.Sent && m.Status != journey.Unknown:
			d.NoEmailIcon, d.NoEmailTitle, d.NoEmail = "send", l.T("outbox.preview_not_sent_title"), l.T("outbox.preview_not_sent")
		case s.mailbox == nil:
			d.NoEmailIcon, d.NoEmailTitle, d.NoEmail = "mail", l.T("outbox.preview_not_kept_title"), l.T("outbox.preview_not_kept")
		default:
			d.NoEmailIcon, d.NoEmailTitle, d.NoEmail = "inbox", l.T("outbox.preview_gone_title"), l.T("outbox.preview_gone")
		}
	}
	s.render(w, r, http.StatusOK, "outbox_show", d)
}

// findMessage returns the shop's message id, or ENOTFOUND.
func (s *Server) findMessage(ctx context.Context, shopID, id purna.ID) (*journey.Message, error) {
	return s.outbox.FindMessageByID(ctx, shopID, id)
}

// caughtEmail returns the newest email the mailbox holds for outbox
// message id, whose Message-ID is "<id@host>", or nil.
func (s *Server) caughtEmail(id purna.ID) *mail.Received {
	if s.mailbox == nil {
		return nil
	}
	msgs := s.mailbox.Messages()
	prefix := "<" + id + "@"
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.HasPrefix(strings.TrimSpace(msgs[i].Header.Get("Message-Id")), prefix) {
			return &msgs[i]
		}
	}
	return nil
}

// addresses writes an address header for people: "Toko Sari
// <halo@tokosari.id>", with RFC 2047 names decoded and without quotes. A
// header it cannot parse is shown decoded as far as it goes.
func addresses(h string) string {
	list, err := netmail.ParseAddressList(h)
	if err != nil {
		var dec mime.WordDecoder
		if out, err := dec.DecodeHeader(h); err == nil {
			return out
		}
		return h
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Address
		if a.Name != "" {
			out[i] = a.Name + " <" + a.Address + ">"
		}
	}
	return strings.Join(out, ", ")
}

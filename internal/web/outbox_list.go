package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
)

// outboxListView is the data of the outbox: every message journeys send,
// newest first.
type outboxListView struct {
	layout
	Heading  string
	Form     outboxListForm
	Statuses []option
	Table    messageTable
	Pager    pager
	Filtered bool
}

// outboxListForm is the filter form, as sent.
type outboxListForm struct {
	Status, Customer string
}

// messageTable is a table of outbox messages. Compact (on a customer's
// page) leaves out the recipient and the kind.
type messageTable struct {
	L       lang
	Rows    []messageRow
	Compact bool
}

// messageRow is an outbox message in a list.
type messageRow struct {
	URL                              string
	Time, Ago, ISO                   string
	Recipient                        string
	Customer, CustomerURL            string
	Template                         string
	Kind, KindLabel                  string
	Status, StatusLabel, Icon        string
	Reason, Due                      string
	Subject                          string
	SubjectMissing, RecipientMissing bool
}

// messageStatuses is the order of the status filter: the way a message
// goes, then the ways it can end.
var messageStatuses = []journey.MessageStatus{journey.Queued, journey.Sending, journey.Sent, journey.Failed,
	journey.Skipped, journey.Unknown}

// messageStatusIcons marks each status's badge.
var messageStatusIcons = map[journey.MessageStatus]string{
	journey.Queued: "clock", journey.Sending: "send", journey.Sent: "check", journey.Failed: "x",
	journey.Skipped: "ban", journey.Unknown: "alert",
}

// knownTemplates are the message templates with a translated name; any
// other key (a merchant's own) is shown as it is.
var knownTemplates = []string{"order_confirmation", "order_shipped", "out_for_delivery", "order_delivered",
	"delivery_late", "howto_onboarding", "survey_nps", "survey_csat", "survey_ces", "review_request", "review_reply", "warranty_ending",
	"maintenance_due", "winback"}

// templateName is the merchant's name for a message template.
func templateName(l lang, key string) string {
	if slices.Contains(knownTemplates, key) {
		return l.T("template." + key)
	}
	return key
}

// messageTime is when a message went out, or else when it was made.
func messageTime(m *journey.Message) time.Time {
	if m.SentAt != nil {
		return *m.SentAt
	}
	return m.CreatedAt
}

func newMessageRow(l lang, m *journey.Message) messageRow {
	at := messageTime(m)
	row := messageRow{
		URL: "/outbox/" + m.ID, Time: l.DateTime(at), Ago: l.Ago(at), ISO: at.UTC().Format(time.RFC3339),
		Recipient: m.Recipient, CustomerURL: "/customers/" + m.CustomerID, Template: templateName(l, m.Template),
		Kind: string(m.Kind), KindLabel: l.T("kind." + string(m.Kind)),
		Status: string(m.Status), StatusLabel: l.T("message.status." + string(m.Status)),
		Icon: messageStatusIcons[m.Status], Subject: m.Subject,
	}
	if m.Status != journey.Sent {
		row.Reason = m.Reason
	}
	if m.Status == journey.Queued && m.DueAt.After(l.now) {
		row.Due = l.T("outbox.due", "when", l.Ago(m.DueAt))
	}
	if row.Subject == "" {
		row.Subject, row.SubjectMissing = l.T("outbox.not_written"), true
	}
	if row.Recipient == "" {
		row.Recipient, row.RecipientMissing = l.T("outbox.no_recipient"), true
	}
	return row
}

// newMessageTable makes the rows of msgs, with their customers' names.
func (s *Server) newMessageTable(ctx context.Context, v *viewer, msgs []*journey.Message, compact bool) (messageTable, error) {
	l := v.lang
	t := messageTable{L: l, Compact: compact}
	names := map[purna.ID]string{}
	for _, m := range msgs {
		row := newMessageRow(l, m)
		if !compact {
			name, ok := names[m.CustomerID]
			if !ok {
				c, err := s.customers.FindByID(ctx, v.shop.ID, m.CustomerID)
				if err != nil && purna.ErrorCode(err) != purna.ENOTFOUND {
					return t, err
				}
				if c != nil {
					name = customerName(l, c.Name())
				}
				names[m.CustomerID] = name
			}
			row.Customer = name
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// outboxPageSize is the number of messages an outbox page shows.
const outboxPageSize = 50

// handleOutboxList handles "GET /outbox". ?status= and ?customer= filter
// the list.
func (s *Server) handleOutboxList(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.outbox == nil {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Page not found."))
		return
	}
	ctx, l, q := r.Context(), v.lang, r.URL.Query()
	form := outboxListForm{Status: q.Get("status"), Customer: q.Get("customer")}
	cursor, _ := pageCursors(q)
	f := journey.MessageFilter{ShopID: v.shop.ID, Cursor: cursor, Limit: outboxPageSize}
	if st := journey.MessageStatus(form.Status); slices.Contains(messageStatuses, st) {
		f.Status = &st
	} else {
		form.Status = ""
	}
	data := outboxListView{layout: s.layout(r, v, l.T("outbox.title"), "outbox"), Heading: l.T("outbox.title")}
	if purna.ValidID(form.Customer) {
		c, err := s.customers.FindByID(ctx, v.shop.ID, form.Customer)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		f.CustomerID = &c.ID
		data.Heading = l.T("outbox.of_customer", "name", customerName(l, c.Name()))
	} else {
		form.Customer = ""
	}
	msgs, next, err := s.outbox.FindMessages(ctx, f)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	if data.Table, err = s.newMessageTable(ctx, v, msgs, false); err != nil {
		s.error(w, r, v, err)
		return
	}
	data.Form = form
	data.Filtered = form != outboxListForm{}
	data.Pager = newPager(r, l, len(msgs), -1, outboxPageSize, next)
	data.Statuses = []option{{Value: "", Label: l.T("orders.all_statuses")}}
	for _, st := range messageStatuses {
		data.Statuses = append(data.Statuses, option{Value: string(st), Label: l.T("message.status." + string(st)),
			Selected: string(st) == form.Status})
	}
	s.render(w, r, http.StatusOK, "outbox_list", data)
}

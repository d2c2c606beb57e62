package web

import (
	"net/http"
	"net/url"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/order"
)

// customerShowView is the data of a customer's page.
type customerShowView struct {
	layout
	ID, Name, Initials, Since string
	Email, Phone              string
	Location, Language        string
	Consents                  []consentRow
	Stats                     []amountRow
	Orders                    orderTable
	OrdersTotal               int
	AllOrdersURL              string
	// ShowMessages is set when there is an outbox to list from.
	ShowMessages       bool
	Messages           messageTable
	AllMessagesURL     string
	Events             []eventRow
	MoreURL, NewestURL string
}

type consentRow struct {
	Channel string
	Granted bool
	Status  string
	Detail  string
}

// Page sizes of the customer page.
const (
	customerOrders = 5
	customerMsgs   = 5
	timelinePage   = 20
)

// handleCustomerShow handles "GET /customers/{id}". ?events=<cursor>
// shows older timeline entries; the "load more" script appends them.
func (s *Server) handleCustomerShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx, l := r.Context(), v.lang
	id := r.PathValue("id")
	if !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Customer not found."))
		return
	}
	c, err := s.customers.FindByID(ctx, v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	cursor := r.URL.Query().Get("events")
	if !validCursor(cursor) {
		cursor = ""
	}
	events, err := s.customers.Timeline(ctx, v.shop.ID, c.ID, cursor, timelinePage)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	orders, err := s.orders.Find(ctx, order.Filter{ShopID: v.shop.ID, CustomerID: &c.ID, Limit: customerOrders})
	if err != nil {
		s.error(w, r, v, err)
		return
	}

	name := customerName(l, c.Name())
	d := customerShowView{
		layout: s.layout(r, v, name, "customers"),
		ID:     c.ID, Name: name, Initials: initials(name), Since: l.T("customer.since", "date", l.Date(c.CreatedAt)),
		Email: deref(c.Email), Phone: deref(c.Phone), Location: joinNonEmpty(", ", c.City, c.Province, c.Country),
		OrdersTotal: orders.Total,
	}
	if c.Locale != "" {
		d.Language = langNames[c.Locale]
	}
	for _, cons := range c.Consents {
		row := consentRow{Channel: l.T("channel." + string(cons.Channel)), Granted: cons.Granted,
			Status: l.T("consent.withdrawn"), Detail: l.T("consent.detail", "date", l.Date(cons.UpdatedAt), "source", cons.Source)}
		if cons.Granted {
			row.Status = l.T("consent.granted")
		}
		d.Consents = append(d.Consents, row)
	}
	spent := func(n int64) string { return l.Money(n, v.shop.Currency) }
	none := l.T("customer.none")
	avg := none
	if c.OrdersCount > 0 {
		avg = spent(c.TotalSpent / c.OrdersCount)
	}
	first, last := none, none
	if c.FirstOrderAt != nil {
		first = l.Date(*c.FirstOrderAt)
	}
	if c.LastOrderAt != nil {
		last = l.Date(*c.LastOrderAt)
	}
	d.Stats = []amountRow{
		{Label: l.T("customer.orders"), Amount: l.Number(int(c.OrdersCount))},
		{Label: l.T("customer.total_spent"), Amount: spent(c.TotalSpent)},
		{Label: l.T("customer.average"), Amount: avg},
		{Label: l.T("customer.first_order"), Amount: first},
		{Label: l.T("customer.last_order"), Amount: last},
	}
	d.Orders = orderTable{L: l, HideCustomer: true}
	for _, o := range orders.Items {
		d.Orders.Rows = append(d.Orders.Rows, newOrderRow(l, o))
	}
	if orders.Total > len(orders.Items) {
		d.AllOrdersURL = localPath("/orders", url.Values{"customer": {c.ID}})
	}
	if s.outbox != nil {
		msgs, next, err := s.outbox.FindMessages(ctx, journey.MessageFilter{ShopID: v.shop.ID, CustomerID: &c.ID,
			Limit: customerMsgs})
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		d.ShowMessages = true
		if d.Messages, err = s.newMessageTable(ctx, v, msgs, true); err != nil {
			s.error(w, r, v, err)
			return
		}
		if next != "" {
			d.AllMessagesURL = localPath("/outbox", url.Values{"customer": {c.ID}})
		}
	}
	for _, e := range events.Items {
		d.Events = append(d.Events, eventRowOf(l, factOf(e)))
	}
	if events.Next != "" {
		d.MoreURL = localPath(r.URL.Path, url.Values{"events": {events.Next}}) + "#timeline"
	}
	if cursor != "" {
		d.NewestURL = r.URL.Path + "#timeline"
	}
	s.render(w, r, http.StatusOK, "customer_show", d)
}

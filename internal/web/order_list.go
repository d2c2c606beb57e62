package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
)

// orderListView is the data of the orders list.
type orderListView struct {
	layout
	Form     orderListForm
	Statuses []option
	Sources  []option
	Table    orderTable
	Count    string
	Pager    pager
	Filtered bool
	Heading  string
}

// orderListForm is the search and filter form, as sent.
type orderListForm struct {
	Q, Status, Source, From, To, Customer string
}

// orderTable is a table of orders. Compact leaves out the source column,
// HideCustomer the customer (on the customer's own page).
type orderTable struct {
	L            lang
	Rows         []orderRow
	Compact      bool
	HideCustomer bool
}

// orderRow is an order in a list.
type orderRow struct {
	URL, Number, Date, Ago, Customer, CustomerURL, Status, StatusLabel, Total, Source string
}

func newOrderRow(l lang, o *order.Order) orderRow {
	row := orderRow{
		URL: "/orders/" + o.ID, Number: o.Number, Date: l.DateTime(o.PlacedAt), Ago: l.Ago(o.PlacedAt),
		Customer: o.CustomerName, Status: string(o.Status), StatusLabel: l.T("status." + string(o.Status)),
		Total: l.Money(o.Total, o.Currency), Source: sourceName(o.Source),
	}
	if o.CustomerID != nil {
		row.CustomerURL = "/customers/" + *o.CustomerID
	}
	if row.Customer == "" {
		row.Customer = o.Email
	}
	if row.Customer == "" {
		row.Customer = l.T("orders.guest")
	}
	return row
}

// orderPageSize is the number of orders a list page shows.
const orderPageSize = 50

// handleOrderList handles "GET /orders".
func (s *Server) handleOrderList(w http.ResponseWriter, r *http.Request, v *viewer) {
	l, q := v.lang, r.URL.Query()
	form := orderListForm{
		Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Source: q.Get("source"),
		From: q.Get("from"), To: q.Get("to"), Customer: q.Get("customer"),
	}
	cursor, _ := pageCursors(q)
	f := order.Filter{ShopID: v.shop.ID, Query: form.Q, Source: form.Source, Cursor: cursor, Limit: orderPageSize}
	if st := order.Status(form.Status); slices.Contains(order.Statuses, st) {
		f.Status = &st
	} else {
		form.Status = ""
	}
	if t, ok := parseDay(form.From, l.loc); ok {
		f.PlacedFrom = &t
	} else {
		form.From = ""
	}
	if t, ok := parseDay(form.To, l.loc); ok {
		end := t.AddDate(0, 0, 1) // the "until" day is included
		f.PlacedTo = &end
	} else {
		form.To = ""
	}
	data := orderListView{layout: s.layout(r, v, l.T("orders.title"), "orders"), Heading: l.T("orders.title")}
	if purna.ValidID(form.Customer) {
		c, err := s.customers.FindByID(r.Context(), v.shop.ID, form.Customer)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		f.CustomerID = &c.ID
		data.Heading = l.T("orders.of_customer", "name", customerName(l, c.Name()))
	} else {
		form.Customer = ""
	}
	page, err := s.orders.Find(r.Context(), f)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	data.Form = form
	data.Filtered = form != orderListForm{}
	data.Count = l.N("orders.count", page.Total)
	data.Pager = newPager(r, l, len(page.Items), page.Total, orderPageSize, page.Next)
	data.Statuses = []option{{Value: "", Label: l.T("orders.all_statuses")}}
	for _, st := range order.Statuses {
		data.Statuses = append(data.Statuses, option{Value: string(st), Label: l.T("status." + string(st)),
			Selected: string(st) == form.Status})
	}
	data.Sources = []option{{Value: "", Label: l.T("orders.all_sources")}}
	sources := knownSources
	if form.Source != "" && !slices.Contains(sources, form.Source) {
		sources = append(slices.Clip(sources), form.Source)
	}
	for _, src := range sources {
		data.Sources = append(data.Sources, option{Value: src, Label: sourceName(src), Selected: src == form.Source})
	}
	data.Table = orderTable{L: l}
	for _, o := range page.Items {
		data.Table.Rows = append(data.Table.Rows, newOrderRow(l, o))
	}
	s.render(w, r, http.StatusOK, "order_list", data)
}

// parseDay reads a date input's "2006-01-02" as the start of that day in loc.
func parseDay(s string, loc *time.Location) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	return t, err == nil
}

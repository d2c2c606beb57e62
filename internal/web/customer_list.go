package web

import (
	"net/http"
	"strings"

	"github.com/purnajual/purna/internal/customer"
)

// customerListView is the data of the customers list.
type customerListView struct {
	layout
	Q     string
	Rows  []customerRow
	Count string
	Pager pager
}

type customerRow struct {
	URL, Name, Initials, Email, Phone, Orders, Spent, LastOrder, LastOrderAgo string
}

// customerPageSize is the number of customers a list page shows.
const customerPageSize = 50

// handleCustomerList handles "GET /customers".
func (s *Server) handleCustomerList(w http.ResponseWriter, r *http.Request, v *viewer) {
	l, q := v.lang, r.URL.Query()
	cursor, _ := pageCursors(q)
	search := strings.TrimSpace(q.Get("q"))
	page, err := s.customers.Find(r.Context(), customer.Filter{ShopID: v.shop.ID, Query: search, Cursor: cursor,
		Limit: customerPageSize})
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d := customerListView{
		layout: s.layout(r, v, l.T("customers.title"), "customers"), Q: search,
		Count: l.N("customers.count", page.Total),
		Pager: newPager(r, l, len(page.Items), page.Total, customerPageSize, page.Next),
	}
	for _, c := range page.Items {
		name := customerName(l, c.Name())
		row := customerRow{URL: "/customers/" + c.ID, Name: name, Initials: initials(name),
			Email: deref(c.Email), Phone: deref(c.Phone), Orders: l.Number(int(c.OrdersCount)),
			Spent: l.Money(c.TotalSpent, v.shop.Currency), LastOrder: l.T("customer.none")}
		if c.LastOrderAt != nil {
			row.LastOrder, row.LastOrderAgo = l.Date(*c.LastOrderAt), l.Ago(*c.LastOrderAt)
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "customer_list", d)
}

// customerName is name, or a translated stand-in for customers known only
// by email or phone.
func customerName(l lang, name string) string {
	if strings.TrimSpace(name) == "" {
		return l.T("customer.unnamed")
	}
	return name
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

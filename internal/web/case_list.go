package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
)

// caseListView is the data of the case inbox.
type caseListView struct {
	layout
	Form      caseListForm
	Kinds     []option
	Statuses  []option
	Assignees []option
	Rows      []caseRow
	Count     string
	Pager     pager
	Filtered  bool
}

// caseListForm is the inbox's search and filters, as sent.
type caseListForm struct {
	Q, Kind, Status, Assignee string
	Overdue                   bool
}

// caseRow is a case in the inbox.
type caseRow struct {
	URL, Number, Kind, KindLabel, Status, StatusLabel string
	Customer, CustomerURL, Order, OrderURL            string
	Age, Created, Due, Assignee                       string
	Overdue                                           bool
}

// casePageSize is the number of cases an inbox page shows.
const casePageSize = 50

// handleCaseList handles "GET /cases": every kind of case in one list,
// newest first, with filters that stay in the address.
func (s *Server) handleCaseList(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.cases == nil {
		s.error(w, r, v, caseNotFound())
		return
	}
	l, q, ctx := v.lang, r.URL.Query(), r.Context()
	form := caseListForm{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Status: q.Get("status"),
		Assignee: q.Get("assignee"), Overdue: q.Get("overdue") == "1"}
	cursor, _ := pageCursors(q)
	f := cases.Filter{ShopID: v.shop.ID, Query: form.Q, Overdue: form.Overdue, Now: l.now, Cursor: cursor, Limit: casePageSize}
	if k := cases.Kind(form.Kind); slices.Contains(cases.Kinds, k) {
		f.Kind = &k
	} else {
		form.Kind = ""
	}
	if st := cases.Status(form.Status); slices.Contains(cases.Statuses, st) {
		f.Status = &st
	} else {
		form.Status = ""
	}
	switch form.Assignee {
	case "mine":
		me := v.userID()
		f.AssigneeID = &me
	case "unassigned":
		f.Unassigned = true
	default:
		form.Assignee = ""
	}

	total := -1
	page, err := s.cases.Find(ctx, v.agent(), f)
	if page != nil {
		total = page.Total
	}
	if err != nil {
		s.error(w, r, v, err)
		return
	}

	d := caseListView{layout: s.layout(r, v, l.T("cases.title"), "cases"), Form: form, Filtered: form != caseListForm{}}
	if total >= 0 {
		d.Count = l.N("cases.count", total)
	}
	d.Pager = newPager(r, l, len(page.Items), total, casePageSize, page.Next)
	d.Kinds = []option{{Value: "", Label: l.T("cases.all_kinds")}}
	for _, k := range cases.Kinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: kindLabel(l, k), Selected: string(k) == form.Kind})
	}
	d.Statuses = []option{{Value: "", Label: l.T("cases.all_statuses")}}
	for _, st := range cases.Statuses {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: statusLabel(l, st), Selected: string(st) == form.Status})
	}
	for _, a := range []string{"", "mine", "unassigned"} {
		key := map[string]string{"": "cases.assignee_all", "mine": "cases.assignee_mine", "unassigned": "cases.assignee_none"}[a]
		d.Assignees = append(d.Assignees, option{Value: a, Label: l.T(key), Selected: a == form.Assignee})
	}

	var custIDs, orderIDs []purna.ID
	for _, c := range page.Items {
		custIDs = append(custIDs, c.CustomerID)
		if c.OrderID != nil {
			orderIDs = append(orderIDs, *c.OrderID)
		}
	}
	names, err := s.customerNames(ctx, l, v.shop.ID, custIDs)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	numbers := map[purna.ID]string{}
	if len(orderIDs) > 0 {
		os, err := s.orders.FindByIDs(ctx, v.shop.ID, orderIDs)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		for _, o := range os {
			numbers[o.ID] = o.Number
		}
	}
	for _, c := range page.Items {
		row := caseRow{URL: "/cases/" + c.ID, Number: c.Number, Kind: string(c.Kind), KindLabel: kindLabel(l, c.Kind),
			Status: string(c.Status), StatusLabel: statusLabel(l, c.Status), Customer: names[c.CustomerID],
			CustomerURL: "/customers/" + c.CustomerID, Age: l.Ago(c.CreatedAt), Created: l.DateTime(c.CreatedAt),
			Assignee: assigneeLabel(l, v, c.AssigneeID)}
		if row.Customer == "" {
			row.Customer = customerName(l, "")
		}
		if c.OrderID != nil {
			row.Order, row.OrderURL = numbers[*c.OrderID], "/orders/"+*c.OrderID
		}
		row.Due, row.Overdue = dueText(l, c)
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "case_list", d)
}

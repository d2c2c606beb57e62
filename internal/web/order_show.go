package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/timeline"
)

// orderShowView is the data of an order's page.
type orderShowView struct {
	layout
	Number, Status, StatusLabel, Total string
	Placed, PlacedAgo, Origin          string
	CancelReason                       string
	Customer                           *customerCard
	Lines                              []lineRow
	Totals                             []amountRow
	Address                            []string
	Shipments                          []shipmentView
	Events                             []eventRow
	// AfterSales is what each line allows today and the cases on the
	// order; nil when the case pages are off.
	AfterSales *afterSalesView
}

// customerCard is the order's customer in the side column.
type customerCard struct {
	Name, Initials, URL, Email, Phone string
}

type lineRow struct {
	SKU, Name, Qty, UnitPrice, Total string
	Serials                          []string
}

type amountRow struct {
	Label, Amount string
	Total         bool
}

// shipmentView is a parcel with its scans, newest first.
type shipmentView struct {
	Title, Carrier, TrackingNumber, TrackingURL string
	Status, StatusLabel                         string
	Promised, Shipped, Delivered                string
	Late                                        bool
	Scans                                       []scanRow
}

type scanRow struct {
	Time, ISO, Status, StatusLabel, Location, Description string
}

// handleOrderShow handles "GET /orders/{id}". An order of another shop is
// not found, like one that does not exist.
func (s *Server) handleOrderShow(w http.ResponseWriter, r *http.Request, v *viewer) {
	id := r.PathValue("id")
	if !purna.ValidID(id) {
		s.error(w, r, v, purna.Errorf(purna.ENOTFOUND, "Order not found."))
		return
	}
	o, err := s.orders.FindByID(r.Context(), v.shop.ID, id)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	s.renderOrderShow(w, r, v, o, http.StatusOK, openPrefill(r.URL.Query()))
}

// openPrefill reads ?line=…&kind=…&note=… (a follow-up's suggested remedy
// links here) into the case form of that line, open and filled in.
func openPrefill(q url.Values) openState {
	line := q.Get("line")
	if !purna.ValidID(line) {
		return openState{}
	}
	note := []rune(strings.TrimSpace(q.Get("note")))
	if len(note) > 200 {
		note = note[:200]
	}
	return openState{Vals: url.Values{"line": {line}, "kind": {q.Get("kind")}, "quantity": {"1"}, "note": {string(note)}}}
}

// renderOrderShow writes the page of order o; st is what the form that
// opens a case sent back, if it did not go through.
func (s *Server) renderOrderShow(w http.ResponseWriter, r *http.Request, v *viewer, o *order.Order, status int, st openState) {
	l := v.lang
	money := func(n int64) string { return l.Money(n, o.Currency) }
	d := orderShowView{
		layout: s.layout(r, v, l.T("order.title", "number", o.Number), "orders"),
		Number: o.Number, Status: string(o.Status), StatusLabel: l.T("status." + string(o.Status)),
		Total: money(o.Total), Placed: l.DateTime(o.PlacedAt), PlacedAgo: l.Ago(o.PlacedAt),
		Origin:       l.T("order.source", "source", sourceName(o.Source), "ref", o.ExternalID),
		CancelReason: o.CancelReason,
	}
	if o.CustomerID != nil {
		c, err := s.customers.FindByID(r.Context(), v.shop.ID, *o.CustomerID)
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		name := customerName(l, c.Name())
		d.Customer = &customerCard{Name: name, Initials: initials(name), URL: "/customers/" + c.ID,
			Email: o.Email, Phone: o.Phone}
	}
	for _, ln := range o.Lines {
		d.Lines = append(d.Lines, lineRow{SKU: ln.SKU, Name: ln.Name, Qty: l.Number(int(ln.Quantity)),
			UnitPrice: money(ln.UnitPrice), Total: money(ln.Total), Serials: ln.SerialNumbers})
	}
	d.Totals = append(d.Totals, amountRow{Label: l.T("order.subtotal"), Amount: money(o.Subtotal)})
	if o.Discount != 0 {
		d.Totals = append(d.Totals, amountRow{Label: l.T("order.discount"), Amount: money(-o.Discount)})
	}
	d.Totals = append(d.Totals, amountRow{Label: l.T("order.shipping"), Amount: money(o.Shipping)})
	if o.Tax != 0 {
		d.Totals = append(d.Totals, amountRow{Label: l.T("order.tax"), Amount: money(o.Tax)})
	}
	d.Totals = append(d.Totals, amountRow{Label: l.T("order.total"), Amount: money(o.Total), Total: true})
	a := o.Address
	for _, part := range []string{a.Name, a.Address, joinNonEmpty(", ", a.City, a.Province, a.Postal), a.Country} {
		if strings.TrimSpace(part) != "" {
			d.Address = append(d.Address, part)
		}
	}
	for i, sh := range o.Shipments {
		d.Shipments = append(d.Shipments, newShipmentView(l, i+1, sh))
	}
	d.Events = orderHistory(l, o)
	as, err := s.afterSales(r, v, o, st)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d.AfterSales = as
	s.render(w, r, status, "order_show", d)
}

func newShipmentView(l lang, n int, sh *order.Shipment) shipmentView {
	sv := shipmentView{
		Title: l.T("ship.parcel", "n", n), Carrier: sh.Carrier, TrackingNumber: sh.TrackingNumber,
		TrackingURL: safeURL(sh.TrackingURL), Status: string(sh.Status), StatusLabel: l.T("ship." + string(sh.Status)),
		Late: sh.Late(l.now),
	}
	if sh.PromisedAt != nil {
		sv.Promised = l.Date(*sh.PromisedAt)
	}
	if sh.ShippedAt != nil {
		sv.Shipped = l.DateTime(*sh.ShippedAt)
	}
	if sh.DeliveredAt != nil {
		sv.Delivered = l.DateTime(*sh.DeliveredAt)
	}
	for i := len(sh.Events) - 1; i >= 0; i-- {
		e := sh.Events[i]
		sv.Scans = append(sv.Scans, scanRow{Time: l.DateTime(e.OccurredAt), ISO: e.OccurredAt.Format(time.RFC3339),
			Status: string(e.Status), StatusLabel: l.T("ship." + string(e.Status)), Location: e.Location,
			Description: e.Description})
	}
	return sv
}

// orderHistory reads the order's story off its own times and parcels, the
// same facts its timeline events record, newest first. It works for orders
// without a customer, whose events no customer timeline shows.
func orderHistory(l lang, o *order.Order) []eventRow {
	var facts []fact
	add := func(t timeline.Type, at *time.Time, carrier, tracking string) {
		if at != nil {
			facts = append(facts, fact{Type: t, At: *at, Carrier: carrier, Tracking: tracking})
		}
	}
	add(timeline.OrderPlaced, &o.PlacedAt, "", "")
	add(timeline.OrderPaid, o.PaidAt, "", "")
	add(timeline.OrderFulfilled, o.FulfilledAt, "", "")
	for _, sh := range o.Shipments {
		add(timeline.ShipmentShipped, sh.ShippedAt, sh.Carrier, sh.TrackingNumber)
		add(timeline.ShipmentDelivered, sh.DeliveredAt, sh.Carrier, sh.TrackingNumber)
	}
	add(timeline.OrderDelivered, o.DeliveredAt, "", "")
	add(timeline.OrderCancelled, o.CancelledAt, "", "")
	add(timeline.OrderRefunded, o.RefundedAt, "", "")
	slices.SortStableFunc(facts, func(a, b fact) int { return b.At.Compare(a.At) })
	rows := make([]eventRow, len(facts))
	for i, f := range facts {
		rows[i] = eventRowOf(l, f)
	}
	return rows
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

package web

import (
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/order"
)

// dashboardView is the data of the dashboard.
type dashboardView struct {
	layout
	Hello      string
	Subtitle   string
	Orders30   string
	Prev30     string
	Change     change
	Awaiting   statusCount
	InTransit  statusCount
	Late       int
	LateOrders []lateRow
	Statuses   []statusCount
	Chart      chart
	Recent     orderTable
	Empty      bool
	AfterSale  afterSaleKPIs
}

// change compares two periods.
type change struct {
	Dir  string // up, down, same or "" when there is nothing to compare
	Text string
}

// statusCount is the number of orders in one status, with a link to them.
type statusCount struct {
	Status, Label, URL string
	Count              int
	Share              float64 // percentage of all orders, for the bar
}

// lateRow is a parcel on the way past its promised date.
type lateRow struct {
	Number, URL, Customer, Carrier, Promised, Ago string
}

// handleDashboard handles "GET /".
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx, l, shopID := r.Context(), v.lang, v.shop.ID
	now := l.now
	count := func(f order.Filter) (int, error) {
		f.ShopID, f.Limit = shopID, 1
		p, err := s.orders.Find(ctx, f)
		if err != nil {
			return 0, err
		}
		return p.Total, nil
	}
	d := dashboardView{layout: s.layout(r, v, l.T("dash.title"), "dashboard")}
	if v.session.User != nil {
		d.Hello = l.T("dash.hello", "name", v.session.User.Name)
	}
	d.Subtitle = l.T("dash.subtitle", "shop", v.shop.Name)

	from30, from60 := now.Add(-30*24*time.Hour), now.Add(-60*24*time.Hour)
	cur, err := count(order.Filter{PlacedFrom: &from30, PlacedTo: &now})
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	prev, err := count(order.Filter{PlacedFrom: &from60, PlacedTo: &from30})
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d.Orders30, d.Prev30 = l.Number(cur), l.T("dash.prev_30d", "n", prev)
	d.Change = compare(l, cur, prev)

	total := 0
	for _, st := range order.Statuses {
		st := st
		n, err := count(order.Filter{Status: &st})
		if err != nil {
			s.error(w, r, v, err)
			return
		}
		sc := statusCount{Status: string(st), Label: l.T("status." + string(st)), Count: n,
			URL: localPath("/orders", url.Values{"status": {string(st)}})}
		d.Statuses = append(d.Statuses, sc)
		total += n
		switch st {
		case order.Paid:
			d.Awaiting = sc
		case order.Fulfilled:
			d.InTransit = sc
		}
	}
	for i := range d.Statuses {
		if total > 0 {
			d.Statuses[i].Share = math.Round(float64(d.Statuses[i].Count)*1000/float64(total)) / 10
		}
	}
	d.Empty = total == 0
	d.AfterSale = s.afterSaleKPIs(ctx, v, now)

	if d.Chart, err = s.weeklyChart(r, v, count); err != nil {
		s.error(w, r, v, err)
		return
	}
	recent, err := s.orders.Find(ctx, order.Filter{ShopID: shopID, Limit: 6})
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d.Recent = orderTable{L: l, Compact: true}
	for _, o := range recent.Items {
		d.Recent.Rows = append(d.Recent.Rows, newOrderRow(l, o))
	}
	if err := s.findLate(r, v, &d); err != nil {
		s.error(w, r, v, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", d)
}

func compare(l lang, cur, prev int) change {
	switch {
	case prev == 0 && cur == 0:
		return change{}
	case prev == 0:
		return change{Dir: "up", Text: l.T("dash.change_up", "pct", 100)}
	case cur == prev:
		return change{Dir: "same", Text: l.T("dash.change_same")}
	}
	pct := int(math.Round(math.Abs(float64(cur-prev)) * 100 / float64(prev)))
	if cur > prev {
		return change{Dir: "up", Text: l.T("dash.change_up", "pct", pct)}
	}
	return change{Dir: "down", Text: l.T("dash.change_down", "pct", pct)}
}

// findLate lists the parcels past their promised date, most overdue first.
func (s *Server) findLate(r *http.Request, v *viewer, d *dashboardView) error {
	page, err := s.orders.LateShipments(r.Context(), v.shop.ID, 5)
	if err != nil {
		return err
	}
	d.Late = page.Total
	for _, l := range page.Items {
		d.LateOrders = append(d.LateOrders, lateRow{Number: l.OrderNumber, URL: "/orders/" + l.OrderID,
			Customer: l.CustomerName, Carrier: l.Carrier, Promised: v.lang.Date(l.PromisedAt), Ago: v.lang.Ago(l.PromisedAt)})
	}
	return nil
}

// chart is a server-drawn SVG bar chart.
type chart struct {
	Width, Height int
	Bars          []bar
	Grid          []gridLine
	Baseline      float64
}

type bar struct {
	X, Y, W, H     float64
	LabelX, LabelY float64
	Label, Title   string
	Count          int
	Current        bool
}

type gridLine struct {
	Y     float64
	Label string
}

// weeklyChart counts the orders placed in each of the last 12 weeks, weeks
// starting on Monday in the shop's time zone.
func (s *Server) weeklyChart(r *http.Request, v *viewer, count func(order.Filter) (int, error)) (chart, error) {
	const weeks, width, height = 12, 640, 300
	const left, right, top, bottom = 36.0, 8.0, 12.0, 28.0
	l := v.lang
	local := l.now.In(l.loc)
	monday := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, l.loc)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	counts := make([]int, weeks)
	starts := make([]time.Time, weeks)
	maxCount := 0
	for i := range weeks {
		from := monday.AddDate(0, 0, -7*(weeks-1-i))
		to := from.AddDate(0, 0, 7)
		n, err := count(order.Filter{PlacedFrom: &from, PlacedTo: &to})
		if err != nil {
			return chart{}, err
		}
		counts[i], starts[i] = n, from
		maxCount = max(maxCount, n)
	}
	step, top0 := niceScale(maxCount)
	c := chart{Width: width, Height: height, Baseline: height - bottom}
	plotH := height - top - bottom
	for g := 0; g <= top0; g += step {
		y := height - bottom - float64(g)/float64(top0)*plotH
		c.Grid = append(c.Grid, gridLine{Y: y, Label: l.Number(g)})
	}
	slot := (width - left - right) / weeks
	for i, n := range counts {
		h := float64(n) / float64(top0) * plotH
		x := left + float64(i)*slot + slot*0.18
		c.Bars = append(c.Bars, bar{
			X: x, W: slot * 0.64, Y: height - bottom - h, H: h, Count: n,
			LabelX: x + slot*0.32, LabelY: height - 8,
			Label: i18n.DayMonth(l.Locale, starts[i], l.loc), Title: l.N("dash.week_bar", n, "date", l.Date(starts[i])),
			Current: i == weeks-1,
		})
	}
	return c, nil
}

// niceScale returns a grid step of 1, 2 or 5 × 10ⁿ and the axis top, a
// multiple of it, for values up to maxCount with about four lines.
func niceScale(maxCount int) (step, top int) {
	if maxCount <= 4 {
		return 1, 4
	}
	raw := float64(maxCount) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = int(m * mag)
			break
		}
	}
	top = (maxCount + step - 1) / step * step
	return step, top
}

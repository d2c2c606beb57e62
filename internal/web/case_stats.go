package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// caseStatsView is the data of the after-sales numbers.
type caseStatsView struct {
	layout
	Periods  []periodLink
	Range    string
	Products []productStatsRow
	Reasons  []reasonStatsRow
	Kinds    []kindStatsRow
	Empty    bool
}

// periodLink is a tab of the period switcher.
type periodLink struct {
	Label, URL string
	Current    bool
}

// productStatsRow is one product's figures; ReturnBar and ClaimBar are
// the widths of its bars, in percent of the largest rate shown.
type productStatsRow struct {
	Name, Sold, Returned, ReturnRate, Claimed, ClaimRate string
	Refunds, Replacements, Repairs, Cost                 string
	ReturnBar, ClaimBar                                  float64
}

type reasonStatsRow struct {
	Label, Units, Share string
	Bar                 float64
}

type kindStatsRow struct {
	Kind, Label, Opened, Resolved, Median string
}

// statsPeriods are the periods the numbers page offers, in days.
var statsPeriods = []int{30, 90, 365}

// handleCaseStats handles "GET /cases/stats?days=30|90|365": return and
// claim rates, reasons, time to resolve and costs from cases.Service.Stats
// over the last days, ending now.
func (s *Server) handleCaseStats(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.cases == nil {
		s.error(w, r, v, caseNotFound())
		return
	}
	l := v.lang
	days, _ := strconv.Atoi(r.URL.Query().Get("days"))
	if days != 30 && days != 365 {
		days = 90
	}
	// The period is whole days in the shop's zone, today included.
	local := l.now.In(l.loc)
	to := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, l.loc)
	from := to.AddDate(0, 0, -days)
	st, err := s.cases.Stats(r.Context(), v.shop.ID, from, to)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	pol, err := s.cases.Policies().Get(r.Context(), v.shop.ID)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d := caseStatsView{layout: s.layout(r, v, l.T("cases.stats.title"), "cases"),
		Range: l.T("cases.stats.range", "from", l.Date(from), "to", l.Date(to.Add(-time.Second)))}
	for _, n := range statsPeriods {
		d.Periods = append(d.Periods, periodLink{Label: l.T("cases.stats.days", "n", n),
			URL: localPath("/cases/stats", url.Values{"days": {strconv.Itoa(n)}}), Current: n == days})
	}
	money := func(n int64) string { return l.Money(n, v.shop.Currency) }
	var maxRate float64
	for _, p := range st.Products {
		maxRate = max(maxRate, p.ReturnRate, p.ClaimRate)
	}
	for _, p := range st.Products {
		name := p.Name
		if name == "" {
			name = l.T("cases.stats.unknown_product")
		}
		row := productStatsRow{Name: name, Sold: l.Number(int(p.Sold)), Returned: l.Number(int(p.Returned)),
			ReturnRate: percent(l, p.ReturnRate), Claimed: l.Number(int(p.Claimed)), ClaimRate: percent(l, p.ClaimRate),
			Refunds: money(p.RefundCost), Replacements: money(p.ReplacementCost), Repairs: money(p.RepairCost),
			Cost: money(p.RefundCost + p.ReplacementCost + p.RepairCost)}
		if maxRate > 0 {
			row.ReturnBar = math.Round(p.ReturnRate/maxRate*1000) / 10
			row.ClaimBar = math.Round(p.ClaimRate/maxRate*1000) / 10
		}
		d.Products = append(d.Products, row)
	}
	var maxShare float64
	for _, rs := range st.Reasons {
		maxShare = max(maxShare, rs.Share)
	}
	for _, rs := range st.Reasons {
		row := reasonStatsRow{Label: reasonWords(l, pol, rs.Reason), Units: l.Number(int(rs.Units)), Share: percent(l, rs.Share)}
		if rs.Reason == "" {
			row.Label = l.T("cases.stats.no_reason")
		}
		if maxShare > 0 {
			row.Bar = math.Round(rs.Share/maxShare*1000) / 10
		}
		d.Reasons = append(d.Reasons, row)
	}
	for _, k := range st.Kinds {
		row := kindStatsRow{Kind: string(k.Kind), Label: kindLabel(l, k.Kind), Opened: l.Number(k.Opened),
			Resolved: l.Number(k.Resolved), Median: "—"}
		if k.Resolved > 0 {
			row.Median = hoursText(l, k.MedianHours)
		}
		d.Kinds = append(d.Kinds, row)
	}
	d.Empty = len(d.Products) == 0 && len(d.Reasons) == 0 && len(d.Kinds) == 0
	s.render(w, r, http.StatusOK, "case_stats", d)
}

// percent writes a rate (0.125) as a percentage with at most one decimal
// in the page's language: "12.5%", "12,5%".
func percent(l lang, rate float64) string {
	s := strconv.FormatFloat(math.Round(rate*1000)/10, 'f', -1, 64)
	if l.Locale != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// hoursText writes a duration in hours as hours under two days, and as
// days beyond.
func hoursText(l lang, h float64) string {
	d := time.Duration(h * float64(time.Hour))
	if d < 48*time.Hour {
		return l.N("cases.stats.hours", int(math.Round(h)))
	}
	return l.N("cases.stats.days_n", int(math.Round(h/24)))
}

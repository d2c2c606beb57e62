package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/followup"
)

// followUpListView is the data of the follow-up inbox.
type followUpListView struct {
	layout
	Tabs     []periodLink
	Tab      string
	Rows     []followUpRow
	Count    string
	Pager    pager
	Stats    followUpStatsView
	Filtered bool
}

// followUpRow is a follow-up in the inbox.
type followUpRow struct {
	URL, Number, Status, StatusLabel string
	Customer, CustomerURL            string
	Trigger, Tone, Comment           string
	Age, Created, Due                string
	Overdue                          bool
}

// followUpStatsView is the inbox's "did we get back to them" block over
// the last 90 days.
type followUpStatsView struct {
	Range                       string
	Opened, Contacted, Resolved string
	Overdue, Median             string
	Remedies                    []remedyCount
	Improved, Reordered         string
	ImprovedHint                string
}

// remedyCount is how many follow-ups were resolved with one remedy.
type remedyCount struct {
	Remedy, Label, Count string
}

// followUpTabs are the inbox's filters: "todo" (open and contacted, the
// ones that still need an agent) is the default.
var followUpTabs = []string{"todo", "open", "contacted", "resolved", "closed", "all"}

// followUpPageSize is the number of follow-ups an inbox page shows.
const followUpPageSize = 50

// followUpStatsDays is the period of the inbox's stats block.
const followUpStatsDays = 90

// followUpNotFound is what every follow-up page answers for one that is
// not the shop's, or when the pages are off.
func followUpNotFound() error { return purna.Errorf(purna.ENOTFOUND, "Follow-up not found.") }

// followUpStatusLabel, followUpActionLabel, remedyLabel and outcomeLabel
// put the followup package's codes into the page's language.
func followUpStatusLabel(l lang, s followup.Status) string {
	return l.T("followups.status." + string(s))
}
func followUpActionLabel(l lang, a followup.Action) string {
	return l.T("followups.action." + string(a))
}
func remedyLabel(l lang, r followup.Remedy) string { return l.T("followups.remedy." + string(r)) }
func outcomeLabel(l lang, o followup.CallOutcome) string {
	return l.T("followups.outcome." + string(o))
}

// handleFollowUpList handles "GET /followups?status=todo|open|contacted|resolved|closed|all".
func (s *Server) handleFollowUpList(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.followups == nil {
		s.error(w, r, v, followUpNotFound())
		return
	}
	l, q, ctx := v.lang, r.URL.Query(), r.Context()
	tab := q.Get("status")
	if !slices.Contains(followUpTabs, tab) {
		tab = "todo"
	}
	cursor, _ := pageCursors(q)
	f := followup.Filter{ShopID: v.shop.ID, Cursor: cursor, Limit: followUpPageSize}
	switch tab {
	case "todo":
		f.OpenOnly = true
	case "all":
	default:
		st := followup.Status(tab)
		f.Status = &st
	}
	page, err := s.followups.Find(ctx, f)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d := followUpListView{layout: s.layout(r, v, l.T("followups.title"), "followups"), Tab: tab,
		Count: l.N("followups.count", page.Total), Filtered: tab != "todo"}
	d.Pager = newPager(r, l, len(page.Items), page.Total, followUpPageSize, page.Next)
	for _, t := range followUpTabs {
		u := "/followups"
		if t != "todo" {
			u = localPath(u, url.Values{"status": {t}})
		}
		d.Tabs = append(d.Tabs, periodLink{Label: l.T("followups.tab." + t), URL: u, Current: t == tab})
	}
	var custIDs []purna.ID
	for _, fu := range page.Items {
		custIDs = append(custIDs, fu.CustomerID)
	}
	names, err := s.customerNames(ctx, l, v.shop.ID, custIDs)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	for _, fu := range page.Items {
		row := followUpRow{URL: "/followups/" + fu.ID, Number: fu.Number, Status: string(fu.Status),
			StatusLabel: followUpStatusLabel(l, fu.Status), Customer: names[fu.CustomerID],
			CustomerURL: "/customers/" + fu.CustomerID, Trigger: triggerText(l, fu.Trigger, fu.Score),
			Comment: excerpt(fu.Comment, 120), Age: l.Ago(fu.CreatedAt), Created: l.DateTime(fu.CreatedAt),
			Due: l.DateTime(fu.DueAt), Overdue: fu.Overdue(l.now)}
		if row.Customer == "" {
			row.Customer = customerName(l, fu.Context.CustomerName)
		}
		d.Rows = append(d.Rows, row)
	}
	if d.Stats, err = s.followUpStats(r, v); err != nil {
		s.error(w, r, v, err)
		return
	}
	s.render(w, r, http.StatusOK, "followup_list", d)
}

// followUpStats words followup.Service.Stats over the last 90 days, in
// whole days of the shop's zone.
func (s *Server) followUpStats(r *http.Request, v *viewer) (followUpStatsView, error) {
	l := v.lang
	local := l.now.In(l.loc)
	to := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, l.loc)
	from := to.AddDate(0, 0, -followUpStatsDays)
	st, err := s.followups.Stats(r.Context(), v.shop.ID, from, to)
	if err != nil {
		return followUpStatsView{}, err
	}
	out := followUpStatsView{Range: l.T("followups.stats.range", "n", followUpStatsDays),
		Opened: l.Number(st.Opened), Contacted: l.Number(st.Contacted), Resolved: l.Number(st.Resolved),
		Overdue: l.Number(st.Overdue), Median: "—",
		Improved:     l.T("followups.stats.of", "n", st.Improved, "total", st.AnsweredLater),
		ImprovedHint: l.N("followups.stats.answered_later", st.AnsweredLater),
		Reordered:    l.T("followups.stats.of", "n", st.Reordered, "total", st.Opened),
	}
	if st.Contacted > 0 {
		out.Median = contactWait(l, st.MedianFirstContact)
	}
	for _, rem := range followup.Remedies {
		if n := st.ByRemedy[rem]; n > 0 {
			out.Remedies = append(out.Remedies, remedyCount{Remedy: string(rem), Label: remedyLabel(l, rem), Count: l.Number(n)})
		}
	}
	return out, nil
}

// contactWait writes a wait in minutes under an hour, then as hoursText
// does.
func contactWait(l lang, d time.Duration) string {
	if d < time.Hour {
		return l.N("journeys.minutes", int(math.Round(d.Minutes())))
	}
	return hoursText(l, d.Hours())
}

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/review"
)

// reviewListView is the data of the reviews inbox: the moderation queue
// first, the published and rejected reviews a tab away.
type reviewListView struct {
	layout
	Tab      string
	Tabs     []reviewTab
	Form     reviewListForm
	Rows     []reviewRow
	Count    string
	Pager    pager
	Filtered bool
	// Empty is set when the shop has no review at all yet; the page then
	// explains where reviews come from.
	Empty bool
}

// reviewTab is a status tab, with how many reviews it holds when that is
// cheap to tell.
type reviewTab struct {
	Key, Label, URL, Count string
	Current                bool
}

// reviewListForm is the inbox's search and filter, as sent.
type reviewListForm struct {
	Q   string
	Low bool
}

// reviewRow is a review in the inbox.
type reviewRow struct {
	URL               string
	Stars             reviewStars
	Product, Title    string
	Excerpt, Author   string
	Verified          bool
	Incentivised      bool
	Status            string
	StatusLabel       string
	Reasons           []string
	ReasonsLabel      string
	Date, ISO, Ago    string
	Reply, ReplyLabel string
	Photos            string
	HasPhotos         bool
}

// reviewTabs are the inbox's tabs; the moderation queue is the default.
var reviewTabs = []string{"pending", "published", "rejected", "all"}

// reviewPageSize is the number of reviews an inbox page shows.
const reviewPageSize = 25

// reviewListQuery reads the inbox's tab, search and filter from q.
func reviewListQuery(q url.Values) (string, reviewListForm) {
	tab := q.Get("status")
	if !slices.Contains(reviewTabs, tab) {
		tab = "pending"
	}
	form := reviewListForm{Q: strings.TrimSpace(q.Get("q")), Low: q.Get("low") == "1"}
	if r := []rune(form.Q); len(r) > 200 {
		form.Q = string(r[:200])
	}
	return tab, form
}

// url is the inbox's address for tab with the form's search and filter.
func (f reviewListForm) url(tab string) string {
	q := url.Values{}
	if tab != "pending" {
		q.Set("status", tab)
	}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Low {
		q.Set("low", "1")
	}
	return localPath("/reviews", q)
}

// filter is the service's filter for the shop's reviews on tab.
func (f reviewListForm) filter(shopID purna.ID, tab string) review.Filter {
	rf := review.Filter{ShopID: shopID, Query: f.Q}
	if f.Low {
		rf.MaxRating = 2
	}
	if tab != "all" {
		st := review.Status(tab)
		rf.Status = &st
	}
	return rf
}

// handleReviewList handles "GET /reviews?status=pending|published|rejected|all&low=1&q=…".
func (s *Server) handleReviewList(w http.ResponseWriter, r *http.Request, v *viewer) {
	if s.reviews == nil {
		s.error(w, r, v, reviewNotFound())
		return
	}
	l, q, ctx := v.lang, r.URL.Query(), r.Context()
	tab, form := reviewListQuery(q)
	f := form.filter(v.shop.ID, tab)
	f.Cursor, _ = pageCursors(q)
	f.Limit = reviewPageSize
	page, err := s.reviews.Find(ctx, f)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	d := reviewListView{layout: s.layout(r, v, l.T("reviews.title"), "reviews"), Tab: tab, Form: form,
		Filtered: form != reviewListForm{}, Count: l.N("reviews.count", page.Total)}
	d.Pager = newPager(r, l, len(page.Items), page.Total, reviewPageSize, page.Next)

	// The tabs' counts: one count per status on the (shop, status) index.
	// A text search scans, so with one only the open tab is counted.
	counts := map[string]int{tab: page.Total}
	if form.Q == "" {
		all := 0
		for _, t := range reviewTabs[:3] {
			if _, ok := counts[t]; !ok {
				st := review.Status(t)
				p, err := s.reviews.Find(ctx, review.Filter{ShopID: v.shop.ID, Status: &st, MaxRating: f.MaxRating, Limit: 1})
				if err != nil {
					s.error(w, r, v, err)
					return
				}
				counts[t] = p.Total
			}
			all += counts[t]
		}
		counts["all"] = all
		d.Empty = all == 0 && !d.Filtered
	}
	for _, t := range reviewTabs {
		rt := reviewTab{Key: t, Label: l.T("reviews.tab." + t), URL: form.url(t), Current: t == tab}
		if n, ok := counts[t]; ok {
			rt.Count = l.Number(n)
		}
		d.Tabs = append(d.Tabs, rt)
	}

	lines, err := s.reviewedLines(ctx, v.shop.ID, page.Items)
	if err != nil {
		s.error(w, r, v, err)
		return
	}
	for _, rv := range page.Items {
		ln, ok := lines[rv.ID]
		row := reviewRow{URL: "/reviews/" + rv.ID, Stars: newReviewStars(l, rv.Rating), Product: productLabel(l, ln, ok),
			Title: rv.Title, Excerpt: excerpt(rv.Body, 180), Author: reviewAuthor(l, rv), Verified: rv.Verified,
			Incentivised: rv.Incentivised, Status: string(rv.Status), StatusLabel: reviewStatusLabel(l, rv.Status),
			Reasons: reviewReasons(l, rv), Date: l.DateTime(rv.CreatedAt), ISO: rv.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
			Ago: l.Ago(rv.CreatedAt), HasPhotos: len(rv.Photos) > 0}
		row.Reply, row.ReplyLabel = replyState(l, rv)
		if row.HasPhotos {
			row.Photos = l.N("reviews.photos_n", len(rv.Photos))
		}
		if len(row.Reasons) > 0 {
			row.ReasonsLabel = l.T("reviews.waits_because")
			if rv.Status == review.Rejected {
				row.ReasonsLabel = l.T("reviews.rejected_because")
			}
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "review_list", d)
}

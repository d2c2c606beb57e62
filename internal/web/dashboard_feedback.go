package web

import (
	"context"
	"time"

	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/survey"
)

// afterSaleKPIs are the dashboard's feedback figures: how customers feel
// (NPS over 90 days), who waits for a call back, and what reviews wait to
// be read. A part whose service is off is left out (Show false).
type afterSaleKPIs struct {
	Show bool
	// NPS is "+41" and NPSAnswers how many answers it rests on; NPS is ""
	// when there are none yet.
	HasNPS     bool
	NPS        string
	NPSAnswers int
	HasFollow  bool
	FollowUps  int
	Overdue    int
	HasReviews bool
	Pending    int
}

// afterSaleKPIs reads the feedback figures for the dashboard. They are a
// glance, not the page: a failure leaves its tile out rather than failing
// the dashboard.
func (s *Server) afterSaleKPIs(ctx context.Context, v *viewer, now time.Time) afterSaleKPIs {
	var k afterSaleKPIs
	if s.surveys != nil {
		t, err := s.surveys.Headline(ctx, v.shop.ID, survey.NPS, now.Add(-90*24*time.Hour), now.Add(time.Second))
		if err == nil {
			k.HasNPS, k.NPSAnswers = true, t.N()
			if t.N() > 0 {
				k.NPS = npsText(t.Value())
			}
		}
	}
	if s.followups != nil {
		page, err := s.followups.Find(ctx, followup.Filter{ShopID: v.shop.ID, OpenOnly: true, Limit: 100})
		if err == nil {
			k.HasFollow, k.FollowUps = true, page.Total
			for _, f := range page.Items {
				if f.Overdue(now) {
					k.Overdue++
				}
			}
		}
	}
	if s.reviews != nil {
		st := review.Pending
		page, err := s.reviews.Find(ctx, review.Filter{ShopID: v.shop.ID, Status: &st, Limit: 1})
		if err == nil {
			k.HasReviews, k.Pending = true, page.Total
		}
	}
	k.Show = k.HasNPS || k.HasFollow || k.HasReviews
	return k
}

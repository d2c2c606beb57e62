package survey_test

import (
	"context"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
)

// TestHeadline: the dashboard's count by score gives the same NPS as the
// results page's full read, and leaves out answers outside the range and
// of other kinds.
func TestHeadline(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := testfix.MustStore(t, d)
		sh := testfix.Shop(t, s, nil)
		clock := purna.SystemClock{}
		secret := []byte("headline secret, thirty-two byte")
		svc := survey.NewService(sqlstore.Surveys{Store: s}, clock, secret)
		orders := order.NewService(sqlstore.Orders{Store: s}, clock)
		for i, score := range []int{0, 7, 7, 9, 9, 9} {
			res, err := orders.Ingest(ctx, sh, testfix.OrderInput("H-"+string(rune('A'+i)), time.Now().Add(-time.Hour)))
			if err != nil {
				t.Fatal(err)
			}
			l := survey.Link{ShopID: sh.ID, CustomerID: *res.Order.CustomerID, Kind: survey.NPS, OrderID: &res.Order.ID}
			if _, err := svc.Answer(ctx, l.Token(secret), score, "id"); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				l.Kind = survey.CSAT
				if _, err := svc.Answer(ctx, l.Token(secret), 1, "id"); err != nil {
					t.Fatal(err)
				}
			}
		}
		now := time.Now()
		h, err := svc.Headline(ctx, sh.ID, survey.NPS, now.Add(-time.Hour), now.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		r, err := svc.Results(ctx, survey.ResultsFilter{ShopID: sh.ID, Kind: survey.NPS, From: now.Add(-time.Hour), To: now.Add(time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		if h.N() != 6 || *h.NPS != *r.Overall.NPS || h.NPS.Promoters != 3 {
			t.Fatalf("headline %+v, results %+v", h.NPS, r.Overall.NPS)
		}
		if h, _ := svc.Headline(ctx, sh.ID, survey.NPS, now.Add(-48*time.Hour), now.Add(-24*time.Hour)); h.N() != 0 {
			t.Fatalf("answers outside the range counted: %d", h.N())
		}
	})
}

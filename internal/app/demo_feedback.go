package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/survey"
)

// Words the demo's customers wrote, by how they felt. The demo shop is
// Indonesian, and so are its customers.
var (
	demoPromoterWords = []string{"Pengiriman cepat, barang sesuai deskripsi.", "Pelayanannya ramah, pasti beli lagi.",
		"Admin fast response, mantap!", "Kualitas bagus untuk harganya.", "Packing rapi dan aman sampai tujuan.", ""}
	demoPassiveWords = []string{"Barangnya oke, tapi pengiriman agak lama.", "Lumayan, kardusnya sedikit penyok.",
		"Sesuai harga.", ""}
	demoDetractorWords = []string{"Paket terlambat empat hari dan tidak ada kabar.", "Warna tidak sesuai foto.",
		"Blender bunyi keras setelah seminggu dipakai.", "CS lambat membalas chat.", ""}
	demoReviews = map[int][][2]string{
		5: {{"Mantap!", "Barang original, berfungsi dengan baik. Pengiriman juga cepat."}, {"Sangat puas", "Sudah dipakai dua minggu, tidak ada masalah sama sekali."},
			{"Recommended", "Kualitas bagus, sesuai deskripsi. Terima kasih seller."}},
		4: {{"Bagus", "Barang bagus, hanya saja manual book-nya bahasa Inggris."}, {"Oke", "Sesuai harga, pengiriman agak lama."}},
		3: {{"Biasa saja", "Fungsinya oke, tapi bahannya terasa tipis."}},
		2: {{"Kurang puas", "Ada goresan di bagian samping waktu barang datang."}},
		1: {{"Kecewa", "Barang mati setelah tiga hari dipakai."}},
	}
)

// seedDemoFeedback gives the demo shop half a year of survey answers and
// product reviews on its delivered orders, so the feedback pages show
// trends on the first start, and a few unhappy answers of the last days
// with their follow-ups, one of them already resolved. History is written
// as it would have been recorded then; the recent answers go through the
// services like any others.
func (a *App) seedDemoFeedback(ctx context.Context, shopID, agentID purna.ID) (answers, reviews, followups int, err error) {
	rng := rand.New(rand.NewPCG(1, 5))
	now := a.Clock.Now()
	journeys, err := a.Journeys.Store.FindJourneys(ctx, shopID)
	if err != nil {
		return 0, 0, 0, err
	}
	var npsJourney *purna.ID
	for _, j := range journeys {
		if j.Key == "survey_nps" {
			id := j.ID
			npsJourney = &id
		}
	}
	delivered := order.Delivered
	from := now.AddDate(0, -6, 0)
	to := now.AddDate(0, 0, -6)
	surveys, revs := sqlstore.Surveys{Store: a.Store}, sqlstore.Reviews{Store: a.Store}
	f := order.Filter{ShopID: shopID, Status: &delivered, PlacedFrom: &from, PlacedTo: &to, Limit: 200}
	for {
		page, err := a.Orders.Find(ctx, f)
		if err != nil {
			return answers, reviews, followups, err
		}
		ids := make([]purna.ID, 0, len(page.Items))
		for _, o := range page.Items {
			ids = append(ids, o.ID)
		}
		orders, err := a.Orders.FindByIDs(ctx, shopID, ids)
		if err != nil {
			return answers, reviews, followups, err
		}
		err = surveys.InTx(ctx, func(tx survey.Tx) error {
			for _, o := range orders {
				if o.CustomerID == nil || o.DeliveredAt == nil || rng.Float64() > 0.32 {
					continue
				}
				at := o.DeliveredAt.Add(72*time.Hour + time.Duration(rng.IntN(48))*time.Hour)
				if at.After(now) {
					continue // not asked yet
				}
				score := demoNPS(rng)
				words := demoPromoterWords
				switch {
				case score <= 6:
					words = demoDetractorWords
				case score <= 8:
					words = demoPassiveWords
				}
				oid := o.ID
				r := &survey.Response{ID: purna.NewID(at), ShopID: shopID, CustomerID: *o.CustomerID, Kind: survey.NPS, OrderID: &oid,
					JourneyID: npsJourney, Source: o.Source, Score: score, Comment: words[rng.IntN(len(words))],
					Answers: map[string]string{}, Locale: "id", CreatedAt: at, UpdatedAt: at}
				if err := tx.SaveResponse(ctx, r); err != nil {
					return err
				}
				answers++
			}
			return nil
		})
		if err != nil {
			return answers, reviews, followups, err
		}
		err = revs.InTx(ctx, func(tx review.Tx) error {
			for _, o := range orders {
				if o.CustomerID == nil || o.DeliveredAt == nil || len(o.Lines) == 0 || rng.Float64() > 0.18 {
					continue
				}
				l := o.Lines[rng.IntN(len(o.Lines))]
				if l.ProductID == nil {
					continue
				}
				if _, err := tx.FindCustomerReview(ctx, shopID, *o.CustomerID, *l.ProductID); err == nil {
					continue
				}
				at := o.DeliveredAt.Add(7*24*time.Hour + time.Duration(rng.IntN(120))*time.Hour)
				if at.After(now) {
					continue
				}
				rating := demoRating(rng)
				words := demoReviews[rating][rng.IntN(len(demoReviews[rating]))]
				cust, oid, lid := *o.CustomerID, o.ID, l.ID
				rv := &review.Review{ID: purna.NewID(at), ShopID: shopID, ProductID: *l.ProductID, CustomerID: &cust, OrderID: &oid,
					OrderLineID: &lid, Rating: rating, Title: words[0], Body: words[1], AuthorName: demoAuthor(o), Locale: "id",
					Photos: []string{}, Verified: true, Status: review.Published, Reasons: []string{}, CreatedAt: at, PublishedAt: &at,
					UpdatedAt: at}
				if rating <= 3 || rng.IntN(4) == 0 {
					rv.Reply = &review.Reply{Body: "Terima kasih atas ulasannya, Kak! Kami akan terus memperbaiki layanan kami.",
						Public: true, AuthorID: agentID, RepliedAt: at.Add(5 * time.Hour)}
				}
				if reviews%180 == 7 {
					// A few wait in the moderation queue, held for a link as
					// the default rules hold them.
					rv.Body += " Lebih murah di tokosebelah.co.id, cek deh."
					rv.Status, rv.Reasons, rv.PublishedAt, rv.Reply = review.Pending, []string{review.ReasonLink}, nil, nil
				}
				if err := tx.SaveReview(ctx, rv); err != nil {
					return err
				}
				reviews++
			}
			return nil
		})
		if err != nil {
			return answers, reviews, followups, err
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	followups, err = a.seedDemoFollowUps(ctx, shopID, agentID)
	return answers, reviews, followups, err
}

// seedDemoFollowUps answers three recent NPS surveys unhappily through
// the survey service, opens their follow-ups (as the timeline reactor
// would a moment later) and resolves the first.
func (a *App) seedDemoFollowUps(ctx context.Context, shopID, agentID purna.ID) (int, error) {
	delivered := order.Delivered
	from := a.Clock.Now().AddDate(0, 0, -9)
	page, err := a.Orders.Find(ctx, order.Filter{ShopID: shopID, Status: &delivered, PlacedFrom: &from, Limit: 40})
	if err != nil {
		return 0, err
	}
	scores := []int{2, 5, 6}
	comments := []string{"Barang datang rusak, kardusnya basah.", "Kurir tidak menelepon dulu, paket dititip tetangga.", ""}
	opened := 0
	for i := len(page.Items) - 1; i >= 0 && opened < len(scores); i-- {
		o := page.Items[i]
		if o.CustomerID == nil {
			continue
		}
		oid := o.ID
		l := survey.Link{ShopID: shopID, CustomerID: *o.CustomerID, Kind: survey.NPS, OrderID: &oid}
		token := a.Surveys.LinkToken(l)
		r, err := a.Surveys.Answer(ctx, token, scores[opened], "id")
		if err != nil {
			return opened, fmt.Errorf("demo survey answer: %w", err)
		}
		if c := comments[opened]; c != "" {
			if _, err := a.Surveys.AddComment(ctx, token, survey.Comment{Comment: c}); err != nil {
				return opened, err
			}
		}
		fu, err := a.FollowUps.Open(ctx, followup.Trigger{ShopID: shopID, CustomerID: *o.CustomerID, OrderID: &oid,
			Source: followup.FromSurvey, SourceID: r.ID, Kind: string(survey.NPS), Score: r.Score, Comment: comments[opened]})
		if err != nil {
			return opened, fmt.Errorf("demo follow-up: %w", err)
		}
		if opened == 0 {
			agent := cases.Agent(agentID)
			if _, err := a.FollowUps.Act(ctx, shopID, fu.ID, agent, followup.Contact, followup.ActInput{Note: "Telepon: minta foto kardus."}); err != nil {
				return opened, err
			}
			if _, err := a.FollowUps.Act(ctx, shopID, fu.ID, agent, followup.Resolve,
				followup.ActInput{Remedy: followup.Replacement, Note: "Barang pengganti dikirim."}); err != nil {
				return opened, err
			}
		}
		opened++
	}
	return opened, nil
}

// demoNPS draws a score like a good Indonesian e-commerce shop's: about
// 55% promoters, 30% passives, 15% detractors.
func demoNPS(rng *rand.Rand) int {
	switch p := rng.Float64(); {
	case p < 0.35:
		return 10
	case p < 0.55:
		return 9
	case p < 0.72:
		return 8
	case p < 0.85:
		return 7
	case p < 0.90:
		return 6
	case p < 0.94:
		return 5
	default:
		return rng.IntN(5)
	}
}

// demoRating draws a star rating: most reviews are good ones.
func demoRating(rng *rand.Rand) int {
	switch p := rng.Float64(); {
	case p < 0.58:
		return 5
	case p < 0.82:
		return 4
	case p < 0.91:
		return 3
	case p < 0.96:
		return 2
	default:
		return 1
	}
}

// demoAuthor signs a review "Siti R." from the order's shipping name.
func demoAuthor(o *order.Order) string {
	name := []rune(o.Address.Name)
	for i, r := range name {
		if r == ' ' && i+1 < len(name) {
			return string(name[:i+2]) + "."
		}
	}
	return string(name)
}

package journey

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/timeline"
)

// ReviewAsks is what review requests need to know: the shop's incentive,
// which products of an order the customer may still be asked about, and
// how many requests they had lately. sqlstore.Reviews implements it.
type ReviewAsks interface {
	FindSettings(ctx context.Context, shopID purna.ID) (*review.Settings, error)
	// ReviewCandidates returns the order's products the customer has not
	// reviewed and was not asked about by another run, in the order's
	// order; only those among only when it is not empty.
	ReviewCandidates(ctx context.Context, shopID, customerID, orderID purna.ID, runID *purna.ID, only []purna.ID) ([]ReviewCandidate, error)
	// CountReviewRequests counts the review requests sent to the customer
	// since, on any channel.
	CountReviewRequests(ctx context.Context, shopID, customerID purna.ID, since time.Time) (int, error)
}

// ReviewCandidate is a product a review request may ask about.
type ReviewCandidate struct {
	ProductID purna.ID
	Name      string
}

// The limits of review requests: at most ReviewCap in ReviewCapWindow per
// customer, and at most reviewProducts products in one.
const (
	ReviewCap       = 5
	ReviewCapWindow = 30 * 24 * time.Hour
	reviewProducts  = 5
)

var (
	errReviewCap = &SkipError{Reason: "capped: " + strconv.Itoa(ReviewCap) + " review requests in 30 days"}
	errReviewed  = &SkipError{Reason: "answered: every product was reviewed or asked about already"}
)

// reviewData is a review request's products, each with five one-click
// star links to its form, signed for this customer, order and product.
// One product is asked about once per customer; the reminder leaves out
// what was reviewed meanwhile.
func (tc *TemplateComposer) reviewData(ctx context.Context, d *Draft) (*message.ReviewRequestData, error) {
	m := d.Message
	if m.OrderID == nil || tc.Reviews == nil {
		return nil, ErrNothingToSay
	}
	if !m.Facts.Reminder {
		n, err := tc.Reviews.CountReviewRequests(ctx, d.Shop.ID, d.Customer.ID, m.DueAt.Add(-ReviewCapWindow))
		if err != nil {
			return nil, err
		}
		if n >= ReviewCap {
			return nil, errReviewCap
		}
	}
	cands, err := tc.Reviews.ReviewCandidates(ctx, d.Shop.ID, d.Customer.ID, *m.OrderID, m.RunID, m.Facts.ProductIDs)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, errReviewed
	}
	settings, err := tc.Reviews.FindSettings(ctx, d.Shop.ID)
	if err != nil {
		return nil, err
	}
	rd := &message.ReviewRequestData{Reminder: m.Facts.Reminder, Incentive: settings.Incentive[d.Locale]}
	for _, c := range cands[:min(len(cands), reviewProducts)] {
		form := tc.BaseURL + "/r/" + review.FormLink{ShopID: d.Shop.ID, CustomerID: d.Customer.ID, OrderID: *m.OrderID,
			ProductID: c.ProductID}.Token(tc.Secret)
		p := message.ReviewProductData{Name: c.Name, URL: form}
		for s := 1; s <= 5; s++ {
			p.Stars = append(p.Stars, message.ScoreLink{Score: s, URL: form + "?rating=" + strconv.Itoa(s)})
		}
		rd.Products = append(rd.Products, p)
	}
	return rd, nil
}

// reviewReplyData is the shop's reply to the customer's review, from the
// event that told of it, with the link to the product's reviews page.
func (tc *TemplateComposer) reviewReplyData(d *Draft) (*message.ReviewReplyData, error) {
	rr := d.Message.Facts.ReviewReply
	if rr == nil || d.Product == nil {
		return nil, ErrNothingToSay
	}
	out := &message.ReviewReplyData{Product: d.Product.Name, Rating: rr.Rating, Review: rr.Review, Reply: rr.Reply, Public: rr.Public}
	if rr.Public {
		out.PageURL = tc.BaseURL + "/w/" + d.Shop.ID + "/products/" + url.PathEscape(d.Product.SKU)
	}
	return out, nil
}

// reviewDefaults are the review journeys: the request a week after
// delivery (or the product's own delay), when the product has been used,
// with one reminder; and the
// shop's reply to a review, public or private, brought to the customer.
func reviewDefaults() []Journey {
	day := 24 * time.Hour
	send := Step{Send: &Send{Template: string(message.ReviewRequest), Channel: "email"}}
	return []Journey{
		// review.due comes once per order and moment: a week after
		// delivery, or the product's own delay (review.ScheduleRequests).
		{Key: "review_request", Name: "Review request a week after delivery, one reminder", Kind: Transactional,
			Trigger: review.Due, Reentry: EveryTime, ExitOn: []timeline.Type{CaseOpened},
			Steps: []Step{{Wait: &Wait{Anchor: "review_at"}}, send, {Wait: &Wait{Duration: Duration(5 * day)}}, send}},
		{Key: "review_reply", Name: "The shop's reply to a review", Kind: Transactional,
			Trigger: review.Replied, Reentry: EveryTime,
			Steps: []Step{{Send: &Send{Template: string(message.ReviewReply), Channel: "email"}}}},
	}
}

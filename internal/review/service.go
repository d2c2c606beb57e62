package review

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/signed"
	"github.com/purnajual/purna/internal/timeline"
)

// Timeline events of reviews. Their data: review_id, product_id, rating,
// status, unhappy (1 or 2 stars), title and body.
const (
	// Submitted is a new review, or a customer's change of theirs.
	Submitted timeline.Type = "review.submitted"
	// PublishedType and RejectedType are the shop's moderation.
	PublishedType timeline.Type = "review.published"
	RejectedType  timeline.Type = "review.rejected"
	// Replied is the shop's reply, public or private.
	Replied timeline.Type = "review.replied"
)

// Settings are a shop's review settings.
type Settings struct {
	Rules Rules `json:"rules"`
	// Incentive is the shop's offer for leaving any review (a coupon,
	// points), per locale, shown in review requests. It never depends on
	// the rating, and reviews written while it is on are marked
	// incentivised.
	Incentive map[string]string `json:"incentive,omitempty"`
}

// DefaultSettings are a new shop's.
func DefaultSettings() Settings { return Settings{Rules: DefaultRules()} }

// Validate checks s. EINVALID names the field.
func (s *Settings) Validate() error {
	var p purna.Problems
	for loc, text := range s.Incentive {
		f := "incentive." + loc
		switch {
		case !purna.ValidLocale(loc):
			p.Add(f, "must be id, en or ro")
		case utf8.RuneCountInString(text) > 200:
			p.Add(f, "is longer than 200 characters")
		}
		s.Incentive[loc] = strings.TrimSpace(text)
	}
	return p.Err()
}

// Incentivised reports whether reviews written now are incentivised.
func (s *Settings) Incentivised() bool {
	for _, v := range s.Incentive {
		if v != "" {
			return true
		}
	}
	return false
}

// FormLink is what a review form link is for: one customer reviewing one
// product of one order. Signed as a whole, it cannot be turned into a
// review of another product or by another customer.
type FormLink struct {
	ShopID, CustomerID, OrderID, ProductID purna.ID
}

const formPurpose = "review-form:"

// Token signs l with secret.
func (l FormLink) Token(secret []byte) string {
	return signed.Encode(secret, formPurpose, l.ShopID, l.CustomerID, l.OrderID, l.ProductID)
}

// ParseFormToken checks a token made by FormLink.Token. EINVALID.
func ParseFormToken(secret []byte, token string) (FormLink, error) {
	p, ok := signed.Decode(secret, formPurpose, token, 4)
	if !ok || !purna.ValidID(p[0]) || !purna.ValidID(p[1]) || !purna.ValidID(p[2]) || !purna.ValidID(p[3]) {
		return FormLink{}, purna.Errorf(purna.EINVALID, "This review link is not valid.")
	}
	return FormLink{ShopID: p[0], CustomerID: p[1], OrderID: p[2], ProductID: p[3]}, nil
}

// Purchase is an order line of the customer's with the product: what
// makes a review verified.
type Purchase struct {
	OrderLineID purna.ID
	Delivered   bool
}

// Store is what reviews need from storage. sqlstore.Reviews implements it.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	// FindReviewByID returns ENOTFOUND.
	FindReviewByID(ctx context.Context, shopID, id purna.ID) (*Review, error)
	// FindReviews returns a page, newest first, the next cursor and the
	// total.
	FindReviews(ctx context.Context, f Filter) ([]*Review, string, int, error)
	// FindHistogram counts the product's published reviews by rating
	// (all products' when productID is nil): [0] is one star.
	FindHistogram(ctx context.Context, shopID purna.ID, productID *purna.ID) ([5]int, error)
	// FindSettings returns the shop's settings; DefaultSettings when it
	// has none.
	FindSettings(ctx context.Context, shopID purna.ID) (*Settings, error)
	SaveSettings(ctx context.Context, shopID purna.ID, s *Settings, now time.Time) error
	// FindPurchase returns the line of the customer's order with the
	// product. ENOTFOUND when the order is not theirs or lacks it.
	FindPurchase(ctx context.Context, shopID, customerID, orderID, productID purna.ID) (*Purchase, error)
}

// Tx is Store inside a transaction.
type Tx interface {
	FindReviewByID(ctx context.Context, shopID, id purna.ID) (*Review, error)
	// FindCustomerReview returns the customer's review of the product.
	// ENOTFOUND.
	FindCustomerReview(ctx context.Context, shopID, customerID, productID purna.ID) (*Review, error)
	// FindAnonymousReview returns a review without a customer of the
	// product with exactly this body, written since. ENOTFOUND.
	FindAnonymousReview(ctx context.Context, shopID, productID purna.ID, body string, since time.Time) (*Review, error)
	// SaveReview creates r or updates the review with its ID.
	SaveReview(ctx context.Context, r *Review) error
	AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error)
}

// Filter selects reviews, newest first.
type Filter struct {
	ShopID     purna.ID
	Status     *Status
	ProductID  *purna.ID
	CustomerID *purna.ID
	// MaxRating keeps reviews of at most this many stars.
	MaxRating int
	Query     string
	Cursor    string
	Limit     int
	// Offset pages published reviews for the widget (page × size).
	Offset int
}

// Service takes reviews in, moderates them and publishes them. The
// portal's form, the agent UI, the API and the widget call it.
type Service struct {
	store  Store
	clock  purna.Clock
	secret []byte
}

// NewService returns a Service that checks form links signed with secret.
func NewService(store Store, clock purna.Clock, secret []byte) *Service {
	return &Service{store: store, clock: clock, secret: secret}
}

// FormToken signs a form link.
func (s *Service) FormToken(l FormLink) string { return l.Token(s.secret) }

// ParseFormToken checks a form link's token. EINVALID.
func (s *Service) ParseFormToken(token string) (FormLink, error) {
	return ParseFormToken(s.secret, token)
}

// Submit takes the review the form link's customer wrote. A bot's form
// (the honeypot filled in) gets an answer that looks the same and stores
// nothing. Sending the same review again changes nothing; changing it
// puts it through moderation again. EINVALID names the field; a link for
// an order without the product is EINVALID too.
func (s *Service) Submit(ctx context.Context, token string, in NewReview) (*Review, error) {
	l, err := s.ParseFormToken(token)
	if err != nil {
		return nil, err
	}
	if in.IsSpam() {
		return &Review{Status: Pending, Rating: in.Rating}, nil
	}
	in.Title, in.Body, in.AuthorName = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.AuthorName)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	buy, err := s.store.FindPurchase(ctx, l.ShopID, l.CustomerID, l.OrderID, l.ProductID)
	if err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return nil, purna.Errorf(purna.EINVALID, "This review link is not valid.")
		}
		return nil, err
	}
	settings, err := s.store.FindSettings(ctx, l.ShopID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *Review
	err = s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.FindCustomerReview(ctx, l.ShopID, l.CustomerID, l.ProductID)
		switch {
		case err == nil:
			if r.Rating == in.Rating && r.Title == in.Title && r.Body == in.Body && r.AuthorName == in.AuthorName &&
				slices.Equal(r.Photos, nonNil(in.Photos)) {
				out = r // a second submit of the same review
				return nil
			}
		case purna.ErrorCode(err) == purna.ENOTFOUND:
			cust, order := l.CustomerID, l.OrderID
			r = &Review{ID: purna.NewID(now), ShopID: l.ShopID, ProductID: l.ProductID, CustomerID: &cust, OrderID: &order,
				CreatedAt: now, Incentivised: settings.Incentivised()}
		default:
			return err
		}
		line := buy.OrderLineID
		r.OrderLineID, r.Verified = &line, true
		r.Rating, r.Title, r.Body, r.AuthorName, r.Locale, r.Photos = in.Rating, in.Title, in.Body, in.AuthorName, in.Locale,
			nonNil(in.Photos)
		r.Status, r.Reasons = Decide(settings.Rules, r)
		r.PublishedAt, r.UpdatedAt = nil, now
		if r.Status == Published {
			r.PublishedAt = &now
		}
		if err := tx.SaveReview(ctx, r); err != nil {
			return err
		}
		if _, err := tx.AppendEvents(ctx, []timeline.Event{r.event(Submitted, now)}); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SubmitUnverified takes a review of a product from someone the shop
// does not know (no order), which only a shop that allows them accepts
// (Rules.AllowUnverified; EFORBIDDEN otherwise). A bot's form stores
// nothing; the same text for the same product again within a day is the
// same review. EINVALID names the field.
func (s *Service) SubmitUnverified(ctx context.Context, shopID, productID purna.ID, in NewReview) (*Review, error) {
	if in.IsSpam() {
		return &Review{Status: Pending, Rating: in.Rating}, nil
	}
	settings, err := s.store.FindSettings(ctx, shopID)
	if err != nil {
		return nil, err
	}
	if !settings.Rules.AllowUnverified {
		return nil, purna.Errorf(purna.EFORBIDDEN, "This shop takes reviews from its customers' orders only.")
	}
	in.Title, in.Body, in.AuthorName = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.AuthorName)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *Review
	err = s.store.InTx(ctx, func(tx Tx) error {
		if dup, err := tx.FindAnonymousReview(ctx, shopID, productID, in.Body, now.Add(-24*time.Hour)); err == nil {
			out = dup // a second submit of the same text
			return nil
		} else if purna.ErrorCode(err) != purna.ENOTFOUND {
			return err
		}
		r := &Review{ID: purna.NewID(now), ShopID: shopID, ProductID: productID, Rating: in.Rating, Title: in.Title,
			Body: in.Body, AuthorName: in.AuthorName, Locale: in.Locale, Photos: nonNil(in.Photos),
			Incentivised: settings.Incentivised(), CreatedAt: now, UpdatedAt: now}
		r.Status, r.Reasons = Decide(settings.Rules, r)
		if r.Status == Published {
			r.PublishedAt = &now
		}
		if err := tx.SaveReview(ctx, r); err != nil {
			return err
		}
		if _, err := tx.AppendEvents(ctx, []timeline.Event{r.event(Submitted, now)}); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (r *Review) event(t timeline.Type, now time.Time) timeline.Event {
	d := map[string]any{"review_id": r.ID, "product_id": r.ProductID, "rating": r.Rating,
		"status": r.Status, "unhappy": r.Rating <= 2, "title": r.Title, "body": r.Body}
	if t == Replied && r.Reply != nil {
		// A reply event carries the reply, for the message that brings it
		// to the customer.
		d["reply"], d["public"] = r.Reply.Body, r.Reply.Public
	}
	data, _ := json.Marshal(d)
	ev := timeline.Event{ShopID: r.ShopID, CustomerID: r.CustomerID, OrderID: r.OrderID, Type: t, OccurredAt: now, Data: data,
		DedupeKey: string(t) + ":" + r.ID + ":" + strconv.FormatInt(now.UnixNano(), 10)}
	return ev
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Moderate publishes or rejects a review. Publishing a published review
// (or rejecting a rejected one) changes nothing. ENOTFOUND.
func (s *Service) Moderate(ctx context.Context, shopID, id purna.ID, publish bool) (*Review, error) {
	now := s.clock.Now()
	var out *Review
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.FindReviewByID(ctx, shopID, id)
		if err != nil {
			return err
		}
		out = r
		want, t := Rejected, RejectedType
		if publish {
			want, t = Published, PublishedType
		}
		if r.Status == want {
			return nil
		}
		r.Status, r.UpdatedAt = want, now
		r.PublishedAt = nil
		if publish {
			r.PublishedAt = &now
		} else {
			r.Reasons = append(slices.DeleteFunc(r.Reasons, func(s string) bool { return s == ReasonManual }), ReasonManual)
		}
		if err := tx.SaveReview(ctx, r); err != nil {
			return err
		}
		_, err = tx.AppendEvents(ctx, []timeline.Event{r.event(t, now)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReplyInput is the shop's reply.
type ReplyInput struct {
	Body string `json:"body"`
	// Public shows it under the review; otherwise it is a private note.
	Public bool `json:"public"`
}

// Reply sets the shop's reply to a review; an empty body removes it. The
// first reply is put on the customer's timeline, where the review_reply
// journey takes it to them; later edits are not. EINVALID names the
// field; ENOTFOUND.
func (s *Service) Reply(ctx context.Context, shopID, id, authorID purna.ID, in ReplyInput) (*Review, error) {
	in.Body = strings.TrimSpace(in.Body)
	if utf8.RuneCountInString(in.Body) > MaxBody {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"body": fmt.Sprintf("is longer than %d characters", MaxBody)}}
	}
	now := s.clock.Now()
	var out *Review
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.FindReviewByID(ctx, shopID, id)
		if err != nil {
			return err
		}
		out = r
		if r.Reply == nil && in.Body == "" || r.Reply != nil && r.Reply.Body == in.Body && r.Reply.Public == in.Public {
			return nil
		}
		had := r.Reply != nil
		r.Reply = nil
		if in.Body != "" {
			r.Reply = &Reply{Body: in.Body, Public: in.Public, AuthorID: authorID, RepliedAt: now}
		}
		r.UpdatedAt = now
		if err := tx.SaveReview(ctx, r); err != nil {
			return err
		}
		if r.Reply == nil || had {
			// Taking a reply back, or mending its words, tells the
			// customer nothing: they heard of the first reply already.
			return nil
		}
		_, err = tx.AppendEvents(ctx, []timeline.Event{r.event(Replied, now)})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindByID returns one of the shop's reviews. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID, id purna.ID) (*Review, error) {
	return s.store.FindReviewByID(ctx, shopID, id)
}

// Find returns a page of the shop's reviews, newest first: the moderation
// queue with Status pending.
func (s *Service) Find(ctx context.Context, f Filter) (*purna.Page[*Review], error) {
	if f.Status != nil && *f.Status != Pending && *f.Status != Published && *f.Status != Rejected {
		return nil, &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"status": "must be pending, published or rejected"}}
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 25
	}
	items, next, total, err := s.store.FindReviews(ctx, f)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []*Review{}
	}
	return &purna.Page[*Review]{Items: items, Next: next, Total: total}, nil
}

// Published returns one page (from 1) of a product's published reviews,
// newest first, its summary, and whether there is a next page.
func (s *Service) Published(ctx context.Context, shopID, productID purna.ID, page, size int) ([]*Review, Summary, bool, error) {
	if page < 1 {
		page = 1
	}
	if size < 1 || size > 50 {
		size = 10
	}
	st := Published
	items, _, total, err := s.store.FindReviews(ctx, Filter{ShopID: shopID, ProductID: &productID, Status: &st,
		Offset: (page - 1) * size, Limit: size})
	if err != nil {
		return nil, Summary{}, false, err
	}
	hist, err := s.store.FindHistogram(ctx, shopID, &productID)
	if err != nil {
		return nil, Summary{}, false, err
	}
	return items, SummaryOf(hist), page*size < total, nil
}

// Settings returns the shop's review settings.
func (s *Service) Settings(ctx context.Context, shopID purna.ID) (*Settings, error) {
	return s.store.FindSettings(ctx, shopID)
}

// SaveSettings checks and stores them. EINVALID.
func (s *Service) SaveSettings(ctx context.Context, shopID purna.ID, in *Settings) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.store.SaveSettings(ctx, shopID, in, s.clock.Now())
}

package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/review"
)

// Reviews implements review.Store.
type Reviews struct{ *Store }

var (
	_ review.Store       = Reviews{}
	_ journey.ReviewAsks = Reviews{}
)

// InTx runs fn in one transaction.
func (s Reviews) InTx(ctx context.Context, fn func(review.Tx) error) error {
	return s.Begin(ctx, func(t *Tx) error { return fn(t) })
}

const reviewCols = `id, shop_id, product_id, customer_id, order_id, order_line_id, rating, title, body, author_name, locale,
	photos, verified, incentivised, status, reasons, reply, created_at, published_at, updated_at`

func scanReview(r db.Row) (*review.Review, error) {
	var x review.Review
	var photos, reasons string
	var reply *string
	if err := r.Scan(&x.ID, &x.ShopID, &x.ProductID, &x.CustomerID, &x.OrderID, &x.OrderLineID, &x.Rating, &x.Title, &x.Body,
		&x.AuthorName, &x.Locale, &photos, &x.Verified, &x.Incentivised, &x.Status, &reasons, &reply, &x.CreatedAt,
		&x.PublishedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(photos), &x.Photos); err != nil {
		return nil, fmt.Errorf("sqlstore: review %s photos: %w", x.ID, err)
	}
	if err := json.Unmarshal([]byte(reasons), &x.Reasons); err != nil {
		return nil, fmt.Errorf("sqlstore: review %s reasons: %w", x.ID, err)
	}
	if reply != nil {
		x.Reply = &review.Reply{}
		if err := json.Unmarshal([]byte(*reply), x.Reply); err != nil {
			return nil, fmt.Errorf("sqlstore: review %s reply: %w", x.ID, err)
		}
	}
	x.CreatedAt, x.UpdatedAt, x.PublishedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC(), utc(x.PublishedAt)
	return &x, nil
}

// FindReviewByID returns ENOTFOUND.
func (s Reviews) FindReviewByID(ctx context.Context, shopID, id purna.ID) (*review.Review, error) {
	return findReview(ctx, s.db.Read(), `shop_id = $1 AND id = $2`, shopID, id)
}

// FindReviewByID in the transaction. ENOTFOUND.
func (t *Tx) FindReviewByID(ctx context.Context, shopID, id purna.ID) (*review.Review, error) {
	return findReview(ctx, t.q, `shop_id = $1 AND id = $2`, shopID, id)
}

// FindCustomerReview returns the customer's review of the product.
// ENOTFOUND.
func (t *Tx) FindCustomerReview(ctx context.Context, shopID, customerID, productID purna.ID) (*review.Review, error) {
	return findReview(ctx, t.q, `shop_id = $1 AND customer_id = $2 AND product_id = $3`, shopID, customerID, productID)
}

// FindAnonymousReview returns a review without a customer of the product
// with this body, written since. ENOTFOUND.
func (t *Tx) FindAnonymousReview(ctx context.Context, shopID, productID purna.ID, body string, since time.Time) (*review.Review, error) {
	return findReview(ctx, t.q, `shop_id = $1 AND product_id = $2 AND customer_id IS NULL AND body = $3 AND created_at >= $4
		ORDER BY created_at DESC LIMIT 1`, shopID, productID, body, since.UTC())
}

func findReview(ctx context.Context, q db.Querier, cond string, args ...any) (*review.Review, error) {
	r, err := scanReview(q.QueryRow(ctx, `SELECT `+reviewCols+` FROM reviews WHERE `+cond, args...))
	if err != nil {
		return nil, notFound(err, "Review")
	}
	return r, nil
}

// SaveReview inserts r, or updates the row with its ID.
func (t *Tx) SaveReview(ctx context.Context, r *review.Review) error {
	var reply *string
	if r.Reply != nil {
		s := jsonText(r.Reply)
		reply = &s
	}
	reasons := r.Reasons
	if reasons == nil {
		reasons = []string{}
	}
	n, err := t.q.Exec(ctx, `UPDATE reviews SET order_id = $3, order_line_id = $4, rating = $5, title = $6, body = $7,
		author_name = $8, locale = $9, photos = $10, verified = $11, incentivised = $12, status = $13, reasons = $14,
		reply = $15, published_at = $16, updated_at = $17 WHERE shop_id = $1 AND id = $2`,
		r.ShopID, r.ID, r.OrderID, r.OrderLineID, r.Rating, r.Title, r.Body, r.AuthorName, r.Locale, jsonText(r.Photos),
		r.Verified, r.Incentivised, r.Status, jsonText(reasons), reply, utc(r.PublishedAt), r.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: save review: %w", err)
	}
	if n > 0 {
		return nil
	}
	_, err = t.q.Exec(ctx, `INSERT INTO reviews (id, shop_id, product_id, customer_id, order_id, order_line_id, rating, title,
		body, author_name, locale, photos, verified, incentivised, status, reasons, reply, created_at, published_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
		r.ID, r.ShopID, r.ProductID, r.CustomerID, r.OrderID, r.OrderLineID, r.Rating, r.Title, r.Body, r.AuthorName, r.Locale,
		jsonText(r.Photos), r.Verified, r.Incentivised, r.Status, jsonText(reasons), reply, r.CreatedAt.UTC(),
		utc(r.PublishedAt), r.UpdatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return purna.Errorf(purna.ECONFLICT, "This product was reviewed at the same moment; try again.")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: save review: %w", err)
	}
	return nil
}

func reviewWhere(f review.Filter) *where {
	w := &where{}
	w.add("shop_id = ?", f.ShopID)
	if f.Status != nil {
		w.add("status = ?", *f.Status)
	}
	if f.ProductID != nil {
		w.add("product_id = ?", *f.ProductID)
	}
	if f.CustomerID != nil {
		w.add("customer_id = ?", *f.CustomerID)
	}
	if f.MaxRating > 0 {
		w.add("rating <= ?", f.MaxRating)
	}
	if f.Query != "" {
		p := likePattern(f.Query)
		w.add(`(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(body) LIKE ? ESCAPE '\')`, p, p)
	}
	return w
}

// FindReviews returns a page, newest first, by cursor or by offset.
func (s Reviews) FindReviews(ctx context.Context, f review.Filter) ([]*review.Review, string, int, error) {
	w := reviewWhere(f)
	var total int
	if err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM reviews`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: count reviews: %w", err)
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", 0, err
		}
		w.add("(created_at < ? OR (created_at = ? AND id < ?))", at, at, id)
	}
	limit := w.next()
	args := append(w.args, f.Limit+1)
	q := `SELECT ` + reviewCols + ` FROM reviews` + w.String() + ` ORDER BY created_at DESC, id DESC LIMIT ` + limit
	if f.Offset > 0 {
		q += ` OFFSET $` + fmt.Sprint(len(args)+1)
		args = append(args, f.Offset)
	}
	rows, err := s.db.Read().Query(ctx, q, args...)
	if err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: find reviews: %w", err)
	}
	defer rows.Close()
	var out []*review.Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, "", 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", 0, err
	}
	page, next := trimPage(out, f.Limit, func(r *review.Review) (time.Time, purna.ID) { return r.CreatedAt, r.ID })
	return page, next, total, nil
}

// FindHistogram counts the published reviews of a product, or of all,
// by rating.
func (s Reviews) FindHistogram(ctx context.Context, shopID purna.ID, productID *purna.ID) ([5]int, error) {
	var h [5]int
	w := &where{}
	w.add("shop_id = ?", shopID)
	w.add("status = 'published'")
	if productID != nil {
		w.add("product_id = ?", *productID)
	}
	rows, err := s.db.Read().Query(ctx, `SELECT rating, COUNT(*) FROM reviews`+w.String()+` GROUP BY rating`, w.args...)
	if err != nil {
		return h, fmt.Errorf("sqlstore: review ratings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r, n int
		if err := rows.Scan(&r, &n); err != nil {
			return h, err
		}
		if r >= 1 && r <= 5 {
			h[r-1] = n
		}
	}
	return h, rows.Err()
}

// FindSettings returns the shop's review settings, the defaults when none.
func (s Reviews) FindSettings(ctx context.Context, shopID purna.ID) (*review.Settings, error) {
	var st review.Settings
	found, err := s.findShopJSON(ctx, "review_settings", "settings", shopID, &st)
	if err != nil {
		return nil, err
	}
	if !found {
		st = review.DefaultSettings()
	}
	return &st, nil
}

// SaveSettings stores the shop's review settings.
func (s Reviews) SaveSettings(ctx context.Context, shopID purna.ID, st *review.Settings, now time.Time) error {
	return s.saveShopJSON(ctx, "review_settings", "settings", shopID, st, now)
}

// FindPurchase returns the line of the customer's order with the product,
// and whether the order was delivered. ENOTFOUND.
func (s Reviews) FindPurchase(ctx context.Context, shopID, customerID, orderID, productID purna.ID) (*review.Purchase, error) {
	var p review.Purchase
	var delivered *time.Time
	err := s.db.Read().QueryRow(ctx, `SELECT l.id, o.delivered_at FROM orders o JOIN order_lines l ON l.order_id = o.id
		WHERE o.shop_id = $1 AND o.customer_id = $2 AND o.id = $3 AND l.product_id = $4 ORDER BY l.position LIMIT 1`,
		shopID, customerID, orderID, productID).Scan(&p.OrderLineID, &delivered)
	if err != nil {
		return nil, notFound(err, "Purchase")
	}
	p.Delivered = delivered != nil
	return &p, nil
}

// ReviewCandidates returns the order's products that the customer neither
// reviewed nor was asked about in another run's sent review request, in
// the order's line order, once each.
func (s Reviews) ReviewCandidates(ctx context.Context, shopID, customerID, orderID purna.ID, runID *purna.ID, only []purna.ID) ([]journey.ReviewCandidate, error) {
	run := ""
	if runID != nil {
		run = *runID
	}
	rows, err := s.db.Read().Query(ctx, `SELECT l.product_id, MIN(p.name), MIN(l.position) FROM order_lines l
		JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
		WHERE o.shop_id = $1 AND o.customer_id = $2 AND o.id = $3
		AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.shop_id = o.shop_id AND r.customer_id = o.customer_id
			AND r.product_id = l.product_id)
		AND NOT EXISTS (SELECT 1 FROM messages m JOIN order_lines ml ON ml.order_id = m.order_id
			WHERE m.shop_id = o.shop_id AND m.customer_id = o.customer_id AND m.template = 'review_request'
			AND m.status = 'sent' AND COALESCE(m.run_id, '') <> $4 AND ml.product_id = l.product_id)
		GROUP BY l.product_id ORDER BY MIN(l.position)`, shopID, customerID, orderID, run)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: review candidates: %w", err)
	}
	defer rows.Close()
	var out []journey.ReviewCandidate
	for rows.Next() {
		var c journey.ReviewCandidate
		var pos int
		if err := rows.Scan(&c.ProductID, &c.Name, &pos); err != nil {
			return nil, fmt.Errorf("sqlstore: review candidates: %w", err)
		}
		if len(only) > 0 && !slices.Contains(only, c.ProductID) {
			continue
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountReviewRequests counts the review requests sent to the customer since.
func (s Reviews) CountReviewRequests(ctx context.Context, shopID, customerID purna.ID, since time.Time) (int, error) {
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE shop_id = $1 AND customer_id = $2
		AND template = 'review_request' AND status = 'sent' AND sent_at >= $3`, shopID, customerID, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count review requests: %w", err)
	}
	return n, nil
}

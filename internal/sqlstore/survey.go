package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/survey"
)

// Surveys implements survey.Store.
type Surveys struct{ *Store }

var _ survey.Store = Surveys{}

// InTx runs fn in one transaction.
func (s Surveys) InTx(ctx context.Context, fn func(survey.Tx) error) error {
	return s.Begin(ctx, func(t *Tx) error { return fn(t) })
}

const responseCols = `id, shop_id, customer_id, kind, order_id, case_id, journey_id, message_id, source, score, comment,
	answers, locale, changes, created_at, updated_at`

func scanResponse(r db.Row) (*survey.Response, error) {
	var x survey.Response
	var answers string
	if err := r.Scan(&x.ID, &x.ShopID, &x.CustomerID, &x.Kind, &x.OrderID, &x.CaseID, &x.JourneyID, &x.MessageID, &x.Source,
		&x.Score, &x.Comment, &answers, &x.Locale, &x.Changes, &x.CreatedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(answers), &x.Answers); err != nil {
		return nil, fmt.Errorf("sqlstore: response %s answers: %w", x.ID, err)
	}
	if x.Answers == nil {
		x.Answers = map[string]string{}
	}
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return &x, nil
}

// FindResponse returns ENOTFOUND.
func (s Surveys) FindResponse(ctx context.Context, shopID, customerID purna.ID, kind survey.Kind, subject string) (*survey.Response, error) {
	return findResponse(ctx, s.db.Read(), "", shopID, customerID, kind, subject)
}

func findResponse(ctx context.Context, q db.Querier, suffix string, shopID, customerID purna.ID, kind survey.Kind,
	subject string) (*survey.Response, error) {
	r, err := scanResponse(q.QueryRow(ctx, `SELECT `+responseCols+` FROM survey_responses
		WHERE shop_id = $1 AND customer_id = $2 AND kind = $3 AND subject = $4`+suffix, shopID, customerID, kind, subject))
	if err != nil {
		return nil, notFound(err, "Survey answer")
	}
	return r, nil
}

// FindResponseForUpdate is FindResponse in the transaction, locking the
// row on PostgreSQL (SQLite's one writer already serialises).
func (t *Tx) FindResponseForUpdate(ctx context.Context, shopID, customerID purna.ID, kind survey.Kind, subject string) (*survey.Response, error) {
	suffix := ""
	if t.dialect == db.Postgres {
		suffix = " FOR UPDATE"
	}
	return findResponse(ctx, t.q, suffix, shopID, customerID, kind, subject)
}

// SaveResponse inserts r or updates the row with its ID. Two first answers
// racing on PostgreSQL meet the unique key: the loser is ECONFLICT, and a
// retry finds the winner's row.
func (t *Tx) SaveResponse(ctx context.Context, r *survey.Response) error {
	n, err := t.q.Exec(ctx, `UPDATE survey_responses SET score = $3, comment = $4, answers = $5, changes = $6, updated_at = $7
		WHERE shop_id = $1 AND id = $2`, r.ShopID, r.ID, r.Score, r.Comment, jsonText(r.Answers), r.Changes, r.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: save survey answer: %w", err)
	}
	if n > 0 {
		return nil
	}
	n, err = t.q.Exec(ctx, `INSERT INTO survey_responses (id, shop_id, customer_id, kind, subject, order_id, case_id,
		journey_id, message_id, source, score, comment, answers, locale, changes, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (shop_id, customer_id, kind, subject) DO NOTHING`,
		r.ID, r.ShopID, r.CustomerID, r.Kind, r.Subject(), r.OrderID, r.CaseID, r.JourneyID, r.MessageID, r.Source, r.Score,
		r.Comment, jsonText(r.Answers), r.Locale, r.Changes, r.CreatedAt.UTC(), r.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: save survey answer: %w", err)
	}
	if n == 0 {
		return purna.Errorf(purna.ECONFLICT, "The survey was answered at the same moment; try again.")
	}
	return nil
}

// responseWhere builds f's conditions on survey_responses under alias a
// ("" for none).
func responseWhere(f survey.Filter, a string) *where {
	if a != "" {
		a += "."
	}
	w := &where{}
	w.add(a+"shop_id = ?", f.ShopID)
	if f.Kind != nil {
		w.add(a+"kind = ?", *f.Kind)
	}
	if f.From != nil {
		w.add(a+"created_at >= ?", f.From.UTC())
	}
	if f.To != nil {
		w.add(a+"created_at < ?", f.To.UTC())
	}
	if f.CustomerID != nil {
		w.add(a+"customer_id = ?", *f.CustomerID)
	}
	if f.Query != "" {
		w.add(`LOWER(`+a+`comment) LIKE ? ESCAPE '\'`, likePattern(f.Query))
	}
	if f.WithComment {
		w.add(a + "comment <> ''")
	}
	if f.Unhappy {
		w.add("((" + a + "kind = 'nps' AND " + a + "score <= 6) OR (" + a + "kind <> 'nps' AND " + a + "score <= 2))")
	}
	return w
}

// FindResponses returns a page of answers, newest first.
func (s Surveys) FindResponses(ctx context.Context, f survey.Filter) ([]*survey.Response, string, int, error) {
	w := responseWhere(f, "")
	var total int
	if err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM survey_responses`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: count survey answers: %w", err)
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", 0, err
		}
		w.add("(created_at < ? OR (created_at = ? AND id < ?))", at, at, id)
	}
	rows, err := s.db.Read().Query(ctx, `SELECT `+responseCols+` FROM survey_responses`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.next(), append(w.args, f.Limit+1)...)
	if err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: find survey answers: %w", err)
	}
	defer rows.Close()
	var out []*survey.Response
	for rows.Next() {
		r, err := scanResponse(rows)
		if err != nil {
			return nil, "", 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", 0, err
	}
	page, next := trimPage(out, f.Limit, func(r *survey.Response) (time.Time, purna.ID) { return r.CreatedAt, r.ID })
	return page, next, total, nil
}

// FindScores returns the answers f matches, oldest first, with their
// orders' products: one query, one row per answer and order line, folded
// back into one Scored per answer.
func (s Surveys) FindScores(ctx context.Context, f survey.Filter) ([]survey.Scored, error) {
	w := responseWhere(f, "r")
	rows, err := s.db.Read().Query(ctx, `SELECT r.id, r.kind, r.score, r.created_at, r.source, r.journey_id,
		p.id, p.name, p.category FROM survey_responses r
		LEFT JOIN order_lines l ON l.order_id = r.order_id
		LEFT JOIN products p ON p.id = l.product_id`+w.String()+` ORDER BY r.created_at, r.id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find survey scores: %w", err)
	}
	defer rows.Close()
	var out []survey.Scored
	var last purna.ID
	for rows.Next() {
		var id purna.ID
		var x survey.Scored
		var pid, name, category *string
		if err := rows.Scan(&id, &x.Kind, &x.Score, &x.At, &x.Source, &x.JourneyID, &pid, &name, &category); err != nil {
			return nil, fmt.Errorf("sqlstore: find survey scores: %w", err)
		}
		if id != last {
			x.At = x.At.UTC()
			out = append(out, x)
			last = id
		}
		if pid == nil {
			continue
		}
		cur := &out[len(out)-1]
		if !slices.ContainsFunc(cur.Products, func(p survey.ScoredProduct) bool { return p.ID == *pid }) {
			cur.Products = append(cur.Products, survey.ScoredProduct{ID: *pid, Name: *name, Category: *category})
		}
	}
	return out, rows.Err()
}

// CountScores counts the answers f matches by score.
func (s Surveys) CountScores(ctx context.Context, f survey.Filter) (map[int]int, error) {
	w := responseWhere(f, "")
	rows, err := s.db.Read().Query(ctx, `SELECT score, COUNT(*) FROM survey_responses`+w.String()+` GROUP BY score`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count survey scores: %w", err)
	}
	defer rows.Close()
	out := map[int]int{}
	for rows.Next() {
		var score, n int
		if err := rows.Scan(&score, &n); err != nil {
			return nil, fmt.Errorf("sqlstore: count survey scores: %w", err)
		}
		out[score] = n
	}
	return out, rows.Err()
}

// FindSettings returns the shop's survey settings, zero when it has none.
func (s Surveys) FindSettings(ctx context.Context, shopID purna.ID) (*survey.Settings, error) {
	var st survey.Settings
	if _, err := s.findShopJSON(ctx, "survey_settings", "settings", shopID, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// SaveSettings stores the shop's survey settings.
func (s Surveys) SaveSettings(ctx context.Context, shopID purna.ID, st *survey.Settings, now time.Time) error {
	return s.saveShopJSON(ctx, "survey_settings", "settings", shopID, st, now)
}

// FindMessageJourney returns the journey of the shop's message. ENOTFOUND.
func (s Surveys) FindMessageJourney(ctx context.Context, shopID, messageID purna.ID) (*purna.ID, error) {
	var journeyID *purna.ID
	err := s.db.Read().QueryRow(ctx, `SELECT r.journey_id FROM messages m LEFT JOIN journey_runs r ON r.id = m.run_id
		WHERE m.shop_id = $1 AND m.id = $2`, shopID, messageID).Scan(&journeyID)
	if err != nil {
		return nil, notFound(err, "Message")
	}
	return journeyID, nil
}

// FindOrderSource returns the order's source. ENOTFOUND.
func (s Surveys) FindOrderSource(ctx context.Context, shopID, orderID purna.ID) (string, error) {
	var src string
	err := s.db.Read().QueryRow(ctx, `SELECT source FROM orders WHERE shop_id = $1 AND id = $2`, shopID, orderID).Scan(&src)
	if err != nil {
		return "", notFound(err, "Order")
	}
	return src, nil
}

package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
)

// FollowUps implements followup.Store.
type FollowUps struct{ *Store }

var _ followup.Store = FollowUps{}

// InTx runs fn in one transaction.
func (s FollowUps) InTx(ctx context.Context, fn func(followup.Tx) error) error {
	return s.Begin(ctx, func(t *Tx) error { return fn(t) })
}

const followupCols = `id, shop_id, number, customer_id, order_id, source, source_id, trigger_kind, score, comment, status,
	context, remedy, outcome_note, assignee_id, due_at, first_contact_at, resolved_at, seq, created_at, updated_at`

func scanFollowUp(r db.Row) (*followup.FollowUp, error) {
	var f followup.FollowUp
	var fctx string
	if err := r.Scan(&f.ID, &f.ShopID, &f.Number, &f.CustomerID, &f.OrderID, &f.Source, &f.SourceID, &f.Trigger, &f.Score,
		&f.Comment, &f.Status, &fctx, &f.Remedy, &f.OutcomeNote, &f.AssigneeID, &f.DueAt, &f.FirstContactAt, &f.ResolvedAt,
		&f.Seq, &f.CreatedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(fctx), &f.Context); err != nil {
		return nil, fmt.Errorf("sqlstore: follow-up %s context: %w", f.ID, err)
	}
	f.DueAt, f.CreatedAt, f.UpdatedAt = f.DueAt.UTC(), f.CreatedAt.UTC(), f.UpdatedAt.UTC()
	f.FirstContactAt, f.ResolvedAt = utc(f.FirstContactAt), utc(f.ResolvedAt)
	return &f, nil
}

// FindFollowUpByID returns ENOTFOUND.
func (s FollowUps) FindFollowUpByID(ctx context.Context, shopID, id purna.ID) (*followup.FollowUp, error) {
	return findFollowUp(ctx, s.db.Read(), `shop_id = $1 AND id = $2`, shopID, id)
}

// FindFollowUpByID in a transaction. ENOTFOUND.
func (t *Tx) FindFollowUpByID(ctx context.Context, shopID, id purna.ID) (*followup.FollowUp, error) {
	return findFollowUp(ctx, t.q, `shop_id = $1 AND id = $2`, shopID, id)
}

// FindFollowUpBySource returns the follow-up an answer or review opened.
// ENOTFOUND.
func (t *Tx) FindFollowUpBySource(ctx context.Context, shopID purna.ID, src followup.Source, sourceID purna.ID) (*followup.FollowUp, error) {
	return findFollowUp(ctx, t.q, `shop_id = $1 AND source = $2 AND source_id = $3`, shopID, src, sourceID)
}

func findFollowUp(ctx context.Context, q db.Querier, cond string, args ...any) (*followup.FollowUp, error) {
	f, err := scanFollowUp(q.QueryRow(ctx, `SELECT `+followupCols+` FROM followups WHERE `+cond, args...))
	if err != nil {
		return nil, notFound(err, "Follow-up")
	}
	return f, nil
}

// CreateFollowUp inserts f.
func (t *Tx) CreateFollowUp(ctx context.Context, f *followup.FollowUp) error {
	_, err := t.q.Exec(ctx, `INSERT INTO followups (id, shop_id, number, customer_id, order_id, source, source_id,
		trigger_kind, score, comment, status, context, remedy, outcome_note, assignee_id, due_at, first_contact_at,
		resolved_at, seq, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
		f.ID, f.ShopID, f.Number, f.CustomerID, f.OrderID, f.Source, f.SourceID, f.Trigger, f.Score, f.Comment, f.Status,
		jsonText(f.Context), f.Remedy, f.OutcomeNote, f.AssigneeID, f.DueAt.UTC(), utc(f.FirstContactAt),
		utc(f.ResolvedAt), f.Seq, f.CreatedAt.UTC(), f.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: create follow-up: %w", err)
	}
	return nil
}

// UpdateFollowUp saves f when its stored seq is f.Seq-1. ECONFLICT else.
func (t *Tx) UpdateFollowUp(ctx context.Context, f *followup.FollowUp) error {
	n, err := t.q.Exec(ctx, `UPDATE followups SET comment = $3, status = $4, remedy = $5, outcome_note = $6,
		assignee_id = $7, due_at = $8, first_contact_at = $9, resolved_at = $10, seq = $11, updated_at = $12
		WHERE shop_id = $1 AND id = $2 AND seq = $13`,
		f.ShopID, f.ID, f.Comment, f.Status, f.Remedy, f.OutcomeNote, f.AssigneeID, f.DueAt.UTC(), utc(f.FirstContactAt),
		utc(f.ResolvedAt), f.Seq, f.UpdatedAt.UTC(), f.Seq-1)
	if err != nil {
		return fmt.Errorf("sqlstore: update follow-up: %w", err)
	}
	if n == 0 {
		return purna.Errorf(purna.ECONFLICT, "Follow-up %s was changed meanwhile; reload and try again.", f.Number)
	}
	return nil
}

// AddFollowUpEvent records a step of a follow-up.
func (t *Tx) AddFollowUpEvent(ctx context.Context, e *followup.Event) error {
	_, err := t.q.Exec(ctx, `INSERT INTO followup_events (id, shop_id, followup_id, seq, action, from_status, to_status,
		actor_role, actor_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.ShopID, e.FollowUpID, e.Seq, e.Action, e.From, e.To, e.Actor.Role, e.Actor.ID, e.Note, e.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: add follow-up event: %w", err)
	}
	return nil
}

// FindFollowUpEvents returns a follow-up's history, oldest first.
func (s FollowUps) FindFollowUpEvents(ctx context.Context, shopID, id purna.ID) ([]*followup.Event, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT id, shop_id, followup_id, seq, action, from_status, to_status, actor_role,
		actor_id, note, created_at FROM followup_events WHERE shop_id = $1 AND followup_id = $2 ORDER BY seq`, shopID, id)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: follow-up events: %w", err)
	}
	defer rows.Close()
	out := []*followup.Event{}
	for rows.Next() {
		var e followup.Event
		if err := rows.Scan(&e.ID, &e.ShopID, &e.FollowUpID, &e.Seq, &e.Action, &e.From, &e.To, &e.Actor.Role, &e.Actor.ID,
			&e.Note, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("sqlstore: follow-up events: %w", err)
		}
		e.CreatedAt = e.CreatedAt.UTC()
		out = append(out, &e)
	}
	return out, rows.Err()
}

// FindFollowUps returns a page, newest first.
func (s FollowUps) FindFollowUps(ctx context.Context, f followup.Filter) ([]*followup.FollowUp, string, int, error) {
	w := &where{}
	w.add("shop_id = ?", f.ShopID)
	if f.Status != nil {
		w.add("status = ?", *f.Status)
	}
	if f.OpenOnly {
		w.add("status IN ('open', 'contacted')")
	}
	if f.CustomerID != nil {
		w.add("customer_id = ?", *f.CustomerID)
	}
	var total int
	if err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM followups`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: count follow-ups: %w", err)
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", 0, err
		}
		w.add("(created_at < ? OR (created_at = ? AND id < ?))", at, at, id)
	}
	rows, err := s.db.Read().Query(ctx, `SELECT `+followupCols+` FROM followups`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.next(), append(w.args, f.Limit+1)...)
	if err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: find follow-ups: %w", err)
	}
	defer rows.Close()
	var out []*followup.FollowUp
	for rows.Next() {
		x, err := scanFollowUp(rows)
		if err != nil {
			return nil, "", 0, err
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, "", 0, err
	}
	page, next := trimPage(out, f.Limit, func(x *followup.FollowUp) (time.Time, purna.ID) { return x.CreatedAt, x.ID })
	return page, next, total, nil
}

const taskCols = `id, shop_id, kind, followup_id, customer_id, title, phone, status, outcome, note, assignee_id, due_at,
	done_at, done_by, created_at`

func scanTask(r db.Row) (*followup.Task, error) {
	var t followup.Task
	if err := r.Scan(&t.ID, &t.ShopID, &t.Kind, &t.FollowUpID, &t.CustomerID, &t.Title, &t.Phone, &t.Status, &t.Outcome,
		&t.Note, &t.AssigneeID, &t.DueAt, &t.DoneAt, &t.DoneBy, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.DueAt, t.CreatedAt, t.DoneAt = t.DueAt.UTC(), t.CreatedAt.UTC(), utc(t.DoneAt)
	return &t, nil
}

// CreateTask inserts t.
func (t *Tx) CreateTask(ctx context.Context, k *followup.Task) error {
	_, err := t.q.Exec(ctx, `INSERT INTO tasks (id, shop_id, kind, followup_id, customer_id, title, phone, status, outcome,
		note, assignee_id, due_at, done_at, done_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
		$13, $14, $15)`, k.ID, k.ShopID, k.Kind, k.FollowUpID, k.CustomerID, k.Title, k.Phone, k.Status, k.Outcome, k.Note,
		k.AssigneeID, k.DueAt.UTC(), utc(k.DoneAt), k.DoneBy, k.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: create task: %w", err)
	}
	return nil
}

// FindTaskByID returns ENOTFOUND.
func (t *Tx) FindTaskByID(ctx context.Context, shopID, id purna.ID) (*followup.Task, error) {
	k, err := scanTask(t.q.QueryRow(ctx, `SELECT `+taskCols+` FROM tasks WHERE shop_id = $1 AND id = $2`, shopID, id))
	if err != nil {
		return nil, notFound(err, "Task")
	}
	return k, nil
}

// CompleteTask marks an open task done. ECONFLICT when it was done.
func (t *Tx) CompleteTask(ctx context.Context, k *followup.Task) error {
	n, err := t.q.Exec(ctx, `UPDATE tasks SET status = 'done', outcome = $3, note = $4, done_at = $5, done_by = $6
		WHERE shop_id = $1 AND id = $2 AND status = 'open'`, k.ShopID, k.ID, k.Outcome, k.Note, utc(k.DoneAt), k.DoneBy)
	if err != nil {
		return fmt.Errorf("sqlstore: complete task: %w", err)
	}
	if n == 0 {
		return purna.Errorf(purna.ECONFLICT, "This call was recorded already.")
	}
	return nil
}

// FindTasks returns tasks, soonest due first.
func (s FollowUps) FindTasks(ctx context.Context, f followup.TaskFilter) ([]*followup.Task, error) {
	w := &where{}
	w.add("shop_id = ?", f.ShopID)
	if f.Status != nil {
		w.add("status = ?", *f.Status)
	}
	if f.FollowUpID != nil {
		w.add("followup_id = ?", *f.FollowUpID)
	}
	rows, err := s.db.Read().Query(ctx, `SELECT `+taskCols+` FROM tasks`+w.String()+` ORDER BY due_at, id LIMIT `+w.next(),
		append(w.args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find tasks: %w", err)
	}
	defer rows.Close()
	out := []*followup.Task{}
	for rows.Next() {
		k, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// FindOutcomes returns each follow-up opened in [from, to) with the
// customer's next answer of the same kind after it, and whether they
// ordered again since: one query, the later facts as subqueries.
func (s FollowUps) FindOutcomes(ctx context.Context, shopID purna.ID, from, to time.Time) ([]followup.Outcome, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT f.trigger_kind, f.score, f.status, f.remedy, f.created_at,
		f.first_contact_at, f.resolved_at,
		(SELECT r.score FROM survey_responses r WHERE r.shop_id = f.shop_id AND r.customer_id = f.customer_id
			AND r.kind = f.trigger_kind AND r.created_at > f.created_at ORDER BY r.created_at LIMIT 1),
		EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = f.shop_id AND o.customer_id = f.customer_id
			AND o.placed_at > f.created_at)
		FROM followups f WHERE f.shop_id = $1 AND f.created_at >= $2 AND f.created_at < $3 ORDER BY f.created_at`,
		shopID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("sqlstore: follow-up outcomes: %w", err)
	}
	defer rows.Close()
	var out []followup.Outcome
	for rows.Next() {
		var o followup.Outcome
		if err := rows.Scan(&o.Trigger, &o.Score, &o.Status, &o.Remedy, &o.CreatedAt, &o.FirstContactAt, &o.ResolvedAt,
			&o.LaterScore, &o.Reordered); err != nil {
			return nil, fmt.Errorf("sqlstore: follow-up outcomes: %w", err)
		}
		o.CreatedAt, o.FirstContactAt, o.ResolvedAt = o.CreatedAt.UTC(), utc(o.FirstContactAt), utc(o.ResolvedAt)
		out = append(out, o)
	}
	return out, rows.Err()
}

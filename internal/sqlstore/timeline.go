package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/timeline"
)

// AppendEvents adds events to the timeline and returns those that were new.
// An event whose dedupe key the shop already has is dropped: that is what
// makes re-delivered webhooks harmless. The new events are dispatched to
// the modules that react to them by a job that commits with them.
func (t *Tx) AppendEvents(ctx context.Context, events []timeline.Event) ([]timeline.Event, error) {
	if len(events) == 0 {
		return nil, nil
	}
	now := time.Now().UTC()
	const cols = 9
	args := make([]any, 0, len(events)*cols)
	for i := range events {
		e := &events[i]
		if e.ID == "" {
			e.ID = purna.NewID(now)
		}
		if e.CreatedAt.IsZero() {
			e.CreatedAt = now
		}
		if len(e.Data) == 0 {
			e.Data = json.RawMessage(`{}`)
		}
		e.OccurredAt = e.OccurredAt.UTC()
		args = append(args, e.ID, e.ShopID, e.CustomerID, e.OrderID, string(e.Type), e.OccurredAt, string(e.Data),
			e.DedupeKey, e.CreatedAt)
	}
	// One statement for all: RETURNING lists only the rows inserted, which
	// are the new facts.
	rows, err := t.q.Query(ctx, `INSERT INTO events (id, shop_id, customer_id, order_id, type, occurred_at, data,
		dedupe_key, created_at) VALUES `+placeholders(len(events), cols, 0)+`
		ON CONFLICT (shop_id, dedupe_key) DO NOTHING RETURNING id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: append events: %w", err)
	}
	defer rows.Close()
	inserted := map[purna.ID]bool{}
	for rows.Next() {
		var id purna.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		inserted[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: append events: %w", err)
	}
	var fresh []timeline.Event
	byShop := map[purna.ID][]purna.ID{}
	for _, e := range events {
		if inserted[e.ID] {
			fresh = append(fresh, e)
			byShop[e.ShopID] = append(byShop[e.ShopID], e.ID)
		}
	}
	for shopID, ids := range byShop {
		if err := t.Enqueue(ctx, &timeline.DispatchArgs{ShopID: shopID, EventIDs: ids}); err != nil {
			return nil, err
		}
	}
	return fresh, nil
}

func eventWhere(f timeline.Filter) *where {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	if f.CustomerID != nil {
		w.add(`customer_id = ?`, *f.CustomerID)
	}
	if f.OrderID != nil {
		w.add(`order_id = ?`, *f.OrderID)
	}
	return w
}

// CountEvents counts the events matching f.
func (s Customers) CountEvents(ctx context.Context, f timeline.Filter) (int, error) {
	w := eventWhere(f)
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM events`+w.String(), w.args...).Scan(&n)
	return n, err
}

func findEvents(ctx context.Context, q db.Querier, f timeline.Filter) ([]timeline.Event, string, error) {
	w := eventWhere(f)
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(occurred_at, id) < (?, ?)`, t, id)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := q.Query(ctx, `SELECT id, shop_id, customer_id, order_id, type, occurred_at, data, dedupe_key, created_at
		FROM events`+w.String()+` ORDER BY occurred_at DESC, id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: find events: %w", err)
	}
	defer rows.Close()
	out := []timeline.Event{}
	for rows.Next() {
		var e timeline.Event
		var data string
		if err := rows.Scan(&e.ID, &e.ShopID, &e.CustomerID, &e.OrderID, &e.Type, &e.OccurredAt, &data,
			&e.DedupeKey, &e.CreatedAt); err != nil {
			return nil, "", err
		}
		e.Data = json.RawMessage(data)
		e.OccurredAt, e.CreatedAt = e.OccurredAt.UTC(), e.CreatedAt.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(e timeline.Event) (time.Time, purna.ID) { return e.OccurredAt, e.ID })
	return out, next, nil
}

// FindEventsByIDs returns the events with the given IDs in shopID, in
// chunks of one query each (a dispatch job carries up to a thousand).
func (s *Store) FindEventsByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]timeline.Event, error) {
	var out []timeline.Event
	for part := range slices.Chunk(ids, 500) {
		ph, args := inList(2, part)
		rows, err := s.db.Read().Query(ctx, `SELECT id, shop_id, customer_id, order_id, type, occurred_at, data, dedupe_key, created_at
			FROM events WHERE `+manyByKey("")+` AND id IN (`+ph+`) ORDER BY occurred_at, id`, append([]any{shopID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find events by id: %w", err)
		}
		for rows.Next() {
			var e timeline.Event
			var data string
			if err := rows.Scan(&e.ID, &e.ShopID, &e.CustomerID, &e.OrderID, &e.Type, &e.OccurredAt, &data, &e.DedupeKey, &e.CreatedAt); err != nil {
				rows.Close()
				return nil, err
			}
			e.Data = json.RawMessage(data)
			e.OccurredAt, e.CreatedAt = e.OccurredAt.UTC(), e.CreatedAt.UTC()
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

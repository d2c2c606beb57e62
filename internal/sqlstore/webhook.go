package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/webhook"
)

// Webhooks implements webhook.Store.
type Webhooks struct{ *Store }

const endpointCols = `id, shop_id, url, description, event_types, secret, previous_secret, previous_secret_until,
	status, disabled_reason, failing_since, created_at, updated_at`

func scanEndpoint(r db.Row) (*webhook.Endpoint, error) {
	var e webhook.Endpoint
	var types string
	if err := r.Scan(&e.ID, &e.ShopID, &e.URL, &e.Description, &types, &e.Secret, &e.PreviousSecret, &e.PreviousSecretUntil,
		&e.Status, &e.DisabledReason, &e.FailingSince, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(types), &e.EventTypes); err != nil {
		return nil, fmt.Errorf("sqlstore: webhook endpoint %s event types: %w", e.ID, err)
	}
	e.PreviousSecretUntil, e.FailingSince = utc(e.PreviousSecretUntil), utc(e.FailingSince)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// CreateEndpoint adds e.
func (s Webhooks) CreateEndpoint(ctx context.Context, e *webhook.Endpoint) error {
	_, err := s.db.Write().Exec(ctx, `INSERT INTO webhook_endpoints (`+endpointCols+`) VALUES `+placeholders(1, 13, 0),
		e.ID, e.ShopID, e.URL, e.Description, jsonText(e.EventTypes), e.Secret, e.PreviousSecret, utc(e.PreviousSecretUntil),
		string(e.Status), e.DisabledReason, utc(e.FailingSince), e.CreatedAt.UTC(), e.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: create webhook endpoint: %w", err)
	}
	return nil
}

// FindEndpoints returns a shop's endpoints, oldest first.
func (s Webhooks) FindEndpoints(ctx context.Context, shopID purna.ID) ([]*webhook.Endpoint, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints WHERE shop_id = $1
		ORDER BY created_at, id`, shopID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find webhook endpoints: %w", err)
	}
	defer rows.Close()
	var out []*webhook.Endpoint
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FindEndpointByID returns ENOTFOUND.
func (s Webhooks) FindEndpointByID(ctx context.Context, shopID, id purna.ID) (*webhook.Endpoint, error) {
	e, err := scanEndpoint(s.db.Read().QueryRow(ctx, `SELECT `+endpointCols+` FROM webhook_endpoints
		WHERE shop_id = $1 AND id = $2`, shopID, id))
	if err != nil {
		return nil, notFound(err, "Webhook endpoint")
	}
	return e, nil
}

// UpdateEndpoint saves what the merchant changes and the secrets. The
// failure streak is left to RecordAttempt, except that turning a disabled
// endpoint back on starts it afresh. ENOTFOUND.
func (s Webhooks) UpdateEndpoint(ctx context.Context, e *webhook.Endpoint) error {
	n, err := s.db.Write().Exec(ctx, `UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5,
		secret = $6, previous_secret = $7, previous_secret_until = $8, status = $9, disabled_reason = $10,
		failing_since = CASE WHEN status = 'disabled' AND $9 = 'active' THEN NULL ELSE failing_since END, updated_at = $11
		WHERE shop_id = $1 AND id = $2`, e.ShopID, e.ID, e.URL, e.Description, jsonText(e.EventTypes), e.Secret,
		e.PreviousSecret, utc(e.PreviousSecretUntil), string(e.Status), e.DisabledReason, e.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: update webhook endpoint: %w", err)
	}
	if n == 0 {
		return purna.Errorf(purna.ENOTFOUND, "Webhook endpoint not found.")
	}
	return nil
}

// DeleteEndpoint removes the endpoint and, by the foreign key's cascade,
// its deliveries. ENOTFOUND.
func (s Webhooks) DeleteEndpoint(ctx context.Context, shopID, id purna.ID) error {
	n, err := s.db.Write().Exec(ctx, `DELETE FROM webhook_endpoints WHERE shop_id = $1 AND id = $2`, shopID, id)
	if err != nil {
		return fmt.Errorf("sqlstore: delete webhook endpoint: %w", err)
	}
	if n == 0 {
		return purna.Errorf(purna.ENOTFOUND, "Webhook endpoint not found.")
	}
	return nil
}

const deliveryCols = `id, shop_id, endpoint_id, event_id, type, payload, status, attempts, last_status, last_error,
	next_at, delivered_at, created_at, updated_at`

func scanDelivery(r db.Row) (*webhook.Delivery, error) {
	var d webhook.Delivery
	var payload string
	if err := r.Scan(&d.ID, &d.ShopID, &d.EndpointID, &d.EventID, &d.Type, &payload, &d.Status, &d.Attempts,
		&d.LastStatus, &d.LastError, &d.NextAt, &d.DeliveredAt, &d.CreatedAt, &d.UpdatedAt); err != nil {
		return nil, err
	}
	d.Payload = json.RawMessage(payload)
	d.NextAt, d.DeliveredAt = utc(d.NextAt), utc(d.DeliveredAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return &d, nil
}

// CreateDeliveries records ds, each with its job, in one transaction. The
// unique (endpoint_id, event_id) key drops a delivery the endpoint already
// has for the event, and its job goes with it.
func (s Webhooks) CreateDeliveries(ctx context.Context, ds []*webhook.Delivery) (int, error) {
	added := 0
	err := s.Begin(ctx, func(t *Tx) error {
		added = 0
		for _, d := range ds {
			n, err := t.q.Exec(ctx, `INSERT INTO webhook_deliveries (`+deliveryCols+`) VALUES `+placeholders(1, 14, 0)+`
				ON CONFLICT (endpoint_id, event_id) DO NOTHING`, d.ID, d.ShopID, d.EndpointID, d.EventID, string(d.Type),
				string(d.Payload), string(d.Status), d.Attempts, d.LastStatus, d.LastError, utc(d.NextAt), utc(d.DeliveredAt),
				d.CreatedAt.UTC(), d.UpdatedAt.UTC())
			if err != nil {
				return fmt.Errorf("sqlstore: create webhook delivery: %w", err)
			}
			if n == 0 {
				continue
			}
			added++
			if err := t.Enqueue(ctx, webhook.DeliverArgs{ShopID: d.ShopID, DeliveryID: d.ID}); err != nil {
				return err
			}
		}
		return nil
	})
	return added, err
}

// FindDeliveryByID returns ENOTFOUND.
func (s Webhooks) FindDeliveryByID(ctx context.Context, shopID, id purna.ID) (*webhook.Delivery, error) {
	d, err := scanDelivery(s.db.Read().QueryRow(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries
		WHERE shop_id = $1 AND id = $2`, shopID, id))
	if err != nil {
		return nil, notFound(err, "Webhook delivery")
	}
	return d, nil
}

func deliveryWhere(f webhook.DeliveryFilter) *where {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	w.add(`endpoint_id = ?`, f.EndpointID)
	if f.Status != nil {
		w.add(`status = ?`, string(*f.Status))
	}
	return w
}

// CountDeliveries counts the deliveries matching f, ignoring its cursor.
func (s Webhooks) CountDeliveries(ctx context.Context, f webhook.DeliveryFilter) (int, error) {
	w := deliveryWhere(f)
	var n int
	if err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM webhook_deliveries`+w.String(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count webhook deliveries: %w", err)
	}
	return n, nil
}

// FindDeliveries returns a page of an endpoint's deliveries, newest first.
func (s Webhooks) FindDeliveries(ctx context.Context, f webhook.DeliveryFilter) ([]*webhook.Delivery, string, error) {
	w := deliveryWhere(f)
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(created_at, id) < (?, ?)`, t, id)
	}
	limit := max(f.Limit, 1)
	rows, err := s.db.Read().Query(ctx, `SELECT `+deliveryCols+` FROM webhook_deliveries`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: find webhook deliveries: %w", err)
	}
	defer rows.Close()
	out := []*webhook.Delivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(d *webhook.Delivery) (time.Time, purna.ID) { return d.CreatedAt, d.ID })
	return out, next, nil
}

// RecordAttempt saves the delivery and the endpoint's health in one
// transaction. The endpoint's columns are set by condition rather than
// rewritten, so a merchant's edit made during the attempt is kept.
func (s Webhooks) RecordAttempt(ctx context.Context, a webhook.Attempt) error {
	d := a.Delivery
	at := a.At.UTC()
	return s.Begin(ctx, func(t *Tx) error {
		_, err := t.q.Exec(ctx, `UPDATE webhook_deliveries SET status = $3, attempts = $4, last_status = $5, last_error = $6,
			next_at = $7, delivered_at = $8, updated_at = $9 WHERE shop_id = $1 AND id = $2`, d.ShopID, d.ID, string(d.Status),
			d.Attempts, d.LastStatus, d.LastError, utc(d.NextAt), utc(d.DeliveredAt), d.UpdatedAt.UTC())
		if err != nil {
			return fmt.Errorf("sqlstore: record webhook attempt: %w", err)
		}
		switch a.Health {
		case webhook.HealthOK:
			_, err = t.q.Exec(ctx, `UPDATE webhook_endpoints SET failing_since = NULL
				WHERE shop_id = $1 AND id = $2 AND failing_since IS NOT NULL`, d.ShopID, d.EndpointID)
		case webhook.HealthFailing:
			_, err = t.q.Exec(ctx, `UPDATE webhook_endpoints SET failing_since = $3
				WHERE shop_id = $1 AND id = $2 AND failing_since IS NULL`, d.ShopID, d.EndpointID, at)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: record webhook endpoint health: %w", err)
		}
		if a.Disable != "" {
			_, err = t.q.Exec(ctx, `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $3, updated_at = $4
				WHERE shop_id = $1 AND id = $2 AND status = 'active'`, d.ShopID, d.EndpointID, a.Disable, at)
			if err != nil {
				return fmt.Errorf("sqlstore: disable webhook endpoint: %w", err)
			}
		}
		return nil
	})
}

package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/timeline"
)

// Customers implements customer.Store.
type Customers struct{ *Store }

// InTx runs fn in one transaction.
func (s Customers) InTx(ctx context.Context, fn func(customer.Tx) error) error {
	return s.Begin(ctx, func(t *Tx) error { return fn(t) })
}

const customerCols = `id, shop_id, email, phone, first_name, last_name, locale, timezone, city, province, country,
	orders_count, total_spent, first_order_at, last_order_at, created_at, updated_at`

func scanCustomer(r db.Row) (*customer.Customer, error) {
	var c customer.Customer
	err := r.Scan(&c.ID, &c.ShopID, &c.Email, &c.Phone, &c.FirstName, &c.LastName, &c.Locale, &c.Timezone, &c.City,
		&c.Province, &c.Country, &c.OrdersCount, &c.TotalSpent, &c.FirstOrderAt, &c.LastOrderAt,
		&c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	c.FirstOrderAt, c.LastOrderAt = utc(c.FirstOrderAt), utc(c.LastOrderAt)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

func findCustomer(ctx context.Context, q db.Querier, cond string, args ...any) (*customer.Customer, error) {
	c, err := scanCustomer(q.QueryRow(ctx, `SELECT `+customerCols+` FROM customers WHERE `+cond, args...))
	if err != nil {
		return nil, notFound(err, "Customer")
	}
	if c.Consents, err = findConsents(ctx, q, c.ShopID, c.ID); err != nil {
		return nil, err
	}
	return c, nil
}

func findConsents(ctx context.Context, q db.Querier, shopID, customerID purna.ID) ([]customer.Consent, error) {
	rows, err := q.Query(ctx, `SELECT channel, granted, source, updated_at FROM consents
		WHERE shop_id = $1 AND customer_id = $2 ORDER BY channel`, shopID, customerID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find consents: %w", err)
	}
	defer rows.Close()
	out := []customer.Consent{}
	for rows.Next() {
		var c customer.Consent
		if err := rows.Scan(&c.Channel, &c.Granted, &c.Source, &c.UpdatedAt); err != nil {
			return nil, err
		}
		c.UpdatedAt = c.UpdatedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// FindCustomersByIDs returns the shop's customers among ids with their
// consents: two queries per 500 customers.
func (s Customers) FindCustomersByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*customer.Customer, error) {
	q := s.db.Read()
	var out []*customer.Customer
	for part := range slices.Chunk(ids, 500) {
		in, idArgs := inList(2, part)
		args := append([]any{shopID}, idArgs...)
		rows, err := q.Query(ctx, `SELECT `+customerCols+` FROM customers WHERE `+manyByKey("")+` AND id IN (`+in+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find customers: %w", err)
		}
		byID := map[purna.ID]*customer.Customer{}
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			c.Consents = []customer.Consent{}
			byID[c.ID] = c
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = q.Query(ctx, `SELECT customer_id, channel, granted, source, updated_at FROM consents
			WHERE shop_id = $1 AND customer_id IN (`+in+`) ORDER BY customer_id, channel`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find consents: %w", err)
		}
		for rows.Next() {
			var id purna.ID
			var c customer.Consent
			if err := rows.Scan(&id, &c.Channel, &c.Granted, &c.Source, &c.UpdatedAt); err != nil {
				rows.Close()
				return nil, err
			}
			c.UpdatedAt = c.UpdatedAt.UTC()
			if cu := byID[id]; cu != nil {
				cu.Consents = append(cu.Consents, c)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindCustomerByID returns ENOTFOUND if no such customer is in shopID.
func (s Customers) FindCustomerByID(ctx context.Context, shopID, id purna.ID) (*customer.Customer, error) {
	return findCustomer(ctx, s.db.Read(), `shop_id = $1 AND id = $2`, shopID, id)
}

func customerWhere(f customer.Filter) *where {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	if q := strings.TrimSpace(f.Query); q != "" {
		p := likePattern(q)
		w.add(`(LOWER(first_name || ' ' || last_name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\' OR phone LIKE ? ESCAPE '\')`, p, p, p)
	}
	return w
}

// FindCustomers returns one page of customers, newest first.
func (s Customers) FindCustomers(ctx context.Context, f customer.Filter) ([]*customer.Customer, string, error) {
	w := customerWhere(f)
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(created_at, id) < (?, ?)`, t, id)
	}
	limit := max(f.Limit, 1)
	rows, err := s.db.Read().Query(ctx, `SELECT `+customerCols+` FROM customers`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: find customers: %w", err)
	}
	defer rows.Close()
	out := []*customer.Customer{}
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(c *customer.Customer) (time.Time, purna.ID) { return c.CreatedAt, c.ID })
	return out, next, nil
}

// CountCustomers counts the customers matching f.
func (s Customers) CountCustomers(ctx context.Context, f customer.Filter) (int, error) {
	w := customerWhere(f)
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM customers`+w.String(), w.args...).Scan(&n)
	return n, err
}

// FindEvents returns timeline events, newest first.
func (s Customers) FindEvents(ctx context.Context, f timeline.Filter) ([]timeline.Event, string, error) {
	return findEvents(ctx, s.db.Read(), f)
}

// FindCustomerByRef returns the customer a source knows by externalID.
func (t *Tx) FindCustomerByRef(ctx context.Context, shopID purna.ID, source, externalID string) (*customer.Customer, error) {
	return findCustomer(ctx, t.q, `id = (SELECT customer_id FROM customer_refs
		WHERE shop_id = $1 AND source = $2 AND external_id = $3) AND shop_id = $1`, shopID, source, externalID)
}

// FindCustomerByEmail matches a normalised email.
func (t *Tx) FindCustomerByEmail(ctx context.Context, shopID purna.ID, email string) (*customer.Customer, error) {
	return findCustomer(ctx, t.q, `shop_id = $1 AND email = $2`, shopID, email)
}

// FindCustomerByPhone matches an E.164 phone, oldest customer first.
func (t *Tx) FindCustomerByPhone(ctx context.Context, shopID purna.ID, phone string) (*customer.Customer, error) {
	return findCustomer(ctx, t.q, `shop_id = $1 AND phone = $2 ORDER BY id LIMIT 1`, shopID, phone)
}

// CreateCustomer inserts c.
func (t *Tx) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	_, err := t.q.Exec(ctx, `INSERT INTO customers (id, shop_id, email, phone, first_name, last_name, locale,
		timezone, city, province, country, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
		c.ID, c.ShopID, c.Email, c.Phone, c.FirstName, c.LastName, c.Locale, c.Timezone, c.City, c.Province, c.Country,
		c.CreatedAt.UTC(), c.UpdatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return &purna.Error{Code: purna.ECONFLICT, Message: "Another customer has this email.",
			Fields: map[string]string{"email": "belongs to another customer"}}
	}
	if c.Consents == nil {
		c.Consents = []customer.Consent{}
	}
	return err
}

// UpdateCustomer saves c's own columns.
func (t *Tx) UpdateCustomer(ctx context.Context, c *customer.Customer) error {
	_, err := t.q.Exec(ctx, `UPDATE customers SET email = $3, phone = $4, first_name = $5, last_name = $6,
		locale = $7, timezone = $8, city = $9, province = $10, country = $11, updated_at = $12 WHERE shop_id = $1 AND id = $2`,
		c.ShopID, c.ID, c.Email, c.Phone, c.FirstName, c.LastName, c.Locale, c.Timezone, c.City, c.Province, c.Country,
		c.UpdatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return &purna.Error{Code: purna.ECONFLICT, Message: "Another customer has this email.",
			Fields: map[string]string{"email": "belongs to another customer"}}
	}
	return err
}

// AddCustomerRef links (source, externalID) to the customer.
func (t *Tx) AddCustomerRef(ctx context.Context, shopID purna.ID, source, externalID string, customerID purna.ID) error {
	_, err := t.q.Exec(ctx, `INSERT INTO customer_refs (shop_id, source, external_id, customer_id)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, shopID, source, externalID, customerID)
	return err
}

// SaveConsent stores c as the customer's consent on its channel.
func (t *Tx) SaveConsent(ctx context.Context, shopID, customerID purna.ID, c customer.Consent) error {
	_, err := t.q.Exec(ctx, `INSERT INTO consents (shop_id, customer_id, channel, granted, source, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, channel) DO UPDATE
		SET granted = excluded.granted, source = excluded.source, updated_at = excluded.updated_at`,
		shopID, customerID, string(c.Channel), c.Granted, c.Source, c.UpdatedAt.UTC())
	return err
}

// RefreshCustomerStats recomputes the customer's order figures from their
// orders. Cancelled orders do not count.
func (t *Tx) RefreshCustomerStats(ctx context.Context, shopID, customerID purna.ID) error {
	_, err := t.q.Exec(ctx, `UPDATE customers SET
		orders_count = (SELECT COUNT(*) FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2 AND o.cancelled_at IS NULL),
		total_spent = (SELECT COALESCE(SUM(o.total), 0) FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2
			AND o.cancelled_at IS NULL AND o.refunded_at IS NULL AND o.currency = (SELECT currency FROM shops WHERE id = $1)),
		first_order_at = (SELECT MIN(o.placed_at) FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2 AND o.cancelled_at IS NULL),
		last_order_at = (SELECT MAX(o.placed_at) FROM orders o WHERE o.shop_id = $1 AND o.customer_id = $2 AND o.cancelled_at IS NULL)
		WHERE shop_id = $1 AND id = $2`, shopID, customerID)
	return err
}

package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
)

// Orders implements order.Store.
type Orders struct{ *Store }

// InTx runs fn in one transaction.
func (s Orders) InTx(ctx context.Context, fn func(order.Tx) error) error {
	return s.Begin(ctx, func(t *Tx) error { return fn(t) })
}

const orderCols = `o.id, o.shop_id, o.source, o.external_id, o.number, o.customer_id, o.status, o.currency,
	o.subtotal, o.discount, o.shipping, o.tax, o.total, o.email, o.phone, o.ship_name, o.ship_address,
	o.ship_city, o.ship_province, o.ship_postal, o.ship_country, o.cancel_reason, o.placed_at, o.paid_at,
	o.fulfilled_at, o.delivered_at, o.cancelled_at, o.refunded_at, o.created_at, o.updated_at`

func scanOrder(r db.Row, extra ...any) (*order.Order, error) {
	var o order.Order
	a := &o.Address
	dest := []any{&o.ID, &o.ShopID, &o.Source, &o.ExternalID, &o.Number, &o.CustomerID, &o.Status, &o.Currency,
		&o.Subtotal, &o.Discount, &o.Shipping, &o.Tax, &o.Total, &o.Email, &o.Phone, &a.Name, &a.Address,
		&a.City, &a.Province, &a.Postal, &a.Country, &o.CancelReason, &o.PlacedAt, &o.PaidAt,
		&o.FulfilledAt, &o.DeliveredAt, &o.CancelledAt, &o.RefundedAt, &o.CreatedAt, &o.UpdatedAt}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	o.PlacedAt, o.CreatedAt, o.UpdatedAt = o.PlacedAt.UTC(), o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	o.PaidAt, o.FulfilledAt, o.DeliveredAt = utc(o.PaidAt), utc(o.FulfilledAt), utc(o.DeliveredAt)
	o.CancelledAt, o.RefundedAt = utc(o.CancelledAt), utc(o.RefundedAt)
	o.Lines, o.Shipments = []*order.Line{}, []*order.Shipment{}
	return &o, nil
}

// findOrder loads one order with its lines, shipments and scans.
func findOrder(ctx context.Context, q db.Querier, cond string, args ...any) (*order.Order, error) {
	o, err := scanOrder(q.QueryRow(ctx, `SELECT `+orderCols+` FROM orders o WHERE `+cond, args...))
	if err != nil {
		return nil, notFound(err, "Order")
	}
	if err := loadOrderDetails(ctx, q, o.ShopID, []*order.Order{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// FindOrdersByIDs returns the shop's orders among ids, with their lines,
// shipments and scans: four queries per 500 orders.
func (s Orders) FindOrdersByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*order.Order, error) {
	q := s.db.Read()
	var out []*order.Order
	for part := range slices.Chunk(ids, 500) {
		in, args := inList(2, part)
		rows, err := q.Query(ctx, `SELECT `+orderCols+` FROM orders o WHERE `+manyByKey("o")+` AND o.id IN (`+in+`)`,
			append([]any{shopID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find orders: %w", err)
		}
		var found []*order.Order
		for rows.Next() {
			o, err := scanOrder(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			found = append(found, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := loadOrderDetails(ctx, q, shopID, found); err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// loadOrderDetails fills the orders' lines, shipments and tracking events,
// one query each for all of them.
func loadOrderDetails(ctx context.Context, q db.Querier, shopID purna.ID, orders []*order.Order) error {
	if len(orders) == 0 {
		return nil
	}
	byOrder := make(map[purna.ID]*order.Order, len(orders))
	ids := make([]purna.ID, len(orders))
	for i, o := range orders {
		byOrder[o.ID], ids[i] = o, o.ID
	}
	in, idArgs := inList(2, ids)
	args := append([]any{shopID}, idArgs...)
	rows, err := q.Query(ctx, `SELECT order_id, id, position, external_id, product_id, sku, name, quantity, unit_price, total,
		serial_numbers FROM order_lines WHERE `+manyByKey("")+` AND order_id IN (`+in+`) ORDER BY order_id, position`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: find lines: %w", err)
	}
	for rows.Next() {
		var l order.Line
		var oid purna.ID
		var sn string
		if err := rows.Scan(&oid, &l.ID, &l.Position, &l.ExternalID, &l.ProductID, &l.SKU, &l.Name, &l.Quantity,
			&l.UnitPrice, &l.Total, &sn); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(sn), &l.SerialNumbers); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: line %s serial numbers: %w", l.ID, err)
		}
		if o := byOrder[oid]; o != nil {
			o.Lines = append(o.Lines, &l)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	rows, err = q.Query(ctx, `SELECT id, order_id, external_id, carrier, tracking_number, tracking_url, status,
		promised_at, shipped_at, delivered_at, created_at, updated_at FROM shipments
		WHERE `+manyByKey("")+` AND order_id IN (`+in+`) ORDER BY created_at, id`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: find shipments: %w", err)
	}
	byID := map[purna.ID]*order.Shipment{}
	for rows.Next() {
		var s order.Shipment
		if err := rows.Scan(&s.ID, &s.OrderID, &s.ExternalID, &s.Carrier, &s.TrackingNumber, &s.TrackingURL,
			&s.Status, &s.PromisedAt, &s.ShippedAt, &s.DeliveredAt, &s.CreatedAt, &s.UpdatedAt); err != nil {
			rows.Close()
			return err
		}
		s.PromisedAt, s.ShippedAt, s.DeliveredAt = utc(s.PromisedAt), utc(s.ShippedAt), utc(s.DeliveredAt)
		s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
		s.Events = []*order.TrackingEvent{}
		if o := byOrder[s.OrderID]; o != nil {
			o.Shipments = append(o.Shipments, &s)
		}
		byID[s.ID] = &s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(byID) == 0 {
		return nil
	}
	rows, err = q.Query(ctx, `SELECT e.id, e.shipment_id, e.occurred_at, e.status, e.location, e.description
		FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id
		WHERE `+manyByKey("s")+` AND s.order_id IN (`+in+`) ORDER BY e.occurred_at, e.id`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: find tracking events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e order.TrackingEvent
		var sid purna.ID
		if err := rows.Scan(&e.ID, &sid, &e.OccurredAt, &e.Status, &e.Location, &e.Description); err != nil {
			return err
		}
		e.OccurredAt = e.OccurredAt.UTC()
		if s := byID[sid]; s != nil {
			s.Events = append(s.Events, &e)
		}
	}
	return rows.Err()
}

// inList returns "$n,$n+1,…" for ids (or any strings: IDs are strings),
// numbered from first, and the ids as arguments.
func inList(first int, ids []purna.ID) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("$" + strconv.Itoa(first+i))
		args[i] = id
	}
	return b.String(), args
}

// FindOrderByID returns the order with its lines and shipments.
func (s Orders) FindOrderByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error) {
	return findOrder(ctx, s.db.Read(), `o.shop_id = $1 AND o.id = $2`, shopID, id)
}

func orderWhere(f order.Filter) *where {
	w := &where{}
	w.add(`o.shop_id = ?`, f.ShopID)
	if f.CustomerID != nil {
		w.add(`o.customer_id = ?`, *f.CustomerID)
	}
	if f.Status != nil {
		w.add(`o.status = ?`, string(*f.Status))
	}
	if f.Source != "" {
		w.add(`o.source = ?`, f.Source)
	}
	if f.PlacedFrom != nil {
		w.add(`o.placed_at >= ?`, f.PlacedFrom.UTC())
	}
	if f.PlacedTo != nil {
		w.add(`o.placed_at < ?`, f.PlacedTo.UTC())
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := likePattern(q)
		w.add(`(LOWER(o.number) LIKE ? ESCAPE '\' OR LOWER(o.external_id) LIKE ? ESCAPE '\' OR o.email LIKE ? ESCAPE '\'
			OR o.customer_id IN (SELECT c.id FROM customers c WHERE c.shop_id = o.shop_id
				AND LOWER(c.first_name || ' ' || c.last_name) LIKE ? ESCAPE '\'))`, p, p, p, p)
	}
	return w
}

// FindOrders returns one page of orders, latest placed first.
func (s Orders) FindOrders(ctx context.Context, f order.Filter) ([]*order.Order, string, error) {
	w := orderWhere(f)
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(o.placed_at, o.id) < (?, ?)`, t, id)
	}
	limit := max(f.Limit, 1)
	rows, err := s.db.Read().Query(ctx, `SELECT `+orderCols+`, COALESCE(c.first_name || ' ' || c.last_name, '')
		FROM orders o LEFT JOIN customers c ON c.id = o.customer_id`+w.String()+
		` ORDER BY o.placed_at DESC, o.id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: find orders: %w", err)
	}
	defer rows.Close()
	out := []*order.Order{}
	for rows.Next() {
		var name string
		o, err := scanOrder(rows, &name)
		if err != nil {
			return nil, "", err
		}
		o.CustomerName = strings.TrimSpace(name)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(o *order.Order) (time.Time, purna.ID) { return o.PlacedAt, o.ID })
	return out, next, nil
}

// CountOrders counts the orders matching f.
func (s Orders) CountOrders(ctx context.Context, f order.Filter) (int, error) {
	w := orderWhere(f)
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM orders o`+w.String(), w.args...).Scan(&n)
	return n, err
}

// FindOrderByRef returns the order a source knows by externalID.
func (t *Tx) FindOrderByRef(ctx context.Context, shopID purna.ID, source, externalID string) (*order.Order, error) {
	return findOrder(ctx, t.q, `o.shop_id = $1 AND o.source = $2 AND o.external_id = $3`, shopID, source, externalID)
}

// FindOrderByIDForUpdate returns the order inside the transaction.
func (t *Tx) FindOrderByIDForUpdate(ctx context.Context, shopID, id purna.ID) (*order.Order, error) {
	return findOrder(ctx, t.q, `o.shop_id = $1 AND o.id = $2`, shopID, id)
}

// CreateOrder inserts o with its lines, shipments and scans.
func (t *Tx) CreateOrder(ctx context.Context, o *order.Order) error {
	a := o.Address
	_, err := t.q.Exec(ctx, `INSERT INTO orders (id, shop_id, source, external_id, number, customer_id, status,
		currency, subtotal, discount, shipping, tax, total, email, phone, ship_name, ship_address, ship_city,
		ship_province, ship_postal, ship_country, cancel_reason, placed_at, paid_at, fulfilled_at, delivered_at,
		cancelled_at, refunded_at, created_at, updated_at) VALUES `+placeholders(1, 30, 0),
		o.ID, o.ShopID, o.Source, o.ExternalID, o.Number, o.CustomerID, string(o.Status), o.Currency, o.Subtotal,
		o.Discount, o.Shipping, o.Tax, o.Total, o.Email, o.Phone, a.Name, a.Address, a.City, a.Province, a.Postal,
		a.Country, o.CancelReason, o.PlacedAt.UTC(), utc(o.PaidAt), utc(o.FulfilledAt), utc(o.DeliveredAt),
		utc(o.CancelledAt), utc(o.RefundedAt), o.CreatedAt.UTC(), o.UpdatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return purna.Errorf(purna.ECONFLICT, "Order %s from %s is being stored by another request.", o.ExternalID, o.Source)
	} else if err != nil {
		return fmt.Errorf("sqlstore: create order: %w", err)
	}
	if err := t.SaveLines(ctx, o); err != nil {
		return err
	}
	for _, s := range o.Shipments {
		if err := t.SaveShipment(ctx, o.ShopID, s, s.Events); err != nil {
			return err
		}
	}
	return nil
}

// UpdateOrder saves o's own columns.
func (t *Tx) UpdateOrder(ctx context.Context, o *order.Order) error {
	a := o.Address
	_, err := t.q.Exec(ctx, `UPDATE orders SET number = $3, customer_id = $4, status = $5, subtotal = $6,
		discount = $7, shipping = $8, tax = $9, total = $10, email = $11, phone = $12, ship_name = $13,
		ship_address = $14, ship_city = $15, ship_province = $16, ship_postal = $17, ship_country = $18,
		cancel_reason = $19, paid_at = $20, fulfilled_at = $21, delivered_at = $22, cancelled_at = $23,
		refunded_at = $24, updated_at = $25 WHERE shop_id = $1 AND id = $2`,
		o.ShopID, o.ID, o.Number, o.CustomerID, string(o.Status), o.Subtotal, o.Discount, o.Shipping, o.Tax,
		o.Total, o.Email, o.Phone, a.Name, a.Address, a.City, a.Province, a.Postal, a.Country, o.CancelReason,
		utc(o.PaidAt), utc(o.FulfilledAt), utc(o.DeliveredAt), utc(o.CancelledAt), utc(o.RefundedAt),
		o.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: update order %s: %w", o.ID, err)
	}
	return nil
}

// SaveLines writes o.Lines by position, linking each to the shop's product
// with the same SKU, in one statement.
func (t *Tx) SaveLines(ctx context.Context, o *order.Order) error {
	if len(o.Lines) == 0 {
		return nil
	}
	var skus []any
	seen := map[string]bool{}
	for _, l := range o.Lines {
		if l.SKU != "" && l.ProductID == nil && !seen[l.SKU] {
			seen[l.SKU] = true
			skus = append(skus, l.SKU)
		}
	}
	for len(skus) > 0 {
		part := skus[:min(len(skus), 500)]
		skus = skus[len(part):]
		if err := t.linkProducts(ctx, o, part); err != nil {
			return err
		}
	}

	for _, l := range o.Lines {
		l.Total = l.Quantity * l.UnitPrice
	}
	// In chunks: SQLite caps the parameters of one statement, and its
	// parser slows down with thousands of them.
	for chunk := range slices.Chunk(o.Lines, linesPerInsert) {
		if err := t.insertLines(ctx, o, chunk); err != nil {
			return err
		}
	}
	return nil
}

// linkProducts sets the product of each line whose SKU is in skus.
func (t *Tx) linkProducts(ctx context.Context, o *order.Order, skus []any) error {
	ph := strings.TrimSuffix(strings.TrimPrefix(placeholders(1, len(skus), 1), "("), ")")
	rows, err := t.q.Query(ctx, `SELECT sku, id FROM products WHERE shop_id = $1 AND sku IN (`+ph+`)`,
		append([]any{o.ShopID}, skus...)...)
	if err != nil {
		return fmt.Errorf("sqlstore: link products: %w", err)
	}
	defer rows.Close()
	ids := map[string]purna.ID{}
	for rows.Next() {
		var sku, id string
		if err := rows.Scan(&sku, &id); err != nil {
			return err
		}
		ids[sku] = id
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range o.Lines {
		if id, ok := ids[l.SKU]; ok && l.ProductID == nil {
			l.ProductID = &id
		}
	}
	return nil
}

const linesPerInsert = 50

func (t *Tx) insertLines(ctx context.Context, o *order.Order, lines []*order.Line) error {
	const cols = 12
	args := make([]any, 0, len(lines)*cols)
	for _, l := range lines {
		args = append(args, l.ID, o.ShopID, o.ID, l.Position, l.ExternalID, l.ProductID, l.SKU, l.Name,
			l.Quantity, l.UnitPrice, l.Total, jsonText(l.SerialNumbers))
	}
	_, err := t.q.Exec(ctx, `INSERT INTO order_lines (id, shop_id, order_id, position, external_id, product_id,
		sku, name, quantity, unit_price, total, serial_numbers) VALUES `+placeholders(len(lines), cols, 0)+`
		ON CONFLICT (order_id, position) DO UPDATE SET external_id = excluded.external_id,
		product_id = excluded.product_id, sku = excluded.sku, name = excluded.name, quantity = excluded.quantity,
		unit_price = excluded.unit_price, total = excluded.total, serial_numbers = excluded.serial_numbers`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: save lines: %w", err)
	}
	return nil
}

// SaveShipment inserts or updates s and inserts its new scans.
func (t *Tx) SaveShipment(ctx context.Context, shopID purna.ID, s *order.Shipment, events []*order.TrackingEvent) error {
	_, err := t.q.Exec(ctx, `INSERT INTO shipments (id, shop_id, order_id, external_id, carrier, tracking_number,
		tracking_url, status, promised_at, shipped_at, delivered_at, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
		ON CONFLICT (id) DO UPDATE SET carrier = excluded.carrier, tracking_number = excluded.tracking_number,
		tracking_url = excluded.tracking_url, status = excluded.status, promised_at = excluded.promised_at,
		shipped_at = excluded.shipped_at, delivered_at = excluded.delivered_at, updated_at = excluded.updated_at`,
		s.ID, shopID, s.OrderID, s.ExternalID, s.Carrier, s.TrackingNumber, s.TrackingURL, string(s.Status),
		utc(s.PromisedAt), utc(s.ShippedAt), utc(s.DeliveredAt), s.CreatedAt.UTC(), s.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: save shipment: %w", err)
	}
	if len(events) == 0 {
		return nil
	}
	const cols = 7
	args := make([]any, 0, len(events)*cols)
	for _, e := range events {
		args = append(args, e.ID, shopID, s.ID, e.OccurredAt.UTC(), string(e.Status), e.Location, e.Description)
	}
	_, err = t.q.Exec(ctx, `INSERT INTO tracking_events (id, shop_id, shipment_id, occurred_at, status, location,
		description) VALUES `+placeholders(len(events), cols, 0)+` ON CONFLICT DO NOTHING`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: save tracking events: %w", err)
	}
	return nil
}

// lateWhere selects undelivered parcels past their promise on live orders.
const lateWhere = ` FROM shipments s JOIN orders o ON o.id = s.order_id
	WHERE s.shop_id = $1 AND s.delivered_at IS NULL AND s.promised_at < $2
	AND s.status NOT IN ('returned') AND o.cancelled_at IS NULL AND o.refunded_at IS NULL`

// FindLateShipments returns the most overdue parcels and how many there are.
func (s Orders) FindLateShipments(ctx context.Context, shopID purna.ID, now time.Time, limit int) ([]*order.LateShipment, int, error) {
	q := s.db.Read()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*)`+lateWhere, shopID, now.UTC()).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlstore: count late shipments: %w", err)
	}
	rows, err := q.Query(ctx, `SELECT o.id, o.number, o.customer_id, COALESCE((SELECT c.first_name || ' ' || c.last_name FROM customers c
		WHERE c.id = o.customer_id), ''), s.id, s.carrier, s.tracking_number, s.promised_at`+lateWhere+`
		ORDER BY s.promised_at, s.id LIMIT $3`, shopID, now.UTC(), limit)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlstore: find late shipments: %w", err)
	}
	defer rows.Close()
	out := []*order.LateShipment{}
	for rows.Next() {
		var l order.LateShipment
		if err := rows.Scan(&l.OrderID, &l.OrderNumber, &l.CustomerID, &l.CustomerName, &l.ShipmentID, &l.Carrier, &l.Tracking, &l.PromisedAt); err != nil {
			return nil, 0, err
		}
		l.CustomerName = strings.TrimSpace(l.CustomerName)
		l.PromisedAt = l.PromisedAt.UTC()
		out = append(out, &l)
	}
	return out, total, rows.Err()
}

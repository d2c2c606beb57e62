package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
)

// Cases implements cases.Store.
type Cases struct{ *Store }

var _ cases.Store = Cases{}

// InTx runs fn in one transaction.
func (s Cases) InTx(ctx context.Context, fn func(cases.Tx) error) error {
	return s.Begin(ctx, func(t *Tx) error { return fn(t) })
}

// FindShopByID returns ENOTFOUND.
func (s Cases) FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error) {
	return Shops{Store: s.Store}.FindShopByID(ctx, id)
}

// FindOrderByID returns the order with its lines and shipments. ENOTFOUND.
func (s Cases) FindOrderByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error) {
	return Orders{Store: s.Store}.FindOrderByID(ctx, shopID, id)
}

// FindProductsByIDs returns the shop's products among ids.
func (s Cases) FindProductsByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*product.Product, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out []*product.Product
	for part := range slices.Chunk(ids, 500) {
		in, args := inList(2, part)
		ps, err := queryProducts(ctx, s.db.Read(), `SELECT `+productCols+` FROM products WHERE shop_id = $1 AND id IN (`+in+`)`,
			append([]any{shopID}, args...)...)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// FindSpareParts returns the shop's products that fit other products.
func (s Cases) FindSpareParts(ctx context.Context, shopID purna.ID) ([]*product.Product, error) {
	return queryProducts(ctx, s.db.Read(), `SELECT `+productCols+` FROM products WHERE shop_id = $1
		AND spare_part_for <> '[]' ORDER BY sku`, shopID)
}

func queryProducts(ctx context.Context, q db.Querier, query string, args ...any) ([]*product.Product, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find products: %w", err)
	}
	defer rows.Close()
	var out []*product.Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// IsMember reports whether the user works in the shop.
func (s Cases) IsMember(ctx context.Context, shopID, userID purna.ID) (bool, error) {
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE shop_id = $1 AND user_id = $2`, shopID, userID).Scan(&n)
	return n > 0, err
}

const caseCols = `c.id, c.shop_id, c.number, c.kind, c.status, c.customer_id, c.order_id, c.wanted, c.resolution,
	c.refund_amount, c.currency, c.assignee_id, c.due_at, c.source, c.tracking, c.repair, c.booking, c.replacements,
	c.seq, c.created_at, c.updated_at, c.resolved_at, c.closed_at`

func scanCase(r db.Row) (*cases.Case, error) {
	var c cases.Case
	var repair, booking *string
	var sent string
	if err := r.Scan(&c.ID, &c.ShopID, &c.Number, &c.Kind, &c.Status, &c.CustomerID, &c.OrderID, &c.Wanted, &c.Resolution,
		&c.Refund.Amount, &c.Refund.Currency, &c.AssigneeID, &c.DueAt, &c.Source, &c.Tracking, &repair, &booking, &sent,
		&c.Seq, &c.CreatedAt, &c.UpdatedAt, &c.ResolvedAt, &c.ClosedAt); err != nil {
		return nil, err
	}
	if repair != nil {
		c.Repair = &cases.RepairOrder{}
		if err := json.Unmarshal([]byte(*repair), c.Repair); err != nil {
			return nil, fmt.Errorf("sqlstore: case %s repair: %w", c.ID, err)
		}
	}
	if booking != nil {
		c.Booking = &cases.Booking{}
		if err := json.Unmarshal([]byte(*booking), c.Booking); err != nil {
			return nil, fmt.Errorf("sqlstore: case %s booking: %w", c.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(sent), &c.Replacements); err != nil {
		return nil, fmt.Errorf("sqlstore: case %s replacements: %w", c.ID, err)
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.DueAt, c.ResolvedAt, c.ClosedAt = utc(c.DueAt), utc(c.ResolvedAt), utc(c.ClosedAt)
	c.Lines = []cases.Line{}
	return &c, nil
}

// nullJSON marshals v, or returns nil for a nil pointer.
func nullJSON[T any](v *T) *string {
	if v == nil {
		return nil
	}
	s := jsonText(v)
	return &s
}

// queryCases runs a query of caseCols and loads the cases' lines.
func queryCases(ctx context.Context, q db.Querier, shopID purna.ID, query string, args ...any) ([]*cases.Case, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find cases: %w", err)
	}
	out := []*cases.Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: find cases: %w", err)
	}
	return out, loadCaseLines(ctx, q, shopID, out)
}

// loadCaseLines fills the cases' lines, one query per 500 cases.
func loadCaseLines(ctx context.Context, q db.Querier, shopID purna.ID, cs []*cases.Case) error {
	byID := make(map[purna.ID]*cases.Case, len(cs))
	ids := make([]purna.ID, len(cs))
	for i, c := range cs {
		byID[c.ID], ids[i] = c, c.ID
	}
	for part := range slices.Chunk(ids, 500) {
		in, args := inList(2, part)
		rows, err := q.Query(ctx, `SELECT case_id, id, order_line_id, registration_id, product_id, quantity, reason, note,
			received_quantity, item_condition, serial_number, refund_amount, cost_amount
			FROM case_lines WHERE shop_id = $1 AND case_id IN (`+in+`) ORDER BY case_id, position`, append([]any{shopID}, args...)...)
		if err != nil {
			return fmt.Errorf("sqlstore: find case lines: %w", err)
		}
		for rows.Next() {
			var l cases.Line
			var caseID purna.ID
			if err := rows.Scan(&caseID, &l.ID, &l.OrderLineID, &l.RegistrationID, &l.ProductID, &l.Quantity, &l.Reason,
				&l.Note, &l.ReceivedQuantity, &l.Condition, &l.SerialNumber, &l.RefundAmount, &l.CostAmount); err != nil {
				rows.Close()
				return err
			}
			if c := byID[caseID]; c != nil {
				c.Lines = append(c.Lines, l)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: find case lines: %w", err)
		}
	}
	return nil
}

// FindCaseByID returns the case with its lines. ENOTFOUND.
func (s Cases) FindCaseByID(ctx context.Context, shopID, id purna.ID) (*cases.Case, error) {
	cs, err := queryCases(ctx, s.db.Read(), shopID, `SELECT `+caseCols+` FROM cases c WHERE c.shop_id = $1 AND c.id = $2`, shopID, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, purna.Errorf(purna.ENOTFOUND, "Case not found.")
	}
	return cs[0], nil
}

// FindCasesByOrder returns every case on the order, oldest first.
func (s Cases) FindCasesByOrder(ctx context.Context, shopID, orderID purna.ID) ([]*cases.Case, error) {
	return queryCases(ctx, s.db.Read(), shopID, `SELECT `+caseCols+` FROM cases c WHERE c.shop_id = $1 AND c.order_id = $2
		ORDER BY c.created_at, c.id`, shopID, orderID)
}

// endedStatuses are the statuses of cases that no longer need work; the
// overdue filter leaves them out.
var endedStatuses = func() []any {
	var out []any
	for _, st := range cases.Statuses {
		if !(&cases.Case{Status: st}).Open() {
			out = append(out, string(st))
		}
	}
	return out
}()

func caseWhere(f cases.Filter) *where {
	w := &where{}
	w.add(`c.shop_id = ?`, f.ShopID)
	if f.Status != nil {
		w.add(`c.status = ?`, string(*f.Status))
	}
	if f.Kind != nil {
		w.add(`c.kind = ?`, string(*f.Kind))
	}
	if f.Unassigned {
		w.add(`(c.assignee_id IS NULL OR c.assignee_id = '')`)
	}
	if f.AssigneeID != nil {
		w.add(`c.assignee_id = ?`, *f.AssigneeID)
	}
	if f.CustomerID != nil {
		w.add(`c.customer_id = ?`, *f.CustomerID)
	}
	if f.OrderID != nil {
		w.add(`c.order_id = ?`, *f.OrderID)
	}
	if f.Overdue {
		w.add(`c.due_at < ? AND c.closed_at IS NULL AND c.status NOT IN (`+strings.Repeat("?,", len(endedStatuses)-1)+`?)`,
			append([]any{f.Now.UTC()}, endedStatuses...)...)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`LOWER(c.number) LIKE ? ESCAPE '\'`, likePattern(q))
	}
	return w
}

// FindCases returns one page of cases, newest first.
func (s Cases) FindCases(ctx context.Context, f cases.Filter) ([]*cases.Case, string, error) {
	w := caseWhere(f)
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(c.created_at, c.id) < (?, ?)`, t, id)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	out, err := queryCases(ctx, s.db.Read(), f.ShopID, `SELECT `+caseCols+` FROM cases c`+w.String()+
		` ORDER BY c.created_at DESC, c.id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(c *cases.Case) (time.Time, purna.ID) { return c.CreatedAt, c.ID })
	return out, next, nil
}

// CountCases counts the cases matching f.
func (s Cases) CountCases(ctx context.Context, f cases.Filter) (int, error) {
	w := caseWhere(f)
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM cases c`+w.String(), w.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count cases: %w", err)
	}
	return n, nil
}

// FindNotes returns a case's notes, oldest first.
func (s Cases) FindNotes(ctx context.Context, shopID, caseID purna.ID, visibleOnly bool) ([]*cases.Note, error) {
	q := `SELECT id, shop_id, case_id, author_role, author_id, body, visible, attachments, created_at FROM case_notes
		WHERE shop_id = $1 AND case_id = $2`
	if visibleOnly {
		q += ` AND visible`
	}
	rows, err := s.db.Read().Query(ctx, q+` ORDER BY created_at, id`, shopID, caseID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find case notes: %w", err)
	}
	defer rows.Close()
	out := []*cases.Note{}
	for rows.Next() {
		var n cases.Note
		var att string
		if err := rows.Scan(&n.ID, &n.ShopID, &n.CaseID, &n.Author.Role, &n.Author.ID, &n.Text, &n.Visible, &att, &n.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(att), &n.Attachments); err != nil {
			return nil, fmt.Errorf("sqlstore: note %s attachments: %w", n.ID, err)
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, &n)
	}
	return out, rows.Err()
}

// FindHistory returns a case's transitions, oldest first.
func (s Cases) FindHistory(ctx context.Context, shopID, caseID purna.ID) ([]*cases.History, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT id, shop_id, case_id, seq, action, from_status, to_status, actor_role,
		actor_id, note, customer_reason, created_at FROM case_events WHERE shop_id = $1 AND case_id = $2 ORDER BY seq`,
		shopID, caseID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find case history: %w", err)
	}
	defer rows.Close()
	out := []*cases.History{}
	for rows.Next() {
		var h cases.History
		if err := rows.Scan(&h.ID, &h.ShopID, &h.CaseID, &h.Seq, &h.Action, &h.From, &h.To, &h.Actor.Role, &h.Actor.ID,
			&h.Note, &h.CustomerReason, &h.CreatedAt); err != nil {
			return nil, err
		}
		h.CreatedAt = h.CreatedAt.UTC()
		out = append(out, &h)
	}
	return out, rows.Err()
}

const registrationCols = `id, shop_id, customer_id, order_id, order_line_id, product_id, serial_number, purchased_at,
	proof_blob_id, extra_months, registered_at`

// FindRegistrations returns registrations, oldest first.
func (s Cases) FindRegistrations(ctx context.Context, f cases.RegistrationFilter) ([]*cases.Registration, error) {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	if f.CustomerID != nil {
		w.add(`customer_id = ?`, *f.CustomerID)
	}
	if f.OrderID != nil {
		w.add(`order_id = ?`, *f.OrderID)
	}
	if f.Elsewhere {
		w.add(`order_id IS NULL`)
	}
	rows, err := s.db.Read().Query(ctx, `SELECT `+registrationCols+` FROM warranty_registrations`+w.String()+
		` ORDER BY registered_at, id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find registrations: %w", err)
	}
	defer rows.Close()
	var out []*cases.Registration
	for rows.Next() {
		var r cases.Registration
		if err := rows.Scan(&r.ID, &r.ShopID, &r.CustomerID, &r.OrderID, &r.OrderLineID, &r.ProductID, &r.SerialNumber,
			&r.PurchasedAt, &r.ProofBlobID, &r.ExtraMonths, &r.RegisteredAt); err != nil {
			return nil, err
		}
		r.PurchasedAt, r.RegisteredAt = utc(r.PurchasedAt), r.RegisteredAt.UTC()
		out = append(out, &r)
	}
	return out, rows.Err()
}

// NextCaseNumber returns the shop's next case number, from 1001.
func (t *Tx) NextCaseNumber(ctx context.Context, shopID purna.ID) (int64, error) {
	var n int64
	err := t.q.QueryRow(ctx, `INSERT INTO case_sequences (shop_id, last_number) VALUES ($1, 1001)
		ON CONFLICT (shop_id) DO UPDATE SET last_number = case_sequences.last_number + 1
		RETURNING last_number`, shopID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: next case number: %w", err)
	}
	return n, nil
}

// openBookings returns the bookings at location of the shop's open
// maintenance cases other than except. The booking is a JSON column, read
// here rather than taken apart in SQL so that both engines share the
// query; a shop has few open visits at a time.
func openBookings(ctx context.Context, q db.Querier, shopID purna.ID, location string, except purna.ID) ([]cases.Booking, error) {
	w := &where{}
	w.add(`shop_id = ?`, shopID)
	w.add(`kind = ?`, string(cases.Maintenance))
	w.add(`booking IS NOT NULL AND closed_at IS NULL`)
	w.add(`status NOT IN (`+strings.Repeat("?,", len(endedStatuses)-1)+`?)`, endedStatuses...)
	w.add(`id <> ?`, except)
	rows, err := q.Query(ctx, `SELECT id, booking FROM cases`+w.String(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find bookings: %w", err)
	}
	defer rows.Close()
	var out []cases.Booking
	for rows.Next() {
		var id purna.ID
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		var b cases.Booking
		if err := json.Unmarshal([]byte(text), &b); err != nil {
			return nil, fmt.Errorf("sqlstore: case %s booking: %w", id, err)
		}
		if b.Location == location {
			b.StartsAt = b.StartsAt.UTC()
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

// FindBookings returns the bookings of the shop's open maintenance cases
// at location starting in [from, to), by start time.
func (s Cases) FindBookings(ctx context.Context, shopID purna.ID, location string, from, to time.Time) ([]cases.Booking, error) {
	all, err := openBookings(ctx, s.db.Read(), shopID, location, "")
	if err != nil {
		return nil, err
	}
	out := []cases.Booking{}
	for _, b := range all {
		if !b.StartsAt.Before(from) && b.StartsAt.Before(to) {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b cases.Booking) int { return a.StartsAt.Compare(b.StartsAt) })
	return out, nil
}

// CountBookings counts the open maintenance cases other than except booked
// at b's location and start time. It first locks the shop's row of
// case_sequences (creating it at 1000, so the first case number is still
// 1001): on PostgreSQL a second booking of the shop waits there until this
// transaction ends, and then counts what it committed; SQLite has a single
// writer already.
func (t *Tx) CountBookings(ctx context.Context, shopID purna.ID, b cases.Booking, except purna.ID) (int, error) {
	_, err := t.q.Exec(ctx, `INSERT INTO case_sequences (shop_id, last_number) VALUES ($1, 1000)
		ON CONFLICT (shop_id) DO UPDATE SET last_number = case_sequences.last_number`, shopID)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: lock bookings: %w", err)
	}
	all, err := openBookings(ctx, t.q, shopID, b.Location, except)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range all {
		if o.StartsAt.Equal(b.StartsAt) {
			n++
		}
	}
	return n, nil
}

// openKey is what case_lines.open_key holds while a case is open.
func openKey(c *cases.Case, l cases.Line) *string {
	if !c.Open() {
		return nil
	}
	item := ""
	switch {
	case l.OrderLineID != nil:
		item = *l.OrderLineID
	case l.RegistrationID != nil:
		item = *l.RegistrationID
	}
	k := string(c.Kind) + ":" + item
	return &k
}

// FindOpenCase returns the open case of kind on the item. ENOTFOUND.
func (t *Tx) FindOpenCase(ctx context.Context, shopID purna.ID, kind cases.Kind, item purna.ID) (*cases.Case, error) {
	cs, err := queryCases(ctx, t.q, shopID, `SELECT `+caseCols+` FROM cases c JOIN case_lines l ON l.case_id = c.id
		WHERE l.shop_id = $1 AND l.open_key = $2 AND c.shop_id = $1`, shopID, string(kind)+":"+item)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, purna.Errorf(purna.ENOTFOUND, "Case not found.")
	}
	return cs[0], nil
}

// CreateCase inserts c with its lines. ECONFLICT when an open case of the
// same kind holds one of its items (the case_lines_open index).
func (t *Tx) CreateCase(ctx context.Context, c *cases.Case) error {
	_, err := t.q.Exec(ctx, `INSERT INTO cases (id, shop_id, number, kind, status, customer_id, order_id, wanted, resolution,
		refund_amount, currency, assignee_id, due_at, source, tracking, repair, booking, replacements, seq, created_at,
		updated_at, resolved_at, closed_at) VALUES `+placeholders(1, 23, 0),
		c.ID, c.ShopID, c.Number, string(c.Kind), string(c.Status), c.CustomerID, c.OrderID, string(c.Wanted),
		string(c.Resolution), c.Refund.Amount, c.Refund.Currency, c.AssigneeID, utc(c.DueAt), string(c.Source), c.Tracking,
		nullJSON(c.Repair), nullJSON(c.Booking), jsonText(c.Replacements), c.Seq, c.CreatedAt.UTC(), c.UpdatedAt.UTC(),
		utc(c.ResolvedAt), utc(c.ClosedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: create case: %w", err)
	}
	const cols = 16
	args := make([]any, 0, len(c.Lines)*cols)
	for i, l := range c.Lines {
		args = append(args, l.ID, c.ShopID, c.ID, i, l.OrderLineID, l.RegistrationID, l.ProductID, l.Quantity, l.Reason,
			l.Note, l.ReceivedQuantity, string(l.Condition), l.SerialNumber, l.RefundAmount, l.CostAmount, openKey(c, l))
	}
	_, err = t.q.Exec(ctx, `INSERT INTO case_lines (id, shop_id, case_id, position, order_line_id, registration_id,
		product_id, quantity, reason, note, received_quantity, item_condition, serial_number, refund_amount, cost_amount,
		open_key) VALUES `+placeholders(len(c.Lines), cols, 0), args...)
	if db.IsUniqueViolation(err) {
		return purna.Errorf(purna.ECONFLICT, "A case of this kind is already open for this item.")
	} else if err != nil {
		return fmt.Errorf("sqlstore: create case lines: %w", err)
	}
	return nil
}

// UpdateCase saves c if the stored case is still at seq.
func (t *Tx) UpdateCase(ctx context.Context, c *cases.Case, seq int) error {
	n, err := t.q.Exec(ctx, `UPDATE cases SET status = $4, resolution = $5, refund_amount = $6, assignee_id = $7,
		due_at = $8, tracking = $9, repair = $10, booking = $11, replacements = $12, seq = $13, updated_at = $14,
		resolved_at = $15, closed_at = $16 WHERE shop_id = $1 AND id = $2 AND seq = $3`,
		c.ShopID, c.ID, seq, string(c.Status), string(c.Resolution), c.Refund.Amount, c.AssigneeID, utc(c.DueAt), c.Tracking,
		nullJSON(c.Repair), nullJSON(c.Booking), jsonText(c.Replacements), c.Seq, c.UpdatedAt.UTC(), utc(c.ResolvedAt),
		utc(c.ClosedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: update case: %w", err)
	}
	if n == 0 {
		return purna.Errorf(purna.ECONFLICT, "Case %s changed meanwhile; reload it and try again.", c.Number)
	}
	for _, l := range c.Lines {
		_, err := t.q.Exec(ctx, `UPDATE case_lines SET received_quantity = $3, item_condition = $4, serial_number = $5,
			refund_amount = $6, cost_amount = $7, open_key = $8 WHERE shop_id = $1 AND id = $2`,
			c.ShopID, l.ID, l.ReceivedQuantity, string(l.Condition), l.SerialNumber, l.RefundAmount, l.CostAmount, openKey(c, l))
		if err != nil {
			return fmt.Errorf("sqlstore: update case line: %w", err)
		}
	}
	return nil
}

// AddCaseHistory records a transition.
func (t *Tx) AddCaseHistory(ctx context.Context, h *cases.History) error {
	_, err := t.q.Exec(ctx, `INSERT INTO case_events (id, shop_id, case_id, seq, action, from_status, to_status,
		actor_role, actor_id, note, customer_reason, created_at) VALUES `+placeholders(1, 12, 0),
		h.ID, h.ShopID, h.CaseID, h.Seq, string(h.Action), string(h.From), string(h.To), string(h.Actor.Role), h.Actor.ID,
		h.Note, h.CustomerReason, h.CreatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return purna.Errorf(purna.ECONFLICT, "The case changed meanwhile; reload it and try again.")
	} else if err != nil {
		return fmt.Errorf("sqlstore: add case history: %w", err)
	}
	return nil
}

// AddCaseNote inserts n.
func (t *Tx) AddCaseNote(ctx context.Context, n *cases.Note) error {
	_, err := t.q.Exec(ctx, `INSERT INTO case_notes (id, shop_id, case_id, author_role, author_id, body, visible,
		attachments, created_at) VALUES `+placeholders(1, 9, 0),
		n.ID, n.ShopID, n.CaseID, string(n.Author.Role), n.Author.ID, n.Text, n.Visible, jsonText(n.Attachments), n.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: add case note: %w", err)
	}
	return nil
}

// CreateRegistration inserts r. EINVALID when its customer is not one of
// the shop's; ECONFLICT when its serial number is registered already.
func (t *Tx) CreateRegistration(ctx context.Context, r *cases.Registration) error {
	var n int
	if err := t.q.QueryRow(ctx, `SELECT COUNT(*) FROM customers WHERE shop_id = $1 AND id = $2`, r.ShopID, r.CustomerID).Scan(&n); err != nil {
		return fmt.Errorf("sqlstore: create registration: %w", err)
	}
	if n == 0 {
		return &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{"customer_id": "is not a customer of this shop"}}
	}
	_, err := t.q.Exec(ctx, `INSERT INTO warranty_registrations (`+registrationCols+`) VALUES `+placeholders(1, 11, 0),
		r.ID, r.ShopID, r.CustomerID, r.OrderID, r.OrderLineID, r.ProductID, r.SerialNumber, utc(r.PurchasedAt),
		r.ProofBlobID, r.ExtraMonths, r.RegisteredAt.UTC())
	if db.IsUniqueViolation(err) {
		return &purna.Error{Code: purna.ECONFLICT, Message: "This serial number is already registered.",
			Fields: map[string]string{"serial_number": "is already registered"}}
	} else if err != nil {
		return fmt.Errorf("sqlstore: create registration: %w", err)
	}
	return nil
}

// CaseStats computes the shop's case figures in [from, to): units sold per
// product from the orders placed in the period, units returned and
// claimed, refunds and costs per product and units per reason from the
// cases opened in it, and the median time to resolve from the cases
// resolved in it. Sums run in SQL; the median is taken in Go, as the two
// engines share no median function. SUMs are cast to BIGINT because
// PostgreSQL sums BIGINT into NUMERIC.
func (s Cases) CaseStats(ctx context.Context, shopID purna.ID, from, to time.Time) (*cases.Stats, error) {
	q := s.db.Read()
	st := &cases.Stats{From: from, To: to, Products: []cases.ProductStats{}, Reasons: []cases.ReasonStats{}, Kinds: []cases.KindStats{}}
	byProduct := map[purna.ID]*cases.ProductStats{}
	get := func(id purna.ID) *cases.ProductStats {
		if p := byProduct[id]; p != nil {
			return p
		}
		p := &cases.ProductStats{ProductID: id}
		byProduct[id] = p
		return p
	}
	rows, err := q.Query(ctx, `SELECT l.product_id, CAST(SUM(l.quantity) AS BIGINT) FROM order_lines l
		JOIN orders o ON o.id = l.order_id
		WHERE o.shop_id = $1 AND l.shop_id = $1 AND o.placed_at >= $2 AND o.placed_at < $3 AND o.cancelled_at IS NULL
		AND l.product_id IS NOT NULL GROUP BY l.product_id`, shopID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: units sold: %w", err)
	}
	for rows.Next() {
		var id purna.ID
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		get(id).Sold = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	const opened = ` FROM case_lines cl JOIN cases c ON c.id = cl.case_id
		WHERE c.shop_id = $1 AND cl.shop_id = $1 AND c.created_at >= $2 AND c.created_at < $3
		AND c.status NOT IN ('rejected', 'cancelled')`
	rows, err = q.Query(ctx, `SELECT cl.product_id,
		CAST(SUM(CASE WHEN c.kind IN ('return', 'exchange', 'replacement') THEN cl.quantity ELSE 0 END) AS BIGINT),
		CAST(SUM(CASE WHEN c.kind = 'warranty_claim' THEN cl.quantity ELSE 0 END) AS BIGINT),
		CAST(SUM(cl.refund_amount) AS BIGINT),
		CAST(SUM(CASE WHEN c.kind <> 'repair' THEN cl.cost_amount ELSE 0 END) AS BIGINT),
		CAST(SUM(CASE WHEN c.kind = 'repair' THEN cl.cost_amount ELSE 0 END) AS BIGINT)`+opened+`
		AND cl.product_id IS NOT NULL GROUP BY cl.product_id`, shopID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: case units: %w", err)
	}
	for rows.Next() {
		var id purna.ID
		var ret, claimed, refund, repl, repair int64
		if err := rows.Scan(&id, &ret, &claimed, &refund, &repl, &repair); err != nil {
			rows.Close()
			return nil, err
		}
		p := get(id)
		p.Returned, p.Claimed, p.RefundCost, p.ReplacementCost, p.RepairCost = ret, claimed, refund, repl, repair
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]purna.ID, 0, len(byProduct))
	for id := range byProduct {
		ids = append(ids, id)
	}
	if len(ids) > 0 {
		ps, err := s.FindProductsByIDs(ctx, shopID, ids)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			byProduct[p.ID].Name = p.Name
		}
	}
	for _, p := range byProduct {
		if p.Sold > 0 {
			p.ReturnRate = float64(p.Returned) / float64(p.Sold)
			p.ClaimRate = float64(p.Claimed) / float64(p.Sold)
		}
		st.Products = append(st.Products, *p)
	}
	slices.SortFunc(st.Products, func(a, b cases.ProductStats) int {
		if c := compareFloat(b.ReturnRate, a.ReturnRate); c != 0 {
			return c
		}
		return strings.Compare(a.ProductID, b.ProductID)
	})

	rows, err = q.Query(ctx, `SELECT cl.reason, CAST(SUM(cl.quantity) AS BIGINT)`+opened+`
		AND c.kind IN ('return', 'exchange', 'replacement') AND cl.reason <> ''
		GROUP BY cl.reason ORDER BY 2 DESC, 1`, shopID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: return reasons: %w", err)
	}
	var all int64
	for rows.Next() {
		var r cases.ReasonStats
		if err := rows.Scan(&r.Reason, &r.Units); err != nil {
			rows.Close()
			return nil, err
		}
		all += r.Units
		st.Reasons = append(st.Reasons, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range st.Reasons {
		st.Reasons[i].Share = float64(st.Reasons[i].Units) / float64(all)
	}

	kinds := map[cases.Kind]*cases.KindStats{}
	durations := map[cases.Kind][]float64{}
	for _, k := range cases.Kinds {
		kinds[k] = &cases.KindStats{Kind: k}
	}
	rows, err = q.Query(ctx, `SELECT kind, COUNT(*) FROM cases WHERE shop_id = $1 AND created_at >= $2 AND created_at < $3
		GROUP BY kind`, shopID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: cases opened: %w", err)
	}
	for rows.Next() {
		var k cases.Kind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if ks := kinds[k]; ks != nil {
			ks.Opened = n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT kind, created_at, resolved_at FROM cases WHERE shop_id = $1
		AND resolved_at >= $2 AND resolved_at < $3`, shopID, from, to)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: cases resolved: %w", err)
	}
	for rows.Next() {
		var k cases.Kind
		var opened, resolved time.Time
		if err := rows.Scan(&k, &opened, &resolved); err != nil {
			rows.Close()
			return nil, err
		}
		durations[k] = append(durations[k], resolved.Sub(opened).Hours())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, k := range cases.Kinds {
		ks := kinds[k]
		ks.Resolved = len(durations[k])
		ks.MedianHours = median(durations[k])
		st.Kinds = append(st.Kinds, *ks)
	}
	return st, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

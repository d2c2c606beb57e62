package sqlstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/timeline"
)

// Journeys implements journey.Store.
type Journeys struct{ *Store }

// definition is the JSON part of a journeys row.
type definition struct {
	Conditions journey.Conditions `json:"conditions"`
	Steps      []journey.Step     `json:"steps"`
	ExitOn     []timeline.Type    `json:"exit_on"`
	Reentry    journey.Reentry    `json:"reentry"`
	// Triggers are the journey's events besides trigger_type.
	Triggers []timeline.Type `json:"triggers,omitempty"`
}

const journeyCols = `id, shop_id, key, name, status, kind, trigger_type, definition, created_at, updated_at`

func scanJourney(r db.Row) (*journey.Journey, error) {
	var j journey.Journey
	var def string
	if err := r.Scan(&j.ID, &j.ShopID, &j.Key, &j.Name, &j.Status, &j.Kind, &j.Trigger, &def, &j.CreatedAt, &j.UpdatedAt); err != nil {
		return nil, err
	}
	var d definition
	if err := json.Unmarshal([]byte(def), &d); err != nil {
		return nil, fmt.Errorf("sqlstore: journey %s definition: %w", j.ID, err)
	}
	j.Conditions, j.Steps, j.ExitOn, j.Reentry, j.Triggers = d.Conditions, d.Steps, d.ExitOn, d.Reentry, d.Triggers
	j.CreatedAt, j.UpdatedAt = j.CreatedAt.UTC(), j.UpdatedAt.UTC()
	return &j, nil
}

// SaveJourney creates or updates the journey with j.Key in its shop.
func (s Journeys) SaveJourney(ctx context.Context, j *journey.Journey) error {
	def := jsonText(definition{j.Conditions, j.Steps, j.ExitOn, j.Reentry, j.Triggers})
	var id purna.ID
	err := s.db.Write().QueryRow(ctx, `INSERT INTO journeys (`+journeyCols+`) VALUES `+placeholders(1, 10, 0)+`
		ON CONFLICT (shop_id, key) DO UPDATE SET name = excluded.name, status = excluded.status, kind = excluded.kind,
		trigger_type = excluded.trigger_type, definition = excluded.definition, updated_at = excluded.updated_at
		RETURNING id`, j.ID, j.ShopID, j.Key, j.Name, string(j.Status), string(j.Kind), string(j.Trigger), def,
		j.CreatedAt.UTC(), j.UpdatedAt.UTC()).Scan(&id)
	if err != nil {
		return fmt.Errorf("sqlstore: save journey: %w", err)
	}
	j.ID = id
	return nil
}

// FindJourneys returns a shop's journeys by name.
func (s Journeys) FindJourneys(ctx context.Context, shopID purna.ID) ([]*journey.Journey, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT `+journeyCols+` FROM journeys WHERE shop_id = $1 ORDER BY name, id`, shopID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: find journeys: %w", err)
	}
	defer rows.Close()
	var out []*journey.Journey
	for rows.Next() {
		j, err := scanJourney(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// FindJourneyByID returns ENOTFOUND.
func (s Journeys) FindJourneyByID(ctx context.Context, shopID, id purna.ID) (*journey.Journey, error) {
	j, err := scanJourney(s.db.Read().QueryRow(ctx, `SELECT `+journeyCols+` FROM journeys WHERE shop_id = $1 AND id = $2`, shopID, id))
	if err != nil {
		return nil, notFound(err, "Journey")
	}
	return j, nil
}

// CreateRun starts r unless the journey has a run for its subject.
func (s Journeys) CreateRun(ctx context.Context, r *journey.Run) (bool, error) {
	data := string(r.EventData)
	if data == "" {
		data = "{}"
	}
	n, err := s.db.Write().Exec(ctx, `INSERT INTO journey_runs (id, shop_id, journey_id, customer_id, order_id, event_id,
		subject, step, status, next_at, event_at, event_data, created_at, updated_at) VALUES `+placeholders(1, 14, 0)+`
		ON CONFLICT (journey_id, subject) DO NOTHING`, r.ID, r.ShopID, r.JourneyID, r.CustomerID, r.OrderID, r.EventID,
		r.Subject, r.Step, string(r.Status), utc(r.NextAt), r.EventAt.UTC(), data, r.CreatedAt.UTC(), r.UpdatedAt.UTC())
	if err != nil {
		return false, fmt.Errorf("sqlstore: create run: %w", err)
	}
	return n == 1, nil
}

// ExitRuns ends the customer's waiting runs in the given journeys.
func (s Journeys) ExitRuns(ctx context.Context, shopID, customerID purna.ID, journeyIDs []purna.ID, now time.Time) (int, error) {
	total := 0
	for _, jid := range journeyIDs {
		n, err := s.db.Write().Exec(ctx, `UPDATE journey_runs SET status = 'exited', next_at = NULL, updated_at = $4
			WHERE shop_id = $1 AND customer_id = $2 AND journey_id = $3 AND status = 'waiting'`, shopID, customerID, jid, now.UTC())
		if err != nil {
			return total, fmt.Errorf("sqlstore: exit runs: %w", err)
		}
		total += int(n)
	}
	return total, nil
}

const runCols = `r.id, r.shop_id, r.journey_id, r.customer_id, r.order_id, r.event_id, r.subject, r.step, r.status,
	r.next_at, r.event_at, r.event_data, r.created_at, r.updated_at`

// DueRuns returns waiting runs of active journeys due at now.
func (s Journeys) DueRuns(ctx context.Context, now time.Time, limit int) ([]*journey.Run, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT `+runCols+` FROM journey_runs r JOIN journeys j ON j.id = r.journey_id
		WHERE r.status = 'waiting' AND r.next_at <= $1 AND j.status = 'active' ORDER BY r.next_at, r.id LIMIT $2`, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: due runs: %w", err)
	}
	defer rows.Close()
	var out []*journey.Run
	for rows.Next() {
		var r journey.Run
		var data string
		if err := rows.Scan(&r.ID, &r.ShopID, &r.JourneyID, &r.CustomerID, &r.OrderID, &r.EventID, &r.Subject, &r.Step,
			&r.Status, &r.NextAt, &r.EventAt, &data, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, err
		}
		r.NextAt, r.EventAt, r.EventData = utc(r.NextAt), r.EventAt.UTC(), json.RawMessage(data)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// AdvanceRun saves r and adds msgs in one transaction. A message for a step
// that already has one is dropped, so advancing twice sends once.
func (s Journeys) AdvanceRun(ctx context.Context, r *journey.Run, msgs []*journey.Message) error {
	return s.Begin(ctx, func(t *Tx) error {
		_, err := t.q.Exec(ctx, `UPDATE journey_runs SET step = $3, status = $4, next_at = $5, updated_at = $6
			WHERE shop_id = $1 AND id = $2`, r.ShopID, r.ID, r.Step, string(r.Status), utc(r.NextAt), r.UpdatedAt.UTC())
		if err != nil {
			return fmt.Errorf("sqlstore: advance run: %w", err)
		}
		for _, m := range msgs {
			if err := t.insertMessage(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t *Tx) insertMessage(ctx context.Context, m *journey.Message) error {
	_, err := t.q.Exec(ctx, `INSERT INTO messages (id, shop_id, customer_id, order_id, run_id, step, channel, template,
		kind, quiet_hours, recipient, subject, status, reason, attempts, due_at, sent_at, created_at, updated_at, facts, provider_id)
		VALUES `+placeholders(1, 21, 0)+` ON CONFLICT (run_id, step) DO NOTHING`,
		m.ID, m.ShopID, m.CustomerID, m.OrderID, m.RunID, m.Step, m.Channel, m.Template, string(m.Kind), m.QuietHours, m.Recipient,
		m.Subject, string(m.Status), m.Reason, m.Attempts, m.DueAt.UTC(), utc(m.SentAt), m.CreatedAt.UTC(), m.UpdatedAt.UTC(),
		jsonText(m.Facts), m.ProviderID)
	if err != nil {
		return fmt.Errorf("sqlstore: insert message: %w", err)
	}
	return nil
}

const messageCols = `id, shop_id, customer_id, order_id, run_id, step, channel, template, kind, quiet_hours, recipient, subject,
	status, reason, attempts, due_at, sent_at, created_at, updated_at, facts, provider_id`

func scanMessage(r db.Row) (*journey.Message, error) {
	var m journey.Message
	var facts string
	if err := r.Scan(&m.ID, &m.ShopID, &m.CustomerID, &m.OrderID, &m.RunID, &m.Step, &m.Channel, &m.Template, &m.Kind,
		&m.QuietHours, &m.Recipient, &m.Subject, &m.Status, &m.Reason, &m.Attempts, &m.DueAt, &m.SentAt, &m.CreatedAt, &m.UpdatedAt,
		&facts, &m.ProviderID); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(facts), &m.Facts); err != nil {
		return nil, fmt.Errorf("sqlstore: message %s facts: %w", m.ID, err)
	}
	m.DueAt, m.SentAt, m.CreatedAt, m.UpdatedAt = m.DueAt.UTC(), utc(m.SentAt), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

func queryMessages(ctx context.Context, q db.Querier, query string, args ...any) ([]*journey.Message, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: messages: %w", err)
	}
	defer rows.Close()
	out := []*journey.Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DueMessages returns queued messages due at now.
func (s Journeys) DueMessages(ctx context.Context, now time.Time, after *journey.Message, limit int) ([]*journey.Message, error) {
	if after != nil {
		return queryMessages(ctx, s.db.Read(), `SELECT `+messageCols+` FROM messages WHERE status = 'queued' AND due_at <= $1
			AND (due_at, id) > ($2, $3) ORDER BY due_at, id LIMIT $4`, now.UTC(), after.DueAt.UTC(), after.ID, limit)
	}
	return queryMessages(ctx, s.db.Read(), `SELECT `+messageCols+` FROM messages WHERE status = 'queued' AND due_at <= $1
		ORDER BY due_at, id LIMIT $2`, now.UTC(), limit)
}

// ClaimMessages moves the queued messages among ids to sending, in one
// transaction, and returns those it moved.
func (s Journeys) ClaimMessages(ctx context.Context, ids []purna.ID, now time.Time) (map[purna.ID]bool, error) {
	claimed := map[purna.ID]bool{}
	err := s.Begin(ctx, func(t *Tx) error {
		for part := range slices.Chunk(ids, 500) {
			ph, args := inList(2, part)
			rows, err := t.q.Query(ctx, `UPDATE messages SET status = 'sending', updated_at = $1
				WHERE status = 'queued' AND id IN (`+ph+`) RETURNING id`, append([]any{now.UTC()}, args...)...)
			if err != nil {
				return fmt.Errorf("sqlstore: claim messages: %w", err)
			}
			for rows.Next() {
				var id purna.ID
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				claimed[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return claimed, err
}

// FinishMessages records the messages' states, their events and the
// addresses to suppress in one transaction. Messages that were sent, the
// bulk of every call, are updated in one statement per 200.
func (s Journeys) FinishMessages(ctx context.Context, o journey.Outcomes) error {
	return s.Begin(ctx, func(t *Tx) error {
		var sent []*journey.Message
		for _, m := range o.Messages() {
			if m.Status == journey.Sent && m.Reason == "" {
				sent = append(sent, m)
				continue
			}
			_, err := t.q.Exec(ctx, `UPDATE messages SET status = $3, reason = $4, attempts = $5, due_at = $6, sent_at = $7,
				recipient = $8, subject = $9, updated_at = $10, provider_id = $11 WHERE shop_id = $1 AND id = $2`, m.ShopID, m.ID,
				string(m.Status), m.Reason, m.Attempts, m.DueAt.UTC(), utc(m.SentAt), m.Recipient, m.Subject, m.UpdatedAt.UTC(),
				m.ProviderID)
			if err != nil {
				return fmt.Errorf("sqlstore: finish message: %w", err)
			}
		}
		for part := range slices.Chunk(sent, 200) {
			if err := t.markSent(ctx, part); err != nil {
				return err
			}
		}
		for _, sup := range o.Suppressions() {
			if err := t.Suppress(ctx, sup); err != nil {
				return err
			}
		}
		_, err := t.AppendEvents(ctx, o.Events())
		return err
	})
}

// markSent records sent messages with one WITH v AS (VALUES …) UPDATE … FROM v, which
// both SQLite and PostgreSQL understand.
func (t *Tx) markSent(ctx context.Context, msgs []*journey.Message) error {
	const cols = 7
	args := make([]any, 0, len(msgs)*cols)
	for _, m := range msgs {
		args = append(args, m.ID, m.Attempts, utc(m.SentAt), m.Recipient, m.Subject, m.UpdatedAt.UTC(), m.ProviderID)
	}
	values := placeholders(len(msgs), cols, 0)
	if t.dialect == db.Postgres {
		// PostgreSQL types a VALUES list from its first row; say what
		// each column is.
		values = typedValues(len(msgs), []string{"text", "bigint", "timestamptz", "text", "text", "timestamptz", "text"})
	}
	_, err := t.q.Exec(ctx, `WITH v (id, attempts, sent_at, recipient, subject, updated_at, provider_id) AS (VALUES `+values+`)
		UPDATE messages SET status = 'sent', reason = '', attempts = v.attempts, sent_at = v.sent_at,
		recipient = v.recipient, subject = v.subject, updated_at = v.updated_at, provider_id = v.provider_id
		FROM v WHERE messages.id = v.id`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: mark sent: %w", err)
	}
	return nil
}

// typedValues is placeholders with a cast on each, for PostgreSQL.
func typedValues(rows int, types []string) string {
	var b strings.Builder
	n := 1
	for r := range rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c, typ := range types {
			if c > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "$%d::%s", n, typ)
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// Suppress keeps an address from getting anything more on its channel. The
// first reason is kept.
func (t *Tx) Suppress(ctx context.Context, s journey.Suppression) error {
	_, err := t.q.Exec(ctx, `INSERT INTO suppressions (shop_id, channel, address, reason, detail, source, message_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (shop_id, channel, address) DO NOTHING`,
		s.ShopID, s.Channel, s.Address, string(s.Reason), s.Detail, s.Source, s.MessageID, s.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("sqlstore: suppress: %w", err)
	}
	return nil
}

// FindMessagesByProvider returns the messages on channel with these
// provider IDs. Provider IDs are unique across shops (WhatsApp's wamid), so
// this one lookup is not scoped by shop; what it finds is.
func (s Journeys) FindMessagesByProvider(ctx context.Context, channel string, providerIDs []string) ([]*journey.Message, error) {
	var out []*journey.Message
	for part := range slices.Chunk(providerIDs, 500) {
		ph, args := inList(2, part)
		msgs, err := queryMessages(ctx, s.db.Read(), `SELECT `+messageCols+` FROM messages
			WHERE channel = $1 AND provider_id <> '' AND provider_id IN (`+ph+`)`, append([]any{channel}, args...)...)
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// SaveSuppression adds an address to the shop's suppression list; one that
// is there already keeps its first reason.
func (s Journeys) SaveSuppression(ctx context.Context, sup *journey.Suppression) error {
	return s.Begin(ctx, func(t *Tx) error { return t.Suppress(ctx, *sup) })
}

// DeleteSuppression takes an address off the list. ENOTFOUND.
func (s Journeys) DeleteSuppression(ctx context.Context, shopID purna.ID, channel, address string) error {
	return s.Begin(ctx, func(t *Tx) error {
		n, err := t.q.Exec(ctx, `DELETE FROM suppressions WHERE shop_id = $1 AND channel = $2 AND address = $3`, shopID, channel, address)
		if err != nil {
			return fmt.Errorf("sqlstore: delete suppression: %w", err)
		}
		if n == 0 {
			return purna.Errorf(purna.ENOTFOUND, "That address is not suppressed.")
		}
		return nil
	})
}

// FindSuppressions returns a page of the shop's suppression list, by
// channel and address. The cursor is the last row's channel and address.
func (s Journeys) FindSuppressions(ctx context.Context, f journey.SuppressionFilter) ([]*journey.Suppression, string, int, error) {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	if f.Channel != "" {
		w.add(`channel = ?`, f.Channel)
	}
	var total int
	if err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM suppressions`+w.String(), w.args...).Scan(&total); err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: count suppressions: %w", err)
	}
	if f.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		ch, addr, ok := strings.Cut(string(b), "\x00")
		if err != nil || !ok {
			return nil, "", 0, &purna.Error{Code: purna.EINVALID, Message: "The cursor is not valid.",
				Fields: map[string]string{"cursor": "is not a cursor this API returned"}}
		}
		w.add(`(channel, address) > (?, ?)`, ch, addr)
	}
	limit := max(f.Limit, 1)
	rows, err := s.db.Read().Query(ctx, `SELECT channel, address, reason, detail, source, message_id, created_at
		FROM suppressions`+w.String()+` ORDER BY channel, address LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", 0, fmt.Errorf("sqlstore: find suppressions: %w", err)
	}
	defer rows.Close()
	var out []*journey.Suppression
	for rows.Next() {
		sup := &journey.Suppression{ShopID: f.ShopID}
		if err := rows.Scan(&sup.Channel, &sup.Address, &sup.Reason, &sup.Detail, &sup.Source, &sup.MessageID, &sup.CreatedAt); err != nil {
			return nil, "", 0, err
		}
		sup.CreatedAt = sup.CreatedAt.UTC()
		out = append(out, sup)
	}
	if err := rows.Err(); err != nil {
		return nil, "", 0, err
	}
	var next string
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = base64.RawURLEncoding.EncodeToString([]byte(last.Channel + "\x00" + last.Address))
	}
	return out, next, total, nil
}

// FindSuppressed returns which addresses are suppressed on channel.
func (s Journeys) FindSuppressed(ctx context.Context, shopID purna.ID, channel string, addresses []string) (map[string]journey.SuppressReason, error) {
	out := map[string]journey.SuppressReason{}
	for part := range slices.Chunk(addresses, 500) {
		ph, args := inList(3, part)
		rows, err := s.db.Read().Query(ctx, `SELECT address, reason FROM suppressions
			WHERE shop_id = $1 AND channel = $2 AND address IN (`+ph+`)`, append([]any{shopID, channel}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: find suppressed: %w", err)
		}
		for rows.Next() {
			var a string
			var r journey.SuppressReason
			if err := rows.Scan(&a, &r); err != nil {
				rows.Close()
				return nil, err
			}
			out[a] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MarkStaleSending turns messages stuck in sending into unknown.
func (s Journeys) MarkStaleSending(ctx context.Context, before, now time.Time) (int, error) {
	stale, err := queryMessages(ctx, s.db.Read(), `SELECT `+messageCols+` FROM messages WHERE status = 'sending' AND updated_at < $1`, before.UTC())
	if err != nil || len(stale) == 0 {
		return 0, err
	}
	for part := range slices.Chunk(stale, 200) {
		o := journey.NewOutcomes(part, journey.Unknown, "the server stopped while sending; not sent again", journey.MessageUnknown, now)
		if err := s.FinishMessages(ctx, o); err != nil {
			return 0, err
		}
	}
	return len(stale), nil
}

// CountSent counts the customer's messages of kind sent on channel since.
func (s Journeys) CountSent(ctx context.Context, shopID, customerID purna.ID, channel string, kind journey.Kind, since time.Time) (int, error) {
	var n int
	err := s.db.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE shop_id = $1 AND customer_id = $2
		AND channel = $3 AND kind = $4 AND status = 'sent' AND sent_at >= $5`, shopID, customerID, channel, string(kind), since.UTC()).Scan(&n)
	return n, err
}

// FindMessages returns a page of the outbox, newest first.
func (s Journeys) FindMessages(ctx context.Context, f journey.MessageFilter) ([]*journey.Message, string, error) {
	w := &where{}
	w.add(`shop_id = ?`, f.ShopID)
	if f.CustomerID != nil {
		w.add(`customer_id = ?`, *f.CustomerID)
	}
	if f.Status != nil {
		w.add(`status = ?`, string(*f.Status))
	}
	if f.Cursor != "" {
		t, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`(created_at, id) < (?, ?)`, t, id)
	}
	limit := max(f.Limit, 1)
	out, err := queryMessages(ctx, s.db.Read(), `SELECT `+messageCols+` FROM messages`+w.String()+
		` ORDER BY created_at DESC, id DESC LIMIT `+w.next(), append(w.args, limit+1)...)
	if err != nil {
		return nil, "", err
	}
	out, next := trimPage(out, limit, func(m *journey.Message) (time.Time, purna.ID) { return m.CreatedAt, m.ID })
	return out, next, nil
}

// FindMessageByID returns one outbox message of the shop. ENOTFOUND.
func (s Journeys) FindMessageByID(ctx context.Context, shopID, id purna.ID) (*journey.Message, error) {
	m, err := scanMessage(s.db.Read().QueryRow(ctx, `SELECT `+messageCols+` FROM messages WHERE shop_id = $1 AND id = $2`, shopID, id))
	if err != nil {
		return nil, notFound(err, "Message")
	}
	return m, nil
}

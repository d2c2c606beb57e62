package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

// Timeline event types of messages.
const (
	MessageSent    timeline.Type = "message.sent"
	MessageFailed  timeline.Type = "message.failed"
	MessageSkipped timeline.Type = "message.skipped"
	MessageUnknown timeline.Type = "message.unknown"
)

// Composer turns an outbox message into the email to send: template,
// language, brand and links.
type Composer interface {
	Compose(ctx context.Context, m *Message, sh *shop.Shop, c *customer.Customer, o *order.Order) (mail.Message, error)
}

// Finders load what conditions and messages need.
type (
	ShopFinder interface {
		FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
	}
	CustomerFinder interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*customer.Customer, error)
	}
	OrderFinder interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error)
	}
	ProductFinder interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*product.Product, error)
	}
)

// Policy is how considerate sending is. Merchants will tune it per shop;
// these are the defaults.
type Policy struct {
	// QuietFrom and QuietTo are the hours (0–23, customer's time zone)
	// between which marketing messages wait for morning.
	QuietFrom, QuietTo int
	// Cap is the least time between two marketing messages on a channel.
	Cap time.Duration
	// MaxEventAge keeps old events (imports, history) out of journeys: a
	// journey reacts to what happens now.
	MaxEventAge time.Duration
	// MaxAttempts bounds retries of temporary send failures.
	MaxAttempts int
}

// DefaultPolicy is 21:00–08:00 quiet hours and one marketing message per
// 16 hours.
var DefaultPolicy = Policy{QuietFrom: 21, QuietTo: 8, Cap: 16 * time.Hour, MaxEventAge: 72 * time.Hour, MaxAttempts: 8}

// Engine runs journeys.
type Engine struct {
	Store     Store
	Clock     purna.Clock
	Shops     ShopFinder
	Customers CustomerFinder
	Orders    OrderFinder
	Products  ProductFinder
	Composer  Composer
	Sender    mail.Sender
	Policy    Policy
	Logger    *slog.Logger
}

// React is the timeline reactor: it ends the runs an event exits and starts
// the journeys it triggers. It is idempotent: a run is unique per journey
// and subject.
func (e *Engine) React(ctx context.Context, ev timeline.Event) error {
	now := e.Clock.Now()
	// Old events (imports, history) neither start nor end journeys: a
	// journey reacts to what happens now.
	if ev.CustomerID == nil || now.Sub(ev.OccurredAt) > e.Policy.MaxEventAge {
		return nil
	}
	journeys, err := e.Store.FindJourneys(ctx, ev.ShopID)
	if err != nil {
		return err
	}
	var exits []purna.ID
	for _, j := range journeys {
		if slices.Contains(j.ExitOn, ev.Type) {
			exits = append(exits, j.ID)
		}
	}
	if len(exits) > 0 {
		if _, err := e.Store.ExitRuns(ctx, ev.ShopID, *ev.CustomerID, exits, now); err != nil {
			return err
		}
	}
	for _, j := range journeys {
		if j.Status != Active || j.Trigger != ev.Type {
			continue
		}
		ok, err := e.admits(ctx, j, ev)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		r := &Run{ID: purna.NewID(now), ShopID: ev.ShopID, JourneyID: j.ID, CustomerID: *ev.CustomerID,
			OrderID: ev.OrderID, EventID: ev.ID, Subject: subject(j.Reentry, ev), Status: Waiting, NextAt: &now,
			EventAt: ev.OccurredAt, EventData: ev.Data, CreatedAt: now, UpdatedAt: now}
		if _, err := e.Store.CreateRun(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

func subject(re Reentry, ev timeline.Event) string {
	switch {
	case re == PerCustomer:
		return "customer:" + *ev.CustomerID
	case re == PerOrder && ev.OrderID != nil:
		return "order:" + *ev.OrderID
	}
	return "event:" + ev.ID
}

// admits checks j's conditions against the event's order and customer.
func (e *Engine) admits(ctx context.Context, j *Journey, ev timeline.Event) (bool, error) {
	c := j.Conditions
	if len(c.Locales) > 0 {
		cust, err := e.Customers.FindByID(ctx, ev.ShopID, *ev.CustomerID)
		if err != nil {
			return false, err
		}
		if !slices.Contains(c.Locales, cust.Locale) {
			return false, nil
		}
	}
	if c.MinTotal == nil && len(c.Categories) == 0 && c.FirstOrder == nil {
		return true, nil
	}
	if ev.OrderID == nil {
		return false, nil
	}
	o, err := e.Orders.FindByID(ctx, ev.ShopID, *ev.OrderID)
	if err != nil {
		return false, err
	}
	if c.MinTotal != nil && o.Total < *c.MinTotal {
		return false, nil
	}
	if c.FirstOrder != nil {
		cust, err := e.Customers.FindByID(ctx, ev.ShopID, *ev.CustomerID)
		if err != nil {
			return false, err
		}
		first := cust.FirstOrderAt == nil || !o.PlacedAt.After(*cust.FirstOrderAt)
		if first != *c.FirstOrder {
			return false, nil
		}
	}
	if len(c.Categories) > 0 {
		found := false
		for _, l := range o.Lines {
			if l.ProductID == nil {
				continue
			}
			p, err := e.Products.FindByID(ctx, ev.ShopID, *l.ProductID)
			if err != nil {
				return false, err
			}
			if slices.Contains(c.Categories, p.Category) {
				found = true
				break
			}
		}
		if !found {
			return false, nil
		}
	}
	return true, nil
}

// Tick advances every run that is due, and returns how many it moved.
func (e *Engine) Tick(ctx context.Context) (int, error) {
	now := e.Clock.Now()
	runs, err := e.Store.DueRuns(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	journeys := map[purna.ID]*Journey{}
	for _, r := range runs {
		j, ok := journeys[r.JourneyID]
		if !ok {
			if j, err = e.Store.FindJourneyByID(ctx, r.ShopID, r.JourneyID); err != nil {
				return 0, err
			}
			journeys[r.JourneyID] = j
		}
		msgs := e.advance(j, r, now)
		r.UpdatedAt = now
		if err := e.Store.AdvanceRun(ctx, r, msgs); err != nil {
			return 0, err
		}
	}
	return len(runs), nil
}

// advance runs r's steps from where it stands until a wait that is not
// over yet, or the end. Waits count from the time the run became due, not
// from when the tick ran, so a late tick does not stretch the journey.
func (e *Engine) advance(j *Journey, r *Run, now time.Time) []*Message {
	var msgs []*Message
	base := now
	if r.NextAt != nil {
		base = *r.NextAt
	}
	waited := slices.ContainsFunc(j.Steps[:min(r.Step, len(j.Steps))], func(s Step) bool { return s.Wait != nil })
	for r.Step < len(j.Steps) {
		s := j.Steps[r.Step]
		switch {
		case s.Send != nil:
			ch := s.Send.Channel
			if ch == "" {
				ch = "email"
			}
			runID := r.ID
			// A marketing template stays marketing in any journey: it
			// needs consent and an unsubscribe link.
			kind := j.Kind
			if message.Key(s.Send.Template).Kind() == message.Marketing {
				kind = Marketing
			}
			msgs = append(msgs, &Message{ID: purna.NewID(now), ShopID: r.ShopID, CustomerID: r.CustomerID,
				OrderID: r.OrderID, RunID: &runID, Step: r.Step, Channel: ch, Template: s.Send.Template, Kind: kind,
				QuietHours: kind == Marketing || waited, Status: Queued, DueAt: base, CreatedAt: now, UpdatedAt: now})
			r.Step++
		case s.Wait != nil:
			at := e.waitUntil(s.Wait, r, base)
			r.Step++
			waited = true
			if at.After(now) {
				r.NextAt = &at
				return msgs
			}
			base = at
		}
	}
	r.Status, r.NextAt = Done, nil
	return msgs
}

func (e *Engine) waitUntil(w *Wait, r *Run, base time.Time) time.Time {
	switch w.Anchor {
	case "":
		return base.Add(time.Duration(w.Duration))
	case "event":
		return r.EventAt.Add(time.Duration(w.Offset))
	}
	var data map[string]any
	_ = json.Unmarshal(r.EventData, &data)
	if s, ok := data[w.Anchor].(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.Add(time.Duration(w.Offset))
		}
	}
	// The event carries no such time: count from the event instead of
	// waiting forever.
	return r.EventAt.Add(time.Duration(w.Offset))
}

// MarkInterrupted turns every message left in sending into unknown. Call
// it at start when this is the only process (SQLite): a message still in
// sending then was being sent by a process that died, and its outcome is
// not known. (With PostgreSQL other processes may be sending; Deliver
// marks messages unknown after ten minutes instead.)
func (e *Engine) MarkInterrupted(ctx context.Context) (int, error) {
	now := e.Clock.Now()
	return e.Store.MarkStaleSending(ctx, now.Add(time.Second), now)
}

// Deliver sends the messages that are due and returns how many it handled.
// It works in batches: it writes the due messages, claims them (commits
// them as sending) in one transaction, hands them to the mail server over
// its connection pool, and records the outcomes in one transaction. A
// message is claimed before it is sent, so after a crash it is marked
// unknown, never sent again.
func (e *Engine) Deliver(ctx context.Context) (int, error) {
	now := e.Clock.Now()
	if _, err := e.Store.MarkStaleSending(ctx, now.Add(-10*time.Minute), now); err != nil {
		return 0, err
	}
	msgs, err := e.Store.DueMessages(ctx, now, deliverBatch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	b := &batch{e: e, now: now, shops: map[purna.ID]*shop.Shop{}, customers: map[purna.ID]*customer.Customer{},
		orders: map[purna.ID]*order.Order{}, capped: map[string]bool{}}
	for _, m := range msgs {
		if err := b.prepare(ctx, m); err != nil {
			return 0, fmt.Errorf("journey: prepare %s: %w", m.ID, err)
		}
	}
	if err := b.send(ctx); err != nil {
		return 0, err
	}
	return len(msgs), nil
}

// deliverBatch is how many messages one Deliver handles; it also bounds how
// many can be left unknown by a crash in the middle of a batch.
const deliverBatch = 200

// batch is one Deliver's work.
type batch struct {
	e         *Engine
	now       time.Time
	shops     map[purna.ID]*shop.Shop
	customers map[purna.ID]*customer.Customer
	orders    map[purna.ID]*order.Order
	capped    map[string]bool // customer/channel that got marketing in this batch
	done      []*Message      // decided without sending
	events    []timeline.Event
	out       []*Message
	emails    []mail.Message
}

// prepare decides what happens to m: skipped, later, or written and ready.
func (b *batch) prepare(ctx context.Context, m *Message) error {
	e := b.e
	sh, ok := b.shops[m.ShopID]
	if !ok {
		var err error
		if sh, err = e.Shops.FindShopByID(ctx, m.ShopID); err != nil {
			return err
		}
		b.shops[m.ShopID] = sh
	}
	c, ok := b.customers[m.CustomerID]
	if !ok {
		var err error
		if c, err = e.Customers.FindByID(ctx, m.ShopID, m.CustomerID); err != nil {
			return err
		}
		b.customers[m.CustomerID] = c
	}
	if reason := e.refuse(ctx, m, c, b.now); reason != "" {
		b.finish(m, Skipped, reason, MessageSkipped)
		return nil
	}
	if m.QuietHours {
		if at := e.afterQuietHours(sh, c, b.now); at.After(b.now) {
			m.DueAt, m.UpdatedAt = at, b.now
			b.done = append(b.done, m) // still queued, later
			return nil
		}
	}
	if m.Kind == Marketing {
		key := m.CustomerID + "/" + m.Channel
		if b.capped[key] {
			b.finish(m, Skipped, fmt.Sprintf("frequency cap: a marketing message went out in the last %s", e.Policy.Cap), MessageSkipped)
			return nil
		}
		b.capped[key] = true
	}
	var o *order.Order
	if m.OrderID != nil {
		if o, ok = b.orders[*m.OrderID]; !ok {
			var err error
			if o, err = e.Orders.FindByID(ctx, m.ShopID, *m.OrderID); err != nil {
				return err
			}
			b.orders[*m.OrderID] = o
		}
	}
	email, err := e.Composer.Compose(ctx, m, sh, c, o)
	if errors.Is(err, ErrNothingToSay) {
		b.finish(m, Skipped, "nothing to say: no product in the order has how-to content", MessageSkipped)
		return nil
	} else if err != nil {
		b.finish(m, Failed, "could not be written: "+err.Error(), MessageFailed)
		return nil
	}
	m.Recipient, m.Subject = email.To.Email, email.Subject
	b.out = append(b.out, m)
	b.emails = append(b.emails, email)
	return nil
}

// finish records m's outcome and its timeline event, to be stored with the
// others.
func (b *batch) finish(m *Message, st MessageStatus, reason string, t timeline.Type) {
	m.Status, m.Reason, m.UpdatedAt = st, reason, b.now
	b.done = append(b.done, m)
	data, _ := json.Marshal(map[string]any{"message_id": m.ID, "template": m.Template, "channel": m.Channel,
		"status": m.Status, "reason": m.Reason, "subject": m.Subject})
	b.events = append(b.events, timeline.Event{ShopID: m.ShopID, CustomerID: &m.CustomerID, OrderID: m.OrderID, Type: t,
		OccurredAt: b.now, Data: data, DedupeKey: string(t) + ":" + m.ID})
}

// BatchSender sends many messages at once; mail.SMTP does, over its pool.
type BatchSender interface {
	SendBatch(ctx context.Context, msgs []mail.Message) []error
}

// sendChunk is how many messages are claimed, sent and recorded together.
// A crash can leave at most this many unknown, so it stays small; the mail
// connections are kept busy within a chunk.
const sendChunk = 25

// send records the messages decided without sending, then claims, sends
// and records the written ones a chunk at a time.
func (b *batch) send(ctx context.Context) error {
	e := b.e
	if len(b.done) > 0 {
		if err := e.Store.FinishMessages(ctx, b.done, b.events); err != nil {
			return err
		}
	}
	for lo := 0; lo < len(b.out); lo += sendChunk {
		hi := min(lo+sendChunk, len(b.out))
		b.done, b.events = nil, nil
		if err := b.sendChunk(ctx, b.out[lo:hi], b.emails[lo:hi]); err != nil {
			return err
		}
		if err := e.Store.FinishMessages(ctx, b.done, b.events); err != nil {
			return err
		}
	}
	return nil
}

func (b *batch) sendChunk(ctx context.Context, out []*Message, written []mail.Message) error {
	e := b.e
	ids := make([]purna.ID, len(out))
	for i, m := range out {
		ids[i] = m.ID
	}
	claimed, err := e.Store.ClaimMessages(ctx, ids, b.now)
	if err != nil {
		return err
	}
	var msgs []*Message
	var emails []mail.Message
	for i, m := range out {
		if claimed[m.ID] {
			m.Attempts++
			msgs, emails = append(msgs, m), append(emails, written[i])
		}
	}
	var errs []error
	if bs, ok := e.Sender.(BatchSender); ok {
		errs = bs.SendBatch(ctx, emails)
	} else {
		errs = make([]error, len(emails))
		for i, em := range emails {
			errs[i] = e.Sender.Send(ctx, em)
		}
	}
	sentAt := e.Clock.Now()
	for i, m := range msgs {
		err := errs[i]
		var ce *mail.ConnError
		switch {
		case err == nil:
			t := sentAt
			m.SentAt = &t
			b.finish(m, Sent, "", MessageSent)
		case errors.As(err, &ce) && ce.MaybeDelivered:
			// The server may have it: retrying could send it twice.
			b.finish(m, Unknown, err.Error(), MessageUnknown)
		case mail.IsPermanent(err) || m.Attempts >= e.Policy.MaxAttempts:
			b.finish(m, Failed, err.Error(), MessageFailed)
		default:
			// Temporary: back in the queue, later each time.
			m.Status, m.Reason, m.UpdatedAt = Queued, err.Error(), b.now
			m.DueAt = b.now.Add(time.Duration(m.Attempts*m.Attempts) * time.Minute)
			b.done = append(b.done, m)
		}
	}
	return nil
}

// refuse says why m must not go out, or "".
func (e *Engine) refuse(ctx context.Context, m *Message, c *customer.Customer, now time.Time) string {
	if m.Channel == "email" && c.Email == nil {
		return "the customer has no email address"
	}
	if m.Kind != Marketing {
		return ""
	}
	consented := slices.ContainsFunc(c.Consents, func(x customer.Consent) bool {
		return string(x.Channel) == m.Channel && x.Granted
	})
	if !consented {
		return "no marketing consent on " + m.Channel
	}
	n, err := e.Store.CountSent(ctx, m.ShopID, m.CustomerID, m.Channel, Marketing, now.Add(-e.Policy.Cap))
	if err == nil && n > 0 {
		return fmt.Sprintf("frequency cap: a marketing message went out in the last %s", e.Policy.Cap)
	}
	return ""
}

// afterQuietHours returns now, or the end of the quiet hours now falls in,
// in the customer's time zone (the shop's when the customer has none).
func (e *Engine) afterQuietHours(sh *shop.Shop, c *customer.Customer, now time.Time) time.Time {
	loc := sh.Location()
	if c.Timezone != "" {
		if l, err := time.LoadLocation(c.Timezone); err == nil {
			loc = l
		}
	}
	local := now.In(loc)
	h := local.Hour()
	from, to := e.Policy.QuietFrom, e.Policy.QuietTo
	quiet := from > to && (h >= from || h < to) || from < to && h >= from && h < to
	if !quiet {
		return now
	}
	wake := time.Date(local.Year(), local.Month(), local.Day(), to, 0, 0, 0, loc)
	if !wake.After(local) {
		wake = wake.AddDate(0, 0, 1)
	}
	return wake.UTC()
}

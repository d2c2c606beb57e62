package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

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

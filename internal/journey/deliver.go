package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
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

// The shape of delivery. A Deliver handles up to deliverBatch due messages:
// it loads what they need in a few queries, writes them, and sends them a
// chunk at a time through a pipeline: the next chunk is claimed while one
// is on the wire and the one before is recorded. A message is claimed
// (committed as sending) before it is sent, so a crash can leave at most
// inFlight chunks with an unknown outcome, and never sends one twice.
const (
	deliverBatch = 1000
	sendChunk    = 25
	// inFlight bounds the chunks claimed but not yet recorded: one being
	// claimed, senders on the wire, one waiting to be recorded.
	inFlight = 4
	// senders is how many chunks are on the wire at once, so the tail of
	// one chunk does not leave connections idle.
	senders = 2
)

// MaxUnknownAfterCrash is the most messages a crash in the middle of
// sending can leave with an unknown outcome.
const MaxUnknownAfterCrash = inFlight * sendChunk

// Deliver sends the messages that are due and returns how many it handled.
// It streams: one goroutine reads pages of due messages and decides each
// (skip, later, or to write), while the pipeline writes, claims, sends and
// records the ones before, so neither the database nor the connections
// wait for the other.
func (e *Engine) Deliver(ctx context.Context) (int, error) {
	now := e.Clock.Now()
	if _, err := e.Store.MarkStaleSending(ctx, now.Add(-10*time.Minute), now); err != nil {
		return 0, err
	}
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan *batch, 1)
	fetched := make(chan error, 1)
	go func() {
		defer close(pages)
		fetched <- e.fetch(fctx, now, pages)
	}()
	p := e.newPipeline(ctx, now)
	n := 0
	var err error
	for b := range pages {
		n += b.count
		if err == nil {
			if err = p.run(ctx, b); err != nil {
				cancel() // read no more pages; drain those read
			}
		}
	}
	err = errors.Join(err, <-fetched, p.close())
	return n, err
}

// deliverPages bounds the pages one Deliver reads, so a tick ends and the
// journeys advance between large sends.
const deliverPages = 10

// fetch reads up to deliverPages pages of due messages, decides each, and
// hands the pages on. The decisions that need no sending (skipped, later)
// are recorded here.
func (e *Engine) fetch(ctx context.Context, now time.Time, out chan<- *batch) error {
	capped := map[string]bool{}
	products := map[purna.ID]*product.Product{}
	var after *Message
	for range deliverPages {
		msgs, err := e.Store.DueMessages(ctx, now, after, deliverBatch)
		if err != nil || len(msgs) == 0 {
			return err
		}
		// The cursor is the last message as read: deciding may move its
		// due time (quiet hours).
		last := msgs[len(msgs)-1]
		after = &Message{ID: last.ID, DueAt: last.DueAt}
		b := &batch{e: e, now: now, count: len(msgs), shops: map[purna.ID]*shop.Shop{}, customers: map[purna.ID]*customer.Customer{},
			orders: map[purna.ID]*order.Order{}, products: products, capped: capped}
		if err := b.load(ctx, msgs); err != nil {
			return err
		}
		for _, m := range msgs {
			if err := b.prepare(ctx, m); err != nil {
				return fmt.Errorf("journey: prepare %s: %w", m.ID, err)
			}
		}
		if err := b.suppress(ctx); err != nil {
			return err
		}
		if len(b.done.msgs) > 0 {
			if err := e.Store.FinishMessages(ctx, b.done); err != nil {
				return err
			}
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return nil
		}
		if len(msgs) < deliverBatch {
			return nil
		}
	}
	return nil
}

// batch is one page of due messages.
type batch struct {
	e         *Engine
	now       time.Time
	count     int // messages read
	shops     map[purna.ID]*shop.Shop
	customers map[purna.ID]*customer.Customer
	orders    map[purna.ID]*order.Order
	products  map[purna.ID]*product.Product
	capped    map[string]bool // customer/channel that got marketing in this batch
	done      Outcomes        // decided without sending
	ready     []*ready        // to write and send
}

// ready is a message that is to go out: its channel, address and draft.
type ready struct {
	m    *Message
	ch   string
	addr string
	d    *Draft
}

// load reads the shops, customers and orders of msgs, a few queries for
// all of them.
func (b *batch) load(ctx context.Context, msgs []*Message) error {
	e := b.e
	customers := map[purna.ID][]purna.ID{} // by shop
	orders := map[purna.ID][]purna.ID{}
	for _, m := range msgs {
		if _, ok := b.shops[m.ShopID]; !ok {
			sh, err := e.Shops.FindShopByID(ctx, m.ShopID)
			if err != nil {
				return err
			}
			b.shops[m.ShopID] = sh
		}
		customers[m.ShopID] = append(customers[m.ShopID], m.CustomerID)
		if m.OrderID != nil {
			orders[m.ShopID] = append(orders[m.ShopID], *m.OrderID)
		}
	}
	for shopID, ids := range customers {
		found, err := e.Customers.FindByIDs(ctx, shopID, dedupe(ids))
		if err != nil {
			return err
		}
		for _, c := range found {
			b.customers[c.ID] = c
		}
	}
	for shopID, ids := range orders {
		found, err := e.Orders.FindByIDs(ctx, shopID, dedupe(ids))
		if err != nil {
			return err
		}
		for _, o := range found {
			b.orders[o.ID] = o
		}
	}
	return nil
}

func dedupe(ids []purna.ID) []purna.ID {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// prepare decides what happens to m: skipped, later, or written and ready.
func (b *batch) prepare(ctx context.Context, m *Message) error {
	e := b.e
	sh := b.shops[m.ShopID]
	c, ok := b.customers[m.CustomerID]
	if !ok {
		return purna.Errorf(purna.ENOTFOUND, "Customer %s not found.", m.CustomerID)
	}
	ch, ok := e.Channels[m.Channel]
	if !ok {
		b.finish(m, Failed, fmt.Sprintf("no %s channel is set up on this server", m.Channel), MessageFailed)
		return nil
	}
	addr := ch.Address(c)
	if addr == "" {
		b.finish(m, Skipped, noAddress(m.Channel), MessageSkipped)
		return nil
	}
	if reason := e.refuse(ctx, m, c, b.now); reason != "" {
		b.finish(m, Skipped, reason, MessageSkipped)
		return nil
	}
	if m.QuietHours {
		if at := e.afterQuietHours(sh, c, b.now); at.After(b.now) {
			m.DueAt, m.UpdatedAt = at, b.now
			b.done.msgs = append(b.done.msgs, m) // still queued, later
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
	d := &Draft{Message: m, Shop: sh, Customer: c, Locale: c.Locale}
	if !purna.ValidLocale(d.Locale) {
		d.Locale = sh.Locale
	}
	if m.OrderID != nil {
		if d.Order, ok = b.orders[*m.OrderID]; !ok {
			return purna.Errorf(purna.ENOTFOUND, "Order %s not found.", *m.OrderID)
		}
	}
	if m.Facts.WarrantyEnds != nil {
		d.WarrantyEnds = *m.Facts.WarrantyEnds
	}
	if m.Facts.MaintenanceDue != nil {
		d.MaintenanceDue = *m.Facts.MaintenanceDue
	}
	var err error
	if d.Product, err = b.product(ctx, m, d.Order); err != nil {
		return err
	}
	m.Recipient = addr
	b.ready = append(b.ready, &ready{m: m, ch: m.Channel, addr: addr, d: d})
	return nil
}

func noAddress(channel string) string {
	if channel == "email" {
		return "the customer has no email address"
	}
	return "the customer has no phone number"
}

// product is the product m is about: the one its journey's event named, or
// for a message about products in general, the order's first product that
// has what the message needs.
func (b *batch) product(ctx context.Context, m *Message, o *order.Order) (*product.Product, error) {
	find := func(id purna.ID) (*product.Product, error) {
		if p, ok := b.products[id]; ok {
			return p, nil
		}
		p, err := b.e.Products.FindByID(ctx, m.ShopID, id)
		if err != nil {
			return nil, err
		}
		b.products[id] = p
		return p, nil
	}
	if m.Facts.ProductID != nil {
		p, err := find(*m.Facts.ProductID)
		if purna.ErrorCode(err) == purna.ENOTFOUND {
			return nil, nil // deleted since: the message has nothing to say
		}
		return p, err
	}
	want := productWants[m.Template]
	if want == nil || o == nil {
		return nil, nil
	}
	for _, l := range o.Lines {
		if l.ProductID == nil {
			continue
		}
		p, err := find(*l.ProductID)
		if err != nil {
			return nil, err
		}
		if want(p) {
			return p, nil
		}
	}
	return nil, nil
}

// productWants says, for messages about a product, what makes an order's
// product worth writing about.
var productWants = map[string]func(*product.Product) bool{
	"howto_onboarding": func(p *product.Product) bool { return p.HowToText != "" || p.HowToURL != "" },
	"warranty_ending":  func(p *product.Product) bool { return p.WarrantyMonths > 0 },
	"maintenance_due":  func(p *product.Product) bool { return p.MaintenanceDays > 0 },
}

// suppress skips the ready messages whose address is suppressed on its
// channel (a hard bounce or a complaint), one query per shop and channel.
func (b *batch) suppress(ctx context.Context) error {
	type group struct {
		shop    purna.ID
		channel string
	}
	addrs := map[group][]string{}
	for _, r := range b.ready {
		g := group{r.m.ShopID, r.ch}
		addrs[g] = append(addrs[g], r.addr)
	}
	suppressed := map[group]map[string]SuppressReason{}
	for g, list := range addrs {
		found, err := b.e.Store.FindSuppressed(ctx, g.shop, g.channel, list)
		if err != nil {
			return err
		}
		suppressed[g] = found
	}
	kept := b.ready[:0]
	for _, r := range b.ready {
		if reason, ok := suppressed[group{r.m.ShopID, r.ch}][r.addr]; ok {
			b.finish(r.m, Skipped, fmt.Sprintf("the address is suppressed (%s)", reason), MessageSkipped)
			continue
		}
		kept = append(kept, r)
	}
	b.ready = kept
	return nil
}

// finish records m's outcome and its timeline event with those decided
// without sending.
func (b *batch) finish(m *Message, st MessageStatus, reason string, t timeline.Type) {
	b.done.add(m, st, reason, t, b.now)
}

// Outcomes is what FinishMessages stores in one transaction: messages'
// new states, their timeline events, and addresses to suppress.
type Outcomes struct {
	msgs     []*Message
	events   []timeline.Event
	suppress []Suppression
}

// Messages returns the messages to update.
func (o *Outcomes) Messages() []*Message { return o.msgs }

// Events returns the timeline events to append.
func (o *Outcomes) Events() []timeline.Event { return o.events }

// Suppressions returns the addresses to suppress.
func (o *Outcomes) Suppressions() []Suppression { return o.suppress }

// Add records m as st, with a timeline event of type t ("" for none).
func (o *Outcomes) Add(m *Message, st MessageStatus, reason string, t timeline.Type, now time.Time) {
	o.add(m, st, reason, t, now)
}

func (o *Outcomes) add(m *Message, st MessageStatus, reason string, t timeline.Type, now time.Time) {
	m.Status, m.Reason, m.UpdatedAt = st, reason, now
	o.msgs = append(o.msgs, m)
	if t == "" {
		return
	}
	data, _ := json.Marshal(map[string]any{"message_id": m.ID, "template": m.Template, "channel": m.Channel,
		"status": m.Status, "reason": m.Reason, "subject": m.Subject})
	o.events = append(o.events, timeline.Event{ShopID: m.ShopID, CustomerID: &m.CustomerID, OrderID: m.OrderID, Type: t,
		OccurredAt: now, Data: data, DedupeKey: string(t) + ":" + m.ID})
}

// NewOutcomes returns Outcomes for msgs that moved to st for reason, for
// stores and tests that record outcomes outside Deliver.
func NewOutcomes(msgs []*Message, st MessageStatus, reason string, t timeline.Type, now time.Time) Outcomes {
	var o Outcomes
	for _, m := range msgs {
		o.add(m, st, reason, t, now)
	}
	return o
}

// chunk is up to sendChunk messages of one channel, written, claimed and
// sent together.
type chunk struct {
	ch     Channel
	drafts []*Draft
	msgs   []*Message
	envs   []Envelope
	errs   []error
	done   Outcomes // messages that could not be written
}

// pipeline writes, claims, sends and records chunks of messages: the
// caller writes and claims a chunk while senders have the ones before on
// the wire and the recorder stores the outcomes of those before them. A
// slot is taken before a chunk is claimed and given back once it is
// recorded, so at most inFlight chunks are ever claimed and not recorded.
type pipeline struct {
	e        *Engine
	now      time.Time
	slots    chan struct{}
	claimed  chan *chunk
	stop     chan struct{} // closed when the recorder fails
	recorded chan error
}

func (e *Engine) newPipeline(ctx context.Context, now time.Time) *pipeline {
	p := &pipeline{e: e, now: now, slots: make(chan struct{}, inFlight), claimed: make(chan *chunk, inFlight),
		stop: make(chan struct{}), recorded: make(chan error, 1)}
	sent := make(chan *chunk, inFlight)
	var wg sync.WaitGroup
	for range senders {
		wg.Go(func() {
			for c := range p.claimed {
				c.errs = c.ch.Send(ctx, c.envs)
				sent <- c
			}
		})
	}
	go func() { wg.Wait(); close(sent) }()
	go func() { p.recorded <- p.record(ctx, sent) }()
	return p
}

// run puts b's ready messages through the pipeline, a chunk of one channel
// at a time.
func (p *pipeline) run(ctx context.Context, b *batch) error {
	byChannel := map[string][]*ready{}
	for _, r := range b.ready {
		byChannel[r.ch] = append(byChannel[r.ch], r)
	}
	for _, name := range Channels {
		for part := range slices.Chunk(byChannel[name], sendChunk) {
			c := &chunk{ch: p.e.Channels[name]}
			for _, r := range part {
				c.drafts = append(c.drafts, r.d)
			}
			select {
			case p.slots <- struct{}{}:
			case <-p.stop:
				return nil // the recorder failed and says why
			}
			select {
			case <-p.stop:
				<-p.slots
				return nil
			default:
			}
			// Written here, while the chunks before are on the wire.
			b.compose(ctx, c)
			if err := b.claim(ctx, c); err != nil {
				<-p.slots
				return err
			}
			if len(c.msgs) == 0 {
				<-p.slots
				if len(c.done.msgs) > 0 {
					if err := p.e.Store.FinishMessages(ctx, c.done); err != nil {
						return err
					}
				}
				continue
			}
			p.claimed <- c
		}
	}
	return nil
}

// close waits for the chunks in the pipeline to be sent and recorded.
func (p *pipeline) close() error {
	close(p.claimed)
	return <-p.recorded
}

// compose writes c's messages; those that cannot be written are skipped
// or failed, recorded with the chunk.
func (b *batch) compose(ctx context.Context, c *chunk) {
	for _, d := range c.drafts {
		m := d.Message
		env, err := c.ch.Compose(ctx, d)
		if reason := skipReason(err); reason != "" {
			c.done.add(m, Skipped, reason, MessageSkipped, b.now)
			continue
		} else if err != nil {
			c.done.add(m, Failed, "could not be written: "+err.Error(), MessageFailed, b.now)
			continue
		}
		m.Recipient, m.Subject = env.To, env.Subject
		c.msgs, c.envs = append(c.msgs, m), append(c.envs, env)
	}
}

// claim moves c's messages to sending and keeps those it moved (another
// process may have taken some).
func (b *batch) claim(ctx context.Context, c *chunk) error {
	ids := make([]purna.ID, len(c.msgs))
	for i, m := range c.msgs {
		ids[i] = m.ID
	}
	ok, err := b.e.Store.ClaimMessages(ctx, ids, b.now)
	if err != nil {
		return err
	}
	msgs, envs := c.msgs[:0], c.envs[:0]
	for i, m := range c.msgs {
		if ok[m.ID] {
			m.Attempts++
			msgs, envs = append(msgs, m), append(envs, c.envs[i])
		}
	}
	c.msgs, c.envs = msgs, envs
	return nil
}

// record stores the outcomes of sent chunks, gathering the chunks that are
// ready into one transaction. After a failure it drains the rest without
// recording (their messages stay in sending and become unknown) and closes
// stop, so no more are claimed.
func (p *pipeline) record(ctx context.Context, sent <-chan *chunk) error {
	var err error
	for c := range sent {
		group := []*chunk{c}
	gather:
		for {
			select {
			case more, ok := <-sent:
				if !ok {
					break gather
				}
				group = append(group, more)
			default:
				break gather
			}
		}
		if err == nil {
			if err = p.e.Store.FinishMessages(ctx, p.outcomes(group)); err != nil {
				close(p.stop)
			}
		}
		for range group {
			<-p.slots
		}
	}
	return err
}

// outcomes turns sent chunks into what is stored.
func (p *pipeline) outcomes(group []*chunk) Outcomes {
	var o Outcomes
	sentAt := p.e.Clock.Now()
	for _, c := range group {
		o.msgs = append(o.msgs, c.done.msgs...)
		o.events = append(o.events, c.done.events...)
		for i, m := range c.msgs {
			err := c.errs[i]
			m.ProviderID = c.envs[i].ProviderID
			permanent, maybe := Outcome(err)
			switch {
			case err == nil:
				t := sentAt
				m.SentAt = &t
				o.add(m, Sent, "", MessageSent, p.now)
			case maybe:
				// The provider may have it: retrying could send it twice.
				o.add(m, Unknown, err.Error(), MessageUnknown, p.now)
			case permanent || m.Attempts >= p.e.Policy.MaxAttempts:
				o.add(m, Failed, err.Error(), MessageFailed, p.now)
				if se, ok := errors.AsType[*SendError](err); ok && se.SuppressAddr != "" {
					id := m.ID
					o.suppress = append(o.suppress, Suppression{ShopID: m.ShopID, Channel: m.Channel,
						Address: se.SuppressAddr, Reason: Bounce, Detail: err.Error(), Source: m.Channel,
						MessageID: &id, CreatedAt: p.now})
				}
			default:
				// Temporary: back in the queue, later each time.
				m.Status, m.Reason, m.UpdatedAt = Queued, err.Error(), p.now
				m.DueAt = p.now.Add(time.Duration(m.Attempts*m.Attempts) * time.Minute)
				o.msgs = append(o.msgs, m)
			}
		}
	}
	return o
}

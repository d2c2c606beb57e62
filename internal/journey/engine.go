package journey

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
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

// Finders load what conditions and messages need.
type (
	ShopFinder interface {
		FindShopByID(ctx context.Context, id purna.ID) (*shop.Shop, error)
	}
	CustomerFinder interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*customer.Customer, error)
		FindByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*customer.Customer, error)
	}
	OrderFinder interface {
		FindByID(ctx context.Context, shopID, id purna.ID) (*order.Order, error)
		FindByIDs(ctx context.Context, shopID purna.ID, ids []purna.ID) ([]*order.Order, error)
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
	// Channels by name ("email", "whatsapp", "sms"): a message on a channel
	// that is not here fails, and says so.
	Channels map[string]Channel
	Policy   Policy
	Logger   *slog.Logger
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
	journeys, err := e.journeys(ctx, ev.ShopID)
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
		if j.Status != Active || !j.StartsOn(ev.Type) {
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

// journeyCache holds the journeys of the shops one dispatch job's events
// belong to: a job has up to hundreds of events of one shop, and each
// would otherwise read the shop's journeys again.
type journeyCache struct {
	mu    sync.Mutex
	shops map[purna.ID][]*Journey
}

type journeyCacheKey struct{}

// WithJourneyCache returns a context in which React reads each shop's
// journeys once. Use one per batch of events (one dispatch job), so that
// a journey changed since is seen by the next batch.
func WithJourneyCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, journeyCacheKey{}, &journeyCache{shops: map[purna.ID][]*Journey{}})
}

// journeys returns the shop's journeys, from ctx's cache when it has one.
func (e *Engine) journeys(ctx context.Context, shopID purna.ID) ([]*Journey, error) {
	c, _ := ctx.Value(journeyCacheKey{}).(*journeyCache)
	if c == nil {
		return e.Store.FindJourneys(ctx, shopID)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if js, ok := c.shops[shopID]; ok {
		return js, nil
	}
	js, err := e.Store.FindJourneys(ctx, shopID)
	if err != nil {
		return nil, err
	}
	c.shops[shopID] = js
	return js, nil
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
		msgs, err := e.advance(ctx, j, r, now)
		if err != nil {
			return 0, err
		}
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
func (e *Engine) advance(ctx context.Context, j *Journey, r *Run, now time.Time) ([]*Message, error) {
	var msgs []*Message
	base := now
	if r.NextAt != nil {
		base = *r.NextAt
	}
	facts := factsOf(r.EventData)
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
			mf := facts
			mf.Reminder = slices.ContainsFunc(j.Steps[:r.Step], func(p Step) bool {
				return p.Send != nil && p.Send.Template == s.Send.Template
			})
			msgs = append(msgs, &Message{ID: purna.NewID(now), ShopID: r.ShopID, CustomerID: r.CustomerID,
				OrderID: r.OrderID, RunID: &runID, Step: r.Step, Channel: ch, Template: s.Send.Template, Kind: kind, Facts: mf,
				QuietHours: kind == Marketing || waited || noticed[j.Trigger], Status: Queued, DueAt: base, CreatedAt: now, UpdatedAt: now})
			r.Step++
		case s.Wait != nil:
			at := e.waitUntil(s.Wait, r, base)
			r.Step++
			waited = true
			if at.After(now) {
				r.NextAt = &at
				return msgs, nil
			}
			base = at
		case s.Branch != nil:
			ok, err := e.branchHolds(ctx, s.Branch.If, r)
			if err != nil {
				return nil, err
			}
			switch {
			case ok:
				r.Step++
			case s.Branch.ElseStep != nil:
				r.Step = *s.Branch.ElseStep
			default:
				r.Step = len(j.Steps)
			}
		default:
			r.Step++ // nothing to do (a step of a kind this version does not know)
		}
	}
	r.Status, r.NextAt = Done, nil
	return msgs, nil
}

// branchHolds evaluates a branch for r's customer and order, now.
func (e *Engine) branchHolds(ctx context.Context, c BranchIf, r *Run) (bool, error) {
	if c.Consent != "" {
		cust, err := e.Customers.FindByID(ctx, r.ShopID, r.CustomerID)
		if err != nil {
			return false, err
		}
		if !cust.Consented(customer.Channel(c.Consent)) {
			return false, nil
		}
	}
	cid := r.CustomerID
	return e.admits(ctx, &Journey{Conditions: c.Conditions}, timeline.Event{ShopID: r.ShopID, CustomerID: &cid, OrderID: r.OrderID})
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

// refuse says why m must not go out, or "".
func (e *Engine) refuse(ctx context.Context, m *Message, c *customer.Customer, now time.Time) string {
	if m.Kind != Marketing {
		return ""
	}
	if !c.Consented(customer.Channel(m.Channel)) {
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

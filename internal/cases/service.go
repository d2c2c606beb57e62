package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/timeline"
)

// Service applies the case rules. The API, the portal and the agent's
// screens all call it.
type Service struct {
	store    Store
	policies *Policies
	clock    purna.Clock
}

// NewService returns a Service on store.
func NewService(store Store, clock purna.Clock) *Service {
	return &Service{store: store, policies: NewPolicies(store, clock), clock: clock}
}

// Policies returns the service's policy keeper.
func (s *Service) Policies() *Policies { return s.policies }

// notFound is what a customer gets for anything that is not theirs.
func notFound(what string) error { return purna.Errorf(purna.ENOTFOUND, "%s not found.", what) }

// FindByID returns the case with its notes and history. A customer sees
// only their own cases, and only the notes meant for them. ENOTFOUND.
func (s *Service) FindByID(ctx context.Context, shopID purna.ID, actor Actor, id purna.ID) (*Detail, error) {
	c, err := s.find(ctx, shopID, actor, id)
	if err != nil {
		return nil, err
	}
	notes, err := s.store.FindNotes(ctx, shopID, id, actor.Role == RoleCustomer)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.FindHistory(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	if actor.Role == RoleCustomer {
		// The shop's notes on its steps are internal; what it says to the
		// customer is the CustomerReason.
		for _, h := range hist {
			if h.Actor.Role != RoleCustomer {
				h.Note = ""
			}
		}
	}
	return &Detail{Case: *c, Notes: notes, History: hist}, nil
}

// find loads a case the actor may see. ENOTFOUND.
func (s *Service) find(ctx context.Context, shopID purna.ID, actor Actor, id purna.ID) (*Case, error) {
	c, err := s.store.FindCaseByID(ctx, shopID, id)
	if err != nil {
		return nil, err
	}
	if actor.Role == RoleCustomer && c.CustomerID != actor.ID {
		return nil, notFound("Case")
	}
	return c, nil
}

// Find returns a page of cases, newest first. A customer's call lists only
// their own cases whatever f says.
func (s *Service) Find(ctx context.Context, actor Actor, f Filter) (*purna.Page[*Case], error) {
	if actor.Role == RoleCustomer {
		f.CustomerID = &actor.ID
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if f.Now.IsZero() {
		f.Now = s.clock.Now()
	}
	items, next, err := s.store.FindCases(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := s.store.CountCases(ctx, f)
	if err != nil {
		return nil, err
	}
	return &purna.Page[*Case]{Items: items, Next: next, Total: total}, nil
}

// NoteInput is a note to add to a case.
type NoteInput struct {
	Text string `json:"text"`
	// Visible shows the note to the customer; a customer's own notes are
	// always visible.
	Visible     bool     `json:"visible,omitempty"`
	Attachments []string `json:"attachments,omitempty"`
}

func (in *NoteInput) validate(p *purna.Problems, prefix string) {
	in.Text = strings.TrimSpace(in.Text)
	switch {
	case in.Text == "":
		p.Add(prefix+"text", "is required")
	case len(in.Text) > 5000:
		p.Add(prefix+"text", "is longer than 5000 characters")
	}
	if len(in.Attachments) > 10 {
		p.Add(prefix+"attachments", "at most 10")
	}
	for i, a := range in.Attachments {
		if a = strings.TrimSpace(a); a == "" || len(a) > 100 {
			p.Add(fmt.Sprintf("%sattachments[%d]", prefix, i), "must be an upload ID")
		}
	}
}

// AddNote adds a note to a case. ENOTFOUND, EINVALID.
func (s *Service) AddNote(ctx context.Context, shopID, caseID purna.ID, actor Actor, in NoteInput) (*Note, error) {
	c, err := s.find(ctx, shopID, actor, caseID)
	if err != nil {
		return nil, err
	}
	var p purna.Problems
	in.validate(&p, "")
	if err := p.Err(); err != nil {
		return nil, err
	}
	if actor.Role == RoleCustomer {
		in.Visible = true
	}
	now := s.clock.Now()
	n := &Note{ID: purna.NewID(now), ShopID: shopID, CaseID: c.ID, Author: actor, Text: in.Text, Visible: in.Visible,
		Attachments: nonNil(in.Attachments), CreatedAt: now}
	err = s.store.InTx(ctx, func(tx Tx) error { return tx.AddCaseNote(ctx, n) })
	if err != nil {
		return nil, err
	}
	return n, nil
}

// AssignInput gives a case to an agent and sets when it is due. Nil
// fields stay as they are; an empty assignee unassigns.
type AssignInput struct {
	AssigneeID *purna.ID  `json:"assignee_id,omitempty"`
	DueAt      *time.Time `json:"due_at,omitempty"`
}

// Assign changes who works on a case and when it is due. Only agents and
// the system assign. ENOTFOUND, EINVALID, EFORBIDDEN, ECONFLICT.
func (s *Service) Assign(ctx context.Context, shopID, caseID purna.ID, actor Actor, in AssignInput) (*Case, error) {
	c, err := s.find(ctx, shopID, actor, caseID)
	if err != nil {
		return nil, err
	}
	if actor.Role == RoleCustomer {
		return nil, purna.Errorf(purna.EFORBIDDEN, "A customer cannot assign a case.")
	}
	var p purna.Problems
	if in.AssigneeID != nil && *in.AssigneeID != "" {
		ok, err := s.store.IsMember(ctx, shopID, *in.AssigneeID)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.Add("assignee_id", "is not a user of this shop")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if in.AssigneeID != nil {
		c.AssigneeID = in.AssigneeID
		if *in.AssigneeID == "" {
			c.AssigneeID = nil
		}
	}
	if in.DueAt != nil {
		c.DueAt = utcPtr(in.DueAt)
	}
	c.UpdatedAt = s.clock.Now()
	err = s.store.InTx(ctx, func(tx Tx) error { return tx.UpdateCase(ctx, c, c.Seq) })
	if err != nil {
		return nil, err
	}
	return c, nil
}

// input gathers what eligibility needs about one order, or about a
// customer's items bought elsewhere.
type input struct {
	shop   *shop.Shop
	pol    *policy.Policy
	order  *order.Order
	cases  []*Case
	regs   []*Registration
	prods  map[purna.ID]*product.Product
	parts  []*product.Product
	now    time.Time
	custID purna.ID
}

func (in *input) eligibility() eligibility.Input {
	e := eligibility.Input{Policy: in.pol, Order: in.order, Products: in.prods, Parts: in.parts,
		Location: in.shop.Location(), Now: in.now}
	for _, c := range in.cases {
		e.Cases = append(e.Cases, c.eligibility()...)
	}
	for _, r := range in.regs {
		e.Registrations = append(e.Registrations, r.eligibility())
	}
	return e
}

// eligibility reduces c to what package eligibility needs: one case per
// line.
func (c *Case) eligibility() []eligibility.Case {
	st := statusInfo[c.Status].elig
	out := make([]eligibility.Case, 0, len(c.Lines))
	for _, l := range c.Lines {
		k := eligibility.Case{ID: c.ID, Kind: c.Kind, LineID: l.item(), Quantity: l.Quantity, Status: st,
			Resolution: policy.Resolution(c.Resolution), ResolvedAt: c.ResolvedAt}
		for _, r := range c.Replacements {
			if r.Replaces == l.item() {
				k.Replacements = append(k.Replacements, r.ReplacementItem)
			}
		}
		out = append(out, k)
	}
	return out
}

func (r *Registration) eligibility() eligibility.Registration {
	e := eligibility.Registration{ID: r.ID, SerialNumber: r.SerialNumber, PurchasedAt: r.PurchasedAt,
		RegisteredAt: r.RegisteredAt, ExtraMonths: r.ExtraMonths}
	if r.OrderLineID != nil {
		e.LineID = *r.OrderLineID
	}
	if r.ProductID != nil {
		e.ProductID = *r.ProductID
	}
	return e
}

// load gathers the input for an order (orderID set) or for a customer's
// items bought elsewhere. A customer asking about another's order gets
// ENOTFOUND.
func (s *Service) load(ctx context.Context, shopID purna.ID, actor Actor, orderID *purna.ID, custID purna.ID, parts bool) (*input, error) {
	sh, err := s.store.FindShopByID(ctx, shopID)
	if err != nil {
		return nil, err
	}
	in := &input{shop: sh, now: s.clock.Now(), custID: custID, prods: map[purna.ID]*product.Product{}}
	if in.pol, err = s.policies.forShop(ctx, sh); err != nil {
		return nil, err
	}
	if orderID != nil {
		o, err := s.store.FindOrderByID(ctx, shopID, *orderID)
		if err != nil {
			return nil, err
		}
		if actor.Role == RoleCustomer && (o.CustomerID == nil || *o.CustomerID != actor.ID) {
			return nil, notFound("Order")
		}
		in.order = o
		if o.CustomerID != nil {
			in.custID = *o.CustomerID
		}
		if in.cases, err = s.store.FindCasesByOrder(ctx, shopID, o.ID); err != nil {
			return nil, err
		}
		if in.regs, err = s.store.FindRegistrations(ctx, RegistrationFilter{ShopID: shopID, OrderID: &o.ID}); err != nil {
			return nil, err
		}
	}
	if in.custID != "" && orderID == nil {
		regs, err := s.store.FindRegistrations(ctx, RegistrationFilter{ShopID: shopID, CustomerID: &in.custID, Elsewhere: true})
		if err != nil {
			return nil, err
		}
		in.regs = append(in.regs, regs...)
	}
	var ids []purna.ID
	if in.order != nil {
		for _, l := range in.order.Lines {
			if l.ProductID != nil {
				ids = append(ids, *l.ProductID)
			}
		}
	}
	for _, c := range in.cases {
		for _, r := range c.Replacements {
			if r.ProductID != "" {
				ids = append(ids, r.ProductID)
			}
		}
	}
	for _, r := range in.regs {
		if r.ProductID != nil {
			ids = append(ids, *r.ProductID)
		}
	}
	if len(ids) > 0 {
		ps, err := s.store.FindProductsByIDs(ctx, shopID, ids)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			in.prods[p.ID] = p
		}
	}
	if parts {
		if in.parts, err = s.store.FindSpareParts(ctx, shopID); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// Eligibility returns what each line of the order, and each item sent to
// replace one, allows now: what the portal offers and the agent sees.
// ENOTFOUND, also for a customer asking about another customer's order.
func (s *Service) Eligibility(ctx context.Context, shopID purna.ID, actor Actor, orderID purna.ID) ([]eligibility.Item, error) {
	in, err := s.load(ctx, shopID, actor, &orderID, "", true)
	if err != nil {
		return nil, err
	}
	return eligibility.Compute(in.eligibility()), nil
}

// RegisteredItems returns what the customer's items bought elsewhere and
// registered allow now (their warranty, mainly). A customer may only ask
// about themselves.
func (s *Service) RegisteredItems(ctx context.Context, shopID purna.ID, actor Actor, customerID purna.ID) ([]eligibility.Item, error) {
	if actor.Role == RoleCustomer && actor.ID != customerID {
		return nil, notFound("Customer")
	}
	in, err := s.load(ctx, shopID, actor, nil, customerID, true)
	if err != nil {
		return nil, err
	}
	return eligibility.Compute(in.eligibility()), nil
}

// eventData is the data of every case event on the timeline.
type eventData struct {
	CaseID     purna.ID     `json:"case_id"`
	Number     string       `json:"number"`
	Kind       Kind         `json:"kind"`
	Status     Status       `json:"status"`
	Action     Action       `json:"action"`
	Actor      Role         `json:"actor"`
	Lines      []eventLine  `json:"lines"`
	Resolution Resolution   `json:"resolution,omitempty"`
	Amount     *purna.Money `json:"amount,omitempty"`
	// Repair and Booking let a message say what a quote costs and when a
	// visit is, without reading the case again.
	Repair  *RepairOrder `json:"repair,omitempty"`
	Booking *Booking     `json:"booking,omitempty"`
	// Reason is the shop's words to the customer with the step (why a
	// request was rejected); Tracking is the tracking number of the parcel
	// of the step (sent back by the customer, or shipped by the shop).
	Reason   string `json:"reason,omitempty"`
	Tracking string `json:"tracking,omitempty"`
}

// stepData is what one step tells the customer beyond the case itself.
type stepData struct {
	reason, tracking string
}

type eventLine struct {
	OrderLineID    *purna.ID `json:"order_line_id,omitempty"`
	RegistrationID *purna.ID `json:"registration_id,omitempty"`
	ProductID      *purna.ID `json:"product_id,omitempty"`
	Quantity       int64     `json:"quantity"`
	Reason         string    `json:"reason,omitempty"`
}

// events returns the timeline events of c's transition number c.Seq.
func events(c *Case, act Action, actor Actor, at time.Time, step stepData, types ...timeline.Type) []timeline.Event {
	d := eventData{CaseID: c.ID, Number: c.Number, Kind: c.Kind, Status: c.Status, Action: act, Actor: actor.Role,
		Resolution: c.Resolution, Repair: c.Repair, Booking: c.Booking, Reason: step.reason, Tracking: step.tracking}
	for _, l := range c.Lines {
		d.Lines = append(d.Lines, eventLine{l.OrderLineID, l.RegistrationID, l.ProductID, l.Quantity, l.Reason})
	}
	if c.Refund.Amount > 0 {
		m := c.Refund
		d.Amount = &m
	}
	data, _ := json.Marshal(d)
	cust := c.CustomerID
	out := make([]timeline.Event, 0, len(types))
	for _, ty := range types {
		if ty == "" {
			continue
		}
		out = append(out, timeline.Event{ShopID: c.ShopID, CustomerID: &cust, OrderID: c.OrderID, Type: ty,
			OccurredAt: at, Data: data, DedupeKey: fmt.Sprintf("case:%s:%d:%s", c.ID, c.Seq, ty)})
	}
	return out
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// SlotUse is how many open maintenance cases hold one start time at a
// location.
type SlotUse struct {
	StartsAt time.Time `json:"starts_at"`
	Booked   int       `json:"booked"`
}

// SlotsTaken returns the start times at location in [from, to) that open
// maintenance cases hold, with how many hold each, by start time. The
// portal compares them with the slots' Capacity to hide full times; Open
// and the reschedule action refuse those anyway.
func (s *Service) SlotsTaken(ctx context.Context, shopID purna.ID, location string, from, to time.Time) ([]SlotUse, error) {
	bs, err := s.store.FindBookings(ctx, shopID, strings.TrimSpace(location), from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	out := []SlotUse{}
	for _, b := range bs {
		if n := len(out); n > 0 && out[n-1].StartsAt.Equal(b.StartsAt) {
			out[n-1].Booked++
			continue
		}
		out = append(out, SlotUse{StartsAt: b.StartsAt.UTC(), Booked: 1})
	}
	return out, nil
}

// SpareParts returns the shop's products that are spare parts for others,
// for showing the parts eligibility offers (Item.SpareParts) by name and
// price.
func (s *Service) SpareParts(ctx context.Context, shopID purna.ID) ([]*product.Product, error) {
	return s.store.FindSpareParts(ctx, shopID)
}

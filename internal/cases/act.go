package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/eligibility"
)

// ActInput carries what an action needs besides its name. Each action
// reads only its own fields.
type ActInput struct {
	// Note is kept in the case's history with the transition. It is the
	// shop's own: the customer does not see an agent's note.
	Note string `json:"note,omitempty"`
	// CustomerReason is the shop's words to the customer with the step,
	// required to reject: kept in the history and quoted by the message
	// that tells the customer.
	CustomerReason string `json:"customer_reason,omitempty"`
	// Tracking is the tracking number of the parcel: the one the customer
	// sent back (send_back) or the one the shop sent the items in (ship).
	Tracking string `json:"tracking,omitempty"`
	// Lines are what arrived (receive); without them every line arrived
	// whole.
	Lines []ReceivedLine `json:"lines,omitempty"`
	// Resolution and Amount resolve a case (resolve). Amount, in minor
	// units of the case's currency, is what was refunded or credited; it
	// cannot be more than the lines cost.
	Resolution Resolution `json:"resolution,omitempty"`
	Amount     *int64     `json:"amount,omitempty"`
	// Repair is the diagnosis (diagnose) or the parts and labour (quote,
	// and repair to record what a free repair took).
	Repair *RepairInput `json:"repair,omitempty"`
	// Booking is the new slot (reschedule).
	Booking *Booking `json:"booking,omitempty"`
	// Items are the items sent (ship); without them each line's product
	// goes out again in the same quantity.
	Items []ShipItem `json:"items,omitempty"`
}

// ActRequest is an action with its input, as the API takes it.
type ActRequest struct {
	Action Action `json:"action"`
	ActInput
}

// ReceivedLine says how much of a case line arrived and in what state.
type ReceivedLine struct {
	LineID           purna.ID  `json:"line_id"`
	ReceivedQuantity int64     `json:"received_quantity"`
	Condition        Condition `json:"condition,omitempty"`
	SerialNumber     string    `json:"serial_number,omitempty"`
}

// RepairInput is the work on a repair.
type RepairInput struct {
	Diagnosis     string `json:"diagnosis,omitempty"`
	Parts         []Part `json:"parts,omitempty"`
	LabourMinutes int64  `json:"labour_minutes,omitempty"`
	LabourRate    int64  `json:"labour_rate,omitempty"`
}

// ShipItem is an item sent for a case line: another product for an
// exchange, the same one otherwise.
type ShipItem struct {
	LineID        purna.ID `json:"line_id"`
	ProductID     purna.ID `json:"product_id,omitempty"`
	SerialNumbers []string `json:"serial_numbers,omitempty"`
}

// resolutions are what each kind may be resolved as, the usual one first.
var resolutions = map[Kind][]Resolution{
	Return:        {Refund, StoreCredit, ExchangeDone, ReplacementDone},
	Exchange:      {ExchangeDone, Refund, StoreCredit},
	Replacement:   {ReplacementDone, Refund, StoreCredit},
	WarrantyClaim: {Repaired, ReplacementDone, Refund, StoreCredit, ExchangeDone},
}

// ResolutionsFor returns what a case of kind may be resolved as, the usual
// one first; nil for kinds that are not resolved (repairs end repaired or
// returned, maintenance done). The agent's resolve form offers these.
func ResolutionsFor(kind Kind) []Resolution {
	return slices.Clone(resolutions[kind])
}

// Act moves a case along its kind's Transitions: act by actor, with in.
// A move the table does not allow is ECONFLICT ("A return that is
// requested cannot be received; approve it first.") and changes nothing;
// a customer acting on another customer's case gets ENOTFOUND. The case,
// its history row and its timeline event commit together; ECONFLICT also
// when someone else moved the case meanwhile.
func (s *Service) Act(ctx context.Context, shopID, caseID purna.ID, actor Actor, act Action, in ActInput) (*Case, error) {
	c, err := s.find(ctx, shopID, actor, caseID)
	if err != nil {
		return nil, err
	}
	t, err := Next(c.Kind, c.Status, act, actor.Role)
	if err != nil {
		return nil, err
	}
	if t.Guard != "" && c.Repair != nil {
		switch {
		case t.Guard == InWarranty && !c.Repair.InWarranty:
			return nil, purna.Errorf(purna.ECONFLICT, "A repair out of warranty is paid; quote it first.")
		case t.Guard == OutOfWarranty && c.Repair.InWarranty:
			return nil, purna.Errorf(purna.ECONFLICT, "A repair in warranty is free and needs no quote; repair it.")
		}
	}
	now := s.clock.Now()
	capacity, err := s.apply(ctx, c, act, in, now)
	if err != nil {
		return nil, err
	}
	step := stepData{reason: strings.TrimSpace(in.CustomerReason)}
	switch act {
	case SendBack:
		step.tracking = c.Tracking
	case Ship:
		step.tracking = strings.TrimSpace(in.Tracking)
	}
	from, seq := c.Status, c.Seq
	c.Status, c.Seq, c.UpdatedAt = t.To, seq+1, now
	switch {
	case act == Close:
		c.ClosedAt = &now
	case c.ResolvedAt == nil && statusInfo[t.To].elig == eligibility.Resolved:
		c.ResolvedAt = &now
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		if act == Reschedule {
			if err := takeSlot(ctx, tx, c, capacity); err != nil {
				return err
			}
		}
		if err := tx.UpdateCase(ctx, c, seq); err != nil {
			return err
		}
		if err := tx.AddCaseHistory(ctx, &History{ID: purna.NewID(now), ShopID: shopID, CaseID: c.ID, Seq: c.Seq,
			Action: act, From: from, To: c.Status, Actor: actor, Note: strings.TrimSpace(in.Note),
			CustomerReason: step.reason, CreatedAt: now}); err != nil {
			return err
		}
		_, err := tx.AppendEvents(ctx, events(c, act, actor, now, step, t.Event))
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// apply checks in for act and writes it into c. EINVALID. A reschedule
// returns the capacity of the new slot (0: no limit), which Act checks in
// its transaction.
func (s *Service) apply(ctx context.Context, c *Case, act Action, in ActInput, now time.Time) (int, error) {
	var p purna.Problems
	if len(in.Note) > 2000 {
		p.Add("note", "is longer than 2000 characters")
	}
	switch reason := strings.TrimSpace(in.CustomerReason); {
	case act == Reject && reason == "":
		p.Add("customer_reason", "is required: tell the customer why")
	case len(reason) > 2000:
		p.Add("customer_reason", "is longer than 2000 characters")
	}
	tracking := strings.TrimSpace(in.Tracking)
	if len(tracking) > 100 && (act == SendBack || act == Ship) {
		p.Add("tracking", "is longer than 100 characters")
	}
	capacity := 0
	switch act {
	case SendBack:
		c.Tracking = tracking
	case Receive:
		s.receive(c, in.Lines, &p)
	case Resolve:
		if err := s.resolve(ctx, c, in, &p); err != nil {
			return 0, err
		}
	case Ship:
		s.ship(c, in.Items, tracking, &p)
	case Diagnose:
		if in.Repair == nil || strings.TrimSpace(in.Repair.Diagnosis) == "" {
			p.Add("repair.diagnosis", "is required")
		} else {
			c.Repair.Diagnosis = strings.TrimSpace(in.Repair.Diagnosis)
		}
	case Quote, RepairAction:
		if in.Repair == nil && act == Quote {
			p.Add("repair", "is required: parts and labour")
			break
		}
		if in.Repair != nil {
			work(c.Repair, *in.Repair, &p)
		}
		if act == Quote && c.Repair.Cost == 0 {
			p.Add("repair.parts", "name the parts or the labour minutes")
		}
		if act == Quote {
			t := now
			c.Repair.QuotedAt = &t
		}
		if act == RepairAction && c.Repair.InWarranty {
			for i := range c.Lines {
				c.Lines[i].CostAmount = share(c.Repair.Cost, c.Lines, i)
			}
		}
	case Reschedule:
		if in.Booking == nil {
			p.Add("booking", "is required")
			break
		}
		data, err := s.load(ctx, c.ShopID, System, c.OrderID, c.CustomerID, false)
		if err != nil {
			return 0, err
		}
		terms := data.pol.ForProduct(data.prods[deref(c.Lines[0].ProductID)])
		if b, limit, field, msg := checkBooking(*in.Booking, &terms, data); msg != "" {
			p.Add(field, msg)
		} else {
			c.Booking, capacity = &b, limit
		}
	}
	return capacity, p.Err()
}

// receive records what arrived.
func (s *Service) receive(c *Case, lines []ReceivedLine, p *purna.Problems) {
	if len(lines) == 0 {
		for i := range c.Lines {
			c.Lines[i].ReceivedQuantity = c.Lines[i].Quantity
		}
		return
	}
	for i, r := range lines {
		path := fmt.Sprintf("lines[%d]", i)
		j := slices.IndexFunc(c.Lines, func(l Line) bool { return l.ID == r.LineID })
		if j < 0 {
			p.Add(path+".line_id", "is not a line of this case")
			continue
		}
		l := &c.Lines[j]
		if r.ReceivedQuantity < 0 || r.ReceivedQuantity > l.Quantity {
			p.Add(path+".received_quantity", fmt.Sprintf("must be between 0 and %d", l.Quantity))
		}
		if r.Condition != "" && !slices.Contains(Conditions, r.Condition) {
			p.Add(path+".condition", "must be new, opened, used or damaged")
		}
		if len(r.SerialNumber) > 100 {
			p.Add(path+".serial_number", "is longer than 100 characters")
		}
		l.ReceivedQuantity, l.Condition = r.ReceivedQuantity, r.Condition
		if r.SerialNumber != "" {
			l.SerialNumber = strings.TrimSpace(r.SerialNumber)
		}
	}
}

// resolve records the resolution and the refund, split over the lines by
// their value.
func (s *Service) resolve(ctx context.Context, c *Case, in ActInput, p *purna.Problems) error {
	res := in.Resolution
	if res == "" && c.Kind != Return && c.Kind != WarrantyClaim {
		res = resolutions[c.Kind][0]
	}
	if res == "" && c.Wanted != "" {
		res = c.Wanted
	}
	if !slices.Contains(resolutions[c.Kind], res) {
		words := make([]string, len(resolutions[c.Kind]))
		for i, r := range resolutions[c.Kind] {
			words[i] = string(r)
		}
		p.Add("resolution", "must be one of "+strings.Join(words, ", "))
		return nil
	}
	c.Resolution = res
	// What the lines cost the customer caps the refund.
	prices := make([]int64, len(c.Lines))
	var value int64
	if c.OrderID != nil {
		o, err := s.store.FindOrderByID(ctx, c.ShopID, *c.OrderID)
		if err != nil {
			return err
		}
		for i, l := range c.Lines {
			for _, ol := range o.Lines {
				if l.OrderLineID != nil && ol.ID == *l.OrderLineID {
					prices[i] = ol.UnitPrice
					value += ol.UnitPrice * l.Quantity
				}
			}
		}
	}
	var amount int64
	if in.Amount != nil {
		amount = *in.Amount
	}
	switch {
	case amount < 0:
		p.Add("amount", "must not be negative")
	case amount > 0 && res != Refund && res != StoreCredit:
		p.Add("amount", "is only for a refund or store credit")
	case (res == Refund || res == StoreCredit) && in.Amount == nil:
		p.Add("amount", "is required: what was refunded, in minor units")
	case amount > value && c.OrderID != nil:
		p.Add("amount", fmt.Sprintf("must not be more than the lines cost (%d)", value))
	}
	c.Refund.Amount = amount
	var shared int64
	for i := range c.Lines {
		l := &c.Lines[i]
		if value > 0 {
			// Each line's share by value; the last takes the rounding.
			l.RefundAmount = amount * prices[i] * l.Quantity / value
			if i == len(c.Lines)-1 {
				l.RefundAmount = amount - shared
			}
			shared += l.RefundAmount
		}
		if res == ReplacementDone || res == ExchangeDone {
			l.CostAmount = prices[i] * l.Quantity
		}
	}
	if (res == ReplacementDone || res == ExchangeDone) && len(c.Replacements) == 0 {
		s.ship(c, nil, "", p)
	}
	for i := range c.Replacements {
		if c.Replacements[i].DeliveredAt == nil {
			// Resolving says the customer has the new item.
			t := s.clock.Now()
			c.Replacements[i].DeliveredAt = &t
		}
	}
	return nil
}

// ship records the items sent for the case's lines, in the parcel with
// tracking number tracking (may be empty).
func (s *Service) ship(c *Case, items []ShipItem, tracking string, p *purna.Problems) {
	now := s.clock.Now()
	if len(items) == 0 {
		for _, l := range c.Lines {
			items = append(items, ShipItem{LineID: l.ID})
		}
	}
	var sent []Sent
	for i, it := range items {
		path := fmt.Sprintf("items[%d]", i)
		j := slices.IndexFunc(c.Lines, func(l Line) bool { return l.ID == it.LineID })
		if j < 0 {
			p.Add(path+".line_id", "is not a line of this case")
			continue
		}
		l := c.Lines[j]
		if it.ProductID != "" && c.Kind != Exchange && c.Kind != Return && c.Kind != WarrantyClaim {
			p.Add(path+".product_id", "only an exchange sends another product")
		}
		if l.ProductID != nil && it.ProductID == *l.ProductID {
			it.ProductID = ""
		}
		if n := int64(len(it.SerialNumbers)); n > l.Quantity {
			p.Add(path+".serial_numbers", fmt.Sprintf("at most %d", l.Quantity))
		}
		sent = append(sent, Sent{ReplacementItem: eligibility.ReplacementItem{LineID: purna.NewID(now),
			ProductID: it.ProductID, Quantity: l.Quantity, SerialNumbers: nonNil(it.SerialNumbers)}, Replaces: l.item(),
			Tracking: tracking})
	}
	c.Replacements = append(c.Replacements, sent...)
}

// work prices the repair's parts and labour.
func work(r *RepairOrder, in RepairInput, p *purna.Problems) {
	if d := strings.TrimSpace(in.Diagnosis); d != "" {
		r.Diagnosis = d
	}
	for i, pt := range in.Parts {
		path := fmt.Sprintf("repair.parts[%d]", i)
		if pt.Quantity < 1 {
			p.Add(path+".quantity", "must be at least 1")
		}
		if pt.UnitPrice < 0 {
			p.Add(path+".unit_price", "must not be negative")
		}
		if pt.ProductID == "" && strings.TrimSpace(pt.Name) == "" {
			p.Add(path+".name", "name the part or its product_id")
		}
	}
	if in.LabourMinutes < 0 {
		p.Add("repair.labour_minutes", "must not be negative")
	}
	if in.LabourRate < 0 {
		p.Add("repair.labour_rate", "must not be negative")
	}
	r.Parts, r.LabourMinutes, r.LabourRate = nonNil(in.Parts), in.LabourMinutes, in.LabourRate
	r.price()
}

// share splits amount over lines by quantity.
func share(amount int64, lines []Line, i int) int64 {
	var q int64
	for _, l := range lines {
		q += l.Quantity
	}
	if q == 0 {
		return 0
	}
	return amount * lines[i].Quantity / q
}

func deref(id *purna.ID) purna.ID {
	if id == nil {
		return ""
	}
	return *id
}

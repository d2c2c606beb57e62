package cases

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/eligibility"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/timeline"
)

// OpenInput opens a case.
type OpenInput struct {
	Kind Kind `json:"kind"`
	// OrderID is the order the items come from; nil for items bought
	// elsewhere, which are named by their registration.
	OrderID *purna.ID `json:"order_id,omitempty"`
	// CustomerID is needed only when an agent opens a case on items bought
	// elsewhere; with an order it must be the order's customer, and a
	// customer's own calls ignore it.
	CustomerID purna.ID    `json:"customer_id,omitempty"`
	Lines      []LineInput `json:"lines"`
	// Wanted is the resolution the customer asks for (returns: refund,
	// store_credit, exchange or replacement, as the policy offers).
	Wanted Resolution `json:"wanted,omitempty"`
	// Note describes the problem; it is the case's first note, visible to
	// the customer.
	Note        string   `json:"note,omitempty"`
	Attachments []string `json:"attachments,omitempty"`
	// Booking is required for maintenance.
	Booking *Booking   `json:"booking,omitempty"`
	DueAt   *time.Time `json:"due_at,omitempty"`
	// Source defaults to portal for customers and agent for agents.
	Source Source `json:"source,omitempty"`
}

// LineInput is one item of an OpenInput: an order line or a registration.
type LineInput struct {
	OrderLineID    purna.ID `json:"order_line_id,omitempty"`
	RegistrationID purna.ID `json:"registration_id,omitempty"`
	Quantity       int64    `json:"quantity"`
	Reason         string   `json:"reason,omitempty"`
	Note           string   `json:"note,omitempty"`
	SerialNumber   string   `json:"serial_number,omitempty"`
}

// OpenAction is the action of a case's first history row.
const OpenAction Action = "open"

// Open opens a case after checking, with package eligibility, that every
// line allows it today: the window is open, the quantity is not more than
// can still be returned, the serial number is the item's, the warranty
// runs. Each problem is an EINVALID field error ("lines[0].quantity") and
// nothing is stored. A second open case of the same kind on an item is
// ECONFLICT naming the first. A customer opening a case on an order that
// is not theirs gets ENOTFOUND.
//
// The case, its first history row and note, and the case.opened and
// <kind>.requested timeline events commit together.
func (s *Service) Open(ctx context.Context, shopID purna.ID, actor Actor, in OpenInput) (*Case, error) {
	var p purna.Problems
	if _, ok := Initial[in.Kind]; !ok {
		p.Add("kind", "must be one of return, exchange, replacement, warranty_claim, repair, maintenance")
	}
	switch n := len(in.Lines); {
	case n == 0:
		p.Add("lines", "name at least one item")
	case n > 50:
		p.Add("lines", "at most 50 items")
	}
	for i, l := range in.Lines {
		path := fmt.Sprintf("lines[%d]", i)
		switch {
		case l.OrderLineID == "" && l.RegistrationID == "":
			p.Add(path+".order_line_id", "is required (or registration_id for an item bought elsewhere)")
		case l.OrderLineID != "" && l.RegistrationID != "":
			p.Add(path+".registration_id", "name either an order line or a registration")
		case l.OrderLineID != "" && in.OrderID == nil:
			p.Add("order_id", "is required for order lines")
		}
		if l.Quantity < 1 {
			p.Add(path+".quantity", "must be at least 1")
		}
		if len(l.Note) > 2000 {
			p.Add(path+".note", "is longer than 2000 characters")
		}
		if len(l.SerialNumber) > 100 {
			p.Add(path+".serial_number", "is longer than 100 characters")
		}
	}
	if in.Note != "" || len(in.Attachments) > 0 {
		n := NoteInput{Text: in.Note, Attachments: in.Attachments}
		n.validate(&p, "note.")
		in.Note = n.Text
		if f, ok := p["note.text"]; ok {
			delete(p, "note.text")
			p.Add("note", f)
		}
	}
	switch {
	case actor.Role == RoleCustomer:
		in.Source = SourcePortal
	case in.Source == "":
		in.Source = SourceAgent
	case !slices.Contains([]Source{SourcePortal, SourceAgent, SourceAPI, SourceFeedback}, in.Source):
		p.Add("source", "must be portal, agent, api or feedback")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	custID := in.CustomerID
	if actor.Role == RoleCustomer {
		custID = actor.ID
	}
	if in.OrderID == nil && custID == "" {
		return nil, fieldErr("customer_id", "is required for items bought elsewhere")
	}
	if in.OrderID != nil {
		custID = "" // the order says whose it is
	}
	data, err := s.load(ctx, shopID, actor, in.OrderID, custID, false)
	if err != nil {
		if purna.ErrorCode(err) == purna.ENOTFOUND && in.OrderID != nil && actor.Role != RoleCustomer {
			return nil, fieldErr("order_id", "is not an order of this shop")
		}
		return nil, err
	}
	if data.order != nil {
		if data.order.CustomerID == nil {
			return nil, fieldErr("order_id", "the order has no customer to open a case for")
		}
		if in.CustomerID != "" && actor.Role != RoleCustomer && in.CustomerID != *data.order.CustomerID {
			return nil, fieldErr("customer_id", "is not the order's customer")
		}
		if hasElsewhere(in.Lines) {
			regs, err := s.store.FindRegistrations(ctx, RegistrationFilter{ShopID: shopID,
				CustomerID: data.order.CustomerID, Elsewhere: true})
			if err != nil {
				return nil, err
			}
			data.regs = append(data.regs, regs...)
		}
	}
	c, capacity, err := s.check(data, actor, &in)
	if err != nil {
		return nil, err
	}

	now := data.now
	c.ID, c.ShopID, c.CreatedAt, c.UpdatedAt, c.Seq = purna.NewID(now), shopID, now, now, 1
	for i := range c.Lines {
		c.Lines[i].ID = purna.NewID(now)
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		for i, l := range c.Lines {
			open, err := tx.FindOpenCase(ctx, shopID, c.Kind, l.item())
			switch {
			case err == nil:
				return &purna.Error{Code: purna.ECONFLICT,
					Message: fmt.Sprintf("%s %s is already open for this item.", kindName(c.Kind), open.Number),
					Fields:  map[string]string{fmt.Sprintf("lines[%d]", i): "already in case " + open.Number}}
			case purna.ErrorCode(err) != purna.ENOTFOUND:
				return err
			}
		}
		if err := takeSlot(ctx, tx, c, capacity); err != nil {
			return err
		}
		n, err := tx.NextCaseNumber(ctx, shopID)
		if err != nil {
			return err
		}
		c.Number = prefixes[c.Kind] + "-" + strconv.FormatInt(n, 10)
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		if err := tx.AddCaseHistory(ctx, &History{ID: purna.NewID(now), ShopID: shopID, CaseID: c.ID, Seq: c.Seq,
			Action: OpenAction, To: c.Status, Actor: actor, CreatedAt: now}); err != nil {
			return err
		}
		if in.Note != "" {
			if err := tx.AddCaseNote(ctx, &Note{ID: purna.NewID(now), ShopID: shopID, CaseID: c.ID, Author: actor,
				Text: in.Note, Visible: true, Attachments: nonNil(in.Attachments), CreatedAt: now}); err != nil {
				return err
			}
		}
		_, err = tx.AppendEvents(ctx, events(c, OpenAction, actor, now, stepData{}, timeline.CaseOpened, OpenedEvent[c.Kind]))
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func hasElsewhere(ls []LineInput) bool {
	return slices.ContainsFunc(ls, func(l LineInput) bool { return l.RegistrationID != "" })
}

func fieldErr(field, msg string) error {
	return &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.", Fields: map[string]string{field: msg}}
}

// check decides whether in may be opened, and returns the case to store
// with the capacity of its maintenance slot (0: no limit).
func (s *Service) check(data *input, actor Actor, in *OpenInput) (*Case, int, error) {
	items := eligibility.Compute(data.eligibility())
	byLine := map[purna.ID]*eligibility.Item{}
	byReg := map[purna.ID]*eligibility.Item{}
	for i := range items {
		if items[i].LineID != "" {
			byLine[items[i].LineID] = &items[i]
		}
		if items[i].RegistrationID != "" {
			byReg[items[i].RegistrationID] = &items[i]
		}
	}
	lines := map[purna.ID]*order.Line{}
	if data.order != nil {
		for _, l := range data.order.Lines {
			lines[l.ID] = l
		}
	}
	regs := map[purna.ID]*Registration{}
	for _, r := range data.regs {
		if r.CustomerID == data.custID {
			regs[r.ID] = r
		}
	}
	c := &Case{Kind: in.Kind, Status: Initial[in.Kind], CustomerID: data.custID, OrderID: in.OrderID,
		Source: in.Source, DueAt: utcPtr(in.DueAt), Replacements: []Sent{}}
	c.Refund.Currency = data.shop.Currency
	if data.order != nil {
		c.Refund.Currency = data.order.Currency
	}
	var p purna.Problems
	seen := map[purna.ID]bool{}
	var first *policy.Effective
	inWarranty := true
	for i, li := range in.Lines {
		path := fmt.Sprintf("lines[%d]", i)
		l := Line{Quantity: li.Quantity, Reason: strings.TrimSpace(li.Reason), Note: strings.TrimSpace(li.Note),
			SerialNumber: strings.TrimSpace(li.SerialNumber)}
		var it *eligibility.Item
		var serials []string
		var bought int64
		var prodID *purna.ID
		if li.OrderLineID != "" {
			ol, ok := lines[li.OrderLineID]
			if !ok {
				p.Add(path+".order_line_id", "is not a line of this order")
				continue
			}
			id := ol.ID
			l.OrderLineID, prodID, serials, bought, it = &id, ol.ProductID, ol.SerialNumbers, ol.Quantity, byLine[ol.ID]
		} else {
			r, ok := regs[li.RegistrationID]
			if !ok {
				p.Add(path+".registration_id", "is not a registration of this customer")
				continue
			}
			id := r.ID
			l.RegistrationID, prodID, bought, it = &id, r.ProductID, 1, byReg[r.ID]
			if r.SerialNumber != "" {
				serials = []string{r.SerialNumber}
			}
		}
		if seen[l.item()] {
			p.Add(path, "names the same item as an earlier line")
			continue
		}
		seen[l.item()] = true
		if prodID != nil {
			pid := *prodID
			l.ProductID = &pid
		}
		if it == nil {
			p.Add(path, "cannot be decided")
			continue
		}
		if l.SerialNumber != "" && len(serials) > 0 && !slices.Contains(serials, l.SerialNumber) {
			p.Add(path+".serial_number", "does not match the serial numbers of this item")
		}
		terms := data.pol.ForProduct(data.prods[it.ProductID])
		if first == nil {
			first = &terms
		}
		switch in.Kind {
		case Return, Exchange, Replacement:
			w := it.Return
			verb := "returned"
			switch in.Kind {
			case Exchange:
				w, verb = it.Exchange, "exchanged"
			case Replacement:
				w, verb = it.Replacement, "replaced for free"
			}
			switch {
			case !w.Allowed:
				p.Add(path+".order_line_id", "cannot be "+verb+": "+ReasonText(w.Reason))
			case l.Quantity > w.Quantity:
				p.Add(path+".quantity", fmt.Sprintf("at most %d can be %s", w.Quantity, verb))
			}
			codes := make([]string, len(terms.Returns.Reasons))
			for j, r := range terms.Returns.Reasons {
				codes[j] = r.Code
			}
			switch {
			case l.Reason == "":
				p.Add(path+".reason", "is required: one of "+strings.Join(codes, ", "))
			case !slices.Contains(codes, l.Reason):
				p.Add(path+".reason", "must be one of "+strings.Join(codes, ", "))
			}
		case WarrantyClaim:
			switch {
			case !it.Warranty.ClaimAllowed:
				p.Add(path+".order_line_id", "cannot be claimed: "+ReasonText(it.Warranty.Reason))
			case l.Quantity > bought:
				p.Add(path+".quantity", fmt.Sprintf("at most %d", bought))
			}
			if len(serials) > 0 && l.SerialNumber == "" && li.OrderLineID != "" {
				p.Add(path+".serial_number", "is required: which unit is faulty")
			}
		case Repair:
			if r := it.Return.Reason; r != nil && (r.Code == eligibility.OrderCancelled || r.Code == eligibility.OrderRefunded) {
				p.Add(path+".order_line_id", "cannot be repaired: "+ReasonText(r))
			} else if l.Quantity > bought {
				p.Add(path+".quantity", fmt.Sprintf("at most %d", bought))
			}
			inWarranty = inWarranty && it.Warranty.Active
		case Maintenance:
			switch {
			case !it.Maintenance.Scheduled:
				p.Add(path+".order_line_id", "cannot be serviced: "+ReasonText(it.Maintenance.Reason))
			case l.Quantity > bought:
				p.Add(path+".quantity", fmt.Sprintf("at most %d", bought))
			}
		}
		if l.Reason != "" && len(l.Reason) > 40 {
			p.Add(path+".reason", "is longer than 40 characters")
		}
		c.Lines = append(c.Lines, l)
	}

	switch in.Kind {
	case Return:
		if in.Wanted != "" && first != nil && !first.Returns.Offers(policy.Resolution(in.Wanted)) {
			p.Add("wanted", "is not offered for this item")
		}
		c.Wanted = in.Wanted
	case Exchange:
		c.Wanted = ExchangeDone
	case Replacement:
		c.Wanted = ReplacementDone
	default:
		if in.Wanted != "" {
			p.Add("wanted", "is only for returns")
		}
	}
	if in.Kind == Repair {
		c.Repair = &RepairOrder{InWarranty: inWarranty, Parts: []Part{}, Currency: c.Refund.Currency}
	}
	capacity := 0
	if in.Kind == Maintenance {
		if in.Booking == nil {
			p.Add("booking", "is required for maintenance")
		} else if b, limit, field, msg := checkBooking(*in.Booking, first, data); msg != "" {
			p.Add(field, msg)
		} else {
			c.Booking, capacity = &b, limit
		}
	} else if in.Booking != nil {
		p.Add("booking", "is only for maintenance")
	}
	if err := p.Err(); err != nil {
		return nil, 0, err
	}
	return c, capacity, nil
}

// checkBooking checks a maintenance slot: in the future, at one of the
// policy's locations and inside one of its weekly slots (when the policy
// lists locations). It returns the booking as stored, the capacity of its
// slot (0 when the policy sets no limit), and the field and message of a
// problem.
func checkBooking(b Booking, terms *policy.Effective, data *input) (Booking, int, string, string) {
	b.Location = strings.TrimSpace(b.Location)
	b.StartsAt = b.StartsAt.UTC()
	if b.StartsAt.IsZero() || !b.StartsAt.After(data.now) {
		return b, 0, "booking.starts_at", "must be in the future"
	}
	if terms == nil || len(terms.Maintenance.Locations) == 0 {
		return b, 0, "", ""
	}
	i := slices.IndexFunc(terms.Maintenance.Locations, func(l policy.Location) bool { return l.Name == b.Location })
	if i < 0 {
		return b, 0, "booking.location", "is not one of the shop's service locations"
	}
	loc := terms.Maintenance.Locations[i]
	if len(loc.Slots) == 0 {
		return b, 0, "", ""
	}
	local := b.StartsAt.In(data.shop.Location())
	hm := local.Format("15:04")
	for _, sl := range loc.Slots {
		if int(local.Weekday()) == sl.Weekday && hm >= sl.Start && hm < sl.End {
			return b, max(sl.Capacity, 0), "", ""
		}
	}
	return b, 0, "booking.starts_at", "is not in one of the location's service hours"
}

// fullyBooked is the field problem of a slot with no place left.
const fullyBooked = "is fully booked; choose another time"

// takeSlot refuses c's booking, inside tx, when capacity open bookings
// already hold its location and start time; c itself does not count, so a
// case may be rescheduled to the time it holds. CountBookings locks the
// shop's bookings until tx ends, so two customers racing for the last
// place cannot both get it. A capacity of 0 is no limit.
func takeSlot(ctx context.Context, tx Tx, c *Case, capacity int) error {
	if c.Booking == nil || capacity <= 0 {
		return nil
	}
	n, err := tx.CountBookings(ctx, c.ShopID, *c.Booking, c.ID)
	if err != nil {
		return err
	}
	if n >= capacity {
		return fieldErr("booking.starts_at", fullyBooked)
	}
	return nil
}

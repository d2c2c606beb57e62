package eligibility

import (
	"slices"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/product"
)

// Compute decides, for each item of in.Order and each item the customer
// registered after buying it elsewhere, what it allows at in.Now. Items come
// in this order: the order's lines as listed, the replacement items of
// in.Cases in the cases' order, then the items bought elsewhere in the
// registrations' order.
//
// The rules, beyond the policy's terms (see policy.Policy.ForProduct):
//
//   - A cancelled or refunded order allows nothing.
//   - Returns, exchanges and free replacements need the item delivered. The
//     units still returnable are those bought less those in return,
//     exchange or replacement cases that are open, approved, resolved, or
//     closed after being resolved; rejected and withdrawn cases do not
//     count. A warranty claim resolved by refund, store credit, exchange or
//     replacement takes its units back too.
//   - An exchange also needs the policy to offer exchanges. A free
//     replacement runs FreeReplacementDays from delivery and is offered for
//     faulty items even in a non-returnable category.
//   - An item sent by an exchange or a replacement keeps the original
//     order's return window (a new item does not buy a new window) but, if
//     the policy says a replacement restarts the warranty, gets a warranty of
//     its own from its delivery; otherwise it keeps the end date of the item
//     it replaced. Exchanging it again works the same way, as often as it
//     happens.
//   - The warranty counts from delivery or purchase, plus the months of
//     extended warranties bought in the same order (policy extensions, each
//     rule once) and of the unit's registration. It covers the units not
//     taken back by a resolved case. A serialised product under a policy
//     that requires registration needs a registration of its line or one of
//     its serial numbers; a replacement inherits its parent's.
//   - An item bought elsewhere and registered by serial number has a
//     warranty from its proof-of-purchase date and no return, exchange or
//     free replacement.
//   - The next service is due IntervalDays after the last resolved
//     maintenance case, or after delivery (purchase for items bought
//     elsewhere); it is free while the number of resolved services is below
//     IncludedServices.
//   - Spare parts are offered when the warranty has expired or there is
//     none.
func Compute(in Input) []Item {
	c := newComputer(in)
	out := make([]Item, 0, len(c.nodes))
	for _, n := range c.nodes {
		out = append(out, c.item(n))
	}
	return out
}

// node is one item: an order line, a replacement item or an item bought
// elsewhere.
type node struct {
	lineID    purna.ID
	parent    *node // the item a replacement item replaced
	root      *node // the order line at the top of the chain; nil for items bought elsewhere
	reg       *Registration
	prod      *product.Product
	qty       int64
	serials   []string
	delivered *time.Time
	terms     policy.Effective

	sameProduct bool      // a replacement item of the same product as its parent
	warranty    *Warranty // memo, for replacement items that keep their parent's
	registered  *bool     // memo
}

type computer struct {
	in         Input
	loc        *time.Location
	pol        *policy.Policy
	nodes      []*node
	byLine     map[purna.ID]*node
	cases      map[purna.ID][]*Case
	placed     time.Time
	delivered  *time.Time
	fulfilled  *time.Time
	closedBy   string // OrderCancelled, OrderRefunded or ""
	extensions []policy.Extension
}

func newComputer(in Input) *computer {
	c := &computer{in: in, loc: in.Location, pol: in.Policy, byLine: map[purna.ID]*node{}, cases: map[purna.ID][]*Case{}}
	if c.loc == nil {
		c.loc = time.UTC
	}
	if c.pol == nil {
		c.pol = &policy.Policy{}
	}
	for i := range in.Cases {
		k := &in.Cases[i]
		c.cases[k.LineID] = append(c.cases[k.LineID], k)
	}
	if in.Order != nil {
		c.addOrder(in.Order)
	}
	for i := range in.Registrations {
		r := &in.Registrations[i]
		if r.LineID != "" || c.serialKnown(r.SerialNumber) {
			continue
		}
		n := &node{reg: r, qty: 1, serials: []string{r.SerialNumber}, delivered: r.PurchasedAt}
		if r.ProductID != "" {
			n.prod = in.Products[r.ProductID]
		}
		c.nodes = append(c.nodes, n)
	}
	for _, n := range c.nodes {
		n.terms = c.pol.ForProduct(n.prod)
	}
	return c
}

// addOrder adds the order's lines and the items sent to replace them.
func (c *computer) addOrder(o *order.Order) {
	c.placed = o.PlacedAt
	c.delivered = deliveredAt(o)
	c.fulfilled = fulfilledAt(o, c.delivered)
	switch {
	case o.CancelledAt != nil || o.Status == order.Cancelled:
		c.closedBy = OrderCancelled
	case o.RefundedAt != nil || o.Status == order.Refunded:
		c.closedBy = OrderRefunded
	}
	var bySKU map[string]*product.Product
	for _, l := range o.Lines {
		if l == nil {
			continue
		}
		var p *product.Product
		if l.ProductID != nil {
			p = c.in.Products[*l.ProductID]
		}
		if p == nil && l.SKU != "" {
			if bySKU == nil {
				bySKU = make(map[string]*product.Product, len(c.in.Products))
				for _, x := range c.in.Products {
					if x != nil && x.SKU != "" {
						bySKU[x.SKU] = x
					}
				}
			}
			p = bySKU[l.SKU]
		}
		n := &node{lineID: l.ID, prod: p, qty: l.Quantity, serials: l.SerialNumbers, delivered: c.delivered}
		n.root = n
		c.byLine[l.ID] = n
		c.nodes = append(c.nodes, n)
	}
	c.extensions = c.boughtExtensions()

	// Replacement items. One whose chain does not lead to a line of this
	// order (a case on another order, a cycle) is left out.
	var items []*node
	parentOf := map[*node]purna.ID{}
	for _, k := range c.in.Cases {
		if k.Status == Rejected {
			continue
		}
		for _, r := range k.Replacements {
			if _, dup := c.byLine[r.LineID]; dup || r.LineID == "" {
				continue
			}
			n := &node{lineID: r.LineID, qty: r.Quantity, serials: r.SerialNumbers, delivered: r.DeliveredAt, sameProduct: r.ProductID == ""}
			if !n.sameProduct {
				n.prod = c.in.Products[r.ProductID]
			}
			c.byLine[r.LineID] = n
			parentOf[n] = k.LineID
			items = append(items, n)
		}
	}
	for _, n := range items {
		n.parent = c.byLine[parentOf[n]]
	}
	for _, n := range items {
		p := n.parent
		for range len(items) {
			if p == nil || p.root == p {
				break
			}
			p = p.parent
		}
		if p == nil || p.root != p {
			delete(c.byLine, n.lineID)
			continue
		}
		n.root = p
		if n.sameProduct {
			for q := n.parent; ; q = q.parent {
				if !q.sameProduct || q.root == q {
					n.prod = q.prod
					break
				}
			}
		}
		c.nodes = append(c.nodes, n)
	}
}

// boughtExtensions returns the policy's extended warranties bought in the
// order.
func (c *computer) boughtExtensions() []policy.Extension {
	var out []policy.Extension
	for _, x := range c.pol.Warranty.Extensions {
		for _, n := range c.nodes {
			if n.prod != nil && (n.prod.ID == x.Product || n.prod.SKU == x.Product) {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

func (c *computer) serialKnown(s string) bool {
	if s == "" {
		return false
	}
	for _, n := range c.nodes {
		if slices.Contains(n.serials, s) {
			return true
		}
	}
	return false
}

// item decides everything about n.
func (c *computer) item(n *node) Item {
	it := Item{LineID: n.lineID, Quantity: n.qty, SpareParts: []purna.ID{}}
	if n.parent != nil {
		it.ReplacesLineID = n.parent.lineID
	}
	if n.reg != nil {
		it.RegistrationID = n.reg.ID
	}
	if n.prod != nil {
		it.ProductID = n.prod.ID
	}
	it.Return = c.returnWindow(n)
	it.Exchange = it.Return
	if c.blocked(n) == nil && n.reg == nil && !n.terms.Returns.Offers(policy.Exchange) {
		it.Exchange = Window{Reason: reason(NotOffered, "resolution", string(policy.Exchange))}
	}
	it.Replacement = c.replacementWindow(n)
	it.Warranty = c.warranty(n)
	it.Maintenance = c.maintenance(n)
	if r := it.Warranty.Reason; !it.Warranty.Active && r != nil && (r.Code == Expired || r.Code == NoWarranty) {
		it.SpareParts = c.spareParts(n.prod)
	}
	return it
}

// blocked returns why nothing at all can be done with n, or nil.
func (c *computer) blocked(n *node) *Reason {
	switch {
	case n.reg == nil && c.closedBy != "":
		return reason(c.closedBy)
	case n.prod == nil:
		return reason(NoProduct)
	}
	return nil
}

func reason(code string, kv ...string) *Reason {
	r := &Reason{Code: code}
	if len(kv) > 0 {
		r.Params = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			r.Params[kv[i]] = kv[i+1]
		}
	}
	return r
}

// deliveredAt returns when the order was delivered: its own time, or the
// last parcel's when every parcel has arrived.
func deliveredAt(o *order.Order) *time.Time {
	if o.DeliveredAt != nil || len(o.Shipments) == 0 {
		return o.DeliveredAt
	}
	var last time.Time
	for _, s := range o.Shipments {
		if s == nil || s.DeliveredAt == nil {
			return nil
		}
		if s.DeliveredAt.After(last) {
			last = *s.DeliveredAt
		}
	}
	return &last
}

// fulfilledAt returns when the order was handed over: its own time, the
// first parcel's shipping time, or its delivery.
func fulfilledAt(o *order.Order, delivered *time.Time) *time.Time {
	if o.FulfilledAt != nil {
		return o.FulfilledAt
	}
	var first *time.Time
	for _, s := range o.Shipments {
		if s != nil && s.ShippedAt != nil && (first == nil || s.ShippedAt.Before(*first)) {
			first = s.ShippedAt
		}
	}
	if first != nil {
		return first
	}
	return delivered
}

package eligibility

import (
	"slices"
	"strconv"
	"time"

	"github.com/purnajual/purna/internal/policy"
)

// warranty returns n's warranty, computing it once.
func (c *computer) warranty(n *node) Warranty {
	if n.warranty != nil {
		return *n.warranty
	}
	w := c.computeWarranty(n)
	n.warranty = &w
	return w
}

// computeWarranty works out when n's warranty ends, then finishes it.
func (c *computer) computeWarranty(n *node) Warranty {
	if r := c.blocked(n); r != nil {
		return Warranty{Reason: r}
	}
	t := n.terms.Warranty
	// A replacement item that does not restart keeps its parent's dates.
	if n.root != nil && n.root != n && !t.ReplacementRestarts {
		pw := c.warranty(n.parent)
		w := Warranty{Until: pw.Until, Months: pw.Months, ExtraMonths: pw.ExtraMonths}
		if pw.Until == nil {
			w.Reason = pw.Reason
			return w
		}
		return c.finishWarranty(n, w)
	}
	extra := c.extraMonths(n)
	w := Warranty{Months: t.Months + extra, ExtraMonths: extra}
	if w.Months <= 0 {
		w.Months, w.ExtraMonths = 0, 0
		w.Reason = reason(NoWarranty)
		return w
	}
	var start *time.Time
	switch {
	case n.reg != nil:
		if start = n.reg.PurchasedAt; start == nil {
			w.Reason = reason(NoProofOfPurchase)
			return w
		}
	case n.root != n:
		start = n.delivered
		w.Restarted = true
	case t.Start == policy.WarrantyFromPurchase:
		start = &c.placed
	default:
		start = c.delivered
	}
	if start == nil {
		w.Reason = reason(NotDelivered)
		return w
	}
	until := dayOf(*start, c.loc).addMonths(w.Months, c.loc)
	w.Until = &until
	return c.finishWarranty(n, w)
}

// finishWarranty decides, once the dates are known, whether w is active
// and a claim can be filed.
func (c *computer) finishWarranty(n *node, w Warranty) Warranty {
	held := n.qty - c.takenBack(n, true)
	switch {
	case held <= 0:
		w.Reason = reason(AlreadyReturned, "quantity", strconv.FormatInt(n.qty, 10))
		return w
	case !c.in.Now.Before(w.Until.EndsAt):
		w.Reason = reason(Expired, "until", w.Until.Date)
		return w
	case n.terms.Warranty.RequireRegistration && n.prod.Serialized && !c.registered(n):
		w.Reason = reason(NotRegistered, "until", w.Until.Date)
		return w
	}
	w.Active = true
	var open int64
	for _, k := range c.cases[n.lineID] {
		if (k.Kind == KindWarrantyClaim || k.Kind == KindRepair) && (k.Status == Open || k.Status == Approved) {
			open += quantity(k)
		}
	}
	switch {
	case n.delivered == nil:
		w.Reason = reason(NotDelivered)
	case open >= held:
		w.Reason = reason(ClaimOpen)
	default:
		w.ClaimAllowed = true
	}
	return w
}

// extraMonths returns the months added to n's warranty by extended
// warranties bought in the order and by its registrations (the largest, as
// a line's units share one warranty).
func (c *computer) extraMonths(n *node) int {
	var m int
	if n.reg != nil {
		return max(n.reg.ExtraMonths, 0)
	}
	for _, x := range c.extensions {
		if slices.Contains(x.ForProducts, n.prod.ID) || n.prod.SKU != "" && slices.Contains(x.ForProducts, n.prod.SKU) ||
			n.prod.Category != "" && slices.Contains(x.ForCategories, n.prod.Category) {
			m += x.Months
		}
	}
	var reg int
	for i := range c.in.Registrations {
		if r := &c.in.Registrations[i]; c.registers(r, n) {
			reg = max(reg, r.ExtraMonths)
		}
	}
	return m + reg
}

// registered reports whether n, or the item it replaced, is registered.
func (c *computer) registered(n *node) bool {
	if n.registered != nil {
		return *n.registered
	}
	ok := n.reg != nil
	for i := range c.in.Registrations {
		if ok {
			break
		}
		ok = c.registers(&c.in.Registrations[i], n)
	}
	if !ok && n.parent != nil {
		ok = c.registered(n.parent)
	}
	n.registered = &ok
	return ok
}

func (c *computer) registers(r *Registration, n *node) bool {
	if n.lineID == "" {
		return false
	}
	return r.LineID == n.lineID || r.LineID == "" && r.SerialNumber != "" && slices.Contains(n.serials, r.SerialNumber)
}

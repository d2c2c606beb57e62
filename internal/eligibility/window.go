package eligibility

import (
	"strconv"
	"time"

	"github.com/purnajual/purna/internal/policy"
)

// returnWindow decides whether n can be returned; an exchange follows the
// same window.
func (c *computer) returnWindow(n *node) Window {
	if r := c.blocked(n); r != nil {
		return Window{Reason: r}
	}
	t := n.terms.Returns
	switch {
	case n.reg != nil:
		return Window{Reason: reason(BoughtElsewhere)}
	case t.NonReturnableCategory:
		return Window{Reason: reason(NonReturnableCategory, "category", n.prod.Category)}
	case !t.Returnable:
		return Window{Reason: reason(NotReturnable)}
	}
	var start *time.Time
	switch t.WindowStart {
	case policy.FromOrder:
		start = &c.placed
	case policy.FromFulfilment:
		start = c.fulfilled
		if start == nil {
			return Window{Reason: reason(NotFulfilled)}
		}
	default:
		start = c.delivered
	}
	if start == nil {
		return Window{Reason: reason(NotDelivered)}
	}
	until := dayOf(*start, c.loc).addDays(t.WindowDays, c.loc)
	return c.window(n, until)
}

// window finishes a return-like window that runs until: the item must be
// delivered, have units left, and now must be before the end.
func (c *computer) window(n *node, until Deadline) Window {
	w := Window{Until: &until}
	taken := c.takenBack(n, false)
	switch {
	case n.delivered == nil:
		w.Reason = reason(NotDelivered, "until", until.Date)
	case taken >= n.qty:
		w.Reason = reason(AlreadyReturned, "quantity", strconv.FormatInt(taken, 10))
	case !c.in.Now.Before(until.EndsAt):
		w.Reason = reason(WindowClosed, "until", until.Date)
	default:
		w.Allowed, w.Quantity = true, n.qty-taken
	}
	return w
}

// replacementWindow decides whether n is replaced for free: within
// FreeReplacementDays of the order's delivery.
func (c *computer) replacementWindow(n *node) Window {
	if r := c.blocked(n); r != nil {
		return Window{Reason: r}
	}
	days := n.terms.Returns.FreeReplacementDays
	switch {
	case n.reg != nil:
		return Window{Reason: reason(BoughtElsewhere)}
	case days <= 0:
		return Window{Reason: reason(NotOffered, "resolution", string(policy.Replacement))}
	case c.delivered == nil:
		return Window{Reason: reason(NotDelivered)}
	}
	return c.window(n, dayOf(*c.delivered, c.loc).addDays(days, c.loc))
}

// takenBack returns how many units of n are, or are being, taken back: by
// counting cases, or only by resolved ones.
func (c *computer) takenBack(n *node, resolvedOnly bool) int64 {
	var q int64
	for _, k := range c.cases[n.lineID] {
		switch k.Kind {
		case KindReturn, KindExchange, KindReplacement:
			if resolvedOnly && resolved(k) || !resolvedOnly && counts(k) {
				q += quantity(k)
			}
		case KindWarrantyClaim:
			switch k.Resolution {
			case policy.Refund, policy.StoreCredit, policy.Exchange, policy.Replacement:
				if resolved(k) {
					q += quantity(k)
				}
			}
		}
	}
	return min(q, max(n.qty, 0))
}

// counts reports whether k holds units: open, approved, resolved, or closed
// after a resolution.
func counts(k *Case) bool {
	switch k.Status {
	case Open, Approved, Resolved:
		return true
	case Closed:
		return k.ResolvedAt != nil
	}
	return false
}

// resolved reports whether k was carried out.
func resolved(k *Case) bool {
	return k.Status == Resolved || k.Status == Closed && k.ResolvedAt != nil
}

func quantity(k *Case) int64 { return max(k.Quantity, 1) }

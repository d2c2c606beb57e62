package eligibility

import (
	"slices"
	"strconv"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/product"
)

// maintenance decides n's next service.
func (c *computer) maintenance(n *node) Maintenance {
	if r := c.blocked(n); r != nil {
		return Maintenance{Reason: r}
	}
	t := n.terms.Maintenance
	if t.IntervalDays <= 0 {
		return Maintenance{Reason: reason(NoMaintenance)}
	}
	m := Maintenance{IntervalDays: t.IntervalDays, Usage: t.Usage}
	start := n.delivered
	if start == nil {
		if n.reg != nil {
			m.Reason = reason(NoProofOfPurchase)
		} else {
			m.Reason = reason(NotDelivered)
		}
		return m
	}
	if n.qty-c.takenBack(n, true) <= 0 {
		m.Reason = reason(AlreadyReturned, "quantity", strconv.FormatInt(n.qty, 10))
		return m
	}
	base, done := *start, 0
	for _, k := range c.cases[n.lineID] {
		if k.Kind != KindMaintenance {
			continue
		}
		switch {
		case resolved(k):
			done++
			if k.ResolvedAt != nil && k.ResolvedAt.After(base) {
				base = *k.ResolvedAt
			}
		case (k.Status == Open || k.Status == Approved) && m.OpenCaseID == "":
			m.OpenCaseID = k.ID
		}
	}
	due := dayOf(base, c.loc).addDays(t.IntervalDays, c.loc)
	m.Scheduled, m.Due, m.Service = true, &due, done+1
	m.Included = m.Service <= t.IncludedServices
	m.Overdue = !c.in.Now.Before(due.EndsAt)
	return m
}

// spareParts returns the parts that fit p.
func (c *computer) spareParts(p *product.Product) []purna.ID {
	out := []purna.ID{}
	if p == nil {
		return out
	}
	for _, x := range c.in.Parts {
		if x == nil || x.ID == p.ID {
			continue
		}
		if slices.Contains(x.SparePartFor, p.ID) || p.SKU != "" && slices.Contains(x.SparePartFor, p.SKU) {
			out = append(out, x.ID)
		}
	}
	return out
}

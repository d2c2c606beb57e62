package csvimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
)

// orderLayout turns one layout's rows into orders.
type orderLayout interface {
	// key names the order a row belongs to. An error rejects the row.
	key(rec []string) (string, error)
	// add folds a row into d: its line, and the order's fields when the
	// row carries them. An error rejects the row's line; order fields the
	// row gave before the error was found may have been taken.
	add(d *draft, rec []string, line int) error
	// finish fills what follows from all the rows (times, totals), before
	// validation. An error rejects every row of the order.
	finish(d *draft) error
}

// draft is an order being read: the rows seen so far.
type draft struct {
	key   string
	in    order.Input
	lines []draftLine
	// Order-level amounts and times as written, parsed in finish once the
	// currency is known (it may come on any row).
	amounts [4]string // shipping, tax, discount, total
	placed  time.Time
	ref     string          // the source's own order ID, when not the key
	status  string          // the source's payment status
	cust    *customer.Input // who bought, as far as the rows say
}

// customer returns the draft's customer, to fill in.
func (d *draft) customer() *customer.Input {
	if d.cust == nil {
		d.cust = &customer.Input{}
	}
	return d.cust
}

// finishCustomer makes the draft's customer the order's when the rows
// name someone; otherwise the order is a guest's.
func (d *draft) finishCustomer() {
	if d.cust != nil && d.cust.Identified() {
		d.in.Customer = d.cust
	}
}

// draftLine is one row's line item.
type draftLine struct {
	line  int    // in the file
	price string // as written; parsed once the order's currency is known
	li    order.LineInput
}

const (
	amtShipping = iota
	amtTax
	amtDiscount
	amtTotal
)

var amountNames = [4]string{"shipping", "tax", "discount", "total"}

// setAmount keeps the first non-empty value of an order-level amount.
func (d *draft) setAmount(i int, v string) {
	if d.amounts[i] == "" {
		d.amounts[i] = v
	}
}

// readOrders groups rows into orders and hands them to s in batches.
//
// Rows of one order normally follow each other. An order whose rows stop
// and start again is still one order while it waits in the current batch
// (the UCI file has one such invoice, 542806, split by two rows of another).
// If its rows come back after its batch was stored, the later rows are sent
// as the same order again and the order takes their state, as any
// re-delivered order does: the later rows' lines and totals win, and a
// re-import counts it updated. Keep an order's rows together to avoid that.
func (im *importer) readOrders(ctx context.Context, s sink) error {
	ol := im.layout
	pending := make(map[string]*draft, im.opts.BatchSize)
	batch := make([]*draft, 0, im.opts.BatchSize)
	var cur *draft
	for {
		rec, line, err := im.next(ctx)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return err
		}
		key, err := ol.key(rec)
		if err != nil {
			im.sum.bad(line, err.Error())
			continue
		}
		if cur == nil || cur.key != key {
			cur = pending[key]
			if cur == nil {
				if len(batch) >= im.opts.BatchSize {
					if err := s.orders(ctx, im, batch); err != nil {
						return err
					}
					clear(pending)
					batch = batch[:0]
				}
				cur = &draft{key: key}
				pending[key] = cur
				batch = append(batch, cur)
			}
		}
		if err := ol.add(cur, rec, line); err != nil {
			im.sum.bad(line, err.Error())
		}
	}
	if len(batch) > 0 {
		return s.orders(ctx, im, batch)
	}
	return nil
}

// complete turns d into a valid, normalised input. Lines that fail on their
// own are dropped and reported; if the order itself is at fault every row is
// reported and complete returns nil.
func (im *importer) complete(d *draft, now time.Time) *order.Input {
	if len(d.lines) == 0 {
		return nil // every row was bad, and reported
	}
	if err := im.layout.finish(d); err != nil {
		im.rejectOrder(d, err.Error())
		return nil
	}
	if n := len(d.lines); n > order.MaxLines {
		im.rejectOrder(d, fmt.Sprintf("order %s has %d lines; an order holds at most %d", d.in.ExternalID, n, order.MaxLines))
		return nil
	}
	in := d.in
	cur := strings.ToUpper(strings.TrimSpace(in.Currency))
	if _, ok := purna.LookupCurrency(cur); ok {
		var err error
		for i, p := range [...]*int64{&in.Shipping, &in.Tax, &in.Discount} {
			if *p, err = amount(d.amounts[i], cur); err != nil {
				im.rejectOrder(d, fmt.Sprintf("order %s: %s: %v", in.ExternalID, amountNames[i], err))
				return nil
			}
		}
		if d.amounts[amtTotal] != "" {
			t, err := amount(d.amounts[amtTotal], cur)
			if err != nil {
				im.rejectOrder(d, fmt.Sprintf("order %s: total: %v", in.ExternalID, err))
				return nil
			}
			in.Total = &t
		}
		kept := d.lines[:0]
		for _, l := range d.lines {
			p, err := purna.ParseAmount(l.price, cur)
			if err != nil {
				im.sum.bad(l.line, "unit price: "+err.Error())
				continue
			}
			l.li.UnitPrice = p
			kept = append(kept, l)
		}
		d.lines = kept
		if len(d.lines) == 0 {
			return nil
		}
	}
	// Normalize is the rule; a line it refuses is dropped and the rest of
	// the order tried again, so one bad row does not sink its order.
	for {
		in.Lines = make([]order.LineInput, len(d.lines))
		for i, l := range d.lines {
			in.Lines[i] = l.li
		}
		if in.Customer != nil {
			c := *in.Customer
			in.Customer = &c
		}
		err := in.Normalize(im.sh.Country, now)
		if err == nil {
			return &in
		}
		fields := purna.ErrorFields(err)
		byLine := map[int][]string{}
		orderLevel := len(fields) == 0
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			i, f, ok := lineField(k)
			if !ok || i >= len(d.lines) {
				orderLevel = true
				break
			}
			byLine[i] = append(byLine[i], f+": "+fields[k])
		}
		if orderLevel {
			im.rejectOrder(d, fmt.Sprintf("order %s: %s", d.in.ExternalID, problems(err)))
			return nil
		}
		kept := d.lines[:0]
		for i, l := range d.lines {
			if msgs, bad := byLine[i]; bad {
				im.sum.bad(l.line, strings.Join(msgs, "; "))
				continue
			}
			kept = append(kept, l)
		}
		d.lines = kept
		if len(d.lines) == 0 {
			return nil
		}
		in.Total = nil
		if d.amounts[amtTotal] != "" {
			t, _ := amount(d.amounts[amtTotal], cur)
			in.Total = &t
		}
	}
}

// rejectOrder reports every row of d as bad.
func (im *importer) rejectOrder(d *draft, reason string) {
	for _, l := range d.lines {
		im.sum.bad(l.line, reason)
	}
	d.lines = nil
}

// lineField splits "lines[3].quantity" into 3 and "quantity".
func lineField(k string) (int, string, bool) {
	rest, ok := strings.CutPrefix(k, "lines[")
	if !ok {
		return 0, "", false
	}
	num, f, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 {
		return 0, "", false
	}
	return i, strings.ReplaceAll(f, "_", " "), true
}

// problems writes an error's field problems as "field: problem; …", or its
// message.
func problems(err error) string {
	fields := purna.ErrorFields(err)
	if len(fields) == 0 {
		return purna.ErrorMessage(err)
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + " " + fields[k])
	}
	return b.String()
}

// amount parses an optional decimal amount: empty is zero.
func amount(s, currency string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	return purna.ParseAmount(s, currency)
}

func lineInput(sku, name string, q int64) order.LineInput {
	return order.LineInput{SKU: sku, Name: name, Quantity: q}
}

// quantity parses a whole number of items.
func quantity(s string) (int64, error) {
	q, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("quantity %q is not a whole number", s)
	}
	return q, nil
}

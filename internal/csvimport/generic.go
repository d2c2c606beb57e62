package csvimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/product"
)

// genericOrders reads Purna's own orders layout, described in doc.go and
// LAYOUT.md.
type genericOrders struct {
	source string
	c      map[string]int
}

var (
	genericOrderRequired = []string{"external_id", "placed_at", "currency", "quantity", "unit_price"}
	genericOrderOptional = []string{"number", "paid_at", "fulfilled_at", "cancelled_at", "email", "phone",
		"first_name", "last_name", "sku", "name", "shipping", "tax", "discount", "source"}
)

func newGenericOrders(header map[string]int, source string) (*genericOrders, error) {
	c, err := columns("generic orders", header, genericOrderRequired, genericOrderOptional, true)
	if err != nil {
		return nil, err
	}
	if c["sku"] < 0 && c["name"] < 0 {
		return nil, errors.New("csvimport: line 1: the generic orders header needs a sku or a name column")
	}
	return &genericOrders{source: source, c: c}, nil
}

func (g *genericOrders) get(rec []string, col string) string { return field(rec, g.c[col]) }

func (g *genericOrders) key(rec []string) (string, error) {
	id := g.get(rec, "external_id")
	if id == "" {
		return "", errors.New("external_id is empty")
	}
	return firstOf(g.get(rec, "source"), g.source) + "\x00" + id, nil
}

// add takes the row's order columns first, then its line: a row whose line
// is bad still gives its order values. For each order column the first
// non-empty value among the order's rows wins.
func (g *genericOrders) add(d *draft, rec []string, line int) error {
	var times [4]*time.Time
	for i, col := range [...]string{"placed_at", "paid_at", "fulfilled_at", "cancelled_at"} {
		s := g.get(rec, col)
		if s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return fmt.Errorf("%s %q is not an RFC 3339 time like 2026-01-15T10:02:03+07:00", col, s)
		}
		t = t.UTC()
		times[i] = &t
	}
	if d.in.ExternalID == "" {
		d.in.Source = firstOf(g.get(rec, "source"), g.source)
		d.in.ExternalID = g.get(rec, "external_id")
	}
	if times[0] != nil && d.in.PlacedAt.IsZero() {
		d.in.PlacedAt = *times[0]
	}
	setTime(&d.in.PaidAt, times[1])
	setTime(&d.in.FulfilledAt, times[2])
	setTime(&d.in.CancelledAt, times[3])
	setStr(&d.in.Number, g.get(rec, "number"))
	setStr(&d.in.Currency, g.get(rec, "currency"))
	d.setAmount(amtShipping, g.get(rec, "shipping"))
	d.setAmount(amtTax, g.get(rec, "tax"))
	d.setAmount(amtDiscount, g.get(rec, "discount"))
	c := d.customer()
	setStr(&c.Email, g.get(rec, "email"))
	setStr(&c.Phone, g.get(rec, "phone"))
	setStr(&c.FirstName, g.get(rec, "first_name"))
	setStr(&c.LastName, g.get(rec, "last_name"))

	q, err := quantity(g.get(rec, "quantity"))
	if err != nil {
		return err
	}
	d.lines = append(d.lines, draftLine{line: line, price: g.get(rec, "unit_price"),
		li: lineInput(g.get(rec, "sku"), g.get(rec, "name"), q)})
	return nil
}

func (g *genericOrders) finish(d *draft) error {
	d.finishCustomer()
	return nil
}

// customerRow is one valid customer row.
type customerRow struct {
	line int
	in   customer.Input
}

var customerColumns = []string{"external_id", "email", "phone", "first_name", "last_name", "locale", "city",
	"province", "country", "email_consent"}

func customerCols(header map[string]int) (map[string]int, error) {
	c, err := columns("generic customers", header, nil, customerColumns, true)
	if err != nil {
		return nil, err
	}
	if c["external_id"] < 0 && c["email"] < 0 && c["phone"] < 0 {
		return nil, errors.New("csvimport: line 1: the customers header needs an external_id, email or phone column")
	}
	return c, nil
}

// readCustomers reads the generic customers layout (columns c) and stores
// it in batches.
func (im *importer) readCustomers(ctx context.Context, c map[string]int, s sink) error {
	batch := make([]customerRow, 0, im.opts.BatchSize)
	for {
		rec, line, err := im.next(ctx)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return err
		}
		get := func(col string) string { return field(rec, c[col]) }
		in := customer.Input{
			ExternalID: get("external_id"), Email: get("email"), Phone: get("phone"),
			FirstName: get("first_name"), LastName: get("last_name"), Locale: get("locale"),
			City: get("city"), Province: get("province"), Country: get("country"),
		}
		if in.ExternalID != "" {
			in.Source = im.opts.Source
		}
		if v := get("email_consent"); v != "" {
			granted, err := strconv.ParseBool(v)
			if err != nil {
				im.sum.bad(line, fmt.Sprintf("email_consent %q is not true or false", v))
				continue
			}
			in.Consent, in.ConsentSource = map[customer.Channel]bool{customer.Email: granted}, "import"
		}
		if err := in.Normalize(im.sh.Country).Err(); err != nil {
			im.sum.bad(line, problems(err))
			continue
		}
		if !in.Identified() {
			im.sum.bad(line, "needs an external_id, an email or a phone")
			continue
		}
		batch = append(batch, customerRow{line: line, in: in})
		if len(batch) >= im.opts.BatchSize {
			if err := s.customers(ctx, im, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		return s.customers(ctx, im, batch)
	}
	return nil
}

// productRow is one valid product row.
type productRow struct {
	line int
	in   product.Input
}

var (
	productRequired = []string{"sku", "name"}
	productOptional = []string{"category", "price", "currency", "warranty_months", "return_window_days",
		"maintenance_interval_days", "serialized", "howto_url"}
)

// readProducts reads the generic products layout (columns c) and stores it
// in batches.
func (im *importer) readProducts(ctx context.Context, c map[string]int, s sink) error {
	batch := make([]productRow, 0, im.opts.BatchSize)
	for {
		rec, line, err := im.next(ctx)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return err
		}
		in, err := im.productInput(func(col string) string { return field(rec, c[col]) })
		if err != nil {
			im.sum.bad(line, err.Error())
			continue
		}
		batch = append(batch, productRow{line: line, in: in})
		if len(batch) >= im.opts.BatchSize {
			if err := s.products(ctx, im, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		return s.products(ctx, im, batch)
	}
	return nil
}

func (im *importer) productInput(get func(string) string) (product.Input, error) {
	in := product.Input{SKU: get("sku"), Name: get("name"), Category: get("category"),
		Currency: firstOf(get("currency"), im.sh.Currency), HowToURL: get("howto_url")}
	var err error
	if in.Price, err = amount(get("price"), in.Currency); err != nil {
		return in, fmt.Errorf("price: %w", err)
	}
	for _, f := range []struct {
		col string
		dst *int
	}{{"warranty_months", &in.WarrantyMonths}, {"return_window_days", &in.ReturnWindowDays},
		{"maintenance_interval_days", &in.MaintenanceDays}} {
		col, dst := f.col, f.dst
		v := get(col)
		if v == "" {
			continue
		}
		if *dst, err = strconv.Atoi(v); err != nil {
			return in, fmt.Errorf("%s %q is not a whole number", col, v)
		}
	}
	if v := get("serialized"); v != "" {
		if in.Serialized, err = strconv.ParseBool(v); err != nil {
			return in, fmt.Errorf("serialized %q is not true or false", v)
		}
	}
	if err := in.Validate(im.sh.Currency); err != nil {
		return in, errors.New(problems(err))
	}
	return in, nil
}

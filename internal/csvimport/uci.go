package csvimport

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/purnajual/purna/internal/customer"
)

// uciLayout reads the UCI "Online Retail" file: a UK gift shop's web sales,
// one row per invoice line, prices in GBP, times in UTC.
//
// An invoice is an order: external ID InvoiceNo, placed and paid at its
// InvoiceDate. An invoice starting with C is a cancellation (a credit note):
// it is stored cancelled at its date, not paid, with its quantities made
// positive. Invoices starting with A are accounting adjustments ("Adjust bad
// debt"), not sales, and are refused. A row without CustomerID is a guest
// sale; otherwise the customer is source "uci" with that ID.
type uciLayout struct {
	source                                                           string
	invoice, stockCode, description, qty, date, price, cust, country int

	// countries keeps the first country code seen for each customer, so a
	// customer whose rows name two countries gets the same one on every
	// order, and a re-import changes nothing.
	countries map[string]string

	lastDate string    // the previous row's InvoiceDate and its time:
	lastTime time.Time // rows of an invoice share it
}

var uciColumns = []string{"invoiceno", "stockcode", "description", "quantity", "invoicedate", "unitprice", "customerid", "country"}

func newUCILayout(header map[string]int, source string) (*uciLayout, error) {
	c, err := columns("uci", header, uciColumns, nil, false)
	if err != nil {
		return nil, err
	}
	return &uciLayout{
		source: source, invoice: c["invoiceno"], stockCode: c["stockcode"], description: c["description"],
		qty: c["quantity"], date: c["invoicedate"], price: c["unitprice"], cust: c["customerid"],
		country: c["country"], countries: map[string]string{},
	}, nil
}

func (u *uciLayout) key(rec []string) (string, error) {
	inv := field(rec, u.invoice)
	switch {
	case inv == "":
		return "", errors.New("InvoiceNo is empty")
	case inv[0] == 'A' || inv[0] == 'a':
		return "", fmt.Errorf("invoice %s is an accounting adjustment, not a sale", inv)
	}
	return inv, nil
}

func (u *uciLayout) add(d *draft, rec []string, line int) error {
	inv := d.key
	q, err := quantity(field(rec, u.qty))
	if err != nil {
		return err
	}
	cancel := inv[0] == 'C' || inv[0] == 'c'
	switch {
	case q == 0:
		return errors.New("quantity is 0")
	case q < 0 && !cancel:
		return fmt.Errorf("quantity %d is negative on a sale (a stock adjustment, not an order line)", q)
	case q < 0:
		q = -q
	}
	at, err := u.parseDate(field(rec, u.date))
	if err != nil {
		return err
	}
	price := field(rec, u.price)
	if strings.HasPrefix(price, "-") {
		return fmt.Errorf("unit price %s is negative", price)
	}

	// The row is good: fold it in.
	if d.in.ExternalID == "" {
		d.in.Source, d.in.ExternalID, d.in.Currency = u.source, inv, "GBP"
		d.placed = at
	} else if at.Before(d.placed) {
		d.placed = at
	}
	if id := strings.TrimSuffix(field(rec, u.cust), ".0"); id != "" && d.in.Customer == nil {
		country, seen := u.countries[id]
		if !seen || country == "" {
			country = uciCountries[field(rec, u.country)]
			u.countries[id] = country
		}
		d.in.Customer = &customer.Input{Source: "uci", ExternalID: id, Country: country}
	}
	d.lines = append(d.lines, draftLine{line: line, price: price, li: lineInput(field(rec, u.stockCode), field(rec, u.description), q)})
	return nil
}

func (u *uciLayout) finish(d *draft) error {
	placed := d.placed
	d.in.PlacedAt = placed
	if c := d.in.ExternalID[0]; c == 'C' || c == 'c' {
		d.in.CancelledAt = &placed
	} else {
		d.in.PaidAt = &placed
	}
	return nil
}

// parseDate reads "2010-12-01 08:26:00" (the file as published on CRAN),
// also without seconds, or "12/1/2010 8:26" (the UCI spreadsheet), in UTC.
func (u *uciLayout) parseDate(s string) (time.Time, error) {
	if s == u.lastDate && s != "" {
		return u.lastTime, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "1/2/2006 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			u.lastDate, u.lastTime = s, t
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("InvoiceDate %q is not a time like 2010-12-01 08:26:00", s)
}

// uciCountries maps the file's country names to ISO 3166 alpha-2 codes.
// Names with no single code (Channel Islands, European Community,
// Unspecified) are left out, and the customer gets no country.
var uciCountries = map[string]string{
	"Australia": "AU", "Austria": "AT", "Bahrain": "BH", "Belgium": "BE", "Brazil": "BR", "Canada": "CA",
	"Cyprus": "CY", "Czech Republic": "CZ", "Denmark": "DK", "EIRE": "IE", "Finland": "FI", "France": "FR",
	"Germany": "DE", "Greece": "GR", "Hong Kong": "HK", "Iceland": "IS", "Israel": "IL", "Italy": "IT",
	"Japan": "JP", "Lebanon": "LB", "Lithuania": "LT", "Malta": "MT", "Netherlands": "NL", "Norway": "NO",
	"Poland": "PL", "Portugal": "PT", "RSA": "ZA", "Saudi Arabia": "SA", "Singapore": "SG", "Spain": "ES",
	"Sweden": "SE", "Switzerland": "CH", "USA": "US", "United Arab Emirates": "AE", "United Kingdom": "GB",
}

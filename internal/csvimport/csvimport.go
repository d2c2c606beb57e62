package csvimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
)

// Kind is what a file holds.
type Kind string

// The kinds of file Import reads.
const (
	Orders    Kind = "orders"
	Customers Kind = "customers"
	Products  Kind = "products"
)

// Layout is how a file's columns are arranged.
type Layout string

// The layouts Import reads. Auto tells them apart by the header row.
const (
	Auto    Layout = "auto"
	Generic Layout = "generic"
	Shopify Layout = "shopify"
	UCI     Layout = "uci"
)

// MaxBad is how many bad rows a Summary lists; it counts them all.
const MaxBad = 1000

// Options says what to import and how.
type Options struct {
	Kind   Kind
	Layout Layout // Auto when empty
	// Source is the order source recorded on imported orders (and on
	// customers' external IDs in the generic layout). Default "csv".
	Source string
	// BatchSize is how many orders (or customers, or products) one
	// transaction stores. Default 500.
	BatchSize int
	// Progress, when set, is called at most about ten times a second and
	// once at the end.
	Progress func(Progress)
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Progress is how far an import has got.
type Progress struct {
	// BytesRead and BytesTotal count the file as stored: compressed bytes
	// for a .gz file. BytesTotal is 0 when unknown.
	BytesRead, BytesTotal int64
	Rows                  int
	Elapsed               time.Duration
}

// RowError is a row that was not stored.
type RowError struct {
	// Line is the 1-based line in the file where the row starts; the
	// header is line 1.
	Line   int
	Reason string
}

// Summary is what an import did. Rows counts data rows; each is either
// stored (as part of a created, updated or unchanged record) or bad.
type Summary struct {
	Kind   Kind
	Layout Layout
	Rows   int
	// Created, Updated and Unchanged count records: orders, customers or
	// products.
	Created, Updated, Unchanged int
	// Bad lists the first MaxBad bad rows by line; BadCount counts all.
	Bad      []RowError
	BadCount int
	Elapsed  time.Duration
}

func (s *Summary) bad(line int, reason string) {
	s.BadCount++
	s.Bad = append(s.Bad, RowError{Line: line, Reason: reason})
	// Keep the MaxBad lowest lines. Rows of a whole order are reported when
	// the order is stored, after later rows, so the list is not in order;
	// trimming at twice the cap keeps this cheap and still exact.
	if len(s.Bad) >= 2*MaxBad {
		s.sortBad()
	}
}

func (s *Summary) sortBad() {
	slices.SortStableFunc(s.Bad, func(a, b RowError) int { return a.Line - b.Line })
	if len(s.Bad) > MaxBad {
		s.Bad = s.Bad[:MaxBad:MaxBad]
	}
}

// Import reads a CSV file of opts.Kind from r and stores it in sh. size is
// r's length in bytes for progress, or 0. Good rows are stored and bad rows
// reported in the Summary; an order is stored whole or not at all. Running
// the same file twice stores nothing new the second time. The error is for
// what stops the import: an unreadable file, a header Import does not
// understand, a broken quote it cannot step over, or the database failing;
// batches committed before it stay.
func Import(ctx context.Context, store *sqlstore.Store, sh *shop.Shop, r io.Reader, size int64, opts Options) (*Summary, error) {
	im, err := newImporter(r, size, sh, opts)
	if err != nil {
		return nil, err
	}
	return im.run(ctx, &dbSink{store: store, sh: sh})
}

// importer is one run of Import.
type importer struct {
	opts  Options
	sh    *shop.Shop
	rows  *rowReader
	sum   *Summary
	start time.Time
	// layout reads order rows, when importing orders.
	layout orderLayout

	lastProgress time.Time
}

func newImporter(r io.Reader, size int64, sh *shop.Shop, opts Options) (*importer, error) {
	switch opts.Kind {
	case Orders, Customers, Products:
	default:
		return nil, fmt.Errorf("csvimport: unknown kind %q (orders, customers, products)", opts.Kind)
	}
	switch opts.Layout {
	case "":
		opts.Layout = Auto
	case Auto, Generic, Shopify, UCI:
	default:
		return nil, fmt.Errorf("csvimport: unknown layout %q (auto, generic, shopify, uci)", opts.Layout)
	}
	if opts.Source == "" {
		opts.Source = "csv"
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	im := &importer{opts: opts, sh: sh, rows: newRowReader(r, size)}
	im.start = opts.Now()
	im.sum = &Summary{Kind: opts.Kind}
	return im, nil
}

// sink stores what the importer read. dbSink writes to the database; the
// fuzz tests use a sink that only validates.
type sink interface {
	orders(ctx context.Context, im *importer, ds []*draft) error
	customers(ctx context.Context, im *importer, cs []customerRow) error
	products(ctx context.Context, im *importer, ps []productRow) error
}

func (im *importer) run(ctx context.Context, s sink) (*Summary, error) {
	header, err := im.rows.header()
	if err != nil {
		return nil, err
	}
	layout, err := detect(im.opts.Kind, im.opts.Layout, header)
	if err != nil {
		return nil, err
	}
	im.sum.Layout = layout
	var read func() error
	switch im.opts.Kind {
	case Orders:
		switch layout {
		case UCI:
			im.layout, err = newUCILayout(header, im.opts.Source)
		case Shopify:
			im.layout, err = newShopifyLayout(header, im.opts.Source)
		default:
			im.layout, err = newGenericOrders(header, im.opts.Source)
		}
		read = func() error { return im.readOrders(ctx, s) }
	case Customers:
		var cols map[string]int
		cols, err = customerCols(header)
		read = func() error { return im.readCustomers(ctx, cols, s) }
	case Products:
		var cols map[string]int
		cols, err = columns("generic products", header, productRequired, productOptional, true)
		read = func() error { return im.readProducts(ctx, cols, s) }
	}
	if err != nil {
		return nil, err
	}
	err = read()
	im.sum.sortBad()
	im.sum.Rows = im.rows.count
	im.sum.Elapsed = im.opts.Now().Sub(im.start)
	im.progress(true)
	return im.sum, err
}

// next returns the next good CSV record and its line. A row the CSV reader
// refused but could step over is reported bad and skipped.
func (im *importer) next(ctx context.Context) ([]string, int, error) {
	for {
		rec, line, err := im.rows.next()
		var re *rowError
		switch {
		case errors.As(err, &re):
			im.sum.bad(line, re.reason)
			continue
		case err != nil:
			return nil, line, err
		}
		if im.rows.count%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, line, err
			}
			im.progress(false)
		}
		return rec, line, nil
	}
}

// progress reports to opts.Progress, at most ten times a second unless
// final.
func (im *importer) progress(final bool) {
	if im.opts.Progress == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(im.lastProgress) < 100*time.Millisecond {
		return
	}
	im.lastProgress = now
	im.opts.Progress(Progress{
		BytesRead: im.rows.counter.n, BytesTotal: im.rows.size,
		Rows: im.rows.count, Elapsed: im.opts.Now().Sub(im.start),
	})
}

// detect picks the layout from the header when asked to, and checks that
// the kind can be read in it.
func detect(kind Kind, layout Layout, header map[string]int) (Layout, error) {
	if layout == Auto {
		switch {
		case has(header, "invoiceno", "stockcode"):
			layout = UCI
		case has(header, "financial status", "lineitem quantity"):
			layout = Shopify
		case kind == Orders && !has(header, "external_id"):
			return "", errors.New("csvimport: line 1: cannot tell the layout from the header: it is not the UCI " +
				"(InvoiceNo, StockCode, …) or Shopify (Name, Financial Status, …) layout, nor generic (external_id, …)")
		default:
			layout = Generic
		}
	}
	if kind != Orders && layout != Generic {
		return "", fmt.Errorf("csvimport: %s are read in the generic layout only, and this file's header is the %s layout", kind, layout)
	}
	return layout, nil
}

func has(header map[string]int, names ...string) bool {
	for _, n := range names {
		if _, ok := header[n]; !ok {
			return false
		}
	}
	return true
}

// columns finds the columns a layout reads in header. Missing required
// columns are an error; with strict set, so are columns the layout does
// not know (a misspelt optional column would otherwise be ignored).
func columns(layout string, header map[string]int, required, optional []string, strict bool) (map[string]int, error) {
	cols := make(map[string]int, len(required)+len(optional))
	var missing []string
	for _, n := range required {
		i, ok := header[n]
		if !ok {
			missing = append(missing, n)
		}
		cols[n] = i
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("csvimport: line 1: the %s header has no %s column", layout, strings.Join(missing, ", "))
	}
	for _, n := range optional {
		if i, ok := header[n]; ok {
			cols[n] = i
		} else {
			cols[n] = -1
		}
	}
	if strict {
		for n := range header {
			if _, ok := cols[n]; !ok {
				return nil, fmt.Errorf("csvimport: line 1: unknown column %q in the %s header (known: %s)",
					n, layout, strings.Join(append(slices.Clone(required), optional...), ", "))
			}
		}
	}
	return cols, nil
}

// field returns rec's value in column i, trimmed, or "" when the file has
// no such column.
func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

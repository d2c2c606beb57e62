package csvimport_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/csvimport"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

type testBundle struct {
	d     *db.DB
	store *sqlstore.Store
	shop  *shop.Shop
	now   time.Time
}

func setup(t *testing.T, d *db.DB, o *testfix.ShopOpts) *testBundle {
	t.Helper()
	s := testfix.MustStore(t, d)
	return &testBundle{d: d, store: s, shop: testfix.Shop(t, s, o), now: time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)}
}

// mustImport imports the testdata file name and fails the test on error.
func (b *testBundle) mustImport(t *testing.T, name string, opts csvimport.Options) *csvimport.Summary {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b.mustImportBytes(t, data, opts)
}

func (b *testBundle) mustImportBytes(t *testing.T, data []byte, opts csvimport.Options) *csvimport.Summary {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return b.now }
	}
	sum, err := csvimport.Import(context.Background(), b.store, b.shop, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func (b *testBundle) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := b.d.Read().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// counts are what a second import must leave as it is.
func (b *testBundle) counts(t *testing.T) []int {
	t.Helper()
	var out []int
	for _, table := range []string{"orders", "order_lines", "customers", "customer_refs", "consents", "events", "products"} {
		out = append(out, b.count(t, `SELECT COUNT(*) FROM `+table+` WHERE shop_id = $1`, b.shop.ID))
	}
	out = append(out, b.count(t, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND updated_at <> created_at`, b.shop.ID))
	return out
}

func badLines(s *csvimport.Summary) []int {
	var out []int
	for _, e := range s.Bad {
		out = append(out, e.Line)
	}
	return out
}

// wantBad checks the bad rows' lines and that each reason contains the
// matching fragment.
func wantBad(t *testing.T, s *csvimport.Summary, lines []int, reasons []string) {
	t.Helper()
	if got := badLines(s); !slices.Equal(got, lines) || s.BadCount != len(lines) {
		t.Fatalf("bad lines = %v (count %d), want %v; %+v", got, s.BadCount, lines, s.Bad)
	}
	for i, r := range reasons {
		if !strings.Contains(s.Bad[i].Reason, r) {
			t.Errorf("line %d: reason %q, want it to mention %q", s.Bad[i].Line, s.Bad[i].Reason, r)
		}
	}
}

func wantCounts(t *testing.T, s *csvimport.Summary, rows, created, updated, unchanged int) {
	t.Helper()
	if s.Rows != rows || s.Created != created || s.Updated != updated || s.Unchanged != unchanged {
		t.Fatalf("rows=%d created=%d updated=%d unchanged=%d, want %d %d %d %d",
			s.Rows, s.Created, s.Updated, s.Unchanged, rows, created, updated, unchanged)
	}
}

// orderRow is what the tests read back about one order.
type orderRow struct {
	status, customerID         string
	total, shipping, tax, disc int64
	lines                      int
	paid, cancelled, refunded  bool
	placed                     time.Time
}

func (b *testBundle) order(t *testing.T, source, externalID string) orderRow {
	t.Helper()
	var o orderRow
	var cust *string
	var paid, cancelled, refunded *time.Time
	err := b.d.Read().QueryRow(context.Background(), `SELECT o.status, o.customer_id, o.total, o.shipping, o.tax,
		o.discount, o.placed_at, o.paid_at, o.cancelled_at, o.refunded_at,
		(SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id)
		FROM orders o WHERE o.shop_id = $1 AND o.source = $2 AND o.external_id = $3`,
		b.shop.ID, source, externalID).Scan(&o.status, &cust, &o.total, &o.shipping, &o.tax, &o.disc, &o.placed,
		&paid, &cancelled, &refunded, &o.lines)
	if err != nil {
		t.Fatalf("order %s/%s: %v", source, externalID, err)
	}
	if cust != nil {
		o.customerID = *cust
	}
	o.paid, o.cancelled, o.refunded = paid != nil, cancelled != nil, refunded != nil
	o.placed = o.placed.UTC()
	return o
}

func TestImportUCI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, &testfix.ShopOpts{Currency: "GBP", Country: "GB", Timezone: "Europe/London", Locale: "en"})
		opts := csvimport.Options{Kind: csvimport.Orders}

		sum := b.mustImport(t, "uci-sample.csv", opts)
		if sum.Layout != csvimport.UCI {
			t.Errorf("layout = %s, want uci", sum.Layout)
		}
		wantCounts(t, sum, 128, 23, 0, 0)
		wantBad(t, sum, []int{68, 120, 125, 126, 127}, []string{
			"quantity -10 is negative on a sale", "unit price", "adjustment", "adjustment", "adjustment"})

		if n := b.count(t, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND source = 'csv'`, b.shop.ID); n != 23 {
			t.Errorf("orders = %d, want 23", n)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM orders WHERE shop_id = $1 AND status = 'cancelled'`, b.shop.ID); n != 3 {
			t.Errorf("cancelled orders = %d, want 3", n)
		}
		if n := b.count(t, `SELECT COALESCE(SUM(total), 0) FROM orders WHERE shop_id = $1`, b.shop.ID); n != 279306 {
			t.Errorf("sum of totals = %d pence, want 279306", n)
		}
		if n := b.count(t, `SELECT COUNT(*) FROM customer_refs WHERE shop_id = $1 AND source = 'uci'`, b.shop.ID); n != 17 {
			t.Errorf("uci customers = %d, want 17", n)
		}

		first := b.order(t, "csv", "536365")
		placed := time.Date(2010, 12, 1, 8, 26, 0, 0, time.UTC)
		if first.total != 13912 || first.lines != 7 || first.status != "paid" || !first.paid || !first.placed.Equal(placed) || first.customerID == "" {
			t.Errorf("536365 = %+v, want 7 lines, £139.12, paid at %s, a customer", first, placed)
		}
		cancel := b.order(t, "csv", "C536379")
		if cancel.status != "cancelled" || !cancel.cancelled || cancel.paid || cancel.total != 2750 || cancel.lines != 1 {
			t.Errorf("C536379 = %+v, want cancelled, unpaid, one line of £27.50", cancel)
		}
		guest := b.order(t, "csv", "536414")
		if guest.customerID != "" || guest.total != 0 || guest.lines != 1 {
			t.Errorf("536414 = %+v, want a guest order with one free line", guest)
		}
		var name string
		if err := d.Read().QueryRow(context.Background(), `SELECT l.name FROM order_lines l JOIN orders o ON o.id = l.order_id
			WHERE o.shop_id = $1 AND o.external_id = '536414'`, b.shop.ID).Scan(&name); err != nil || name != "22139" {
			t.Errorf("line without description: name %q (%v), want the stock code", name, err)
		}
		// 542806's rows are split by two rows of C542805; it is one order.
		if o := b.order(t, "csv", "542806"); o.lines != 39 || o.total != 84669 {
			t.Errorf("542806 = %+v, want 39 lines, £846.69", o)
		}
		// The row priced 0.001 is refused; the rest of its invoice is kept.
		if o := b.order(t, "csv", "550193"); o.lines != 4 || o.total != 9252 {
			t.Errorf("550193 = %+v, want 4 lines, £92.52", o)
		}
		var country string
		if err := d.Read().QueryRow(context.Background(), `SELECT c.country FROM customers c JOIN customer_refs r
			ON r.customer_id = c.id WHERE r.shop_id = $1 AND r.source = 'uci' AND r.external_id = '12583'`,
			b.shop.ID).Scan(&country); err != nil || country != "FR" {
			t.Errorf("customer 12583 country = %q (%v), want FR", country, err)
		}

		before := b.counts(t)
		again := b.mustImport(t, "uci-sample.csv", opts)
		wantCounts(t, again, 128, 0, 0, 23)
		if again.BadCount != 5 {
			t.Errorf("second run bad rows = %d, want 5", again.BadCount)
		}
		if after := b.counts(t); !slices.Equal(before, after) {
			t.Errorf("second run changed rows: %v, then %v", before, after)
		}
	})
}

func TestImportShopify(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, nil)
		opts := csvimport.Options{Kind: csvimport.Orders, Source: "shopify-csv"}
		sum := b.mustImport(t, "shopify-orders.csv", opts)
		if sum.Layout != csvimport.Shopify {
			t.Errorf("layout = %s, want shopify", sum.Layout)
		}
		wantCounts(t, sum, 7, 4, 0, 0)
		wantBad(t, sum, []int{6}, []string{`quantity "two"`})

		o := b.order(t, "shopify-csv", "5123456789012")
		if o.status != "fulfilled" || o.lines != 2 || o.total != 54500000 || o.shipping != 1500000 || o.tax != 5500000 ||
			o.disc != 2500000 || o.customerID == "" || !o.placed.Equal(time.Date(2026, 3, 2, 3, 14, 0, 0, time.UTC)) {
			t.Errorf("#1001 = %+v", o)
		}
		if o := b.order(t, "shopify-csv", "5123456789013"); o.status != "refunded" || !o.cancelled || !o.refunded || o.total != 12000000 {
			t.Errorf("#1002 = %+v, want refunded and cancelled", o)
		}
		if o := b.order(t, "shopify-csv", "5123456789014"); o.lines != 2 || o.total != 32000000 {
			t.Errorf("#1003 = %+v, want the two good lines and the file's total", o)
		}
		if o := b.order(t, "shopify-csv", "#1004"); o.status != "pending" || o.customerID != "" || o.total != 8500000 {
			t.Errorf("#1004 = %+v, want a pending guest order keyed by its name", o)
		}
		var email, phone, first, last string
		var consent bool
		err := d.Read().QueryRow(context.Background(), `SELECT c.email, c.phone, c.first_name, c.last_name, k.granted
			FROM customers c JOIN consents k ON k.customer_id = c.id AND k.channel = 'email'
			WHERE c.shop_id = $1 AND c.email = 'siti@example.co.id'`, b.shop.ID).Scan(&email, &phone, &first, &last, &consent)
		if err != nil || phone != "+6281234567890" || first != "Siti" || last != "Rahayu" || !consent {
			t.Errorf("customer = %q %q %q %q consent %v (%v)", email, phone, first, last, consent, err)
		}
		var address, city string
		if err := d.Read().QueryRow(context.Background(), `SELECT ship_address, ship_city FROM orders WHERE shop_id = $1
			AND external_id = '5123456789012'`, b.shop.ID).Scan(&address, &city); err != nil ||
			address != "Jl. Merdeka 1, RT 2" || city != "Bandung" {
			t.Errorf("shipping address = %q, %q (%v)", address, city, err)
		}

		before := b.counts(t)
		wantCounts(t, b.mustImport(t, "shopify-orders.csv", opts), 7, 0, 0, 4)
		if after := b.counts(t); !slices.Equal(before, after) {
			t.Errorf("second run changed rows: %v, then %v", before, after)
		}
	})
}

func TestImportGenericOrders(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, nil)
		opts := csvimport.Options{Kind: csvimport.Orders}
		sum := b.mustImport(t, "generic-orders.csv", opts)
		if sum.Layout != csvimport.Generic {
			t.Errorf("layout = %s, want generic", sum.Layout)
		}
		wantCounts(t, sum, 9, 4, 0, 0)
		wantBad(t, sum, []int{6, 7, 10}, []string{"more than 2 decimals", "external_id is empty", "placed_at"})

		// G-1's third line comes after other orders' rows; it is still G-1's.
		// Shipping, tax and discount come from its second row.
		o := b.order(t, "csv", "G-1")
		if o.lines != 3 || o.shipping != 2000000 || o.tax != 500000 || o.disc != 1000000 || o.total != 42500100 || o.status != "paid" || o.customerID == "" {
			t.Errorf("G-1 = %+v", o)
		}
		if o := b.order(t, "csv", "G-2"); o.status != "cancelled" || o.customerID != "" || o.total != 10000000 {
			t.Errorf("G-2 = %+v, want a cancelled guest order", o)
		}
		if o := b.order(t, "csv", "G-3"); o.status != "fulfilled" || o.lines != 1 || o.total != 29000000 {
			t.Errorf("G-3 = %+v, want fulfilled with its one good line", o)
		}
		if o := b.order(t, "tokopedia", "G-4"); o.total != 5000000 {
			t.Errorf("G-4 = %+v", o)
		}

		before := b.counts(t)
		wantCounts(t, b.mustImport(t, "generic-orders.csv", opts), 9, 0, 0, 4)
		if after := b.counts(t); !slices.Equal(before, after) {
			t.Errorf("second run changed rows: %v, then %v", before, after)
		}
	})
}

func TestImportCustomers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, nil)
		opts := csvimport.Options{Kind: csvimport.Customers}
		sum := b.mustImport(t, "generic-customers.csv", opts)
		wantCounts(t, sum, 6, 3, 0, 0)
		wantBad(t, sum, []int{5, 6, 7}, []string{"email", "needs an external_id", "email_consent"})
		if n := b.count(t, `SELECT COUNT(*) FROM consents WHERE shop_id = $1`, b.shop.ID); n != 2 {
			t.Errorf("consents = %d, want 2", n)
		}
		var locale, phone string
		if err := d.Read().QueryRow(context.Background(), `SELECT c.locale, c.phone FROM customers c
			WHERE c.shop_id = $1 AND c.email = 'rina@example.co.id'`, b.shop.ID).Scan(&locale, &phone); err == nil {
			t.Errorf("rina has a phone %q", phone)
		}
		if err := d.Read().QueryRow(context.Background(), `SELECT c.locale FROM customers c
			WHERE c.shop_id = $1 AND c.email = 'rina@example.co.id'`, b.shop.ID).Scan(&locale); err != nil || locale != "en" {
			t.Errorf("rina's locale = %q (%v), want en", locale, err)
		}

		before := b.counts(t)
		wantCounts(t, b.mustImport(t, "generic-customers.csv", opts), 6, 0, 0, 3)
		if after := b.counts(t); !slices.Equal(before, after) {
			t.Errorf("second run changed rows: %v, then %v", before, after)
		}

		// A changed city and a withdrawn consent are updates.
		changed := []byte("external_id,email,city,email_consent\nC-1,dewi@example.co.id,Jakarta,false\nC-2,,Surabaya,\n")
		wantCounts(t, b.mustImportBytes(t, changed, opts), 2, 0, 1, 1)
	})
}

func TestImportProducts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d, nil)
		opts := csvimport.Options{Kind: csvimport.Products}
		sum := b.mustImport(t, "generic-products.csv", opts)
		wantCounts(t, sum, 6, 3, 0, 0)
		wantBad(t, sum, []int{5, 6, 7}, []string{"sku is required", "warranty_months", "howto_url"})
		var price int64
		var currency string
		var serialized bool
		if err := d.Read().QueryRow(context.Background(), `SELECT price, currency, serialized FROM products
			WHERE shop_id = $1 AND sku = 'FLTR-02'`, b.shop.ID).Scan(&price, &currency, &serialized); err != nil ||
			price != 2500050 || currency != "IDR" || serialized {
			t.Errorf("FLTR-02 = %d %s serialized=%v (%v)", price, currency, serialized, err)
		}

		before := b.counts(t)
		var updatedAt time.Time
		q := `SELECT updated_at FROM products WHERE shop_id = $1 AND sku = 'BLND-01'`
		if err := d.Read().QueryRow(context.Background(), q, b.shop.ID).Scan(&updatedAt); err != nil {
			t.Fatal(err)
		}
		b.now = b.now.Add(time.Hour)
		wantCounts(t, b.mustImport(t, "generic-products.csv", opts), 6, 0, 0, 3)
		if after := b.counts(t); !slices.Equal(before, after) {
			t.Errorf("second run changed rows: %v, then %v", before, after)
		}
		var again time.Time
		if err := d.Read().QueryRow(context.Background(), q, b.shop.ID).Scan(&again); err != nil || !again.Equal(updatedAt) {
			t.Errorf("updated_at moved from %s to %s on an unchanged product", updatedAt, again)
		}

		changed := []byte("sku,name,price\nBLND-01,Blender Cosmos 2,460000\nNEW-09,Baru,1000\n")
		wantCounts(t, b.mustImportBytes(t, changed, opts), 2, 1, 1, 0)
	})
}

// TestImportMalformed checks strict CSV reading: rows the reader can step
// over are bad rows; a quote that never closes stops the import at its line.
func TestImportMalformed(t *testing.T) {
	t.Parallel()
	d := storetest.MustOpenSQLite(t)
	b := setup(t, d, nil)
	const header = "external_id,placed_at,currency,name,quantity,unit_price\n"

	t.Run("SteppedOver", func(t *testing.T) {
		data := header +
			"A-1,2026-01-01T00:00:00Z,IDR,Satu,1,1000\n" +
			"A-2,2026-01-01T00:00:00Z,IDR,Dua,1\n" + // a field short
			"A-3,2026-01-01T00:00:00Z,IDR,Ti\"ga,1,1000\n" + // bare quote
			"A-4,2026-01-01T00:00:00Z,IDR,\"Empat\",1,1000\n"
		sum := b.mustImportBytes(t, []byte(data), csvimport.Options{Kind: csvimport.Orders})
		wantCounts(t, sum, 4, 2, 0, 0)
		wantBad(t, sum, []int{3, 4}, []string{"has 5 fields, the header has 6", "bare"})
	})
	t.Run("Unclosed", func(t *testing.T) {
		data := header +
			"B-1,2026-01-01T00:00:00Z,IDR,Satu,1,1000\n" +
			"B-2,2026-01-01T00:00:00Z,IDR,\"Dua,1,1000\n" +
			"B-3,2026-01-01T00:00:00Z,IDR,Tiga,1,1000\n"
		_, err := csvimport.Import(context.Background(), b.store, b.shop, strings.NewReader(data), 0, csvimport.Options{Kind: csvimport.Orders})
		if err == nil || !strings.Contains(err.Error(), "line 3") {
			t.Fatalf("err = %v, want one naming line 3", err)
		}
	})
}

func TestImportTooManyLines(t *testing.T) {
	t.Parallel()
	d := storetest.MustOpenSQLite(t)
	b := setup(t, d, &testfix.ShopOpts{Currency: "GBP", Country: "GB"})
	var buf strings.Builder
	buf.WriteString("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n")
	n := order.MaxLines + 1
	for i := range n {
		buf.WriteString("900001,SKU" + strings.Repeat("X", i%3) + ",Item,1,2011-01-01 10:00:00,1.00,,United Kingdom\n")
	}
	buf.WriteString("900002,SKU,Item,1,2011-01-01 10:00:00,1.00,,United Kingdom\n")
	sum := b.mustImportBytes(t, []byte(buf.String()), csvimport.Options{Kind: csvimport.Orders})
	wantCounts(t, sum, n+1, 1, 0, 0)
	if sum.BadCount != n || sum.Bad[0].Line != 2 || sum.Bad[len(sum.Bad)-1].Line != len(sum.Bad)+1 ||
		!strings.Contains(sum.Bad[0].Reason, fmt.Sprintf("has %d lines; an order holds at most %d", n, order.MaxLines)) {
		t.Errorf("bad = %d, first %+v", sum.BadCount, sum.Bad[0])
	}
}

func TestImportHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		kind   csvimport.Kind
		layout csvimport.Layout
		data   string
		want   string
	}{
		{"Empty", csvimport.Orders, "", "", "empty"},
		{"UnknownKind", "refunds", "", "a\n", "unknown kind"},
		{"UnknownLayout", csvimport.Orders, "woo", "a\n", "unknown layout"},
		{"NotALayout", csvimport.Orders, "", "foo,bar\n1,2\n", "cannot tell the layout"},
		{"UCIMissingColumn", csvimport.Orders, "", "InvoiceNo,StockCode,Quantity\n", "no description, invoicedate"},
		{"GenericUnknownColumn", csvimport.Orders, "", "external_id,placed_at,currency,quantity,unit_price,name,colour\n", `unknown column "colour"`},
		{"CustomersFromShopify", csvimport.Customers, "", "Name,Financial Status,Lineitem quantity\n", "generic layout only"},
		{"DuplicateColumn", csvimport.Products, "", "sku,name,SKU\n", "appears twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := csvimport.Import(context.Background(), nil, &shop.Shop{Currency: "IDR", Country: "ID"},
				strings.NewReader(tc.data), 0, csvimport.Options{Kind: tc.kind, Layout: tc.layout})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

package csvimport_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/csvimport"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// onlineRetail is the shared copy of the UCI Online Retail file
// (/work/shared/data/README.md).
const onlineRetail = "../../../shared/data/online-retail/online-retail.csv.gz"

// TestImportUCIFull imports the whole UCI file (541,909 rows) on SQLite and
// checks that every invoice with a good row became one order, then that a
// second run stores nothing. It takes about a minute.
func TestImportUCIFull(t *testing.T) {
	t.Parallel()
	if testing.Short() || storetest.RaceEnabled {
		t.Skip("imports 541,909 rows; skipped with -short and under -race (CI runs it without)")
	}
	if _, err := os.Stat(onlineRetail); err != nil {
		t.Skipf("the shared UCI file is not here (%v); see /work/shared/data/README.md", err)
	}
	wantOrders, wantBad := uciExpect(t, onlineRetail)

	b := setup(t, storetest.MustOpenSQLite(t), &testfix.ShopOpts{Currency: "GBP", Country: "GB", Timezone: "Europe/London", Locale: "en"})
	var out bytes.Buffer
	sum, err := csvimport.ImportFile(context.Background(), b.store, b.shop, onlineRetail, csvimport.Options{Kind: csvimport.Orders}, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first run: %d rows in %s, %.0f rows/s, %d orders created, %d bad rows",
		sum.Rows, sum.Elapsed.Round(time.Millisecond), float64(sum.Rows)/sum.Elapsed.Seconds(), sum.Created, sum.BadCount)
	if sum.Rows != 541909 || sum.Created != wantOrders || sum.Updated != 0 || sum.BadCount != wantBad {
		t.Errorf("rows=%d created=%d updated=%d bad=%d, want 541909 rows, %d created, 0 updated, %d bad",
			sum.Rows, sum.Created, sum.Updated, sum.BadCount, wantOrders, wantBad)
	}
	if n := b.count(t, `SELECT COUNT(*) FROM orders WHERE shop_id = $1`, b.shop.ID); n != wantOrders {
		t.Errorf("orders stored = %d, want %d", n, wantOrders)
	}
	if !strings.Contains(out.String(), "orders: "+group(wantOrders)+" created") {
		t.Errorf("summary does not give the count:\n%s", out.String())
	}
	t.Logf("summary:\n%s", lastLines(out.String(), 26))

	again, err := csvimport.ImportFile(context.Background(), b.store, b.shop, onlineRetail, csvimport.Options{Kind: csvimport.Orders}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second run: %s, %.0f rows/s", again.Elapsed.Round(time.Millisecond), float64(again.Rows)/again.Elapsed.Seconds())
	if again.Created != 0 || again.Updated != 0 || again.Unchanged != wantOrders {
		t.Errorf("second run: created=%d updated=%d unchanged=%d, want 0 0 %d", again.Created, again.Updated, again.Unchanged, wantOrders)
	}
}

// uciExpect scans the file on its own terms and returns how many orders the
// import must create (distinct invoices among good rows, an invoice holding
// at most order.MaxLines good rows) and how many rows it must refuse.
func uciExpect(t *testing.T, path string) (orders, bad int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(gz)
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	good := map[string]int{}
	rows := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rows++
		inv, qty, date, price := rec[0], rec[3], rec[4], rec[5]
		q, qerr := strconv.Atoi(qty)
		p, perr := strconv.ParseFloat(price, 64)
		_, derr := time.Parse("2006-01-02 15:04:05", date)
		_, decimals, _ := strings.Cut(price, ".")
		switch {
		case inv == "", strings.HasPrefix(inv, "A"), qerr != nil, q == 0, q < 0 && !strings.HasPrefix(inv, "C"),
			perr != nil, p < 0, len(strings.TrimRight(decimals, "0")) > 2, derr != nil:
			continue
		}
		good[inv]++
	}
	stored := 0
	for _, n := range good {
		if n <= order.MaxLines {
			orders++
			stored += n
		}
	}
	return orders, rows - stored
}

func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// TestImportFile checks that a gzip file is read by its first bytes,
// whatever its name, and that the progress line and summary are written.
func TestImportFile(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.MustOpenSQLite(t), &testfix.ShopOpts{Currency: "GBP", Country: "GB"})
	data, err := os.ReadFile(filepath.Join("testdata", "uci-sample.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	path := filepath.Join(t.TempDir(), "orders.csv") // no .gz: the magic bytes tell
	if err := os.WriteFile(path, gz.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var calls []csvimport.Progress
	var out bytes.Buffer
	sum, err := csvimport.ImportFile(context.Background(), b.store, b.shop, path, csvimport.Options{
		Kind: csvimport.Orders, Progress: func(p csvimport.Progress) { calls = append(calls, p) },
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 23 {
		t.Errorf("created = %d, want 23", sum.Created)
	}
	last := calls[len(calls)-1]
	if last.Rows != 128 || last.BytesRead != int64(gz.Len()) || last.BytesTotal != int64(gz.Len()) {
		t.Errorf("last progress = %+v, want 128 rows and %d compressed bytes", last, gz.Len())
	}
	for _, want := range []string{"\r[", "100%", "128 rows", "orders: 23 created, 0 updated, 0 unchanged",
		"bad rows: 5", "line 68: quantity -10", "line 125: invoice A563185 is an accounting adjustment"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

package csvimport_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/purnajual/purna/internal/csvimport"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// BenchmarkImportUCI imports the UCI slice into a fresh shop each time, on
// SQLite: the path every new order takes.
func BenchmarkImportUCI(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "uci-sample.csv"))
	if err != nil {
		b.Fatal(err)
	}
	s := testfix.MustStore(b, storetest.MustOpenSQLite(b))
	ctx := context.Background()
	rows := 0
	for b.Loop() {
		sh := testfix.Shop(b, s, &testfix.ShopOpts{Currency: "GBP", Country: "GB"})
		sum, err := csvimport.Import(ctx, s, sh, bytes.NewReader(data), int64(len(data)), csvimport.Options{Kind: csvimport.Orders})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Created != 23 {
			b.Fatalf("created %d orders, want 23", sum.Created)
		}
		rows += sum.Rows
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

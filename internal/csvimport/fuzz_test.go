package csvimport

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/shop"
)

// checkSink validates orders as the database sink would, and stores
// nothing.
type checkSink struct{ good int }

func (s *checkSink) orders(ctx context.Context, im *importer, ds []*draft) error {
	for _, d := range ds {
		if in := im.complete(d, im.opts.Now()); in != nil {
			s.good += len(in.Lines)
		}
	}
	return nil
}

func (s *checkSink) customers(ctx context.Context, im *importer, cs []customerRow) error {
	s.good += len(cs)
	return nil
}

func (s *checkSink) products(ctx context.Context, im *importer, ps []productRow) error {
	s.good += len(ps)
	return nil
}

// checkRead reads data without a database and checks the properties every
// file must have: no panic; an error names a line; every bad row has a line
// inside the file and a reason; every row is either good or bad, once.
func checkRead(t *testing.T, data string) {
	t.Helper()
	now := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	im, err := newImporter(strings.NewReader(data), int64(len(data)), &shop.Shop{Country: "GB", Currency: "GBP"},
		Options{Kind: Orders, BatchSize: 3, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s := &checkSink{}
	sum, err := im.run(context.Background(), s)
	if err != nil {
		if !strings.Contains(err.Error(), "line ") {
			t.Fatalf("error without a line: %v", err)
		}
		return
	}
	lines := strings.Count(data, "\n") + 1
	for _, e := range sum.Bad {
		if e.Line < 2 || e.Line > lines || e.Reason == "" {
			t.Fatalf("bad row %+v outside lines 2..%d or without a reason", e, lines)
		}
	}
	if s.good+sum.BadCount != sum.Rows {
		t.Fatalf("%d good + %d bad rows != %d rows", s.good, sum.BadCount, sum.Rows)
	}
}

// seed adds the data lines of a testdata file, one at a time and in runs.
func seed(f *testing.F, name string) string {
	file, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Scan()
	header := sc.Text() + "\n"
	var run strings.Builder
	for i := 0; sc.Scan(); i++ {
		f.Add(sc.Text() + "\n")
		run.WriteString(sc.Text() + "\n")
		if i%5 == 4 {
			f.Add(run.String())
			run.Reset()
		}
	}
	return header
}

func FuzzUCIRow(f *testing.F) {
	header := seed(f, "uci-sample.csv")
	f.Add("\"536365\",\"85123A\",\"X\",6,\"2010-12-01 08:26:00\",1e3,17850.0,\"United Kingdom\"\n")
	f.Add("C1,,,-0,12/1/2010 8:26,-0.00,,\n")
	f.Fuzz(func(t *testing.T, rows string) {
		checkRead(t, header+rows)
	})
}

func FuzzGenericOrders(f *testing.F) {
	header := seed(f, "generic-orders.csv")
	f.Add("G-9,,2026-02-01T09:00:00+07:00,,,,XXX,a@b,,,,S,N,1,1,,,,\n")
	f.Add("G-9,,2026-02-01T09:00:00+07:00,,,,IDR,,,,,,,1,99999999999999999999,,-1,,UPPER\n")
	f.Fuzz(func(t *testing.T, rows string) {
		checkRead(t, header+rows)
	})
}

package survey_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
)

// scoredRows makes n NPS answers over a year with a realistic spread (55%
// promoters, 15% detractors), each on an order of one to three of 40
// products in 6 categories, from 4 sources and 2 journeys.
func scoredRows(n int, from time.Time) []survey.Scored {
	rng := rand.New(rand.NewPCG(7, 7))
	products := make([]survey.ScoredProduct, 40)
	for i := range products {
		products[i] = survey.ScoredProduct{ID: purna.NewID(from), Name: "Product " + string(rune('A'+i%26)),
			Category: []string{"Elektronik", "Fashion", "Rumah", "Dapur", "Aksesori", "Olahraga"}[i%6]}
	}
	journeys := []purna.ID{purna.NewID(from), purna.NewID(from)}
	sources := []string{"shopify", "tokopedia", "shopee", "api"}
	out := make([]survey.Scored, n)
	for i := range out {
		s := 9 + rng.IntN(2)
		switch p := rng.Float64(); {
		case p < 0.15:
			s = rng.IntN(7)
		case p < 0.45:
			s = 7 + rng.IntN(2)
		}
		ps := make([]survey.ScoredProduct, 1+rng.IntN(3))
		for j := range ps {
			ps[j] = products[rng.IntN(len(products))]
		}
		out[i] = survey.Scored{Kind: survey.NPS, Score: s, At: from.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))),
			Source: sources[rng.IntN(4)], JourneyID: &journeys[rng.IntN(2)], Products: ps}
	}
	return out
}

// BenchmarkSummarize tallies a year of 100,000 NPS answers into the
// results page: overall, monthly trend, by product, category, source and
// journey.
func BenchmarkSummarize(b *testing.B) {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := scoredRows(100_000, from)
	f := survey.ResultsFilter{Kind: survey.NPS, From: from, To: from.AddDate(1, 0, 0), Location: time.FixedZone("WIB", 7*3600)}
	b.ReportAllocs()
	for b.Loop() {
		if r := survey.Summarize(f, rows); r.Overall.N() != len(rows) {
			b.Fatalf("counted %d", r.Overall.N())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(rows)), "ns/answer")
}

// BenchmarkResults is the results page's whole read on real storage: a
// shop with 20,000 NPS answers over a year on orders of two lines each,
// read and tallied for the last 90 days (about a quarter of them). With
// -short, 1,000 answers.
func BenchmarkResults(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchmarkResults(b, storetest.MustOpenSQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		if storetest.PostgresURL() == "" {
			b.Skip("PURNA_TEST_POSTGRES_URL is not set")
		}
		benchmarkResults(b, storetest.MustOpenPostgres(b))
	})
}

func benchmarkResults(b *testing.B, d *db.DB) {
	ctx := context.Background()
	n := 20_000
	if testing.Short() {
		n = 1_000
	}
	s := testfix.MustStore(b, d)
	sh := testfix.Shop(b, s, nil)
	now := time.Now().UTC()
	clock := purna.SystemClock{}
	orders := order.NewService(sqlstore.Orders{Store: s}, clock)
	prods := product.NewService(sqlstore.Products{Store: s}, clock)
	for _, in := range []product.Input{{SKU: "BLND-01", Name: "Blender Cosmos", Category: "Dapur", Price: 45000000},
		{SKU: "FLTR-02", Name: "Filter air", Category: "Aksesori", Price: 2500000}} {
		if _, _, err := prods.Save(ctx, sh.ID, "IDR", in); err != nil {
			b.Fatal(err)
		}
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var answers []*survey.Response
	for i := range n {
		at := now.Add(-time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		in := testfix.OrderInput(fmt.Sprintf("B-%d", i), at.Add(-5*24*time.Hour))
		in.Customer = &customer.Input{Email: fmt.Sprintf("c%d@example.co.id", i%4000), FirstName: "Siti"}
		res, err := orders.Ingest(ctx, sh, in)
		if err != nil {
			b.Fatal(err)
		}
		oid := res.Order.ID
		answers = append(answers, &survey.Response{ID: purna.NewID(at), ShopID: sh.ID, CustomerID: *res.Order.CustomerID,
			Kind: survey.NPS, OrderID: &oid, Source: "api", Score: rng.IntN(11), Answers: map[string]string{}, Locale: "id",
			CreatedAt: at, UpdatedAt: at})
	}
	if err := (sqlstore.Surveys{Store: s}).InTx(ctx, func(tx survey.Tx) error {
		for _, r := range answers {
			if err := tx.SaveResponse(ctx, r); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if d.Dialect == db.Postgres {
		if _, err := d.Write().Exec(ctx, `ANALYZE`); err != nil { // autovacuum is off on the benchmark machine
			b.Fatal(err)
		}
	}
	svc := survey.NewService(sqlstore.Surveys{Store: s}, clock, []byte("bench secret of 32 bytes, enough"))
	f := survey.ResultsFilter{ShopID: sh.ID, Kind: survey.NPS, From: now.AddDate(0, 0, -90), To: now.Add(time.Minute),
		Location: sh.Location()}
	var got int
	for b.Loop() {
		r, err := svc.Results(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		got = r.Overall.N()
	}
	if got == 0 {
		b.Fatal("no answers in range")
	}
	b.ReportMetric(float64(got), "answers")
}

package journey_test

import (
	"context"
	"fmt"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// BenchmarkDeliver measures the dispatch rate from "due" to "accepted by
// the mail server": b.N order confirmations, each to its own customer,
// written from the real templates, sent over SMTP to a local server that
// discards them, with the outbox and the timelines updated. On SQLite, and
// on PostgreSQL when PURNA_TEST_POSTGRES_URL is set.
//
//	go test -run='^$' -bench=Deliver -benchtime=100000x -timeout=30m ./internal/journey/
func BenchmarkDeliver(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchDeliver(b, storetest.MustOpenSQLite(b)) })
	if storetest.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { benchDeliver(b, storetest.MustOpenPostgres(b)) })
	}
}

func benchDeliver(b *testing.B, d *db.DB) {
	ctx := context.Background()
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	bundle := setup(b, d, start)
	sink, err := mail.NewSink("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	host, port, _ := splitHostPort(sink.Addr())
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, Pool: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer sender.Close()
	bundle.engine.Channels["email"] = journey.Email{Sender: sender,
		Composer: &journey.TemplateComposer{From: "halo@toko.example", BaseURL: "https://toko.example", Secret: []byte("bench")}}

	// b.N orders, ingested by a few goroutines as the API would, and their
	// confirmations made due. On PostgreSQL the tables are analysed every
	// 10,000 orders, as autovacuum would (it is off on the benchmark
	// machine), so plans made on empty tables do not linger.
	n := b.N
	for lo := 0; lo < n; lo += 10_000 {
		hi := min(lo+10_000, n)
		var next atomic.Int64
		next.Store(int64(lo))
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				for {
					i := int(next.Add(1) - 1)
					if i >= hi {
						return
					}
					in := testfix.OrderInput("B-"+strconv.Itoa(i), start.Add(-time.Minute))
					in.Customer = &customer.Input{Email: fmt.Sprintf("c%d@example.co.id", i), FirstName: benchNames[i%len(benchNames)], Locale: purna.Locales[i%3]}
					res, err := bundle.orders.Ingest(ctx, bundle.shop, in)
					if err == nil {
						for _, e := range res.Events {
							if err = bundle.engine.React(ctx, e); err != nil {
								break
							}
						}
					}
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
		if d.Dialect == db.Postgres {
			if _, err := d.Write().Exec(ctx, `ANALYZE`); err != nil {
				b.Fatal(err)
			}
		}
	}
	for {
		k, err := bundle.engine.Tick(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if k == 0 {
			break
		}
	}
	cpu0 := cpuTime()
	b.ResetTimer()
	// The label lets a profile show delivery alone:
	// go tool pprof -tagfocus=phase=deliver
	pprof.Do(ctx, pprof.Labels("phase", "deliver"), func(ctx context.Context) {
		sent := 0
		for sent < n {
			k, err := bundle.engine.Deliver(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if k == 0 {
				break
			}
			sent += k
		}
	})
	b.StopTimer()
	// CPU used by the whole process (engine, SMTP client, the local SMTP
	// server and the database when it is SQLite) per email: with the
	// rate, it tells whether delivery is short of CPU or waiting.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(n), "cpu-µs/email")
	var ok int
	_ = d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE status = 'sent'`).Scan(&ok)
	if ok != n || sink.Accepted() != int64(n) {
		b.Fatalf("%d of %d sent, %d accepted by the server", ok, n, sink.Accepted())
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "emails/s")
}

var benchNames = []string{"Ayu", "Budi", "Ștefan", "Ioana", "Siti", "Andrei", "Dewi", "Mihai", "Putri", "Rizky"}

func splitHostPort(addr string) (string, int, error) {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			p, err := strconv.Atoi(addr[i+1:])
			return addr[:i], p, err
		}
	}
	return addr, 0, fmt.Errorf("no port in %q", addr)
}

package journey_test

import (
	"context"
	"fmt"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
)

// BenchmarkDeliver measures the dispatch rate from "due" to "accepted by
// the mail server": b.N order confirmations, written from the real
// templates, sent over SMTP to a local server, with the outbox updated.
func BenchmarkDeliver(b *testing.B) {
	ctx := context.Background()
	start := time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)
	t := &testing.T{}
	bundle := setup(t, storetest.MustOpenSQLite(b), start)
	catcher, err := mail.NewSink("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer catcher.Close()
	host, port, _ := splitHostPort(catcher.Addr())
	sender, err := mail.NewSMTP(mail.SMTPConfig{Host: host, Port: port, TLS: mail.TLSNone, Pool: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer sender.Close()
	bundle.engine.Channels["email"] = journey.Email{Sender: sender,
		Composer: &journey.TemplateComposer{From: "halo@toko.example", BaseURL: "https://toko.example", Secret: []byte("bench")}}

	n := b.N
	in := make([]order.Input, n)
	for i := range n {
		in[i] = testfix.OrderInput("B-"+strconv.Itoa(i), start.Add(-time.Minute))
		in[i].Customer = &customer.Input{Email: fmt.Sprintf("c%d@example.co.id", i), FirstName: "Ayu", Locale: "id"}
	}
	for i := range n {
		res, err := bundle.orders.Ingest(ctx, bundle.shop, in[i])
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range res.Events {
			if err := bundle.engine.React(ctx, e); err != nil {
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
	var ok int
	_ = bundle.d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM messages WHERE status = 'sent'`).Scan(&ok)
	if ok != n {
		b.Fatalf("%d of %d sent", ok, n)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "emails/s")
	_ = sqlstore.Journeys{}
}

func splitHostPort(addr string) (string, int, error) {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			p, err := strconv.Atoi(addr[i+1:])
			return addr[:i], p, err
		}
	}
	return addr, 0, fmt.Errorf("no port in %q", addr)
}

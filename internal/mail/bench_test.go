package mail

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// benchBatch is the number of emails one benchmark iteration sends.
const benchBatch = 100_000

// BenchmarkSMTPSendBatch sends 100,000 personalised order emails (about 9.5 KB
// of HTML and text each) to a local go-smtp server that discards them.
//
//	go test -run='^$' -bench=SMTPSendBatch -benchtime=1x ./internal/mail/
func BenchmarkSMTPSendBatch(b *testing.B) {
	n := benchBatch
	if testing.Short() {
		n = 1000 // CI runs each benchmark once, to keep it compiling
	}
	msgs := make([]Message, n)
	size := 0
	for i := range msgs {
		msgs[i] = benchMessage(i)
		size += len(msgs[i].HTML) + len(msgs[i].Text)
	}
	b.Logf("%d messages, %.1f KB of HTML+text on average", len(msgs), float64(size)/float64(len(msgs))/1024)

	for _, pool := range []int{4, 10} {
		b.Run(fmt.Sprintf("pool=%d", pool), func(b *testing.B) {
			ts := newTestServer(b, testServerOpts{})
			s := MustSMTP(b, ts.Addr, SMTPConfig{Pool: pool})
			sent := 0
			for b.Loop() {
				for i, err := range s.SendBatch(context.Background(), msgs) {
					if err != nil {
						b.Fatalf("message %d: %v", i, err)
					}
				}
				sent += len(msgs)
			}
			b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "emails/s")
			b.ReportMetric(float64(ts.sessions.Load()), "connections")
		})
	}
}

var (
	benchFirst = []string{"Ștefan", "Ioana", "Budi", "Siti", "Andrei", "Dewi", "Mihai", "Putri", "Ana", "Rizky"}
	benchLast  = []string{"Țăranu", "Popescu", "Santoso", "Rahayu", "Ionescu", "Wijaya", "Dumitrescu", "Lestari"}
	benchItems = []string{"Kemeja batik tulis", "Ie românească brodată", "Sarung tenun ikat", "Cană ceramică Horezu",
		"Tas anyaman rotan", "Covor țesut manual", "Kain songket Palembang", "Set linguri lemn sculptat"}
)

// benchMessage renders one order confirmation: the name and the order table
// change from message to message.
func benchMessage(i int) Message {
	name := benchFirst[i%len(benchFirst)] + " " + benchLast[(i/7)%len(benchLast)]
	rows := 3 + i%6
	var html, text strings.Builder
	html.Grow(8 << 10)
	text.Grow(2 << 10)
	html.WriteString(`<!doctype html><html lang="ro" dir="ltr"><head><meta charset="utf-8"><title>Comanda ta</title></head>` +
		`<body style="margin:0;padding:0;background:#f4f4f5"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">` +
		`<tr><td align="center"><table role="presentation" width="600" style="max-width:600px;background:#ffffff;` +
		`font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b">`)
	fmt.Fprintf(&html, `<tr><td style="padding:24px"><h1 style="font-size:22px;margin:0 0 16px">Mulțumim, %s!</h1>`+
		`<p style="margin:0 0 16px">Comanda ta #%d a fost confirmată. Pesanan Anda #%d sudah kami terima dan sedang disiapkan.</p>`, name, 100000+i, 100000+i)
	fmt.Fprintf(&text, "Mulțumim, %s!\n\nComanda ta #%d a fost confirmată.\nPesanan Anda #%d sudah kami terima.\n\n", name, 100000+i, 100000+i)
	html.WriteString(`<table role="presentation" width="100%" cellpadding="8" cellspacing="0" style="border-collapse:collapse">` +
		`<tr><th align="left" style="border-bottom:2px solid #e4e4e7">Produs</th><th align="right" style="border-bottom:2px solid #e4e4e7">Cant.</th>` +
		`<th align="right" style="border-bottom:2px solid #e4e4e7">Preț</th></tr>`)
	total := 0
	for r := range rows {
		item := benchItems[(i+r)%len(benchItems)]
		qty := 1 + (i+r)%3
		price := 45000 + ((i*31+r*17)%40)*2500
		total += qty * price
		fmt.Fprintf(&html, `<tr><td style="border-bottom:1px solid #e4e4e7;padding:8px">%s<br><span style="color:#71717a;font-size:14px">SKU BT-%05d · mărime M · warna biru</span></td>`+
			`<td align="right" style="border-bottom:1px solid #e4e4e7;padding:8px">%d</td><td align="right" style="border-bottom:1px solid #e4e4e7;padding:8px">Rp %d</td></tr>`,
			item, (i+r)%100000, qty, price)
		fmt.Fprintf(&text, "- %s (SKU BT-%05d) × %d: Rp %d\n", item, (i+r)%100000, qty, price)
	}
	fmt.Fprintf(&html, `<tr><td colspan="2" align="right" style="padding:8px"><b>Total</b></td><td align="right" style="padding:8px"><b>Rp %d</b></td></tr></table>`, total)
	fmt.Fprintf(&text, "\nTotal: Rp %d\n\n", total)
	// Shipping, button, how-to and footer: the same for everyone, about 5 KB.
	html.WriteString(benchFooterHTML)
	text.WriteString(benchFooterText)
	html.WriteString(`</td></tr></table></td></tr></table></body></html>`)
	return Message{
		ID:      fmt.Sprintf("01JBENCH%08d", i),
		From:    Address{Name: "Toko Batik Sări", Email: "halo@batiksari.id"},
		To:      Address{Name: name, Email: fmt.Sprintf("customer%d@example.com", i)},
		Subject: fmt.Sprintf("Comanda ta #%d — pesanan Anda sudah dikonfirmasi", 100000+i),
		Text:    text.String(),
		HTML:    html.String(),
		Lang:    "ro",
		Headers: map[string]string{"X-Purna-Message": fmt.Sprintf("01JBENCH%08d", i)},
	}
}

var benchFooterHTML = strings.Repeat(`<p style="margin:16px 0;color:#3f3f46">Livrarea durează de obicei 2–4 zile lucrătoare. `+
	`Pengiriman biasanya memakan waktu 2–4 hari kerja. Vei primi un e-mail cu numărul de urmărire când coletul pleacă din depozit.</p>`, 10) +
	`<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0"><tr><td style="border-radius:6px;background:#1d4ed8">` +
	`<a href="https://batiksari.id/orders/track" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:600">Urmărește comanda</a>` +
	`</td></tr></table>` + strings.Repeat(`<p style="font-size:14px;color:#71717a">Toko Batik Sări · Jl. Malioboro 12, Yogyakarta · `+
	`Ai primit acest e-mail pentru că ai plasat o comandă. Garanția de 12 luni se aplică tuturor produselor.</p>`, 12)

var benchFooterText = strings.Repeat("Livrarea durează de obicei 2–4 zile lucrătoare. Pengiriman biasanya memakan waktu 2–4 hari kerja.\n", 6) +
	"Urmărește comanda: https://batiksari.id/orders/track\n\n" +
	strings.Repeat("Toko Batik Sări · Jl. Malioboro 12, Yogyakarta · Garanția de 12 luni.\n", 6)

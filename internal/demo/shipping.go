package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/purnajual/purna/internal/order"
)

// A carrier is a courier the shop hands parcels to.
type carrier struct {
	name   string
	weight float64
	url    string // tracking page, with %s for the waybill number
	awb    func(r *rand.Rand, shipped time.Time) string
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// carriers are the couriers Indonesian shops use, with waybill numbers in
// their usual shapes.
var carriers = []carrier{
	{"JNE", 30, "https://www.jne.co.id/tracking-package?resi=%s",
		func(r *rand.Rand, _ time.Time) string { return "CGK" + digits(r, 13) }},
	{"J&T Express", 25, "https://jet.co.id/track?awb=%s",
		func(r *rand.Rand, _ time.Time) string { return "JP" + digits(r, 10) }},
	{"SiCepat", 20, "https://www.sicepat.com/checkAwb?awb=%s",
		func(r *rand.Rand, _ time.Time) string { return "00" + digits(r, 10) }},
	{"AnterAja", 15, "https://anteraja.id/tracking?awb=%s",
		func(r *rand.Rand, _ time.Time) string { return "10000" + digits(r, 10) }},
	{"Pos Indonesia", 10, "https://www.posindonesia.co.id/id/tracking?barcode=%s",
		func(r *rand.Rand, t time.Time) string { return "P" + t.In(wib).Format("060102") + digits(r, 7) }},
}

// lifecycle records what has happened to the order by the end of the
// history: payment (or its absence), cancellation and refund, and the
// parcel with its scans. Nothing is set after g.cal.end.
func (g *generator) lifecycle(in *order.Input, p *person, placed time.Time, bulky bool) {
	r, end := g.r, g.cal.end
	at := func(t time.Time) *time.Time { u := t.UTC(); return &u }

	if chance(r, 0.03) { // never paid: the store cancels it after a day
		if c := placed.Add(24 * time.Hour); !c.After(end) {
			in.CancelledAt, in.CancelReason = at(c), "Pembayaran tidak diterima dalam 24 jam"
		}
		return
	}
	var paid time.Time
	switch x := r.Float64(); {
	case in.Source == "tokopedia" || in.Source == "shopee": // paid in the marketplace's checkout
		paid = placed.Add(time.Duration(between(r, 10, 180)) * time.Second)
	case x < 0.75:
		paid = placed.Add(time.Duration(between(r, 60, 30*60)) * time.Second)
	case x < 0.92:
		paid = placed.Add(time.Duration(between(r, 30*60, 60*60)) * time.Second)
	default: // bank transfer, paid the next morning
		paid = placed.Add(time.Duration(between(r, 60, 20*60)) * time.Minute)
	}
	if paid.After(end) {
		return
	}
	in.PaidAt = at(paid)

	if chance(r, 0.02) { // cancelled after payment, and refunded
		c := paid.Add(time.Duration(between(r, 60, 20*60)) * time.Minute)
		if c.After(end) {
			return
		}
		in.CancelledAt = at(c)
		in.CancelReason = pick(r, []string{"Stok habis, dana dikembalikan", "Dibatalkan atas permintaan pembeli",
			"Pembeli ingin mengganti varian"})
		if rf := c.Add(time.Duration(between(r, 4*60, 3*24*60)) * time.Minute); !rf.After(end) {
			in.RefundedAt = at(rf)
		}
		return
	}

	shipped := g.pickup(paid)
	if shipped.After(end) {
		return
	}
	c := carriers[pickWeighted(r, carrierWeights)]
	if bulky {
		c = carriers[0] // JNE Trucking carries the big boxes
	}
	awb := c.awb(r, shipped)
	for g.taken["awb/"+awb] {
		awb = c.awb(r, shipped)
	}
	g.taken["awb/"+awb] = true

	zone := p.city.zone
	days := [4][2]int{{2, 2}, {2, 3}, {3, 4}, {4, 5}}[zone]
	promisedDays := between(r, days[0], days[1])
	if bulky {
		promisedDays = min(promisedDays+1, 5)
	}
	shipDay := midnight(shipped)
	promised := shipDay.AddDate(0, 0, promisedDays+1).Add(-time.Second) // the end of the promised day

	lateP := 0.07
	if lebaranRush(shipped) || harbolnasRush(shipped) {
		lateP = 0.3
	}
	late := chance(r, lateP)
	var deliverDay time.Time
	if late {
		deliverDay = shipDay.AddDate(0, 0, promisedDays+between(r, 1, 3))
	} else {
		deliverDay = shipDay.AddDate(0, 0, between(r, max(1, promisedDays-1), promisedDays))
	}
	outFor := deliverDay.Add(7*time.Hour + 30*time.Minute + time.Duration(r.IntN(120))*time.Minute)
	delivered := deliverDay.Add(time.Duration(between(r, 10*60, 19*60+59)) * time.Minute)

	dest := p.city.name
	ev := func(t time.Time, s order.ShipmentStatus, loc, desc string) order.TrackingEventInput {
		return order.TrackingEventInput{OccurredAt: t.UTC(), Status: s, Location: loc, Description: desc}
	}
	events := []order.TrackingEventInput{ev(shipped, order.ShipmentInTransit, "Jakarta Barat",
		"Paket telah di-pickup oleh kurir "+c.name)}
	hubs := [][2]string{{"Jakarta Sorting Center", "Paket diproses di pusat sortir"}}
	if zone > 0 {
		hubs = [][2]string{{"Jakarta Gateway", "Paket diberangkatkan dari gateway Jakarta"}}
	}
	if v := p.city.via; v != "" {
		hubs = append(hubs, [2]string{v + " Transit Hub", "Paket transit di " + v})
	}
	hubs = append(hubs, [2]string{"Hub " + dest, "Paket tiba di hub " + dest})
	// The hubs' scans fall between pickup and the last morning's delivery
	// run, evenly with some jitter.
	from, to := shipped.Add(2*time.Hour), outFor.Add(-time.Hour)
	if late && chance(r, 0.4) {
		// A failed attempt the day before: nobody home.
		prev := deliverDay.AddDate(0, 0, -1)
		events = append(events, g.hubScans(from, prev.Add(6*time.Hour), hubs, ev)...)
		events = append(events,
			ev(prev.Add(8*time.Hour+time.Duration(r.IntN(90))*time.Minute), order.ShipmentOutForDelivery, dest,
				"Paket sedang diantar kurir ke alamat penerima"),
			ev(prev.Add(16*time.Hour+time.Duration(r.IntN(150))*time.Minute), order.ShipmentFailed, dest,
				pick(r, []string{"Penerima tidak di tempat, pengantaran dijadwalkan ulang",
					"Alamat kurang lengkap, kurir menghubungi penerima"})))
	} else {
		events = append(events, g.hubScans(from, to, hubs, ev)...)
	}
	events = append(events,
		ev(outFor, order.ShipmentOutForDelivery, dest, "Paket sedang diantar kurir ke alamat penerima"),
		ev(delivered, order.ShipmentDelivered, dest, "Paket diterima oleh "+pick(r, receivers)))

	si := order.ShipmentInput{Carrier: c.name, TrackingNumber: awb, TrackingURL: fmt.Sprintf(c.url, awb),
		PromisedAt: at(promised), ShippedAt: at(shipped)}
	for _, e := range events {
		if !e.OccurredAt.After(end) {
			si.Events = append(si.Events, e)
		}
	}
	if !delivered.After(end) {
		si.DeliveredAt = at(delivered)
	}
	in.Shipments = []order.ShipmentInput{si}
}

var receivers = []string{"YBS (yang bersangkutan)", "YBS (yang bersangkutan)", "YBS (yang bersangkutan)",
	"Satpam", "Keluarga", "Tetangga", "Resepsionis kantor", "Orang tua"}

var carrierWeights = func() []float64 {
	w := make([]float64, len(carriers))
	for i, c := range carriers {
		w[i] = c.weight
	}
	return w
}()

// hubScans spreads one in-transit scan per hub between from and to.
func (g *generator) hubScans(from, to time.Time, hubs [][2]string,
	ev func(time.Time, order.ShipmentStatus, string, string) order.TrackingEventInput) []order.TrackingEventInput {
	span := to.Sub(from)
	if span < time.Duration(len(hubs))*time.Minute {
		span = time.Duration(len(hubs)) * time.Minute
	}
	step := span / time.Duration(len(hubs))
	out := make([]order.TrackingEventInput, len(hubs))
	for i, h := range hubs {
		t := from.Add(step*time.Duration(i) + time.Duration(g.r.Int64N(int64(step)/2+1)))
		out[i] = ev(t, order.ShipmentInTransit, h[0], h[1])
	}
	return out
}

// pickup is when the courier collects a parcel paid at paid: the same
// afternoon when paid before 13:00 on a working day, else the next working
// day. The warehouse closes on Sundays, around Lebaran and on New Year's
// Day, and needs an extra day after Harbolnas.
func (g *generator) pickup(paid time.Time) time.Time {
	day := midnight(paid)
	if paid.In(wib).Hour() >= 13 || !workday(day) {
		day = day.AddDate(0, 0, 1)
	}
	for !workday(day) {
		day = day.AddDate(0, 0, 1)
	}
	if harbolnasRush(paid) {
		day = day.AddDate(0, 0, 1)
		for !workday(day) {
			day = day.AddDate(0, 0, 1)
		}
	}
	return day.Add(time.Duration(between(g.r, 15*60, 18*60)) * time.Minute)
}

func workday(d time.Time) bool {
	d = d.In(wib)
	if d.Weekday() == time.Sunday || d.Month() == 1 && d.Day() == 1 {
		return false
	}
	if r, ok := ramadan[d.Year()]; ok {
		eid := r.eid.Time(wib)
		if !d.Before(eid.AddDate(0, 0, -2)) && d.Before(eid.AddDate(0, 0, 3)) {
			return false
		}
	}
	return true
}

// midnight is the start of t's day in WIB.
func midnight(t time.Time) time.Time {
	t = t.In(wib)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wib)
}

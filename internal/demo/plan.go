package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/shop"
)

// months is how much history the demo shop has.
const months = 18

// The order sources and how much of the shop's trade each brings.
var (
	sources       = []string{"shopify", "tokopedia", "shopee", "woocommerce", "api"}
	sourceWeights = []float64{50, 18, 20, 7, 5}
)

// plan is the whole demo shop, made in memory before anything is stored.
type plan struct {
	shop   *shop.Shop
	items  []item
	people []*person     // in the order they first reached the shop
	orders []order.Input // in the order they were placed, not yet normalised
	asOf   time.Time     // nothing happens after it
}

// generator draws the plan from one random source, in a fixed order, so
// that a seed and a day always give the same shop.
type generator struct {
	r     *rand.Rand
	cal   *calendar
	items []item
	// cats[c] lists the catalogue indexes in category c, weights[c] their
	// popularity.
	cats    map[string][]int
	weights map[string][]float64
	spares  map[int][]int // catalogue index to the spare parts that fit it
	sku     map[string]int
	taken   map[string]bool
	seq     map[string]int64
	serial  int
}

// newPlan draws the demo shop for opts, which must have its defaults.
func newPlan(opts Options) *plan {
	now := opts.Now.In(wib)
	end := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, wib)
	g := &generator{
		r:     rand.New(rand.NewPCG(uint64(opts.Seed), uint64(end.Unix()))),
		cal:   newCalendar(end, months),
		items: catalog(),
		cats:  map[string][]int{}, weights: map[string][]float64{}, spares: map[int][]int{},
		taken: map[string]bool{},
		seq: map[string]int64{"shopify": 1000, "shopify-id": 5_481_230_000_000, "woocommerce": 10_230,
			"api": 0},
	}
	g.sku = map[string]int{}
	for i, it := range g.items {
		g.cats[it.Category] = append(g.cats[it.Category], i)
		g.weights[it.Category] = append(g.weights[it.Category], it.weight)
		g.sku[it.SKU] = i
	}
	for i, it := range g.items {
		for _, s := range it.SparePartFor {
			g.spares[g.sku[s]] = append(g.spares[g.sku[s]], i)
		}
	}

	p := &plan{shop: newShop(g.cal.start.AddDate(0, -1, 0).Add(10 * time.Hour)), items: g.items, asOf: end}
	people := g.people(opts.Customers)
	g.spreadOrders(people, opts.Orders)

	// Each customer's orders fall between their first visit and today,
	// following the calendar; loyal customers started earlier.
	type slot struct {
		at     time.Time
		person int
	}
	slots := make([]slot, 0, opts.Orders)
	total := g.cal.total()
	for i, pp := range people {
		if pp.orders == 0 {
			pp.created = g.cal.sample(g.r, 0, total)
			continue
		}
		first := g.cal.sample(g.r, 0, total/(1+float64(pp.orders-1)/4))
		earliest := first
		slots = append(slots, slot{first, i})
		from := g.cal.weightBefore(first)
		for range pp.orders - 1 {
			t := g.cal.sample(g.r, from, total)
			earliest = minTime(earliest, t)
			slots = append(slots, slot{t, i})
		}
		pp.created = earliest.Add(-time.Duration(between(g.r, 3, 40)) * time.Minute)
	}
	slices.SortStableFunc(slots, func(a, b slot) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.person, b.person))
	})

	p.orders = make([]order.Input, len(slots))
	for i, s := range slots {
		p.orders[i] = g.order(people[s.person], s.at)
	}
	p.people = slices.Clone(people)
	slices.SortStableFunc(p.people, func(a, b *person) int { return a.created.Compare(b.created) })
	return p
}

// spreadOrders decides how many orders each customer places: most buy once
// to three times, regulars come back, and a loyal tail keeps buying. With
// fewer orders than customers, the rest signed up without buying.
func (g *generator) spreadOrders(people []*person, orders int) {
	if orders < len(people) {
		for i := range orders {
			people[i].orders = 1
		}
		return
	}
	segment := []float64{0.3, 1.5, 8} // occasional, regular, loyal
	w := make([]float64, len(people))
	cum := make([]float64, len(people))
	total := 0.0
	for i, p := range people {
		p.orders = 1
		w[i] = segment[pickWeighted(g.r, []float64{60, 30, 10})]
		total += w[i]
		cum[i] = total
	}
	for range orders - len(people) {
		i, _ := slices.BinarySearch(cum, g.r.Float64()*total)
		people[min(i, len(people)-1)].orders++
	}
}

// order makes the order p places at placed, as it stands at the end of the
// history.
func (g *generator) order(p *person, placed time.Time) order.Input {
	r := g.r
	source := p.source
	if chance(r, 0.2) {
		source = sources[pickWeighted(r, sourceWeights)]
	}
	ext, number := g.ref(source, placed)
	addr := p.address
	in := order.Input{
		Source: source, ExternalID: ext, Number: number, Customer: p.input(source), Currency: "IDR",
		ShippingAddress: &addr, PlacedAt: placed.UTC(),
	}
	bulky := false
	var subtotal int64
	in.Lines = g.lines(p, placed)
	for _, l := range in.Lines {
		subtotal += l.Quantity * l.UnitPrice
		bulky = bulky || g.items[g.sku[l.SKU]].bulky
	}

	// Shipping from Jakarta: further is dearer, and air conditioners and
	// washing machines go by cargo.
	fee := [4][2]int{{9, 15}, {12, 25}, {22, 45}, {30, 60}}[p.city.zone]
	in.Shipping = rp(int64(between(r, fee[0]*2, fee[1]*2)) * 500)
	if bulky {
		in.Shipping += rp(int64(between(r, 60, 150)) * 1000)
	}
	own := source == "shopify" || source == "woocommerce"
	if own && subtotal >= rp(500_000) && chance(r, 0.25) {
		in.Discount += in.Shipping // gratis ongkir voucher
	}
	voucher := 0.15
	if g.cal.seasonAt(placed) >= 1.5 {
		voucher = 0.45
	}
	if chance(r, voucher) {
		pct := int64(pick(r, []int{5, 10, 15}))
		off := min(subtotal*pct/100/rp(1000)*rp(1000), rp(250_000))
		in.Discount += off
	}
	g.lifecycle(&in, p, placed, bulky)
	return in
}

// ref returns a new order ID and number in the style of source.
func (g *generator) ref(source string, placed time.Time) (ext, number string) {
	r := g.r
	for {
		switch source {
		case "shopify":
			g.seq["shopify"]++
			g.seq["shopify-id"] += int64(between(r, 1_000, 60_000))
			ext, number = fmt.Sprint(g.seq["shopify-id"]), fmt.Sprintf("#%d", g.seq["shopify"])
		case "tokopedia":
			ext = fmt.Sprintf("INV/%s/MPL/%d", placed.In(wib).Format("20060102"), 3_000_000_000+r.Int64N(999_999_999))
			number = ext
		case "shopee":
			const alnum = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
			b := []byte(placed.In(wib).Format("060102"))
			for range 8 {
				b = append(b, alnum[r.IntN(len(alnum))])
			}
			ext, number = string(b), string(b)
		case "woocommerce":
			g.seq["woocommerce"] += int64(between(r, 1, 3)) // drafts and failed checkouts use numbers too
			ext, number = fmt.Sprint(g.seq["woocommerce"]), fmt.Sprintf("#%d", g.seq["woocommerce"])
		default: // api: orders taken on WhatsApp and keyed in by the shop's tools
			g.seq["api"]++
			ext = fmt.Sprintf("WA-%s-%04d", placed.In(wib).Format("0601"), g.seq["api"])
			number = ext
		}
		if key := source + "/" + ext; !g.taken[key] {
			g.taken[key] = true
			return ext, number
		}
	}
}

var categories = []string{Electronics, Appliances, Fashion, SpareParts}

// lines picks what p buys: mostly from their favourite category, often with
// a part or accessory for what is in the basket, and filters for the
// appliances they already own.
func (g *generator) lines(p *person, placed time.Time) []order.LineInput {
	r := g.r
	n := 1 + pickWeighted(r, []float64{62, 24, 10, 4})
	var picked []int
	if len(p.owned) > 0 && chance(r, 0.3) {
		if sp := g.spares[pick(r, p.owned)]; len(sp) > 0 {
			picked = append(picked, pick(r, sp))
		}
	}
	for try := 0; len(picked) < n && try < 12; try++ {
		var i int
		switch {
		case len(picked) == 0:
			cat := p.favourite
			if !chance(r, 0.65) {
				cat = categories[pickWeighted(r, []float64{30, 22, 40, 8})]
			}
			i = g.pickIn(cat)
		case chance(r, 0.45) && len(g.spares[picked[len(picked)-1]]) > 0:
			i = pick(r, g.spares[picked[len(picked)-1]])
		case chance(r, 0.6):
			i = g.pickIn(g.items[picked[len(picked)-1]].Category)
		default:
			i = g.pickIn(categories[pickWeighted(r, []float64{30, 22, 40, 8})])
		}
		if !slices.Contains(picked, i) {
			picked = append(picked, i)
		}
	}
	lines := make([]order.LineInput, len(picked))
	for k, i := range picked {
		it := g.items[i]
		q := int64(1)
		switch it.Category {
		case Fashion:
			q = int64(1 + pickWeighted(r, []float64{75, 20, 5}))
		case SpareParts:
			q = int64(1 + pickWeighted(r, []float64{70, 25, 5}))
		default:
			if chance(r, 0.05) {
				q = 2
			}
		}
		l := order.LineInput{SKU: it.SKU, Name: it.Name, Quantity: q, UnitPrice: it.Price}
		if it.Serialized {
			for range q {
				g.serial++
				l.SerialNumbers = append(l.SerialNumbers,
					fmt.Sprintf("SN-%s%s%06d", it.serial, placed.In(wib).Format("0601"), g.serial))
			}
		}
		if len(g.spares[i]) > 0 && !slices.Contains(p.owned, i) {
			p.owned = append(p.owned, i)
		}
		lines[k] = l
	}
	return lines
}

func (g *generator) pickIn(cat string) int {
	return g.cats[cat][pickWeighted(g.r, g.weights[cat])]
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

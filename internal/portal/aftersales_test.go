package portal_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/portal"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/upload"
)

// afterBundle is a Jakarta shop with a blender (serialised, registered by
// serial number for its 12-month warranty, a service every 180 days) and
// filters, behind the portal on a real HTTP server. Siti bought one blender
// (serial BL-1) and two filters, delivered on 1 Dec 2026 at 15:00; Budi
// bought the same. The clock stands at 3 Dec 2026, 10:00.
type afterBundle struct {
	store   *sqlstore.Store
	svc     *cases.Service
	shop    *shop.Shop
	siti    *order.Order
	budi    *order.Order
	srv     *httptest.Server
	portal  *portal.Server
	uploads string
	agent   cases.Actor
}

type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fixedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func wib(t testing.TB, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation(time.DateTime, s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

func setupAfter(t *testing.T, d *db.DB) *afterBundle {
	t.Helper()
	ctx := context.Background()
	s := testfix.MustStore(t, d)
	clock := &fixedClock{t: wib(t, "2026-11-28 09:00:00")}
	b := &afterBundle{store: s, agent: cases.Agent("api-key"), uploads: t.TempDir()}
	b.shop = testfix.Shop(t, s, &testfix.ShopOpts{Name: "Toko Cosmos", Timezone: "Asia/Jakarta", Currency: "IDR", Country: "ID"})
	b.svc = cases.NewService(sqlstore.Cases{Store: s}, clock)
	pol := policy.Default("ID")
	pol.Warranty.RequireRegistration = true
	pol.Maintenance.Locations = []policy.Location{{Name: "Bengkel Kemang", Address: "Jl. Kemang Raya 1",
		Slots: []policy.Slot{{Weekday: 1, Start: "09:00", End: "10:00", Capacity: 2}, {Weekday: 4, Start: "13:00", End: "14:00", Capacity: 2}}}}
	if _, err := b.svc.Policies().Put(ctx, b.shop.ID, pol); err != nil {
		t.Fatal(err)
	}
	prods := product.NewService(sqlstore.Products{Store: s}, clock)
	for _, in := range []product.Input{
		{SKU: "BLND-01", Name: "Blender Cosmos", Price: 45000000, WarrantyMonths: 12, Serialized: true, MaintenanceDays: 180},
		{SKU: "FLTR-02", Name: "Filter air", Price: 2500000},
	} {
		if _, _, err := prods.Save(ctx, b.shop.ID, "IDR", in); err != nil {
			t.Fatal(err)
		}
	}
	orders := order.NewService(sqlstore.Orders{Store: s}, clock)
	mustOrder := func(number, email, phone, serial string) *order.Order {
		in := testfix.OrderInput(number, wib(t, "2026-11-28 10:00:00"))
		in.Number = number
		in.Customer = &customer.Input{Email: email, Phone: phone, FirstName: "Siti"}
		in.Lines[0].SerialNumbers = []string{serial}
		delivered := wib(t, "2026-12-01 15:00:00")
		in.Shipments = []order.ShipmentInput{{TrackingNumber: "JNE-" + number, Status: order.ShipmentDelivered, DeliveredAt: &delivered}}
		res, err := orders.Ingest(ctx, b.shop, in)
		if err != nil {
			t.Fatal(err)
		}
		return res.Order
	}
	b.siti = mustOrder("INV-1001", "siti@example.co.id", "0812-3456-7890", "BL-1")
	b.budi = mustOrder("INV-1002", "budi@example.co.id", "0813-1111-2222", "BL-2")
	clock.mu.Lock()
	clock.t = wib(t, "2026-12-03 10:00:00")
	clock.mu.Unlock()

	srv := &portal.Server{
		Customers: customer.NewService(sqlstore.Customers{Store: s}, clock),
		Shops:     sqlstore.Shops{Store: s}, Orders: orders, Clock: clock, Secret: secret,
		Logger: slog.New(slog.DiscardHandler), Cases: b.svc, Uploads: upload.NewFS(b.uploads),
		// Tests pretend to come from several addresses.
		ClientIPFunc: func(r *http.Request) string { return r.Header.Get("X-Test-IP") },
	}
	b.portal = srv
	mux := http.NewServeMux()
	srv.Register(mux)
	// As in app.Handler: cross-origin protection stands in for CSRF tokens.
	b.srv = httptest.NewServer(http.NewCrossOriginProtection().Handler(mux))
	t.Cleanup(b.srv.Close)
	return b
}

// browser is a customer's phone: a cookie jar, English, one IP.
type browser struct {
	t      *testing.T
	b      *afterBundle
	client *http.Client
	ip     string
}

func (b *afterBundle) browser(t *testing.T, ip string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, b: b, client: &http.Client{Jar: jar}, ip: ip}
}

func (br *browser) do(req *http.Request) (*http.Response, string) {
	br.t.Helper()
	req.Header.Set("Accept-Language", "en")
	req.Header.Set("X-Test-IP", br.ip)
	res, err := br.client.Do(req)
	if err != nil {
		br.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (br *browser) get(path string) (*http.Response, string) {
	br.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, br.b.srv.URL+path, nil)
	return br.do(req)
}

func (br *browser) post(path string, form url.Values) (*http.Response, string) {
	br.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, br.b.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return br.do(req)
}

// postMultipart sends fields and files (field name → testdata file) as a
// browser would.
func (br *browser) postMultipart(path string, fields url.Values, files ...string) (*http.Response, string) {
	br.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		p := f
		if !filepath.IsAbs(p) {
			p = filepath.Join("..", "upload", "testdata", f)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			br.t.Fatal(err)
		}
		w, _ := mw.CreateFormFile("photos", filepath.Base(f))
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, br.b.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return br.do(req)
}

// open signs the browser in through o's link and returns the order page.
func (br *browser) open(o *order.Order) string {
	br.t.Helper()
	res, body := br.get("/p/" + portal.OrderToken(secret, o.ShopID, *o.CustomerID, o.ID))
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/p/orders/"+o.ID {
		br.t.Fatalf("open link: %d at %s\n%s", res.StatusCode, res.Request.URL.Path, body)
	}
	return body
}

func (b *afterBundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	err := b.store.DB().Read().QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table+" WHERE shop_id = $1", b.shop.ID).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (b *afterBundle) storedFiles(t *testing.T) int {
	t.Helper()
	n := 0
	_ = filepath.Walk(b.uploads, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasSuffix(p, ".json") {
			n++
		}
		return nil
	})
	return n
}

func returnForm(b *afterBundle, o *order.Order, qty string) url.Values {
	return url.Values{"qty-" + o.Lines[1].ID: {qty}, "reason": {"damaged"}, "wanted": {"refund"}, "note": {"Retak <b>di</b> tutup"}}
}

var caseURL = regexp.MustCompile(`^/p/cases/([0-9A-Z]+)$`)

func TestOrderPage(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	br := b.browser(t, "10.0.0.1")
	body := br.open(b.siti)
	mustContain(t, body, "Order INV-1001", "Toko Cosmos", "Blender Cosmos", "Filter air",
		"Returnable until 8 Dec", // 7 days from delivery on 1 Dec, in Jakarta
		"Register the serial number to activate the warranty (until 1 Dec 2027)",
		"Next service due", "No warranty", `action="/p/orders/`+b.siti.ID+`/lines/`+b.siti.Lines[0].ID+`/register"`,
		"No requests yet.")
	res, _ := br.get("/p/orders/" + b.siti.ID)
	var cookie *http.Cookie
	u, _ := url.Parse(b.srv.URL + "/p")
	for _, c := range br.client.Jar.Cookies(u) {
		cookie = c
	}
	if cookie == nil || res.StatusCode != http.StatusOK {
		t.Fatalf("no session cookie (%d)", res.StatusCode)
	}

	// Languages follow the browser when the customer chose none.
	req, _ := http.NewRequest(http.MethodGet, b.srv.URL+"/p/orders/"+b.siti.ID, nil)
	req.Header.Set("Accept-Language", "ro")
	req.AddCookie(cookie)
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ro, _ := io.ReadAll(res2.Body)
	res2.Body.Close()
	mustContain(t, string(ro), "Se poate returna până la 8 dec.", `lang="ro"`)
}

func TestAccess(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupAfter(t, d)
		ctx := context.Background()
		// Budi has a return with a photo.
		budi := b.browser(t, "10.0.0.2")
		budi.open(b.budi)
		res, _ := budi.postMultipart("/p/orders/"+b.budi.ID+"/return", returnForm(b, b.budi, "1"), "tiny.png")
		m := caseURL.FindStringSubmatch(res.Request.URL.Path)
		if m == nil {
			t.Fatalf("budi's return: %s", res.Request.URL)
		}
		budiCase, err := b.svc.FindByID(ctx, b.shop.ID, b.agent, m[1])
		if err != nil || len(budiCase.Notes) != 1 || len(budiCase.Notes[0].Attachments) != 1 {
			t.Fatalf("budi's case: %v %+v", err, budiCase)
		}
		photo := "/p/cases/" + budiCase.ID + "/files/" + budiCase.Notes[0].Attachments[0]
		if res, _ := budi.get(photo); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("budi's photo: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}

		// A shop B customer, whose IDs are real but of another shop.
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		in := testfix.OrderInput("X-1", wib(t, "2026-11-28 10:00:00"))
		res2, err := order.NewService(sqlstore.Orders{Store: b.store}, purna.ClockFunc(func() time.Time { return wib(t, "2026-11-29 10:00:00") })).Ingest(ctx, other, in)
		if err != nil {
			t.Fatal(err)
		}
		shopB := res2.Order

		siti := b.browser(t, "10.0.0.3")
		siti.open(b.siti)
		for _, tc := range []struct{ name, method, path string }{
			{"another customer's order", "GET", "/p/orders/" + b.budi.ID},
			{"another customer's return form", "GET", "/p/orders/" + b.budi.ID + "/return"},
			{"another customer's return post", "POST", "/p/orders/" + b.budi.ID + "/return"},
			{"another customer's registration", "POST", "/p/orders/" + b.budi.ID + "/lines/" + b.budi.Lines[0].ID + "/register"},
			{"another customer's booking", "GET", "/p/orders/" + b.budi.ID + "/lines/" + b.budi.Lines[0].ID + "/service"},
			{"another customer's case", "GET", "/p/cases/" + budiCase.ID},
			{"another customer's quote", "POST", "/p/cases/" + budiCase.ID + "/quote"},
			{"another customer's photo", "GET", photo},
			{"another shop's order", "GET", "/p/orders/" + shopB.ID},
			{"no such order", "GET", "/p/orders/" + purna.NewID(time.Now())},
			{"not an ID", "GET", "/p/orders/..%2F..%2Fetc"},
			{"a forged link", "GET", "/p/" + strings.Replace(portal.OrderToken(secret, b.shop.ID, *b.siti.CustomerID, b.siti.ID), ".", "x.", 1)},
			{"a link of another shop's secret", "GET", "/p/" + portal.OrderToken([]byte("other secret"), b.shop.ID, *b.budi.CustomerID, b.budi.ID)},
			{"a link naming the wrong customer", "GET", "/p/" + portal.OrderToken(secret, b.shop.ID, *b.siti.CustomerID, b.budi.ID)},
		} {
			var res *http.Response
			var body string
			if tc.method == "POST" {
				res, body = siti.post(tc.path, url.Values{"serial": {"BL-2"}, "decision": {"accept"}})
			} else {
				res, body = siti.get(tc.path)
			}
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", tc.name, res.StatusCode)
			}
			mustNotContain(t, body, "INV-1002", "Retak")
		}
		// Nothing of Budi's changed.
		after, _ := b.svc.FindByID(ctx, b.shop.ID, b.agent, budiCase.ID)
		if after.Status != cases.Requested || b.count(t, "warranty_registrations") != 0 {
			t.Errorf("budi's case moved: %s", after.Status)
		}

		// Without a session every page says how to get back in.
		anon := b.browser(t, "10.0.0.4")
		for _, p := range []string{"/p/orders/" + b.siti.ID, "/p/cases/" + budiCase.ID, photo} {
			if res, body := anon.get(p); res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Find my order") {
				t.Errorf("%s without session: %d", p, res.StatusCode)
			}
		}
	})
}

func TestLookup(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	lookup := func(br *browser, number, contact string) (*http.Response, string) {
		return br.post("/p", url.Values{"shop": {b.shop.ID}, "number": {number}, "contact": {contact}})
	}
	t.Run("form", func(t *testing.T) {
		t.Parallel()
		// The only shop needs no ?shop=.
		res, body := b.browser(t, "10.1.0.1").get("/p")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		mustContain(t, body, "Find your order", `name="shop" value="`+b.shop.ID+`"`, `action="/p"`)
	})
	for _, tc := range []struct{ name, number, contact string }{
		{"email", "INV-1001", "Siti@Example.co.id"},
		{"phone written the national way", "inv-1001", "0812 3456 7890"},
		{"phone in E.164", "#INV-1001", "+6281234567890"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			br := b.browser(t, "10.1.1."+tc.name[:1])
			res, body := lookup(br, tc.number, tc.contact)
			if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/p/orders/"+b.siti.ID {
				t.Fatalf("%d at %s", res.StatusCode, res.Request.URL.Path)
			}
			mustContain(t, body, "Order INV-1001")
		})
	}
	t.Run("failures say the same and are limited", func(t *testing.T) {
		t.Parallel()
		br := b.browser(t, "10.1.2.1")
		_, wrong := lookup(br, "INV-1001", "budi@example.co.id")
		_, none := lookup(br, "INV-9999", "siti@example.co.id")
		for _, body := range []string{wrong, none} {
			mustContain(t, body, "We could not find an order with this number and email or phone.")
			mustNotContain(t, body, "Blender")
		}
		for range 3 {
			if res, _ := lookup(br, "INV-77", "x@example.com"); res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
		}
		// Five failures from this address: even the right answer waits.
		res, body := lookup(br, "INV-1001", "siti@example.co.id")
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("sixth try: %d", res.StatusCode)
		}
		mustContain(t, body, "Too many tries")
	})
	t.Run("per order number", func(t *testing.T) {
		t.Parallel()
		// Five addresses guess the contact of one order.
		for i := range 5 {
			lookup(b.browser(t, "10.2.0."+string(rune('a'+i))), "INV-1002", "guess@example.com")
		}
		res, _ := lookup(b.browser(t, "10.2.1.1"), "INV-1002", "budi@example.co.id")
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
	t.Run("empty fields", func(t *testing.T) {
		t.Parallel()
		res, body := lookup(b.browser(t, "10.1.3.1"), "", "")
		if res.StatusCode != http.StatusUnprocessableEntity || strings.Count(body, "Please fill this in.") != 2 {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

func TestReturnRequest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupAfter(t, d)
		br := b.browser(t, "10.3.0.1")
		br.open(b.siti)
		res, body := br.get("/p/orders/" + b.siti.ID + "/return")
		mustContain(t, body, "Return or exchange", `enctype="multipart/form-data"`, `name="qty-`+b.siti.Lines[1].ID+`"`,
			`max="2"`, "Arrived damaged", "Refund", "Up to 8 photos")

		res, body = br.postMultipart("/p/orders/"+b.siti.ID+"/return", returnForm(b, b.siti, "1"), "tiny.png", "tiny.jpg")
		m := caseURL.FindStringSubmatch(res.Request.URL.Path)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("%d at %s\n%s", res.StatusCode, res.Request.URL, body)
		}
		mustContain(t, body, "We received your request R-1001", "Received, awaiting review", "Filter air", "Arrived damaged",
			"You asked for: Refund", "Retak &lt;b&gt;di&lt;/b&gt; tutup")
		mustNotContain(t, body, "<b>di</b>")
		imgs := regexp.MustCompile(`<img src="(/p/cases/[^"]+)"`).FindAllStringSubmatch(body, -1)
		if len(imgs) != 2 {
			t.Fatalf("photos shown: %v", imgs)
		}
		res, photo := br.get(imgs[0][1])
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(photo, "\x89PNG") ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("photo: %d %v", res.StatusCode, res.Header)
		}
		// The order page lists it, and one filter is left to return.
		_, body = br.get("/p/orders/" + b.siti.ID)
		mustContain(t, body, "Return R-1001", "Received, awaiting review", `href="/p/cases/`+m[1]+`"`)
		_, body = br.get("/p/orders/" + b.siti.ID + "/return")
		mustContain(t, body, `max="1"`)

		// A photo of another case is not served under this one.
		if res, _ := br.get("/p/cases/" + m[1] + "/files/" + purna.NewID(time.Now())); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown photo: %d", res.StatusCode)
		}
	})
}

func TestReturnErrors(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	br := b.browser(t, "10.4.0.1")
	br.open(b.siti)
	path := "/p/orders/" + b.siti.ID + "/return"
	for _, tc := range []struct {
		name  string
		form  url.Values
		files []string
		want  []string
	}{
		{"quantity over what was bought", returnForm(b, b.siti, "3"), []string{"tiny.png"}, []string{"You can return at most 2."}},
		{"no line", url.Values{"reason": {"damaged"}, "wanted": {"refund"}}, nil, []string{"Choose at least one item and how many."}},
		{"no reason", url.Values{"qty-" + b.siti.Lines[1].ID: {"1"}, "wanted": {"refund"}}, nil, []string{"Choose a reason."}},
		{"a resolution not offered", url.Values{"qty-" + b.siti.Lines[1].ID: {"1"}, "reason": {"damaged"}, "wanted": {"store_credit"}}, nil,
			[]string{"Choose one of the options offered."}},
		{"a file that is not a photo", returnForm(b, b.siti, "1"), []string{"tiny.png", "archive.zip"},
			[]string{"File 2: not a photo we can read (JPEG, PNG, WebP or HEIC)", "choose other files"}},
		{"a PDF where photos go", returnForm(b, b.siti, "1"), []string{"tiny.pdf"}, []string{"File 1: not a photo we can read"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := br.postMultipart(path, tc.form, tc.files...)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", res.StatusCode, body)
			}
			mustContain(t, body, tc.want...)
			if n := b.count(t, "cases"); n != 0 {
				t.Errorf("%d cases stored", n)
			}
			if n := b.storedFiles(t); n != 0 {
				t.Errorf("%d files stored", n)
			}
		})
	}
}

func TestReturnFileTooLarge(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	b.portal.UploadLimits = upload.Limits{MaxBytes: 1 << 20}
	big := filepath.Join(t.TempDir(), "big.png")
	png, err := os.ReadFile(filepath.Join("..", "upload", "testdata", "tiny.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, append(png, make([]byte, 1<<20)...), 0o600); err != nil {
		t.Fatal(err)
	}
	br := b.browser(t, "10.4.1.1")
	br.open(b.siti)
	res, body := br.postMultipart("/p/orders/"+b.siti.ID+"/return", returnForm(b, b.siti, "1"), "tiny.jpg", big)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	mustContain(t, body, "File 2: larger than 1 MB")
	if n := b.count(t, "cases"); n != 0 {
		t.Errorf("%d cases stored", n)
	}
}

func TestDoubleSubmit(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	br := b.browser(t, "10.5.0.1")
	br.open(b.siti)
	path := "/p/orders/" + b.siti.ID + "/return"
	first, _ := br.postMultipart(path, returnForm(b, b.siti, "2"), "tiny.png")
	second, body := br.postMultipart(path, returnForm(b, b.siti, "2"), "tiny.png")
	if first.Request.URL.Path != second.Request.URL.Path || second.StatusCode != http.StatusOK {
		t.Fatalf("second submit: %d at %s, first at %s", second.StatusCode, second.Request.URL.Path, first.Request.URL.Path)
	}
	mustContain(t, body, "R-1001")
	if n := b.count(t, "cases"); n != 1 {
		t.Errorf("%d cases", n)
	}
	if n := b.storedFiles(t); n != 1 {
		t.Errorf("%d files kept", n)
	}
}

func TestRegisterSerial(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupAfter(t, d)
		br := b.browser(t, "10.6.0.1")
		br.open(b.siti)
		path := "/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/register"
		res, body := br.post(path, url.Values{"serial": {"BL-2"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong serial: %d", res.StatusCode)
		}
		mustContain(t, body, "This serial number does not match the item you bought.", `value="BL-2"`)
		res, body = br.post(path, url.Values{"serial": {" BL-1 "}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("register: %d", res.StatusCode)
		}
		mustContain(t, body, "Thank you: your product is registered.", "In warranty until 1 Dec 2027")
		mustNotContain(t, body, "Register the serial number")
		res, body = br.post(path, url.Values{"serial": {"BL-1"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("again: %d", res.StatusCode)
		}
		mustContain(t, body, "This serial number is registered already.")
	})
}

func TestBookService(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	br := b.browser(t, "10.7.0.1")
	br.open(b.siti)
	path := "/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/service"
	_, body := br.get(path)
	// Thursday 3 Dec at 10:00: that day's 13:00 slot is still ahead; the
	// next 14 days hold two Mondays and two Thursdays.
	mustContain(t, body, "Bengkel Kemang", "Thursday 3 Dec", "Monday 7 Dec", "Thursday 10 Dec", "Monday 14 Dec", "13:00", "09:00")
	mustNotContain(t, body, "Thursday 17 Dec")
	slot := regexp.MustCompile(`name="slot" value="([^"]+)"`).FindStringSubmatch(body)
	if slot == nil {
		t.Fatal("no slot offered")
	}
	res, body := br.post(path, url.Values{"slot": {"0|2026-12-02T02:00:00Z"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("past slot: %d", res.StatusCode)
	}
	mustContain(t, body, "Choose one of the times offered.")
	res, body = br.post(path, url.Values{"slot": {slot[1]}})
	if res.StatusCode != http.StatusOK || caseURL.FindStringSubmatch(res.Request.URL.Path) == nil {
		t.Fatalf("book: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	mustContain(t, body, "Service visit", "Booked", "3 Dec 2026, 13:00 at Bengkel Kemang")
	_, body = br.get("/p/orders/" + b.siti.ID)
	mustContain(t, body, "Service booked", "See your booking")
}

func TestQuote(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupAfter(t, d)
		ctx := context.Background()
		// The filter has no warranty: its repair is quoted.
		c, err := b.svc.Open(ctx, b.shop.ID, b.agent, cases.OpenInput{Kind: cases.Repair, OrderID: &b.siti.ID,
			Lines: []cases.LineInput{{OrderLineID: b.siti.Lines[1].ID, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			act cases.Action
			in  cases.ActInput
		}{
			{cases.Receive, cases.ActInput{}},
			{cases.Diagnose, cases.ActInput{Repair: &cases.RepairInput{Diagnosis: "Cracked housing"}}},
			{cases.Quote, cases.ActInput{Repair: &cases.RepairInput{Parts: []cases.Part{{Name: "Housing", Quantity: 1, UnitPrice: 900000}},
				LabourMinutes: 15, LabourRate: 6000000}}},
		} {
			if _, err := b.svc.Act(ctx, b.shop.ID, c.ID, b.agent, a.act, a.in); err != nil {
				t.Fatalf("%s: %v", a.act, err)
			}
		}
		br := b.browser(t, "10.8.0.1")
		br.open(b.siti)
		_, body := br.get("/p/cases/" + c.ID)
		mustContain(t, body, "Repair quote", "Housing × 1", "Rp 9,000", "Rp 15,000", "Rp 24,000", "Quote ready: your decision is needed",
			`name="decision" value="accept"`)
		res, body := br.post("/p/cases/"+c.ID+"/quote", url.Values{"decision": {"accept"}})
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/p/cases/"+c.ID {
			t.Fatalf("accept: %d at %s", res.StatusCode, res.Request.URL.Path)
		}
		mustContain(t, body, "Quote accepted")
		mustNotContain(t, body, `name="decision"`)
		// A second click changes nothing and shows the case.
		res, _ = br.post("/p/cases/"+c.ID+"/quote", url.Values{"decision": {"decline"}})
		after, _ := b.svc.FindByID(ctx, b.shop.ID, b.agent, c.ID)
		if res.StatusCode != http.StatusOK || after.Status != cases.QuoteAccepted {
			t.Fatalf("second click: %d, status %s", res.StatusCode, after.Status)
		}
	})
}

func TestCrossOriginPost(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	br := b.browser(t, "10.9.0.1")
	br.open(b.siti)
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/p/orders/"+b.siti.ID+"/lines/"+b.siti.Lines[0].ID+"/register",
		strings.NewReader("serial=BL-1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res, _ := br.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %d", res.StatusCode)
	}
	if n := b.count(t, "warranty_registrations"); n != 0 {
		t.Errorf("%d registrations", n)
	}
}

// TestRejectionReason: the customer reads the reason the shop wrote for
// them, never the agent's internal note.
func TestRejectionReason(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	br := b.browser(t, "10.9.0.1")
	br.open(b.siti)
	res, body := br.postMultipart("/p/orders/"+b.siti.ID+"/return", returnForm(b, b.siti, "1"))
	m := caseURL.FindStringSubmatch(res.Request.URL.Path)
	if m == nil {
		t.Fatalf("%d at %s\n%s", res.StatusCode, res.Request.URL, body)
	}
	if _, err := b.svc.Act(context.Background(), b.shop.ID, m[1], b.agent, cases.Reject,
		cases.ActInput{CustomerReason: "The seal is broken, so we cannot take it back.", Note: "internal: 3rd return this month"}); err != nil {
		t.Fatal(err)
	}
	_, body = br.get("/p/cases/" + m[1])
	mustContain(t, body, "The seal is broken, so we cannot take it back.")
	mustNotContain(t, body, "3rd return this month")
}

// TestSpareParts: once an item's warranty has ended, its order page
// offers the spare parts that fit it, by name and price; before, none.
func TestSpareParts(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	clock := b.portal.Clock.(*fixedClock)
	if _, _, err := product.NewService(sqlstore.Products{Store: b.store}, clock).Save(context.Background(), b.shop.ID, "IDR",
		product.Input{SKU: "PISAU-01", Name: "Pisau blender", Price: 15000000, SparePartFor: []string{"BLND-01"}}); err != nil {
		t.Fatal(err)
	}
	br := b.browser(t, "10.9.0.2")
	br.open(b.siti)
	_, body := br.get("/p/orders/" + b.siti.ID)
	mustNotContain(t, body, "Pisau blender")
	clock.mu.Lock()
	clock.t = wib(t, "2028-01-10 10:00:00")
	clock.mu.Unlock()
	br.open(b.siti) // the session cookie has expired by then
	_, body = br.get("/p/orders/" + b.siti.ID)
	mustContain(t, body, "Spare parts that fit it", "Pisau blender · Rp")
}

// TestFullSlotsNotOffered: a slot whose bookings fill its capacity is not
// offered to the next customer.
func TestFullSlotsNotOffered(t *testing.T) {
	t.Parallel()
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	ctx := context.Background()
	pol, err := b.svc.Policies().Get(ctx, b.shop.ID)
	if err != nil {
		t.Fatal(err)
	}
	pol.Maintenance.Locations[0].Slots[1].Capacity = 1 // Thursdays 13:00
	if _, err := b.svc.Policies().Put(ctx, b.shop.ID, *pol); err != nil {
		t.Fatal(err)
	}
	at := wib(t, "2026-12-03 13:00:00")
	if _, err := b.svc.Open(ctx, b.shop.ID, b.agent, cases.OpenInput{Kind: cases.Maintenance, OrderID: &b.budi.ID,
		Lines:   []cases.LineInput{{OrderLineID: b.budi.Lines[0].ID, Quantity: 1}},
		Booking: &cases.Booking{Location: "Bengkel Kemang", StartsAt: at}}); err != nil {
		t.Fatal(err)
	}
	br := b.browser(t, "10.7.0.9")
	br.open(b.siti)
	_, body := br.get("/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/service")
	mustContain(t, body, "Monday 7 Dec", "Thursday 10 Dec")
	mustNotContain(t, body, "Thursday 3 Dec", at.UTC().Format(time.RFC3339))
}

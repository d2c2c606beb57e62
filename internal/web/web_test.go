package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/testfix"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)

	t.Run("WrongPasswordShowsErrorAndKeepsEmail", func(t *testing.T) {
		t.Parallel()
		c := b.client(t)
		resp, err := c.PostForm(b.srv.URL+"/login", url.Values{"email": {b.email}, "password": {"salah"}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body := readAll(t, resp)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("status = %d, want 401", resp.StatusCode)
		}
		contains(t, body, "Email atau kata sandi salah.", `value="`+b.email+`"`, `role="alert"`)
		for _, ck := range resp.Cookies() {
			if ck.Name == "purna_session" {
				t.Errorf("failed login set a session cookie")
			}
		}
	})

	t.Run("SuccessRedirectsToDashboard", func(t *testing.T) {
		t.Parallel()
		c := b.client(t)
		resp, err := c.PostForm(b.srv.URL+"/login", url.Values{"email": {b.email}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Fatalf("status %d location %q, want 303 /", resp.StatusCode, resp.Header.Get("Location"))
		}
		var sess *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "purna_session" {
				sess = ck
			}
		}
		if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" || sess.Secure {
			t.Fatalf("session cookie = %+v", sess)
		}
		body := b.mustGet(t, c, "/", "Accept-Language", "en")
		contains(t, body, "Hello, Dewi Lestari", "Toko Test")
		// Signed in, the sign-in page sends you on.
		if status, _, h := b.get(t, c, "/login"); status != http.StatusSeeOther || h.Get("Location") != "/" {
			t.Errorf("GET /login signed in: %d %q", status, h.Get("Location"))
		}
	})

	t.Run("NextIsLocalOnly", func(t *testing.T) {
		t.Parallel()
		for next, want := range map[string]string{"/orders?status=paid": "/orders?status=paid", "//evil.example": "/",
			"https://evil.example/": "/", "/\\evil.example": "/"} {
			c := b.client(t)
			resp := b.post(t, c, "/login", url.Values{"email": {b.email}, "password": {password}, "next": {next}})
			if got := resp.Header.Get("Location"); got != want {
				t.Errorf("next=%q: location %q, want %q", next, got, want)
			}
		}
	})

	t.Run("LogoutEndsSession", func(t *testing.T) {
		t.Parallel()
		c := b.login(t, "")
		resp := b.post(t, c, "/logout", nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Fatalf("logout: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if status, _, h := b.get(t, c, "/orders"); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Errorf("after logout: %d %q", status, h.Get("Location"))
		}
	})
}

func TestSignedOutRedirectsToLogin(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.client(t)
	for path, want := range map[string]string{
		"/":                                  "/login",
		"/orders?q=1001":                     "/login?next=%2Forders%3Fq%3D1001",
		"/orders/01JAAAAAAAAAAAAAAAAAAAAAAA": "/login?next=%2Forders%2F01JAAAAAAAAAAAAAAAAAAAAAAA",
		"/customers":                         "/login?next=%2Fcustomers",
	} {
		status, _, h := b.get(t, c, path)
		if status != http.StatusSeeOther || h.Get("Location") != want {
			t.Errorf("GET %s: %d %q, want 303 %q", path, status, h.Get("Location"), want)
		}
	}
	// The sign-in page itself is open, in the browser's language.
	body := b.mustGet(t, c, "/login", "Accept-Language", "ro-RO,ro;q=0.9")
	contains(t, body, `<html lang="ro">`, "Intră în magazinul tău", `name="email"`, `autocomplete="current-password"`)
}

func TestCrossSiteLogoutIsRejected(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "")
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST /logout: status %d, want 403", resp.StatusCode)
	}
	// The session survived.
	b.mustGet(t, c, "/")
}

func TestOrderList(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, _, _ := b.seed(t)
	c := b.login(t, "id")

	body := b.mustGet(t, c, "/orders")
	contains(t, body, "1001", "1002", "TKP-3003", "Rp 515.000", "3 pesanan", "Siti Rahayu", "Budi Santoso",
		"Tokopedia", `href="/orders/`+late.ID+`"`, "Dikirim", "Diterima", "Menunggu pembayaran",
		"30 Okt 2026 10.04") // placed 72 hours before now, in Jakarta time

	t.Run("Search", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/orders?q=budi")
		contains(t, body, "1002", "1 pesanan", `value="budi"`)
		lacks(t, body, ">1001<", "TKP-3003")
	})
	t.Run("StatusAndSource", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/orders?status=pending&source=tokopedia")
		contains(t, body, "TKP-3003", `<option value="pending" selected>`)
		lacks(t, body, ">1001<", ">1002<")
	})
	t.Run("DateRange", func(t *testing.T) {
		t.Parallel()
		// 1002 was placed on 23 Oct (Jakarta); the range 20–25 Oct holds only it.
		body := b.mustGet(t, c, "/orders?from=2026-10-20&to=2026-10-25")
		contains(t, body, ">1002<")
		lacks(t, body, ">1001<", "TKP-3003")
	})
	t.Run("NoMatch", func(t *testing.T) {
		t.Parallel()
		body := b.mustGet(t, c, "/orders?q=tidak-ada")
		contains(t, body, "Tidak ada pesanan yang cocok", "Hapus filter")
	})
	t.Run("BadCursorIsIgnored", func(t *testing.T) {
		t.Parallel()
		b.mustGet(t, c, "/orders?cursor=%3Cscript%3E")
	})
	t.Run("English", func(t *testing.T) {
		t.Parallel()
		c := b.login(t, "en")
		body := b.mustGet(t, c, "/orders")
		contains(t, body, "3 orders", "Rp 515,000", "30 Oct 2026, 10:04", "Pending")
	})
}

func TestOrderListPages(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	for i := range 53 {
		b.ingest(t, testfix.OrderInput(pageNumber(i), b.now.Add(-time.Duration(i+1)*time.Hour)))
	}
	c := b.login(t, "en")
	body := b.mustGet(t, c, "/orders")
	contains(t, body, "1–50 of 53", "P-000", "P-049")
	lacks(t, body, "P-050", `rel="prev"`)
	next := attr(t, body, `rel="next"`)
	body = b.mustGet(t, c, next)
	contains(t, body, "51–53 of 53", "P-050", "P-052")
	lacks(t, body, "P-049", `rel="next"`)
	newer := attr(t, body, `rel="prev"`)
	body = b.mustGet(t, c, newer)
	contains(t, body, "1–50 of 53", "P-000")
}

func pageNumber(i int) string { return "P-0" + string(rune('0'+i/10)) + string(rune('0'+i%10)) }

var (
	linkTag = regexp.MustCompile(`<a\b[^>]*>`)
	hrefOf  = regexp.MustCompile(`href="([^"]+)"`)
)

// attr returns the href of the first link whose tag contains marker.
func attr(t *testing.T, body, marker string) string {
	t.Helper()
	for _, tag := range linkTag.FindAllString(body, -1) {
		if m := hrefOf.FindStringSubmatch(tag); m != nil && strings.Contains(tag, marker) {
			return strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	t.Fatalf("no link with %s", marker)
	return ""
}

func TestOrderShow(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, delivered, _ := b.seed(t)
	c := b.login(t, "id")

	body := b.mustGet(t, c, "/orders/"+late.ID)
	contains(t, body,
		"Pesanan 1001", "Blender Cosmos", "BLND-01", "Filter air", "SN-BL-000123", "Rp 450.000", "Rp 515.000",
		"Jl. Braga No. 12", "Bandung, Jawa Barat, 40111", `href="/customers/`+*late.CustomerID+`"`, "Siti Rahayu",
		"JNE", `href="https://jne.co.id/track?awb=JNE123456"`, "JNE123456", "Terlambat", "Sedang diantar", "Jakarta Hub",
		"Dijanjikan tiba", "1 Nov 2026", "Pesanan dibuat", "Pesanan dibayar", "Dikirim lewat JNE",
	)
	body = b.mustGet(t, c, "/orders/"+delivered.ID)
	contains(t, body, "SiCepat", "Diterima", "Surabaya", "Paket diterima")
	lacks(t, body, "badge-late")
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	other := setup(t, &testfix.ShopOpts{Name: "Magazin Test", Currency: "RON", Timezone: "Europe/Bucharest", Country: "RO", Locale: "ro"})
	theirs, _, _ := other.seed(t)
	c := b.login(t, "en")
	for _, path := range []string{
		"/orders/" + theirs.ID,             // another shop's order
		"/customers/" + *theirs.CustomerID, // another shop's customer
		"/orders/01JAAAAAAAAAAAAAAAAAAAAAAA",
		"/orders/not-an-id",
		"/orders?customer=" + *theirs.CustomerID,
	} {
		status, body, _ := b.get(t, c, path)
		if status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, status)
			continue
		}
		contains(t, body, "Page not found", "Back to the dashboard")
		lacks(t, body, "Siti", "Blender")
	}
}

func TestCustomerShowTranslatesTimeline(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	late, _, _ := b.seed(t)
	path := "/customers/" + *late.CustomerID

	tests := []struct {
		name   string
		lang   string
		header []string
		want   []string
	}{
		{"id", "id", nil, []string{"Pesanan dibuat", "Pesanan dibayar", "Dikirim lewat JNE", "Paket sedang diantar",
			"Pelanggan dibuat", "Linimasa", "Izin pemasaran", "siti@example.co.id", "6281234567890", "Rp 515.000"}},
		{"en", "en", nil, []string{"Order placed", "Order paid", "Shipped with JNE", "Out for delivery",
			"Customer created", "Timeline", "Total spent"}},
		{"ro by browser", "", []string{"Accept-Language", "ro-RO,ro;q=0.9,en;q=0.5"}, []string{"Comandă plasată",
			"Expediată prin JNE", "Cronologie", "Total cheltuit"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := b.login(t, tc.lang)
			body := b.mustGet(t, c, path, tc.header...)
			contains(t, body, tc.want...)
			contains(t, body, "Siti Rahayu", `href="/orders/`+late.ID+`"`)
		})
	}

	t.Run("SwitcherSetsCookie", func(t *testing.T) {
		t.Parallel()
		c := b.login(t, "id")
		status, _, h := b.get(t, c, path+"?lang=en")
		if status != http.StatusSeeOther || h.Get("Location") != path {
			t.Fatalf("switch: %d %q", status, h.Get("Location"))
		}
		contains(t, b.mustGet(t, c, path, "Accept-Language", "id"), "Order placed", `<html lang="en">`)
		b.get(t, c, path+"?lang=ro")
		contains(t, b.mustGet(t, c, path), "Comandă plasată")
	})
}

func TestCustomerTimelinePages(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	var first *order.Order
	for i := range 12 {
		in := testfix.OrderInput(pageNumber(i), b.now.Add(-time.Duration(24*(12-i))*time.Hour))
		paid := in.PlacedAt.Add(time.Hour)
		in.PaidAt = &paid
		o := b.ingest(t, in)
		if first == nil {
			first = o
		}
	}
	c := b.login(t, "en")
	path := "/customers/" + *first.CustomerID
	body := b.mustGet(t, c, path)
	contains(t, body, "P-011", "Load more", `data-append="timeline-list"`)
	lacks(t, body, "P-000") // the oldest order's events are on the second page
	more := attr(t, body, `id="timeline-more"`)
	body = b.mustGet(t, c, strings.TrimSuffix(more, "#timeline"))
	contains(t, body, "P-000", "Back to the newest")
	lacks(t, body, `id="timeline-more"`)
}

func TestCustomerList(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.seed(t)
	c := b.login(t, "id")
	body := b.mustGet(t, c, "/customers")
	contains(t, body, "3 pelanggan", "Siti Rahayu", "Budi Santoso", "budi@example.co.id", "Rina", "6281311112222", "Rp 515.000")
	body = b.mustGet(t, c, "/customers?q=budi")
	contains(t, body, "Budi Santoso", "1 pelanggan")
	lacks(t, body, "Siti Rahayu")
	contains(t, b.mustGet(t, c, "/customers?q=zzz"), "Tidak ada pelanggan yang cocok")
}

func TestUserTextIsEscaped(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	in := testfix.OrderInput("<script>alert(1)</script>", b.now.Add(-time.Hour))
	in.Customer = &customer.Input{Email: "x@example.com", FirstName: "<script>alert('nama')</script>", LastName: `"><img src=x onerror=alert(2)>`}
	in.Lines[0].Name = "<b>Blender</b><script>alert(3)</script>"
	in.Shipments = []order.ShipmentInput{{Carrier: "<i>JNE</i>", TrackingNumber: "T1", TrackingURL: "https://example.com/?q=<script>alert(4)</script>"}}
	o := b.ingest(t, in)
	c := b.login(t, "en")
	for _, path := range []string{"/", "/orders", "/orders/" + o.ID, "/customers", "/customers/" + *o.CustomerID} {
		body := b.mustGet(t, c, path)
		lacks(t, body, "<script>alert", "<img src=x", "<b>Blender", "<i>JNE")
		if path == "/orders/"+o.ID {
			contains(t, body, "&lt;b&gt;Blender&lt;/b&gt;&lt;script&gt;", "&lt;i&gt;JNE&lt;/i&gt;")
		}
	}
}

func TestDashboard(t *testing.T) {
	t.Parallel()

	t.Run("Empty", func(t *testing.T) {
		t.Parallel()
		b := setup(t, nil)
		body := b.mustGet(t, b.login(t, "id"), "/")
		contains(t, body, "Belum ada pesanan", "Hubungkan Shopify", "Tidak ada paket yang terlambat", "<svg class=\"chart\"")
	})

	t.Run("Numbers", func(t *testing.T) {
		t.Parallel()
		b := setup(t, nil)
		late, _, _ := b.seed(t)
		body := b.mustGet(t, b.login(t, "en"), "/")
		contains(t, body, "Orders, last 30 days", `<span class="kpi-value">3</span>`, "Up 100%",
			"Late parcels", `href="/orders/`+late.ID+`"`, "Week of 26 Oct 2026: 1 order", "Week of 19 Oct 2026: 1 order", "Week of 2 Nov 2026: 1 order",
			`href="/orders?status=pending"`, "Recent orders", "TKP-3003")
		lacks(t, body, "No orders yet")
	})

	t.Run("BrandColour", func(t *testing.T) {
		t.Parallel()
		b := setup(t, nil)
		sh := *b.shop
		sh.Brand.Color = "#ffd400" // too light for text on white
		if err := (sqlstoreShops(b)).UpdateShop(t.Context(), &sh); err != nil {
			t.Fatal(err)
		}
		body := b.mustGet(t, b.login(t, "en"), "/")
		contains(t, body, "--accent:#ffd400", "--on-accent:#101828")
		lacks(t, body, "--accent-text:#ffd400")
	})
}

func TestStatic(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	body := b.mustGet(t, b.client(t), "/login")
	css := regexp.MustCompile(`href="(/static/[0-9a-f]+/app\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no stylesheet link")
	}
	status, text, h := b.get(t, b.client(t), css[1])
	if status != http.StatusOK || !strings.Contains(h.Get("Cache-Control"), "immutable") ||
		!strings.HasPrefix(h.Get("Content-Type"), "text/css") || !strings.Contains(text, "--accent") {
		t.Errorf("GET %s: %d %q %q", css[1], status, h.Get("Cache-Control"), h.Get("Content-Type"))
	}
	if status, _, h := b.get(t, b.client(t), "/static/0000/app.css"); status != http.StatusOK || h.Get("Cache-Control") != "no-cache" {
		t.Errorf("stale hash: %d %q", status, h.Get("Cache-Control"))
	}
	if status, _, _ := b.get(t, b.client(t), "/static/0000/nope.css"); status != http.StatusNotFound {
		t.Errorf("unknown asset: %d", status)
	}
}

package portal_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
)

// setupClaim is setupAfter with the catalogue wired in, so that the "My
// products" page is served too.
func setupClaim(t *testing.T, d *db.DB) *afterBundle {
	t.Helper()
	b := setupAfter(t, d)
	b.portal.Products = product.NewService(sqlstore.Products{Store: b.store}, b.portal.Clock)
	mux := http.NewServeMux()
	b.portal.Register(mux)
	b.srv = httptest.NewServer(http.NewCrossOriginProtection().Handler(mux))
	t.Cleanup(b.srv.Close)
	return b
}

// registerBL1 registers Siti's blender, which the shop's policy needs
// before its warranty runs.
func registerBL1(t *testing.T, b *afterBundle) {
	t.Helper()
	o := b.siti
	_, err := b.svc.Register(context.Background(), b.shop.ID, cases.Customer(*o.CustomerID),
		cases.RegisterInput{OrderID: &o.ID, OrderLineID: &o.Lines[0].ID, SerialNumber: "BL-1"})
	if err != nil {
		t.Fatal(err)
	}
}

// postFiles sends fields and testdata files under field, as a browser
// sends a form with one file input.
func (br *browser) postFiles(path string, fields url.Values, field string, files ...string) (*http.Response, string) {
	br.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("..", "upload", "testdata", f))
		if err != nil {
			br.t.Fatal(err)
		}
		w, _ := mw.CreateFormFile(field, f)
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, br.b.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return br.do(req)
}

func TestWarrantyClaim(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupClaim(t, d)
		registerBL1(t, b)
		claim := "/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/claim"
		br := b.browser(t, "10.0.1.1")
		mustContain(t, br.open(b.siti), `href="`+claim+`"`, "Report a problem")

		res, body := br.get(claim)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("claim form: %d", res.StatusCode)
		}
		mustContain(t, body, "Blender Cosmos", "In warranty until 1 Dec 2027", `name="problem"`, `<option value="BL-1" selected>BL-1</option>`)

		// No words: the field says so, and nothing is stored.
		res, body = br.postFiles(claim, url.Values{"serial": {"BL-1"}}, "photos", "tiny.jpg")
		if res.StatusCode != http.StatusUnprocessableEntity || b.count(t, "cases") != 0 || b.storedFiles(t) != 0 {
			t.Fatalf("claim without a problem: %d, %d cases, %d files", res.StatusCode, b.count(t, "cases"), b.storedFiles(t))
		}
		mustContain(t, body, `class="field-error" id="problem-error"`)

		form := url.Values{"serial": {"BL-1"}, "problem": {"Motor mati setelah 2 menit"}}
		res, body = br.postFiles(claim, form, "photos", "tiny.jpg")
		m := caseURL.FindStringSubmatch(res.Request.URL.Path)
		if m == nil || res.StatusCode != http.StatusOK {
			t.Fatalf("claim: %d at %s\n%s", res.StatusCode, res.Request.URL, body)
		}
		mustContain(t, body, "Warranty claim", "Motor mati setelah 2 menit")
		c, err := b.svc.FindByID(context.Background(), b.shop.ID, b.agent, m[1])
		if err != nil {
			t.Fatal(err)
		}
		if c.Kind != cases.WarrantyClaim || len(c.Lines) != 1 || c.Lines[0].SerialNumber != "BL-1" ||
			len(c.Notes) != 1 || len(c.Notes[0].Attachments) != 1 {
			t.Fatalf("case: %+v", c)
		}

		// The same form again (a double tap) shows the same case.
		res, _ = br.postFiles(claim, form, "photos", "tiny.jpg")
		if res.Request.URL.Path != "/p/cases/"+c.ID || b.count(t, "cases") != 1 || b.storedFiles(t) != 1 {
			t.Fatalf("second submit: at %s, %d cases, %d files", res.Request.URL.Path, b.count(t, "cases"), b.storedFiles(t))
		}
	})
}

func TestClaimNotAllowed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		register bool
		now      string
		want     string
	}{
		{"warranty expired", true, "2027-12-02 09:00:00", "Warranty ended on 1 Dec"},
		{"not registered", false, "2026-12-03 10:00:00", "Register the serial number to use the warranty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupClaim(t, storetest.MustOpenSQLite(t))
			if tc.register {
				registerBL1(t, b)
			}
			clock := b.portal.Clock.(*fixedClock)
			clock.mu.Lock()
			clock.t = wib(t, tc.now)
			clock.mu.Unlock()
			claim := "/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/claim"
			br := b.browser(t, "10.0.1.2")
			if body := br.open(b.siti); strings.Contains(body, claim) {
				t.Error("the order page offers a claim")
			}
			res, body := br.get(claim)
			mustContain(t, body, tc.want)
			if res.StatusCode != http.StatusOK || strings.Contains(body, `name="problem"`) {
				t.Errorf("form: %d, shows the form", res.StatusCode)
			}
			res, body = br.postFiles(claim, url.Values{"serial": {"BL-1"}, "problem": {"Rusak"}}, "photos", "tiny.jpg")
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("post: %d, want 422", res.StatusCode)
			}
			mustContain(t, body, tc.want)
			if n, f := b.count(t, "cases"), b.storedFiles(t); n != 0 || f != 0 {
				t.Errorf("stored %d cases and %d files", n, f)
			}
		})
	}
}

var itemClaim = regexp.MustCompile(`href="(/p/items/([0-9A-Z]+)/claim)"`)

func TestBoughtElsewhere(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupClaim(t, d)
		siti := b.browser(t, "10.0.1.3")
		mustContain(t, siti.open(b.siti), `href="/p/products"`)
		_, body := siti.get("/p/products")
		mustContain(t, body, "My products", "No products registered yet.", ">Blender Cosmos</option>", `name="proof"`)
		if strings.Contains(body, ">Filter air</option>") {
			t.Error("offers a product without a warranty")
		}
		var blender string
		if m := regexp.MustCompile(`<option value="([0-9A-Z]+)">Blender Cosmos`).FindStringSubmatch(body); m != nil {
			blender = m[1]
		}
		form := url.Values{"product": {blender}, "serial": {"EXT-9"}, "purchased": {"2026-10-15"}}

		// Without a proof, or with a file of the wrong kind, nothing is
		// registered or kept.
		for _, files := range [][]string{nil, {"archive.zip"}} {
			res, body := siti.postFiles("/p/products", form, "proof", files...)
			if res.StatusCode != http.StatusUnprocessableEntity || b.count(t, "warranty_registrations") != 0 || b.storedFiles(t) != 0 {
				t.Fatalf("%v: %d, %d registrations, %d files", files, res.StatusCode, b.count(t, "warranty_registrations"), b.storedFiles(t))
			}
			if files == nil {
				mustContain(t, body, `id="proof-error"`, `value="EXT-9"`)
			}
		}

		res, body := siti.postFiles("/p/products", form, "proof", "tiny.pdf")
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/p/products" {
			t.Fatalf("register: %d at %s\n%s", res.StatusCode, res.Request.URL, body)
		}
		mustContain(t, body, "Thank you: your product is registered.", "Blender Cosmos", "In warranty until 15 Oct 2027")
		if b.count(t, "warranty_registrations") != 1 || b.storedFiles(t) != 1 {
			t.Fatalf("%d registrations, %d files", b.count(t, "warranty_registrations"), b.storedFiles(t))
		}
		m := itemClaim.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no claim link:\n%s", body)
		}
		claim := m[1]

		// The same serial number again is refused next to the field.
		res, body = siti.postFiles("/p/products", form, "proof", "tiny.pdf")
		if res.StatusCode != http.StatusUnprocessableEntity || b.storedFiles(t) != 1 {
			t.Fatalf("again: %d, %d files", res.StatusCode, b.storedFiles(t))
		}
		mustContain(t, body, "This serial number is registered already.")

		// Budi sees none of it and cannot claim on it.
		budi := b.browser(t, "10.0.1.4")
		budi.open(b.budi)
		_, body = budi.get("/p/products")
		mustContain(t, body, "No products registered yet.")
		for _, tc := range []struct{ name, method, path string }{
			{"another customer's item claim form", "GET", claim},
			{"another customer's item claim", "POST", claim},
			{"another customer's line claim form", "GET", "/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/claim"},
			{"another customer's line claim", "POST", "/p/orders/" + b.siti.ID + "/lines/" + b.siti.Lines[0].ID + "/claim"},
		} {
			var res *http.Response
			if tc.method == "POST" {
				res, _ = budi.postFiles(tc.path, url.Values{"problem": {"Rusak"}, "serial": {"BL-1"}}, "photos", "tiny.jpg")
			} else {
				res, _ = budi.get(tc.path)
			}
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", tc.name, res.StatusCode)
			}
		}
		if n := b.count(t, "cases"); n != 0 {
			t.Fatalf("budi opened %d cases", n)
		}

		// Siti claims on the item.
		res, body = siti.postFiles(claim, url.Values{"problem": {"Tidak menyala"}}, "photos", "tiny.png")
		cm := caseURL.FindStringSubmatch(res.Request.URL.Path)
		if cm == nil {
			t.Fatalf("item claim: %d at %s\n%s", res.StatusCode, res.Request.URL, body)
		}
		c, err := b.svc.FindByID(context.Background(), b.shop.ID, b.agent, cm[1])
		if err != nil || c.Kind != cases.WarrantyClaim || len(c.Lines) != 1 || c.Lines[0].RegistrationID == nil || *c.Lines[0].RegistrationID != m[2] {
			t.Fatalf("item claim case: %v %+v", err, c)
		}
	})
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/message"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/web"
)

// templateForm is the editor's form filled with the shipped key in locale.
func templateForm(t *testing.T, key message.Key, locale string) url.Values {
	t.Helper()
	tpl, err := message.Default(key, locale)
	if err != nil {
		t.Fatal(err)
	}
	// Browsers send text areas with CRLF line ends.
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	return url.Values{"subject": {tpl.Subject}, "html": {crlf(tpl.HTML)}, "text": {crlf(tpl.Text)}, "sms": {tpl.SMS}}
}

// findTemplate reads the shop's edit of key in locale.
func (b *testBundle) findTemplate(t *testing.T, shopID purna.ID, key message.Key, locale string) (message.Template, bool) {
	t.Helper()
	tpl, err := sqlstore.Templates{Store: b.store}.FindTemplate(context.Background(), shopID, key, locale)
	if purna.ErrorCode(err) == purna.ENOTFOUND {
		return tpl, false
	} else if err != nil {
		t.Fatal(err)
	}
	return tpl, true
}

func TestTemplateList(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "id")
	body := b.mustGet(t, c, "/messages")
	contains(t, body, `href="/messages" aria-current="page"`, "Konfirmasi pesanan", "Ajakan kembali berbelanja",
		`badge-kind-marketing">Pemasaran`, `href="/messages/order_confirmation/id"`, `href="/messages/winback/ro"`, "Bawaan")
	lacks(t, body, "messages.", "tpl-edited")
	if n := strings.Count(body, `class="tpl-state"`); n != len(message.Keys())*len(message.Locales) {
		t.Errorf("%d cells, want one per key and language", n)
	}

	// An edit shows as such, in its own cell only.
	edit := templateForm(t, message.OrderShipped, "ro")
	edit.Set("subject", "Coletul {{.Order.Number}} e pe drum")
	if status, body, _ := b.postPage(t, c, "/messages/order_shipped/ro", edit); status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", status, body)
	}
	body = b.mustGet(t, c, "/messages")
	contains(t, body, `class="tpl-state tpl-edited" href="/messages/order_shipped/ro"`, "1 pesan diubah")
	if n := strings.Count(body, "tpl-edited"); n != 1 {
		t.Errorf("%d edited cells, want 1", n)
	}
}

func TestTemplateEdit(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "en")
	path := "/messages/order_confirmation/en"

	body := b.mustGet(t, c, path)
	contains(t, body, "Order confirmation", `badge-kind-transactional`, "Default",
		// The shipped parts, escaped into the form.
		`value="Thank you! We&#39;ve received order {{.Order.Number}}"`,
		"&lt;h1&gt;Thank you{{with .Customer.FirstName}}, {{.}}{{end}}!&lt;/h1&gt;",
		// The preview, with sample data.
		`<dd class="strong" id="preview-subject">Thank you! We&#39;ve received order #1042</dd>`,
		`<iframe sandbox srcdoc="`, "Sari", "Griya Elektronik",
		`action="/messages/order_confirmation/en"`, `formaction="/messages/order_confirmation/en/preview"`,
		`data-live-preview="/messages/order_confirmation/en/preview"`, `href="/messages/order_confirmation/ro"`)
	lacks(t, body, "messages.", "allow-scripts", `formaction="/messages/order_confirmation/en/reset"`)

	t.Run("MisspeltFieldIsRefused", func(t *testing.T) {
		t.Parallel()
		form := templateForm(t, message.OrderConfirmation, "en")
		form.Set("html", "<h1>Thanks!</h1>\r\n<p>We got it.</p>\r\n<p>Order {{.Order.Numbr}}</p>")
		status, body, _ := b.postPage(t, c, path, form)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", status)
		}
		contains(t, body, `role="alert"`, `id="err-html"`, `aria-describedby="err-html"`, "line 3", "Numbr",
			"The preview cannot be shown", "html: line 3: {{.Order.Numbr}}",
			// What was typed comes back to be fixed.
			"&lt;p&gt;Order {{.Order.Numbr}}&lt;/p&gt;")
		if _, ok := b.findTemplate(t, b.shop.ID, message.OrderConfirmation, "en"); ok {
			t.Error("a template that does not compile was stored")
		}
	})
}

func TestTemplateSaveAndReset(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "en")
	path := "/messages/delivery_late/en"

	form := templateForm(t, message.DeliveryLate, "en")
	form.Set("subject", "Sorry {{.Customer.FirstName}}, order {{.Order.Number}} is late")
	form.Set("sms", "{{.Shop.Name}}: sorry, order {{.Order.Number}} is late.\r\nTrack: {{.Shipment.TrackingURL}}")
	status, body, loc := b.postPage(t, c, path, form)
	if status != http.StatusSeeOther || loc != path+"?saved=1" {
		t.Fatalf("save: %d %q\n%s", status, loc, body)
	}
	got, ok := b.findTemplate(t, b.shop.ID, message.DeliveryLate, "en")
	if !ok || got.Subject != form.Get("subject") || strings.Contains(got.HTML, "\r") {
		t.Fatalf("stored %+v", got)
	}
	body = b.mustGet(t, c, loc)
	contains(t, body, "Saved. Your shop sends this wording from now on.", `tpl-badge tpl-edited">Edited`,
		"Sorry Sari, order #1042 is late", `formaction="`+path+`/reset"`)

	status, _, loc = b.postPage(t, c, path+"/reset", form)
	if status != http.StatusSeeOther || loc != path+"?reset=1" {
		t.Fatalf("reset: %d %q", status, loc)
	}
	if _, ok := b.findTemplate(t, b.shop.ID, message.DeliveryLate, "en"); ok {
		t.Error("reset kept the edit")
	}
	shipped, _ := message.Default(message.DeliveryLate, "en")
	body = b.mustGet(t, c, loc)
	contains(t, body, "Back to Purna&#39;s default wording.", `tpl-badge">Default`)
	lacks(t, body, "Sorry Sari, order #1042 is late")
	if !strings.Contains(body, strings.ReplaceAll(shipped.Text[:40], "'", "&#39;")) {
		t.Error("after reset the form does not show the shipped text")
	}
}

func TestTemplatePreview(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "id")
	path := "/messages/order_shipped/id"

	form := templateForm(t, message.OrderShipped, "id")
	form.Set("subject", "Hai {{.Customer.FirstName}}, paket {{.Order.Number}} sudah jalan")
	form.Set("html", "<p>Dikirim dengan {{.Shipment.Carrier}}</p>\r\n<script>alert(1)</script>")
	form.Set("sms", "{{.Shop.Name}}: paket {{.Order.Number}} dikirim dengan {{.Shipment.Carrier}}.")
	status, body, h := b.postPage(t, c, path+"/preview", form)
	if status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", status, body)
	}
	_ = h
	contains(t, body, "Hai Sari, paket #1042 sudah jalan", "Dikirim dengan JNE REG",
		"Griya Elektronik: paket #1042 dikirim dengan JNE REG.", "karakter · 1 SMS",
		"Ini pratinjau perubahan Anda.", `<iframe sandbox srcdoc="`)
	// Merchant markup only ever lands inside the sandboxed frame's
	// attribute, escaped; the page itself runs no script of theirs.
	lacks(t, body, "<script>alert(1)", "allow-scripts", `role="alert"`)
	if _, ok := b.findTemplate(t, b.shop.ID, message.OrderShipped, "id"); ok {
		t.Error("preview stored the template")
	}

	t.Run("Headers", func(t *testing.T) {
		t.Parallel()
		resp, err := c.PostForm(b.srv.URL+path+"/preview", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("preview CSP %q", csp)
		}
	})
	t.Run("Broken", func(t *testing.T) {
		t.Parallel()
		broken := templateForm(t, message.OrderShipped, "id")
		broken.Set("subject", "Paket {{.Order.Number")
		status, body, _ := b.postPage(t, c, path+"/preview", broken)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		contains(t, body, `id="err-subject"`, "Pratinjau tidak bisa ditampilkan", "subject: line 1")
	})
	t.Run("Unicode", func(t *testing.T) {
		t.Parallel()
		ro := templateForm(t, message.OrderShipped, "ro")
		ro.Set("sms", "Coletul {{.Order.Number}} a plecat. Mulțumim!")
		_, body, _ := b.postPage(t, b.login(t, "ro"), "/messages/order_shipped/ro/preview", ro)
		contains(t, body, "Coletul CV-20931 a plecat. Mulțumim!", "caractere · 1 SMS", "Din cauza caracterelor ț")
	})
}

func TestTemplateNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	ts := sqlstore.Templates{Store: b.store}
	theirs, _ := message.Default(message.OrderConfirmation, "en")
	theirs.Subject = "Toko Lain got {{.Order.Number}}"
	if err := ts.SaveTemplate(context.Background(), other.ID, theirs, b.now); err != nil {
		t.Fatal(err)
	}
	c := b.login(t, "en")

	// Messages are addressed by key and language in the signed-in shop:
	// another shop's edit is neither shown nor changed.
	body := b.mustGet(t, c, "/messages/order_confirmation/en")
	lacks(t, body, "Toko Lain got", "tpl-edited")
	lacks(t, b.mustGet(t, c, "/messages"), "tpl-edited")
	if status, _, _ := b.postPage(t, c, "/messages/order_confirmation/en/reset", nil); status != http.StatusSeeOther {
		t.Fatalf("reset: %d", status)
	}
	if got, ok := b.findTemplate(t, other.ID, message.OrderConfirmation, "en"); !ok || got.Subject != theirs.Subject {
		t.Errorf("another shop's edit after our reset: %+v %v", got, ok)
	}

	for _, path := range []string{"/messages/bogus/en", "/messages/order_confirmation/fr", "/messages/order_confirmation"} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, status)
		}
	}
	for _, path := range []string{"/messages/bogus/en", "/messages/bogus/en/preview", "/messages/winback/xx/reset"} {
		if status, _, _ := b.postPage(t, c, path, templateForm(t, message.Winback, "en")); status != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", path, status)
		}
	}
}

func TestTemplatesOff(t *testing.T) {
	t.Parallel()
	b := setupWith(t, nil, func(cfg *web.Config) { cfg.Templates = nil })
	c := b.login(t, "en")
	lacks(t, b.mustGet(t, c, "/"), `href="/messages"`)
	for _, path := range []string{"/messages", "/messages/winback/en"} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s without templates: status %d, want 404", path, status)
		}
	}
}

package portal_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/i18n"
	"github.com/purnajual/purna/internal/policy"
	"github.com/purnajual/purna/internal/portal"
	"github.com/purnajual/purna/internal/storetest"
)

// phoneWidth and phoneHeight are an iPhone 12's viewport in CSS pixels.
const phoneWidth, phoneHeight = 390, 844

// TestPortalBrowser walks Siti through a return on a phone in a real
// browser: her signed link opens the order, the return form takes one
// filter, a reason, a photo and a resolution, and the case page shows the
// request and the photo. Going back and sending the form again shows the
// same case. Every page must fit the phone's width. Full-page screenshots
// go to $PURNA_SCREENSHOT_DIR, or to a temporary directory.
func TestPortalBrowser(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		t.Skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")
	}
	b := setupAfter(t, storetest.MustOpenSQLite(t))
	filter := b.siti.Lines[1]
	photo, err := filepath.Abs(filepath.Join("..", "upload", "testdata", "tiny.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("PURNA_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}

	// A phone in Jakarta: it asks for Indonesian, the shop's language too.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox, chromedp.Headless, chromedp.NoFirstRun,
		chromedp.WindowSize(phoneWidth, phoneHeight), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("accept-lang", "id-ID,id"), chromedp.Flag("hide-scrollbars", true),
	}
	allocCtx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	viewport := func(height int64) chromedp.Action[chromedp.Void] {
		return chromedp.EmulateViewport(phoneWidth, height, chromedp.EmulatePortrait, chromedp.EmulateMobile,
			chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	// The first Run starts the browser; it must not carry the timeout.
	if err := chromedp.Do(ctx, viewport(phoneHeight), chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	shows := func(sel string, wants ...string) {
		t.Helper()
		got := text(sel)
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s does not show %q:\n%s", sel, want, got)
			}
		}
	}
	path := func() string {
		t.Helper()
		u, err := url.Parse(eval(`location.href`))
		if err != nil {
			t.Fatal(err)
		}
		return u.Path
	}
	// load runs trigger and waits for the page it opens.
	load := func(trigger chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
			t.Fatal(err)
		}
	}
	// back presses the browser's back button and waits until the previous
	// page shows. chromedp.NavigateBack waits for a network response, and
	// none comes when the page returns from the back/forward cache.
	back := func() {
		t.Helper()
		h, err := chromedp.Run(ctx, chromedp.NavigationEntries())
		if err != nil || h.CurrentIndex < 1 {
			t.Fatalf("no page to go back to: %v", err)
		}
		prev := h.Entries[h.CurrentIndex-1]
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: prev.ID})
			return err
		})); err != nil {
			t.Fatal(err)
		}
		// Polling in the page fails while the old page goes away; ask again.
		shown := `location.href === ` + fmt.Sprintf("%q", prev.URL) + ` && document.readyState === "complete"`
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](shown))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("back to %s: %v", prev.URL, err)
			}
		}
	}
	// clickAt clicks sel where the page shows it. chromedp.Click cannot
	// find nodes in a page restored from the back/forward cache: chromedp
	// learns a page's nodes from DOM.documentUpdated, which the restore
	// does not send.
	clickAt := func(sel string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			xy, err := chromedp.Evaluate[[]float64](`(e => { e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
				return [r.x + r.width / 2, r.y + r.height / 2]; })(document.querySelector(`+fmt.Sprintf("%q", sel)+`))`)(ctx, tg)
			if err != nil {
				return chromedp.Void{}, err
			}
			return chromedp.MouseClickXY(xy[0], xy[1])(ctx, tg)
		}
	}
	// fits fails the test if the page scrolls sideways on the phone, and
	// names the elements that stick out. A mobile browser widens its
	// layout viewport to take in content that is too wide, so innerWidth
	// must also stay the phone's width.
	fits := func(name string) {
		t.Helper()
		wide := eval(`(() => {
			const phone = ` + fmt.Sprint(phoneWidth) + `, w = window.innerWidth, sw = document.documentElement.scrollWidth;
			if (sw <= w && w === phone) return "";
			const out = [...document.querySelectorAll("body *")]
				.filter(e => e.getBoundingClientRect().right > phone + 0.5 || e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1)
				.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " (" + e.scrollWidth + "px)");
			return "scrollWidth " + sw + ", innerWidth " + w + ": " + out.join(", ");
		})()`)
		if wide != "" {
			t.Errorf("%s scrolls sideways on a %dpx phone: %s", name, phoneWidth, wide)
		}
	}
	// shoot saves the viewport as <name>.png and the whole page as
	// <name>-full.png.
	shoot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		height, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, viewport(max(height, phoneHeight))); err != nil {
			t.Fatal(err)
		}
		full, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, viewport(phoneHeight)); err != nil {
			t.Fatal(err)
		}
		for file, data := range map[string][]byte{name + ".png": buf, name + "-full.png": full} {
			if err := os.WriteFile(filepath.Join(shots, file), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("screenshot: %s", filepath.Join(shots, name+"-full.png"))
	}

	// 1. The signed link signs the phone in and opens the order.
	load(chromedp.Navigate(b.srv.URL + "/p/" + portal.OrderToken(secret, b.siti.ShopID, *b.siti.CustomerID, b.siti.ID)))
	if got := path(); got != "/p/orders/"+b.siti.ID {
		t.Fatalf("the order link opened %s", got)
	}
	lang := eval(`document.documentElement.lang`)
	if !i18n.Supported(lang) {
		t.Fatalf("the order page is in %q", lang)
	}
	t.Logf("the portal speaks %q", lang)
	// 7 days from delivery on 1 Dec, in Jakarta.
	returnable := i18n.T(lang, "portal.fact.returnable", "date", i18n.DayMonth(lang, time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC), time.UTC))
	shows("h1", i18n.T(lang, "portal.order_title", "number", b.siti.Number))
	shows("#line-"+b.siti.Lines[0].ID, "Blender Cosmos", returnable)
	shows("#line-"+filter.ID, "Filter air", returnable)
	fits("the order page")
	shoot("portal-order")

	// 2. The return form: one filter, why, a photo, what she wants.
	load(chromedp.Click(chromedp.CSS(`a.btn[href="/p/orders/` + b.siti.ID + `/return"]`)))
	shows("h1", i18n.T(lang, "portal.return_title"))
	reason := policy.DefaultReasons()[0] // damaged
	resolution := policy.Replacement
	fill := func() {
		t.Helper()
		qty, note := chromedp.ID("qty-"+filter.ID), chromedp.ID("note")
		// Empties what the page or the browser put there, before typing:
		// chromedp.Clear misses a value the browser restored.
		eval(`["qty-` + filter.ID + `", "note"].forEach(id => document.getElementById(id).value = ""), ""`)
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(qty, "1"),
			chromedp.SetValue(chromedp.ID("reason"), reason.Code),
			chromedp.Click(chromedp.CSS(`input[name="wanted"][value="`+string(resolution)+`"]`)),
			chromedp.SendKeys(note, "Filternya retak di tutup."),
			chromedp.SetUploadFiles(chromedp.ID("photos"), []string{photo}),
		); err != nil {
			t.Fatal(err)
		}
	}
	// form reads the form back: quantity, reason, resolution, photos.
	form := `(f => [f.elements["qty-` + filter.ID + `"]?.value, f.reason.value, f.wanted.value, f.photos.files.length].join(" "))(document.querySelector("form[enctype]"))`
	filled := "1 " + reason.Code + " " + string(resolution) + " 1"
	fill()
	if got := eval(form); got != filled {
		t.Fatalf("the form holds %q, want %q", got, filled)
	}
	fits("the return form")
	shoot("portal-return")
	// Marks this page, to tell later whether back brought the same page.
	eval(`window.__formPage = "yes"`)
	load(chromedp.Click(chromedp.CSS(`form button[type="submit"]`)))

	// 3. The case page shows the request.
	m := caseURL.FindStringSubmatch(path())
	if m == nil {
		t.Fatalf("after sending the form the phone is at %s:\n%s", eval(`location.href`), text("main"))
	}
	all, err := b.svc.Find(context.Background(), b.agent, cases.Filter{ShopID: b.shop.ID})
	if err != nil || all.Total != 1 || all.Items[0].ID != m[1] {
		t.Fatalf("cases after the form: %v %+v", err, all)
	}
	c := all.Items[0]
	if !strings.HasPrefix(c.Number, "R-") || c.Kind != cases.Return || c.Status != cases.Requested {
		t.Errorf("the case is %s, a %s, %s", c.Number, c.Kind, c.Status)
	}
	shows(".notice", i18n.T(lang, "portal.sent", "number", c.Number))
	shows("h1", i18n.T(lang, "portal.case_title", "number", c.Number))
	shows(".badge", i18n.T(lang, "portal.status.requested"))
	shows("main", "Filter air", i18n.T(lang, "track.quantity", "n", 1), reason.Label[lang],
		i18n.T(lang, "portal.wanted", "resolution", i18n.T(lang, "portal.resolution."+string(resolution))))
	// The thumbnail is the portal's own copy of the photo, and it loads.
	src := eval(`document.querySelector(".photos img")?.getAttribute("src") ?? ""`)
	if !strings.HasPrefix(src, "/p/cases/"+c.ID+"/files/") {
		t.Fatalf("the photo's thumbnail is at %q", src)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(".photos img"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(i => i.complete && i.naturalWidth > 0)(document.querySelector(".photos img"))`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("the thumbnail did not load: %v", err)
	}
	// The page's CSP has no connect-src, so a fetch from the page is
	// refused; the browser's record of the thumbnail's own request says
	// how the portal answered it.
	answer := eval(`(e => e ? e.responseStatus + " " + e.contentType : "no request")(performance.getEntriesByName(document.querySelector(".photos img").src)[0])`)
	if !strings.HasPrefix(answer, "200 image/") {
		t.Errorf("the photo answered %q, want 200 and an image", answer)
	}
	fits("the case page")
	shoot("portal-case")

	// 4. Back to the form and send it again: the same case, not a second.
	// Chromium brings the form back from its back/forward cache as she
	// left it, photo included; had it fetched the page anew, she would
	// fill it in again.
	back()
	if got := path(); got != "/p/orders/"+b.siti.ID+"/return" {
		t.Fatalf("back led to %s", got)
	}
	cached := eval(`String(window.__formPage === "yes")`) == "true"
	t.Logf("back: from the back/forward cache %v, the form holds %q", cached, eval(form))
	if got := eval(form); got != filled {
		if cached {
			t.Fatalf("the cached form holds %q, want %q", got, filled)
		}
		fill()
	}
	load(clickAt(`form button[type="submit"]`))
	if got := path(); got != "/p/cases/"+c.ID {
		t.Errorf("the second submit led to %s, not to %s:\n%s", got, c.Number, text("main"))
	}
	shows("h1", c.Number)
	if all, err := b.svc.Find(context.Background(), b.agent, cases.Filter{ShopID: b.shop.ID}); err != nil {
		t.Fatal(err)
	} else if all.Total != 1 {
		t.Errorf("%d cases after the second submit, want 1", all.Total)
	}
	if n := b.storedFiles(t); n != 1 {
		t.Errorf("%d photos kept, want 1", n)
	}
	fits("the case page after the second submit")
	shoot("portal-case-again")
}

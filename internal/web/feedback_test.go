package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/web"
)

// feedbackClock is the survey and follow-up services' clock; tests move
// it back to open a follow-up that is overdue by the UI's time.
type feedbackClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *feedbackClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *feedbackClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// feedbackBundle is the case bundle (a Jakarta shop, Siti's delivered
// order INV-1 of a blender and two filters) with the Feedback and
// Follow-ups pages on, over real survey and follow-up services.
type feedbackBundle struct {
	*caseBundle
	surveys *survey.Service
	follow  *followup.Service
	clock   *feedbackClock
	secret  []byte
}

// xssComment is a comment that would run or break out of an attribute if
// the pages did not escape it, over two lines.
const xssComment = "Blendernya bunyi keras <script>alert(1)</script>\nlalu mati \" onmouseover=\"x"

// setupFeedback starts the feedback bundle on d; edit, if given, changes
// the UI's Config further before the server starts.
func setupFeedback(t *testing.T, d *db.DB, edit ...func(*web.Config)) *feedbackBundle {
	t.Helper()
	fb := &feedbackBundle{clock: &feedbackClock{t: time.Date(2026, 11, 2, 3, 4, 5, 0, time.UTC)},
		secret: []byte("web test secret, thirty-two byte")}
	s := testfix.MustStore(t, d)
	fb.surveys = survey.NewService(sqlstore.Surveys{Store: s}, fb.clock, fb.secret)
	fb.caseBundle = setupCases(t, d, func(cfg *web.Config) {
		fb.follow = followup.NewService(sqlstore.FollowUps{Store: s}, fb.clock, followup.Gather(followup.Sources{
			Customers: cfg.Customers, Orders: cfg.Orders, Eligibility: cfg.Cases}))
		cfg.Surveys, cfg.FollowUps = fb.surveys, fb.follow
		for _, e := range edit {
			e(cfg)
		}
	})
	return fb
}

// mustAnswer answers kind about o with score, as the customer does from
// the message's link, and adds comment when it is not "".
func (b *feedbackBundle) mustAnswer(t *testing.T, o *order.Order, kind survey.Kind, score int, comment string) *survey.Response {
	t.Helper()
	ctx := context.Background()
	token := survey.Link{ShopID: b.shop.ID, CustomerID: *o.CustomerID, Kind: kind, OrderID: &o.ID}.Token(b.secret)
	r, err := b.surveys.Answer(ctx, token, score, "id")
	if err != nil {
		t.Fatal(err)
	}
	if comment != "" {
		if r, err = b.surveys.AddComment(ctx, token, survey.Comment{Comment: comment}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// mustFollowUp opens the follow-up of an unhappy answer, as the reactor
// does from its event.
func (b *feedbackBundle) mustFollowUp(t *testing.T, r *survey.Response) *followup.Detail {
	t.Helper()
	f, err := b.follow.Open(context.Background(), followup.Trigger{ShopID: b.shop.ID, CustomerID: r.CustomerID,
		OrderID: r.OrderID, Source: followup.FromSurvey, SourceID: r.ID, Kind: string(r.Kind), Score: r.Score,
		Comment: r.Comment})
	if err != nil {
		t.Fatal(err)
	}
	return b.mustDetail(t, f.ID)
}

func (b *feedbackBundle) mustDetail(t *testing.T, id purna.ID) *followup.Detail {
	t.Helper()
	d, err := b.follow.FindByID(context.Background(), b.shop.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// trackedOrder ingests an order like mustOrder's whose parcel has scans.
func (b *feedbackBundle) trackedOrder(t *testing.T, ext string) *order.Order {
	t.Helper()
	in := testfix.OrderInput(ext, b.now.Add(-5*24*time.Hour))
	in.Lines[0].SerialNumbers = []string{"BL-" + ext}
	shipped, delivered := b.now.Add(-4*24*time.Hour), b.now.Add(-2*24*time.Hour)
	in.Shipments = []order.ShipmentInput{{Carrier: "JNE", TrackingNumber: "JNE-" + ext, Status: order.ShipmentDelivered,
		ShippedAt: &shipped, DeliveredAt: &delivered, Events: []order.TrackingEventInput{
			{OccurredAt: shipped, Status: order.ShipmentInTransit, Location: "Jakarta Hub", Description: "Paket diproses"},
			{OccurredAt: delivered, Status: order.ShipmentDelivered, Location: "Bandung", Description: "Diterima oleh Siti"},
		}}}
	return b.ingest(t, in)
}

// TestFeedbackResults checks the Feedback page against a known set of
// answers: NPS 3, 7, 9 and 10 is +25 with a standard error of 41.5 points.
func TestFeedbackResults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupFeedback(t, d)
		c := b.login(t, "en")

		body := b.mustGet(t, c, "/feedback")
		contains(t, body, "No answers yet", "Surveys go out three days after delivery; answers appear here.",
			`href="/feedback" aria-current="page"`, `href="/followups"`, `aria-current="page">NPS</a>`)
		lacks(t, between(body, `class="nav-heading"`, `</nav>`), "Feedback") // no longer "coming next"
		contains(t, b.mustGet(t, c, "/feedback?kind=ces"), "CES surveys go out after a maintenance visit")

		orders := []*order.Order{b.order}
		for i := 2; i <= 4; i++ {
			orders = append(orders, b.mustOrder(t, fmt.Sprintf("INV-%d", i)))
		}
		for i, score := range []int{3, 7, 9, 10} {
			b.mustAnswer(t, orders[i], survey.NPS, score, "")
		}
		b.mustAnswer(t, orders[0], survey.CSAT, 5, "")

		body = b.mustGet(t, c, "/feedback")
		contains(t, body, `<p class="feedback-score">&#43;25</p>`, "95% interval: -56 to &#43;100", "Standard error: 41.5 points",
			"4 answers", "Promoters <span class=\"strong\">50%</span>", "Passives <span class=\"strong\">25%</span>",
			"Detractors <span class=\"strong\">25%</span>", `style="width: 50%"`, "Score 3: 1 answer", "Score 9: 1 answer",
			"By week", "Week of 2 Nov 2026: NPS &#43;25, 4 answers", `id="groups-product"`, "Blender Cosmos", "Filter air",
			`id="groups-source"`, "API", "Few answers", `href="/feedback/answers?kind=nps"`)
		lacks(t, body, "No answers yet", "feedback.", "followups.")
		product := between(body, `id="groups-product"`, `</table>`)
		if !strings.Contains(product, `<td class="num">4</td>`) || !strings.Contains(product, `<td class="num strong">&#43;25</td>`) {
			t.Errorf("products table: %s", product)
		}

		// The dashboard shows the NPS at a glance.
		dash := between(b.mustGet(t, c, "/"), `class="kpis kpis-after"`, `</section>`)
		contains(t, dash, "NPS, last 90 days", "&#43;25", "from 4 answers", `href="/feedback?range=90d"`,
			"Customers to call back", `href="/followups"`)

		csat := b.mustGet(t, c, "/feedback?kind=csat&range=90d")
		contains(t, csat, `<p class="feedback-score">100%</p>`, "1 answer", "Average 5.0 out of 5",
			`aria-current="true">Last 90 days`)
		year := b.mustGet(t, c, "/feedback?range=12m")
		contains(t, year, "By month", "November 2026: NPS &#43;25, 4 answers", "1 Dec 2025 – 2 Nov 2026")

		id := b.mustGet(t, b.login(t, "id"), "/feedback")
		contains(t, id, "Masukan", "Interval 95%: -56 sampai &#43;100", "Galat baku: 41,5 poin", "4 jawaban", "Per produk")
		ro := b.mustGet(t, b.login(t, "ro"), "/feedback")
		contains(t, ro, "Interval de 95%: de la -56 la &#43;100", "Eroare standard: 41,5 puncte", "4 răspunsuri")
	})
}

// TestFeedbackAnswers lists the verbatims with their customer and order,
// escapes what customers wrote, and filters and pages through them.
func TestFeedbackAnswers(t *testing.T) {
	t.Parallel()
	b := setupFeedback(t, storetest.MustOpenSQLite(t))
	c := b.login(t, "en")
	b.mustAnswer(t, b.order, survey.NPS, 3, xssComment)
	second := b.mustOrder(t, "INV-2")
	b.mustAnswer(t, second, survey.NPS, 10, "Cepat sampai, mantap")
	b.mustAnswer(t, second, survey.CSAT, 4, "")

	body := b.mustGet(t, c, "/feedback/answers")
	contains(t, body, "3 answers", "Detractor", "Promoter", "Satisfied", "Siti Rahayu", `href="/customers/`+*b.order.CustomerID+`"`,
		`href="/orders/`+b.order.ID+`">INV-1</a>`, `href="/orders/`+second.ID+`">INV-2</a>`, "Cepat sampai, mantap", "No comment.",
		"2 Nov 2026, 10:04", // the shop's zone, WIB
		"Blendernya bunyi keras &lt;script&gt;alert(1)&lt;/script&gt;\nlalu mati &#34; onmouseover=&#34;x",
		`href="/feedback/answers.csv"`)
	lacks(t, body, "<script>alert(1)</script>", `" onmouseover="x`)

	for _, tc := range []struct {
		name, query string
		want        []string
		unwanted    []string
	}{
		{"unhappy", "?unhappy=1", []string{"1 answer", "Detractor", `href="/feedback/answers.csv?unhappy=1"`}, []string{"Cepat sampai"}},
		{"comment", "?comment=1", []string{"2 answers", "Cepat sampai"}, []string{"No comment."}},
		{"kind", "?kind=csat", []string{"1 answer", "Satisfied", `<option value="csat" selected>`}, []string{"Cepat sampai", "Detractor"}},
		{"search", "?q=mantap", []string{"1 answer", "Cepat sampai"}, []string{"Blendernya"}},
		{"nothing", "?q=tidak+ada", []string{"No answers match", "0 answers"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := b.mustGet(t, c, "/feedback/answers"+tc.query)
			contains(t, body, tc.want...)
			lacks(t, body, tc.unwanted...)
		})
	}
}

// TestFeedbackAnswersPages pages through more answers than fit a page.
func TestFeedbackAnswersPages(t *testing.T) {
	t.Parallel()
	b := setupFeedback(t, storetest.MustOpenSQLite(t))
	c := b.login(t, "en")
	for i := range 18 {
		o := b.order
		if i > 0 {
			o = b.mustOrder(t, fmt.Sprintf("INV-%d", i+1))
		}
		for _, k := range survey.Kinds {
			b.mustAnswer(t, o, k, 4, fmt.Sprintf("Jawaban %s %d", k, i+1))
		}
	}
	body := b.mustGet(t, c, "/feedback/answers?comment=1")
	contains(t, body, "54 answers", "1–50 of 54", `rel="next"`)
	next := between(body, `<span class="pager-links"><a class="btn" href="`, `" rel="next"`)
	body = b.mustGet(t, c, strings.ReplaceAll(next, "&amp;", "&"))
	contains(t, body, "51–54 of 54", `rel="prev"`, "Jawaban nps 1")
}

// TestFeedbackCSV downloads the answers the filters match, with the
// header row, and a comment a spreadsheet would run as a formula quoted.
func TestFeedbackCSV(t *testing.T) {
	t.Parallel()
	b := setupFeedback(t, storetest.MustOpenSQLite(t))
	c := b.login(t, "en")
	b.mustAnswer(t, b.order, survey.NPS, 2, `=HYPERLINK("http://evil.example","klik")`)
	b.mustAnswer(t, b.mustOrder(t, "INV-2"), survey.NPS, 9, "Bagus")

	status, body, hdr := b.get(t, c, "/feedback/answers.csv?unhappy=1")
	if status != http.StatusOK || hdr.Get("Content-Type") != "text/csv; charset=utf-8" ||
		hdr.Get("Content-Disposition") != `attachment; filename="answers-2026-11-02.csv"` {
		t.Fatalf("csv: %d %q %q\n%s", status, hdr.Get("Content-Type"), hdr.Get("Content-Disposition"), body)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want the header and one answer:\n%s", len(rows), body)
	}
	if got := strings.Join(rows[0][:5], ","); got != "answered_at,kind,score,group,comment" {
		t.Errorf("header = %s", got)
	}
	if row := rows[1]; row[1] != "nps" || row[2] != "2" || row[3] != "detractor" ||
		row[4] != `'=HYPERLINK("http://evil.example","klik")` || !strings.HasPrefix(row[0], "2026-11-02T10:04:05+07:00") {
		t.Errorf("row = %q", row)
	}
	if _, all, _ := b.get(t, c, "/feedback/answers.csv"); !strings.Contains(all, "Bagus") {
		t.Errorf("unfiltered csv lacks the promoter:\n%s", all)
	}
}

// TestFollowUpFlow works a detractor's follow-up through the forms: the
// call reached her, the follow-up is resolved with a replacement and
// closed. A second identical submit changes nothing and says why.
func TestFollowUpFlow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupFeedback(t, d)
		o := b.trackedOrder(t, "INV-7")
		fd := b.mustFollowUp(t, b.mustAnswer(t, o, survey.NPS, 3, xssComment))
		c := b.login(t, "en")
		path := "/followups/" + fd.ID

		list := b.mustGet(t, c, "/followups")
		contains(t, list, fd.Number, "Siti Rahayu", "NPS 3", "Blendernya bunyi keras &lt;script&gt;", "1 follow-up",
			`<span class="pill nav-count" aria-hidden="true">1</span>`, "1 open follow-up", "Follow-up stats",
			`aria-current="true">To do`)
		lacks(t, list, "<script>alert(1)</script>", "followup-overdue")

		body := b.mustGet(t, c, path)
		contains(t, body, fd.Number, "Open", "NPS 3", "Detractor",
			"Blendernya bunyi keras &lt;script&gt;alert(1)&lt;/script&gt;\nlalu mati &#34; onmouseover=&#34;x",
			`href="tel:&#43;6281234567890"`, `href="https://wa.me/6281234567890"`, `href="/customers/`+fd.CustomerID+`"`,
			`href="/orders/`+o.ID+`">INV-7</a>`, "Blender Cosmos", "BL-INV-7", "Until 31 Oct 2027", "Until 7 Nov 2026",
			"Diterima oleh Siti", "Paket diproses", "Return for Filter air", "Offer a coupon", "Apologise",
			`href="/followups/`+fd.ID+`?remedy=coupon#act-resolve"`, "Call Siti Rahayu back", "Reached them",
			`data-action="contact"`, `data-action="resolve"`, `data-action="close"`)
		lacks(t, body, "<script>alert(1)</script>", `" onmouseover="x`, `data-action="reopen"`, "followups.", "feedback.")

		// The return's button opens the case form of the filters' line.
		filter := o.Lines[1]
		before, _, _ := strings.Cut(body, `">Return for Filter air</a>`)
		link := html.UnescapeString(before[strings.LastIndex(before, `href="`)+len(`href="`):])
		if !strings.HasPrefix(link, "/orders/"+o.ID+"?") || !strings.Contains(link, "line="+filter.ID) ||
			!strings.Contains(link, "kind=return") || !strings.HasSuffix(link, "#open-"+filter.ID) {
			t.Fatalf("return link: %q", link)
		}
		page := b.mustGet(t, c, strings.TrimSuffix(link, "#open-"+filter.ID))
		form := between(page, `id="open-`+filter.ID+`"`, `</details>`)
		contains(t, form, ` open>`, `<option value="return" selected>`, "From follow-up "+fd.Number)

		// The call.
		task := fd.Tasks[0].ID
		call := url.Values{"outcome": {"reached"}, "note": {"Akan kirim pengganti"}}
		status, _, loc := b.postBody(t, c, path+"/tasks/"+task, url.Values{"note": {"tanpa hasil"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("call without outcome: %d", status)
		}
		status, _, loc = b.postBody(t, c, path+"/tasks/"+task, call)
		if status != http.StatusSeeOther || loc != path+"?called=reached" {
			t.Fatalf("call: %d → %q", status, loc)
		}
		contains(t, b.mustGet(t, c, loc), "Call recorded: Reached them.", "Contacted", "Call: reached the customer. Akan kirim pengganti")
		status, body, _ = b.postBody(t, c, path+"/tasks/"+task, call)
		if status != http.StatusConflict {
			t.Fatalf("second call: %d", status)
		}
		contains(t, body, "This call was recorded already. Nothing was changed.", `id="followup-problem"`)
		if got := b.mustDetail(t, fd.ID); got.Status != followup.Contacted || len(got.History) != 2 {
			t.Fatalf("after the second call: %s with %d history rows", got.Status, len(got.History))
		}

		// Resolving needs a remedy; the page keeps what was typed.
		status, body, _ = b.postBody(t, c, path+"/act", actionForm("resolve", "note", "Kirim W-1"))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("resolve without a remedy: %d", status)
		}
		contains(t, body, "Choose what you offered the customer.", ">Kirim W-1</textarea>", `aria-invalid="true"`)
		resolve := actionForm("resolve", "remedy", "replacement", "note", "Kirim W-1")
		status, _, loc = b.postBody(t, c, path+"/act", resolve)
		if status != http.StatusSeeOther || loc != path+"?done=resolve" {
			t.Fatalf("resolve: %d → %q", status, loc)
		}
		contains(t, b.mustGet(t, c, loc), "Done: Resolve.", "Resolved", `<dd id="followup-remedy">Replacement</dd>`,
			`data-action="reopen"`, `data-action="close"`)
		status, body, _ = b.postBody(t, c, path+"/act", resolve)
		if status != http.StatusConflict {
			t.Fatalf("second resolve: %d", status)
		}
		contains(t, body, "Nothing was changed: "+fd.Number+" is “Resolved” now, so “Resolve” is no longer possible.")
		if got := b.mustDetail(t, fd.ID); got.Status != followup.Resolved || got.Remedy != followup.Replacement || len(got.History) != 3 {
			t.Fatalf("after the second resolve: %s %s with %d history rows", got.Status, got.Remedy, len(got.History))
		}
		if status, _, _ := b.postBody(t, c, path+"/act", actionForm("close")); status != http.StatusSeeOther {
			t.Fatalf("close: %d", status)
		}
		got := b.mustDetail(t, fd.ID)
		var acts []string
		for _, h := range got.History {
			acts = append(acts, fmt.Sprintf("%s:%s:%s", h.Action, h.Actor.Role, h.To))
			if h.Action != "open" && (h.Actor.Role != cases.RoleAgent || h.Actor.ID == "") {
				t.Errorf("%s by %+v, want the signed-in agent", h.Action, h.Actor)
			}
		}
		if want := "open:system:open contact:agent:contacted resolve:agent:resolved close:agent:closed"; strings.Join(acts, " ") != want {
			t.Errorf("history = %s\nwant      %s", strings.Join(acts, " "), want)
		}

		list = b.mustGet(t, c, "/followups")
		contains(t, list, "Nobody to call back")
		lacks(t, list, "nav-count")
		stats := between(list, `id="followup-stats"`, `</section>`)
		contains(t, stats, "<dd>1</dd>", "Replacement</span> <span class=\"strong\">1</span>", "0 of 0", "0 of 1")
		contains(t, b.mustGet(t, c, "/followups?status=closed"), fd.Number, "Closed")
	})
}

// TestFollowUpOverdue flags a follow-up nobody got back to in time.
func TestFollowUpOverdue(t *testing.T) {
	t.Parallel()
	b := setupFeedback(t, storetest.MustOpenSQLite(t))
	b.clock.Set(b.now.Add(-30 * time.Hour))
	fd := b.mustFollowUp(t, b.mustAnswer(t, b.order, survey.CSAT, 1, ""))
	c := b.login(t, "en")
	list := b.mustGet(t, c, "/followups")
	contains(t, list, fd.Number, "CSAT 1", "followup-overdue", "Overdue")
	contains(t, b.mustGet(t, c, "/followups/"+fd.ID), "Unhappy", `<span class="badge badge-late">Overdue</span>`)
	contains(t, b.mustGet(t, c, "/followups?status=resolved"), "No follow-ups here")
	dash := between(b.mustGet(t, c, "/"), `class="kpis kpis-after"`, `</section>`)
	contains(t, dash, `kpi kpi-alert" href="/followups"`, "1 overdue")
}

// TestFollowUpOtherShop shows that another shop's agent finds none of the
// follow-up's addresses and changes nothing.
func TestFollowUpOtherShop(t *testing.T) {
	t.Parallel()
	b := setupFeedback(t, storetest.MustOpenSQLite(t))
	fd := b.mustFollowUp(t, b.mustAnswer(t, b.order, survey.NPS, 1, "Rusak"))
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	email := "other@" + strings.ToLower(purna.NewID(b.now)) + ".example"
	if _, err := b.auth.CreateUser(context.Background(), other.ID, email, "Agus", password, auth.Owner); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	if resp := b.post(t, c, "/login", url.Values{"email": {email}, "password": {password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	if status, _, _ := b.get(t, c, "/followups/"+fd.ID); status != http.StatusNotFound {
		t.Errorf("GET: %d, want 404", status)
	}
	for path, f := range map[string]url.Values{
		"/followups/" + fd.ID + "/act":                     actionForm("resolve", "remedy", "coupon"),
		"/followups/" + fd.ID + "/tasks/" + fd.Tasks[0].ID: {"outcome": {"reached"}},
	} {
		if status, _, _ := b.postBody(t, c, path, f); status != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, status)
		}
	}
	lacks(t, b.mustGet(t, c, "/followups"), fd.Number, "Rusak")
	lacks(t, b.mustGet(t, c, "/feedback/answers"), "Rusak")
	if got := b.mustDetail(t, fd.ID); got.Status != followup.Open || got.Tasks[0].Status != followup.TaskOpen {
		t.Errorf("changed: %s, task %s", got.Status, got.Tasks[0].Status)
	}
}

// TestFeedbackOff hides the pages when the app gives no services.
func TestFeedbackOff(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "en")
	for _, path := range []string{"/feedback", "/feedback/answers", "/feedback/answers.csv", "/followups",
		"/followups/" + purna.NewID(b.now)} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
	body := b.mustGet(t, c, "/")
	lacks(t, body, `href="/feedback"`, `href="/followups"`, "Follow-ups")
	contains(t, between(body, `class="nav-heading"`, `</nav>`), "Feedback") // still "coming next"
}

// TestFeedbackTranslated opens every feedback page in each language of
// the UI: no message key shows through.
func TestFeedbackTranslated(t *testing.T) {
	t.Parallel()
	b := setupFeedback(t, storetest.MustOpenSQLite(t))
	fd := b.mustFollowUp(t, b.mustAnswer(t, b.trackedOrder(t, "INV-7"), survey.NPS, 4, "Lambat"))
	b.mustAnswer(t, b.order, survey.CES, 2, "Susah")
	for _, tc := range []struct{ lang, want string }{{"id", "Tindak lanjut"}, {"en", "Follow-ups"}, {"ro", "Recontactări"}} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			c := b.login(t, tc.lang)
			for _, path := range []string{"/feedback", "/feedback?kind=ces&range=12m", "/feedback?kind=csat",
				"/feedback/answers", "/followups", "/followups?status=closed", "/followups/" + fd.ID} {
				body := b.mustGet(t, c, path)
				contains(t, body, tc.want)
				lacks(t, body, "feedback.", "followups.", "cases.", "nav.")
			}
		})
	}
}

package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/web"
)

// findJourney reads a journey from the store.
func (b *testBundle) findJourney(t *testing.T, shopID, id purna.ID) *journey.Journey {
	t.Helper()
	j, err := sqlstore.Journeys{Store: b.store}.FindJourneyByID(context.Background(), shopID, id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// postPage posts form to path and returns the status, the body and the
// redirect target.
func (b *testBundle) postPage(t *testing.T, c *http.Client, path string, form url.Values) (int, string, string) {
	t.Helper()
	resp, err := c.PostForm(b.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, readAll(t, resp), resp.Header.Get("Location")
}

// howtoForm is the editor's form for the shipped how-to journey as the
// page fills it in Indonesian, which tests then change.
func howtoForm() url.Values {
	return url.Values{
		"name": {"Cara pakai, tiga hari setelah diterima"}, "reentry": {"per_order"}, "orders": {"any"},
		"exit_on":      {"case.opened"},
		"steps.0.type": {"wait"}, "steps.0.amount": {"3"}, "steps.0.unit": {"days"}, "steps.0.when": {"previous"},
		"steps.0.anchor": {"event"},
		"steps.1.type":   {"send"}, "steps.1.template": {"howto_onboarding"}, "steps.1.channel": {"email"},
	}
}

// stepOrder lists the step types in the order the page shows them.
func stepOrder(body string) []string {
	var out []string
	for i := 0; ; i++ {
		p := `name="steps.` + strconv.Itoa(i) + `.type" value="`
		at := strings.Index(body, p)
		if at < 0 {
			return out
		}
		rest := body[at+len(p):]
		out = append(out, rest[:strings.IndexByte(rest, '"')])
	}
}

func TestJourneyEditForm(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	howto := b.installJourneys(t, b.shop.ID)["howto_onboarding"]
	c := b.login(t, "id")

	contains(t, b.mustGet(t, c, "/journeys"), `href="/journeys/new"`, "Alur baru")
	contains(t, b.mustGet(t, c, "/journeys/"+howto.ID), `href="/journeys/`+howto.ID+`/edit"`, ">Ubah<")

	body := b.mustGet(t, c, "/journeys/"+howto.ID+"/edit")
	contains(t, body, `action="/journeys/`+howto.ID+`/edit"`, `value="Cara pakai, tiga hari setelah diterima"`,
		`href="/journeys" aria-current="page"`, "Saat pesanan diterima", "Transaksional",
		`name="steps.0.type" value="wait"`, `name="steps.0.amount" type="number" min="0" step="1" inputmode="numeric" value="3"`,
		`<option value="days" selected>hari</option>`, `<option value="previous" selected>setelah langkah sebelumnya</option>`,
		`name="steps.1.type" value="send"`, `<option value="howto_onboarding" selected>Panduan penggunaan</option>`,
		`<option value="email" selected>Email</option>`, `<option value="whatsapp">WhatsApp</option>`,
		`name="exit_on" value="case.opened" checked`, `name="reentry" value="per_order" checked`,
		`name="orders" value="any" checked`, `name="op" value="add_wait"`, `name="op" value="up:1"`,
		`name="op" value="remove:0"`)
	lacks(t, body, "journeys.", `name="kind"`, `name="trigger"`)
}

func TestJourneyEditSave(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	howto := b.installJourneys(t, b.shop.ID)["howto_onboarding"]
	c := b.login(t, "id")

	form := howtoForm()
	form.Set("steps.0.amount", "5")
	form.Set("min_total", "500000")
	form.Set("categories", "Dapur, Elektronik, dapur ,")
	form["locales"] = []string{"id", "en"}
	form.Set("orders", "first")
	form.Set("reentry", "per_customer")
	form.Set("exit_custom", "subscription.cancelled")
	form.Set("steps.2.type", "wait")
	form.Set("steps.2.amount", "30")
	form.Set("steps.2.unit", "days")
	form.Set("steps.2.when", "before")
	form.Set("steps.2.anchor", "warranty_ends_at")
	form.Set("steps.3.type", "send")
	form.Set("steps.3.template", "warranty_ending")
	form.Set("steps.3.channel", "email")
	form.Set("op", "save")
	status, body, loc := b.postPage(t, c, "/journeys/"+howto.ID+"/edit", form)
	if status != http.StatusSeeOther || loc != "/journeys/"+howto.ID {
		t.Fatalf("save: %d %q\n%s", status, loc, body)
	}

	got := b.findJourney(t, b.shop.ID, howto.ID)
	first, min := true, int64(50000000)
	want := []journey.Step{
		{Wait: &journey.Wait{Duration: journey.Duration(5 * 24 * time.Hour)}},
		{Send: &journey.Send{Template: "howto_onboarding", Channel: "email"}},
		{Wait: &journey.Wait{Anchor: "warranty_ends_at", Offset: journey.Duration(-30 * 24 * time.Hour)}},
		{Send: &journey.Send{Template: "warranty_ending", Channel: "email"}},
	}
	if !reflect.DeepEqual(got.Steps, want) {
		t.Errorf("steps: %+v", got.Steps)
	}
	wantCond := journey.Conditions{MinTotal: &min, Categories: []string{"Dapur", "Elektronik", "dapur"},
		Locales: []string{"id", "en"}, FirstOrder: &first}
	if !reflect.DeepEqual(got.Conditions, wantCond) {
		t.Errorf("conditions: %+v", got.Conditions)
	}
	if got.Key != "howto_onboarding" || got.Reentry != journey.PerCustomer || got.Kind != journey.Transactional ||
		got.Trigger != timeline.OrderDelivered || got.Status != journey.Active {
		t.Errorf("journey: %+v", got)
	}
	if !reflect.DeepEqual(got.ExitOn, []timeline.Type{journey.CaseOpened, "subscription.cancelled"}) {
		t.Errorf("exit on: %v", got.ExitOn)
	}
	// The translated name was left as it was: the journey keeps its
	// shipped name, and so its name in every language.
	if got.Name != howto.Name || !got.UpdatedAt.Equal(b.now) {
		t.Errorf("name %q updated %v", got.Name, got.UpdatedAt)
	}
	contains(t, b.mustGet(t, b.login(t, "en"), "/journeys/"+howto.ID), "How to use it, three days after delivery",
		"Orders of at least Rp 500,000", "until 30 days before warranty ends at")

	// The form shows the saved journey again, the anchored wait included.
	body = b.mustGet(t, c, "/journeys/"+howto.ID+"/edit")
	contains(t, body, `value="500000"`, `value="Dapur, Elektronik, dapur"`, `name="locales" value="id" checked`,
		`name="orders" value="first" checked`, `value="subscription.cancelled"`,
		`<option value="before" selected>sebelum suatu tanggal</option>`, `value="warranty_ends_at"`)

	// A new name is kept as typed.
	form.Set("name", "Panduan pakai")
	if status, body, _ := b.postPage(t, c, "/journeys/"+howto.ID+"/edit", form); status != http.StatusSeeOther {
		t.Fatalf("rename: %d\n%s", status, body)
	}
	if got := b.findJourney(t, b.shop.ID, howto.ID); got.Name != "Panduan pakai" || got.Key != "howto_onboarding" {
		t.Errorf("after renaming: %q %q", got.Name, got.Key)
	}
}

func TestJourneyEditInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	howto := b.installJourneys(t, b.shop.ID)["howto_onboarding"]
	before := b.findJourney(t, b.shop.ID, howto.ID)
	c := b.login(t, "id")

	tests := []struct {
		name  string
		edit  func(url.Values)
		wants []string
	}{
		{"EmptyName", func(f url.Values) { f.Set("name", " ") },
			[]string{`id="err-name"`, "Beri nama alur ini.", `aria-describedby="err-name"`}},
		{"NotANumber", func(f url.Values) { f.Set("steps.0.amount", "tiga") },
			[]string{`id="err-steps.0.duration"`, "Isi dengan bilangan bulat", `value="tiga"`}},
		{"ZeroWait", func(f url.Values) { f.Set("steps.0.amount", "0") },
			[]string{`id="err-steps.0.duration"`, "harus lebih dari nol"}},
		{"NoAnchor", func(f url.Values) { f.Set("steps.0.when", "after"); f.Set("steps.0.anchor", "") },
			[]string{`id="err-steps.0.anchor"`, "warranty_ends_at"}},
		{"UnknownTemplate", func(f url.Values) { f.Set("steps.1.template", "birthday_wish") },
			[]string{`id="err-steps.1.template"`, "Pilih salah satu pesan.", `<option value="birthday_wish" selected>`}},
		{"BadAmount", func(f url.Values) { f.Set("min_total", "12.345") },
			[]string{`id="err-conditions.min_total"`, "Isi jumlah seperti 500000", `value="12.345"`}},
		{"BadExitEvent", func(f url.Values) { f.Set("exit_custom", "Dibatalkan") },
			[]string{`id="err-exit_on"`, "subscription.cancelled"}},
		{"NoSteps", func(f url.Values) {
			for k := range f {
				if strings.HasPrefix(k, "steps.") {
					f.Del(k)
				}
			}
		}, []string{`id="err-steps"`, "Tambahkan setidaknya satu langkah."}},
		{"TwoProblems", func(f url.Values) { f.Set("name", ""); f.Set("steps.0.amount", "-1") },
			[]string{"Beri nama alur ini.", `id="err-steps.0.duration"`}},
	}
	t.Cleanup(func() {
		if after := b.findJourney(t, b.shop.ID, howto.ID); !reflect.DeepEqual(after, before) {
			t.Errorf("an invalid form changed the journey:\n%+v\n%+v", before, after)
		}
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			form := howtoForm()
			tc.edit(form)
			form.Set("op", "save")
			status, body, _ := b.postPage(t, c, "/journeys/"+howto.ID+"/edit", form)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%s", status, body)
			}
			contains(t, body, append(tc.wants, `role="alert"`, "Belum ada yang disimpan.")...)
			lacks(t, body, "journeys.edit.")
		})
	}
}

func TestJourneyEditStepsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	howto := b.installJourneys(t, b.shop.ID)["howto_onboarding"]
	before := b.findJourney(t, b.shop.ID, howto.ID)
	c := b.login(t, "en")
	path := "/journeys/" + howto.ID + "/edit"

	tests := []struct {
		op    string
		order []string
	}{
		{"add_wait", []string{"wait", "send", "wait"}},
		{"add_send", []string{"wait", "send", "send"}},
		{"up:1", []string{"send", "wait"}},
		{"down:0", []string{"send", "wait"}},
		{"up:0", []string{"wait", "send"}},   // the first step stays first
		{"down:1", []string{"wait", "send"}}, // and the last stays last
		{"remove:0", []string{"send"}},
		{"remove:1", []string{"wait"}},
	}
	t.Cleanup(func() {
		if after := b.findJourney(t, b.shop.ID, howto.ID); !reflect.DeepEqual(after, before) {
			t.Errorf("a step button saved the journey: %+v", after)
		}
	})
	for _, tc := range tests {
		t.Run(tc.op, func(t *testing.T) {
			t.Parallel()
			form := howtoForm()
			form.Set("name", "How-to, edited")
			form.Set("op", tc.op)
			status, body, loc := b.postPage(t, c, path, form)
			if status != http.StatusOK || loc != "" {
				t.Fatalf("status %d %q, want the form again", status, loc)
			}
			if got := stepOrder(body); !reflect.DeepEqual(got, tc.order) {
				t.Errorf("steps %v, want %v", got, tc.order)
			}
			// What was typed stays typed.
			contains(t, body, `value="How-to, edited"`)
			lacks(t, body, `role="alert"`)
		})
	}

	t.Run("MovedValuesTravel", func(t *testing.T) {
		t.Parallel()
		form := howtoForm()
		form.Set("steps.0.amount", "9")
		form.Set("steps.0.unit", "hours")
		form.Set("op", "up:1")
		_, body, _ := b.postPage(t, c, path, form)
		contains(t, body, `name="steps.1.amount" type="number" min="0" step="1" inputmode="numeric" value="9"`,
			`<option value="hours" selected>hours</option>`, `name="op" value="up:0" title="Move up" aria-label="Move step 1 up" disabled`)
	})
}

func TestJourneyNew(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	c := b.login(t, "ro")

	body := b.mustGet(t, c, "/journeys/new")
	contains(t, body, "Parcurs nou", `action="/journeys/new"`, `name="kind" value="transactional" checked`,
		`<option value="order.delivered" selected>`, `<option value="custom">Eveniment propriu</option>`,
		`name="custom_trigger"`, `step="1"`)
	lacks(t, body, "journeys.")

	form := url.Values{"name": {"Garanție înregistrată"}, "kind": {"marketing"}, "trigger": {"custom"},
		"custom_trigger": {"warranty.registered"}, "reentry": {"every_time"}, "orders": {"repeat"},
		"min_total":    {"99.9"},
		"steps.0.type": {"wait"}, "steps.0.amount": {"2"}, "steps.0.unit": {"hours"}, "steps.0.when": {"after"},
		"steps.0.anchor": {"event"},
		"steps.1.type":   {"send"}, "steps.1.template": {"maintenance_due"}, "steps.1.channel": {"email"},
		"op": {"save"}}
	status, body, loc := b.postPage(t, c, "/journeys/new", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/journeys/") {
		t.Fatalf("create: %d %q\n%s", status, loc, body)
	}
	id := strings.TrimPrefix(loc, "/journeys/")
	j := b.findJourney(t, b.shop.ID, id)
	min, first := int64(9990), false
	if j.Name != "Garanție înregistrată" || j.Kind != journey.Marketing || j.Trigger != "warranty.registered" ||
		j.Reentry != journey.EveryTime || !strings.HasPrefix(j.Key, "custom_") || j.Status != journey.Active ||
		!reflect.DeepEqual(j.Conditions, journey.Conditions{MinTotal: &min, FirstOrder: &first}) ||
		!reflect.DeepEqual(j.Steps[0], journey.Step{Wait: &journey.Wait{Anchor: "event", Offset: journey.Duration(2 * time.Hour)}}) {
		t.Errorf("created %+v %+v", j, j.Conditions)
	}
	contains(t, b.mustGet(t, c, "/journeys"), "Garanție înregistrată")

	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		bad := url.Values{"name": {"X"}, "kind": {"marketing"}, "trigger": {"custom"}, "custom_trigger": {"Garanție"},
			"steps.0.type": {"send"}, "steps.0.template": {"winback"}, "steps.0.channel": {"email"}, "op": {"save"}}
		status, body, _ := b.postPage(t, c, "/journeys/new", bad)
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", status)
		}
		contains(t, body, `id="err-trigger"`, "Alege ce pornește parcursul.", `value="Garanție"`)
		js, err := sqlstore.Journeys{Store: b.store}.FindJourneys(context.Background(), b.shop.ID)
		if err != nil || len(js) != 1 {
			t.Errorf("after an invalid create there are %d journeys (%v)", len(js), err)
		}
	})
}

func TestJourneyEditOtherShop(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
	theirs := b.installJourneys(t, other.ID)["howto_onboarding"]
	before := b.findJourney(t, other.ID, theirs.ID)
	c := b.login(t, "en")

	for _, path := range []string{"/journeys/" + theirs.ID + "/edit", "/journeys/bogus/edit"} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, status)
		}
	}
	for _, op := range []string{"save", "add_wait"} {
		form := howtoForm()
		form.Set("name", "Mine now")
		form.Set("op", op)
		if status, _, _ := b.postPage(t, c, "/journeys/"+theirs.ID+"/edit", form); status != http.StatusNotFound {
			t.Errorf("POST %s on another shop's journey: status %d, want 404", op, status)
		}
	}
	if after := b.findJourney(t, other.ID, theirs.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("another shop's journey changed: %+v", after)
	}
}

func TestJourneyEditorOff(t *testing.T) {
	t.Parallel()
	b := setupWith(t, nil, func(cfg *web.Config) { cfg.JourneyService = nil })
	howto := b.installJourneys(t, b.shop.ID)["howto_onboarding"]
	c := b.login(t, "en")
	lacks(t, b.mustGet(t, c, "/journeys"), `href="/journeys/new"`)
	lacks(t, b.mustGet(t, c, "/journeys/"+howto.ID), "/edit")
	for _, path := range []string{"/journeys/new", "/journeys/" + howto.ID + "/edit"} {
		if status, _, _ := b.get(t, c, path); status != http.StatusNotFound {
			t.Errorf("GET %s without an editor: status %d, want 404", path, status)
		}
	}
}

// TestJourneyEditKeepsBranches: a journey with a branch (set through the
// API) shows it in words, and saving the form keeps it as it was.
func TestJourneyEditKeepsBranches(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	howto := b.installJourneys(t, b.shop.ID)["howto_onboarding"]
	js := sqlstore.Journeys{Store: b.store}
	first := true
	howto.Steps = append([]journey.Step{{Branch: &journey.Branch{If: journey.BranchIf{
		Conditions: journey.Conditions{FirstOrder: &first}, Consent: "email"}}}}, howto.Steps...)
	if err := howto.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := js.SaveJourney(context.Background(), howto); err != nil {
		t.Fatal(err)
	}
	c := b.login(t, "en")
	contains(t, b.mustGet(t, c, "/journeys/"+howto.ID), "Only if", "First orders only; Customers who agreed to marketing by Email; otherwise the journey ends")
	body := b.mustGet(t, c, "/journeys/"+howto.ID+"/edit")
	if got := stepOrder(body); !reflect.DeepEqual(got, []string{"branch", "wait", "send"}) {
		t.Fatalf("steps on the page = %v", got)
	}
	form := howtoForm()
	form.Set("name", "How-to for first orders")
	for k := range form {
		if strings.HasPrefix(k, "steps.") {
			form.Del(k)
		}
	}
	raw := between(body, `name="steps.0.branch" value="`, `"`)
	form.Set("steps.0.type", "branch")
	form.Set("steps.0.branch", html.UnescapeString(raw))
	form.Set("steps.1.type", "wait")
	form.Set("steps.1.amount", "3")
	form.Set("steps.1.unit", "days")
	form.Set("steps.1.when", "previous")
	form.Set("steps.1.anchor", "event")
	form.Set("steps.2.type", "send")
	form.Set("steps.2.template", "howto_onboarding")
	form.Set("steps.2.channel", "email")
	if code, body, _ := b.postPage(t, c, "/journeys/"+howto.ID+"/edit", form); code != http.StatusOK && code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, body)
	}
	got := b.findJourney(t, b.shop.ID, howto.ID)
	if got.Name != "How-to for first orders" || len(got.Steps) != 3 || got.Steps[0].Branch == nil ||
		got.Steps[0].Branch.If.Consent != "email" || got.Steps[0].Branch.If.FirstOrder == nil || !*got.Steps[0].Branch.If.FirstOrder {
		t.Errorf("saved journey = %+v (first step %+v)", got, got.Steps[0])
	}
}

// between returns the text of s after the first start, up to end.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}

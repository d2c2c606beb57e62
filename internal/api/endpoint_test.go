package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/api"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/webhook"
)

// setupWebhooks is setup with outbound webhooks switched on.
func setupWebhooks(t *testing.T, d *db.DB) *testBundle {
	t.Helper()
	b := setup(t, d)
	b.api = api.New(api.Config{Auth: b.authSv, Shops: sqlstore.Shops{Store: b.store}, Store: b.store,
		Webhooks: webhook.NewService(sqlstore.Webhooks{Store: b.store}, purna.SystemClock{}), MaxBodyBytes: 64 << 10})
	mux := http.NewServeMux()
	b.api.Register(mux)
	b.srv = httptest.NewServer(mux)
	t.Cleanup(b.srv.Close)
	return b
}

func TestWebhooksAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupWebhooks(t, d)
		doc := b.api.OpenAPI()
		raw, _ := json.Marshal(doc)
		var spec struct {
			Paths      map[string]map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &spec); err != nil {
			t.Fatal(err)
		}
		// conforms checks a response against the documented schema.
		conforms := func(r reply, method, path string) {
			t.Helper()
			schema := dig(spec.Paths[path][strings.ToLower(method)], "responses", itoa(r.status), "content", "application/json", "schema")
			var v any
			_ = json.Unmarshal(r.body, &v)
			if errs := validate(schema, v, spec.Components.Schemas, "$"); len(errs) > 0 {
				t.Errorf("%s %s does not match its schema:\n%s", method, path, strings.Join(errs, "\n"))
			}
		}

		created := b.do(t, "POST", "/api/v1/webhooks", b.key, `{"url":"https://erp.example.com/purna","description":"ERP",
			"event_types":["order.paid","message.*"]}`)
		if created.status != http.StatusCreated {
			t.Fatalf("create: %d %s", created.status, created.body)
		}
		conforms(created, "POST", "/api/v1/webhooks")
		var ep struct {
			ID         string   `json:"id"`
			Secret     string   `json:"secret"`
			Status     string   `json:"status"`
			EventTypes []string `json:"event_types"`
		}
		created.decode(t, &ep)
		if !strings.HasPrefix(ep.Secret, "whsec_") || ep.Status != "active" || len(ep.EventTypes) != 2 {
			t.Errorf("created = %s", created.body)
		}
		path := "/api/v1/webhooks/" + ep.ID

		got := b.do(t, "GET", path, b.key, nil)
		conforms(got, "GET", "/api/v1/webhooks/{id}")
		if got.status != 200 || strings.Contains(string(got.body), "whsec_") {
			t.Errorf("get shows the secret or fails: %d %s", got.status, got.body)
		}
		list := b.do(t, "GET", "/api/v1/webhooks", b.key, nil)
		conforms(list, "GET", "/api/v1/webhooks")
		if list.status != 200 || strings.Count(string(list.body), `"id"`) != 1 || strings.Contains(string(list.body), "whsec_") {
			t.Errorf("list: %d %s", list.status, list.body)
		}

		// Bad input names its fields.
		for name, tc := range map[string]struct {
			method, path, body string
			status             int
			fields             []string
		}{
			"CreateBad": {"POST", "/api/v1/webhooks", `{"url":"http://erp.example.com/purna","event_types":["order.paid","Order Paid"]}`,
				422, []string{"url", "event_types[1]"}},
			"CreateNoTypes":  {"POST", "/api/v1/webhooks", `{"url":"https://erp.example.com/purna","event_types":[]}`, 422, []string{"event_types"}},
			"CreateUnknown":  {"POST", "/api/v1/webhooks", `{"url":"https://erp.example.com/purna","event_types":["*"],"secret":"mine"}`, 422, []string{"secret"}},
			"UpdateBad":      {"PATCH", path, `{"status":"paused","event_types":["ok.type","nope"]}`, 422, []string{"status", "event_types[1]"}},
			"DeliveriesBad":  {"GET", path + "/deliveries?status=lost&limit=0", "", 422, []string{"status", "limit"}},
			"DeliveriesJunk": {"GET", path + "/deliveries?cursor=zzz", "", 422, []string{"cursor"}},
		} {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			r := b.do(t, tc.method, tc.path, b.key, body)
			if r.status != tc.status {
				t.Errorf("%s: %d %s", name, r.status, r.body)
			}
			for _, f := range tc.fields {
				if !strings.Contains(string(r.body), `"field":"`+f+`"`) {
					t.Errorf("%s: no error for %s: %s", name, f, r.body)
				}
			}
		}

		upd := b.do(t, "PATCH", path, b.key, `{"status":"disabled","event_types":["order.*"]}`)
		conforms(upd, "PATCH", "/api/v1/webhooks/{id}")
		if upd.status != 200 || !strings.Contains(string(upd.body), `"status":"disabled"`) || !strings.Contains(string(upd.body), `"disabled_reason"`) {
			t.Errorf("disable: %d %s", upd.status, upd.body)
		}
		if r := b.do(t, "POST", path+"/deliveries/test", b.key, nil); r.status != http.StatusConflict {
			t.Errorf("test on a disabled endpoint: %d %s", r.status, r.body)
		}
		b.do(t, "PATCH", path, b.key, `{"status":"active"}`)

		rot := b.do(t, "POST", path+"/secret/rotate", b.key, nil)
		conforms(rot, "POST", "/api/v1/webhooks/{id}/secret/rotate")
		var rotated struct{ Secret string }
		rot.decode(t, &rotated)
		if rot.status != 200 || !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Secret == ep.Secret {
			t.Errorf("rotate: %d %s", rot.status, rot.body)
		}

		test := b.do(t, "POST", path+"/deliveries/test", b.key, nil)
		conforms(test, "POST", "/api/v1/webhooks/{id}/deliveries/test")
		if test.status != http.StatusAccepted || !strings.Contains(string(test.body), `"type":"webhook.test"`) {
			t.Errorf("test: %d %s", test.status, test.body)
		}
		dl := b.do(t, "GET", path+"/deliveries?status=pending", b.key, nil)
		conforms(dl, "GET", "/api/v1/webhooks/{id}/deliveries")
		var page purna.Page[webhook.Delivery]
		dl.decode(t, &page)
		if dl.status != 200 || page.Total != 1 || len(page.Items) != 1 || page.Items[0].Type != webhook.TestType {
			t.Errorf("deliveries: %d %s", dl.status, dl.body)
		}

		// Another shop's key reaches none of it.
		other := testBundleKey(t, b)
		for _, r := range []struct{ method, path string }{
			{"GET", path}, {"PATCH", path}, {"DELETE", path}, {"POST", path + "/secret/rotate"},
			{"POST", path + "/deliveries/test"}, {"GET", path + "/deliveries"},
		} {
			var body any
			if r.method == "PATCH" {
				body = `{"url":"https://evil.example/hook"}`
			}
			if res := b.do(t, r.method, r.path, other, body); res.status != http.StatusNotFound {
				t.Errorf("%s %s with another shop's key: %d %s", r.method, r.path, res.status, res.body)
			}
		}
		if r := b.do(t, "GET", "/api/v1/webhooks", other, nil); strings.TrimSpace(string(r.body)) != "[]" {
			t.Errorf("another shop's list: %s", r.body)
		}

		del := b.do(t, "DELETE", path, b.key, nil)
		conforms(del, "DELETE", "/api/v1/webhooks/{id}")
		if del.status != 200 {
			t.Errorf("delete: %d %s", del.status, del.body)
		}
		if r := b.do(t, "GET", path, b.key, nil); r.status != http.StatusNotFound {
			t.Errorf("after delete: %d", r.status)
		}
	})
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

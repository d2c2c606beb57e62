package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/storetest"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/testfix"
	"github.com/purnajual/purna/internal/timeline"
)

// TestFeedbackAPI answers Siti's NPS survey with a 3 through its link,
// lets the follow-up reactor open the follow-up, and works it through the
// API: the results, the answers, the follow-up with its call task, the
// call, the resolution; another shop's key sees none of it.
func TestFeedbackAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, d *db.DB) {
		b := setupCases(t, d)
		ctx := context.Background()
		clock := purna.SystemClock{}
		secret := []byte("api test secret, thirty-two byte")
		b.api.Surveys = survey.NewService(sqlstore.Surveys{Store: b.store}, clock, secret)
		b.api.FollowUps = followup.NewService(sqlstore.FollowUps{Store: b.store}, clock, followup.Gather(followup.Sources{
			Customers: customer.NewService(sqlstore.Customers{Store: b.store}, clock),
			Orders:    order.NewService(sqlstore.Orders{Store: b.store}, clock), Eligibility: b.api.Cases}))
		l := survey.Link{ShopID: b.shop.ID, CustomerID: b.customerID, Kind: survey.NPS, OrderID: &b.orderID}
		if _, err := b.api.Surveys.Answer(ctx, l.Token(secret), 3, "id"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.api.Surveys.AddComment(ctx, l.Token(secret), survey.Comment{Comment: "Filternya bocor"}); err != nil {
			t.Fatal(err)
		}
		// What the dispatch job does with the answer's events.
		evs, _, err := (sqlstore.Customers{Store: b.store}).FindEvents(ctx, timeline.Filter{ShopID: b.shop.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range slices.Backward(evs) { // oldest first, as they were appended
			if err := b.api.FollowUps.React(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}

		var res survey.Results
		b.do(t, "GET", "/api/v1/surveys/results?kind=nps", b.key, nil).decode(t, &res)
		if res.Overall.NPS == nil || res.Overall.NPS.N != 1 || res.Overall.NPS.Score != -100 || len(res.ByProduct) != 2 ||
			len(res.BySource) != 1 || res.BySource[0].Key != "api" {
			t.Fatalf("results = %+v", res)
		}
		if r := b.do(t, "GET", "/api/v1/surveys/results?kind=xyz", b.key, nil); r.status != 422 && r.status != 400 {
			t.Fatalf("bad kind: %d %s", r.status, r.body)
		}
		var answers purna.Page[survey.Response]
		b.do(t, "GET", "/api/v1/surveys/responses?q=bocor&unhappy=true", b.key, nil).decode(t, &answers)
		if answers.Total != 1 || answers.Items[0].Comment != "Filternya bocor" {
			t.Fatalf("answers = %+v", answers)
		}
		b.do(t, "GET", "/api/v1/surveys/responses?q=nothing", b.key, nil).decode(t, &answers)
		if answers.Total != 0 {
			t.Fatalf("search for nothing found %d", answers.Total)
		}

		var list purna.Page[followup.FollowUp]
		b.do(t, "GET", "/api/v1/followups?open=true", b.key, nil).decode(t, &list)
		if list.Total != 1 || list.Items[0].Comment != "Filternya bocor" {
			t.Fatalf("follow-ups = %+v", list)
		}
		id := list.Items[0].ID
		var det followup.Detail
		b.do(t, "GET", "/api/v1/followups/"+id, b.key, nil).decode(t, &det)
		if len(det.Tasks) != 1 || det.Context.Order == nil || det.Context.Order.ID != b.orderID {
			t.Fatalf("follow-up = %+v", det)
		}
		// A wrong step is refused and changes nothing.
		if r := b.do(t, "POST", "/api/v1/followups/"+id+"/actions", b.key, `{"action":"reopen"}`); r.status != http.StatusConflict {
			t.Fatalf("reopen an open follow-up: %d %s", r.status, r.body)
		}
		if r := b.do(t, "POST", "/api/v1/followups/"+id+"/actions", b.key, `{"action":"resolve","remedy":"gift"}`); r.status != 422 ||
			!strings.Contains(string(r.body), "remedy") {
			t.Fatalf("resolve with a bad remedy: %d %s", r.status, r.body)
		}
		other := testfix.Shop(t, b.store, &testfix.ShopOpts{Name: "Toko Lain"})
		otherKey := b.newKey(t, other.ID)
		for _, tc := range []struct{ method, path, body string }{
			{"GET", "/api/v1/followups/" + id, ""},
			{"POST", "/api/v1/followups/" + id + "/actions", `{"action":"contact"}`},
			{"POST", "/api/v1/tasks/" + det.Tasks[0].ID + "/complete", `{"outcome":"reached"}`},
		} {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			if r := b.do(t, tc.method, tc.path, otherKey, body); r.status != http.StatusNotFound {
				t.Errorf("%s %s with another shop's key: %d %s", tc.method, tc.path, r.status, r.body)
			}
		}
		b.do(t, "GET", "/api/v1/followups", otherKey, nil).decode(t, &list)
		var otherAnswers purna.Page[survey.Response]
		b.do(t, "GET", "/api/v1/surveys/responses", otherKey, nil).decode(t, &otherAnswers)
		if list.Total != 0 || otherAnswers.Total != 0 {
			t.Fatalf("another shop sees %d follow-ups and %d answers", list.Total, otherAnswers.Total)
		}

		if r := b.do(t, "POST", "/api/v1/tasks/"+det.Tasks[0].ID+"/complete", b.key, `{"outcome":"reached","note":"Sends a new filter"}`); r.status != 200 {
			t.Fatalf("complete: %d %s", r.status, r.body)
		}
		var f followup.FollowUp
		r := b.do(t, "POST", "/api/v1/followups/"+id+"/actions", b.key, `{"action":"resolve","remedy":"replacement","note":"W-1003"}`)
		r.decode(t, &f)
		if r.status != 200 || f.Status != followup.Resolved || f.FirstContactAt == nil {
			t.Fatalf("resolve: %d %s", r.status, r.body)
		}
		var st followup.Stats
		b.do(t, "GET", "/api/v1/followups/stats", b.key, nil).decode(t, &st)
		if st.Opened != 1 || st.Contacted != 1 || st.ByRemedy[followup.Replacement] != 1 {
			t.Fatalf("stats = %+v", st)
		}
		var tasks []followup.Task
		b.do(t, "GET", "/api/v1/tasks?status=open", b.key, nil).decode(t, &tasks)
		if len(tasks) != 0 {
			t.Fatalf("%d open tasks after the call", len(tasks))
		}
	})
}

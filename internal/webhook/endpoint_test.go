package webhook_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/webhook"
)

func TestEndpointValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		url    string
		types  []string
		fields []string // the fields named; none when valid
	}{
		{name: "Valid", url: "https://example.com/hooks", types: []string{"order.paid", "message.*", "shipment.out_for_delivery"}},
		{name: "Everything", url: "https://example.com/hooks", types: []string{"*"}},
		{name: "HTTPLocalhost", url: "http://localhost:3000/hooks", types: []string{"order.paid"}},
		{name: "HTTPDevLocalhost", url: "http://shop.localhost/hooks", types: []string{"order.paid"}},
		{name: "HTTPLoopbackIPv4", url: "http://127.0.0.1:8081/hooks", types: []string{"order.paid"}},
		{name: "HTTPLoopbackIPv6", url: "http://[::1]:8081/hooks", types: []string{"order.paid"}},
		{name: "HTTPElsewhere", url: "http://example.com/hooks", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "HTTPPrivateNetwork", url: "http://10.0.0.5/hooks", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "HTTPLocalhostLookalike", url: "http://localhost.example.com/hooks", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "OtherScheme", url: "ftp://example.com/hooks", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "Relative", url: "/hooks", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "NoURL", url: " ", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "Fragment", url: "https://example.com/hooks#x", types: []string{"order.paid"}, fields: []string{"url"}},
		{name: "NoTypes", url: "https://example.com/hooks", fields: []string{"event_types"}},
		{name: "BadTypes", url: "https://example.com/hooks", types: []string{"order.paid", "Order Paid", "message.*", "message*", ".*", "order"},
			fields: []string{"event_types[1]", "event_types[3]", "event_types[4]", "event_types[5]"}},
		{name: "Duplicate", url: "https://example.com/hooks", types: []string{"order.paid", " order.paid"}, fields: []string{"event_types[1]"}},
		{name: "Both", url: "gopher://x", types: []string{"order.paid", "x.*.y"}, fields: []string{"url", "event_types[1]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := &webhook.Endpoint{URL: tc.url, EventTypes: tc.types}
			err := e.Validate()
			got := purna.ErrorFields(err)
			if len(tc.fields) == 0 {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				if e.Status != webhook.Active {
					t.Errorf("status = %q, want active by default", e.Status)
				}
				return
			}
			if purna.ErrorCode(err) != purna.EINVALID || len(got) != len(tc.fields) {
				t.Fatalf("Validate = %v, want problems with %v", err, tc.fields)
			}
			for _, f := range tc.fields {
				if got[f] == "" {
					t.Errorf("no problem named %q in %v", f, got)
				}
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pattern string
		typ     timeline.Type
		want    bool
	}{
		{"message.*", "message.sent", true},
		{"message.*", "message.failed", true},
		{"message.*", "message.whatsapp.read", true},
		{"message.*", "messages.sent", false},
		{"message.*", "message", false},
		{"order.paid", "order.paid", true},
		{"order.paid", "order.paid_twice", false},
		{"*", "anything.at_all", true},
		{"shipment.*", "order.paid", false},
	}
	for _, tc := range cases {
		if got := webhook.Match(tc.pattern, tc.typ); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.typ, got, tc.want)
		}
	}
	e := &webhook.Endpoint{EventTypes: []string{"order.paid", "message.*"}}
	if !e.Wants("message.skipped") || !e.Wants("order.paid") || e.Wants("order.placed") {
		t.Error("Wants disagrees with the patterns")
	}
}

func TestPayload(t *testing.T) {
	t.Parallel()
	cust, ord := "01JCUSTOMER000000000000000", "01JORDER000000000000000000"
	ev := timeline.Event{ID: "01JEVENT000000000000000000", Type: "message.sent", CustomerID: &cust, OrderID: &ord,
		OccurredAt: time.Date(2026, 11, 20, 10, 4, 5, 123, time.FixedZone("WIB", 7*3600)),
		Data:       json.RawMessage(`{"message_id":"m1","template":"order_shipped","order_id":"stale"}`)}
	b, err := webhook.Payload(ev)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":"message.sent","timestamp":"2026-11-20T03:04:05Z","data":{"customer_id":"01JCUSTOMER000000000000000",` +
		`"event_id":"01JEVENT000000000000000000","message_id":"m1","order_id":"01JORDER000000000000000000","template":"order_shipped"}}`
	if string(b) != want {
		t.Errorf("Payload =\n%s\nwant\n%s", b, want)
	}
	for _, data := range []string{``, `null`, `[1,2]`, `"text"`} {
		ev := timeline.Event{ID: "01JEVENT000000000000000000", Type: "x.y", Data: json.RawMessage(data)}
		b, err := webhook.Payload(ev)
		if err != nil {
			t.Fatalf("data %q: %v", data, err)
		}
		var got struct{ Data map[string]json.RawMessage }
		if err := json.Unmarshal(b, &got); err != nil || string(got.Data["event_id"]) != `"01JEVENT000000000000000000"` {
			t.Errorf("data %q: payload %s", data, b)
		}
		if strings.HasPrefix(data, "[") && string(got.Data["value"]) != data {
			t.Errorf("data %q not kept under value: %s", data, b)
		}
	}
}

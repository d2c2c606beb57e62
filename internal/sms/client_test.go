package sms

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "tokS3cret-9f8e7d"

// MustClient returns a Client for PURNA_SMS_URL rawURL, with "GATEWAY"
// replaced by the address of a test server running h.
func MustClient(tb testing.TB, h http.Handler, rawURL string) *Client {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	cfg, err := ParseURL(strings.Replace(rawURL, "GATEWAY", strings.TrimPrefix(srv.URL, "http://"), 1))
	if err != nil {
		tb.Fatal(err)
	}
	cfg.HTTPClient = srv.Client()
	c, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

var testMsg = Message{ID: "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA", To: "+6281234567890", Text: "Halo Budi, pesanan Anda sudah dikirim & akan tiba besok."}

// received is what the test gateway saw.
type received struct {
	method, path, contentType, auth, idemKey string
	json                                     map[string]any
	form                                     url.Values
}

func TestSendRequest(t *testing.T) {
	t.Parallel()
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("magazin:p@ss"))
	tests := []struct {
		name     string
		url      string
		answer   string
		want     received
		wantID   string
		romanian bool
	}{
		{
			name:   "json with bearer and ID",
			url:    "http://" + testToken + "@GATEWAY/v1/send?from=Toko&id_field=message_id",
			answer: `{"message_id":"gw-123","status":"queued"}`,
			want: received{method: "POST", path: "/v1/send", contentType: "application/json", auth: "Bearer " + testToken,
				json: map[string]any{"to": "+6281234567890", "text": testMsg.Text, "from": "Toko"}},
			wantID: "gw-123",
		},
		{
			name:   "json, nested numeric ID, custom fields, params, no sender",
			url:    "http://" + testToken + "@GATEWAY/api?to_field=recipient&text_field=body&id_field=data.id&param.channel=sms&param.priority=1",
			answer: `{"data":{"id":987654321012}}`,
			want: received{method: "POST", path: "/api", contentType: "application/json", auth: "Bearer " + testToken,
				json: map[string]any{"recipient": "+6281234567890", "body": testMsg.Text, "channel": "sms", "priority": "1"}},
			wantID: "987654321012",
		},
		{
			name:   "form with basic auth, plus stripped",
			url:    "http://magazin:p%40ss@GATEWAY/api/send?format=form&to_field=msisdn&text_field=message&from_field=sender&from=Magazin&strip_plus=true&param.route=transactional",
			answer: `OK`,
			want: received{method: "POST", path: "/api/send", contentType: "application/x-www-form-urlencoded", auth: basic,
				form: url.Values{"msisdn": {"6281234567890"}, "message": {testMsg.Text}, "sender": {"Magazin"}, "route": {"transactional"}}},
		},
		{
			name:   "form without auth",
			url:    "http://GATEWAY/send?format=form",
			answer: ``,
			want: received{method: "POST", path: "/send", contentType: "application/x-www-form-urlencoded",
				form: url.Values{"to": {"+6281234567890"}, "text": {testMsg.Text}}},
		},
		{
			name:     "romanian text arrives intact",
			url:      "http://GATEWAY/send",
			romanian: true,
			want: received{method: "POST", path: "/send", contentType: "application/json",
				json: map[string]any{"to": "+40723456789", "text": "Comanda ta a fost expediată și va ajunge mâine."}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got received
			c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = received{method: r.Method, path: r.URL.Path, contentType: r.Header.Get("Content-Type"),
					auth: r.Header.Get("Authorization"), idemKey: r.Header.Get("Idempotency-Key")}
				body, _ := io.ReadAll(r.Body)
				if got.contentType == "application/json" {
					if err := json.Unmarshal(body, &got.json); err != nil {
						t.Errorf("request body %q: %v", body, err)
					}
				} else {
					got.form, _ = url.ParseQuery(string(body))
				}
				reply(http.StatusOK, tc.answer)(w, r)
			}), tc.url)
			m := testMsg
			if tc.romanian {
				m = Message{ID: "m-ro-1", To: "+40723456789", Text: "Comanda ta a fost expediată și va ajunge mâine."}
			}
			id, err := c.Send(t.Context(), m)
			if err != nil {
				t.Fatal(err)
			}
			if id != tc.wantID {
				t.Errorf("id = %q, want %q", id, tc.wantID)
			}
			tc.want.idemKey = m.ID
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("gateway received\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestSendErrorClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		status        int
		body          string
		wantPermanent bool
		wantMaybe     bool
	}{
		{name: "bad request", status: 400, body: `{"error":"invalid number"}`, wantPermanent: true},
		{name: "not found", status: 404, wantPermanent: true},
		{name: "unprocessable", status: 422, body: `{"error":"text too long"}`, wantPermanent: true},
		{name: "request timeout", status: 408},
		{name: "too early", status: 425},
		{name: "rate limited", status: 429, body: `slow down`},
		{name: "same key in progress", status: 409, wantMaybe: true},
		{name: "bad credentials", status: 401},
		{name: "no credit", status: 402},
		{name: "forbidden", status: 403},
		{name: "server error", status: 500},
		{name: "unavailable", status: 503},
		{name: "gateway timeout", status: 504, wantMaybe: true},
		{name: "2xx without the ID", status: 200, body: `{"status":"error","message":"insufficient balance"}`, wantMaybe: true},
		{name: "2xx that is not JSON", status: 202, body: `<html>proxy</html>`, wantMaybe: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := MustClient(t, reply(tc.status, tc.body), "http://"+testToken+"@GATEWAY/send?id_field=id")
			id, err := c.Send(t.Context(), testMsg)
			e, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("Send = %q, %v; want an *Error", id, err)
			}
			if e.Status != tc.status {
				t.Errorf("Status = %d, want %d", e.Status, tc.status)
			}
			if e.Permanent() != tc.wantPermanent || IsPermanent(err) != tc.wantPermanent {
				t.Errorf("Permanent() = %v, want %v", e.Permanent(), tc.wantPermanent)
			}
			if e.MaybeDelivered() != tc.wantMaybe {
				t.Errorf("MaybeDelivered() = %v, want %v", e.MaybeDelivered(), tc.wantMaybe)
			}
			if want := strings.Join(strings.Fields(tc.body), " "); e.Body != want {
				t.Errorf("Body = %q, want %q", e.Body, want)
			}
			if !strings.Contains(err.Error(), testMsg.ID) {
				t.Errorf("error %q does not name the message", err)
			}
		})
	}
}

func TestSendNeverShowsSecrets(t *testing.T) {
	t.Parallel()
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, "rejected %s with %s", body, r.Header.Get("Authorization"))
	})
	for _, rawURL := range []string{
		"http://" + testToken + "@GATEWAY/send",
		"http://magazin:passS3cret@GATEWAY/send?format=form",
		"http://GATEWAY/send?format=form&param.userkey=keyS3cret&param.passkey=passS3cret",
	} {
		c := MustClient(t, echo, rawURL)
		_, err := c.Send(t.Context(), testMsg)
		if err == nil || strings.Contains(err.Error(), "S3cret") || !strings.Contains(err.Error(), "rejected") {
			t.Errorf("%s: error %v: want the gateway's answer without secrets", rawURL, err)
		}
	}
	// A long answer is cut after redaction, so no piece of a secret is left.
	c := MustClient(t, reply(500, strings.Repeat("x", maxBody-5)+testToken), "http://"+testToken+"@GATEWAY/send")
	_, err := c.Send(t.Context(), testMsg)
	if e, _ := errors.AsType[*Error](err); e == nil || strings.Contains(e.Body, testToken[:5]) {
		t.Errorf("error %v keeps part of the token", err)
	}
}

func TestSendTransportErrors(t *testing.T) {
	t.Parallel()
	assert := func(t *testing.T, c *Client, ctx context.Context, wantMaybe bool, wantIs error) {
		t.Helper()
		_, err := c.Send(ctx, testMsg)
		e, ok := errors.AsType[*Error](err)
		if !ok {
			t.Fatalf("Send error %T %v, want *Error", err, err)
		}
		if e.Status != 0 || e.Permanent() {
			t.Errorf("error %v: want status 0 and temporary", err)
		}
		if e.MaybeDelivered() != wantMaybe {
			t.Errorf("MaybeDelivered() = %v, want %v (%v)", e.MaybeDelivered(), wantMaybe, err)
		}
		if wantIs != nil && !errors.Is(err, wantIs) {
			t.Errorf("error %v is not %v", err, wantIs)
		}
	}

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, err := New(Config{URL: "http://" + addr + "/send", Auth: AuthBearer, Token: testToken})
		if err != nil {
			t.Fatal(err)
		}
		assert(t, c, t.Context(), false, nil)
	})
	t.Run("context cancelled before sending", func(t *testing.T) {
		t.Parallel()
		c := MustClient(t, reply(200, ""), "http://GATEWAY/send")
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assert(t, c, ctx, false, context.Canceled)
	})
	t.Run("connection dropped after the request was read", func(t *testing.T) {
		t.Parallel()
		c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			conn.Close()
		}), "http://GATEWAY/send")
		assert(t, c, t.Context(), true, nil)
	})
	t.Run("timeout waiting for the answer", func(t *testing.T) {
		t.Parallel()
		c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		}), "http://GATEWAY/send?timeout=100ms")
		assert(t, c, t.Context(), true, context.DeadlineExceeded)
	})
}

func TestSendBatch(t *testing.T) {
	t.Parallel()
	const concurrency = 4
	var inFlight, maxInFlight atomic.Int32
	keys := make(chan string, 100)
	c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
		}
		keys <- r.Header.Get("Idempotency-Key")
		var in map[string]string
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			t.Error(err)
		}
		time.Sleep(20 * time.Millisecond)
		if strings.HasSuffix(in["to"], "5") {
			reply(400, `{"error":"blocked number"}`)(w, r)
			return
		}
		reply(200, `{"id":"gw-`+in["to"][1:]+`"}`)(w, r)
	}), fmt.Sprintf("http://GATEWAY/send?id_field=id&concurrency=%d", concurrency))

	msgs := make([]Message, 24)
	for i := range msgs {
		msgs[i] = Message{ID: fmt.Sprint("m", i), To: fmt.Sprintf("+62812345678%02d", i), Text: "Paket Anda sudah tiba."}
	}
	msgs[10].Text = ""
	ids, errs := c.SendBatch(t.Context(), msgs)
	close(keys)
	for i, m := range msgs {
		switch {
		case i == 10:
			if !errors.Is(errs[i], ErrInvalidMessage) {
				t.Errorf("msgs[10]: %v, want ErrInvalidMessage", errs[i])
			}
		case strings.HasSuffix(m.To, "5"):
			if !IsPermanent(errs[i]) || !strings.Contains(errs[i].Error(), "message "+m.ID+":") {
				t.Errorf("msgs[%d]: %v, want its own permanent error", i, errs[i])
			}
		default:
			if errs[i] != nil || ids[i] != "gw-"+m.To[1:] {
				t.Errorf("msgs[%d]: %q, %v; want gw-%s", i, ids[i], errs[i], m.To[1:])
			}
		}
	}
	seen := map[string]bool{}
	for k := range keys {
		if seen[k] {
			t.Errorf("Idempotency-Key %q sent twice", k)
		}
		seen[k] = true
	}
	if len(seen) != len(msgs)-1 {
		t.Errorf("%d requests, want %d", len(seen), len(msgs)-1)
	}
	if got := maxInFlight.Load(); got > concurrency || got < 2 {
		t.Errorf("%d requests in flight at most, want 2..%d", got, concurrency)
	}
}

func TestSendBatchCancelled(t *testing.T) {
	t.Parallel()
	c := MustClient(t, reply(200, ""), "http://GATEWAY/send")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, errs := c.SendBatch(ctx, []Message{testMsg, testMsg})
	for i, err := range errs {
		if !errors.Is(err, context.Canceled) || IsPermanent(err) {
			t.Errorf("errs[%d] = %v, want a temporary context.Canceled", i, err)
		}
	}
}

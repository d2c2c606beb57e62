package whatsapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testPhoneID = "106540352242922"
	testToken   = "EAAGtestS3cretToken"
)

// MustClient returns a Client for a test server running h.
func MustClient(tb testing.TB, h http.Handler, edit func(*Config)) *Client {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL + "/v21.0", PhoneNumberID: testPhoneID, Token: testToken, HTTPClient: srv.Client()}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// reply answers with status and a JSON body.
func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

const okBody = `{"messaging_product":"whatsapp","contacts":[{"input":"+6281234567890","wa_id":"6281234567890"}],` +
	`"messages":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","message_status":"accepted"}]}`

func TestSendRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		msg  Message
		want string // the exact JSON body Meta must receive
	}{
		{
			name: "body params and URL button",
			msg:  validMessage(),
			want: `{
				"messaging_product": "whatsapp",
				"recipient_type": "individual",
				"to": "6281234567890",
				"type": "template",
				"template": {
					"name": "order_shipped",
					"language": {"code": "id"},
					"components": [
						{"type": "body", "parameters": [
							{"type": "text", "text": "Budi"},
							{"type": "text", "text": "INV-2024-001"}]},
						{"type": "button", "sub_type": "url", "index": "0", "parameters": [
							{"type": "text", "text": "ORD-123"}]}
					]
				},
				"biz_opaque_callback_data": "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA"
			}`,
		},
		{
			name: "template without variables, no ID",
			msg:  Message{To: "+40723456789", Template: "review_request", Language: "ro"},
			want: `{
				"messaging_product": "whatsapp",
				"recipient_type": "individual",
				"to": "40723456789",
				"type": "template",
				"template": {"name": "review_request", "language": {"code": "ro"}}
			}`,
		},
		{
			name: "only a button",
			msg:  Message{ID: "m1", To: "+6281234567890", Template: "track", Language: "en_US", ButtonURLSuffix: "a/b?c=d"},
			want: `{
				"messaging_product": "whatsapp",
				"recipient_type": "individual",
				"to": "6281234567890",
				"type": "template",
				"template": {"name": "track", "language": {"code": "en_US"}, "components": [
					{"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": "a/b?c=d"}]}]},
				"biz_opaque_callback_data": "m1"
			}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got map[string]any
			var gotReq *http.Request
			c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotReq = r
				if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
					t.Errorf("decode request: %v", err)
				}
				reply(http.StatusOK, okBody)(w, r)
			}), nil)
			wamid, err := c.Send(t.Context(), tc.msg)
			if err != nil {
				t.Fatal(err)
			}
			if wamid != "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" {
				t.Errorf("wamid = %q", wamid)
			}
			if gotReq.Method != http.MethodPost || gotReq.URL.Path != "/v21.0/"+testPhoneID+"/messages" {
				t.Errorf("request %s %s", gotReq.Method, gotReq.URL.Path)
			}
			for h, want := range map[string]string{
				"Authorization": "Bearer " + testToken,
				"Content-Type":  "application/json",
				"Accept":        "application/json",
			} {
				if v := gotReq.Header.Get(h); v != want {
					t.Errorf("header %s = %q, want %q", h, v, want)
				}
			}
			var want map[string]any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", "  ")
				w, _ := json.MarshalIndent(want, "", "  ")
				t.Errorf("request body\n got %s\nwant %s", g, w)
			}
		})
	}
}

func TestSendInvalidMessageSendsNothing(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }), nil)
	m := validMessage()
	m.To = "081234567890"
	if _, err := c.Send(t.Context(), m); !errors.Is(err, ErrInvalidMessage) {
		t.Fatalf("Send = %v, want ErrInvalidMessage", err)
	}
	if calls.Load() != 0 {
		t.Error("an invalid message reached the server")
	}
}

// graphErr is a Graph API error body.
func graphErr(code int, msg string) string {
	return fmt.Sprintf(`{"error":{"message":"(#%d) %s","type":"OAuthException","code":%d,`+
		`"error_data":{"messaging_product":"whatsapp","details":"%s details"},"fbtrace_id":"AbCdEf123"}}`, code, msg, code, msg)
}

func TestSendErrorClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		status        int
		body          string
		wantCode      int
		wantPermanent bool
		wantMaybe     bool
	}{
		// Permanent: about the message itself.
		{name: "undeliverable", status: 400, body: graphErr(131026, "Message Undeliverable"), wantCode: 131026, wantPermanent: true},
		{name: "template params mismatch", status: 400, body: graphErr(132000, "Number of parameters does not match"), wantCode: 132000, wantPermanent: true},
		{name: "template missing in language", status: 404, body: graphErr(132001, "Template name does not exist in the translation"), wantCode: 132001, wantPermanent: true},
		{name: "invalid parameter", status: 400, body: graphErr(100, "Invalid parameter"), wantCode: 100, wantPermanent: true},
		{name: "recipient not allowed", status: 400, body: graphErr(131030, "Recipient phone number not in allowed list"), wantCode: 131030, wantPermanent: true},
		{name: "4xx without Graph body", status: 400, body: `bad request`, wantPermanent: true},
		// Temporary: throttling.
		{name: "throughput", status: 400, body: graphErr(130429, "Rate limit hit"), wantCode: 130429},
		{name: "spam rate limit", status: 400, body: graphErr(131048, "Spam rate limit hit"), wantCode: 131048},
		{name: "pair rate limit", status: 400, body: graphErr(131056, "Pair rate limit hit"), wantCode: 131056},
		{name: "WABA rate limit", status: 400, body: graphErr(80007, "Rate limit issues"), wantCode: 80007},
		{name: "app rate limit", status: 403, body: graphErr(4, "Application request limit reached"), wantCode: 4},
		{name: "429 without body", status: 429, body: ``},
		// Temporary: Meta's side.
		{name: "something went wrong", status: 500, body: graphErr(131000, "Something went wrong"), wantCode: 131000},
		{name: "service unavailable", status: 503, body: graphErr(131016, "Service unavailable"), wantCode: 131016},
		{name: "proxy 502 page", status: 502, body: "<html><body>Bad Gateway</body></html>"},
		{name: "gateway timeout", status: 504, body: "", wantMaybe: true},
		// Temporary: the account, not the message.
		{name: "token expired", status: 401, body: graphErr(190, "Access token has expired"), wantCode: 190},
		{name: "AuthException", status: 401, body: graphErr(0, "AuthException"), wantCode: 0},
		{name: "permission denied", status: 403, body: graphErr(10, "Permission Denied"), wantCode: 10},
		{name: "API permission", status: 403, body: graphErr(200, "Permissions error"), wantCode: 200},
		{name: "phone number ID does not exist", status: 400,
			body:     `{"error":{"message":"Unsupported post request.","type":"GraphMethodException","code":100,"error_subcode":33}}`,
			wantCode: 100},
		{name: "account locked", status: 400, body: graphErr(131031, "Account has been locked"), wantCode: 131031},
		// 2xx that is not Graph's answer.
		{name: "200 without message ID", status: 200, body: `{"messaging_product":"whatsapp","messages":[]}`, wantMaybe: true},
		{name: "200 HTML", status: 200, body: `<html>captive portal</html>`, wantMaybe: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := MustClient(t, reply(tc.status, tc.body), nil)
			wamid, err := c.Send(t.Context(), validMessage())
			if err == nil {
				t.Fatalf("Send = %q, nil; want an error", wamid)
			}
			e, ok := errors.AsType[*Error](err)
			if !ok {
				t.Fatalf("Send error %T %v, want *Error", err, err)
			}
			if e.Status != tc.status || e.Code != tc.wantCode {
				t.Errorf("Status, Code = %d, %d; want %d, %d", e.Status, e.Code, tc.status, tc.wantCode)
			}
			if e.Permanent() != tc.wantPermanent || IsPermanent(err) != tc.wantPermanent {
				t.Errorf("Permanent() = %v, want %v (%v)", e.Permanent(), tc.wantPermanent, err)
			}
			if e.MaybeDelivered() != tc.wantMaybe {
				t.Errorf("MaybeDelivered() = %v, want %v", e.MaybeDelivered(), tc.wantMaybe)
			}
			if !strings.Contains(err.Error(), "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA") {
				t.Errorf("error %q does not name the message", err)
			}
		})
	}
}

func TestSendErrorFields(t *testing.T) {
	t.Parallel()
	c := MustClient(t, reply(400, graphErr(131026, "Message Undeliverable")), nil)
	_, err := c.Send(t.Context(), validMessage())
	e, _ := errors.AsType[*Error](err)
	want := Error{Status: 400, Code: 131026, Message: "(#131026) Message Undeliverable",
		Details: "Message Undeliverable details", FBTraceID: "AbCdEf123"}
	if e == nil || e.Status != want.Status || e.Code != want.Code || e.Message != want.Message ||
		e.Details != want.Details || e.FBTraceID != want.FBTraceID {
		t.Fatalf("error %+v, want %+v", e, want)
	}
	const text = "whatsapp: message 01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA: graph API replied 400 code 131026: " +
		"(#131026) Message Undeliverable (Message Undeliverable details) [fbtrace_id AbCdEf123]"
	if err.Error() != text {
		t.Errorf("Error()\n got %q\nwant %q", err.Error(), text)
	}
}

func TestSendNeverShowsToken(t *testing.T) {
	t.Parallel()
	c := MustClient(t, reply(401, `{"error":{"message":"Invalid OAuth access token `+testToken+`","code":190,`+
		`"error_data":{"details":"token `+testToken+`"}}}`), nil)
	_, err := c.Send(t.Context(), validMessage())
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Fatalf("error %v shows the token", err)
	}
	c = MustClient(t, reply(502, "upstream said: Bearer "+testToken), nil)
	_, err = c.Send(t.Context(), validMessage())
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Fatalf("error %v shows the token", err)
	}
}

// TestSendTransportErrors checks the line between "never sent" and "maybe
// delivered" on a real connection.
func TestSendTransportErrors(t *testing.T) {
	t.Parallel()

	t.Run("connection refused", func(t *testing.T) {
		t.Parallel()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, err := New(Config{BaseURL: "http://" + addr + "/v21.0", PhoneNumberID: testPhoneID, Token: testToken})
		if err != nil {
			t.Fatal(err)
		}
		assertTransportError(t, c, t.Context(), false, nil)
	})

	t.Run("context cancelled before sending", func(t *testing.T) {
		t.Parallel()
		c := MustClient(t, reply(200, okBody), nil)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		assertTransportError(t, c, ctx, false, context.Canceled)
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
		}), nil)
		assertTransportError(t, c, t.Context(), true, nil)
	})

	t.Run("timeout waiting for the answer", func(t *testing.T) {
		t.Parallel()
		c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
		}), func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })
		assertTransportError(t, c, t.Context(), true, context.DeadlineExceeded)
	})

	t.Run("transport that does not report progress", func(t *testing.T) {
		t.Parallel()
		c, err := New(Config{PhoneNumberID: testPhoneID, Token: testToken,
			HTTPClient: &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				return nil, errors.New("lost")
			})}})
		if err != nil {
			t.Fatal(err)
		}
		assertTransportError(t, c, t.Context(), true, nil)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func assertTransportError(t *testing.T, c *Client, ctx context.Context, wantMaybe bool, wantIs error) {
	t.Helper()
	_, err := c.Send(ctx, validMessage())
	e, ok := errors.AsType[*Error](err)
	if !ok {
		t.Fatalf("Send error %T %v, want *Error", err, err)
	}
	if e.Status != 0 || e.Permanent() || IsPermanent(err) {
		t.Errorf("error %v: want status 0 and temporary", err)
	}
	if e.MaybeDelivered() != wantMaybe {
		t.Errorf("MaybeDelivered() = %v, want %v (%v)", e.MaybeDelivered(), wantMaybe, err)
	}
	if wantIs != nil && !errors.Is(err, wantIs) {
		t.Errorf("error %v is not %v", err, wantIs)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error %v shows the token", err)
	}
}

func TestSendBatch(t *testing.T) {
	t.Parallel()
	const concurrency = 3
	var inFlight, maxInFlight atomic.Int32
	c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		var req sendRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Error(err)
		}
		time.Sleep(20 * time.Millisecond)
		if strings.HasSuffix(req.To, "3") {
			reply(400, graphErr(131026, "Message Undeliverable"))(w, r)
			return
		}
		reply(200, `{"messages":[{"id":"wamid.`+req.To+`"}]}`)(w, r)
	}), func(cfg *Config) { cfg.Concurrency = concurrency })

	msgs := make([]Message, 20)
	for i := range msgs {
		msgs[i] = Message{ID: fmt.Sprint("m", i), To: fmt.Sprintf("+62812345678%02d", i), Template: "order_shipped", Language: "id"}
	}
	msgs[7].Template = "Bad Name"
	ids, errs := c.SendBatch(t.Context(), msgs)
	if len(ids) != len(msgs) || len(errs) != len(msgs) {
		t.Fatalf("got %d ids and %d errors for %d messages", len(ids), len(errs), len(msgs))
	}
	for i, m := range msgs {
		switch {
		case i == 7:
			if !errors.Is(errs[i], ErrInvalidMessage) || ids[i] != "" {
				t.Errorf("msgs[7]: %q, %v; want ErrInvalidMessage", ids[i], errs[i])
			}
		case strings.HasSuffix(m.To, "3"):
			if !IsPermanent(errs[i]) || ids[i] != "" || !strings.Contains(errs[i].Error(), m.ID+":") {
				t.Errorf("msgs[%d]: %q, %v; want its own permanent error", i, ids[i], errs[i])
			}
		default:
			if errs[i] != nil || ids[i] != "wamid."+strings.TrimPrefix(m.To, "+") {
				t.Errorf("msgs[%d]: %q, %v; want wamid.%s", i, ids[i], errs[i], m.To[1:])
			}
		}
	}
	if got := maxInFlight.Load(); got > concurrency || got < 2 {
		t.Errorf("%d requests in flight at most, want 2..%d", got, concurrency)
	}
}

func TestSendBatchCancelled(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := MustClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }), nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	msgs := []Message{validMessage(), validMessage(), validMessage()}
	ids, errs := c.SendBatch(ctx, msgs)
	for i := range msgs {
		if ids[i] != "" || !errors.Is(errs[i], context.Canceled) || IsPermanent(errs[i]) {
			t.Errorf("msgs[%d]: %q, %v; want a temporary context.Canceled", i, ids[i], errs[i])
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests after cancel", calls.Load())
	}
	if ids, errs := c.SendBatch(t.Context(), nil); len(ids) != 0 || len(errs) != 0 {
		t.Error("empty batch returned results")
	}
}

func TestSendConcurrentUse(t *testing.T) {
	t.Parallel()
	c := MustClient(t, reply(200, okBody), nil)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.Send(t.Context(), validMessage()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

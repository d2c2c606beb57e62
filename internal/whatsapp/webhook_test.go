package whatsapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const testAppSecret = "appS3cret"

// MustReadFile returns the contents of testdata/name.
func MustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func TestParseStatusWebhookFixture(t *testing.T) {
	t.Parallel()
	got, err := ParseStatusWebhook(MustReadFile(t, "status_webhook.json"))
	if err != nil {
		t.Fatal(err)
	}
	const wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"
	const outbox = "01JZ5Q7ZP3MZ8XK0Y2V9R4T6WA"
	want := []Status{
		{ID: wamid, Status: StatusSent, Timestamp: time.Unix(1750263773, 0).UTC(), RecipientID: "6281234567890", CallbackData: outbox},
		{ID: wamid, Status: StatusDelivered, Timestamp: time.Unix(1750263775, 0).UTC(), RecipientID: "6281234567890", CallbackData: outbox},
		{ID: wamid, Status: StatusRead, Timestamp: time.Unix(1750263900, 0).UTC(), RecipientID: "6281234567890", CallbackData: outbox},
		{
			ID: "wamid.HBgLNDA3MjM0NTY3ODkVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", Status: StatusFailed,
			Timestamp: time.Unix(1750263901, 0).UTC(), RecipientID: "40723456789", CallbackData: "01JZ5Q80A1B2C3D4E5F6G7H8J9",
			Errors: []StatusError{{Code: 131026, Title: "Message undeliverable", Message: "Message undeliverable", Details: "Message Undeliverable."}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseStatusWebhook\n got %+v\nwant %+v", got, want)
	}
	if !got[3].Errors[0].Permanent() {
		t.Error("131026 in a failed status should be permanent")
	}
	if (StatusError{Code: 130429}).Permanent() {
		t.Error("130429 in a failed status should be temporary")
	}
}

// statusWebhook wraps statuses JSON in a webhook body.
func statusWebhook(statuses string) string {
	return `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",` +
		`"value":{"messaging_product":"whatsapp","statuses":[` + statuses + `]}}]}]}`
}

func TestParseStatusWebhook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		want    []Status
		wantErr string
	}{
		{
			name: "numeric timestamp",
			body: statusWebhook(`{"id":"wamid.A","status":"delivered","timestamp":1750263775,"recipient_id":"6281234567890"}`),
			want: []Status{{ID: "wamid.A", Status: StatusDelivered, Timestamp: time.Unix(1750263775, 0).UTC(), RecipientID: "6281234567890"}},
		},
		{
			name: "unknown status is skipped",
			body: statusWebhook(`{"id":"wamid.A","status":"deleted","timestamp":"1"},{"id":"wamid.B","status":"read","timestamp":"2"}`),
			want: []Status{{ID: "wamid.B", Status: StatusRead, Timestamp: time.Unix(2, 0).UTC()}},
		},
		{
			name: "only inbound messages",
			body: `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"x","type":"text"}]}}]}]}`,
		},
		{
			name: "other field with a differently shaped value",
			body: `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"account_update","value":{"statuses":"not a list"}}]}]}`,
		},
		{name: "no entries", body: `{"object":"whatsapp_business_account","entry":[]}`},
		{name: "not JSON", body: `statuses`, wantErr: "webhook"},
		{name: "wrong object", body: `{"object":"page","entry":[]}`, wantErr: `object "page"`},
		{name: "missing object", body: `{"entry":[]}`, wantErr: `object ""`},
		{name: "statuses not a list", body: `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":{}}}]}]}`, wantErr: "changes[0]"},
		{name: "missing id", body: statusWebhook(`{"status":"sent","timestamp":"1750263773"}`), wantErr: "missing id"},
		{name: "missing status", body: statusWebhook(`{"id":"wamid.A","timestamp":"1750263773"}`), wantErr: "missing status"},
		{name: "missing timestamp", body: statusWebhook(`{"id":"wamid.A","status":"sent"}`), wantErr: "timestamp"},
		{name: "bad timestamp", body: statusWebhook(`{"id":"wamid.A","status":"sent","timestamp":"yesterday"}`), wantErr: "timestamp"},
		{name: "zero timestamp", body: statusWebhook(`{"id":"wamid.A","status":"sent","timestamp":"0"}`), wantErr: "timestamp"},
		{name: "huge timestamp", body: statusWebhook(`{"id":"wamid.A","status":"sent","timestamp":"99999999999999999"}`), wantErr: "timestamp"},
		{name: "error code not a number", body: statusWebhook(`{"id":"wamid.A","status":"failed","timestamp":"1","errors":[{"code":"x"}]}`), wantErr: "statuses"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseStatusWebhook([]byte(tc.body))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseStatusWebhook = %+v, %v; want error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseStatusWebhook\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	body := MustReadFile(t, "status_webhook.json")
	good := sign(testAppSecret, body)
	tests := []struct {
		name    string
		secret  string
		body    []byte
		header  string
		wantErr string
	}{
		{name: "good", secret: testAppSecret, body: body, header: good},
		{name: "good, upper-case hex", secret: testAppSecret, body: body, header: "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256="))},
		{name: "missing", secret: testAppSecret, body: body, header: "", wantErr: "no X-Hub-Signature-256"},
		{name: "wrong secret", secret: "other", body: body, header: good, wantErr: "does not match"},
		{name: "body changed", secret: testAppSecret, body: append([]byte(" "), body...), header: good, wantErr: "does not match"},
		{name: "sha1 header", secret: testAppSecret, body: body, header: "sha1=" + strings.Repeat("0", 40), wantErr: "sha256="},
		{name: "not hex", secret: testAppSecret, body: body, header: "sha256=zz", wantErr: "not a hex"},
		{name: "truncated", secret: testAppSecret, body: body, header: good[:len(good)-2], wantErr: "not a hex"},
		{name: "no secret configured", secret: "", body: body, header: sign("", body), wantErr: "no app secret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := VerifySignature(tc.secret, tc.body, tc.header)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("VerifySignature = %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestWebhookHandler(t *testing.T) {
	t.Parallel()
	fixture := MustReadFile(t, "status_webhook.json")
	inboundOnly := []byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"x"}]}}]}]}`)
	tests := []struct {
		name       string
		cfg        Config
		fnErr      error
		method     string
		query      url.Values
		body       []byte
		signature  string // "" sends no header
		wantStatus int
		wantBody   string
		wantCalls  int
	}{
		{
			name: "verification", method: http.MethodGet,
			query:      url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {"verifyS3cret"}, "hub.challenge": {"1158201444"}},
			wantStatus: http.StatusOK, wantBody: "1158201444",
		},
		{
			name: "verification with wrong token", method: http.MethodGet,
			query:      url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {"guess"}, "hub.challenge": {"1158201444"}},
			wantStatus: http.StatusForbidden,
		},
		{
			name: "verification without configured token", method: http.MethodGet, cfg: Config{AppSecret: testAppSecret},
			query:      url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {""}, "hub.challenge": {"1158201444"}},
			wantStatus: http.StatusForbidden,
		},
		{
			name: "verification with wrong mode", method: http.MethodGet,
			query:      url.Values{"hub.mode": {"unsubscribe"}, "hub.verify_token": {"verifyS3cret"}, "hub.challenge": {"1"}},
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "verification without challenge", method: http.MethodGet,
			query:      url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {"verifyS3cret"}},
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "delivery", method: http.MethodPost, body: fixture, signature: sign(testAppSecret, fixture),
			wantStatus: http.StatusOK, wantCalls: 1,
		},
		{
			name: "delivery without signature", method: http.MethodPost, body: fixture,
			wantStatus: http.StatusUnauthorized,
		},
		{
			name: "delivery with bad signature", method: http.MethodPost, body: fixture, signature: sign("other", fixture),
			wantStatus: http.StatusUnauthorized,
		},
		{
			name: "delivery without configured app secret", method: http.MethodPost, cfg: Config{VerifyToken: "v"},
			body: fixture, signature: sign("", fixture), wantStatus: http.StatusUnauthorized,
		},
		{
			name: "signed but malformed", method: http.MethodPost, body: []byte(`{"object":`), signature: sign(testAppSecret, []byte(`{"object":`)),
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "no statuses: fn not called", method: http.MethodPost, body: inboundOnly, signature: sign(testAppSecret, inboundOnly),
			wantStatus: http.StatusOK,
		},
		{
			name: "fn fails: Meta must retry", method: http.MethodPost, fnErr: errors.New("database is down"),
			body: fixture, signature: sign(testAppSecret, fixture), wantStatus: http.StatusInternalServerError, wantCalls: 1,
		},
		{
			name: "too large", method: http.MethodPost, body: []byte(`{"object":"` + strings.Repeat("a", maxWebhookBody) + `"}`),
			signature: "sha256=00", wantStatus: http.StatusRequestEntityTooLarge,
		},
		{name: "other method", method: http.MethodPut, wantStatus: http.StatusMethodNotAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := tc.cfg
			if cfg == (Config{}) {
				cfg = Config{AppSecret: testAppSecret, VerifyToken: "verifyS3cret"}
			}
			var (
				mu    sync.Mutex
				calls int
				got   []Status
			)
			srv := httptest.NewServer(NewWebhookHandler(cfg, func(ctx context.Context, s []Status) error {
				mu.Lock()
				defer mu.Unlock()
				calls++
				got = s
				return tc.fnErr
			}))
			defer srv.Close()

			req, err := http.NewRequestWithContext(t.Context(), tc.method, srv.URL+"/webhooks/whatsapp?"+tc.query.Encode(), strings.NewReader(string(tc.body)))
			if err != nil {
				t.Fatal(err)
			}
			if tc.signature != "" {
				req.Header.Set(SignatureHeader, tc.signature)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status %d, want %d (%s)", resp.StatusCode, tc.wantStatus, body)
			}
			if tc.wantBody != "" && string(body) != tc.wantBody {
				t.Errorf("body %q, want %q", body, tc.wantBody)
			}
			mu.Lock()
			defer mu.Unlock()
			if calls != tc.wantCalls {
				t.Errorf("fn called %d times, want %d", calls, tc.wantCalls)
			}
			if calls > 0 && len(got) != 4 {
				t.Errorf("fn got %d statuses, want 4", len(got))
			}
		})
	}
}

// webhookFor builds a webhook body that carries statuses, the inverse of
// ParseStatusWebhook.
func webhookFor(tb testing.TB, statuses []Status) []byte {
	tb.Helper()
	type errJSON struct {
		Code      int               `json:"code"`
		Title     string            `json:"title"`
		Message   string            `json:"message"`
		ErrorData map[string]string `json:"error_data"`
	}
	type statusJSON struct {
		ID           string    `json:"id"`
		Status       string    `json:"status"`
		Timestamp    string    `json:"timestamp"`
		RecipientID  string    `json:"recipient_id"`
		CallbackData string    `json:"biz_opaque_callback_data,omitempty"`
		Errors       []errJSON `json:"errors,omitempty"`
	}
	out := make([]statusJSON, len(statuses))
	for i, s := range statuses {
		out[i] = statusJSON{ID: s.ID, Status: s.Status, Timestamp: strconv.FormatInt(s.Timestamp.Unix(), 10),
			RecipientID: s.RecipientID, CallbackData: s.CallbackData}
		for _, e := range s.Errors {
			out[i].Errors = append(out[i].Errors, errJSON{Code: e.Code, Title: e.Title, Message: e.Message,
				ErrorData: map[string]string{"details": e.Details}})
		}
	}
	b, err := json.Marshal(map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{"id": "1", "changes": []any{map[string]any{
			"field": "messages", "value": map[string]any{"messaging_product": "whatsapp", "statuses": out},
		}}}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func FuzzParseStatusWebhook(f *testing.F) {
	f.Add(MustReadFile(f, "status_webhook.json"))
	f.Add([]byte(statusWebhook(`{"id":"wamid.A","status":"failed","timestamp":1,"errors":[{"code":131026,"title":"t"}]}`)))
	f.Add([]byte(statusWebhook(`{"id":"wamid.A","status":"warning","timestamp":"1"}`)))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":null}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		statuses, err := ParseStatusWebhook(body)
		if err != nil {
			if statuses != nil {
				t.Fatalf("statuses %v returned with error %v", statuses, err)
			}
			return
		}
		for i, s := range statuses {
			if err := s.validate(); err != nil {
				t.Fatalf("statuses[%d] = %+v does not validate: %v", i, s, err)
			}
		}
		// What was parsed survives a round trip through the wire format.
		again, err := ParseStatusWebhook(webhookFor(t, statuses))
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if len(statuses) == 0 && len(again) == 0 {
			return
		}
		for i := range statuses {
			if len(statuses[i].Errors) == 0 {
				statuses[i].Errors = nil
			}
		}
		if !reflect.DeepEqual(again, statuses) {
			t.Fatalf("round trip\n got %+v\nwant %+v", again, statuses)
		}
	})
}

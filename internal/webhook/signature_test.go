package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/purnajual/purna/internal/webhook"
)

// The test vector of the Standard Webhooks reference library
// (libraries/go/webhook_test.go, TestWebhookSign in
// github.com/standard-webhooks/standard-webhooks).
const (
	specSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	specID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specTimestamp = 1614265330
	specPayload   = `{"test": 2432232314}`
	specSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSignSpecVector(t *testing.T) {
	t.Parallel()
	got := webhook.Sign(specSecret, specID, time.Unix(specTimestamp, 0), []byte(specPayload))
	if got != specSignature {
		t.Fatalf("Sign = %s, want %s", got, specSignature)
	}
	// The secret without its prefix is the same key.
	if got := webhook.Sign(strings.TrimPrefix(specSecret, "whsec_"), specID, time.Unix(specTimestamp, 0), []byte(specPayload)); got != specSignature {
		t.Errorf("Sign without prefix = %s", got)
	}
}

// independentSign follows the specification's text step by step, without
// the package's helpers.
func independentSign(t *testing.T, secret, id string, ts int64, body string) string {
	t.Helper()
	k, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte(id + "." + strconv.FormatInt(ts, 10) + "." + body))
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestSignMatchesIndependentImplementation(t *testing.T) {
	t.Parallel()
	if got := independentSign(t, specSecret, specID, specTimestamp, specPayload); got != specSignature {
		t.Fatalf("the independent implementation disagrees with the spec vector: %s", got)
	}
	for range 20 {
		secret := webhook.NewSecret()
		if !strings.HasPrefix(secret, "whsec_") {
			t.Fatalf("secret %q lacks whsec_", secret)
		}
		k, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		if len(k) < 24 || len(k) > 64 {
			t.Fatalf("secret has %d bytes; the spec asks for 24 to 64", len(k))
		}
		body := `{"type":"order.paid","timestamp":"2026-11-20T03:04:05Z","data":{"total":"Rp 1.250.000 ✓"}}`
		ts := time.Date(2026, 11, 20, 3, 4, 5, 0, time.UTC)
		if got, want := webhook.Sign(secret, "01JD0000000000000000000000", ts, []byte(body)),
			independentSign(t, secret, "01JD0000000000000000000000", ts.Unix(), body); got != want {
			t.Fatalf("Sign = %s, independent = %s", got, want)
		}
	}
}

func signedHeaders(secret, id string, ts time.Time, body []byte) http.Header {
	h := http.Header{}
	h.Set(webhook.HeaderID, id)
	h.Set(webhook.HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(webhook.HeaderSignature, webhook.Sign(secret, id, ts, body))
	return h
}

func TestVerify(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	body := []byte(`{"type":"order.paid","timestamp":"2026-11-22T10:00:00Z","data":{"event_id":"x"}}`)
	other := webhook.NewSecret()
	const bogus = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
	cases := []struct {
		name      string
		modify    func(h http.Header)
		body      []byte
		sent      time.Time
		tolerance time.Duration
		want      error
	}{
		{name: "Valid"},
		{name: "MissingID", modify: func(h http.Header) { h.Del(webhook.HeaderID) }, want: webhook.ErrMissingHeader},
		{name: "MissingTimestamp", modify: func(h http.Header) { h.Del(webhook.HeaderTimestamp) }, want: webhook.ErrMissingHeader},
		{name: "MissingSignature", modify: func(h http.Header) { h.Del(webhook.HeaderSignature) }, want: webhook.ErrMissingHeader},
		{name: "WrongSignature", modify: func(h http.Header) { h.Set(webhook.HeaderSignature, bogus) }, want: webhook.ErrNoMatch},
		{name: "TamperedBody", body: append([]byte(nil), append(body[:len(body)-1:len(body)-1], ' ', '}')...), want: webhook.ErrNoMatch},
		{name: "OtherID", modify: func(h http.Header) { h.Set(webhook.HeaderID, "01JOTHER") }, want: webhook.ErrNoMatch},
		{name: "TimestampNotNumber", modify: func(h http.Header) { h.Set(webhook.HeaderTimestamp, "1674087231.5") }, want: webhook.ErrBadTimestamp},
		{name: "TimestampSigned", modify: func(h http.Header) { h.Set(webhook.HeaderTimestamp, "+"+h.Get(webhook.HeaderTimestamp)) }, want: webhook.ErrBadTimestamp},
		{name: "AtTolerance", sent: now.Add(-5 * time.Minute)},
		{name: "TooOld", sent: now.Add(-5*time.Minute - time.Second), want: webhook.ErrTooOld},
		{name: "TooNew", sent: now.Add(5*time.Minute + time.Second), want: webhook.ErrTooNew},
		{name: "WiderTolerance", sent: now.Add(-time.Hour), tolerance: 2 * time.Hour},
		{name: "NarrowerTolerance", sent: now.Add(-time.Minute), tolerance: 30 * time.Second, want: webhook.ErrTooOld},
		{name: "SeveralSignaturesOneValid", modify: func(h http.Header) {
			h.Set(webhook.HeaderSignature, strings.Join([]string{bogus, "v2," + strings.TrimPrefix(bogus, "v1,"),
				"v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==",
				h.Get(webhook.HeaderSignature), "garbage", "v1,not-base64!"}, " "))
		}},
		{name: "RotatedSecretBothSigned", modify: func(h http.Header) {
			h.Set(webhook.HeaderSignature, webhook.Sign(other, h.Get(webhook.HeaderID), now, body)+" "+h.Get(webhook.HeaderSignature))
		}},
		{name: "OnlyOtherSecret", modify: func(h http.Header) {
			h.Set(webhook.HeaderSignature, webhook.Sign(other, h.Get(webhook.HeaderID), now, body))
		}, want: webhook.ErrNoMatch},
		{name: "SignatureOfOtherVersionOnly", modify: func(h http.Header) {
			h.Set(webhook.HeaderSignature, "v2,"+strings.TrimPrefix(h.Get(webhook.HeaderSignature), "v1,"))
		}, want: webhook.ErrNoMatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			secret := specSecret
			sent := tc.sent
			if sent.IsZero() {
				sent = now
			}
			h := signedHeaders(secret, "01JD4ZC5Q4R6T8V0W2X4Y6Z8A0", sent, body)
			if tc.modify != nil {
				tc.modify(h)
			}
			b := body
			if tc.body != nil {
				b = tc.body
			}
			err := webhook.Verify(secret, h, b, tc.tolerance, now)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	body := []byte(specPayload)
	f.Add(specID, strconv.Itoa(specTimestamp), specSignature, body)
	f.Add(specID, "1614265330", specSignature+" v1a,abc v1,", body)
	f.Add("", "", "", []byte{})
	f.Add("a.b", "00001614265330", "v1,,v1, v1", []byte("{}"))
	f.Add("id", "-1", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE==", []byte("x"))
	f.Add("id", "99999999999999999999", "\tv1,AAAA\n", []byte(nil))
	now := time.Unix(specTimestamp, 0)
	f.Fuzz(func(t *testing.T, id, ts, sig string, body []byte) {
		h := http.Header{}
		h.Set(webhook.HeaderID, id)
		h.Set(webhook.HeaderTimestamp, ts)
		h.Set(webhook.HeaderSignature, sig)
		err := webhook.Verify(specSecret, h, body, time.Hour, now)
		if err == nil {
			// Accepted: then one of the v1 signatures must be the real one.
			sec, perr := strconv.ParseInt(ts, 10, 64)
			if perr != nil {
				t.Fatalf("accepted timestamp %q that is not a number", ts)
			}
			want := webhook.Sign(specSecret, id, time.Unix(sec, 0), body)
			if !strings.Contains(" "+strings.Join(strings.Fields(sig), " ")+" ", " "+want+" ") {
				t.Fatalf("accepted %q for id %q ts %q body %q; the signature is %s", sig, id, ts, body, want)
			}
		}
		// Round trip: what Sign makes, Verify accepts.
		if id != "" && !strings.ContainsAny(id, "\r\n") {
			h := signedHeaders(specSecret, id, now, body)
			if err := webhook.Verify(specSecret, h, body, time.Minute, now); err != nil {
				t.Fatalf("Verify(Sign) = %v", err)
			}
		}
	})
}

package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Standard Webhooks headers.
const (
	// HeaderID carries the delivery's ID: the same on every attempt, so a
	// receiver can drop repeats.
	HeaderID = "webhook-id"
	// HeaderTimestamp is the attempt's time in Unix seconds.
	HeaderTimestamp = "webhook-timestamp"
	// HeaderSignature is a space-separated list of "v1,<base64>" signatures.
	HeaderSignature = "webhook-signature"
)

// SecretPrefix starts every signing secret.
const SecretPrefix = "whsec_"

// DefaultTolerance is how far a request's timestamp may be from the
// receiver's clock, as the specification suggests.
const DefaultTolerance = 5 * time.Minute

// Errors of Verify.
var (
	ErrMissingHeader = errors.New("webhook: missing webhook-id, webhook-timestamp or webhook-signature header")
	ErrBadTimestamp  = errors.New("webhook: webhook-timestamp is not Unix seconds")
	ErrTooOld        = errors.New("webhook: timestamp is too old")
	ErrTooNew        = errors.New("webhook: timestamp is in the future")
	ErrNoMatch       = errors.New("webhook: no signature matches")
)

// NewSecret returns a new signing secret: "whsec_" and 32 random bytes in
// base64 (the specification asks for 24 to 64).
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// key returns the HMAC key of a secret: the base64-decoded part after
// "whsec_". A secret that is not base64 is used as it is, as other
// implementations do, so that both sides still agree.
func key(secret string) []byte {
	s := strings.TrimPrefix(secret, SecretPrefix)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b
	}
	return []byte(s)
}

func mac(k []byte, id, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, k)
	h.Write([]byte(id))
	h.Write([]byte{'.'})
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Sign returns the webhook-signature value ("v1,<base64>") of a request
// with webhook-id id sent at ts: the HMAC-SHA256, keyed with the secret,
// of "id.timestamp.body".
func Sign(secret, id string, ts time.Time, body []byte) string {
	sum := mac(key(secret), id, strconv.FormatInt(ts.Unix(), 10), body)
	return "v1," + base64.StdEncoding.EncodeToString(sum)
}

// Verify checks a request Purna sent: the headers must all be there, the
// timestamp within tolerance of now (DefaultTolerance when tolerance is 0
// or less), and one of the "v1" signatures must be body's, signed with
// secret. Other signature versions are skipped. Pass the body exactly as
// received: parsing and re-encoding the JSON breaks the signature.
func Verify(secret string, headers http.Header, body []byte, tolerance time.Duration, now time.Time) error {
	id, ts, sigs := headers.Get(HeaderID), headers.Get(HeaderTimestamp), headers.Get(HeaderSignature)
	if id == "" || ts == "" || sigs == "" {
		return ErrMissingHeader
	}
	sec, err := parseUnix(ts)
	if err != nil {
		return err
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sent := time.Unix(sec, 0)
	switch {
	case now.Sub(sent) > tolerance:
		return ErrTooOld
	case sent.Sub(now) > tolerance:
		return ErrTooNew
	}
	want := mac(key(secret), id, ts, body)
	for _, sig := range strings.Fields(sigs) {
		version, value, ok := strings.Cut(sig, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			continue
		}
		if hmac.Equal(got, want) {
			return nil
		}
	}
	return ErrNoMatch
}

// parseUnix reads a timestamp of decimal digits only: no sign, no spaces,
// so that the signed text has one spelling.
func parseUnix(s string) (int64, error) {
	if len(s) > 12 {
		return 0, ErrBadTimestamp
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, ErrBadTimestamp
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, ErrBadTimestamp
	}
	return n, nil
}

package whatsapp

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The values of Status.Status. Meta may add others; ParseStatusWebhook skips
// statuses it does not know.
const (
	StatusSent      = "sent"      // accepted by WhatsApp's servers
	StatusDelivered = "delivered" // on the customer's phone
	StatusRead      = "read"      // opened (only if the customer shares read receipts)
	StatusFailed    = "failed"    // will not be delivered; see Errors
)

// Status is one delivery receipt for a message sent with Client.Send.
type Status struct {
	ID           string    // the wamid returned by Send
	Status       string    // StatusSent, StatusDelivered, StatusRead or StatusFailed
	Timestamp    time.Time // when it happened, UTC
	RecipientID  string    // the customer's WhatsApp ID: their number without '+'
	CallbackData string    // the Message.ID it was sent with (biz_opaque_callback_data)
	Errors       []StatusError
}

// StatusError says why a message failed (or, rarely, a warning on another
// status).
type StatusError struct {
	Code    int    // a Cloud API error code, such as 131026
	Title   string // "Message undeliverable"
	Message string
	Details string // error_data.details
}

// Permanent reports whether sending the message again cannot help: true for
// every code except rate limits, Meta's own failures and account problems
// (see Error.Permanent).
func (e StatusError) Permanent() bool { return !isTemporaryCode(e.Code, 0) }

// validate checks what ParseStatusWebhook promises about each Status.
func (s Status) validate() error {
	switch {
	case s.ID == "":
		return errors.New("missing id")
	case !knownStatus(s.Status):
		return fmt.Errorf("unknown status %q", s.Status)
	case s.Timestamp.Unix() <= 0:
		return errors.New("missing or invalid timestamp")
	}
	return nil
}

func knownStatus(s string) bool {
	switch s {
	case StatusSent, StatusDelivered, StatusRead, StatusFailed:
		return true
	}
	return false
}

// The webhook body Meta posts for the "messages" field (Cloud API reference,
// "Webhooks > messages > status"):
//
//	{"object":"whatsapp_business_account","entry":[{"id":"WABA_ID","changes":[{"field":"messages",
//	  "value":{"messaging_product":"whatsapp","metadata":{…},"statuses":[{"id":"wamid.…",
//	  "status":"delivered","timestamp":"1750857384","recipient_id":"6281234567890",
//	  "biz_opaque_callback_data":"…","errors":[{"code":131026,"title":"…","message":"…",
//	  "error_data":{"details":"…"}}]}]}}]}]}
//
// Inbound messages arrive in the same field as value.messages; other fields
// (template status updates, account updates) have other values. Only
// statuses are read.
type webhookBody struct {
	Object string `json:"object"`
	Entry  []struct {
		Changes []struct {
			Field string          `json:"field"`
			Value json.RawMessage `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

type statusesValue struct {
	Statuses []struct {
		ID           string          `json:"id"`
		Status       string          `json:"status"`
		Timestamp    json.RawMessage `json:"timestamp"`
		RecipientID  string          `json:"recipient_id"`
		CallbackData string          `json:"biz_opaque_callback_data"`
		Errors       []struct {
			Code      int    `json:"code"`
			Title     string `json:"title"`
			Message   string `json:"message"`
			ErrorData struct {
				Details string `json:"details"`
			} `json:"error_data"`
		} `json:"errors"`
	} `json:"statuses"`
}

// ParseStatusWebhook reads the delivery receipts in the body of a webhook
// delivery. Entries that are not statuses (inbound messages, template
// updates) and statuses Meta may add in future ("deleted", …) are skipped, so
// a delivery with none returns no statuses and no error. It returns an error
// for a body that is not a WhatsApp webhook or a status that lacks its id,
// status or timestamp. Check the signature first (VerifySignature).
func ParseStatusWebhook(body []byte) ([]Status, error) {
	var wb webhookBody
	if err := json.Unmarshal(body, &wb); err != nil {
		return nil, fmt.Errorf("whatsapp: webhook: %w", err)
	}
	if wb.Object != "whatsapp_business_account" {
		return nil, fmt.Errorf("whatsapp: webhook object %q: want whatsapp_business_account", wb.Object)
	}
	var out []Status
	for i, e := range wb.Entry {
		for j, c := range e.Changes {
			if c.Field != "messages" || len(c.Value) == 0 {
				continue
			}
			var v statusesValue
			if err := json.Unmarshal(c.Value, &v); err != nil {
				return nil, fmt.Errorf("whatsapp: webhook entry[%d].changes[%d]: %w", i, j, err)
			}
			for k, raw := range v.Statuses {
				where := func(err error) error {
					return fmt.Errorf("whatsapp: webhook entry[%d].changes[%d].statuses[%d]: %w", i, j, k, err)
				}
				if raw.Status == "" {
					return nil, where(errors.New("missing status"))
				}
				if !knownStatus(raw.Status) {
					continue
				}
				ts, err := parseUnix(raw.Timestamp)
				if err != nil {
					return nil, where(err)
				}
				s := Status{
					ID:           raw.ID,
					Status:       raw.Status,
					Timestamp:    ts,
					RecipientID:  raw.RecipientID,
					CallbackData: raw.CallbackData,
				}
				for _, re := range raw.Errors {
					s.Errors = append(s.Errors, StatusError{
						Code: re.Code, Title: re.Title, Message: re.Message, Details: re.ErrorData.Details,
					})
				}
				if err := s.validate(); err != nil {
					return nil, where(err)
				}
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// maxUnix keeps timestamps far from time.Time's limits (about year 36812).
const maxUnix = 1 << 40

// parseUnix reads Unix seconds sent as a string ("1750857384", what Meta
// sends) or as a number.
func parseUnix(raw json.RawMessage) (time.Time, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(bytes.TrimSpace(raw))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n >= maxUnix {
		return time.Time{}, errors.New("missing or invalid timestamp")
	}
	return time.Unix(n, 0).UTC(), nil
}

// SignatureHeader is the header in which Meta signs each webhook delivery.
const SignatureHeader = "X-Hub-Signature-256"

// VerifySignature checks header, the value of X-Hub-Signature-256, against
// body: Meta sends "sha256=" and the hex HMAC-SHA256 of the raw body keyed
// with the app secret (Graph API webhooks, "Validate payloads"). The
// comparison takes constant time. An empty appSecret verifies nothing.
func VerifySignature(appSecret string, body []byte, header string) error {
	if appSecret == "" {
		return errors.New("whatsapp: no app secret configured to check webhook signatures")
	}
	if header == "" {
		return errors.New("whatsapp: webhook has no " + SignatureHeader + " header")
	}
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return errors.New("whatsapp: " + SignatureHeader + " does not start with sha256=")
	}
	sig, err := hex.DecodeString(hexSig)
	if err != nil || len(sig) != sha256.Size {
		return errors.New("whatsapp: " + SignatureHeader + " is not a hex SHA-256 HMAC")
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return errors.New("whatsapp: webhook signature does not match")
	}
	return nil
}

// maxWebhookBody bounds a delivery: Meta batches up to a few megabytes.
const maxWebhookBody = 4 << 20

// maxChallenge bounds the hub.challenge echoed back; Meta sends a number.
const maxChallenge = 1024

// webhookHandler is the http.Handler NewWebhookHandler returns.
type webhookHandler struct {
	appSecret   string
	verifyToken string
	fn          func(context.Context, []Status) error
}

// NewWebhookHandler returns the handler for the webhook callback URL
// registered in the Meta app.
//
// GET is Meta's verification request: with hub.mode=subscribe and
// hub.verify_token equal to cfg.VerifyToken it answers 200 with
// hub.challenge, otherwise 403 (always, if cfg.VerifyToken is empty).
//
// POST is a delivery. The body (at most 4 MiB, else 413) must carry a valid
// X-Hub-Signature-256 for cfg.AppSecret (else 401) and parse (else 400).
// Then fn is called with its statuses, if there are any; if fn fails the
// answer is 500 and Meta delivers again later, so fn must accept statuses
// it has already seen, and ones that arrive out of order. Otherwise 200.
// Meta expects an answer within seconds: fn should record the statuses, not
// act on them. fn must not be nil.
func NewWebhookHandler(cfg Config, fn func(ctx context.Context, statuses []Status) error) http.Handler {
	if fn == nil {
		panic("whatsapp: NewWebhookHandler: nil fn")
	}
	return &webhookHandler{appSecret: cfg.AppSecret, verifyToken: cfg.VerifyToken, fn: fn}
}

// ServeHTTP implements http.Handler.
func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.verify(w, r)
	case http.MethodPost:
		h.deliver(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// verify answers the subscription check.
func (h *webhookHandler) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	challenge := q.Get("hub.challenge")
	if q.Get("hub.mode") != "subscribe" || challenge == "" || len(challenge) > maxChallenge {
		http.Error(w, "not a webhook verification request", http.StatusBadRequest)
		return
	}
	token := q.Get("hub.verify_token")
	if h.verifyToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(h.verifyToken)) != 1 {
		http.Error(w, "verify token does not match", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = io.WriteString(w, challenge)
}

// deliver handles a POSTed delivery.
func (h *webhookHandler) deliver(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if err := VerifySignature(h.appSecret, body, r.Header.Get(SignatureHeader)); err != nil {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	statuses, err := ParseStatusWebhook(body)
	if err != nil {
		http.Error(w, "malformed webhook", http.StatusBadRequest)
		return
	}
	if len(statuses) > 0 {
		if err := h.fn(r.Context(), statuses); err != nil {
			http.Error(w, "cannot record statuses", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

package whatsapp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is a failed send: the Graph API refused the message, or the request
// or its answer was lost on the way.
type Error struct {
	// Status is the HTTP status of Meta's answer; 0 when there was none (the
	// request could not be sent or the connection failed).
	Status int
	// Code is the Graph error code, such as 131026 (message undeliverable);
	// 0 when the answer had none.
	Code int
	// Subcode is the Graph error_subcode. Meta stopped sending it in v16.0 of
	// the API; rely on Code.
	Subcode int
	// Message is Graph's error message, such as "(#131026) Message
	// Undeliverable", or what went wrong on the way.
	Message string
	// Details is Graph's error_data.details: usually which parameter is
	// wrong.
	Details string
	// FBTraceID identifies the request when asking Meta's support.
	FBTraceID string

	msgID          string // Message.ID, for the error text
	maybeDelivered bool
	err            error // transport error, if any
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("whatsapp: ")
	if e.msgID != "" {
		fmt.Fprintf(&b, "message %s: ", e.msgID)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, "graph API replied %d", e.Status)
		if e.Code != 0 {
			fmt.Fprintf(&b, " code %d", e.Code)
		}
		if e.Message != "" {
			fmt.Fprintf(&b, ": %s", e.Message)
		}
	} else {
		b.WriteString(e.Message)
	}
	if e.Details != "" {
		fmt.Fprintf(&b, " (%s)", e.Details)
	}
	if e.err != nil {
		fmt.Fprintf(&b, ": %v", e.err)
	}
	if e.FBTraceID != "" {
		fmt.Fprintf(&b, " [fbtrace_id %s]", e.FBTraceID)
	}
	if e.maybeDelivered {
		b.WriteString(" (message may have been delivered)")
	}
	return b.String()
}

// Unwrap returns the transport error, if any: a net.Error, or the context's
// error.
func (e *Error) Unwrap() error { return e.err }

// Permanent reports whether the message can never be sent as it is: Meta
// refused it with a 4xx answer about the message itself (an undeliverable
// number, a missing template, a bad parameter). Do not retry it.
//
// Rate limits, Meta's own failures and connection trouble are temporary.
// So are errors about the account rather than the message (an expired or
// revoked token, a missing permission, a locked account or unpaid bill):
// they are configuration problems the merchant can fix, and meanwhile every
// message would fail the same way, so the outbox must keep them for a retry
// instead of marking a whole campaign failed.
func (e *Error) Permanent() bool {
	if e.Status == 0 {
		return false
	}
	if isTemporaryCode(e.Code, e.Subcode) {
		return false
	}
	switch {
	case e.Status == http.StatusUnauthorized, e.Status == http.StatusRequestTimeout,
		e.Status == http.StatusTooManyRequests, e.Status >= 500:
		return false
	case e.Status >= 400:
		return true
	}
	return false // 2xx without a message ID, 3xx: not an answer about the message
}

// MaybeDelivered reports whether Meta may have accepted the message although
// Send failed: the request was written in full, and then the connection
// dropped, the context ended or the answer was not the Graph API's. A retry
// may deliver it twice; Status.CallbackData of the webhooks tells whether it
// was.
func (e *Error) MaybeDelivered() bool { return e.maybeDelivered }

// IsPermanent reports whether err means the message can never be sent as it
// is: an *Error whose Permanent method says so, or an invalid message
// (ErrInvalidMessage).
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Permanent()
	}
	return errors.Is(err, ErrInvalidMessage)
}

// Both kinds of error Send returns answer the journey engine's questions.
var (
	_ interface {
		Permanent() bool
		MaybeDelivered() bool
	} = (*Error)(nil)
	_ interface {
		Permanent() bool
		MaybeDelivered() bool
	} = (*invalidError)(nil)
)

// isTemporaryCode reports the Graph error codes that say nothing about the
// message itself, from Meta's Cloud API error code list
// (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes) and
// the Graph API error handling guide:
//
//   - throttling: 4 (app rate limit), 80007 (WABA rate limit), 130429
//     (throughput), 131048 (spam rate limit), 131056 (pair rate limit: too
//     many to the same number just now);
//   - Meta's side: 1 (unknown, "possible server error"), 2 (service
//     temporarily down), 131000 (something went wrong), 131016 (service
//     unavailable), 131057 (account in maintenance mode);
//   - the account, not the message: 190 (token expired; AuthException,
//     code 0, comes with HTTP 401, which Permanent treats alike), 3, 10 and 200–299 (permissions), 33 and 100/33 (the phone
//     number ID does not exist), 368 (temporarily blocked for policy
//     violations), 131031 (account locked), 131042 (payment problem),
//     133010 (phone number not registered).
func isTemporaryCode(code, subcode int) bool {
	switch code {
	case 4, 80007, 130429, 131048, 131056,
		1, 2, 131000, 131016, 131057,
		190, 3, 10, 33, 368, 131031, 131042, 133010:
		return true
	case 100:
		return subcode == 33
	}
	return code >= 200 && code <= 299
}

// The Graph API error body:
//
//	{"error":{"message":"(#131026) Message Undeliverable","type":"OAuthException",
//	  "code":131026,"error_data":{"messaging_product":"whatsapp","details":"…"},
//	  "error_subcode":2494010,"fbtrace_id":"…"}}
type graphError struct {
	Error *struct {
		Message   string `json:"message"`
		Type      string `json:"type"`
		Code      int    `json:"code"`
		Subcode   int    `json:"error_subcode"`
		FBTraceID string `json:"fbtrace_id"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"error"`
}

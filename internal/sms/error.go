package sms

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is a failed send: the gateway refused the message, or the request or
// its answer was lost on the way.
type Error struct {
	// Status is the HTTP status of the gateway's answer; 0 when there was
	// none.
	Status int
	// Body is the start of the answer (at most 512 bytes, on one line), with
	// the configured credentials removed.
	Body string

	msgID          string // Message.ID, for the error text
	op             string // what failed when there was no answer
	maybeDelivered bool
	err            error // transport error, if any
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sms: ")
	if e.msgID != "" {
		fmt.Fprintf(&b, "message %s: ", e.msgID)
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, "gateway replied %d", e.Status)
		if e.op != "" {
			fmt.Fprintf(&b, " but %s", e.op)
		}
		if e.Body != "" {
			fmt.Fprintf(&b, ": %s", e.Body)
		}
	} else {
		b.WriteString(e.op)
	}
	if e.err != nil {
		fmt.Fprintf(&b, ": %v", e.err)
	}
	if e.maybeDelivered {
		b.WriteString(" (message may have been delivered)")
	}
	return b.String()
}

// Unwrap returns the transport error, if any: a net.Error, or the context's
// error.
func (e *Error) Unwrap() error { return e.err }

// Permanent reports whether the gateway refused the message itself, with a
// 4xx answer (a bad number, a text it will not carry). Do not retry it.
//
// These 4xx answers are not permanent: 408 (timeout), 409 (a request with
// the same Idempotency-Key is still being processed), 425 and 429 (too
// early, too many). Nor are 401, 402 and 403: bad credentials, no credit,
// or an account not allowed to send are problems the merchant can fix, and
// meanwhile every message fails alike; giving up on them would drop a whole
// campaign.
func (e *Error) Permanent() bool {
	switch e.Status {
	case http.StatusUnauthorized, http.StatusPaymentRequired, http.StatusForbidden,
		http.StatusRequestTimeout, http.StatusConflict, http.StatusTooEarly, http.StatusTooManyRequests:
		return false
	}
	return e.Status >= 400 && e.Status < 500
}

// MaybeDelivered reports whether the gateway may have taken the message
// although Send failed: the request was written in full and then the
// connection dropped or the context ended; or the gateway answered 409 (the
// same Idempotency-Key is in progress) or 504 (a proxy in front of it gave
// up waiting); or it answered 2xx without the message ID Config.IDField
// names. A retry is only safe if the gateway honours Idempotency-Key.
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

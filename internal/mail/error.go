package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
)

// ErrInvalidMessage is wrapped by every error Message.Validate returns: a
// missing ID, a bad address, a header with CR or LF in it. Such a message can
// never be sent, so IsPermanent reports true for it.
var ErrInvalidMessage = errors.New("mail: invalid message")

// ErrClosed is returned by SMTP.Send after SMTP.Close. It is temporary: the
// message was not sent, and a new process may send it.
var ErrClosed = errors.New("mail: sender closed")

// SMTPError is a negative reply from the mail server about one message, such as
// "550 5.1.1 no such mailbox" or "421 4.3.2 try again later".
type SMTPError struct {
	Code     int    // reply code: 421, 450, 550, 554…
	Enhanced string // enhanced status code such as "5.1.1", when the server sent one
	Msg      string // what was refused, and the server's text
	err      error  // the error from go-mail, if any
}

// Error implements error.
func (e *SMTPError) Error() string {
	return fmt.Sprintf("mail: server replied %d: %s", e.Code, e.Msg)
}

// Unwrap returns the underlying go-mail error.
func (e *SMTPError) Unwrap() error { return e.err }

// ConnError is a failure to talk to the mail server at all: it could not be
// dialled, TLS or login failed, or the connection dropped mid-message. The
// message should be retried later.
//
// Dial, STARTTLS and AUTH failures are always ConnErrors, even when the server
// answered 5xx (for example 535 bad credentials): they say nothing about the
// message, so it must not be given up on.
type ConnError struct {
	Op  string // what was being done: "dial", "send", …
	Err error
	// MaybeDelivered is true when the whole message had been written but the
	// connection failed before the server's reply. The server may have accepted
	// it; a retry may deliver it twice. The Message-ID header stays the same on a
	// retry, so most mailbox providers will show only one copy.
	MaybeDelivered bool
}

// Error implements error.
func (e *ConnError) Error() string {
	if e.MaybeDelivered {
		return fmt.Sprintf("mail: %s (message may have been delivered): %v", e.Op, e.Err)
	}
	return fmt.Sprintf("mail: %s: %v", e.Op, e.Err)
}

// Unwrap returns the cause.
func (e *ConnError) Unwrap() error { return e.Err }

// IsPermanent reports whether err means the message can never be sent as it
// is: the server replied 5xx (bad mailbox, rejected content), or the message is
// invalid (ErrInvalidMessage). Do not retry it.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if se, ok := errors.AsType[*SMTPError](err); ok {
		return se.Code >= 500 && se.Code < 600
	}
	return errors.Is(err, ErrInvalidMessage)
}

// IsTemporary reports whether err is worth retrying with backoff: a 4xx reply,
// a connection or TLS failure, a timeout, a cancelled context, or a closed
// sender. An error that is neither permanent nor temporary did not come from
// this package.
func IsTemporary(err error) bool {
	if err == nil || IsPermanent(err) {
		return false
	}
	if se, ok := errors.AsType[*SMTPError](err); ok {
		return se.Code >= 400 && se.Code < 500
	}
	if _, ok := errors.AsType[*ConnError](err); ok {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	return errors.Is(err, ErrClosed) ||
		errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled)
}

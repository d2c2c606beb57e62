package whatsapp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"

	"github.com/purnajual/purna/internal/batch"
)

// maxResponse bounds how much of an answer is read: a send answer is a few
// hundred bytes, an error a few kilobytes.
const maxResponse = 64 << 10

// Client sends template messages through the Cloud API. It is safe for
// concurrent use.
type Client struct {
	cfg      Config
	endpoint string // {BaseURL}/{PhoneNumberID}/messages
}

// New returns a Client for cfg, with defaults filled in. It does not connect.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, endpoint: cfg.BaseURL + "/" + cfg.PhoneNumberID + "/messages"}, nil
}

// Send sends m and returns the WhatsApp message ID ("wamid.…") that status
// webhooks refer to. An invalid m returns an error wrapping
// ErrInvalidMessage; a failed request returns an *Error.
func (c *Client) Send(ctx context.Context, m Message) (wamid string, err error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	body, err := json.Marshal(m.request())
	if err != nil {
		return "", fmt.Errorf("whatsapp: message %s: encode: %w", m.ID, err)
	}
	if err := ctx.Err(); err != nil {
		return "", &Error{msgID: m.ID, Message: "not sent", err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	// wrote and traced tell a failure before the request was on the wire
	// (nothing sent: retry freely) from one after it (Meta may have it).
	var wrote, traced atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { traced.Store(true) },
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				wrote.Store(true)
			}
		},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("whatsapp: message %s: %w", m.ID, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")

	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		// A transport that does not report to httptrace (a test double, a
		// wrapper) leaves traced false: then nobody knows, so assume the
		// worst.
		maybe := wrote.Load() || !traced.Load()
		return "", &Error{msgID: m.ID, Message: "post to graph API failed", err: c.redactErr(err), maybeDelivered: maybe}
	}
	defer resp.Body.Close()
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	// Drain a little of anything left so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		var ok struct {
			Messages []struct {
				ID string `json:"id"`
			} `json:"messages"`
		}
		if readErr == nil && json.Unmarshal(data, &ok) == nil && len(ok.Messages) > 0 && ok.Messages[0].ID != "" {
			return ok.Messages[0].ID, nil
		}
		// A 2xx that is not Graph's answer (a proxy's page, a cut-off body):
		// Meta has probably accepted the message, but there is no wamid.
		e := &Error{msgID: m.ID, Status: resp.StatusCode, Message: "answer has no message ID", maybeDelivered: true}
		if readErr != nil {
			e.err = c.redactErr(readErr)
		}
		return "", e
	}
	return "", c.parseError(m.ID, resp.StatusCode, data)
}

// parseError turns a non-2xx answer into an *Error.
func (c *Client) parseError(msgID string, status int, data []byte) *Error {
	e := &Error{msgID: msgID, Status: status}
	var ge graphError
	if json.Unmarshal(data, &ge) == nil && ge.Error != nil {
		e.Code = ge.Error.Code
		e.Subcode = ge.Error.Subcode
		e.Message = c.redact(ge.Error.Message)
		e.Details = c.redact(ge.Error.ErrorData.Details)
		e.FBTraceID = ge.Error.FBTraceID
	} else {
		e.Message = snippet(c.redact(string(data)))
	}
	// A gateway timeout in front of Graph: the request may have been
	// processed behind it.
	e.maybeDelivered = status == http.StatusGatewayTimeout
	return e
}

// SendBatch sends msgs concurrently, at most Config.Concurrency at a time,
// and returns one wamid and one error per message, in the order of msgs.
// Cancelling ctx stops the batch: messages not yet sent get an *Error
// wrapping ctx's error.
func (c *Client) SendBatch(ctx context.Context, msgs []Message) ([]string, []error) {
	ids := make([]string, len(msgs))
	errs := make([]error, len(msgs))
	batch.Each(len(msgs), c.cfg.Concurrency, func(i int) { ids[i], errs[i] = c.Send(ctx, msgs[i]) })
	return ids, errs
}

// redact removes the token from text that came from the network: Graph does
// not echo it today, but a proxy's error page might.
func (c *Client) redact(s string) string {
	if c.cfg.Token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.cfg.Token, "[token]")
}

// redactErr keeps err for errors.Is and errors.As while making sure its
// text cannot carry the token.
func (c *Client) redactErr(err error) error {
	if !strings.Contains(err.Error(), c.cfg.Token) {
		return err
	}
	return &redactedError{msg: c.redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// snippet is the start of a non-Graph error body, on one line, for the error
// text. Redact before cutting, or a cut token would escape redaction.
func snippet(data string) string {
	s := strings.Join(strings.Fields(data), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/purnajual/purna/internal/batch"
)

// maxResponse bounds how much of an answer is read.
const maxResponse = 64 << 10

// maxBody is how much of an error answer Error.Body keeps.
const maxBody = 512

// Client sends text messages through one gateway. It is safe for concurrent
// use.
type Client struct {
	cfg     Config
	secrets []string // removed from anything the gateway sends back
}

// New returns a Client for cfg, with defaults filled in. It does not connect.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg}
	for _, s := range []string{cfg.Token, cfg.Password} {
		if s != "" {
			c.secrets = append(c.secrets, s)
		}
	}
	// A param may carry an API key. Short values ("1", "sms") cannot be
	// secrets, and hiding them would garble the gateway's answer.
	for _, v := range cfg.Params {
		if len(v) >= 6 {
			c.secrets = append(c.secrets, v)
		}
	}
	return c, nil
}

// Send sends m and returns the gateway's message ID, if Config.IDField says
// where to find it. An invalid m returns an error wrapping ErrInvalidMessage;
// a failed request returns an *Error.
func (c *Client) Send(ctx context.Context, m Message) (id string, err error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	body, contentType, err := c.body(m)
	if err != nil {
		return "", fmt.Errorf("sms: message %s: encode: %w", m.ID, err)
	}
	if err := ctx.Err(); err != nil {
		return "", &Error{msgID: m.ID, op: "not sent", err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	// wrote and traced tell a failure before the request was on the wire
	// from one after it. net/http may itself resend a request that carries
	// an Idempotency-Key when a kept-alive connection turns out dead; wrote
	// then stays true, as the first attempt may have arrived.
	var wrote, traced atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { traced.Store(true) },
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				wrote.Store(true)
			}
		},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("sms: message %s: %w", m.ID, err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", m.ID)
	switch c.cfg.Auth {
	case AuthBearer:
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	case AuthBasic:
		req.SetBasicAuth(c.cfg.Username, c.cfg.Password)
	}

	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		// A transport that does not report to httptrace leaves traced
		// false: then nobody knows, so assume the worst.
		maybe := wrote.Load() || !traced.Load()
		return "", &Error{msgID: m.ID, op: "post to gateway failed", err: c.redactErr(err), maybeDelivered: maybe}
	}
	defer resp.Body.Close()
	data, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))

	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		return "", &Error{
			msgID: m.ID, Status: resp.StatusCode, Body: c.snippet(data),
			maybeDelivered: resp.StatusCode == http.StatusConflict || resp.StatusCode == http.StatusGatewayTimeout,
		}
	}
	if c.cfg.IDField == "" {
		return "", nil
	}
	if readErr == nil {
		if id, ok := lookupID(data, c.cfg.IDField); ok {
			return id, nil
		}
	}
	// Accepted, but not in the form configured: a proxy's page, a cut-off
	// answer, or a gateway that reports errors with 200.
	e := &Error{msgID: m.ID, Status: resp.StatusCode, Body: c.snippet(data),
		op: "the answer has no " + c.cfg.IDField, maybeDelivered: true}
	if readErr != nil {
		e.err = c.redactErr(readErr)
	}
	return "", e
}

// body encodes m for the gateway.
func (c *Client) body(m Message) (body []byte, contentType string, err error) {
	to := m.To
	if c.cfg.StripPlus {
		to = strings.TrimPrefix(to, "+")
	}
	fields := make(map[string]string, len(c.cfg.Params)+3)
	for k, v := range c.cfg.Params {
		fields[k] = v
	}
	fields[c.cfg.ToField] = to
	fields[c.cfg.TextField] = m.Text
	if c.cfg.From != "" {
		fields[c.cfg.FromField] = c.cfg.From
	}
	if c.cfg.Format == FormatForm {
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, v)
		}
		return []byte(form.Encode()), "application/x-www-form-urlencoded", nil
	}
	body, err = json.Marshal(fields) // keys sorted: the same message gives the same bytes
	return body, "application/json", err
}

// lookupID finds the string or number at the dotted path in a JSON answer.
func lookupID(data []byte, path string) (string, bool) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", false
	}
	for key := range strings.SplitSeq(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		v = obj[key]
	}
	switch id := v.(type) {
	case string:
		return id, id != ""
	case json.Number:
		return id.String(), true
	}
	return "", false
}

// SendBatch sends msgs concurrently, at most Config.Concurrency at a time,
// and returns one ID and one error per message, in the order of msgs.
// Cancelling ctx stops the batch: messages not yet sent get an *Error
// wrapping ctx's error.
func (c *Client) SendBatch(ctx context.Context, msgs []Message) ([]string, []error) {
	ids := make([]string, len(msgs))
	errs := make([]error, len(msgs))
	batch.Each(len(msgs), c.cfg.Concurrency, func(i int) { ids[i], errs[i] = c.Send(ctx, msgs[i]) })
	return ids, errs
}

// redact removes the credentials and param values from s.
func (c *Client) redact(s string) string {
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}

// redactErr keeps err for errors.Is and errors.As while making sure its text
// carries no credentials.
func (c *Client) redactErr(err error) error {
	msg := err.Error()
	if c.redact(msg) == msg {
		return err
	}
	return &redactedError{msg: c.redact(msg), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// snippet is the start of an answer, on one line, without secrets.
func (c *Client) snippet(data []byte) string {
	s := c.redact(strings.Join(strings.Fields(string(data)), " "))
	if len(s) > maxBody {
		s = s[:maxBody] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

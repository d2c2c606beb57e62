package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Timeout bounds one attempt: connecting, sending and reading the answer.
const Timeout = 10 * time.Second

// maxRead bounds how much of an answer is read; the rest is dropped.
const maxRead = 64 << 10

// Sender makes the HTTP requests of deliveries.
type Sender struct {
	// Client sends the requests. It must not follow redirects: a
	// redirect is an answer, and a failed attempt.
	Client    *http.Client
	UserAgent string
}

// NewSender returns a Sender with a 10-second timeout that does not
// follow redirects.
func NewSender() *Sender {
	return &Sender{
		Client: &http.Client{
			Timeout: Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		UserAgent: "Purna-Webhooks/1",
	}
}

// Response is what an endpoint answered.
type Response struct {
	Status int
	// Body is the start of the answer, for the merchant to read in the
	// delivery log.
	Body string
	// Location is where a redirect pointed.
	Location string
	// RetryAfter is the wait the endpoint asked for (429, 503), or 0.
	RetryAfter time.Duration
}

// OK reports whether the answer is a success (2xx).
func (r Response) OK() bool { return r.Status >= 200 && r.Status <= 299 }

// Send POSTs body to url as delivery id, signed with each of secrets at
// ts. An error means no answer came (timeout, refused connection, TLS).
func (s *Sender) Send(ctx context.Context, url, id string, secrets []string, ts time.Time, body []byte) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Response{}, err
	}
	sigs := make([]string, len(secrets))
	for i, sec := range secrets {
		sigs[i] = Sign(sec, id, ts, body)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.UserAgent)
	req.Header.Set(HeaderID, id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	req.Header.Set(HeaderSignature, strings.Join(sigs, " "))
	resp, err := s.Client.Do(req)
	if err != nil {
		return Response{}, describe(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxRead))
	r := Response{Status: resp.StatusCode, Body: excerpt(string(data), 300), Location: resp.Header.Get("Location")}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		r.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), ts)
	}
	return r, nil
}

// describe says in a merchant's words why a request got no answer.
func describe(err error) error {
	var ue interface{ Timeout() bool }
	if errors.As(err, &ue) && ue.Timeout() {
		return fmt.Errorf("no answer within %s", Timeout)
	}
	return err
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// excerpt cuts s to about n bytes on a rune boundary.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

package mail

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	smtpd "github.com/emersion/go-smtp"
)

// Catcher is an SMTP server for development and demos. It listens on a
// loopback address, accepts every message without authentication, and keeps
// the last few in memory, parsed. Point SMTP at it with TLS "none".
type Catcher struct {
	srv  *smtpd.Server
	ln   net.Listener
	keep int
	now  func() time.Time
	// discard: read each message and drop it (NewSink).
	discard  bool
	accepted atomic.Int64

	mu   sync.Mutex
	msgs []Received // oldest first, at most keep
}

// Received is one message the Catcher accepted.
type Received struct {
	From    string         // envelope sender (MAIL FROM)
	To      []string       // envelope recipients (RCPT TO)
	Subject string         // decoded from RFC 2047 encoded words
	Text    string         // the first text/plain part, decoded to UTF-8
	HTML    string         // the first text/html part, decoded to UTF-8
	Header  netmail.Header // top-level headers as sent (not decoded)
	Time    time.Time      // when the message was accepted
	Raw     []byte         // the message as received
	Err     error          // set when the MIME structure could not be parsed
}

// catcherMaxBytes bounds one message; a demo has no use for bigger ones.
const catcherMaxBytes = 10 << 20

// NewCatcher listens on addr (such as "127.0.0.1:0" or "localhost:2525") and
// serves SMTP until Close. It keeps the last keep messages (default 100) and
// refuses a non-loopback address: it accepts mail from anyone.
func NewCatcher(addr string, keep int) (*Catcher, error) {
	if keep <= 0 {
		keep = 100
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mail: catcher: %w", err)
	}
	if ta, ok := ln.Addr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
		_ = ln.Close()
		return nil, fmt.Errorf("mail: catcher: %q is not a loopback address; use 127.0.0.1 or localhost", addr)
	}
	c := &Catcher{ln: ln, keep: keep, now: time.Now}
	c.srv = smtpd.NewServer(smtpd.BackendFunc(func(*smtpd.Conn) (smtpd.Session, error) {
		return &catcherSession{c: c}, nil
	}))
	c.srv.Domain = "localhost"
	c.srv.MaxMessageBytes = catcherMaxBytes
	c.srv.MaxRecipients = 100
	c.srv.ReadTimeout = time.Minute
	c.srv.WriteTimeout = time.Minute
	c.srv.ErrorLog = log.New(io.Discard, "", 0)
	go func() { _ = c.srv.Serve(ln) }()
	return c, nil
}

// NewSink is a Catcher that keeps nothing: it reads each message to the end,
// counts it and drops it, as a fast mail server would. Benchmarks send to
// it, so what they measure is Purna, not the parsing of what it sent.
func NewSink(addr string) (*Catcher, error) {
	c, err := NewCatcher(addr, 1)
	if err != nil {
		return nil, err
	}
	c.discard = true
	return c, nil
}

// Accepted returns how many messages the server accepted since it started.
func (c *Catcher) Accepted() int64 { return c.accepted.Load() }

// Addr returns the address the Catcher listens on, "127.0.0.1:40125".
func (c *Catcher) Addr() string { return c.ln.Addr().String() }

// Messages returns the kept messages, oldest first.
func (c *Catcher) Messages() []Received {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]Received, len(c.msgs))
	copy(out, c.msgs)
	return out
}

// Close stops the server and drops its connections.
func (c *Catcher) Close() error {
	err := c.srv.Close()
	if errors.Is(err, smtpd.ErrServerClosed) {
		return nil
	}
	return err
}

func (c *Catcher) add(r Received) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.msgs) == c.keep {
		copy(c.msgs, c.msgs[1:])
		c.msgs = c.msgs[:len(c.msgs)-1]
	}
	c.msgs = append(c.msgs, r)
}

// catcherSession is one SMTP transaction at a time on one connection.
type catcherSession struct {
	c    *Catcher
	from string
	to   []string
}

func (s *catcherSession) Reset()        { s.from, s.to = "", nil }
func (s *catcherSession) Logout() error { return nil }

func (s *catcherSession) Mail(from string, _ *smtpd.MailOptions) error {
	s.from = from
	return nil
}

func (s *catcherSession) Rcpt(to string, _ *smtpd.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *catcherSession) Data(r io.Reader) error {
	if s.c.discard {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		s.c.accepted.Add(1)
		return nil
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rc := parseReceived(raw)
	rc.From, rc.To, rc.Time = s.from, s.to, s.c.now()
	s.c.add(rc)
	s.c.accepted.Add(1)
	return nil
}

// parseReceived parses a raw RFC 5322 message with the standard library.
func parseReceived(raw []byte) Received {
	rc := Received{Raw: raw}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		rc.Err = fmt.Errorf("mail: parse header: %w", err)
		return rc
	}
	rc.Header = msg.Header
	var dec mime.WordDecoder
	rc.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		rc.Subject = msg.Header.Get("Subject")
	}
	rc.Err = walkPart(&rc, msg.Header, msg.Body, 0)
	return rc
}

// getter is what net/mail.Header and textproto.MIMEHeader have in common.
type getter interface{ Get(string) string }

// walkPart keeps the first text/plain and text/html parts it finds, depth
// first, skipping attachments.
func walkPart(rc *Received, h getter, body io.Reader, depth int) error {
	if depth > 10 {
		return errors.New("mail: MIME parts nested too deep")
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("mail: Content-Type %q: %w", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for n := 0; ; n++ {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) && n == 0 {
				return fmt.Errorf("mail: %s without parts", mt)
			}
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mail: multipart: %w", err)
			}
			if err := walkPart(rc, p.Header, p, depth+1); err != nil {
				return err
			}
		}
	}
	if disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp == "attachment" {
		return nil
	}
	if mt != "text/plain" && mt != "text/html" {
		return nil
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r) // ignores CR and LF
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("mail: %s part: %w", mt, err)
	}
	text := toUTF8(b, params["charset"])
	if mt == "text/plain" && rc.Text == "" {
		rc.Text = text
	} else if mt == "text/html" && rc.HTML == "" {
		rc.HTML = text
	}
	return nil
}

// toUTF8 converts the charsets the standard library can: UTF-8, US-ASCII and
// ISO-8859-1. Anything else is returned as is.
func toUTF8(b []byte, charset string) string {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1":
		rs := make([]rune, len(b))
		for i, c := range b {
			rs[i] = rune(c)
		}
		return string(rs)
	}
	return string(b)
}

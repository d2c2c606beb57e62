package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync/atomic"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"

	"github.com/purnajual/purna/internal/batch"
)

// TLS modes for SMTPConfig.TLS.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS; refused if the server does not offer it
	TLSImplicit = "tls"      // TLS from the first byte ("SMTPS", usually port 465)
	TLSNone     = "none"     // no encryption; only for a server on localhost
)

// SMTPConfig says how to reach the merchant's mail server.
type SMTPConfig struct {
	Host     string
	Port     int    // default 587 for starttls, 465 for tls, 25 for none
	Username string // empty: no SMTP AUTH
	Password string
	TLS      string        // TLSStartTLS (default), TLSImplicit or TLSNone
	HELO     string        // name sent in EHLO; default the machine's hostname
	Pool     int           // connections kept open; default 4
	Timeout  time.Duration // dial timeout, and timeout for each message on a connection; default 30s

	// TLSConfig, if set, is used for STARTTLS and implicit TLS (a private CA,
	// say). ServerName defaults to Host.
	TLSConfig *tls.Config
}

// idleProbe is how long a pooled connection may sit unused before it is
// checked with NOOP: servers close idle connections, and a message sent on a
// dead one would fail needlessly.
const idleProbe = 5 * time.Second

// SMTP sends mail through an SMTP server over a pool of reused connections.
// Each connection carries one message at a time: MAIL, RCPT, DATA, then RSET,
// and a connection that failed is closed and redialled on next use. It is
// safe for concurrent use; at most Pool messages are in flight.
type SMTP struct {
	cfg    SMTPConfig
	client *gomail.Client
	slots  chan *conn // Pool slots; a slot's connection may be closed
	closed atomic.Bool
	now    func() time.Time
}

// conn is one pooled connection. It is owned by whoever took its slot.
type conn struct {
	sc       *gosmtp.Client
	raw      net.Conn // the socket under sc, for forced close and deadlines
	lastUsed time.Time
}

// rawConnKey carries a *net.Conn through go-mail's dialer so that SMTP learns
// the socket of each connection it dials.
type rawConnKey struct{}

// NewSMTP returns an SMTP sender for cfg. It does not connect: the first Send
// does.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	tlsConf := &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tlsConf = cfg.TLSConfig.Clone()
		if tlsConf.ServerName == "" {
			tlsConf.ServerName = cfg.Host
		}
	}
	cfg.TLSConfig = tlsConf

	s := &SMTP{cfg: cfg, slots: make(chan *conn, cfg.Pool), now: time.Now}
	opts := []gomail.Option{
		gomail.WithPort(cfg.Port),
		gomail.WithTimeout(cfg.Timeout),
		gomail.WithTLSConfig(tlsConf),
		gomail.WithDialContextFunc(s.dial),
		// SMTP probes idle connections itself; go-mail's NOOP before every
		// message costs a round trip each.
		gomail.WithoutNoop(),
	}
	switch cfg.TLS {
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(cfg.HELO))
	}
	if cfg.Username != "" {
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	s.client, err = gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp client: %w", err)
	}
	for range cfg.Pool {
		s.slots <- &conn{}
	}
	return s, nil
}

func (cfg SMTPConfig) withDefaults() (SMTPConfig, error) {
	if cfg.Host == "" {
		return cfg, errors.New("mail: SMTP host is required")
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	switch cfg.TLS {
	case TLSStartTLS, TLSImplicit:
	case TLSNone:
		if !isLocalhost(cfg.Host) {
			return cfg, fmt.Errorf("mail: TLS %q is only allowed for a server on localhost, not %q; use starttls or tls", TLSNone, cfg.Host)
		}
	default:
		return cfg, fmt.Errorf("mail: unknown SMTP TLS mode %q (want starttls, tls or none)", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[cfg.TLS]
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return cfg, fmt.Errorf("mail: SMTP port %d out of range", cfg.Port)
	}
	if cfg.Pool == 0 {
		cfg.Pool = 4
	}
	if cfg.Pool < 0 || cfg.Pool > 100 {
		return cfg, fmt.Errorf("mail: SMTP pool %d out of range 1-100", cfg.Pool)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Timeout < 0 {
		return cfg, fmt.Errorf("mail: SMTP timeout %s is negative", cfg.Timeout)
	}
	return cfg, nil
}

func isLocalhost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send sends m on a pooled connection, dialling one if needed. It blocks while
// all Pool connections are busy. See Sender for the meaning of the error.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	gm, err := build(m, s.now())
	if err != nil {
		return err
	}
	c, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer func() { s.slots <- c }()
	return s.deliver(ctx, c, gm)
}

// SendBatch sends msgs concurrently over the pool and returns one error per
// message, in order; nil means the server accepted it. Cancelling ctx stops
// the batch: messages not yet sent get ctx's error.
func (s *SMTP) SendBatch(ctx context.Context, msgs []Message) []error {
	errs := make([]error, len(msgs))
	batch.Each(len(msgs), s.cfg.Pool, func(i int) { errs[i] = s.Send(ctx, msgs[i]) })
	return errs
}

// Close says QUIT on the pooled connections, after waiting for messages in
// flight. Send returns ErrClosed afterwards.
func (s *SMTP) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	taken := make([]*conn, 0, s.cfg.Pool)
	for range s.cfg.Pool {
		taken = append(taken, <-s.slots)
	}
	for _, c := range taken {
		if c.sc != nil {
			_ = c.raw.SetDeadline(time.Now().Add(time.Second))
			_ = c.sc.Quit()
			c.close()
		}
		s.slots <- c
	}
	return nil
}

// acquire takes a slot and makes sure it holds a live connection.
func (s *SMTP) acquire(ctx context.Context) (*conn, error) {
	var c *conn
	select {
	case c = <-s.slots:
	case <-ctx.Done():
		return nil, &ConnError{Op: "wait for connection", Err: ctx.Err()}
	}
	if s.closed.Load() {
		s.slots <- c
		return nil, ErrClosed
	}
	if c.sc != nil && s.now().Sub(c.lastUsed) > idleProbe {
		// The deadline set for the last message may have passed while idle.
		if err := c.sc.UpdateDeadline(s.cfg.Timeout); err != nil || c.sc.Noop() != nil {
			c.close()
		}
	}
	if c.sc == nil {
		if err := s.connect(ctx, c); err != nil {
			s.slots <- c
			return nil, err
		}
	}
	return c, nil
}

// connect dials, says EHLO, does STARTTLS and AUTH as configured.
func (s *SMTP) connect(ctx context.Context, c *conn) error {
	var raw net.Conn
	sc, err := s.client.DialToSMTPClientWithContext(context.WithValue(ctx, rawConnKey{}, &raw))
	if err != nil {
		if raw != nil {
			_ = raw.Close() // go-mail leaves it open when EHLO, STARTTLS or AUTH fails
		}
		return &ConnError{Op: "connect to " + net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port)), Err: err}
	}
	c.sc, c.raw, c.lastUsed = sc, raw, s.now()
	return nil
}

// dial is go-mail's DialContextFunc. It records the socket for connect.
func (s *SMTP) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := &net.Dialer{}
	var (
		c   net.Conn
		err error
	)
	if s.cfg.TLS == TLSImplicit {
		c, err = (&tls.Dialer{NetDialer: nd, Config: s.cfg.TLSConfig}).DialContext(ctx, network, addr)
	} else {
		c, err = nd.DialContext(ctx, network, addr)
	}
	if err == nil {
		if p, ok := ctx.Value(rawConnKey{}).(*net.Conn); ok {
			*p = c
		}
	}
	return c, err
}

// deliver sends gm on c and classifies the failure. A connection that may be
// out of step with the server is closed; the next acquire redials.
func (s *SMTP) deliver(ctx context.Context, c *conn, gm *gomail.Msg) error {
	if err := ctx.Err(); err != nil {
		return &ConnError{Op: "send", Err: err}
	}
	stop := func() bool { return true }
	if ctx.Done() != nil {
		// go-mail has no context for Send: a deadline in the past aborts any
		// read or write in progress.
		raw := c.raw
		stop = context.AfterFunc(ctx, func() { _ = raw.SetDeadline(time.Unix(1, 0)) })
	}
	err := s.client.SendWithSMTPClient(c.sc, gm)
	c.lastUsed = s.now()
	if !stop() {
		// The deadline was, or is being, moved into the past: this
		// connection is spoilt whatever the outcome.
		defer c.close()
	}
	if err == nil {
		return nil
	}
	if gm.IsDelivered() {
		// The server accepted the message; only the RSET after it failed.
		// Reporting an error would make the caller send it again.
		c.close()
		return nil
	}
	se, ok := errors.AsType[*gomail.SendError](err)
	// The whole message was written; the reply never came.
	maybe := ok && se.Reason == gomail.ErrSMTPDataClose && se.ErrorCode() == 0
	if ctx.Err() != nil {
		c.close()
		return &ConnError{Op: "send", Err: errors.Join(ctx.Err(), err), MaybeDelivered: maybe}
	}
	if ok && se.ErrorCode() >= 400 && se.ErrorCode() < 600 {
		// A reply: the session is in step, go-mail has sent RSET. 421 means
		// the server is closing the connection; otherwise check with NOOP in
		// case the RSET failed too.
		if se.ErrorCode() == 421 || c.sc.Noop() != nil {
			c.close()
		}
		return &SMTPError{Code: se.ErrorCode(), Enhanced: se.EnhancedStatusCode(), Msg: se.Error(), err: err}
	}
	c.close()
	return &ConnError{Op: "send", Err: err, MaybeDelivered: maybe}
}

func (c *conn) close() {
	if c.raw != nil {
		_ = c.raw.Close()
	}
	c.sc, c.raw = nil, nil
}

package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	smtpd "github.com/emersion/go-smtp"
)

// testServer is a go-smtp server whose replies a test chooses per recipient.
// It counts connections and the messages it accepted, and discards the data.
type testServer struct {
	Addr     string
	srv      *smtpd.Server
	sessions atomic.Int64 // connections opened
	accepted atomic.Int64

	mu    sync.Mutex
	conns map[*smtpd.Conn]bool
}

// Recipient local parts that make testServer misbehave.
const (
	rcpt550        = "nobody"         // RCPT: 550 5.1.1
	rcpt421        = "busy"           // RCPT: 421 4.3.2
	rcptDropRcpt   = "drop-rcpt"      // RCPT: close the connection without a reply
	rcptDropData   = "drop-data"      // DATA: read the message, close without a reply
	rcptDropAccept = "drop-after-250" // DATA: reply 250, then close before RSET
	rcpt554Data    = "spam"           // DATA: 554 5.7.1 after the message
	rcptStall      = "stall"          // DATA: read the message, then wait 5s before replying
)

type testServerOpts struct {
	TLS      *tls.Config // offer STARTTLS with this config
	Implicit bool        // serve TLS from the first byte (needs TLS)
}

func newTestServer(t testing.TB, opts testServerOpts) *testServer {
	t.Helper()
	ts := &testServer{conns: make(map[*smtpd.Conn]bool)}
	ts.srv = smtpd.NewServer(smtpd.BackendFunc(func(c *smtpd.Conn) (smtpd.Session, error) {
		ts.sessions.Add(1)
		ts.mu.Lock()
		ts.conns[c] = true
		ts.mu.Unlock()
		return &testSession{ts: ts, conn: c}, nil
	}))
	ts.srv.Domain = "localhost"
	ts.srv.ErrorLog = log.New(io.Discard, "", 0)
	ts.srv.TLSConfig = opts.TLS
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if opts.Implicit {
		ln = tls.NewListener(ln, opts.TLS)
		ts.srv.TLSConfig = nil // no STARTTLS inside TLS
	}
	ts.Addr = ln.Addr().String()
	go func() { _ = ts.srv.Serve(ln) }()
	t.Cleanup(func() { _ = ts.srv.Close() })
	return ts
}

// dropAll closes every open connection, as a server restart or idle timeout does.
func (ts *testServer) dropAll() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for c := range ts.conns {
		_ = c.Conn().Close()
	}
}

type testSession struct {
	ts          *testServer
	conn        *smtpd.Conn
	rcpts       []string
	dropOnReset bool
	loggedOut   bool
}

func (s *testSession) Reset() {
	s.rcpts = nil
	if s.dropOnReset {
		s.dropOnReset = false
		_ = s.conn.Conn().Close()
	}
}

func (s *testSession) Logout() error {
	if !s.loggedOut {
		s.loggedOut = true
		s.ts.mu.Lock()
		delete(s.ts.conns, s.conn)
		s.ts.mu.Unlock()
	}
	return nil
}

func (s *testSession) Mail(string, *smtpd.MailOptions) error { return nil }

func (s *testSession) Rcpt(to string, _ *smtpd.RcptOptions) error {
	local, _, _ := strings.Cut(to, "@")
	switch local {
	case rcpt550:
		return &smtpd.SMTPError{Code: 550, EnhancedCode: smtpd.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	case rcpt421:
		return &smtpd.SMTPError{Code: 421, EnhancedCode: smtpd.EnhancedCode{4, 3, 2}, Message: "try again later"}
	case rcptDropRcpt:
		_ = s.conn.Conn().Close()
		return io.EOF
	}
	s.rcpts = append(s.rcpts, local)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	switch s.rcpts[0] {
	case rcptDropData:
		_ = s.conn.Conn().Close()
		return io.EOF
	case rcptDropAccept:
		s.dropOnReset = true // go-smtp resets the session after writing 250
	case rcptStall:
		time.Sleep(5 * time.Second)
	case rcpt554Data:
		return &smtpd.SMTPError{Code: 554, EnhancedCode: smtpd.EnhancedCode{5, 7, 1}, Message: "looks like spam"}
	}
	s.ts.accepted.Add(1)
	return nil
}

// mustSelfSigned returns a server TLS config for 127.0.0.1 and a client pool
// that trusts it.
func mustSelfSigned(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "purna test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// MustSMTP returns an SMTP sender for the server at addr, closed with the test.
func MustSMTP(t testing.TB, addr string, cfg SMTPConfig) *SMTP {
	t.Helper()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Host = host
	if cfg.Port, err = strconv.Atoi(port); err != nil {
		t.Fatal(err)
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSNone
	}
	if cfg.HELO == "" {
		cfg.HELO = "purna.test"
	}
	s, err := NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// testMessage is an Indonesian/Romanian shipping update to to@example.com.
func testMessage(id, to string) Message {
	return Message{
		ID:      id,
		From:    Address{Name: "Toko Batik Sări", Email: "halo@batiksari.id"},
		ReplyTo: &Address{Name: "Layanan Pelanggan", Email: "cs@batiksari.id"},
		To:      Address{Name: "Ștefan Țăranu", Email: to},
		Subject: "Pesanan Anda sudah dikirim — comanda ta a fost expediată: ș ț ă â î",
		Text: "Bună ziua, Ștefan!\n\nComanda ta #1042 a fost expediată și ajunge mâine.\n" +
			"Pesanan Anda sudah dikirim dan tiba besok.\n" +
			"A line that is well over seventy-six characters long, so quoted-printable has to wrap it somewhere.\n",
		HTML: `<!doctype html><html lang="ro"><body><p style="font-size:16px">Bună ziua, <b>Ștefan</b>!</p>` +
			`<p>Comanda ta a fost expediată — țară, înghețată, mâine.</p><p>Terima kasih!</p></body></html>`,
		Lang:    "ro",
		Headers: map[string]string{"X-Purna-Message": id},
	}
}

// normalize turns CRLF into LF, as a mail reader does.
func normalize(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func TestSMTPDeliversToCatcher(t *testing.T) {
	t.Parallel()
	catcher, err := NewCatcher("127.0.0.1:0", 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = catcher.Close() })
	s := MustSMTP(t, catcher.Addr(), SMTPConfig{})

	multipart := testMessage("01JABCDEFMULTI", "stefan@example.ro")
	textOnly := testMessage("01JABCDEFTEXT", "budi@example.id")
	textOnly.HTML, textOnly.ReplyTo, textOnly.Lang = "", nil, ""
	start := time.Now().Add(-time.Second).Truncate(time.Second)
	for _, m := range []Message{multipart, textOnly} {
		if err := s.Send(t.Context(), m); err != nil {
			t.Fatalf("Send %s: %v", m.ID, err)
		}
	}

	got := catcher.Messages()
	if len(got) != 2 {
		t.Fatalf("catcher has %d messages, want 2", len(got))
	}
	for i, m := range []Message{multipart, textOnly} {
		r := got[i]
		if r.Err != nil {
			t.Errorf("%s: parse: %v", m.ID, r.Err)
		}
		if r.From != m.From.Email || len(r.To) != 1 || r.To[0] != m.To.Email {
			t.Errorf("%s: envelope %s → %v", m.ID, r.From, r.To)
		}
		if r.Subject != m.Subject {
			t.Errorf("%s: Subject = %q, want %q", m.ID, r.Subject, m.Subject)
		}
		if normalize(r.Text) != m.Text {
			t.Errorf("%s: Text = %q, want %q", m.ID, r.Text, m.Text)
		}
		if normalize(r.HTML) != m.HTML {
			t.Errorf("%s: HTML = %q, want %q", m.ID, r.HTML, m.HTML)
		}
		if id := r.Header.Get("Message-ID"); id != "<"+m.ID+"@batiksari.id>" {
			t.Errorf("%s: Message-ID = %q", m.ID, id)
		}
		date, err := r.Header.Date()
		if err != nil || date.Before(start) || date.After(time.Now().Add(time.Second)) {
			t.Errorf("%s: Date = %q (%v)", m.ID, r.Header.Get("Date"), err)
		}
		from, err := netmail.ParseAddress(r.Header.Get("From"))
		if err != nil || from.Name != m.From.Name || from.Address != m.From.Email {
			t.Errorf("%s: From = %q (%v)", m.ID, r.Header.Get("From"), err)
		}
		if got := r.Header.Get("X-Purna-Message"); got != m.ID {
			t.Errorf("%s: X-Purna-Message = %q", m.ID, got)
		}
		if got := r.Header.Get("List-Unsubscribe"); got != "" {
			t.Errorf("%s: transactional mail has List-Unsubscribe %q", m.ID, got)
		}
	}
	if ct := got[0].Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative;") {
		t.Errorf("multipart Content-Type = %q", ct)
	}
	if cl := got[0].Header.Get("Content-Language"); cl != "ro" {
		t.Errorf("Content-Language = %q", cl)
	}
	if rt := got[0].Header.Get("Reply-To"); !strings.Contains(rt, "<cs@batiksari.id>") {
		t.Errorf("Reply-To = %q", rt)
	}
	if ct := got[1].Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain;") {
		t.Errorf("text-only Content-Type = %q", ct)
	}
}

func TestSMTPUnsubscribeHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		edit      func(*Message)
		wantUnsub string
		wantPost  string
	}{
		{
			name: "transactional carries neither, even with a URL set",
			edit: func(m *Message) {
				m.UnsubscribeURL, m.UnsubscribePost = "https://batiksari.id/u/abc", true
			},
		},
		{
			name: "marketing one-click with mailto",
			edit: func(m *Message) {
				m.Marketing, m.UnsubscribeURL, m.UnsubscribePost = true, "https://batiksari.id/u/abc", true
				m.UnsubscribeMailto = "unsub+abc@batiksari.id"
			},
			wantUnsub: "<https://batiksari.id/u/abc>, <mailto:unsub+abc@batiksari.id>",
			wantPost:  "List-Unsubscribe=One-Click",
		},
		{
			name: "one-click over http is left out (RFC 8058)",
			edit: func(m *Message) {
				m.Marketing, m.UnsubscribeURL, m.UnsubscribePost = true, "http://localhost:8080/u/abc", true
			},
			wantUnsub: "<http://localhost:8080/u/abc>",
		},
		{
			name: "marketing mailto only",
			edit: func(m *Message) {
				m.Marketing, m.UnsubscribeMailto, m.UnsubscribePost = true, "unsub+abc@batiksari.id", true
			},
			wantUnsub: "<mailto:unsub+abc@batiksari.id>",
		},
		{
			name: "marketing without one-click",
			edit: func(m *Message) {
				m.Marketing, m.UnsubscribeURL = true, "https://batiksari.id/u/abc"
			},
			wantUnsub: "<https://batiksari.id/u/abc>",
		},
	}
	catcher, err := NewCatcher("127.0.0.1:0", 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = catcher.Close() })
	s := MustSMTP(t, catcher.Addr(), SMTPConfig{})
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage(fmt.Sprintf("unsub%d", i), "ana@example.ro")
			tc.edit(&m)
			if err := s.Send(t.Context(), m); err != nil {
				t.Fatal(err)
			}
			r := mustFindReceived(t, catcher, m.MessageID())
			if got := r.Header.Get("List-Unsubscribe"); got != tc.wantUnsub {
				t.Errorf("List-Unsubscribe = %q, want %q", got, tc.wantUnsub)
			}
			if got := r.Header.Get("List-Unsubscribe-Post"); got != tc.wantPost {
				t.Errorf("List-Unsubscribe-Post = %q, want %q", got, tc.wantPost)
			}
		})
	}
}

func mustFindReceived(t *testing.T, c *Catcher, messageID string) Received {
	t.Helper()
	for _, r := range c.Messages() {
		if r.Header.Get("Message-ID") == messageID {
			return r
		}
	}
	t.Fatalf("no message %s in the catcher", messageID)
	return Received{}
}

func TestSMTPRefusesInvalidMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Message)
	}{
		{"CRLF in extra header value", func(m *Message) { m.Headers["X-Campaign"] = "a\r\nBcc: victim@example.com" }},
		{"LF in extra header value", func(m *Message) { m.Headers["X-Campaign"] = "a\nBcc: victim@example.com" }},
		{"colon in header name", func(m *Message) { m.Headers["X-A: b"] = "c" }},
		{"reserved header", func(m *Message) { m.Headers["bcc"] = "victim@example.com" }},
		{"CR in subject", func(m *Message) { m.Subject = "Hi\rBcc: victim@example.com" }},
		{"LF in display name", func(m *Message) { m.To.Name = "Ana\nBcc: victim@example.com" }},
		{"address with display name", func(m *Message) { m.To.Email = "Ana <ana@example.ro>" }},
		{"no ID", func(m *Message) { m.ID = "" }},
		{"ID with @", func(m *Message) { m.ID = "a@b" }},
		{"no text part", func(m *Message) { m.Text = "" }},
		{"marketing without unsubscribe", func(m *Message) { m.Marketing = true }},
		{"bad language", func(m *Message) { m.Lang = "ro\r\nX: y" }},
	}
	ts := newTestServer(t, testServerOpts{})
	s := MustSMTP(t, ts.Addr, SMTPConfig{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage("01JINVALID", "ana@example.ro")
			tc.edit(&m)
			err := s.Send(t.Context(), m)
			if !errors.Is(err, ErrInvalidMessage) {
				t.Fatalf("Send = %v, want ErrInvalidMessage", err)
			}
			if !IsPermanent(err) || IsTemporary(err) {
				t.Errorf("IsPermanent = %v, IsTemporary = %v; want true, false", IsPermanent(err), IsTemporary(err))
			}
		})
	}
	t.Cleanup(func() {
		if n := ts.sessions.Load(); n != 0 {
			t.Errorf("invalid messages opened %d connections", n)
		}
	})
}

func TestSMTPErrorClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rcpt          string
		wantCode      int // 0: not an SMTPError
		wantEnhanced  string
		wantPermanent bool
		wantTemporary bool
		wantMaybe     bool // ConnError.MaybeDelivered
		wantSessions  int64
	}{
		{rcpt: rcpt550, wantCode: 550, wantEnhanced: "5.1.1", wantPermanent: true, wantSessions: 1},
		{rcpt: rcpt421, wantCode: 421, wantEnhanced: "4.3.2", wantTemporary: true, wantSessions: 2},
		{rcpt: rcpt554Data, wantCode: 554, wantEnhanced: "5.7.1", wantPermanent: true, wantSessions: 1},
		{rcpt: rcptDropRcpt, wantTemporary: true, wantSessions: 2},
		{rcpt: rcptDropData, wantTemporary: true, wantMaybe: true, wantSessions: 2},
		{rcpt: rcptDropAccept, wantSessions: 2}, // accepted: no error, so no resend
	}
	for _, tc := range tests {
		t.Run(tc.rcpt, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, testServerOpts{})
			s := MustSMTP(t, ts.Addr, SMTPConfig{Pool: 1})

			err := s.Send(t.Context(), testMessage("01JFAIL", tc.rcpt+"@example.com"))
			if got := IsPermanent(err); got != tc.wantPermanent {
				t.Errorf("IsPermanent(%v) = %v", err, got)
			}
			if got := IsTemporary(err); got != tc.wantTemporary {
				t.Errorf("IsTemporary(%v) = %v", err, got)
			}
			if se, ok := errors.AsType[*SMTPError](err); ok != (tc.wantCode != 0) ||
				ok && (se.Code != tc.wantCode || se.Enhanced != tc.wantEnhanced) {
				t.Errorf("error %v: want SMTP code %d %s", err, tc.wantCode, tc.wantEnhanced)
			}
			ce, _ := errors.AsType[*ConnError](err)
			if got := ce != nil && ce.MaybeDelivered; got != tc.wantMaybe {
				t.Errorf("MaybeDelivered = %v (%v)", got, err)
			}

			// The next message goes through, on a new connection if the
			// old one broke.
			if err := s.Send(t.Context(), testMessage("01JNEXT", "ok@example.com")); err != nil {
				t.Fatalf("next Send: %v", err)
			}
			if n := ts.sessions.Load(); n != tc.wantSessions {
				t.Errorf("server saw %d connections, want %d", n, tc.wantSessions)
			}
		})
	}
}

func TestSMTPReconnectsAfterIdleClose(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testServerOpts{})
	s := MustSMTP(t, ts.Addr, SMTPConfig{Pool: 1})
	var mu sync.Mutex
	now := time.Now()
	s.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }

	if err := s.Send(t.Context(), testMessage("01JA", "ok@example.com")); err != nil {
		t.Fatal(err)
	}
	ts.dropAll() // the server's idle timeout
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	if err := s.Send(t.Context(), testMessage("01JB", "ok@example.com")); err != nil {
		t.Fatalf("Send after idle close: %v", err)
	}
	if n := ts.sessions.Load(); n != 2 {
		t.Errorf("server saw %d connections, want 2", n)
	}
	if n := ts.accepted.Load(); n != 2 {
		t.Errorf("server accepted %d messages, want 2", n)
	}
}

func TestSMTPConnectionReuse(t *testing.T) {
	t.Parallel()
	msgs := make([]Message, 200)
	for i := range msgs {
		msgs[i] = testMessage(fmt.Sprintf("01JREUSE%03d", i), fmt.Sprintf("c%d@example.com", i))
	}
	tests := []struct {
		name string
		send func(*SMTP) error
	}{
		{"SendBatch", func(s *SMTP) error {
			return errors.Join(s.SendBatch(context.Background(), msgs)...)
		}},
		{"Send from 8 goroutines", func(s *SMTP) error {
			errs := make([]error, len(msgs))
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Go(func() {
					for i := w; i < len(msgs); i += 8 {
						errs[i] = s.Send(context.Background(), msgs[i])
					}
				})
			}
			wg.Wait()
			return errors.Join(errs...)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, testServerOpts{})
			s := MustSMTP(t, ts.Addr, SMTPConfig{Pool: 2})
			if err := tc.send(s); err != nil {
				t.Fatal(err)
			}
			if n := ts.accepted.Load(); n != 200 {
				t.Errorf("server accepted %d messages, want 200", n)
			}
			if n := ts.sessions.Load(); n > 2 {
				t.Errorf("200 messages used %d connections, want at most 2", n)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := s.Send(t.Context(), msgs[0]); !errors.Is(err, ErrClosed) || !IsTemporary(err) {
				t.Errorf("Send after Close = %v, want temporary ErrClosed", err)
			}
		})
	}
}

func TestSMTPSendBatchErrorsInOrder(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testServerOpts{})
	s := MustSMTP(t, ts.Addr, SMTPConfig{Pool: 3})
	rcpts := []string{"a", "b", "c", rcpt550, "d", "e", "f", rcpt421, "g", "h", "i", rcpt550}
	msgs := make([]Message, len(rcpts))
	for i, r := range rcpts {
		msgs[i] = testMessage(fmt.Sprintf("01JBATCH%02d", i), r+"@example.com")
	}
	msgs[5].Headers["Bad"] = "x\r\ny" // refused before sending

	errs := s.SendBatch(t.Context(), msgs)
	if len(errs) != len(msgs) {
		t.Fatalf("got %d errors for %d messages", len(errs), len(msgs))
	}
	for i, err := range errs {
		want := "nil"
		switch {
		case rcpts[i] == rcpt550 || i == 5:
			want = "permanent"
		case rcpts[i] == rcpt421:
			want = "temporary"
		}
		got := "nil"
		switch {
		case IsPermanent(err):
			got = "permanent"
		case IsTemporary(err):
			got = "temporary"
		case err != nil:
			got = "unclassified"
		}
		if got != want {
			t.Errorf("errs[%d] (%s) = %v: %s, want %s", i, rcpts[i], err, got, want)
		}
	}
	if n := ts.accepted.Load(); n != 8 {
		t.Errorf("server accepted %d, want 8", n)
	}
}

func TestSMTPTLS(t *testing.T) {
	t.Parallel()
	serverTLS, roots := mustSelfSigned(t)
	clientTLS := &tls.Config{RootCAs: roots}
	tests := []struct {
		name    string
		server  testServerOpts
		mode    string
		wantErr string // substring; empty: delivered
	}{
		{"starttls", testServerOpts{TLS: serverTLS}, TLSStartTLS, ""},
		{"implicit tls", testServerOpts{TLS: serverTLS, Implicit: true}, TLSImplicit, ""},
		{"starttls required, server lacks it", testServerOpts{}, TLSStartTLS, "STARTTLS"},
		{"starttls, untrusted certificate", testServerOpts{TLS: serverTLS}, "untrusted", "certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t, tc.server)
			cfg := SMTPConfig{TLS: tc.mode, TLSConfig: clientTLS}
			if tc.mode == "untrusted" {
				cfg = SMTPConfig{TLS: TLSStartTLS}
			}
			s := MustSMTP(t, ts.Addr, cfg)
			err := s.Send(t.Context(), testMessage("01JTLS", "ok@example.com"))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Send = %v, want error containing %q", err, tc.wantErr)
			}
			if !IsTemporary(err) || IsPermanent(err) {
				t.Errorf("connection setup failure %v must be temporary", err)
			}
			if ts.accepted.Load() != 0 {
				t.Error("message was delivered without TLS")
			}
		})
	}
}

func TestNewSMTPRefusesPlaintextToRemoteHost(t *testing.T) {
	t.Parallel()
	_, err := NewSMTP(SMTPConfig{Host: "smtp.example.com", TLS: TLSNone})
	if err == nil || !strings.Contains(err.Error(), "localhost") {
		t.Fatalf("NewSMTP = %v, want an error about localhost", err)
	}
}

func TestSMTPCancelledContext(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testServerOpts{})
	s := MustSMTP(t, ts.Addr, SMTPConfig{Pool: 1})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := s.Send(ctx, testMessage("01JCTX", "ok@example.com"))
	if !errors.Is(err, context.Canceled) || !IsTemporary(err) {
		t.Fatalf("Send = %v, want temporary context.Canceled", err)
	}
	if err := s.Send(t.Context(), testMessage("01JCTX2", "ok@example.com")); err != nil {
		t.Fatal(err)
	}
	if n := ts.accepted.Load(); n != 1 {
		t.Errorf("accepted %d, want 1", n)
	}
}

func TestSMTPContextDeadlineMidMessage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, testServerOpts{})
	s := MustSMTP(t, ts.Addr, SMTPConfig{Pool: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Send(ctx, testMessage("01JSTALL", rcptStall+"@example.com"))
	if time.Since(start) > 2*time.Second {
		t.Errorf("Send took %s; the context deadline did not stop it", time.Since(start))
	}
	if !errors.Is(err, context.DeadlineExceeded) || !IsTemporary(err) {
		t.Fatalf("Send = %v, want temporary context.DeadlineExceeded", err)
	}
	if ce, ok := errors.AsType[*ConnError](err); !ok || !ce.MaybeDelivered {
		t.Errorf("the message was written before the deadline: want MaybeDelivered, got %v", err)
	}
	if err := s.Send(t.Context(), testMessage("01JAFTER", "ok@example.com")); err != nil {
		t.Fatalf("next Send: %v", err)
	}
}

func TestSMTPDialFailureIsTemporary(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now
	s := MustSMTP(t, addr, SMTPConfig{Timeout: time.Second})
	err = s.Send(t.Context(), testMessage("01JDIAL", "ok@example.com"))
	if !IsTemporary(err) || IsPermanent(err) {
		t.Fatalf("Send = %v, want temporary", err)
	}
}

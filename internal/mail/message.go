package mail

import (
	"context"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strings"
)

// Address is a mailbox: "Toko Batik Sari <halo@batiksari.id>".
type Address struct {
	Name  string // display name; may be any UTF-8, or empty
	Email string // bare address, "halo@batiksari.id"
}

// String formats a as an RFC 5322 address, encoding a non-ASCII name.
func (a Address) String() string {
	return (&netmail.Address{Name: a.Name, Address: a.Email}).String()
}

// Message is one email, ready to send. Build it with Validate in mind: every
// Sender refuses an invalid message with an error wrapping ErrInvalidMessage.
type Message struct {
	// ID is the outbox message ID (a ULID). It becomes the Message-ID header
	// "<ID@domain-of-From>", so a resend of the same outbox row keeps the same
	// Message-ID and receivers can drop the duplicate.
	ID string

	From    Address
	ReplyTo *Address
	To      Address

	Subject string
	Text    string // the plain-text part; required
	HTML    string // the HTML part; when empty the message is text/plain only

	// Marketing mail (win-back, review requests, newsletters) must carry
	// List-Unsubscribe: UnsubscribeURL and/or UnsubscribeMailto is required.
	// With UnsubscribePost and an https UnsubscribeURL that accepts a POST,
	// the message also carries "List-Unsubscribe-Post:
	// List-Unsubscribe=One-Click" (RFC 8058). RFC 8058 forbids one-click over
	// plain http, so with an http URL (a demo on http://localhost) that
	// header is left out. Transactional mail (Marketing false) carries
	// neither header; the unsubscribe fields are ignored.
	Marketing         bool
	UnsubscribeURL    string
	UnsubscribeMailto string // an address such as "unsub+abc@shop.example", or a mailto: URI
	UnsubscribePost   bool

	// Headers are extra headers such as "X-Purna-Message". Names must be
	// header tokens and values must not contain CR or LF. Headers that have a
	// field above (From, Subject, Message-ID, List-Unsubscribe, …) are refused.
	Headers map[string]string

	Lang string // Content-Language, such as "id" or "ro"; optional
}

// Sender sends one message. Implementations are safe for concurrent use.
//
// Send returns nil once the server accepted the message. Otherwise the error
// is classified by IsPermanent (do not retry) and IsTemporary (retry later).
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// reservedHeaders are set from Message fields or by the MIME writer; Headers
// may not override them.
var reservedHeaders = map[string]bool{
	"From": true, "Sender": true, "To": true, "Cc": true, "Bcc": true, "Reply-To": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true, "Content-Language": true,
	"List-Unsubscribe": true, "List-Unsubscribe-Post": true, "Return-Path": true,
	"Received": true, "Dkim-Signature": true,
}

// Validate reports the first problem that would stop m from being sent. The
// error wraps ErrInvalidMessage.
func (m Message) Validate() error {
	if m.ID == "" {
		return invalid("ID is required (it becomes the Message-ID)")
	}
	for _, r := range m.ID {
		if !isIDChar(r) {
			return invalid("ID %q may hold only letters, digits and - . _", m.ID)
		}
	}
	if err := validAddress("From", m.From); err != nil {
		return err
	}
	if err := validAddress("To", m.To); err != nil {
		return err
	}
	if m.ReplyTo != nil {
		if err := validAddress("ReplyTo", *m.ReplyTo); err != nil {
			return err
		}
	}
	if err := noNewline("Subject", m.Subject); err != nil {
		return err
	}
	if m.Text == "" {
		return invalid("Text is required: every message has a plain-text part")
	}
	if m.Lang != "" && !isLangList(m.Lang) {
		return invalid("Lang %q is not a language tag", m.Lang)
	}
	if m.Marketing {
		if _, err := m.unsubscribeURIs(); err != nil {
			return err
		}
	}
	for k, v := range m.Headers {
		if !isToken(k) {
			return invalid("header name %q is not a valid header name", k)
		}
		if reservedHeaders[textproto.CanonicalMIMEHeaderKey(k)] {
			return invalid("header %q is set from a Message field, not Headers", k)
		}
		if err := noNewline("header "+k, v); err != nil {
			return err
		}
	}
	return nil
}

// MessageID returns the Message-ID header value, "<ID@domain-of-From>".
func (m Message) MessageID() string {
	return "<" + m.ID + "@" + m.idHost() + ">"
}

func (m Message) idHost() string {
	_, host, _ := strings.Cut(m.From.Email, "@")
	return host
}

// unsubscribeURIs returns the List-Unsubscribe URIs of a marketing message,
// the https URL first.
func (m Message) unsubscribeURIs() ([]string, error) {
	var uris []string
	if m.UnsubscribeURL != "" {
		u, err := url.Parse(m.UnsubscribeURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			strings.ContainsAny(m.UnsubscribeURL, "\r\n <>,") {
			return nil, invalid("UnsubscribeURL %q is not an absolute http(s) URL", m.UnsubscribeURL)
		}
		uris = append(uris, m.UnsubscribeURL)
	}
	if m.UnsubscribeMailto != "" {
		addr := strings.TrimPrefix(m.UnsubscribeMailto, "mailto:")
		email, _, _ := strings.Cut(addr, "?")
		if err := validAddress("UnsubscribeMailto", Address{Email: email}); err != nil ||
			strings.ContainsAny(addr, "\r\n <>,") {
			return nil, invalid("UnsubscribeMailto %q is not an address or mailto: URI", m.UnsubscribeMailto)
		}
		uris = append(uris, "mailto:"+addr)
	}
	if len(uris) == 0 {
		return nil, invalid("marketing mail needs UnsubscribeURL or UnsubscribeMailto")
	}
	return uris, nil
}

// oneClick reports whether m carries List-Unsubscribe-Post: only marketing
// mail with an https UnsubscribeURL (RFC 8058 section 3.1).
func (m Message) oneClick() bool {
	return m.Marketing && m.UnsubscribePost && strings.HasPrefix(m.UnsubscribeURL, "https://")
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidMessage, fmt.Sprintf(format, args...))
}

func validAddress(field string, a Address) error {
	if err := noNewline(field+" name", a.Name); err != nil {
		return err
	}
	if a.Email == "" {
		return invalid("%s address is required", field)
	}
	p, err := netmail.ParseAddress(a.Email)
	if err != nil || p.Address != a.Email || p.Name != "" {
		return invalid("%s address %q is not a bare email address", field, a.Email)
	}
	return nil
}

func noNewline(field, s string) error {
	if strings.ContainsAny(s, "\r\n\x00") {
		return invalid("%s contains CR, LF or NUL (header injection)", field)
	}
	return nil
}

func isIDChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '-' || r == '.' || r == '_'
}

// isToken reports whether s is an RFC 5322 field name: printable ASCII except
// colon and space.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// isLangList accepts "id", "ro-RO", "en, id".
func isLangList(s string) bool {
	for tag := range strings.SplitSeq(s, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "" || len(tag) > 35 {
			return false
		}
		for _, r := range tag {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

package mail

import (
	"errors"
	"testing"
)

func TestMessageValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(*Message)
		wantErr bool
	}{
		{"shipping update", func(*Message) {}, false},
		{"text only, no reply-to", func(m *Message) { m.HTML, m.ReplyTo = "", nil }, false},
		{"marketing with mailto only", func(m *Message) { m.Marketing, m.UnsubscribeMailto = true, "mailto:u@batiksari.id?subject=unsub" }, false},
		{"language list", func(m *Message) { m.Lang = "id, en-GB" }, false},
		{"non-ASCII header value", func(m *Message) { m.Headers["X-Campaign"] = "Reducere de iarnă" }, false},
		{"bad reply-to", func(m *Message) { m.ReplyTo = &Address{Email: "nope"} }, true},
		{"no From", func(m *Message) { m.From.Email = "" }, true},
		{"bad unsubscribe URL", func(m *Message) { m.Marketing, m.UnsubscribeURL = true, "/u/abc" }, true},
		{"bad unsubscribe mailto", func(m *Message) { m.Marketing, m.UnsubscribeMailto = true, "mailto:<x>" }, true},
		{"NUL in subject", func(m *Message) { m.Subject = "a\x00b" }, true},
		{"empty header name", func(m *Message) { m.Headers[""] = "x" }, true},
		{"Message-ID in Headers", func(m *Message) { m.Headers["message-id"] = "<x@y>" }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage("01JVALID", "ana@example.ro")
			tc.edit(&m)
			err := m.Validate()
			if (err != nil) != tc.wantErr {
				t.Fatalf("Validate() = %v, wantErr %v", err, tc.wantErr)
			}
			if err != nil && !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("error %v does not wrap ErrInvalidMessage", err)
			}
		})
	}
}

func TestMessageID(t *testing.T) {
	t.Parallel()
	m := testMessage("01JABC", "ana@example.ro")
	if got, want := m.MessageID(), "<01JABC@batiksari.id>"; got != want {
		t.Errorf("MessageID() = %q, want %q", got, want)
	}
}

func TestClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		err            error
		perm, tempWant bool
	}{
		{"nil", nil, false, false},
		{"550", &SMTPError{Code: 550}, true, false},
		{"wrapped 552", errors.Join(errors.New("job"), &SMTPError{Code: 552}), true, false},
		{"450", &SMTPError{Code: 450}, false, true},
		{"conn", &ConnError{Op: "dial", Err: errors.New("refused")}, false, true},
		{"invalid", invalid("x"), true, false},
		{"closed", ErrClosed, false, true},
		{"foreign error", errors.New("boom"), false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IsPermanent(tc.err); got != tc.perm {
				t.Errorf("IsPermanent = %v", got)
			}
			if got := IsTemporary(tc.err); got != tc.tempWant {
				t.Errorf("IsTemporary = %v", got)
			}
		})
	}
}

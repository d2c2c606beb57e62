package mail

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseReceived(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		raw                 string
		subject, text, html string
	}{
		{
			name: "base64 parts in mixed with attachment",
			raw: "Subject: =?utf-8?b?UmVkdWNlcmUgZGUgaWFybsSD?=\r\n" +
				"Content-Type: multipart/mixed; boundary=X\r\n\r\n" +
				"--X\r\nContent-Type: multipart/alternative; boundary=Y\r\n\r\n" +
				"--Y\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
				"UmVkdWNlcmUg\r\nZGUgaWFybsSD\r\n" +
				"--Y\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
				"PGI+aWFybsSDPC9iPg==\r\n--Y--\r\n" +
				"--X\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nnot the body\r\n--X--\r\n",
			subject: "Reducere de iarnă", text: "Reducere de iarnă", html: "<b>iarnă</b>",
		},
		{
			name:    "plain latin-1 without MIME headers",
			raw:     "Subject: =?iso-8859-1?q?Caf=E9?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9\r\n",
			subject: "Café", text: "Café\r\n",
		},
		{
			name:    "no content type",
			raw:     "Subject: hi\r\n\r\nhello\r\n",
			subject: "hi", text: "hello\r\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := parseReceived([]byte(tc.raw))
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.Subject != tc.subject || r.Text != tc.text || r.HTML != tc.html {
				t.Errorf("got subject %q text %q html %q", r.Subject, r.Text, r.HTML)
			}
		})
	}
}

func TestParseReceivedBroken(t *testing.T) {
	t.Parallel()
	r := parseReceived([]byte("Content-Type: multipart/alternative; boundary=Z\r\n\r\nno parts at all"))
	if r.Err == nil {
		t.Error("want a parse error")
	}
	if len(r.Raw) == 0 {
		t.Error("raw message dropped")
	}
}

func TestCatcherKeepsLastN(t *testing.T) {
	t.Parallel()
	c, err := NewCatcher("127.0.0.1:0", 3)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	s := MustSMTP(t, c.Addr(), SMTPConfig{Pool: 1})
	for i := range 5 {
		if err := s.Send(t.Context(), testMessage(fmt.Sprintf("01JKEEP%d", i), "ana@example.ro")); err != nil {
			t.Fatal(err)
		}
	}
	got := c.Messages()
	if len(got) != 3 {
		t.Fatalf("kept %d, want 3", len(got))
	}
	for i, r := range got {
		if want := fmt.Sprintf("<01JKEEP%d@batiksari.id>", i+2); r.Header.Get("Message-ID") != want {
			t.Errorf("Messages()[%d] is %s, want %s", i, r.Header.Get("Message-ID"), want)
		}
	}
}

func TestNewCatcherRefusesPublicAddress(t *testing.T) {
	t.Parallel()
	c, err := NewCatcher(":0", 1) // all interfaces
	if err == nil {
		_ = c.Close()
		t.Fatal("NewCatcher(\":0\") succeeded; it must listen on loopback only")
	}
	if !strings.Contains(err.Error(), "loopback") {
		t.Errorf("error %q does not say why", err)
	}
}

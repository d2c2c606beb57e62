package mail

import (
	"strings"
	"testing"
	"time"
)

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    SMTPConfig
		wantErr string // substring; every error must also name PURNA_SMTP_URL
	}{
		{
			name: "starttls with pool",
			in:   "smtp://user:pass@mail.example.com:587?tls=starttls&pool=8",
			want: SMTPConfig{Host: "mail.example.com", Port: 587, Username: "user", Password: "pass",
				TLS: TLSStartTLS, Pool: 8, Timeout: 30 * time.Second},
		},
		{
			name: "defaults",
			in:   "smtp://mail.example.com",
			want: SMTPConfig{Host: "mail.example.com", Port: 587, TLS: TLSStartTLS, Pool: 4, Timeout: 30 * time.Second},
		},
		{
			name: "smtps means implicit tls on 465",
			in:   "smtps://a%40shop.id:p%40ss%3Aw0rd@smtp.example.com",
			want: SMTPConfig{Host: "smtp.example.com", Port: 465, Username: "a@shop.id", Password: "p@ss:w0rd",
				TLS: TLSImplicit, Pool: 4, Timeout: 30 * time.Second},
		},
		{
			name: "local catcher without tls",
			in:   "smtp://127.0.0.1:2525?tls=none&timeout=5s&helo=purna.local",
			want: SMTPConfig{Host: "127.0.0.1", Port: 2525, TLS: TLSNone, HELO: "purna.local", Pool: 4, Timeout: 5 * time.Second},
		},
		{
			name: "ipv6 localhost",
			in:   "smtp://[::1]:1025?tls=none",
			want: SMTPConfig{Host: "::1", Port: 1025, TLS: TLSNone, Pool: 4, Timeout: 30 * time.Second},
		},
		{name: "empty", in: "", wantErr: "empty"},
		{name: "wrong scheme", in: "http://mail.example.com", wantErr: `scheme "http"`},
		{name: "no scheme", in: "mail.example.com:587", wantErr: "scheme"},
		{name: "no host", in: "smtp://user:pass@:587", wantErr: "no host"},
		{name: "bad port", in: "smtp://mail.example.com:99999", wantErr: "port"},
		{name: "unknown tls", in: "smtp://mail.example.com?tls=ssl", wantErr: `tls="ssl"`},
		{name: "smtps with starttls", in: "smtps://mail.example.com?tls=starttls", wantErr: "smtps://"},
		{name: "plaintext to remote host", in: "smtp://mail.example.com?tls=none", wantErr: "localhost"},
		{name: "pool zero", in: "smtp://mail.example.com?pool=0", wantErr: "pool"},
		{name: "pool not a number", in: "smtp://mail.example.com?pool=many", wantErr: "pool"},
		{name: "bad timeout", in: "smtp://mail.example.com?timeout=10", wantErr: "timeout"},
		{name: "unknown parameter", in: "smtp://mail.example.com?tsl=none", wantErr: `unknown parameter "tsl"`},
		{name: "path", in: "smtp://mail.example.com/inbox", wantErr: "path"},
		{name: "unparsable, password not echoed", in: "smtp://user:s3cret@mail example.com", wantErr: "not a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSMTPURL(tc.in)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseSMTPURL(%q) = %+v, want error containing %q", tc.in, got, tc.wantErr)
				}
				msg := err.Error()
				if !strings.Contains(msg, tc.wantErr) || !strings.Contains(msg, "PURNA_SMTP_URL") {
					t.Errorf("error %q: want it to contain %q and name PURNA_SMTP_URL", msg, tc.wantErr)
				}
				if strings.Contains(msg, "s3cret") {
					t.Errorf("error %q repeats the password", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("ParseSMTPURL(%q)\n got  %+v\n want %+v", tc.in, got, tc.want)
			}
		})
	}
}

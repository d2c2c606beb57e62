package whatsapp

import (
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    Config // HTTPClient is not compared
		wantErr string // substring; every error must also name PURNA_WHATSAPP_URL
	}{
		{
			name: "full",
			in:   "whatsapp://106540352242922:EAAGs3cret@graph.facebook.com?version=v22.0&app_secret=appS3cret&verify_token=verifyS3cret&concurrency=4&timeout=10s",
			want: Config{BaseURL: "https://graph.facebook.com/v22.0", PhoneNumberID: "106540352242922", Token: "EAAGs3cret",
				AppSecret: "appS3cret", VerifyToken: "verifyS3cret", Concurrency: 4, Timeout: 10 * time.Second},
		},
		{
			name: "defaults",
			in:   "whatsapp://106540352242922:EAAGs3cret@graph.facebook.com",
			want: Config{BaseURL: DefaultBaseURL, PhoneNumberID: "106540352242922", Token: "EAAGs3cret",
				Concurrency: DefaultConcurrency, Timeout: DefaultTimeout},
		},
		{
			name: "host left out",
			in:   "whatsapp://106540352242922:EAAGs3cret@",
			want: Config{BaseURL: DefaultBaseURL, PhoneNumberID: "106540352242922", Token: "EAAGs3cret",
				Concurrency: DefaultConcurrency, Timeout: DefaultTimeout},
		},
		{
			name: "encoded token",
			in:   "whatsapp://106540352242922:EAA%2Fs3cret%3D@graph.facebook.com",
			want: Config{BaseURL: DefaultBaseURL, PhoneNumberID: "106540352242922", Token: "EAA/s3cret=",
				Concurrency: DefaultConcurrency, Timeout: DefaultTimeout},
		},
		{
			name: "local fake over http",
			in:   "whatsapp+http://1:EAAGs3cret@127.0.0.1:8080?version=v21.0",
			want: Config{BaseURL: "http://127.0.0.1:8080/v21.0", PhoneNumberID: "1", Token: "EAAGs3cret",
				Concurrency: DefaultConcurrency, Timeout: DefaultTimeout},
		},
		{name: "empty", in: " ", wantErr: "empty"},
		{name: "wrong scheme", in: "https://1:EAAGs3cret@graph.facebook.com", wantErr: `scheme "https"`},
		{name: "opaque", in: "whatsapp:1:EAAGs3cret@graph.facebook.com", wantErr: `no "//"`},
		{name: "no user info", in: "whatsapp://graph.facebook.com", wantErr: "no phone number ID"},
		{name: "phone number instead of ID", in: "whatsapp://+6281234567890:EAAGs3cret@graph.facebook.com", wantErr: "not a number"},
		{name: "no token", in: "whatsapp://106540352242922@graph.facebook.com", wantErr: "no access token"},
		{name: "empty token", in: "whatsapp://106540352242922:@graph.facebook.com", wantErr: "no access token"},
		{name: "http to remote host", in: "whatsapp+http://1:EAAGs3cret@graph.facebook.com", wantErr: "only allowed for localhost"},
		{name: "bad port", in: "whatsapp://1:EAAGs3cret@graph.facebook.com:0", wantErr: "port"},
		{name: "path", in: "whatsapp://1:EAAGs3cret@graph.facebook.com/v21.0", wantErr: "?version="},
		{name: "fragment", in: "whatsapp://1:EAAGs3cret@graph.facebook.com#s3cret", wantErr: "fragment"},
		{name: "bad version", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?version=21", wantErr: `version="21"`},
		{name: "empty app secret", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?app_secret=", wantErr: "app_secret"},
		{name: "empty verify token", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?verify_token=", wantErr: "verify_token"},
		{name: "concurrency zero", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?concurrency=0", wantErr: "concurrency"},
		{name: "bad timeout", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?timeout=30", wantErr: "timeout"},
		{name: "unknown parameter", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?secret=s3cret", wantErr: `unknown parameter "secret"`},
		{name: "bad query", in: "whatsapp://1:EAAGs3cret@graph.facebook.com?a=%zz", wantErr: "query"},
		{name: "unparsable, token not echoed", in: "whatsapp://1:EAAGs3cret@graph facebook.com", wantErr: "not a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseURL(tc.in)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseURL(%q) = %+v, want error containing %q", tc.in, got, tc.wantErr)
				}
				msg := err.Error()
				if !strings.Contains(msg, tc.wantErr) || !strings.Contains(msg, "PURNA_WHATSAPP_URL") {
					t.Errorf("error %q: want it to contain %q and name PURNA_WHATSAPP_URL", msg, tc.wantErr)
				}
				if strings.Contains(msg, "s3cret") {
					t.Errorf("error %q repeats a secret", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.HTTPClient == nil {
				t.Error("HTTPClient not defaulted")
			}
			got.HTTPClient = nil
			if got != tc.want {
				t.Errorf("ParseURL(%q)\n got  %+v\n want %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "no phone number ID", cfg: Config{Token: "t"}, wantErr: "phone number ID is required"},
		{name: "no token", cfg: Config{PhoneNumberID: "1"}, wantErr: "access token is required"},
		{name: "bad base URL", cfg: Config{BaseURL: "graph.facebook.com", PhoneNumberID: "1", Token: "t"}, wantErr: "base URL"},
		{name: "credentials in base URL", cfg: Config{BaseURL: "https://u:p@graph.facebook.com", PhoneNumberID: "1", Token: "t"}, wantErr: "base URL"},
		{name: "token with newline", cfg: Config{PhoneNumberID: "1", Token: "t\nX-Evil: 1"}, wantErr: "line break"},
		{name: "negative concurrency", cfg: Config{PhoneNumberID: "1", Token: "t", Concurrency: -1}, wantErr: "concurrency"},
		{name: "negative timeout", cfg: Config{PhoneNumberID: "1", Token: "t", Timeout: -time.Second}, wantErr: "timeout"},
		{name: "ok", cfg: Config{PhoneNumberID: "1", Token: "t"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tc.cfg)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.endpoint != DefaultBaseURL+"/1/messages" {
					t.Errorf("endpoint = %q", c.endpoint)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("New: error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

package sms

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	def := func(c Config) Config {
		c.Concurrency = cmpOrInt(c.Concurrency, DefaultConcurrency)
		if c.Timeout == 0 {
			c.Timeout = DefaultTimeout
		}
		c.Format = cmpOr(c.Format, FormatJSON)
		c.ToField, c.TextField, c.FromField = cmpOr(c.ToField, "to"), cmpOr(c.TextField, "text"), cmpOr(c.FromField, "from")
		return c
	}
	tests := []struct {
		name    string
		in      string
		want    Config // HTTPClient is not compared
		wantErr string // substring; every error must also name PURNA_SMS_URL
	}{
		{
			name: "the brief's example",
			in:   "https://S3cretTok@gateway.example/v1/send?from=Toko&format=json&to_field=to&text_field=text&from_field=from&id_field=message_id&auth=bearer",
			want: def(Config{URL: "https://gateway.example/v1/send", Auth: AuthBearer, Token: "S3cretTok", From: "Toko", IDField: "message_id"}),
		},
		{
			name: "bearer inferred, nested ID",
			in:   "https://S3cretTok@api.gateway.example/v1/send?from=TokoBudi&id_field=data.message_id",
			want: def(Config{URL: "https://api.gateway.example/v1/send", Auth: AuthBearer, Token: "S3cretTok", From: "TokoBudi", IDField: "data.message_id"}),
		},
		{
			name: "form with basic auth, own fields and params",
			in: "https://magazin:p%40ssS3cret@sms.example.ro:8443/api/send?format=form&to_field=msisdn&text_field=message" +
				"&from_field=sender&from=Magazin&strip_plus=true&param.route=transactional&param.api_key=keyS3cret&concurrency=2&timeout=5s",
			want: def(Config{URL: "https://sms.example.ro:8443/api/send", Format: FormatForm, Auth: AuthBasic,
				Username: "magazin", Password: "p@ssS3cret", From: "Magazin", ToField: "msisdn", TextField: "message",
				FromField: "sender", StripPlus: true, Params: map[string]string{"route": "transactional", "api_key": "keyS3cret"},
				Concurrency: 2, Timeout: 5 * time.Second}),
		},
		{
			name: "basic with empty password",
			in:   "https://apikeyS3cret:@gateway.example/send",
			want: def(Config{URL: "https://gateway.example/send", Auth: AuthBasic, Username: "apikeyS3cret"}),
		},
		{
			name: "no auth, numeric sender",
			in:   "https://gateway.example/send?from=%2B6281100000000",
			want: def(Config{URL: "https://gateway.example/send", Auth: AuthNone, From: "+6281100000000"}),
		},
		{
			name: "local gateway over http",
			in:   "http://127.0.0.1:9000/send",
			want: def(Config{URL: "http://127.0.0.1:9000/send", Auth: AuthNone}),
		},
		{name: "empty", in: "", wantErr: "empty"},
		{name: "wrong scheme", in: "sms://S3cretTok@gateway.example", wantErr: `scheme "sms"`},
		{name: "no scheme", in: "gateway.example/send", wantErr: "scheme"},
		{name: "no host", in: "https:///send", wantErr: "no host"},
		{name: "http to a remote gateway", in: "http://S3cretTok@gateway.example/send", wantErr: "localhost"},
		{name: "bad port", in: "https://gateway.example:70000/send", wantErr: "port"},
		{name: "fragment", in: "https://S3cretTok@gateway.example/send#x", wantErr: "fragment"},
		{name: "unknown format", in: "https://gateway.example/send?format=xml", wantErr: `format="xml"`},
		{name: "unknown auth", in: "https://S3cretTok@gateway.example/send?auth=digest", wantErr: `auth="digest"`},
		{name: "bearer with password", in: "https://user:S3cretTok@gateway.example/send?auth=bearer", wantErr: "auth=bearer"},
		{name: "bearer without token", in: "https://gateway.example/send?auth=bearer", wantErr: "auth=bearer"},
		{name: "basic without user", in: "https://gateway.example/send?auth=basic", wantErr: "auth=basic"},
		{name: "none with credentials", in: "https://S3cretTok@gateway.example/send?auth=none", wantErr: "auth=none"},
		{name: "sender too long", in: "https://gateway.example/send?from=TokoBudiJaya123", wantErr: "from="},
		{name: "sender with symbols", in: "https://gateway.example/send?from=Toko%21", wantErr: "from="},
		{name: "empty field name", in: "https://gateway.example/send?to_field=", wantErr: "to_field"},
		{name: "field name with space", in: "https://gateway.example/send?text_field=the+text", wantErr: "text_field"},
		{name: "same field twice", in: "https://gateway.example/send?to_field=text", wantErr: `both "text"`},
		{name: "param collides with a field", in: "https://gateway.example/send?param.to=x", wantErr: "param.to"},
		{name: "param without a name", in: "https://gateway.example/send?param.=S3cret", wantErr: "no field name"},
		{name: "bad id_field", in: "https://gateway.example/send?id_field=data..id", wantErr: "id_field"},
		{name: "bad strip_plus", in: "https://gateway.example/send?strip_plus=yes", wantErr: "strip_plus"},
		{name: "concurrency zero", in: "https://gateway.example/send?concurrency=0", wantErr: "concurrency"},
		{name: "bad timeout", in: "https://gateway.example/send?timeout=-1s", wantErr: "timeout"},
		{name: "unknown parameter", in: "https://gateway.example/send?sender=Toko", wantErr: `unknown parameter "sender"`},
		{name: "bad query", in: "https://gateway.example/send?a=%zz", wantErr: "query"},
		{name: "unparsable, token not echoed", in: "https://S3cretTok@gateway example/send", wantErr: "not a URL"},
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
				if !strings.Contains(msg, tc.wantErr) || !strings.Contains(msg, "PURNA_SMS_URL") {
					t.Errorf("error %q: want it to contain %q and name PURNA_SMS_URL", msg, tc.wantErr)
				}
				if strings.Contains(msg, "S3cret") {
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
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseURL(%q)\n got  %+v\nwant %+v", tc.in, got, tc.want)
			}
		})
	}
}

func cmpOrInt(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "no URL", cfg: Config{}, wantErr: "gateway URL"},
		{name: "credentials in URL", cfg: Config{URL: "https://u:p@gateway.example"}, wantErr: "without credentials"},
		{name: "unknown format", cfg: Config{URL: "https://gateway.example", Format: "xml"}, wantErr: "format"},
		{name: "unknown auth", cfg: Config{URL: "https://gateway.example", Auth: "digest"}, wantErr: "auth"},
		{name: "bearer without token", cfg: Config{URL: "https://gateway.example", Auth: AuthBearer}, wantErr: "token"},
		{name: "token with newline", cfg: Config{URL: "https://gateway.example", Auth: AuthBearer, Token: "a\nb"}, wantErr: "line break"},
		{name: "param with a space", cfg: Config{URL: "https://gateway.example", Params: map[string]string{"a b": "1"}}, wantErr: "param.a b"},
		{name: "negative concurrency", cfg: Config{URL: "https://gateway.example", Concurrency: -1}, wantErr: "concurrency"},
		{name: "ok", cfg: Config{URL: "https://gateway.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.cfg)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("New: error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"https://S3cretTok@gateway.example/v1/send?from=Toko&format=json&id_field=message_id&auth=bearer",
		"https://magazin:p%40ss@sms.example.ro/api/send?format=form&to_field=msisdn&text_field=message&from_field=sender&strip_plus=true&param.route=transactional",
		"http://127.0.0.1:9000/send",
		"https://gateway.example/send?from=%2B6281100000000&concurrency=3&timeout=2s",
		"https://u:@h/?param.=x",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := ParseURL(s)
		if err != nil {
			if !strings.Contains(err.Error(), envName) {
				t.Fatalf("error %q does not name %s", err, envName)
			}
			// A password that appears once, unencoded, in the input must
			// not come back in the error.
			if u, perr := url.Parse(s); perr == nil && u.User != nil && !strings.Contains(s, "%") {
				if p, ok := u.User.Password(); ok && len(p) >= 8 && strings.Count(s, p) == 1 && strings.Contains(err.Error(), p) {
					t.Fatalf("error %q repeats the password", err)
				}
			}
			return
		}
		// What ParseURL accepts, New accepts unchanged.
		again, err := cfg.withDefaults()
		if err != nil {
			t.Fatalf("ParseURL(%q) = %+v, which New refuses: %v", s, cfg, err)
		}
		if !reflect.DeepEqual(again, cfg) {
			t.Fatalf("withDefaults changed a parsed config:\n%+v\n%+v", cfg, again)
		}
		u, err := url.Parse(cfg.URL)
		if err != nil || u.User != nil || u.RawQuery != "" {
			t.Fatalf("gateway URL %q carries credentials or a query", cfg.URL)
		}
		if u.Scheme == "http" && !isLocalhost(u.Hostname()) {
			t.Fatalf("plain http to %q", u.Hostname())
		}
	})
}

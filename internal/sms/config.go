package sms

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Request formats for Config.Format.
const (
	FormatJSON = "json" // a JSON object of strings
	FormatForm = "form" // application/x-www-form-urlencoded
)

// Authentication kinds for Config.Auth.
const (
	AuthBearer = "bearer" // "Authorization: Bearer <Token>"
	AuthBasic  = "basic"  // "Authorization: Basic" with Username and Password
	AuthNone   = "none"
)

// Defaults for Config fields left zero.
const (
	DefaultConcurrency = 8
	DefaultTimeout     = 30 * time.Second
)

// Config describes an SMS gateway.
type Config struct {
	// URL is the gateway endpoint that messages are POSTed to, without
	// credentials.
	URL string
	// Format is FormatJSON (default) or FormatForm.
	Format string
	// Auth is AuthBearer, AuthBasic or AuthNone (default).
	Auth string
	// Token is the bearer token for AuthBearer.
	Token string
	// Username and Password are the credentials for AuthBasic.
	Username, Password string
	// From is the sender name or number; empty leaves the field out.
	From string
	// ToField, TextField and FromField name the request fields; default
	// "to", "text" and "from".
	ToField, TextField, FromField string
	// IDField is the dotted path of the message ID in the gateway's JSON
	// answer, such as "data.message_id"; empty means Send returns no ID.
	IDField string
	// StripPlus sends the number without its leading '+'.
	StripPlus bool
	// Params are fixed fields sent with every message.
	Params map[string]string
	// Concurrency is how many messages SendBatch has in flight; default
	// DefaultConcurrency.
	Concurrency int
	// Timeout bounds each request; default DefaultTimeout.
	Timeout time.Duration
	// HTTPClient sends the requests; default a new http.Client.
	HTTPClient *http.Client
}

// envName is the variable ParseURL errors name.
const envName = "PURNA_SMS_URL"

// ParseURL parses PURNA_SMS_URL (see the package documentation for the
// format). Errors name PURNA_SMS_URL and the part that is wrong, and never
// repeat the credentials or the values of param.* fields. The result is
// checked as New checks it.
func ParseURL(s string) (Config, error) {
	var cfg Config
	if strings.TrimSpace(s) == "" {
		return cfg, errors.New(envName + " is empty; want https://TOKEN@gateway.example/send?from=Shop")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Error repeats the input, credentials included: report only
		// the cause.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return cfg, fmt.Errorf("%s is not a URL: %v", envName, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return cfg, fmt.Errorf("%s scheme %q: want https://", envName, u.Scheme)
	}
	if u.Opaque != "" || u.Host == "" {
		return cfg, fmt.Errorf("%s has no host; want https://TOKEN@gateway.example/send", envName)
	}
	if u.Fragment != "" {
		return cfg, fmt.Errorf("%s has a fragment (#…); a '#' in a credential must be written %%23", envName)
	}
	var user, pass string
	hasPass := false
	if u.User != nil {
		user = u.User.Username()
		pass, hasPass = u.User.Password()
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, fmt.Errorf("%s query: %v", envName, err)
	}
	for k, vs := range q {
		v := vs[len(vs)-1]
		if name, ok := strings.CutPrefix(k, "param."); ok {
			if name == "" {
				return cfg, fmt.Errorf("%s: parameter %q has no field name; want param.NAME=VALUE", envName, k)
			}
			if cfg.Params == nil {
				cfg.Params = map[string]string{}
			}
			cfg.Params[name] = v
			continue
		}
		if v == "" && k != "from" {
			return cfg, fmt.Errorf("%s: parameter %s is empty", envName, k)
		}
		switch k {
		case "format":
			if v != FormatJSON && v != FormatForm {
				return cfg, fmt.Errorf("%s format=%q: want json or form", envName, v)
			}
			cfg.Format = v
		case "auth":
			if v != AuthBearer && v != AuthBasic && v != AuthNone {
				return cfg, fmt.Errorf("%s auth=%q: want bearer, basic or none", envName, v)
			}
			cfg.Auth = v
		case "from":
			cfg.From = v
		case "to_field":
			cfg.ToField = v
		case "text_field":
			cfg.TextField = v
		case "from_field":
			cfg.FromField = v
		case "id_field":
			cfg.IDField = v
		case "strip_plus":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return cfg, fmt.Errorf("%s strip_plus=%q: want true or false", envName, v)
			}
			cfg.StripPlus = b
		case "concurrency":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return cfg, fmt.Errorf("%s concurrency=%q: want a number from 1 to 100", envName, v)
			}
			cfg.Concurrency = n
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return cfg, fmt.Errorf("%s timeout=%q: want a duration such as 30s", envName, v)
			}
			cfg.Timeout = d
		default:
			return cfg, fmt.Errorf("%s: unknown parameter %q (known: format, auth, from, to_field, text_field, "+
				"from_field, id_field, strip_plus, param.NAME, concurrency, timeout)", envName, k)
		}
	}
	if cfg.Auth == "" {
		switch {
		case hasPass:
			cfg.Auth = AuthBasic
		case user != "":
			cfg.Auth = AuthBearer
		default:
			cfg.Auth = AuthNone
		}
	}
	switch cfg.Auth {
	case AuthBearer:
		if user == "" || hasPass {
			return cfg, fmt.Errorf("%s: auth=bearer wants the token alone as the user part: https://TOKEN@host", envName)
		}
		cfg.Token = user
	case AuthBasic:
		if user == "" {
			return cfg, fmt.Errorf("%s: auth=basic wants credentials: https://USER:PASSWORD@host", envName)
		}
		cfg.Username, cfg.Password = user, pass
	case AuthNone:
		if u.User != nil {
			return cfg, fmt.Errorf("%s: auth=none, but the URL has credentials; remove them or use auth=bearer or basic", envName)
		}
	}
	gw := *u
	gw.User, gw.RawQuery, gw.ForceQuery = nil, "", false
	cfg.URL = gw.String()
	checked, err := cfg.withDefaults()
	if err != nil {
		return cfg, fmt.Errorf("%s: %s", envName, strings.TrimPrefix(err.Error(), "sms: "))
	}
	return checked, nil
}

// withDefaults fills in zero fields and checks the rest.
func (cfg Config) withDefaults() (Config, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return cfg, errors.New("sms: gateway URL must be an http(s) URL without credentials")
	}
	if u.Scheme == "http" && !isLocalhost(u.Hostname()) {
		return cfg, fmt.Errorf("sms: plain http is only allowed for a gateway on localhost, not %q; use https", u.Hostname())
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return cfg, fmt.Errorf("sms: port %q is not a port number", p)
		}
	}
	if cfg.Format == "" {
		cfg.Format = FormatJSON
	}
	if cfg.Format != FormatJSON && cfg.Format != FormatForm {
		return cfg, fmt.Errorf("sms: unknown format %q (want json or form)", cfg.Format)
	}
	if cfg.Auth == "" {
		cfg.Auth = AuthNone
	}
	switch cfg.Auth {
	case AuthBearer:
		if cfg.Token == "" {
			return cfg, errors.New("sms: auth=bearer needs a token")
		}
	case AuthBasic:
		if cfg.Username == "" {
			return cfg, errors.New("sms: auth=basic needs a user name")
		}
	case AuthNone:
	default:
		return cfg, fmt.Errorf("sms: unknown auth %q (want bearer, basic or none)", cfg.Auth)
	}
	if hasLineBreak(cfg.Token) || hasLineBreak(cfg.Username) || hasLineBreak(cfg.Password) {
		return cfg, errors.New("sms: credentials contain a line break")
	}
	if cfg.From != "" && !isSender(cfg.From) {
		return cfg, fmt.Errorf("sms: from=%q: want up to 11 letters and digits, or a phone number", cfg.From)
	}
	cfg.ToField = cmpOr(cfg.ToField, "to")
	cfg.TextField = cmpOr(cfg.TextField, "text")
	cfg.FromField = cmpOr(cfg.FromField, "from")
	names := map[string]string{}
	for _, f := range []struct{ param, name string }{
		{"to_field", cfg.ToField}, {"text_field", cfg.TextField}, {"from_field", cfg.FromField},
	} {
		if !isFieldName(f.name) {
			return cfg, fmt.Errorf("sms: %s=%q is not a field name", f.param, f.name)
		}
		if other, ok := names[f.name]; ok {
			return cfg, fmt.Errorf("sms: %s and %s are both %q", other, f.param, f.name)
		}
		names[f.name] = f.param
	}
	for _, name := range slices.Sorted(maps.Keys(cfg.Params)) {
		if !isFieldName(name) {
			return cfg, fmt.Errorf("sms: param.%s: not a field name", name)
		}
		if other, ok := names[name]; ok {
			return cfg, fmt.Errorf("sms: param.%s is also %s", name, other)
		}
	}
	if cfg.IDField != "" {
		for seg := range strings.SplitSeq(cfg.IDField, ".") {
			if !isFieldName(seg) {
				return cfg, fmt.Errorf("sms: id_field=%q: want a field name, with dots for nesting", cfg.IDField)
			}
		}
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Concurrency < 0 {
		return cfg, fmt.Errorf("sms: concurrency %d is negative", cfg.Concurrency)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Timeout < 0 {
		return cfg, fmt.Errorf("sms: timeout %s is negative", cfg.Timeout)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	return cfg, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// isFieldName accepts a non-empty name of printable characters without
// spaces: gateways use letters, digits, '_', '-' and sometimes '[' ']'.
func isFieldName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// isSender accepts an alphanumeric sender ID (GSM 03.40 allows 11
// characters) or a phone number of up to 15 digits, with an optional '+'.
func isSender(s string) bool {
	digits := strings.TrimPrefix(s, "+")
	if isDigits(digits) {
		return len(digits) <= 15
	}
	if len(s) > 11 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return strings.TrimSpace(s) != ""
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n") }

func isLocalhost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

package whatsapp

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultBaseURL     = "https://graph.facebook.com/v21.0"
	DefaultConcurrency = 8
	DefaultTimeout     = 30 * time.Second
)

// Config says how to reach the Cloud API and how to check Meta's webhooks.
type Config struct {
	// BaseURL is the Graph API root including the version; default
	// DefaultBaseURL.
	BaseURL string
	// PhoneNumberID is the numeric ID of the sending business phone number.
	PhoneNumberID string
	// Token is the access token sent as "Authorization: Bearer". It never
	// appears in errors.
	Token string
	// AppSecret is the Meta app secret that signs webhook deliveries. Without
	// it NewWebhookHandler refuses every delivery.
	AppSecret string
	// VerifyToken is the string Meta echoes when the webhook is registered.
	// Without it NewWebhookHandler refuses the verification request.
	VerifyToken string
	// Concurrency is how many messages SendBatch has in flight; default
	// DefaultConcurrency.
	Concurrency int
	// Timeout bounds each request, on top of the caller's context; default
	// DefaultTimeout.
	Timeout time.Duration
	// HTTPClient sends the requests; default a new client with no timeout of
	// its own (Timeout applies).
	HTTPClient *http.Client
}

// envName is the variable ParseURL errors name.
const envName = "PURNA_WHATSAPP_URL"

// ParseURL parses PURNA_WHATSAPP_URL (see the package documentation):
//
//	whatsapp://PHONE_NUMBER_ID:TOKEN@graph.facebook.com?version=v21.0&app_secret=…&verify_token=…
//
// Errors name PURNA_WHATSAPP_URL and the part that is wrong, and never repeat
// the token, app secret or verify token. The result is checked as New checks
// it.
func ParseURL(s string) (Config, error) {
	var cfg Config
	if strings.TrimSpace(s) == "" {
		return cfg, errors.New(envName + " is empty; want whatsapp://PHONE_NUMBER_ID:TOKEN@graph.facebook.com")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Error repeats the input, token included: report only the cause.
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err
		}
		return cfg, fmt.Errorf("%s is not a URL: %v", envName, err)
	}
	scheme := "https"
	switch u.Scheme {
	case "whatsapp":
	case "whatsapp+http":
		scheme = "http"
	default:
		return cfg, fmt.Errorf("%s scheme %q: want whatsapp://", envName, u.Scheme)
	}
	if u.Opaque != "" {
		return cfg, fmt.Errorf("%s has no \"//\" after the scheme; want whatsapp://PHONE_NUMBER_ID:TOKEN@graph.facebook.com", envName)
	}
	if u.User == nil || u.User.Username() == "" {
		return cfg, fmt.Errorf("%s has no phone number ID; want whatsapp://PHONE_NUMBER_ID:TOKEN@graph.facebook.com", envName)
	}
	cfg.PhoneNumberID = u.User.Username()
	if !isDigits(cfg.PhoneNumberID) {
		return cfg, fmt.Errorf("%s phone number ID %q is not a number; use the ID shown in WhatsApp Manager > API Setup, not the phone number", envName, cfg.PhoneNumberID)
	}
	cfg.Token, _ = u.User.Password()
	if cfg.Token == "" {
		return cfg, fmt.Errorf("%s has no access token; want whatsapp://PHONE_NUMBER_ID:TOKEN@…", envName)
	}
	host := u.Host
	if host == "" {
		host = "graph.facebook.com"
	}
	if scheme == "http" && !isLocalhost(u.Hostname()) {
		return cfg, fmt.Errorf("%s: whatsapp+http:// is only allowed for localhost, not %q; use whatsapp://", envName, u.Hostname())
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return cfg, fmt.Errorf("%s port %q is not a port number", envName, p)
		}
	}
	if u.Path != "" && u.Path != "/" {
		return cfg, fmt.Errorf("%s has a path %q; give the Graph API version as ?version=v21.0", envName, u.Path)
	}
	if u.Fragment != "" {
		return cfg, fmt.Errorf("%s has a fragment (#…); a '#' in the token must be written %%23", envName)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, fmt.Errorf("%s query: %v", envName, err)
	}
	version := "v21.0"
	for k, vs := range q {
		v := vs[len(vs)-1]
		switch k {
		case "version":
			if !isVersion(v) {
				return cfg, fmt.Errorf("%s version=%q: want a Graph API version such as v21.0", envName, v)
			}
			version = v
		case "app_secret":
			if v == "" {
				return cfg, fmt.Errorf("%s app_secret is empty", envName)
			}
			cfg.AppSecret = v
		case "verify_token":
			if v == "" {
				return cfg, fmt.Errorf("%s verify_token is empty", envName)
			}
			cfg.VerifyToken = v
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
			return cfg, fmt.Errorf("%s: unknown parameter %q (known: version, app_secret, verify_token, concurrency, timeout)", envName, k)
		}
	}
	cfg.BaseURL = scheme + "://" + host + "/" + version
	checked, err := cfg.withDefaults()
	if err != nil {
		return cfg, fmt.Errorf("%s: %s", envName, strings.TrimPrefix(err.Error(), "whatsapp: "))
	}
	return checked, nil
}

// withDefaults fills in zero fields and checks the rest.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return cfg, errors.New("whatsapp: base URL must be an http(s) URL without credentials, such as " + DefaultBaseURL)
	}
	if cfg.PhoneNumberID == "" {
		return cfg, errors.New("whatsapp: phone number ID is required")
	}
	if !isDigits(cfg.PhoneNumberID) {
		return cfg, fmt.Errorf("whatsapp: phone number ID %q is not a number", cfg.PhoneNumberID)
	}
	if cfg.Token == "" {
		return cfg, errors.New("whatsapp: access token is required")
	}
	if strings.ContainsAny(cfg.Token, "\r\n") {
		return cfg, errors.New("whatsapp: access token contains a line break")
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Concurrency < 0 {
		return cfg, fmt.Errorf("whatsapp: concurrency %d is negative", cfg.Concurrency)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Timeout < 0 {
		return cfg, fmt.Errorf("whatsapp: timeout %s is negative", cfg.Timeout)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	return cfg, nil
}

// isVersion reports whether v looks like a Graph API version: v21.0.
func isVersion(v string) bool {
	major, minor, ok := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	return ok && strings.HasPrefix(v, "v") && isDigits(major) && isDigits(minor)
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

func isLocalhost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

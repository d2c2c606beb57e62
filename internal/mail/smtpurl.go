package mail

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ParseSMTPURL parses PURNA_SMTP_URL:
//
//	smtp://user:pass@mail.example.com:587?tls=starttls&pool=8&timeout=30s&helo=shop.example
//	smtps://user:pass@mail.example.com        (implicit TLS, port 465)
//	smtp://127.0.0.1:2525?tls=none           (local catcher; none only for localhost)
//
// User and password are URL-encoded ("p%40ss" for "p@ss"). The query accepts
// tls (starttls, tls, none), pool, timeout and helo; anything else is an
// error. Errors name PURNA_SMTP_URL and never repeat the password. The result
// is checked as NewSMTP would check it.
func ParseSMTPURL(s string) (SMTPConfig, error) {
	var cfg SMTPConfig
	if strings.TrimSpace(s) == "" {
		return cfg, errors.New("PURNA_SMTP_URL is empty; want smtp://user:pass@host:587")
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Error repeats the input, password included: report only the
		// cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return cfg, fmt.Errorf("PURNA_SMTP_URL is not a URL: %v", err)
	}
	switch u.Scheme {
	case "smtp":
		cfg.TLS = TLSStartTLS
	case "smtps":
		cfg.TLS = TLSImplicit
	default:
		return cfg, fmt.Errorf("PURNA_SMTP_URL scheme %q: want smtp:// or smtps://", u.Scheme)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return cfg, errors.New("PURNA_SMTP_URL has no host; want smtp://user:pass@host:587")
	}
	if u.Path != "" && u.Path != "/" {
		return cfg, fmt.Errorf("PURNA_SMTP_URL has a path %q; an SMTP URL has none", u.Path)
	}
	cfg.Host = u.Hostname()
	if p := u.Port(); p != "" {
		cfg.Port, err = strconv.Atoi(p)
		if err != nil || cfg.Port < 1 || cfg.Port > 65535 {
			return cfg, fmt.Errorf("PURNA_SMTP_URL port %q is not a port number", p)
		}
	}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, fmt.Errorf("PURNA_SMTP_URL query: %v", err)
	}
	for k, vs := range q {
		v := vs[len(vs)-1]
		switch k {
		case "tls":
			switch v {
			case TLSStartTLS, TLSImplicit, TLSNone:
			default:
				return cfg, fmt.Errorf("PURNA_SMTP_URL tls=%q: want starttls, tls or none", v)
			}
			if u.Scheme == "smtps" && v != TLSImplicit {
				return cfg, fmt.Errorf("PURNA_SMTP_URL: smtps:// means tls=tls, not tls=%s", v)
			}
			cfg.TLS = v
		case "pool":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return cfg, fmt.Errorf("PURNA_SMTP_URL pool=%q: want a number from 1 to 100", v)
			}
			cfg.Pool = n
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return cfg, fmt.Errorf("PURNA_SMTP_URL timeout=%q: want a duration such as 30s", v)
			}
			cfg.Timeout = d
		case "helo":
			if v == "" || strings.ContainsAny(v, " \r\n") {
				return cfg, fmt.Errorf("PURNA_SMTP_URL helo=%q: want a host name", v)
			}
			cfg.HELO = v
		default:
			return cfg, fmt.Errorf("PURNA_SMTP_URL: unknown parameter %q (known: tls, pool, timeout, helo)", k)
		}
	}
	checked, err := cfg.withDefaults()
	if err != nil {
		return cfg, fmt.Errorf("PURNA_SMTP_URL: %s", strings.TrimPrefix(err.Error(), "mail: "))
	}
	return checked, nil
}

// Package config is Purna's process configuration: where to listen, which
// database to use, where files live. It comes from PURNA_* environment
// variables, then command-line flags. Settings a merchant changes (brand,
// journeys, policies) live in the database, not here.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the configuration of one purna process.
type Config struct {
	// Addr is the HTTP listen address. PURNA_ADDR, --addr. Default 127.0.0.1:8080.
	Addr string
	// DataDir holds the SQLite file and uploads. PURNA_DATA, --data. Default ./data.
	DataDir string
	// DatabaseURL selects PostgreSQL when it is a postgres:// URL; empty means
	// SQLite at DataDir/purna.db. PURNA_DATABASE_URL.
	DatabaseURL string
	// BaseURL is the public URL of this server, used in links and to decide
	// whether cookies are Secure. PURNA_BASE_URL. Default http://Addr.
	BaseURL string
	// Workers is how many background jobs run at once. PURNA_WORKERS. Default 10.
	Workers int
	// LogLevel is debug, info, warn or error. PURNA_LOG_LEVEL. Default info.
	LogLevel slog.Level
	// LogFormat is text or json. PURNA_LOG_FORMAT. Default text.
	LogFormat string
	// ShutdownTimeout bounds how long a stop waits for requests and running
	// jobs. PURNA_SHUTDOWN_TIMEOUT. Default 30s.
	ShutdownTimeout time.Duration
	// MaxBodyBytes caps API request bodies. PURNA_MAX_BODY_BYTES. Default 1 MiB.
	MaxBodyBytes int64
	// SMTPURL is the mail server journeys send through, such as
	// smtp://user:pass@mail.example:587. Empty logs messages instead of
	// sending them (the demo runs its own catcher). PURNA_SMTP_URL.
	SMTPURL string
	// MailFrom is the sender address of customer mail; the shop's name is
	// the display name and its contact email the Reply-To.
	// PURNA_MAIL_FROM. Default purna@localhost.
	MailFrom string
	// WhatsAppURL is the WhatsApp Business Cloud API account messages go
	// through, such as whatsapp://PHONE_NUMBER_ID:TOKEN@graph.facebook.com
	// (see package whatsapp). Empty: no WhatsApp channel. PURNA_WHATSAPP_URL.
	WhatsAppURL string
	// SMSURL is the HTTP gateway SMS go through (see package sms). Empty:
	// no SMS channel. PURNA_SMS_URL.
	SMSURL string
	// Demo is set by `purna demo` (no variable): the clock can be moved
	// forward from the UI, to watch journeys that wait days.
	Demo bool
}

// Default returns the configuration with every default set.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "data",
		Workers:         10,
		LogLevel:        slog.LevelInfo,
		LogFormat:       "text",
		ShutdownTimeout: 30 * time.Second,
		MaxBodyBytes:    1 << 20,
		MailFrom:        "purna@localhost",
	}
}

// Vars documents every environment variable with its default, for the
// README and `purna config`.
var Vars = []struct{ Name, Default, Doc string }{
	{"PURNA_ADDR", "127.0.0.1:8080", "HTTP listen address (also --addr)"},
	{"PURNA_DATA", "./data", "directory for the SQLite file and uploads (also --data)"},
	{"PURNA_DATABASE_URL", "(empty: SQLite in PURNA_DATA)", "postgres://… to use PostgreSQL"},
	{"PURNA_BASE_URL", "http://PURNA_ADDR", "public URL, used in links; https makes cookies Secure"},
	{"PURNA_WORKERS", "10", "background jobs run at once by this process"},
	{"PURNA_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"PURNA_LOG_FORMAT", "text", "text or json"},
	{"PURNA_SHUTDOWN_TIMEOUT", "30s", "how long a stop waits for requests and jobs"},
	{"PURNA_MAX_BODY_BYTES", "1048576", "largest API request body"},
	{"PURNA_SMTP_URL", "(empty: log messages)", "smtp://user:pass@host:587 (STARTTLS) or smtps://… for customer mail"},
	{"PURNA_MAIL_FROM", "purna@localhost", "sender address of customer mail"},
}

// Load reads PURNA_* variables through getenv on top of Default.
// It returns an error naming the variable to fix.
func Load(getenv func(string) string) (Config, error) {
	c := Default()
	str := func(name string, dst *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	str("PURNA_ADDR", &c.Addr)
	str("PURNA_DATA", &c.DataDir)
	str("PURNA_DATABASE_URL", &c.DatabaseURL)
	str("PURNA_BASE_URL", &c.BaseURL)
	str("PURNA_LOG_FORMAT", &c.LogFormat)
	str("PURNA_SMTP_URL", &c.SMTPURL)
	str("PURNA_MAIL_FROM", &c.MailFrom)
	str("PURNA_WHATSAPP_URL", &c.WhatsAppURL)
	str("PURNA_SMS_URL", &c.SMSURL)
	if v := getenv("PURNA_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return c, fmt.Errorf("PURNA_WORKERS must be a whole number, not %q", v)
		}
		c.Workers = n
	}
	if v := getenv("PURNA_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return c, fmt.Errorf("PURNA_LOG_LEVEL must be debug, info, warn or error, not %q", v)
		}
	}
	if v := getenv("PURNA_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return c, fmt.Errorf("PURNA_SHUTDOWN_TIMEOUT must be a duration such as 30s, not %q", v)
		}
		c.ShutdownTimeout = d
	}
	if v := getenv("PURNA_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return c, fmt.Errorf("PURNA_MAX_BODY_BYTES must be a whole number of bytes, not %q", v)
		}
		c.MaxBodyBytes = n
	}
	return c, nil
}

// Validate checks c and fills derived values. Errors name the variable.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("PURNA_ADDR (--addr) must be host:port, such as 127.0.0.1:8080, not %q", c.Addr)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("PURNA_DATABASE_URL must start with postgres:// (leave it empty for SQLite), not %q", redact(c.DatabaseURL))
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		return fmt.Errorf("PURNA_DATA (--data) must name a directory")
	}
	if c.Workers < 1 || c.Workers > 1000 {
		return fmt.Errorf("PURNA_WORKERS must be between 1 and 1000, not %d", c.Workers)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("PURNA_LOG_FORMAT must be text or json, not %q", c.LogFormat)
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("PURNA_SHUTDOWN_TIMEOUT must be positive")
	}
	if c.MaxBodyBytes < 1024 {
		return fmt.Errorf("PURNA_MAX_BODY_BYTES must be at least 1024")
	}
	if _, err := purnaEmail(c.MailFrom); err != nil {
		return fmt.Errorf("PURNA_MAIL_FROM must be an email address, not %q", c.MailFrom)
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("PURNA_BASE_URL must start with http:// or https://, not %q", c.BaseURL)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	return nil
}

// DatabaseTarget is the URL or SQLite path db.Open takes.
func (c *Config) DatabaseTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "purna.db")
}

// SecureCookies reports whether cookies should carry the Secure flag.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func purnaEmail(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", err
	}
	return a.Address, nil
}

func redact(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j > 0 && j < i {
			return u[:j+3] + "…@" + u[i+1:]
		}
	}
	return u
}

package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/shop"
)

// Version is set at build time with -ldflags "-X …/internal/app.Version=v1.2.3".
var Version = ""

const usage = `Purna: after-sales for online shops, in one binary.

Usage:
  purna serve   [--addr 127.0.0.1:8080] [--data ./data]   run the server and workers
  purna demo    [--addr 127.0.0.1:8080] [--data ./data]   run with a realistic demo shop
  purna migrate                                           apply database migrations
  purna shop create --name NAME [--currency IDR] [--timezone Asia/Jakarta] [--locale id] [--country ID]
  purna user create --email E --name N --password P [--role owner|admin|agent] [--shop ID]
  purna apikey create [--shop ID] [--name NAME]
  purna import orders|customers|products FILE [--layout auto|generic|shopify|uci] [--source S] [--shop ID]
  purna bench ingest --url URL --key KEY [--conns 32] [--duration 30s]
  purna config                                            list environment variables
  purna version

Configuration comes from PURNA_* environment variables (see 'purna config');
PURNA_DATABASE_URL=postgres://… runs on PostgreSQL instead of SQLite.
`

// Run runs the purna command line. It returns when the command is done or,
// for serve and demo, when ctx ends.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr, false)
	case "demo":
		return runServe(ctx, rest, getenv, stdout, stderr, true)
	case "migrate":
		return withApp(ctx, rest, getenv, stderr, "migrate", nil, func(a *App) error {
			fmt.Fprintln(stdout, "Migrations applied.")
			return nil
		})
	case "shop":
		return runShop(ctx, rest, getenv, stdout, stderr)
	case "user":
		return runUser(ctx, rest, getenv, stdout, stderr)
	case "apikey":
		return runAPIKey(ctx, rest, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, rest, getenv, stdout, stderr)
	case "bench":
		return runBench(ctx, rest, stdout, stderr)
	case "config":
		for _, v := range config.Vars {
			fmt.Fprintf(stdout, "%-24s %-32s %s\n", v.Name, v.Default, v.Doc)
		}
		return nil
	case "version":
		fmt.Fprintln(stdout, "purna", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// newLogger builds the process logger from the configuration.
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// loadConfig reads the environment and the common flags (--addr, --data).
func loadConfig(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return cfg, nil, err
	}
	fs := flag.NewFlagSet("purna "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "HTTP listen address (PURNA_ADDR)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (PURNA_DATA)")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	return cfg, fs, cfg.Validate()
}

// withApp opens the app (database and services, no server) for a one-shot
// command.
func withApp(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, name string,
	extra func(*flag.FlagSet), fn func(*App) error) error {
	cfg, _, err := loadConfig(name, args, getenv, stderr, extra)
	if err != nil {
		return err
	}
	cfg.LogLevel = max(cfg.LogLevel, slog.LevelWarn)
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(a)
}

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, demo bool) error {
	name := "serve"
	if demo {
		name = "demo"
	}
	cfg, _, err := loadConfig(name, args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	cfg.Demo = demo
	logger := newLogger(cfg, stderr)
	started := time.Now()
	var catcher *mail.Catcher
	if demo && cfg.SMTPURL == "" {
		// The demo sends real mail over SMTP to a catcher inside the
		// process, so journeys can be watched without a mail server.
		if catcher, err = mail.NewCatcher("127.0.0.1:0", 1000); err != nil {
			return fmt.Errorf("start the demo's mail catcher: %w", err)
		}
		cfg.SMTPURL = "smtp://" + catcher.Addr() + "?tls=none"
	}
	a, err := Open(ctx, cfg, logger)
	if err != nil {
		if catcher != nil {
			catcher.Close()
		}
		return err
	}
	if catcher != nil {
		a.Catcher = catcher
		a.closers = append(a.closers, catcher)
	}
	defer func() {
		logger.Info("shutting down: waiting for requests and jobs to finish")
		if err := a.Close(); err != nil {
			logger.Error("shutdown", "err", err)
		}
	}()
	var login, key string
	if demo {
		if login, key, err = a.prepareDemo(ctx, stderr); err != nil {
			return err
		}
	}
	if err := a.Start(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "URL: %s\n", a.publicURL())
	if demo {
		fmt.Fprintf(stdout, "Login: %s\n", login)
		fmt.Fprintf(stdout, "API key: %s\n", key)
	}
	logger.Info("purna is up", "url", a.publicURL(), "database", string(a.DB.Dialect), "startup", time.Since(started).Round(time.Millisecond))
	<-ctx.Done()
	return nil
}

// publicURL is the configured base URL with the real port when --addr
// asked for port 0.
func (a *App) publicURL() string {
	if strings.HasSuffix(a.Config.Addr, ":0") {
		return a.URL()
	}
	return a.Config.BaseURL
}

// shopFlag resolves --shop: the given ID, or the only shop there is.
func (a *App) shopFlag(ctx context.Context, id string) (*shop.Shop, error) {
	if id != "" {
		return a.Shops.FindShopByID(ctx, id)
	}
	shops, err := a.Shops.FindShops(ctx)
	if err != nil {
		return nil, err
	}
	switch len(shops) {
	case 0:
		return nil, errors.New("there is no shop yet: create one with 'purna shop create --name …' (or run 'purna demo')")
	case 1:
		return shops[0], nil
	}
	var ids []string
	for _, s := range shops {
		ids = append(ids, s.ID+" ("+s.Name+")")
	}
	return nil, fmt.Errorf("there are several shops; choose one with --shop: %s", strings.Join(ids, ", "))
}

func runShop(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: purna shop create --name NAME [--currency IDR] [--timezone Asia/Jakarta] [--locale id] [--country ID]")
	}
	var sh shop.Shop
	extra := func(fs *flag.FlagSet) {
		fs.StringVar(&sh.Name, "name", "", "shop name")
		fs.StringVar(&sh.Currency, "currency", "IDR", "ISO 4217 currency")
		fs.StringVar(&sh.Timezone, "timezone", "Asia/Jakarta", "IANA time zone")
		fs.StringVar(&sh.Locale, "locale", "id", "default language: id, en or ro")
		fs.StringVar(&sh.Country, "country", "ID", "ISO 3166 country code")
	}
	return withApp(ctx, args[1:], getenv, stderr, "shop create", extra, func(a *App) error {
		now := a.Clock.Now()
		sh.ID, sh.CreatedAt, sh.UpdatedAt = purna.NewID(now), now, now
		if err := sh.Validate(); err != nil {
			return cliError(err)
		}
		if err := a.Shops.CreateShop(ctx, &sh); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Shop: %s (%s)\n", sh.ID, sh.Name)
		return nil
	})
}

func runUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: purna user create --email E --name N --password P [--role owner|admin|agent] [--shop ID]")
	}
	var email, name, password, role, shopID string
	extra := func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "sign-in email")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&password, "password", "", "password (at least 10 characters)")
		fs.StringVar(&role, "role", "owner", "owner, admin or agent")
		fs.StringVar(&shopID, "shop", "", "shop ID (default: the only shop)")
	}
	return withApp(ctx, args[1:], getenv, stderr, "user create", extra, func(a *App) error {
		sh, err := a.shopFlag(ctx, shopID)
		if err != nil {
			return err
		}
		u, err := a.Auth.CreateUser(ctx, sh.ID, email, name, password, auth.Role(role))
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "User: %s (%s) is %s of %s\n", u.ID, u.Email, role, sh.Name)
		return nil
	})
}

func runAPIKey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: purna apikey create [--shop ID] [--name NAME]")
	}
	var shopID, name string
	extra := func(fs *flag.FlagSet) {
		fs.StringVar(&shopID, "shop", "", "shop ID (default: the only shop)")
		fs.StringVar(&name, "name", "API key", "a name to recognise the key by")
	}
	return withApp(ctx, args[1:], getenv, stderr, "apikey create", extra, func(a *App) error {
		sh, err := a.shopFlag(ctx, shopID)
		if err != nil {
			return err
		}
		_, plain, err := a.Auth.CreateAPIKey(ctx, sh.ID, name)
		if err != nil {
			return cliError(err)
		}
		fmt.Fprintf(stdout, "API key: %s\n", plain)
		fmt.Fprintln(stderr, "Keep it safe: it is shown only now.")
		return nil
	})
}

// cliError spells out a validation error's fields for a terminal.
func cliError(err error) error {
	fields := purna.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(purna.ErrorMessage(err))
	for k, v := range fields {
		fmt.Fprintf(&b, "\n  --%s %s", k, v)
	}
	return errors.New(b.String())
}

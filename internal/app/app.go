// Package app wires Purna together: it opens the database, applies
// migrations, builds the services, and runs the HTTP server and the job
// workers in one process until the context ends. Tests boot the whole
// product through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"os"
	"path/filepath"
	"time"

	"github.com/riverqueue/river"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/api"
	"github.com/purnajual/purna/internal/auth"
	"github.com/purnajual/purna/internal/cases"
	"github.com/purnajual/purna/internal/config"
	"github.com/purnajual/purna/internal/customer"
	"github.com/purnajual/purna/internal/db"
	"github.com/purnajual/purna/internal/followup"
	"github.com/purnajual/purna/internal/jobs"
	"github.com/purnajual/purna/internal/journey"
	"github.com/purnajual/purna/internal/mail"
	"github.com/purnajual/purna/internal/order"
	"github.com/purnajual/purna/internal/portal"
	"github.com/purnajual/purna/internal/product"
	"github.com/purnajual/purna/internal/reminder"
	"github.com/purnajual/purna/internal/review"
	"github.com/purnajual/purna/internal/sms"
	"github.com/purnajual/purna/internal/sqlstore"
	"github.com/purnajual/purna/internal/survey"
	"github.com/purnajual/purna/internal/timeline"
	"github.com/purnajual/purna/internal/upload"
	"github.com/purnajual/purna/internal/web"
	"github.com/purnajual/purna/internal/webhook"
	"github.com/purnajual/purna/internal/whatsapp"
)

// App is one running purna process.
type App struct {
	Config config.Config
	Logger *slog.Logger
	Clock  purna.Clock

	DB    *db.DB
	Store *sqlstore.Store
	Queue *jobs.Queue

	Auth      *auth.Service
	Orders    *order.Service
	Customers *customer.Service
	Products  *product.Service
	Shops     sqlstore.Shops
	Journeys  *journey.Engine
	Webhooks  *webhook.Service
	Cases     *cases.Service
	Surveys   *survey.Service
	FollowUps *followup.Service
	Reviews   *review.Service
	// Uploads keeps customers' photos and documents, under PURNA_DATA.
	Uploads upload.Store
	Mail    mail.Sender
	// Catcher holds the mail the demo sent, when running the demo.
	Catcher *mail.Catcher

	metrics  *metrics
	closers  []io.Closer // run last, such as the demo's mail catcher
	secret   []byte      // signs unsubscribe links
	whatsapp *whatsapp.Config
	// demoClock is the clock the demo's UI moves forward; nil otherwise.
	demoClock *purna.OffsetClock
	server    *http.Server
	listener  net.Listener
	started   bool
}

// Open connects to the database, migrates it and builds the services. It
// starts nothing; Start does.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.DatabaseURL == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("PURNA_DATA: cannot create %s: %w", cfg.DataDir, err)
		}
	}
	d, err := db.Open(ctx, cfg.DatabaseTarget())
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Logger: logger, Clock: purna.SystemClock{}, DB: d}
	if cfg.Demo {
		a.demoClock = &purna.OffsetClock{Base: purna.SystemClock{}}
		a.Clock = a.demoClock
	}
	err = d.WithMigrationLock(ctx, func() error {
		if err := d.Migrate(ctx); err != nil {
			return err
		}
		return jobs.Migrate(ctx, d)
	})
	if err != nil {
		d.Close()
		return nil, err
	}

	a.metrics = newMetrics()
	// The store needs the queue to enqueue, and the dispatch worker needs
	// the store to load events: build the workers first, fill them after.
	dispatch := &jobs.DispatchWorker{Reactors: []jobs.Reactor{a.metrics.countEvent}}
	workers := river.NewWorkers()
	river.AddWorker(workers, dispatch)
	sweep := &jobs.SweepWorker{}
	river.AddWorker(workers, sweep)
	tick := &jobs.JourneyTickWorker{}
	river.AddWorker(workers, tick)
	flagLate := &jobs.FlagLateWorker{}
	river.AddWorker(workers, flagLate)
	webhookDeliver := &jobs.WebhookDeliverWorker{}
	river.AddWorker(workers, webhookDeliver)
	reminders := &jobs.ReminderWorker{}
	river.AddWorker(workers, reminders)
	q, err := jobs.New(d, workers, jobs.Config{Workers: cfg.Workers, Logger: logger.With("component", "jobs")})
	if err != nil {
		d.Close()
		return nil, err
	}
	a.Queue = q
	a.Store = sqlstore.New(d, q)
	dispatch.Events = a.Store
	sweep.Sweeper = a.Store
	a.metrics.queue = q

	a.Auth = auth.NewService(sqlstore.Auth{Store: a.Store}, a.Clock)
	a.Orders = order.NewService(sqlstore.Orders{Store: a.Store}, a.Clock)
	if d.Dialect == db.SQLite {
		// SQLite has one writer: gathering concurrent orders into one
		// transaction is what keeps it fast. PostgreSQL runs transactions
		// side by side on its pool, which measured faster than batches on
		// one connection (docs/BENCHMARKS.md).
		a.Orders.EnableBatching(a.metrics.observeBatch)
	}
	a.Customers = customer.NewService(sqlstore.Customers{Store: a.Store}, a.Clock)
	a.Products = product.NewService(sqlstore.Products{Store: a.Store}, a.Clock)
	a.Shops = sqlstore.Shops{Store: a.Store}
	a.Cases = cases.NewService(sqlstore.Cases{Store: a.Store}, a.Clock)
	a.Uploads = upload.NewFS(filepath.Join(cfg.DataDir, "uploads"))
	reminders.Shops = a.Shops
	remind := reminder.NewService(sqlstore.Reminders{Store: a.Store}, a.Clock, reminder.Config{})
	remind.AddWarrantySource(sqlstore.Registrations{Store: a.Store})
	reminders.Reminders = remind

	if a.Mail, err = newSender(cfg, logger); err != nil {
		d.Close()
		return nil, err
	}
	from, _ := netmail.ParseAddress(cfg.MailFrom)
	if a.secret, err = a.Store.Secret(ctx, "unsubscribe"); err != nil {
		d.Close()
		return nil, err
	}
	a.Journeys = &journey.Engine{
		Store: sqlstore.Journeys{Store: a.Store}, Clock: a.Clock, Shops: a.Shops, Customers: a.Customers,
		Orders: a.Orders, Products: a.Products, Policy: journey.DefaultPolicy,
		Logger: logger.With("component", "journeys"),
	}
	a.Surveys = survey.NewService(sqlstore.Surveys{Store: a.Store}, a.Clock, a.secret)
	a.Reviews = review.NewService(sqlstore.Reviews{Store: a.Store}, a.Clock, a.secret)
	a.FollowUps = followup.NewService(sqlstore.FollowUps{Store: a.Store}, a.Clock,
		followup.Gather(followup.Sources{Customers: a.Customers, Orders: a.Orders, Eligibility: a.Cases}))
	composer := &journey.TemplateComposer{From: from.Address, BaseURL: cfg.BaseURL, Secret: a.secret,
		Overrides: sqlstore.Templates{Store: a.Store}, Surveys: a.Surveys, Reviews: sqlstore.Reviews{Store: a.Store},
		Offers: warrantyOffers{cases: a.Cases, products: a.Products},
		TrackingURL: func(shopID, orderID purna.ID) string {
			return cfg.BaseURL + "/t/" + portal.TrackingToken(a.secret, shopID, orderID)
		},
		PortalURL: func(shopID, customerID purna.ID, orderID *purna.ID) string {
			if orderID == nil {
				return cfg.BaseURL + "/p?shop=" + shopID
			}
			return cfg.BaseURL + "/p/" + portal.OrderToken(a.secret, shopID, customerID, *orderID)
		}}
	a.Journeys.Channels = map[string]journey.Channel{"email": journey.Email{Composer: composer, Sender: a.Mail}}
	if err := a.openPhoneChannels(composer); err != nil {
		d.Close()
		return nil, err
	}
	dispatch.Reactors = append(dispatch.Reactors, a.Journeys.React)
	dispatch.JobContext = journey.WithJourneyCache
	a.Webhooks = webhook.NewService(sqlstore.Webhooks{Store: a.Store}, a.Clock)
	webhookDeliver.Webhooks = a.Webhooks
	dispatch.Reactors = append(dispatch.Reactors, a.Webhooks.React)
	// The closed loop: an unhappy answer opens a follow-up.
	dispatch.Reactors = append(dispatch.Reactors, a.FollowUps.React)
	// A delivery makes its products' reviews due, each at its moment.
	catalogue := review.Catalogue{Orders: a.Orders, Products: a.Products}
	dispatch.Reactors = append(dispatch.Reactors, func(ctx context.Context, ev timeline.Event) error {
		return a.Reviews.ScheduleRequests(ctx, catalogue, ev)
	})
	tick.Engine = a.Journeys
	flagLate.Shops, flagLate.Orders = a.Shops, a.Orders
	return a, nil
}

// openPhoneChannels adds WhatsApp and SMS when they are configured.
func (a *App) openPhoneChannels(composer *journey.TemplateComposer) error {
	if u := a.Config.WhatsAppURL; u != "" {
		cfg, err := whatsapp.ParseURL(u)
		if err != nil {
			return err
		}
		c, err := whatsapp.New(cfg)
		if err != nil {
			return err
		}
		a.whatsapp = &cfg
		a.Journeys.Channels["whatsapp"] = journey.WhatsApp{Composer: composer, Sender: c}
	}
	if u := a.Config.SMSURL; u != "" {
		cfg, err := sms.ParseURL(u)
		if err != nil {
			return err
		}
		c, err := sms.New(cfg)
		if err != nil {
			return err
		}
		a.Journeys.Channels["sms"] = journey.SMS{Composer: composer, Sender: c}
	}
	return nil
}

// newSender is the mail server of PURNA_SMTP_URL, or a log of the messages
// when there is none.
func newSender(cfg config.Config, logger *slog.Logger) (mail.Sender, error) {
	if cfg.SMTPURL == "" {
		return mail.Log{Logger: logger.With("component", "mail")}, nil
	}
	sc, err := mail.ParseSMTPURL(cfg.SMTPURL)
	if err != nil {
		return nil, err
	}
	return mail.NewSMTP(sc)
}

// InstallJourneys gives every shop the default journeys it lacks.
func (a *App) InstallJourneys(ctx context.Context) error {
	shops, err := a.Shops.FindShops(ctx)
	if err != nil {
		return err
	}
	for _, sh := range shops {
		if err := journey.InstallDefaults(ctx, a.Journeys.Store, sh.ID, a.Clock.Now()); err != nil {
			return fmt.Errorf("install journeys for %s: %w", sh.Name, err)
		}
	}
	return nil
}

// Handler returns the whole HTTP surface: API, UI, health and metrics.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	journeys := journey.NewService(sqlstore.Journeys{Store: a.Store}, a.Clock)
	api.New(api.Config{
		Auth: a.Auth, Orders: a.Orders, Customers: a.Customers, Products: a.Products, Shops: a.Shops,
		Journeys: journeys, Store: a.Store, Clock: a.Clock, Logger: a.Logger, MaxBodyBytes: a.Config.MaxBodyBytes,
		OnOrder: a.metrics.countOrder, Webhooks: a.Webhooks, Cases: a.Cases, Surveys: a.Surveys, FollowUps: a.FollowUps,
		Reviews: a.Reviews,
	}).Register(mux)
	wc := web.Config{
		Auth: a.Auth, Orders: a.Orders, Customers: a.Customers, Shops: a.Shops, Logger: a.Logger,
		SecureCookies: a.Config.SecureCookies(), Now: a.Clock.Now, Outbox: sqlstore.Journeys{Store: a.Store},
		Journeys: sqlstore.Journeys{Store: a.Store}, JourneyService: journeys, Templates: sqlstore.Templates{Store: a.Store},
		Cases: a.Cases, Uploads: a.Uploads, Surveys: a.Surveys, FollowUps: a.FollowUps, Reviews: a.Reviews,
		BaseURL: a.Config.BaseURL,
	}
	if a.Catcher != nil {
		wc.Mailbox = a.Catcher
	}
	if a.demoClock != nil {
		wc.TimeTravel = a.demoClock
	}
	web.New(wc).Register(mux)
	(&portal.Server{Customers: a.Customers, Orders: a.Orders, Shops: a.Shops, Secret: a.secret, Logger: a.Logger,
		Clock: a.Clock, Cases: a.Cases, Uploads: a.Uploads, Products: a.Products, Surveys: a.Surveys,
		Reviews: a.Reviews, BaseURL: a.Config.BaseURL,
		SecureCookies: a.Config.SecureCookies()}).Register(mux)
	if a.whatsapp != nil {
		// Meta's delivery reports: delivered, read, failed.
		mux.Handle("/hooks/whatsapp", whatsapp.NewWebhookHandler(*a.whatsapp, func(ctx context.Context, sts []whatsapp.Status) error {
			ps := make([]journey.ProviderStatus, 0, len(sts))
			for _, s := range sts {
				p := journey.ProviderStatus{ProviderID: s.ID, Status: s.Status, At: s.Timestamp}
				if len(s.Errors) > 0 {
					p.Detail = fmt.Sprintf("%d %s", s.Errors[0].Code, s.Errors[0].Title)
				}
				ps = append(ps, p)
			}
			return a.Journeys.RecordStatuses(ctx, "whatsapp", ps)
		}))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", a.handleReady)
	mux.Handle("GET /metrics", a.metrics.handler())
	// Cross-origin protection stands in for CSRF tokens on the UI's forms
	// (Go 1.25+). API calls carry bearer keys and webhooks signatures; they
	// come without browser Origin headers and pass.
	return a.metrics.instrument(http.NewCrossOriginProtection().Handler(mux))
}

func (a *App) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var one int
	if err := a.DB.Read().QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("ready\n"))
}

// Start listens on the configured address and starts the job workers.
func (a *App) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("PURNA_ADDR: cannot listen on %s: %w", a.Config.Addr, err)
	}
	a.listener = ln
	a.server = &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
	if err := a.InstallJourneys(ctx); err != nil {
		ln.Close()
		return err
	}
	if a.DB.Dialect == db.SQLite {
		n, err := a.Journeys.MarkInterrupted(ctx)
		if err != nil {
			ln.Close()
			return err
		}
		if n > 0 {
			a.Logger.Warn("messages were being sent when purna last stopped; marked unknown, not sent again", "messages", n)
		}
	}
	if err := a.Queue.Start(ctx); err != nil {
		ln.Close()
		return fmt.Errorf("start jobs: %w", err)
	}
	a.started = true
	go func() {
		if err := a.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Logger.Error("http server", "err", err)
		}
	}()
	return nil
}

// URL is the address the server listens on, usable once Start returned.
func (a *App) URL() string {
	if a.listener == nil {
		return ""
	}
	return "http://" + a.listener.Addr().String()
}

// Close stops taking requests, lets running requests and jobs finish within
// the shutdown timeout, and closes the database.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), a.Config.ShutdownTimeout)
	defer cancel()
	var errs []error
	if a.server != nil {
		errs = append(errs, a.server.Shutdown(ctx))
	}
	if a.started {
		errs = append(errs, a.Queue.Stop(ctx))
	}
	a.Orders.Close()
	if c, ok := a.Mail.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	for _, c := range a.closers {
		errs = append(errs, c.Close())
	}
	errs = append(errs, a.DB.Close())
	return errors.Join(errs...)
}

// UnsubscribeURL is the one-click unsubscribe link for a customer's email.
func (a *App) UnsubscribeURL(shopID, customerID purna.ID) string {
	return a.Config.BaseURL + "/u/" + customer.UnsubscribeToken(a.secret, shopID, customerID, customer.Email)
}

package app

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/purnajual/purna/internal/jobs"
	"github.com/purnajual/purna/internal/timeline"
)

// metrics are what /metrics shows: HTTP traffic, orders ingested, timeline
// events dispatched and the job queue's depth.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	orders   *prometheus.CounterVec
	events   *prometheus.CounterVec
	batches  prometheus.Histogram
	batchDur prometheus.Histogram
	queue    *jobs.Queue
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "purna_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "purna_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		orders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "purna_orders_ingested_total", Help: "Orders received through the API and webhooks, by source and whether they were new.",
		}, []string{"source", "new"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "purna_timeline_events_dispatched_total", Help: "Timeline events handed to reactors, by type.",
		}, []string{"type"}),
		batches: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "purna_ingest_batch_orders", Help: "Orders stored per group-commit transaction.",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128},
		}),
		batchDur: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "purna_ingest_batch_duration_seconds", Help: "Time to store and commit one group-commit transaction.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.orders, m.events, m.batches, m.batchDur,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), queueCollector{m})
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) observeBatch(n int, d time.Duration) {
	m.batches.Observe(float64(n))
	m.batchDur.Observe(d.Seconds())
}

func (m *metrics) countOrder(source string, created bool) {
	m.orders.WithLabelValues(source, strconv.FormatBool(created)).Inc()
}

func (m *metrics) countEvent(_ context.Context, e timeline.Event) error {
	m.events.WithLabelValues(string(e.Type)).Inc()
	return nil
}

// instrument counts requests by the mux pattern that served them (not the
// raw path, which would make one series per order ID).
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(s int) {
	if !w.wrote {
		w.status, w.wrote = s, true
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// queueCollector reads the job queue's depth from the database at scrape
// time, so every process reports the shared queue.
type queueCollector struct{ m *metrics }

var queueDesc = prometheus.NewDesc("purna_job_queue_depth", "Jobs waiting or running, by state.", []string{"state"}, nil)

func (c queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- queueDesc }

func (c queueCollector) Collect(ch chan<- prometheus.Metric) {
	if c.m.queue == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	depth, err := c.m.queue.Depth(ctx)
	if err != nil {
		return
	}
	for _, st := range []string{"available", "scheduled", "running", "retryable"} {
		ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(depth[st]), st)
	}
}

package portal

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Lookup limits: at most lookupTries failed lookups per client IP, and per
// order number of a shop, in any lookupWindow. Together they stop someone
// from guessing the email behind an order number, and from trying order
// numbers against an email, without locking a customer out for long.
const (
	lookupTries  = 5
	lookupWindow = 15 * time.Minute
)

// limiter counts failures per key in a sliding window. It lives in the
// process's memory: with several portal processes behind a load balancer
// each keeps its own count, so a client can make up to lookupTries failed
// tries per process. Route /p to one process, or pin clients to processes,
// where that matters.
type limiter struct {
	max    int
	window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// Allowed reports whether key has failed fewer than max times in the
// window ending at now.
func (l *limiter) Allowed(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) < l.max
}

// Fail counts a failure of key at now.
func (l *limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[key] = append(l.recent(key, now), now)
	// Forget keys whose failures have all aged out, now and then, so that
	// a stream of one-off keys does not grow the map for ever.
	if len(l.fails) > 4096 {
		for k := range l.fails {
			l.recent(k, now)
		}
	}
}

// recent drops key's failures older than the window and returns the rest.
// The caller holds mu.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	ts := l.fails[key]
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-l.window)) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = ts
	return ts
}

// clientIP is the request's remote address without the port. Behind a
// reverse proxy every request comes from the proxy: set
// Server.ClientIPFunc to read the address the proxy passes on.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

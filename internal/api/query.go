package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/purnajual/purna"
)

// query reads URL query parameters, collecting problems by name.
type query struct {
	r        *http.Request
	problems purna.Problems
}

func newQuery(r *http.Request) *query { return &query{r: r} }

func (q *query) str(name string) string { return q.r.URL.Query().Get(name) }

func (q *query) limit() int {
	v := q.str("limit")
	if v == "" {
		return 50
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 200 {
		q.problems.Add("limit", "must be a whole number from 1 to 200")
		return 50
	}
	return n
}

func (q *query) time(name string) *time.Time {
	v := q.str(name)
	if v == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		q.problems.Add(name, "must be an RFC 3339 time, such as 2026-11-23T00:00:00+07:00")
		return nil
	}
	return &t
}

// flag reads a true/false parameter; absent is false.
func (q *query) flag(name string) bool {
	switch q.str(name) {
	case "", "false":
		return false
	case "true":
		return true
	}
	q.problems.Add(name, "must be true or false")
	return false
}

func (q *query) err() error { return q.problems.Err() }

package web

import (
	"net/http"
	"net/url"
	"strings"
)

// Lists page with the services' opaque cursors. The address keeps the
// current page's cursor and, in "prev", the cursors of the pages before
// it, so "Newer" can go back without the server remembering anything.

// pager is the "Newer / Next" navigation under a list.
type pager struct {
	NewerURL, NextURL     string
	Range                 string
	Label                 string
	NewerLabel, NextLabel string
}

// maxPrev bounds the remembered cursors, so addresses stay short; past it
// "Newer" from far down a list skips back to the first page.
const maxPrev = 40

// pageCursors reads the current cursor and the ones before it from q.
func pageCursors(q url.Values) (cursor string, prev []string) {
	cursor = q.Get("cursor")
	if !validCursor(cursor) {
		cursor = ""
	}
	for _, c := range strings.Split(q.Get("prev"), ".") {
		if c != "" && validCursor(c) {
			prev = append(prev, c)
		}
	}
	if len(prev) > maxPrev {
		prev = prev[len(prev)-maxPrev:]
	}
	return cursor, prev
}

// validCursor accepts the URL-safe base64 the stores produce; anything
// else would be refused by the store anyway.
func validCursor(c string) bool {
	if len(c) > 200 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// newPager builds the navigation for a page of n rows out of total, of at
// most limit rows each, where next is the following page's cursor. A
// negative total is unknown (the store does not count), and the range then
// says only which rows these are.
func newPager(r *http.Request, l lang, n, total, limit int, next string) pager {
	q := r.URL.Query()
	cursor, prev := pageCursors(q)
	p := pager{Label: l.T("pager.label"), NewerLabel: l.T("pager.newer"), NextLabel: l.T("pager.next")}
	if n > 0 {
		index := 0
		if cursor != "" {
			index = len(prev) + 1
		}
		from := index*limit + 1
		if total < 0 {
			p.Range = l.T("pager.range_open", "from", from, "to", from+n-1)
		} else {
			p.Range = l.T("pager.range", "from", from, "to", from+n-1, "total", total)
		}
	}
	if next != "" {
		nq := cloneValues(q)
		nq.Set("cursor", next)
		if cursor != "" {
			nq.Set("prev", strings.Join(append(prev, cursor), "."))
		}
		p.NextURL = localPath(r.URL.Path, nq)
	}
	if cursor != "" {
		nq := cloneValues(q)
		nq.Del("cursor")
		nq.Del("prev")
		if len(prev) > 0 {
			nq.Set("cursor", prev[len(prev)-1])
			if len(prev) > 1 {
				nq.Set("prev", strings.Join(prev[:len(prev)-1], "."))
			}
		}
		p.NewerURL = localPath(r.URL.Path, nq)
	}
	return p
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

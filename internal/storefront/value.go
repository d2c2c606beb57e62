package storefront

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// value is one JSON value of a webhook body, read without trusting its
// shape. Reading a value of the wrong type records a problem under the
// value's path and returns the zero value, so a parser can read everything
// it needs and report every fault at once.
type value struct {
	p    *purna.Problems
	path string
	v    any // nil, bool, string, json.Number, []any or map[string]any
}

// decode reads body, which must hold exactly one JSON object. Numbers stay
// json.Number: Shopify's IDs exceed 2^53, which a float64 cannot hold.
func decode(body []byte) (value, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return value{}, bodyError("The webhook body is not valid JSON.", "is not valid JSON")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return value{}, bodyError("The webhook body has data after the JSON object.", "has data after the JSON object")
	}
	if _, ok := v.(map[string]any); !ok {
		return value{}, bodyError("The webhook body must be a JSON object.", "must be a JSON object")
	}
	return value{p: &purna.Problems{}, v: v}, nil
}

func bodyError(msg, field string) error {
	return &purna.Error{Code: purna.EINVALID, Message: msg, Fields: map[string]string{"body": field}}
}

// fail records a problem with v.
func (v value) fail(msg string) {
	path := v.path
	if path == "" {
		path = "body"
	}
	v.p.Add(path, msg)
}

// get returns the member key of object v; it is null when v has no such
// member or is null itself.
func (v value) get(key string) value {
	child := value{p: v.p, path: key}
	if v.path != "" {
		child.path = v.path + "." + key
	}
	switch m := v.v.(type) {
	case map[string]any:
		child.v = m[key]
	case nil:
	default:
		v.fail("must be an object")
	}
	return child
}

// null reports whether v is absent or null.
func (v value) null() bool { return v.v == nil }

// blank reports whether v is absent, null or an empty string.
func (v value) blank() bool {
	s, ok := v.v.(string)
	return v.v == nil || ok && strings.TrimSpace(s) == ""
}

// required records "is required" when v is blank and reports whether it
// is present.
func (v value) required() bool {
	if v.blank() {
		v.fail("is required")
		return false
	}
	return true
}

// list returns the elements of array v, or nil when v is null.
func (v value) list() []value {
	switch a := v.v.(type) {
	case []any:
		out := make([]value, len(a))
		for i, x := range a {
			out[i] = value{p: v.p, path: v.path + "[" + strconv.Itoa(i) + "]", v: x}
		}
		return out
	case nil:
	default:
		v.fail("must be an array")
	}
	return nil
}

// text returns string v trimmed, or a number as written.
func (v value) text() string {
	switch x := v.v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	case nil:
	default:
		v.fail("must be a string")
	}
	return ""
}

// id returns an ID written as a whole number or a string.
func (v value) id() string {
	switch x := v.v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		if s := x.String(); digits(s) {
			return s
		}
		v.fail("must be a whole number")
	case nil:
	default:
		v.fail("must be a number or a string")
	}
	return ""
}

// integer returns a whole number, written as a number or a string.
func (v value) integer() int64 {
	var s string
	switch x := v.v.(type) {
	case string:
		s = strings.TrimSpace(x)
	case json.Number:
		s = x.String()
	case nil:
		return 0
	default:
		v.fail("must be a whole number")
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		v.fail("must be a whole number")
		return 0
	}
	return n
}

// boolean returns v and whether it is a boolean at all.
func (v value) boolean() (b, ok bool) {
	switch x := v.v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(x))
		return b, err == nil
	}
	return false, false
}

// localLayout is how WooCommerce writes its *_gmt times: UTC, no zone.
const localLayout = "2006-01-02T15:04:05"

// time returns v in UTC, or nil when v is blank. A time without a zone is
// taken as UTC.
func (v value) time() *time.Time {
	s := v.text()
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.ParseInLocation(localLayout, s, time.UTC)
	}
	if err != nil || t.IsZero() {
		v.fail("must be a date and time such as 2024-01-31T15:04:05+07:00")
		return nil
	}
	t = t.UTC()
	return &t
}

// amount returns decimal v ("1250000.00" or 12.5) in minor units of
// currency cur; blank is 0.
func (v value) amount(cur string) int64 {
	s := v.text()
	if s == "" {
		return 0
	}
	n, err := purna.ParseAmount(s, cur)
	if err != nil {
		v.fail("must be an amount in " + cur + " such as 12.50")
		return 0
	}
	return n
}

// roundedAmount is amount for values that may carry more decimals than the
// currency has (WooCommerce's float prices): it rounds half away from zero.
func (v value) roundedAmount(cur string) int64 {
	s := v.text()
	c, ok := purna.LookupCurrency(cur)
	whole, frac, found := strings.Cut(s, ".")
	if !ok || !found || len(frac) <= c.Exponent || !digits(frac) {
		return v.amount(cur)
	}
	n, err := purna.ParseAmount(whole+"."+frac[:c.Exponent], cur)
	if err != nil {
		v.fail("must be an amount in " + cur + " such as 12.50")
		return 0
	}
	if frac[c.Exponent] >= '5' {
		if strings.HasPrefix(whole, "-") {
			n--
		} else if n < math.MaxInt64 {
			n++
		}
	}
	return n
}

// currency returns v as a currency code Purna knows, or "" after recording
// a problem.
func (v value) currency() string {
	if !v.required() {
		return ""
	}
	code := strings.ToUpper(v.text())
	if _, ok := purna.LookupCurrency(code); !ok {
		v.fail("is not a currency Purna supports")
		return ""
	}
	return code
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// addAmount adds b to *sum, recording a problem on v if the sum overflows.
func addAmount(v value, sum *int64, b int64) {
	if b > 0 && *sum > math.MaxInt64-b || b < 0 && *sum < math.MinInt64-b {
		v.fail("is too large")
		return
	}
	*sum += b
}

// divRound returns a/q rounded half away from zero; q must be positive.
func divRound(a, q int64) int64 {
	neg := a < 0
	if neg {
		if a == math.MinInt64 {
			a++ // one minor unit does not matter at this size
		}
		a = -a
	}
	n, r := a/q, a%q
	if r >= q-r {
		n++
	}
	if neg {
		return -n
	}
	return n
}

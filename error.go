package purna

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Error codes. They are stable: API clients branch on them.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ETOOLARGE     = "too_large"
	// EMALFORMED is a request body that is not what the endpoint reads at
	// all (not JSON, not an object); EINVALID is a well-formed one with bad
	// values.
	EMALFORMED = "malformed"
)

// Error is an application error whose Message is safe to show to a merchant
// or a shopper. Fields holds per-field problems, keyed by the field's JSON
// path ("lines[1].quantity").
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("purna: %s: %s", e.Code, e.Message)
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + e.Fields[k])
	}
	return fmt.Sprintf("purna: %s: %s (%s)", e.Code, e.Message, b.String())
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the safe message of the *Error in err's chain, or a
// generic one for anything else.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the per-field problems of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects per-field validation problems. The zero value is ready
// to use; Err returns nil when nothing was added.
type Problems map[string]string

// Add records a problem with field, keeping the first one reported.
func (p *Problems) Add(field, msg string) {
	if *p == nil {
		*p = Problems{}
	}
	if _, ok := (*p)[field]; !ok {
		(*p)[field] = msg
	}
}

// Merge adds every problem of q under prefix ("customer." + field).
func (p *Problems) Merge(prefix string, q Problems) {
	for k, v := range q {
		p.Add(prefix+k, v)
	}
}

// Err returns an EINVALID *Error carrying the problems, or nil.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Some fields are not valid.", Fields: p}
}

// Package request reads what HTTP handlers need from a request: a strictly
// decoded JSON body, and the shop the caller acts for.
package request

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/purnajual/purna"
	"github.com/purnajual/purna/internal/shop"
)

// DecodeJSON reads r's body into dst. Unknown fields, wrong types, trailing
// data and oversized bodies are refused with an *purna.Error naming the
// field. Wrap the body with http.MaxBytesReader before calling.
func DecodeJSON(r *http.Request, dst any) error {
	return Decode(r.Body, dst)
}

// Decode is DecodeJSON on any reader.
func Decode(body io.Reader, dst any) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return decodeError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			// encoding/json names the field without array indexes
			// ("lines.quantity"); find the exact one from the offset.
			if p := pathAt(data, typ.Offset); p != "" {
				typ.Field = p
			}
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return &purna.Error{Code: purna.EMALFORMED, Message: "The body has data after the JSON value.",
			Fields: map[string]string{"body": "must hold exactly one JSON object"}}
	}
	return nil
}

func decodeError(err error) error {
	var (
		syn  *json.SyntaxError
		typ  *json.UnmarshalTypeError
		mbe  *http.MaxBytesError
		perr *purna.Error
	)
	switch {
	case errors.As(err, &mbe):
		return &purna.Error{Code: purna.ETOOLARGE, Message: fmt.Sprintf("The body is larger than %d bytes.", mbe.Limit)}
	case errors.Is(err, io.EOF):
		return &purna.Error{Code: purna.EMALFORMED, Message: "The body is empty.", Fields: map[string]string{"body": "is required"}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &purna.Error{Code: purna.EMALFORMED, Message: "The body ends in the middle of a JSON value.", Fields: map[string]string{"body": "is cut short"}}
	case errors.As(err, &syn):
		return &purna.Error{Code: purna.EMALFORMED, Message: fmt.Sprintf("The body is not valid JSON (at byte %d).", syn.Offset),
			Fields: map[string]string{"body": "is not valid JSON"}}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return &purna.Error{Code: purna.EMALFORMED, Message: "The body must be a JSON object.", Fields: map[string]string{"body": "must be a JSON object"}}
		}
		return &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{jsonPath(field): "must be " + article(typeName(typ.Type.String()))}}
	case errors.As(err, &perr):
		return perr
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &purna.Error{Code: purna.EINVALID, Message: "Some fields are not valid.",
			Fields: map[string]string{strings.Trim(f, `"`): "is not a known field"}}
	}
	// time.Time and other UnmarshalJSON errors carry no field path.
	if strings.Contains(msg, "parsing time") {
		return &purna.Error{Code: purna.EINVALID, Message: "A time is not in RFC 3339 form, such as 2026-11-23T10:04:00+07:00.",
			Fields: map[string]string{"body": "has a time that is not RFC 3339"}}
	}
	return &purna.Error{Code: purna.EMALFORMED, Message: "The body could not be read as JSON.", Fields: map[string]string{"body": msg}}
}

// pathAt returns the JSON path ("lines.1.quantity") of the value that ends
// at offset in data, or "" if it cannot tell.
func pathAt(data []byte, offset int64) string {
	type frame struct {
		array bool
		index int
		key   string
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if dec.InputOffset() >= offset {
					return framesPath(stack, func(f frame) (bool, int, string) { return f.array, f.index, f.key })
				}
				stack = append(stack, frame{array: t == '['})
				expectKey = t == '{'
				continue
			case '}', ']':
				stack = stack[:top]
				top--
			}
		default:
			if top >= 0 && !stack[top].array && expectKey {
				stack[top].key = fmt.Sprint(t)
				expectKey = false
				continue
			}
			if dec.InputOffset() >= offset {
				return framesPath(stack, func(f frame) (bool, int, string) { return f.array, f.index, f.key })
			}
		}
		// A value ended: move to the next key or index.
		if top >= 0 {
			if stack[top].array {
				stack[top].index++
			} else {
				expectKey = true
			}
		}
	}
}

func framesPath[F any](stack []F, parts func(F) (bool, int, string)) string {
	var segs []string
	for _, f := range stack {
		array, index, key := parts(f)
		if array {
			segs = append(segs, strconv.Itoa(index))
		} else {
			segs = append(segs, key)
		}
	}
	return strings.Join(segs, ".")
}

// jsonPath turns encoding/json's "lines.1.quantity" into "lines[1].quantity".
func jsonPath(f string) string {
	parts := strings.Split(f, ".")
	var b strings.Builder
	for i, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func typeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "whole number"
	case strings.HasPrefix(goType, "float"):
		return "number"
	case goType == "string", strings.HasSuffix(goType, "Status"), strings.HasSuffix(goType, "Channel"), strings.HasSuffix(goType, "Role"):
		return "string"
	case goType == "bool":
		return "boolean"
	case strings.HasPrefix(goType, "[]"):
		return "array"
	case strings.HasPrefix(goType, "map"):
		return "object"
	case goType == "time.Time":
		return "RFC 3339 time string"
	}
	return "object"
}

func article(s string) string {
	if strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

type ctxKey int

const shopKey ctxKey = iota

// WithShop returns ctx carrying the shop the caller acts for.
func WithShop(ctx context.Context, sh *shop.Shop) context.Context {
	return context.WithValue(ctx, shopKey, sh)
}

// Shop returns the shop the caller acts for; authentication middleware puts
// it there, so handlers behind it always have one.
func Shop(r *http.Request) *shop.Shop {
	sh, _ := r.Context().Value(shopKey).(*shop.Shop)
	return sh
}

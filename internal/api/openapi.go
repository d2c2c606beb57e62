package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/purnajual/purna/internal/http/response"
)

// OpenAPI builds the OpenAPI 3.1 document from the route table. Schemas come
// from the Go types the handlers decode and encode, by reflection, so they
// follow the code.
func (s *Server) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": operationID(rt),
			"tags":        []string{rt.tag},
		}
		var params []any
		for _, name := range pathParams(rt.path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.desc, "schema": q.schema})
		}
		if rt.idempotent {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header",
				"description": "Retry-safe key: the first answer is replayed for the same key and body.",
				"schema":      map[string]any{"type": "string", "maxLength": 255}})
		}
		switch rt.auth {
		case authKey:
			op["security"] = []any{map[string]any{"apiKey": []string{}}}
		case authSignature:
			op["security"] = []any{}
			params = append(params, map[string]any{"name": signatureHeader(rt.path), "in": "header", "required": true,
				"description": "Base64 HMAC-SHA256 of the raw body with the storefront's webhook secret.", "schema": map[string]any{"type": "string"}})
		default:
			op["security"] = []any{}
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.body), true)}}}
		}
		resps := map[string]any{}
		for _, rp := range rt.responses {
			resps[itoa(rp.status)] = map[string]any{"description": rp.desc, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rp.body), false)}}}
		}
		resps["default"] = map[string]any{"description": "An error (RFC 9457 problem details).",
			"content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
		op["responses"] = resps
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	g.defs["Problem"] = g.schema(reflect.TypeOf(response.Problem{}), false)
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Purna API", "version": "1",
			"description": "Orders, customers and products in; timelines out. Amounts are integer minor units (ISO 4217 exponent) beside a currency code; times are RFC 3339."},
		"servers": []any{map[string]any{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{"apiKey": map[string]any{"type": "http", "scheme": "bearer",
				"description": "An API key made with `purna apikey create`."}},
		},
	}
}

var (
	openapiOnce sync.Once
	openapiJSON []byte
)

// handleOpenAPI handles "GET /api/v1/openapi.json".
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	openapiOnce.Do(func() { openapiJSON, _ = json.MarshalIndent(s.OpenAPI(), "", "  ") })
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openapiJSON)
}

func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method))
	for _, part := range strings.Split(strings.TrimPrefix(rt.path, "/api/v1/"), "/") {
		part = strings.Trim(part, "{}")
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '_' || r == '.' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

func pathParams(path string) []string {
	var out []string
	for _, m := range pathParamRE.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

func signatureHeader(path string) string {
	if strings.Contains(path, "/shopify/") {
		return "X-Shopify-Hmac-Sha256"
	}
	return "X-WC-Webhook-Signature"
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// schemaGen turns Go types into JSON Schema (2020-12, as OpenAPI 3.1 uses).
type schemaGen struct {
	defs map[string]any
}

var timeType = reflect.TypeOf(time.Time{})
var rawType = reflect.TypeOf(json.RawMessage{})

func (g *schemaGen) schema(t reflect.Type, input bool) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.schema(t.Elem(), input)
		if ty, ok := inner["type"].(string); ok {
			out := map[string]any{}
			for k, v := range inner {
				out[k] = v
			}
			out["type"] = []string{ty, "null"}
			return out
		}
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s := map[string]any{"type": "integer"}
		if t.Kind() == reflect.Int64 {
			s["format"] = "int64"
		}
		return s
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": []string{"array", "null"}, "items": g.schema(t.Elem(), input)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem(), input)}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := schemaName(t, input)
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // placeholder against recursion
			g.defs[name] = g.object(t, input)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// object describes a struct. Request bodies refuse unknown fields, as the
// decoder does; fields without omitempty are required in responses.
func (g *schemaGen) object(t reflect.Type, input bool) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			props[name] = g.schema(f.Type, input)
			if !strings.Contains(opts, "omitempty") && !input {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if input {
		s["additionalProperties"] = false
	}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func schemaName(t reflect.Type, input bool) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 { // generic: Page[*order.Order]
		inner := name[i+1 : len(name)-1]
		inner = inner[strings.LastIndexAny(inner, "./*")+1:]
		name = name[:i] + "Of" + inner
	}
	pkg := t.PkgPath()
	pkg = pkg[strings.LastIndexByte(pkg, '/')+1:]
	if pkg != "" && pkg != "api" && pkg != "purna" {
		name = pkg + "." + name
	}
	if input && !strings.HasSuffix(name, "Input") && !strings.HasSuffix(name, "Update") {
		name += "Input"
	}
	return name
}

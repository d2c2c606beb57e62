package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/purnajual/purna/internal/storetest"
)

// TestOpenAPIMatchesHandlers checks the document against the running
// handlers: every documented operation is served (not the catch-all 404),
// and real responses validate against the documented schemas.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	t.Parallel()
	b := setup(t, storetest.MustOpenSQLite(t))
	r := b.do(t, "GET", "/api/v1/openapi.json", "", nil)
	if r.status != 200 {
		t.Fatalf("openapi.json: %d", r.status)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	r.decode(t, &doc)
	if doc.OpenAPI != "3.1.0" || len(doc.Paths) < 10 {
		t.Fatalf("document: openapi=%s paths=%d", doc.OpenAPI, len(doc.Paths))
	}

	// Every documented operation reaches a handler: the catch-all answers
	// "No API route matches", a registered route never does.
	for path, ops := range doc.Paths {
		for method := range ops {
			concrete := strings.NewReplacer("{id}", "01JXXXXXXXXXXXXXXXXXXXXXXX", "{storefront_id}", "01JXXXXXXXXXXXXXXXXXXXXXXX").Replace(path)
			res := b.do(t, strings.ToUpper(method), concrete, b.key, "{}")
			if strings.Contains(string(res.body), "No API route matches") {
				t.Errorf("%s %s is documented but not served", strings.ToUpper(method), path)
			}
		}
	}
	// And an undocumented path is not served.
	if res := b.do(t, "GET", "/api/v1/nothing-here", b.key, nil); res.status != 404 {
		t.Errorf("undocumented path: %d", res.status)
	}

	// Real responses validate against their documented schemas.
	created := b.do(t, "POST", "/api/v1/orders", b.key, orderJSON)
	var o struct {
		ID         string `json:"id"`
		CustomerID string `json:"customer_id"`
	}
	created.decode(t, &o)
	b.do(t, "POST", "/api/v1/products", b.key, `{"sku":"EB-200","name":"Earbuds","price":45000000,"warranty_months":12,"serialized":true}`)
	cases := []struct{ method, path, docPath, status string }{
		{"POST", "/api/v1/orders", "/api/v1/orders", "201"},
		{"GET", "/api/v1/orders/" + o.ID, "/api/v1/orders/{id}", "200"},
		{"GET", "/api/v1/orders", "/api/v1/orders", "200"},
		{"GET", "/api/v1/customers", "/api/v1/customers", "200"},
		{"GET", "/api/v1/customers/" + o.CustomerID, "/api/v1/customers/{id}", "200"},
		{"GET", "/api/v1/customers/" + o.CustomerID + "/timeline", "/api/v1/customers/{id}/timeline", "200"},
		{"GET", "/api/v1/products", "/api/v1/products", "200"},
		{"GET", "/api/v1/shop", "/api/v1/shop", "200"},
	}
	for _, tc := range cases {
		body := any(nil)
		if tc.method == "POST" {
			body = strings.Replace(orderJSON, "INV-1", "INV-OA", 1)
		}
		res := b.do(t, tc.method, tc.path, b.key, body)
		if fmt.Sprint(res.status) != tc.status {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, res.status, res.body)
			continue
		}
		op := doc.Paths[tc.docPath][strings.ToLower(tc.method)]
		schema := dig(op, "responses", tc.status, "content", "application/json", "schema")
		var v any
		_ = json.Unmarshal(res.body, &v)
		if errs := validate(schema, v, doc.Components.Schemas, "$"); len(errs) > 0 {
			t.Errorf("%s %s does not match its schema:\n%s", tc.method, tc.path, strings.Join(errs, "\n"))
		}
	}
	// Problems match the Problem schema too.
	bad := b.do(t, "POST", "/api/v1/orders", b.key, `{"currency":"XYZ"}`)
	var v any
	_ = json.Unmarshal(bad.body, &v)
	if errs := validate(map[string]any{"$ref": "#/components/schemas/Problem"}, v, doc.Components.Schemas, "$"); len(errs) > 0 || bad.status != http.StatusUnprocessableEntity {
		t.Errorf("problem %d does not match: %v", bad.status, errs)
	}
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// validate checks v against the subset of JSON Schema the generator
// writes: $ref, type (with "null"), properties, required,
// additionalProperties and items.
func validate(schema, v any, defs map[string]any, at string) []string {
	s, _ := schema.(map[string]any)
	if s == nil {
		return []string{at + ": no schema"}
	}
	if ref, ok := s["$ref"].(string); ok {
		return validate(defs[strings.TrimPrefix(ref, "#/components/schemas/")], v, defs, at)
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		for _, alt := range anyOf {
			if len(validate(alt, v, defs, at)) == 0 {
				return nil
			}
		}
		return []string{at + ": matches no alternative"}
	}
	var types []string
	switch ty := s["type"].(type) {
	case string:
		types = []string{ty}
	case []any:
		for _, x := range ty {
			types = append(types, x.(string))
		}
	}
	if len(types) > 0 {
		got := jsonType(v)
		if !slices.Contains(types, got) && !(got == "integer" && slices.Contains(types, "number")) {
			return []string{fmt.Sprintf("%s: is %s, schema says %v", at, got, types)}
		}
	}
	var errs []string
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				errs = append(errs, at+"."+r+": required but missing")
			}
		}
		for k, val := range x {
			if ps, ok := props[k]; ok {
				errs = append(errs, validate(ps, val, defs, at+"."+k)...)
			} else if ap, ok := s["additionalProperties"]; ok {
				if ap == false {
					errs = append(errs, at+"."+k+": not in the schema")
				} else if apm, ok := ap.(map[string]any); ok {
					errs = append(errs, validate(apm, val, defs, at+"."+k)...)
				}
			} else if props != nil {
				errs = append(errs, at+"."+k+": not documented")
			}
		}
	case []any:
		for i, it := range x {
			errs = append(errs, validate(s["items"], it, defs, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return errs
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

func asStrings(v any) []string {
	var out []string
	if xs, ok := v.([]any); ok {
		for _, x := range xs {
			out = append(out, x.(string))
		}
	}
	return out
}

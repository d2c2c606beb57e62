package upload

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"strings"
	"testing"

	"github.com/purnajual/purna"
)

// formPart is one part of a test form: a value, or a file when filename or
// content type is set.
type formPart struct {
	field, filename, contentType string
	content                      []byte
}

func multipartBody(tb testing.TB, parts []formPart) (*bytes.Buffer, string) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.contentType == "" {
			h.Set("Content-Disposition", `form-data; name="`+p.field+`"`)
		} else {
			h.Set("Content-Disposition", `form-data; name="`+p.field+`"; filename="`+p.filename+`"`)
			h.Set("Content-Type", p.contentType)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(p.content)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// parseResult is what the test server reports back.
type parseResult struct {
	Code     string            `json:"code"`
	Fields   map[string]string `json:"fields"`
	Blobs    []Blob            `json:"blobs"`
	Reason   string            `json:"reason"`
	TempLeft int               `json:"temp_left"`
}

func TestParseMultipart(t *testing.T) {
	t.Parallel()
	jpg := MustReadTestdata(t, "tiny.jpg")
	png := MustReadTestdata(t, "tiny.png")
	pdf := MustReadTestdata(t, "tiny.pdf")
	limits := Limits{MaxFiles: 3, MaxBytes: 64 << 10}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files, err := ParseMultipart(r, "photos", limits)
		res := parseResult{Code: purna.ErrorCode(err), Fields: purna.ErrorFields(err)}
		for _, a := range files {
			res.Blobs = append(res.Blobs, a.Blob)
			if a.Field != "photos["+string(rune('0'+len(res.Blobs)-1))+"]" {
				t.Errorf("field %q", a.Field)
			}
			a.Close()
		}
		if err == nil {
			res.Reason = r.PostFormValue("reason")
		}
		json.NewEncoder(w).Encode(res)
	}))
	t.Cleanup(srv.Close)

	file := func(name, typ string, b []byte) formPart { return formPart{"photos", name, typ, b} }
	tests := []struct {
		name   string
		parts  []formPart
		body   io.Reader // instead of parts
		ctype  string
		code   string
		fields []string
		types  []string
	}{
		{name: "photos, a pdf and a reason",
			parts: []formPart{{field: "reason", content: []byte("Ecranul a sosit crăpat.")}, file("a.jpg", "image/jpeg", jpg),
				file("b.png", "image/png", png), file("c.pdf", "application/pdf", pdf)},
			types: []string{JPEG, PNG, PDF}},
		{name: "an empty file input is skipped",
			parts: []formPart{file("a.jpg", "image/jpeg", jpg), file("", "application/octet-stream", nil)},
			types: []string{JPEG}},
		{name: "bad files are named by index",
			parts: []formPart{file("a.jpg", "image/jpeg", jpg), file("page.jpg", "image/jpeg", MustReadTestdata(t, "page.jpg")),
				file("x.zip", "application/zip", MustReadTestdata(t, "archive.zip"))},
			code: purna.EINVALID, fields: []string{"photos[1]", "photos[2]"}},
		{name: "a file too large",
			parts: []formPart{file("a.jpg", "image/jpeg", jpg), file("big.jpg", "image/jpeg", append(bytes.Clone(jpg), make([]byte, 64<<10)...))},
			code:  purna.ETOOLARGE, fields: []string{"photos[1]"}},
		{name: "too many files",
			parts: []formPart{file("a.jpg", "image/jpeg", jpg), file("b.jpg", "image/jpeg", jpg), file("c.jpg", "image/jpeg", jpg), file("d.jpg", "image/jpeg", jpg)},
			code:  purna.EINVALID, fields: []string{"photos"}},
		{name: "a file in another field",
			parts: []formPart{{"avatar", "me.jpg", "image/jpeg", jpg}},
			code:  purna.EINVALID, fields: []string{"avatar"}},
		{name: "form values over 1 MiB",
			parts: []formPart{{field: "reason", content: bytes.Repeat([]byte("a"), 1<<20+1)}},
			code:  purna.ETOOLARGE},
		{name: "a body over the limit", parts: manyFiles(25, append(bytes.Clone(jpg), make([]byte, 60<<10)...)),
			code: purna.ETOOLARGE},
		{name: "not multipart", body: strings.NewReader(`{"photos":[]}`), ctype: "application/json", code: purna.EMALFORMED},
		{name: "a broken multipart body", body: strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n\r\n\xff\xd8\xff"),
			ctype: "multipart/form-data; boundary=x", code: purna.EMALFORMED},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body, ctype := tc.body, tc.ctype
			if body == nil {
				body, ctype = multipartBody(t, tc.parts)
			}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, body)
			req.Header.Set("Content-Type", ctype)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var res parseResult
			if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
				t.Fatal(err)
			}
			if res.Code != tc.code {
				t.Fatalf("code = %q (%v), want %q", res.Code, res.Fields, tc.code)
			}
			for _, f := range tc.fields {
				if res.Fields[f] == "" {
					t.Errorf("fields = %v, want %s named", res.Fields, f)
				}
			}
			if len(tc.fields) > 0 && len(res.Fields) != len(tc.fields) {
				t.Errorf("fields = %v, want only %v", res.Fields, tc.fields)
			}
			if tc.code != "" {
				return
			}
			var types []string
			for _, b := range res.Blobs {
				types = append(types, b.ContentType)
			}
			if strings.Join(types, ",") != strings.Join(tc.types, ",") {
				t.Errorf("types = %v, want %v", types, tc.types)
			}
			if tc.name == "photos, a pdf and a reason" && res.Reason != "Ecranul a sosit crăpat." {
				t.Errorf("reason = %q", res.Reason)
			}
		})
	}
}

// TestParseMultipartCleansUp checks that a refused request leaves no
// temporary file behind, even for files already accepted.
func TestParseMultipartCleansUp(t *testing.T) {
	// Not parallel: it counts files in the temporary folder.
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	noise := make([]byte, 3<<20)
	for i := range noise {
		noise[i] = byte(i * 7919 >> 3)
	}
	pdf := MustReadTestdata(t, "tiny.pdf")
	big := append(bytes.Clone(pdf[:len(pdf)-6]), append(noise, "\n%%EOF\n"...)...)
	body, ctype := multipartBody(t, []formPart{
		{"files", "big.pdf", "application/pdf", big},
		{"files", "x.zip", "application/zip", MustReadTestdata(t, "archive.zip")},
	})
	r := httptest.NewRequest(http.MethodPost, "/", body)
	r.Header.Set("Content-Type", ctype)
	files, err := ParseMultipart(r, "files", Limits{})
	if purna.ErrorCode(err) != purna.EINVALID || files != nil {
		t.Fatalf("err = %v, files = %v", err, files)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left in the temporary folder: %v", entries)
	}
}

func manyFiles(n int, content []byte) []formPart {
	parts := make([]formPart, n)
	for i := range parts {
		parts[i] = formPart{"photos", "p.jpg", "image/jpeg", content}
	}
	return parts
}

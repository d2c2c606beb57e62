package upload

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/purnajual/purna"
)

func TestServe(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	photo := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.png"), "rayure écran.png")
	pdf := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.pdf"), "Garanție \"2026\".pdf")

	tests := []struct {
		name        string
		blob        Blob
		filename    string
		typ         string
		disposition string
	}{
		{"photo inline", photo, "", PNG, `inline; filename="rayure _cran.png"; filename*=UTF-8''rayure%20%C3%A9cran.png`},
		{"pdf attachment", pdf, "", PDF, `attachment; filename="Garan_ie _2026_.pdf"; filename*=UTF-8''Garan%C8%9Bie%20_2026_.pdf`},
		{"name given by the caller", pdf, "../RMA-1042", PDF, `attachment; filename="RMA-1042.pdf"; filename*=UTF-8''RMA-1042.pdf`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/uploads/"+tc.blob.ID, nil)
			if err := Serve(w, r, bundle.store, bundle.shop, tc.blob.ID, tc.filename); err != nil {
				t.Fatal(err)
			}
			h := w.Result().Header
			want := map[string]string{
				"Content-Type":                 tc.typ,
				"X-Content-Type-Options":       "nosniff",
				"Content-Disposition":          tc.disposition,
				"Content-Security-Policy":      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
				"Cache-Control":                "private, max-age=3600",
				"Cross-Origin-Resource-Policy": "same-origin",
				"Etag":                         `"` + tc.blob.SHA256 + `"`,
				"Accept-Ranges":                "bytes",
			}
			for k, v := range want {
				if got := h.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if w.Code != http.StatusOK || int64(w.Body.Len()) != tc.blob.Size {
				t.Errorf("status %d, %d bytes", w.Code, w.Body.Len())
			}
		})
	}
}

func TestServeRangeAndConditional(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	blob := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.pdf"), "x.pdf")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /f/{id}", func(w http.ResponseWriter, r *http.Request) {
		if err := Serve(w, r, bundle.store, bundle.shop, r.PathValue("id"), ""); err != nil {
			http.Error(w, purna.ErrorMessage(err), http.StatusNotFound)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	get := func(t *testing.T, id string, hdr map[string]string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/f/"+id, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := get(t, blob.ID, map[string]string{"Range": "bytes=0-7"})
	if res.StatusCode != http.StatusPartialContent || body != "%PDF-1.4" {
		t.Errorf("range: %d %q", res.StatusCode, body)
	}
	res, _ = get(t, blob.ID, map[string]string{"If-None-Match": `"` + blob.SHA256 + `"`})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}
	res, _ = get(t, "01ARZ3NDEKTSV4RRFFQ69G5FAV", nil)
	if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Disposition") != "" {
		t.Errorf("missing blob: %d %v", res.StatusCode, res.Header)
	}
}

func TestServeOtherShop(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	blob := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.jpg"), "x.jpg")
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	err := Serve(w, r, bundle.store, bundle.other, blob.ID, "")
	if purna.ErrorCode(err) != purna.ENOTFOUND {
		t.Errorf("err = %v, want ENOTFOUND", err)
	}
	if w.Body.Len() != 0 || len(w.Header()) != 0 {
		t.Error("Serve wrote before failing")
	}
}

// streamStore is a Store whose reader cannot seek, like a future S3 store
// that streams.
type streamStore struct{ Store }

func (s streamStore) Open(ctx context.Context, shopID, id purna.ID) (io.ReadCloser, Blob, error) {
	rc, b, err := s.Store.Open(ctx, shopID, id)
	return struct{ io.ReadCloser }{rc}, b, err
}

func TestServeWithoutSeek(t *testing.T) {
	t.Parallel()
	bundle := setupFS(t)
	blob := MustPut(t, bundle.store, bundle.shop, MustReadTestdata(t, "tiny.jpg"), "x.jpg")
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	if err := Serve(w, r, streamStore{bundle.store}, bundle.shop, blob.ID, ""); err != nil {
		t.Fatal(err)
	}
	if int64(w.Body.Len()) != blob.Size || w.Header().Get("Content-Type") != JPEG || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%d bytes, headers %v", w.Body.Len(), w.Header())
	}
}

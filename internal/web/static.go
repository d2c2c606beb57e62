package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file with the hash that versions its URL.
type asset struct {
	body  []byte
	hash  string
	ctype string
}

func mustLoadAssets(fsys fs.FS) map[string]*asset {
	out := map[string]*asset{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		out[p] = &asset{body: b, hash: hex.EncodeToString(sum[:])[:12], ctype: ctype}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return out
}

// assetURLs maps each asset to its versioned address,
// "/static/<hash>/app.css".
func (s *Server) assetURLs() map[string]string {
	out := make(map[string]string, len(s.assets))
	for name, a := range s.assets {
		out[name] = "/static/" + a.hash + "/" + name
	}
	return out
}

// handleStatic handles "GET /static/{hash}/{name}". The hash is the file's
// content hash, so a matching request may be cached for a year; a stale
// hash still gets the current file, but no long caching.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	hash, name, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/static/"), "/")
	a := s.assets[name]
	if !ok || a == nil {
		http.NotFound(w, r)
		return
	}
	if hash == a.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("ETag", `"`+a.hash+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}

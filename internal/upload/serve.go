package upload

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// cacheMaxAge is how long a browser may keep a served file. A blob never
// changes under its ID, but access to it can end (a case is reassigned, a
// customer signs out on a shared computer), so it is short and private.
const cacheMaxAge = time.Hour

// contentSecurityPolicy makes a served file inert even if a browser were
// to render it as a page: no scripts, no plugins, no requests, a unique
// origin (sandbox), and only the image itself and inline styles (which
// browsers use for their own image viewer).
const contentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

// Serve writes blob id of shopID to w. filename, when not empty, replaces
// the stored display name (it is sanitised again). Range and conditional
// requests work when the Store's reader can seek, as FS's does.
//
// SERVE DOES NOT CHECK WHO IS ASKING. The caller must first make sure the
// request comes from an agent of shopID or from the customer who owns the
// case the blob is attached to; shopID must come from that check, never
// from the URL alone.
//
// When Serve returns an error from Store.Open (ENOTFOUND as for
// Store.Open) nothing has been written, and the caller writes the error
// response. An error while copying to a client that is still there comes
// after the headers, and can only be logged.
func Serve(w http.ResponseWriter, r *http.Request, store Store, shopID, id purna.ID, filename string) error {
	rc, blob, err := store.Open(r.Context(), shopID, id)
	if err != nil {
		return err
	}
	defer rc.Close()
	if filename == "" {
		filename = blob.Filename
	}
	filename = withExtension(SanitizeFilename(filename), blob.ContentType)

	h := w.Header()
	h.Set("Content-Type", blob.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	// Other sites may not embed the file, even with the user's cookies.
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(int(cacheMaxAge.Seconds())))
	// PDFs go to the download folder: a PDF viewer inside the browser can
	// run scripts embedded in the file.
	disposition := "inline"
	if blob.Kind != Photo {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", ContentDisposition(disposition, filename))
	h.Set("ETag", `"`+blob.SHA256+`"`)

	if rs, ok := rc.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", blob.CreatedAt, rs)
		return nil
	}
	h.Set("Content-Length", strconv.FormatInt(blob.Size, 10))
	if r.Method == http.MethodHead {
		return nil
	}
	// Headers are out: a copy error can only be logged by the caller.
	if _, err := io.Copy(w, rc); err != nil && !isCanceled(r.Context()) {
		return fmt.Errorf("upload: serve %s: %w", id, err)
	}
	return nil
}

func isCanceled(ctx context.Context) bool { return ctx.Err() != nil }

// ContentDisposition returns a Content-Disposition header value for
// filename (RFC 6266): a plain ASCII filename parameter for old clients,
// and the exact name, UTF-8 and percent-encoded, in a filename* parameter
// (RFC 5987) for the rest.
func ContentDisposition(disposition, filename string) string {
	var ascii strings.Builder
	for _, c := range filename {
		switch {
		case c < 0x20 || c >= 0x7F, c == '"', c == '\\', c == '%':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(c)
		}
	}
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, disposition, ascii.String(), encodeRFC5987(filename))
}

// encodeRFC5987 percent-encodes s as an RFC 5987 ext-value, leaving only
// attr-char bytes as they are.
func encodeRFC5987(s string) string {
	const attrChar = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChar, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

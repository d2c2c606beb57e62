package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna"
)

// Accepted is a file Accept took in: its Blob and its cleaned content,
// held in memory or in a temporary file until Close.
type Accepted struct {
	// Field names the form field the file came in, with its index when a
	// field holds several ("photos[2]").
	Field   string
	Blob    Blob
	content *spool
}

// Open returns a reader over the content, from the start. Each call
// returns a new reader; none is valid after Close.
func (a *Accepted) Open() *io.SectionReader { return a.content.reader() }

// Close releases the content, removing its temporary file. It may be
// called more than once.
func (a *Accepted) Close() error { return a.content.Close() }

// Accept reads one file from r and decides whether to take it. field names
// the file in errors ("photos[2]"); filename and declaredType are what the
// sender said, and only ever used for the display name and the wording of
// an error: the type is read from the content.
//
// Accept reads at most limits.MaxBytes+1 bytes. It refuses, with a
// *purna.Error whose Fields name field:
//
//   - ETOOLARGE: a file over MaxBytes, or an image over MaxPixels;
//   - EINVALID: an empty file; content that is not a JPEG, PNG, WebP or
//     HEIC photo or a PDF, or not of a kind in limits.Kinds (an HTML page
//     called photo.jpg, a ZIP, a GIF, an SVG); content whose first bytes
//     claim a type its structure then contradicts (a JPEG header followed
//     by HTML, a truncated PNG, a WebP with bytes after its RIFF
//     container, a PDF without an end marker).
//
// Metadata that can locate or identify the customer is removed before the
// content is hashed and measured: JPEG keeps only its orientation of all
// its EXIF (see stripJPEG), PNG loses its EXIF and text chunks, WebP its
// EXIF and XMP chunks, and HEIC has its GPS entries zeroed in place. PDFs
// are kept as sent.
//
// The Blob gets a new ID and CreatedAt from the wall clock; ShopID is left
// for Store.Put to fill in. Files over 1 MiB wait in os.TempDir.
//
// The caller must Close the result. A read error that is not about size
// is returned wrapped, as an internal error.
func Accept(r io.Reader, field, filename, declaredType string, limits Limits) (*Accepted, error) {
	limits = limits.withDefaults()
	raw := &spool{}
	n, err := io.Copy(raw, io.LimitReader(r, limits.MaxBytes+1))
	if err != nil {
		raw.Close()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, purna.Errorf(purna.ETOOLARGE, "The upload is larger than %s.", formatBytes(mbe.Limit))
		}
		return nil, fmt.Errorf("upload: read %s: %w", field, err)
	}
	switch {
	case n > limits.MaxBytes:
		raw.Close()
		return nil, &purna.Error{Code: purna.ETOOLARGE,
			Message: fmt.Sprintf("%s is larger than %s.", field, formatBytes(limits.MaxBytes)),
			Fields:  map[string]string{field: "must be at most " + formatBytes(limits.MaxBytes)}}
	case n == 0:
		raw.Close()
		return nil, invalid(field, "is empty")
	}

	ct := sniff(raw.head(sniffLen))
	if ct == "" || !limits.allows(kindOf(ct)) {
		raw.Close()
		msg := "must be " + describe(limits.Kinds)
		if dt := cleanType(declaredType); dt != "" && dt != "application/octet-stream" {
			msg += fmt.Sprintf(" (it says %s, but its content is not one)", dt)
		}
		return nil, invalid(field, msg)
	}

	content, w, h, err := clean(raw, ct)
	if content != raw {
		raw.Close()
	}
	if err != nil {
		content.Close()
		if errors.Is(err, errFormat) {
			return nil, invalid(field, fmt.Sprintf("is not a readable %s file", typeName(ct)))
		}
		return nil, fmt.Errorf("upload: clean %s: %w", field, err)
	}
	if int64(w)*int64(h) > limits.MaxPixels {
		content.Close()
		mp := strconv.FormatFloat(float64(limits.MaxPixels)/1e6, 'g', -1, 64)
		return nil, &purna.Error{Code: purna.ETOOLARGE,
			Message: fmt.Sprintf("%s is larger than %s megapixels.", field, mp),
			Fields:  map[string]string{field: "must be at most " + mp + " megapixels"}}
	}

	sum := sha256.New()
	if _, err := io.Copy(sum, content.reader()); err != nil {
		content.Close()
		return nil, fmt.Errorf("upload: hash %s: %w", field, err)
	}
	now := time.Now().UTC()
	return &Accepted{
		Field: field,
		Blob: Blob{
			ID:          purna.NewID(now),
			Kind:        kindOf(ct),
			ContentType: ct,
			Size:        content.size,
			SHA256:      hex.EncodeToString(sum.Sum(nil)),
			Filename:    withExtension(SanitizeFilename(filename), ct),
			Width:       w,
			Height:      h,
			CreatedAt:   now,
		},
		content: content,
	}, nil
}

// clean checks raw's structure against its sniffed type and removes
// metadata. It returns the content to keep, which is raw itself when
// nothing had to be rewritten, and the image size when known.
func clean(raw *spool, ct string) (*spool, int, int, error) {
	switch ct {
	case JPEG:
		out := &spool{}
		if err := stripJPEG(out, raw.reader()); err != nil {
			return out, 0, 0, err
		}
		// The decoder checks what stripJPEG does not: frame header,
		// tables, and that the frame size is sane.
		cfg, err := jpeg.DecodeConfig(out.reader())
		if err != nil {
			return out, 0, 0, fmt.Errorf("%w: %v", errFormat, err)
		}
		return out, cfg.Width, cfg.Height, nil
	case PNG:
		out := &spool{}
		if err := stripPNG(out, raw.reader()); err != nil {
			return out, 0, 0, err
		}
		cfg, err := png.DecodeConfig(out.reader())
		if err != nil {
			return out, 0, 0, fmt.Errorf("%w: %v", errFormat, err)
		}
		return out, cfg.Width, cfg.Height, nil
	case WebP:
		out := &spool{}
		w, h, err := stripWebP(out, raw, raw.size)
		return out, w, h, err
	case HEIC:
		if err := checkHEIC(raw, raw.size); err != nil {
			return raw, 0, 0, err
		}
		return raw, 0, 0, scrubHEIC(raw)
	case PDF:
		return raw, 0, 0, checkPDF(raw, raw.size)
	}
	return raw, 0, 0, fmt.Errorf("%w: unknown type %s", errFormat, ct)
}

func invalid(field, msg string) error {
	return &purna.Error{Code: purna.EINVALID, Message: "Some files are not accepted.",
		Fields: map[string]string{field: msg}}
}

// describe names the accepted kinds for an error message.
func describe(kinds []Kind) string {
	var parts []string
	for _, k := range kinds {
		switch k {
		case Photo:
			parts = append(parts, "a JPEG, PNG, WebP or HEIC photo")
		case Document:
			parts = append(parts, "a PDF")
		}
	}
	return strings.Join(parts, " or ")
}

// typeName is the short name of a content type, for messages.
func typeName(ct string) string {
	switch ct {
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	case WebP:
		return "WebP"
	case HEIC:
		return "HEIC"
	case PDF:
		return "PDF"
	}
	return ct
}

// cleanType returns the media type of a declared Content-Type, or "" when
// it does not parse; it is echoed in messages, so nothing else gets through.
func cleanType(declared string) string {
	mt, _, err := mime.ParseMediaType(declared)
	if err != nil || len(mt) > 100 {
		return ""
	}
	return mt
}

// formatBytes writes n in the largest binary unit that divides it.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

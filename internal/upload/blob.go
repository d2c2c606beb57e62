package upload

import (
	"slices"
	"time"

	"github.com/purnajual/purna"
)

// Kind is what a file is for a merchant: a photo or a document.
type Kind string

// Kinds of upload.
const (
	Photo    Kind = "photo"
	Document Kind = "document"
)

// Content types Accept recognises. Anything else is refused.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
	// HEIC is what iPhones save photos as. Browsers other than Safari
	// cannot show it, so the agent UI offers it as a download.
	HEIC = "image/heic"
	PDF  = "application/pdf"
)

// kindOf returns the kind of a sniffed content type.
func kindOf(contentType string) Kind {
	if contentType == PDF {
		return Document
	}
	return Photo
}

// extensions are the file name extensions each type is known by; the
// first one is given to files whose name says otherwise.
var extensions = map[string][]string{
	JPEG: {".jpg", ".jpeg", ".jpe", ".jfif"},
	PNG:  {".png"},
	WebP: {".webp"},
	HEIC: {".heic", ".heif"},
	PDF:  {".pdf"},
}

// Blob describes one stored file. Everything in it was worked out from the
// file's content, except Filename, which is the sender's name for it made
// safe to show.
type Blob struct {
	ID          purna.ID `json:"id"`
	ShopID      purna.ID `json:"shop_id"`
	Kind        Kind     `json:"kind"`
	ContentType string   `json:"content_type"`
	// Size is the length in bytes of the stored content, after metadata
	// was removed.
	Size int64 `json:"size"`
	// SHA256 is the hex SHA-256 of the stored content.
	SHA256 string `json:"sha256"`
	// Filename is the display name: no folders, no control characters, at
	// most 120 characters, and an extension that matches ContentType.
	Filename string `json:"filename"`
	// Width and Height are the image's pixel size, or zero for PDFs and for
	// HEIC (not parsed yet).
	Width     int       `json:"width,omitempty"`
	Height    int       `json:"height,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Limits bound what one request may upload. Zero fields take the values of
// DefaultLimits.
type Limits struct {
	// MaxBytes is the largest file accepted, in bytes. Default 10 MiB.
	MaxBytes int64
	// MaxFiles is the most files ParseMultipart accepts in one request.
	// Default 8.
	MaxFiles int
	// Kinds lists the kinds accepted. Default: photos and documents.
	Kinds []Kind
	// MaxPixels is the largest image accepted, in pixels (width × height),
	// so that a small file cannot expand to gigabytes when a browser or a
	// thumbnailer decodes it. Default 64 million (a 48 MP phone photo fits).
	MaxPixels int64
}

// DefaultLimits returns the limits used where a field of Limits is zero.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:  10 << 20,
		MaxFiles:  8,
		Kinds:     []Kind{Photo, Document},
		MaxPixels: 64_000_000,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = d.MaxFiles
	}
	if len(l.Kinds) == 0 {
		l.Kinds = d.Kinds
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	return l
}

func (l Limits) allows(k Kind) bool { return slices.Contains(l.Kinds, k) }

package upload

import (
	"bytes"
	"encoding/binary"
)

// sniffLen is how many leading bytes sniff looks at. An HEIC ftyp box lists
// its brands within the first few dozen bytes; 512 is what
// http.DetectContentType reads.
const sniffLen = 512

// sniff returns the content type the leading bytes of a file announce, or
// "" when they announce none of the accepted types. It only reads magic
// numbers; the per-type checks in inspect decide whether the rest agrees.
//
// http.DetectContentType is not used: it knows no HEIC, does not look past
// "RIFF....WEBPVP" into the WebP chunk, and is built to guess a type for
// anything, where we want a short list of types and a refusal otherwise.
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case len(head) >= 16 && string(head[0:4]) == "RIFF" && string(head[8:12]) == "WEBP" &&
		(string(head[12:16]) == "VP8 " || string(head[12:16]) == "VP8L" || string(head[12:16]) == "VP8X"):
		return WebP
	case bytes.HasPrefix(head, []byte("%PDF-")):
		// The PDF specification lets readers find the header anywhere in
		// the first kilobyte. We insist on offset 0: whatever sits before
		// it is how HTML/PDF polyglots are built.
		return PDF
	case isHEIC(head):
		return HEIC
	}
	return ""
}

// heicBrands are the ISO base media file brands of HEVC-coded HEIF images.
// "mif1" and "msf1" say only "HEIF", which AVIF files say too, so they
// count only together with one of these.
var heicBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true, "hevc": true, "hevx": true,
}

// isHEIC reports whether head starts with an ftyp box naming an HEIC brand.
func isHEIC(head []byte) bool {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return false
	}
	size := int(binary.BigEndian.Uint32(head[0:4]))
	if size < 16 || size%4 != 0 || size > len(head) || size > 256 {
		return false
	}
	if heicBrands[string(head[8:12])] {
		return true
	}
	major := string(head[8:12])
	if major != "mif1" && major != "msf1" {
		return false
	}
	for i := 16; i+4 <= size; i += 4 {
		if heicBrands[string(head[i:i+4])] {
			return true
		}
	}
	return false
}

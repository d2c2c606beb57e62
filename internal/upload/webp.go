package upload

import (
	"encoding/binary"
	"fmt"
	"io"
)

// WebP flags in the VP8X chunk that announce metadata chunks.
const (
	webpFlagXMP  = 0x04
	webpFlagEXIF = 0x08
)

// stripWebP checks the RIFF structure of the WebP in src (size bytes),
// reads its pixel size from the VP8, VP8L or VP8X header, and writes it to
// dst without its EXIF and XMP chunks. The RIFF size must match the file:
// bytes after the RIFF container are how polyglots are made.
func stripWebP(dst io.Writer, src io.ReaderAt, size int64) (w, h int, err error) {
	var hdr [12]byte
	if _, err := src.ReadAt(hdr[:], 0); err != nil {
		return 0, 0, fmt.Errorf("%w: WebP cut short", errFormat)
	}
	riff := int64(binary.LittleEndian.Uint32(hdr[4:8]))
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WEBP" || riff+8 != size || riff%2 != 0 {
		return 0, 0, fmt.Errorf("%w: WebP size does not match the file", errFormat)
	}
	type chunk struct {
		fourcc string
		off    int64 // of the 8-byte header
		n      int64 // payload length, without padding
	}
	var chunks []chunk
	for off := int64(12); off < size; {
		var ch [8]byte
		if _, err := src.ReadAt(ch[:], off); err != nil {
			return 0, 0, fmt.Errorf("%w: WebP cut short", errFormat)
		}
		n := int64(binary.LittleEndian.Uint32(ch[4:8]))
		end := off + 8 + n + n%2
		if end > size {
			return 0, 0, fmt.Errorf("%w: WebP chunk runs past the end", errFormat)
		}
		chunks = append(chunks, chunk{string(ch[0:4]), off, n})
		off = end
	}
	if len(chunks) == 0 {
		return 0, 0, fmt.Errorf("%w: WebP without chunks", errFormat)
	}
	first := chunks[0]
	payload := make([]byte, min(first.n, 30))
	if _, err := src.ReadAt(payload, first.off+8); err != nil {
		return 0, 0, fmt.Errorf("%w: WebP cut short", errFormat)
	}
	switch first.fourcc {
	case "VP8 ":
		w, h, err = vp8Size(payload)
	case "VP8L":
		w, h, err = vp8lSize(payload)
	case "VP8X":
		if len(payload) < 10 {
			return 0, 0, fmt.Errorf("%w: short VP8X chunk", errFormat)
		}
		h = 1 + (int(payload[7]) | int(payload[8])<<8 | int(payload[9])<<16)
		w = 1 + (int(payload[4]) | int(payload[5])<<8 | int(payload[6])<<16)
		hasImage := false
		for _, c := range chunks[1:] {
			hasImage = hasImage || c.fourcc == "VP8 " || c.fourcc == "VP8L" || c.fourcc == "ANMF"
		}
		if !hasImage {
			return 0, 0, fmt.Errorf("%w: WebP without image data", errFormat)
		}
	default:
		return 0, 0, fmt.Errorf("%w: WebP starts with chunk %q", errFormat, first.fourcc)
	}
	if err != nil {
		return 0, 0, err
	}

	// Write the file again without EXIF and XMP chunks.
	kept := int64(4)
	for _, c := range chunks {
		if c.fourcc != "EXIF" && c.fourcc != "XMP " {
			kept += 8 + c.n + c.n%2
		}
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(kept))...)
	out = append(out, "WEBP"...)
	if _, err := dst.Write(out); err != nil {
		return 0, 0, err
	}
	for i, c := range chunks {
		if c.fourcc == "EXIF" || c.fourcc == "XMP " {
			continue
		}
		r := io.NewSectionReader(src, c.off, 8+c.n+c.n%2)
		if i == 0 && c.fourcc == "VP8X" {
			b := make([]byte, 8+c.n+c.n%2)
			if _, err := io.ReadFull(r, b); err != nil {
				return 0, 0, err
			}
			b[8] &^= webpFlagEXIF | webpFlagXMP
			if _, err := dst.Write(b); err != nil {
				return 0, 0, err
			}
			continue
		}
		if _, err := io.Copy(dst, r); err != nil {
			return 0, 0, err
		}
	}
	return w, h, nil
}

// vp8Size reads the frame size of a lossy VP8 key frame.
func vp8Size(b []byte) (int, int, error) {
	if len(b) < 10 || b[0]&1 != 0 || b[3] != 0x9D || b[4] != 0x01 || b[5] != 0x2A {
		return 0, 0, fmt.Errorf("%w: bad VP8 frame header", errFormat)
	}
	w := int(binary.LittleEndian.Uint16(b[6:8]) & 0x3FFF)
	h := int(binary.LittleEndian.Uint16(b[8:10]) & 0x3FFF)
	if w == 0 || h == 0 {
		return 0, 0, fmt.Errorf("%w: VP8 frame of zero size", errFormat)
	}
	return w, h, nil
}

// vp8lSize reads the image size of a lossless VP8L bitstream.
func vp8lSize(b []byte) (int, int, error) {
	if len(b) < 5 || b[0] != 0x2F {
		return 0, 0, fmt.Errorf("%w: bad VP8L signature", errFormat)
	}
	v := binary.LittleEndian.Uint32(b[1:5])
	if v>>29 != 0 {
		return 0, 0, fmt.Errorf("%w: unknown VP8L version", errFormat)
	}
	return int(v&0x3FFF) + 1, int(v>>14&0x3FFF) + 1, nil
}

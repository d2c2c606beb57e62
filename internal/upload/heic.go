package upload

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// checkHEIC walks the top-level boxes of the HEIC in src (size bytes): the
// first must be ftyp, the sizes must add up to the file exactly, and a
// meta box (which lists the images) must be there. The image itself is
// not decoded: the standard library has no HEVC decoder.
func checkHEIC(src io.ReaderAt, size int64) error {
	sawMeta := false
	for off, i := int64(0), 0; off < size; i++ {
		var hdr [16]byte
		if _, err := src.ReadAt(hdr[:8], off); err != nil {
			return fmt.Errorf("%w: HEIC cut short", errFormat)
		}
		n := int64(binary.BigEndian.Uint32(hdr[0:4]))
		typ := string(hdr[4:8])
		switch n {
		case 0: // the box runs to the end of the file
			n = size - off
		case 1: // a 64-bit size follows the type
			if _, err := src.ReadAt(hdr[8:16], off+8); err != nil {
				return fmt.Errorf("%w: HEIC cut short", errFormat)
			}
			n = int64(binary.BigEndian.Uint64(hdr[8:16]))
			if n < 16 {
				return fmt.Errorf("%w: bad HEIC box size", errFormat)
			}
		}
		if n < 8 || n > size-off {
			return fmt.Errorf("%w: HEIC box %q runs past the end", errFormat, typ)
		}
		if i == 0 && typ != "ftyp" {
			return fmt.Errorf("%w: HEIC does not start with ftyp", errFormat)
		}
		sawMeta = sawMeta || typ == "meta"
		off += n
	}
	if !sawMeta {
		return fmt.Errorf("%w: HEIC without a meta box", errFormat)
	}
	return nil
}

// tiffHeaders are the two spellings of a TIFF header whose first IFD
// follows at offset 8, which is how every EXIF writer lays it out.
var tiffHeaders = [][]byte{
	[]byte("MM\x00\x2a\x00\x00\x00\x08"),
	[]byte("II\x2a\x00\x08\x00\x00\x00"),
}

// maxExif bounds the EXIF block scrubHEIC reads; EXIF in a JPEG must fit
// in 64 KiB and HEIC writers keep to that.
const maxExif = 64 << 10

// scrubHEIC empties the GPS IFD of every EXIF block in the HEIC held by s,
// in place. Finding the EXIF item properly means following the meta box's
// iinf and iloc tables; instead this looks for TIFF headers, which is
// simpler and also catches EXIF wherever a writer put it. A TIFF header by
// chance inside image data would almost never also parse as an IFD with a
// GPS pointer; if it did, a few bytes of one tile would turn grey.
func scrubHEIC(s *spool) error {
	const window = 1 << 20
	buf := make([]byte, window+8)
	for off := int64(0); off < s.size; off += window {
		n, err := s.ReadAt(buf, off)
		if err != nil && err != io.EOF {
			return err
		}
		for _, h := range tiffHeaders {
			for i := 0; ; {
				j := bytes.Index(buf[i:n], h)
				if j < 0 {
					break
				}
				at := off + int64(i+j)
				if err := scrubAt(s, at); err != nil {
					return err
				}
				i += j + 1
			}
		}
	}
	return nil
}

// scrubAt scrubs the GPS IFD of the TIFF starting at offset at of s.
func scrubAt(s *spool, at int64) error {
	b := make([]byte, min(maxExif, s.size-at))
	n, err := s.ReadAt(b, at)
	if err != nil && err != io.EOF {
		return err
	}
	b = b[:n]
	if !scrubGPS(b) {
		return nil
	}
	_, err = s.WriteAt(b, at)
	return err
}

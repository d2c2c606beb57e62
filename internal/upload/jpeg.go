package upload

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// errFormat marks content that does not parse as the type it claims to be.
// Accept turns it into EINVALID.
var errFormat = errors.New("malformed content")

// JPEG markers.
const (
	markerSOS  = 0xDA
	markerEOI  = 0xD9
	markerSOI  = 0xD8
	markerAPP1 = 0xE1
	markerAPP2 = 0xE2
	markerCOM  = 0xFE
)

// stripJPEG copies the JPEG in src to dst, walking every segment, and
// leaves out what can identify the customer or hide something else:
//
//   - the EXIF block (APP1 "Exif"), replaced by one holding only the
//     orientation, so phone photos still show the right way up;
//   - XMP and any other APP1, which repeat the EXIF GPS tags as text;
//   - APP2 other than the ICC colour profile (MPF indexes of the images
//     appended after the end, which are dropped too);
//   - APP3 to APP13 and APP15 (Photoshop IPTC carries city and author),
//     and comments (COM), where HTML/JPEG polyglots keep their HTML;
//   - anything after the end-of-image marker: Motion Photos and depth
//     maps, with their own metadata, live there.
//
// JFIF (APP0) and Adobe (APP14) stay: decoders need them for colour.
// A file whose segments do not parse returns an error wrapping errFormat.
func stripJPEG(dst io.Writer, src io.Reader) error {
	br := bufio.NewReaderSize(src, 64<<10)
	bw := bufio.NewWriterSize(dst, 64<<10)
	var soi [2]byte
	if _, err := io.ReadFull(br, soi[:]); err != nil || soi != [2]byte{0xFF, markerSOI} {
		return fmt.Errorf("%w: no JPEG start marker", errFormat)
	}
	bw.Write(soi[:])
	wroteExif, sawScan := false, false
	// marker is the marker to handle next; 0 means read one.
	var marker byte
	for {
		if marker == 0 {
			m, err := readMarker(br)
			if err != nil {
				return err
			}
			marker = m
		}
		m := marker
		marker = 0
		switch {
		case m == markerEOI:
			if !sawScan {
				return fmt.Errorf("%w: JPEG ends before any image data", errFormat)
			}
			bw.Write([]byte{0xFF, markerEOI})
			return bw.Flush()
		case m == markerSOI:
			return fmt.Errorf("%w: second JPEG start marker", errFormat)
		case m >= 0xD0 && m <= 0xD7, m == 0x01:
			// Markers without a length; restart markers belong in scans.
			bw.Write([]byte{0xFF, m})
			continue
		}
		var lb [2]byte
		if _, err := io.ReadFull(br, lb[:]); err != nil {
			return fmt.Errorf("%w: JPEG cut short", errFormat)
		}
		n := int(binary.BigEndian.Uint16(lb[:]))
		if n < 2 {
			return fmt.Errorf("%w: bad JPEG segment length", errFormat)
		}
		payload := make([]byte, n-2)
		if _, err := io.ReadFull(br, payload); err != nil {
			return fmt.Errorf("%w: JPEG cut short", errFormat)
		}
		switch keepSegment(m, payload) {
		case keep:
			bw.Write([]byte{0xFF, m})
			bw.Write(lb[:])
			bw.Write(payload)
		case replaceExif:
			if wroteExif {
				break
			}
			wroteExif = true
			if o := exifOrientation(payload[6:]); o > 1 {
				ex := minimalExif(o)
				bw.Write([]byte{0xFF, markerAPP1})
				bw.Write(binary.BigEndian.AppendUint16(nil, uint16(len(ex)+2)))
				bw.Write(ex)
			}
		}
		if m == markerSOS {
			sawScan = true
			next, err := copyScan(bw, br)
			if err != nil {
				return err
			}
			if next == 0 {
				// The file ends inside the scan without an end marker.
				// Phones and scanners do this now and then; end it here.
				bw.Write([]byte{0xFF, markerEOI})
				return bw.Flush()
			}
			marker = next
		}
	}
}

type segmentAction int

const (
	drop segmentAction = iota
	keep
	replaceExif
)

// keepSegment decides what stripJPEG does with one segment.
func keepSegment(m byte, payload []byte) segmentAction {
	switch {
	case m == markerAPP1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")):
		return replaceExif
	case m == markerAPP2:
		if bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00")) {
			return keep
		}
		return drop
	case m == 0xE0, m == 0xEE:
		return keep // JFIF, Adobe
	case m >= 0xE1 && m <= 0xEF, m == markerCOM:
		return drop
	}
	return keep
}

// readMarker reads a marker: 0xFF, any fill 0xFF bytes, and the code.
func readMarker(br *bufio.Reader) (byte, error) {
	b, err := br.ReadByte()
	if err != nil {
		return 0, fmt.Errorf("%w: JPEG cut short", errFormat)
	}
	if b != 0xFF {
		return 0, fmt.Errorf("%w: JPEG segment without a marker", errFormat)
	}
	for {
		b, err = br.ReadByte()
		if err != nil {
			return 0, fmt.Errorf("%w: JPEG cut short", errFormat)
		}
		if b != 0xFF {
			break
		}
	}
	if b == 0 {
		return 0, fmt.Errorf("%w: stuffed byte outside a scan", errFormat)
	}
	return b, nil
}

// copyScan copies entropy-coded data after a start-of-scan header up to
// the next marker that is not a restart marker, and returns that marker,
// or 0 at the end of the input.
func copyScan(bw *bufio.Writer, br *bufio.Reader) (byte, error) {
	for {
		chunk, err := br.ReadSlice(0xFF)
		switch {
		case err == nil:
			bw.Write(chunk[:len(chunk)-1])
		case errors.Is(err, bufio.ErrBufferFull):
			bw.Write(chunk)
			continue
		case errors.Is(err, io.EOF):
			bw.Write(chunk)
			return 0, nil
		default:
			return 0, err
		}
		// After 0xFF: skip fill bytes, then look at the code.
		b, err := br.ReadByte()
		for err == nil && b == 0xFF {
			b, err = br.ReadByte()
		}
		if errors.Is(err, io.EOF) {
			return 0, nil
		} else if err != nil {
			return 0, err
		}
		if b == 0x00 || (b >= 0xD0 && b <= 0xD7) {
			bw.Write([]byte{0xFF, b})
			continue
		}
		return b, nil
	}
}

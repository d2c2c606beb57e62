package upload

import (
	"encoding/binary"
	"errors"
)

// EXIF is a small TIFF file inside a photo. Phones write the place a photo
// was taken into its GPS IFD, and the camera's make, model, serial number
// and owner's name into the others. A customer photographing a broken
// kettle at home would hand the shop their home address, so Accept keeps
// only the one tag a browser needs to show the photo the right way up.

// Tags read or written here.
const (
	tagOrientation = 0x0112
	tagGPSIFD      = 0x8825
)

// tiff is a bounds-checked view of an EXIF TIFF structure.
type tiff struct {
	b  []byte
	bo binary.ByteOrder
}

var errNoTIFF = errors.New("upload: not a TIFF structure")

// parseTIFF reads the TIFF header at the start of b.
func parseTIFF(b []byte) (tiff, uint32, error) {
	if len(b) < 8 {
		return tiff{}, 0, errNoTIFF
	}
	var t tiff
	switch string(b[0:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return tiff{}, 0, errNoTIFF
	}
	t.b = b
	if t.bo.Uint16(b[2:4]) != 42 {
		return tiff{}, 0, errNoTIFF
	}
	return t, t.bo.Uint32(b[4:8]), nil
}

// entry is one IFD entry: where it sits in the TIFF and what it says.
type entry struct {
	at    int // offset of the 12-byte entry
	tag   uint16
	typ   uint16
	count uint32
	value []byte // the 4-byte value-or-offset field
}

// maxEntries bounds an IFD; real ones have a few dozen entries.
const maxEntries = 1000

// ifd returns the entries of the IFD at off.
func (t tiff) ifd(off uint32) ([]entry, error) {
	if uint64(off)+2 > uint64(len(t.b)) {
		return nil, errNoTIFF
	}
	n := int(t.bo.Uint16(t.b[off:]))
	if n > maxEntries || int(off)+2+12*n > len(t.b) {
		return nil, errNoTIFF
	}
	es := make([]entry, n)
	for i := range es {
		at := int(off) + 2 + 12*i
		es[i] = entry{
			at:    at,
			tag:   t.bo.Uint16(t.b[at:]),
			typ:   t.bo.Uint16(t.b[at+2:]),
			count: t.bo.Uint32(t.b[at+4:]),
			value: t.b[at+8 : at+12],
		}
	}
	return es, nil
}

// typeSizes is the byte size of each TIFF field type, by type number.
var typeSizes = [...]uint64{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

// data returns the bytes an entry's value occupies, in place, or nil when
// they are out of bounds or of an unknown type.
func (t tiff) data(e entry) []byte {
	if int(e.typ) >= len(typeSizes) || typeSizes[e.typ] == 0 {
		return nil
	}
	n := typeSizes[e.typ] * uint64(e.count)
	if n <= 4 {
		return e.value[:n]
	}
	off := uint64(t.bo.Uint32(e.value))
	if off+n > uint64(len(t.b)) {
		return nil
	}
	return t.b[off : off+n]
}

// exifOrientation returns the Orientation tag of the EXIF TIFF in b, or 0.
func exifOrientation(b []byte) uint16 {
	t, off, err := parseTIFF(b)
	if err != nil {
		return 0
	}
	es, err := t.ifd(off)
	if err != nil {
		return 0
	}
	for _, e := range es {
		if e.tag == tagOrientation && e.typ == 3 && e.count == 1 {
			if o := t.bo.Uint16(e.value); o >= 1 && o <= 8 {
				return o
			}
		}
	}
	return 0
}

// minimalExif returns an APP1 EXIF payload ("Exif\0\0" and a TIFF) that
// holds nothing but orientation.
func minimalExif(orientation uint16) []byte {
	b := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08")
	b = binary.BigEndian.AppendUint16(b, 1) // one entry
	b = binary.BigEndian.AppendUint16(b, tagOrientation)
	b = binary.BigEndian.AppendUint16(b, 3) // SHORT
	b = binary.BigEndian.AppendUint32(b, 1)
	b = binary.BigEndian.AppendUint16(b, orientation)
	b = append(b, 0, 0)       // value padding
	b = append(b, 0, 0, 0, 0) // no next IFD
	return b
}

// scrubGPS empties the GPS IFD of the EXIF TIFF in b, in place and
// without moving anything: each GPS entry and the data it points to are
// zeroed and the IFD's entry count set to 0. It reports whether b held a
// GPS IFD. It is for containers such as HEIC where the EXIF block cannot
// be shortened without rewriting the file's offsets.
func scrubGPS(b []byte) bool {
	t, off, err := parseTIFF(b)
	if err != nil {
		return false
	}
	es, err := t.ifd(off)
	if err != nil {
		return false
	}
	found := false
	for _, e := range es {
		if e.tag != tagGPSIFD || (e.typ != 4 && e.typ != 13) || e.count != 1 {
			continue
		}
		gps := t.bo.Uint32(e.value)
		ges, err := t.ifd(gps)
		if err != nil {
			continue
		}
		// Find every range first: clearing one could change the offset
		// another entry reads.
		var ranges [][]byte
		for _, ge := range ges {
			if d := t.data(ge); d != nil {
				ranges = append(ranges, d)
			}
			ranges = append(ranges, t.b[ge.at:ge.at+12])
		}
		for _, d := range ranges {
			clear(d)
		}
		t.bo.PutUint16(t.b[gps:], 0)
		found = true
	}
	return found
}

// hasGPS reports whether the EXIF TIFF in b has a GPS IFD with entries.
// Tests use it to prove scrubbing.
func hasGPS(b []byte) bool {
	t, off, err := parseTIFF(b)
	if err != nil {
		return false
	}
	es, err := t.ifd(off)
	if err != nil {
		return false
	}
	for _, e := range es {
		if e.tag == tagGPSIFD {
			if ges, err := t.ifd(t.bo.Uint32(e.value)); err == nil && len(ges) > 0 {
				return true
			}
		}
	}
	return false
}

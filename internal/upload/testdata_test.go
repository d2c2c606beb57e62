package upload

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the files in testdata")

// The files in testdata are made by TestTestdata with -update, so that
// each one is reproducible and its oddities are written down here.
// The WebP files are the 1×1 images Modernizr uses to detect WebP
// support, as produced by libwebp.
var testdataFiles = map[string]func() []byte{
	"tiny.jpg":      func() []byte { return encodeJPEG(3, 2) },
	"tiny.png":      func() []byte { return encodePNG(4, 3) },
	"lossy.webp":    func() []byte { return b64("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA") },
	"lossless.webp": func() []byte { return b64("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==") },
	"alpha.webp": func() []byte {
		return b64("UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==")
	},
	"exif.webp": func() []byte { return webpWithExif() },
	"tiny.pdf":  func() []byte { return minimalPDF() },
	"gps.jpg":   func() []byte { return jpegWithGPS() },
	"gps.heic":  func() []byte { return heicWithGPS() },
	"scan.pdf":  func() []byte { return encodePNG(4, 3) }, // a PNG named .pdf
	"page.jpg": func() []byte {
		return []byte("<!DOCTYPE html>\n<html><script>alert(document.cookie)</script></html>\n")
	},
	"archive.zip": func() []byte { return zipFile() },
	"empty.bin":   func() []byte { return nil },
}

func TestTestdata(t *testing.T) {
	t.Parallel()
	for name, gen := range testdataFiles {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, gen(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: %v (run go test -update)", name, err)
		}
	}
}

// MustReadTestdata returns the content of testdata/name.
func MustReadTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func b64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(40 * x), uint8(60 * y), 128, 255})
		}
	}
	return img
}

func encodeJPEG(w, h int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(w, h), &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func encodePNG(w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage(w, h)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// gpsTIFF returns an EXIF TIFF as a phone writes it, in miniature: IFD0
// with Make "Purna", Orientation 6 (rotate 90°) and a GPS IFD placing the
// photo at 6°10'30"S 106°49'0"E.
func gpsTIFF() []byte {
	be := binary.BigEndian
	b := []byte("MM\x00\x2a\x00\x00\x00\x08")
	ent := func(tag, typ uint16, count, value uint32) {
		b = be.AppendUint16(b, tag)
		b = be.AppendUint16(b, typ)
		b = be.AppendUint32(b, count)
		b = be.AppendUint32(b, value)
	}
	// IFD0 at 8: 3 entries, ends at 8+2+36+4 = 50; "Purna\0" at 50.
	b = be.AppendUint16(b, 3)
	ent(0x010F, 2, 6, 50)
	ent(tagOrientation, 3, 1, 6<<16) // SHORT, left-aligned in big-endian
	ent(tagGPSIFD, 4, 1, 56)
	b = be.AppendUint32(b, 0)
	b = append(b, "Purna\x00"...)
	// GPS IFD at 56: 4 entries, ends at 56+2+48+4 = 110.
	b = be.AppendUint16(b, 4)
	ent(1, 2, 2, uint32('S')<<24)
	ent(2, 5, 3, 110)
	ent(3, 2, 2, uint32('E')<<24)
	ent(4, 5, 3, 134)
	b = be.AppendUint32(b, 0)
	for _, v := range []uint32{6, 1, 10, 1, 3000, 100, 106, 1, 49, 1, 0, 1} {
		b = be.AppendUint32(b, v)
	}
	return b
}

// jpegWithGPS is a JPEG with what a phone adds: EXIF with GPS, XMP with
// the same position as text, a comment, and a trailer after the image.
func jpegWithGPS() []byte {
	img := encodeJPEG(3, 2)
	seg := func(marker byte, payload []byte) []byte {
		s := []byte{0xFF, marker}
		s = binary.BigEndian.AppendUint16(s, uint16(len(payload)+2))
		return append(s, payload...)
	}
	out := append([]byte{}, img[:2]...)
	out = append(out, seg(markerAPP1, append([]byte("Exif\x00\x00"), gpsTIFF()...))...)
	out = append(out, seg(markerAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>6,10.5S</exif:GPSLatitude></x:xmpmeta>"))...)
	out = append(out, seg(markerCOM, []byte("<script>alert(1)</script>"))...)
	out = append(out, img[2:]...)
	return append(out, "MOTION-PHOTO-TRAILER"...)
}

// heicWithGPS is the box structure of an iPhone HEIC, cut down: ftyp,
// an empty meta box, and an mdat holding an EXIF item with GPS.
func heicWithGPS() []byte {
	box := func(typ string, payload []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(8+len(payload)))
		return append(append(b, typ...), payload...)
	}
	exif := binary.BigEndian.AppendUint32(nil, 6) // offset of the TIFF header
	exif = append(exif, "Exif\x00\x00"...)
	exif = append(exif, gpsTIFF()...)
	out := box("ftyp", []byte("heic\x00\x00\x00\x00mif1heic"))
	out = append(out, box("meta", make([]byte, 4))...)
	return append(out, box("mdat", append(exif, bytes.Repeat([]byte{0x55}, 64)...))...)
}

// webpWithExif is the lossy 1×1 WebP in an extended container with an EXIF
// chunk holding GPS.
func webpWithExif() []byte {
	lossy := b64("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA")
	chunk := func(fourcc string, payload []byte) []byte {
		b := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))...)
		b = append(b, payload...)
		if len(payload)%2 == 1 {
			b = append(b, 0)
		}
		return b
	}
	vp8x := []byte{webpFlagEXIF, 0, 0, 0, 0, 0, 0, 0, 0, 0} // 1×1 canvas
	body := append([]byte("WEBP"), chunk("VP8X", vp8x)...)
	body = append(body, lossy[12:]...) // the VP8 chunk
	body = append(body, chunk("EXIF", gpsTIFF())...)
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

// minimalPDF is a one-page PDF with a correct cross-reference table.
func minimalPDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>",
	}
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func zipFile() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("photo.jpg")
	w.Write(encodeJPEG(2, 2))
	zw.Close()
	return buf.Bytes()
}

func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

func pngEncode(w io.Writer, img image.Image) error {
	return (&png.Encoder{CompressionLevel: png.NoCompression}).Encode(w, img)
}

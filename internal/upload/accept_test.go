package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/purnajual/purna"
)

// MustAccept accepts content or fails the test.
func MustAccept(tb testing.TB, content []byte, filename string) *Accepted {
	tb.Helper()
	a, err := Accept(bytes.NewReader(content), "photos[0]", filename, "", Limits{})
	if err != nil {
		tb.Fatalf("Accept(%s): %v", filename, err)
	}
	tb.Cleanup(func() { a.Close() })
	return a
}

// MustReadAll returns the cleaned content of a.
func MustReadAll(tb testing.TB, a *Accepted) []byte {
	tb.Helper()
	b, err := io.ReadAll(a.Open())
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestAccept(t *testing.T) {
	t.Parallel()
	big := append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 11<<20)...)
	truncatedPNG := encodePNG(4, 3)
	truncatedPNG = truncatedPNG[:len(truncatedPNG)-20]
	lossy := MustReadTestdata(t, "lossy.webp")
	pdf := MustReadTestdata(t, "tiny.pdf")

	tests := []struct {
		name     string
		content  []byte
		filename string
		declared string
		limits   Limits
		// Either an error code with a message for photos[2]...
		code string
		msg  string
		// ...or what the Blob says.
		typ       string
		kind      Kind
		w, h      int
		filename2 string
	}{
		{name: "jpeg", content: MustReadTestdata(t, "tiny.jpg"), filename: "IMG_0001.JPG", typ: JPEG, kind: Photo, w: 3, h: 2, filename2: "IMG_0001.JPG"},
		{name: "png", content: MustReadTestdata(t, "tiny.png"), filename: "screen.png", typ: PNG, kind: Photo, w: 4, h: 3, filename2: "screen.png"},
		{name: "webp lossy", content: lossy, filename: "a.webp", typ: WebP, kind: Photo, w: 1, h: 1, filename2: "a.webp"},
		{name: "webp lossless", content: MustReadTestdata(t, "lossless.webp"), filename: "b.webp", typ: WebP, kind: Photo, w: 1, h: 1, filename2: "b.webp"},
		{name: "webp extended", content: MustReadTestdata(t, "alpha.webp"), filename: "c", typ: WebP, kind: Photo, w: 1, h: 1, filename2: "c.webp"},
		{name: "heic", content: MustReadTestdata(t, "gps.heic"), filename: "IMG_0002.HEIC", typ: HEIC, kind: Photo, filename2: "IMG_0002.HEIC"},
		{name: "pdf", content: pdf, filename: "C:\\Users\\ana\\Invoice 12.pdf", declared: "application/pdf", typ: PDF, kind: Document, filename2: "Invoice 12.pdf"},
		{name: "png named pdf is a png", content: MustReadTestdata(t, "scan.pdf"), filename: "scan.pdf", declared: "application/pdf", typ: PNG, kind: Photo, w: 4, h: 3, filename2: "scan.png"},
		{name: "png named pdf where only documents go", content: MustReadTestdata(t, "scan.pdf"), filename: "scan.pdf", declared: "application/pdf",
			limits: Limits{Kinds: []Kind{Document}}, code: purna.EINVALID, msg: "must be a PDF (it says application/pdf, but its content is not one)"},
		{name: "pdf where only photos go", content: pdf, filename: "x.pdf", limits: Limits{Kinds: []Kind{Photo}},
			code: purna.EINVALID, msg: "must be a JPEG, PNG, WebP or HEIC photo"},
		{name: "html named jpg", content: MustReadTestdata(t, "page.jpg"), filename: "page.jpg", declared: "image/jpeg",
			code: purna.EINVALID, msg: "must be a JPEG, PNG, WebP or HEIC photo or a PDF (it says image/jpeg, but its content is not one)"},
		{name: "zip", content: MustReadTestdata(t, "archive.zip"), filename: "photos.zip", declared: "application/zip",
			code: purna.EINVALID, msg: "must be a JPEG, PNG, WebP or HEIC photo or a PDF (it says application/zip, but its content is not one)"},
		{name: "empty", content: MustReadTestdata(t, "empty.bin"), filename: "x.jpg", code: purna.EINVALID, msg: "is empty"},
		{name: "11 MiB", content: big, filename: "big.jpg", code: purna.ETOOLARGE, msg: "must be at most 10 MiB"},
		{name: "over a small limit", content: pdf, filename: "x.pdf", limits: Limits{MaxBytes: 100}, code: purna.ETOOLARGE, msg: "must be at most 100 bytes"},
		{name: "too many pixels", content: encodePNG(100, 100), filename: "x.png", limits: Limits{MaxPixels: 5000}, code: purna.ETOOLARGE, msg: "must be at most 0.005 megapixels"},
		{name: "jpeg header then html", content: append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 'J', 'F'}, "<html><script>alert(1)</script>"...),
			filename: "x.jpg", code: purna.EINVALID, msg: "is not a readable JPEG file"},
		{name: "jpeg without frame", content: []byte{0xFF, 0xD8, 0xFF, 0xD9}, filename: "x.jpg", code: purna.EINVALID, msg: "is not a readable JPEG file"},
		{name: "truncated png", content: truncatedPNG, filename: "x.png", code: purna.EINVALID, msg: "is not a readable PNG file"},
		{name: "png with bad crc", content: flip(encodePNG(4, 3), 30), filename: "x.png", code: purna.EINVALID, msg: "is not a readable PNG file"},
		{name: "webp with bytes after it", content: append(bytes.Clone(lossy), "<html>"...), filename: "x.webp", code: purna.EINVALID, msg: "is not a readable WebP file"},
		{name: "webp bad vp8 header", content: flip(lossy, 23), filename: "x.webp", code: purna.EINVALID, msg: "is not a readable WebP file"},
		{name: "pdf without end", content: []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n<html>"), filename: "x.pdf", code: purna.EINVALID, msg: "is not a readable PDF file"},
		{name: "html before pdf", content: append([]byte("<html>"), pdf...), filename: "x.pdf", code: purna.EINVALID},
		{name: "heic without meta", content: []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x08mdat"), filename: "x.heic",
			code: purna.EINVALID, msg: "is not a readable HEIC file"},
		{name: "avif", content: []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), filename: "x.avif", code: purna.EINVALID},
		{name: "gif", content: []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), filename: "x.gif", code: purna.EINVALID},
		{name: "svg", content: []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), filename: "x.svg", declared: "image/svg+xml", code: purna.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, err := Accept(bytes.NewReader(tc.content), "photos[2]", tc.filename, tc.declared, tc.limits)
			if tc.code != "" {
				if got := purna.ErrorCode(err); got != tc.code {
					t.Fatalf("code = %q (%v), want %q", got, err, tc.code)
				}
				fields := purna.ErrorFields(err)
				if _, ok := fields["photos[2]"]; !ok {
					t.Fatalf("fields = %v, want photos[2]", fields)
				}
				if tc.msg != "" && fields["photos[2]"] != tc.msg {
					t.Errorf("message = %q, want %q", fields["photos[2]"], tc.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			b := a.Blob
			if b.ContentType != tc.typ || b.Kind != tc.kind || b.Width != tc.w || b.Height != tc.h || b.Filename != tc.filename2 {
				t.Errorf("blob = %+v, want %s %s %d×%d %q", b, tc.typ, tc.kind, tc.w, tc.h, tc.filename2)
			}
			if !purna.ValidID(b.ID) || b.CreatedAt.IsZero() || a.Field != "photos[2]" {
				t.Errorf("blob = %+v, field %q", b, a.Field)
			}
			content := MustReadAll(t, a)
			sum := sha256.Sum256(content)
			if int64(len(content)) != b.Size || hex.EncodeToString(sum[:]) != b.SHA256 {
				t.Errorf("size/hash do not describe the content")
			}
			if got := sniff(content); got != tc.typ {
				t.Errorf("cleaned content sniffs as %q", got)
			}
		})
	}
}

// flip returns b with byte i inverted.
func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0xFF
	return b
}

func TestAcceptStripsJPEGMetadata(t *testing.T) {
	t.Parallel()
	orig := MustReadTestdata(t, "gps.jpg")
	if !hasGPS(exifOf(t, orig)) {
		t.Fatal("testdata/gps.jpg has no GPS to strip")
	}
	a := MustAccept(t, orig, "gps.jpg")
	got := MustReadAll(t, a)

	ex := exifOf(t, got)
	if hasGPS(ex) {
		t.Error("GPS survived")
	}
	if o := exifOrientation(ex); o != 6 {
		t.Errorf("orientation = %d, want 6", o)
	}
	for _, s := range []string{"Purna", "GPSLatitude", "<script>", "MOTION-PHOTO", "\x00\x00\x0b\xb8"} {
		if bytes.Contains(got, []byte(s)) {
			t.Errorf("cleaned JPEG still contains %q", s)
		}
	}
	if !bytes.HasSuffix(got, []byte{0xFF, 0xD9}) {
		t.Error("cleaned JPEG does not end with EOI")
	}
	// The pixels are untouched.
	want, _, err := image.Decode(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != want.Bounds() || img.At(1, 1) != want.At(1, 1) {
		t.Error("pixels changed")
	}
}

// exifOf returns the TIFF of the first EXIF APP1 segment of a JPEG, or nil.
func exifOf(tb testing.TB, b []byte) []byte {
	tb.Helper()
	i := bytes.Index(b, []byte("Exif\x00\x00"))
	if i < 0 {
		return nil
	}
	return b[i+6:]
}

func TestAcceptJPEGWithoutOrientationLosesExif(t *testing.T) {
	t.Parallel()
	tiffNoOrientation := bytes.Clone(gpsTIFF())
	// Turn the Orientation entry into 1, "upright", which needs no EXIF.
	tiffNoOrientation[8+2+12+9] = 1
	img := encodeJPEG(2, 2)
	payload := append([]byte("Exif\x00\x00"), tiffNoOrientation...)
	seg := append([]byte{0xFF, markerAPP1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	in := append(append(bytes.Clone(img[:2]), seg...), img[2:]...)
	got := MustReadAll(t, MustAccept(t, in, "x.jpg"))
	if bytes.Contains(got, []byte("Exif")) {
		t.Error("EXIF kept although it says nothing a viewer needs")
	}
}

func TestAcceptStripsWebPExif(t *testing.T) {
	t.Parallel()
	orig := MustReadTestdata(t, "exif.webp")
	a := MustAccept(t, orig, "x.webp")
	got := MustReadAll(t, a)
	if bytes.Contains(got, []byte("EXIF")) || bytes.Contains(got, []byte("Purna")) {
		t.Error("EXIF chunk survived")
	}
	if got[20]&webpFlagEXIF != 0 {
		t.Error("VP8X still announces EXIF")
	}
	if a.Blob.Width != 1 || a.Blob.Height != 1 {
		t.Errorf("size = %d×%d", a.Blob.Width, a.Blob.Height)
	}
	// What comes out is a well-formed WebP again.
	if _, _, err := stripWebP(io.Discard, bytes.NewReader(got), int64(len(got))); err != nil {
		t.Error(err)
	}
}

func TestAcceptScrubsHEICGPS(t *testing.T) {
	t.Parallel()
	orig := MustReadTestdata(t, "gps.heic")
	got := MustReadAll(t, MustAccept(t, orig, "x.heic"))
	if len(got) != len(orig) {
		t.Fatalf("size changed from %d to %d: offsets in the file would break", len(orig), len(got))
	}
	ex := exifOf(t, got)
	if hasGPS(ex) {
		t.Error("GPS survived")
	}
	if exifOrientation(ex) != 6 || !bytes.Contains(got, []byte("Purna")) {
		t.Error("scrubbing touched more than the GPS IFD")
	}
	if bytes.Contains(got, []byte{0, 0, 0x0b, 0xb8}) { // 3000, the seconds of latitude
		t.Error("GPS values survived")
	}
}

func TestAcceptStripsPNGText(t *testing.T) {
	t.Parallel()
	png := encodePNG(2, 2)
	text := pngChunk("tEXt", []byte("Comment\x00<script>alert(1)</script>"))
	exif := pngChunk("eXIf", gpsTIFF())
	in := append(append(append(bytes.Clone(png[:33]), text...), exif...), png[33:]...)
	in = append(in, "trailer"...)
	got := MustReadAll(t, MustAccept(t, in, "x.png"))
	if !bytes.Equal(got, png) {
		t.Errorf("got %d bytes, want the %d of the plain PNG", len(got), len(png))
	}
}

func TestAcceptSpoolsLargeFiles(t *testing.T) {
	t.Parallel()
	// Noise does not compress, so this PNG is about 2.5 MB.
	img := image.NewNRGBA(image.Rect(0, 0, 800, 800))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	if err := pngEncode(&buf, img); err != nil {
		t.Fatal(err)
	}
	a := MustAccept(t, buf.Bytes(), "noise.png")
	if a.content.file == nil || a.content.mem != nil {
		t.Fatal("a file over 1 MiB is held in memory")
	}
	name := a.content.file.Name()
	if got := MustReadAll(t, a); !bytes.Equal(got, buf.Bytes()) {
		t.Error("content changed")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestAcceptDescribesAllowedKinds(t *testing.T) {
	t.Parallel()
	_, err := Accept(strings.NewReader("hello"), "proof", "x.txt", "text/plain; charset=utf-8", Limits{Kinds: []Kind{Document}})
	if got := purna.ErrorFields(err)["proof"]; got != "must be a PDF (it says text/plain, but its content is not one)" {
		t.Errorf("message = %q", got)
	}
}

// BenchmarkAcceptJPEG measures Accept on a phone-sized JPEG with EXIF, the
// common upload.
func BenchmarkAcceptJPEG(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32() >> 28 << 4)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	gps := MustReadTestdata(b, "gps.jpg")
	content := append(bytes.Clone(gps[:bytes.Index(gps, []byte{0xFF, 0xDB})]), buf.Bytes()[2:]...)
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		a, err := Accept(bytes.NewReader(content), "photos[0]", "IMG_0001.JPG", "image/jpeg", Limits{})
		if err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}

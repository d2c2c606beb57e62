package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzAccept feeds arbitrary bytes through sniffing and cleaning. Whatever
// is accepted must sniff as the type the Blob says, be described by its
// Size and SHA256, fit the limits, and come out of a second Accept
// unchanged: cleaning is idempotent, so nothing it removes can survive.
func FuzzAccept(f *testing.F) {
	for name := range testdataFiles {
		f.Add(MustReadTestdata(f, name))
	}
	f.Add(encodePNG(1, 1))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xD9})
	f.Add([]byte("%PDF-1.7\n%%EOF"))
	f.Add([]byte("RIFF\x0c\x00\x00\x00WEBPVP8X"))
	limits := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 24}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct := sniff(data)
		if ct != "" && extensions[ct] == nil {
			t.Fatalf("sniff returned unknown type %q", ct)
		}
		a, err := Accept(bytes.NewReader(data), "f", "x", "", limits)
		if err != nil {
			return
		}
		defer a.Close()
		out, err := io.ReadAll(a.Open())
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(out)
		switch {
		case ct == "":
			t.Fatal("accepted content that sniffs as nothing")
		case sniff(out) != a.Blob.ContentType || a.Blob.ContentType != ct:
			t.Fatalf("accepted %s, cleaned content sniffs as %s", ct, sniff(out))
		case int64(len(out)) != a.Blob.Size || hex.EncodeToString(sum[:]) != a.Blob.SHA256:
			t.Fatal("Size or SHA256 do not describe the content")
		case int64(a.Blob.Width)*int64(a.Blob.Height) > limits.MaxPixels:
			t.Fatal("image over MaxPixels accepted")
		}
		again, err := Accept(bytes.NewReader(out), "f", "x", "", limits)
		if err != nil {
			t.Fatalf("cleaned content refused: %v", err)
		}
		defer again.Close()
		if again.Blob.SHA256 != a.Blob.SHA256 {
			out2, _ := io.ReadAll(again.Open())
			t.Fatalf("cleaning is not idempotent: %d bytes, then %d", len(out), len(out2))
		}
	})
}

// FuzzSanitizeFilename checks the display name is never empty, never
// holds a path separator, a control or format character or invalid UTF-8,
// stays within 120 characters, and is stable when sanitised again.
func FuzzSanitizeFilename(f *testing.F) {
	for _, s := range []string{
		"IMG_0001.JPG", `C:\Users\ana\Desktop\bon fiscal.pdf`, "../../etc/passwd", "..", ".", "",
		"photo\u202egpj.exe", "a\x00b\nc\td", "  .hidden  ", strings.Repeat("ș", 200) + ".pdf",
		"facture été 2026.pdf", "\xff\xfe", "con:aux*?.png", strings.Repeat("a", 130) + "." + strings.Repeat("b", 20),
	} {
		f.Add(s, "image/jpeg")
	}
	f.Add("scan.pdf", "image/png")
	f.Fuzz(func(t *testing.T, name, ct string) {
		for _, got := range []string{SanitizeFilename(name), withExtension(SanitizeFilename(name), ct)} {
			switch {
			case got == "":
				t.Fatalf("%q: empty", name)
			case strings.ContainsAny(got, `/\`):
				t.Fatalf("%q: %q has a path separator", name, got)
			case !utf8.ValidString(got):
				t.Fatalf("%q: %q is not UTF-8", name, got)
			case utf8.RuneCountInString(got) > maxFilename:
				t.Fatalf("%q: %q is %d characters", name, got, utf8.RuneCountInString(got))
			case got == "." || got == "..":
				t.Fatalf("%q: %q", name, got)
			}
			for _, r := range got {
				if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
					t.Fatalf("%q: %q has %U", name, got, r)
				}
			}
		}
		if s := SanitizeFilename(name); SanitizeFilename(s) != s {
			t.Fatalf("%q: %q sanitises again to %q", name, s, SanitizeFilename(s))
		}
	})
}

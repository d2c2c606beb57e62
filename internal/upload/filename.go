package upload

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFilename is the longest display name kept, in characters.
const maxFilename = 120

// SanitizeFilename turns the name a browser sent into one that is safe to
// show and to offer as a download name. It drops any folder part (old
// browsers send "C:\Users\…\photo.jpg"), control and bidi-override
// characters (which can make "gpj.exe" read as "exe.jpg"), characters that
// Windows refuses in file names, and leading and trailing dots and spaces;
// it keeps letters of any script, and cuts the name to 120 characters,
// keeping the extension. The result is never empty ("upload" stands in)
// and never contains a path separator.
func SanitizeFilename(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case r == utf8.RuneError, r == 0:
			continue
		case unicode.IsSpace(r):
			// Tabs, newlines and odd spaces become one plain space.
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), !unicode.IsPrint(r):
			continue
		case strings.ContainsRune(`/\:*?"<>|`, r):
			r = '_'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	name = strings.Trim(b.String(), ". ")
	if n := utf8.RuneCountInString(name); n > maxFilename {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 16 {
			ext = ""
		}
		base := []rune(strings.TrimSuffix(name, ext))
		name = strings.TrimRight(string(base[:maxFilename-utf8.RuneCountInString(ext)]), ". ") + ext
		name = strings.Trim(name, ". ")
	}
	if name == "" {
		return "upload"
	}
	return name
}

// withExtension gives name the extension of contentType, so that a PNG
// sent as "scan.pdf" is offered back as "scan.png" and opens in the right
// program. A trailing part of letters and digits with at least one letter
// counts as an extension and is replaced; "IMG 12.05.2024" is kept whole.
func withExtension(name, contentType string) string {
	exts := extensions[contentType]
	if len(exts) == 0 {
		return name
	}
	ext := path.Ext(name)
	for _, e := range exts {
		if strings.EqualFold(ext, e) {
			return name
		}
	}
	if isExtension(ext) && len(ext) < len(name) {
		name = strings.TrimSuffix(name, ext)
	}
	if n := utf8.RuneCountInString(name) + len(exts[0]); n > maxFilename {
		name = strings.TrimRight(string([]rune(name)[:maxFilename-len(exts[0])]), ". ")
		if name == "" {
			name = "upload"
		}
	}
	return name + exts[0]
}

func isExtension(ext string) bool {
	if len(ext) < 2 || len(ext) > 6 {
		return false
	}
	letter := false
	for _, c := range ext[1:] {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

package review

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// The word lists are plain text so that someone who speaks the language can
// edit them without reading Go. Their comments say what was left out and why.
//
//go:embed words/*.txt
var wordFiles embed.FS

// wordList is one language's list, normalised.
type wordList struct {
	words  []string           // every entry, normalised, in file order
	exact  map[string][]entry // collapsed form → entries matched as a whole word
	prefix []entry            // entries written with a trailing *
}

// entry is a normalised list word with its collapsed form and its runs of
// letters, worked out once.
type entry struct {
	word string
	key  string
	runs []run
}

func newEntry(w string) entry { return entry{word: w, key: collapse(w), runs: runs(w)} }

// lists loads the word lists once, on first use.
var lists = sync.OnceValue(func() map[string]*wordList {
	m := map[string]*wordList{}
	for _, locale := range []string{"id", "en", "ro"} {
		b, err := wordFiles.ReadFile("words/" + locale + ".txt")
		if err != nil {
			panic(err) // embedded: cannot happen unless the file is deleted
		}
		l, err := parseWords(b)
		if err != nil {
			panic(fmt.Sprintf("review: words/%s.txt: %v", locale, err))
		}
		m[locale] = l
	}
	return m
})

// parseWords reads a word list: one word per line, # starts a comment.
func parseWords(b []byte) (*wordList, error) {
	l := &wordList{exact: map[string][]entry{}}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		isPrefix := strings.HasSuffix(line, "*")
		w := normalizeWord(strings.TrimSuffix(line, "*"))
		if w == "" || strings.ContainsFunc(line, unicode.IsSpace) {
			return nil, fmt.Errorf("line %d: %q is not one word", n, line)
		}
		// curva and curvă are the same entry once diacritics are folded.
		if seen[w] {
			continue
		}
		seen[w] = true
		l.words = append(l.words, w)
		e := newEntry(w)
		if isPrefix {
			l.prefix = append(l.prefix, e)
		} else {
			l.exact[e.key] = append(l.exact[e.key], e)
		}
	}
	return l, sc.Err()
}

// Profane returns the words of text that are on the profanity list of
// locale or on the English one, as they are written in the list, each once,
// in the order they appear. Unknown locales get the English list only.
//
// Matching is by whole word, so "assessment" and "Scunthorpe" are clean.
// Before matching, text is lower-cased, Romanian (and other Latin)
// diacritics are folded, common leetspeak digits and signs are read as
// letters ("4nj1ng") and letters may be repeated ("anjiiing"). Masking
// with other signs ("f*ck") or spacing letters out is not caught; a person
// reading the moderation queue is the answer to those.
func Profane(locale, text string) []string {
	all := lists()
	check := []*wordList{all["en"]}
	if l, ok := all[locale]; ok && locale != "en" {
		check = append(check, l)
	}
	var found []string
	for _, tok := range tokens(text) {
		w := normalizeWord(tok)
		if w == "" {
			continue
		}
		word := newEntry(w)
		for _, l := range check {
			for _, hit := range l.match(word) {
				if !slices.Contains(found, hit) {
					found = append(found, hit)
				}
			}
		}
	}
	return found
}

// match returns the entries of l that the normalised word w is.
func (l *wordList) match(w entry) []string {
	var hits []string
	for _, e := range l.exact[w.key] {
		if repeats(w.runs, e.runs, false) {
			hits = append(hits, e.word)
		}
	}
	for _, e := range l.prefix {
		if strings.HasPrefix(w.key, e.key) && repeats(w.runs, e.runs, true) {
			hits = append(hits, e.word)
		}
	}
	return hits
}

// tokens splits text into words: runs of letters, digits, combining marks
// and the signs leetspeak uses for letters (@, $).
func tokens(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '@' || r == '$')
	})
}

// normalizeWord lower-cases a word, drops combining marks, folds
// diacritics and reads leetspeak. It returns "" for a word without a single
// real letter: "2024" and "$50" are numbers, not a disguised "zoz4".
func normalizeWord(tok string) string {
	var b strings.Builder
	letters := false
	for _, r := range tok {
		r = unicode.ToLower(r)
		if unicode.Is(unicode.Mn, r) {
			continue // "a" + combining breve, as some keyboards send "ă"
		}
		if f, ok := fold[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) {
			letters = true
		} else if l, ok := leet[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	if !letters {
		return ""
	}
	return b.String()
}

// fold maps letters with diacritics to the plain letter. Romanian first;
// the other Latin accents are there because "fück" is a cheap disguise.
// Both the comma-below letters (ș ț, correct Romanian) and the cedilla ones
// (ş ţ, what old keyboards type) are folded.
var fold = map[rune]rune{
	'ș': 's', 'ş': 's', 'ț': 't', 'ţ': 't', 'ă': 'a', 'â': 'a', 'î': 'i',
	'á': 'a', 'à': 'a', 'ä': 'a', 'å': 'a', 'ã': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'ï': 'i', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n', 'ý': 'y', 'ÿ': 'y',
}

// leet maps the digits and signs people type for letters.
var leet = map[rune]rune{
	'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's',
}

// collapse squeezes runs of the same letter: "anjiiing" → "anjing". Entries
// are looked up by their collapsed form; repeats then checks the runs.
func collapse(w string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range w {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// run is a letter and how many times it is repeated.
type run struct {
	r rune
	n int
}

func runs(w string) []run {
	var out []run
	for _, r := range w {
		if len(out) > 0 && out[len(out)-1].r == r {
			out[len(out)-1].n++
		} else {
			out = append(out, run{r, 1})
		}
	}
	return out
}

// repeats reports whether a word with runs rw is an entry with runs re,
// with some letters typed more often than the entry has them ("shiiit" is
// "shit") but never fewer: "as" is not "ass" and "Niger" is not the slur,
// though both collapse to the same letters. With prefix, the word may go
// on after the entry ("fucking" for "fuck*").
func repeats(rw, re []run, prefix bool) bool {
	if len(rw) < len(re) || !prefix && len(rw) != len(re) {
		return false
	}
	for i, x := range re {
		if rw[i].r != x.r || rw[i].n < x.n {
			return false
		}
	}
	return true
}

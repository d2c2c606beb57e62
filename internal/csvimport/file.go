package csvimport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/purnajual/purna/internal/shop"
	"github.com/purnajual/purna/internal/sqlstore"
)

// ImportFile imports the file at path, gzip-compressed or not (told by its
// first bytes, not its name). It draws a progress line on w, redrawn in
// place, and then prints the summary with the first bad rows.
func ImportFile(ctx context.Context, store *sqlstore.Store, sh *shop.Shop, path string, opts Options, w io.Writer) (*Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("csvimport: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("csvimport: %w", err)
	}
	// Progress counts the file's own bytes, compressed or not.
	raw := &countingReader{r: f}
	br := bufio.NewReaderSize(raw, 64<<10)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("csvimport: %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}

	bar := &progressBar{w: w}
	user := opts.Progress
	opts.Progress = func(p Progress) {
		p.BytesRead, p.BytesTotal = raw.n, st.Size()
		bar.draw(p)
		if user != nil {
			user(p)
		}
	}
	sum, err := Import(ctx, store, sh, r, st.Size(), opts)
	bar.done()
	if sum != nil {
		sum.Print(w, filepath.Base(path))
	}
	return sum, err
}

// progressBar draws "[=====>    ]  42%  230,112 rows  6,512 rows/s  0:35 left"
// on one terminal line.
type progressBar struct {
	w     io.Writer
	drawn bool
}

func (b *progressBar) draw(p Progress) {
	const width = 30
	var line strings.Builder
	line.WriteString("\r")
	if p.BytesTotal > 0 {
		frac := min(float64(p.BytesRead)/float64(p.BytesTotal), 1)
		n := int(frac * width)
		line.WriteString("[" + strings.Repeat("=", n))
		if n < width {
			line.WriteString(">" + strings.Repeat(" ", width-n-1))
		}
		fmt.Fprintf(&line, "] %3d%%", int(frac*100))
	}
	fmt.Fprintf(&line, "  %s rows", group(p.Rows))
	if secs := p.Elapsed.Seconds(); secs > 0 {
		fmt.Fprintf(&line, "  %s rows/s", group(int(float64(p.Rows)/secs)))
	}
	if p.BytesTotal > 0 && p.BytesRead > 0 && p.BytesRead < p.BytesTotal {
		left := time.Duration(float64(p.Elapsed) * float64(p.BytesTotal-p.BytesRead) / float64(p.BytesRead))
		fmt.Fprintf(&line, "  %s left", clock(left))
	}
	line.WriteString("\x1b[K") // clear what a longer previous line left
	io.WriteString(b.w, line.String())
	b.drawn = true
}

func (b *progressBar) done() {
	if b.drawn {
		io.WriteString(b.w, "\n")
	}
}

// Print writes the summary for people: counts, speed, and the first 20
// bad rows by line. Consecutive bad rows with the same reason are shown as
// one range.
func (s *Summary) Print(w io.Writer, name string) {
	rate := ""
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = fmt.Sprintf(" (%s rows/s)", group(int(float64(s.Rows)/secs)))
	}
	fmt.Fprintf(w, "%s: %s rows read in %s%s, %s layout\n", name, group(s.Rows), s.Elapsed.Round(time.Millisecond), rate, s.Layout)
	fmt.Fprintf(w, "%s: %s created, %s updated, %s unchanged\n", s.Kind, group(s.Created), group(s.Updated), group(s.Unchanged))
	if s.BadCount == 0 {
		fmt.Fprintln(w, "bad rows: none")
		return
	}
	fmt.Fprintf(w, "bad rows: %s (not stored)\n", group(s.BadCount))
	shown, rows := 0, 0
	for i := 0; i < len(s.Bad) && shown < 20; shown++ {
		j := i + 1
		for j < len(s.Bad) && s.Bad[j].Reason == s.Bad[i].Reason && s.Bad[j].Line == s.Bad[j-1].Line+1 {
			j++
		}
		if j-i == 1 {
			fmt.Fprintf(w, "  line %d: %s\n", s.Bad[i].Line, s.Bad[i].Reason)
		} else {
			fmt.Fprintf(w, "  lines %d-%d: %s\n", s.Bad[i].Line, s.Bad[j-1].Line, s.Bad[i].Reason)
		}
		rows += j - i
		i = j
	}
	if more := s.BadCount - rows; more > 0 {
		fmt.Fprintf(w, "  … and %s more bad rows\n", group(more))
	}
}

// group writes n with thousands separators: 541,909.
func group(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + group(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clock writes d as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

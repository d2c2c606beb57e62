package upload

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
)

// pngDrop lists the PNG chunks stripPNG leaves out: EXIF (which can hold
// GPS, as in a JPEG) and text chunks (author, comments, and room for a
// polyglot's payload). None of them changes how the image looks.
var pngDrop = map[string]bool{"eXIf": true, "tEXt": true, "zTXt": true, "iTXt": true}

// maxPNGChunk is the largest chunk length the PNG specification allows.
const maxPNGChunk = 1<<31 - 1

// stripPNG copies the PNG in src to dst chunk by chunk, checking each
// chunk's CRC, leaving out pngDrop chunks and anything after IEND.
func stripPNG(dst io.Writer, src io.Reader) error {
	br := bufio.NewReaderSize(src, 64<<10)
	bw := bufio.NewWriterSize(dst, 64<<10)
	sig := make([]byte, 8)
	if _, err := io.ReadFull(br, sig); err != nil || string(sig) != "\x89PNG\r\n\x1a\n" {
		return fmt.Errorf("%w: no PNG signature", errFormat)
	}
	bw.Write(sig)
	var hdr [8]byte
	for first := true; ; first = false {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return fmt.Errorf("%w: PNG cut short", errFormat)
		}
		n := binary.BigEndian.Uint32(hdr[0:4])
		typ := string(hdr[4:8])
		if n > maxPNGChunk {
			return fmt.Errorf("%w: PNG chunk too long", errFormat)
		}
		if first && typ != "IHDR" {
			return fmt.Errorf("%w: PNG does not start with IHDR", errFormat)
		}
		// Read rather than allocate n bytes up front: n is untrusted.
		body, err := io.ReadAll(io.LimitReader(br, int64(n)+4))
		if err != nil {
			return err
		} else if len(body) != int(n)+4 {
			return fmt.Errorf("%w: PNG cut short", errFormat)
		}
		crc := crc32.NewIEEE()
		crc.Write(hdr[4:8])
		crc.Write(body[:n])
		if crc.Sum32() != binary.BigEndian.Uint32(body[n:]) {
			return fmt.Errorf("%w: PNG chunk %q has a bad checksum", errFormat, typ)
		}
		if !pngDrop[typ] {
			bw.Write(hdr[:])
			bw.Write(body)
		}
		if typ == "IEND" {
			return bw.Flush()
		}
	}
}

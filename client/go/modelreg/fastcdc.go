package modelreg

import (
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"math"
)

// FastCDC 2020 (Xia et al., IEEE TPDS 2020) as the Rust fastcdc crate v3 implements it in its
// v2020 module (MIT, Nathan Fiedler), which the Python SDK's native extension uses: the same gear
// table, masks, normalization level 1 and the two-bytes-per-step loop, so that a file is cut at
// the same offsets by every client and its chunks get the same digests. No maintained Go package
// implements this variant (the Go FastCDC packages follow the 2016 paper, with other tables and
// cut rules), so the ~60 lines are ported here; tests/fixtures/native_vectors.json checks them.

// The chunk bounds of a push (client/python/modelreg/transfer.py CHUNK_MIN/AVG/MAX).
const (
	ChunkMin = 256 * 1024
	ChunkAvg = 1024 * 1024
	ChunkMax = 4 * 1024 * 1024
)

// cdcMasks are the crate's MASKS, indexed by the number of bits of the average size.
var cdcMasks = [26]uint64{
	0, 0, 0, 0, 0,
	0x0000000001804110, // unused except for NC 3
	0x0000000001803110, // 64B
	0x0000000018035100, // 128B
	0x0000001800035300, // 256B
	0x0000019000353000, // 512B
	0x0000590003530000, // 1KB
	0x0000d90003530000, // 2KB
	0x0000d90103530000, // 4KB
	0x0000d90303530000, // 8KB
	0x0000d90313530000, // 16KB
	0x0000d90f03530000, // 32KB
	0x0000d90303537000, // 64KB
	0x0000d90703537000, // 128KB
	0x0000d90707537000, // 256KB
	0x0000d91707537000, // 512KB
	0x0000d91747537000, // 1MB
	0x0000d91767537000, // 2MB
	0x0000d93767537000, // 4MB
	0x0000d93777537000, // 8MB
	0x0000d93777577000, // 16MB
	0x0000db3777577000, // unused except for NC 3
}

// gear and gearLS are the crate's GEAR and GEAR_LS tables: gear[i] is the first 8 bytes (big
// endian) of the MD5 of 64 bytes of value i (the C reference's recipe, the crate's table64.rs),
// gearLS[i] is gear[i] << 1.
var gear, gearLS = func() (g, ls [256]uint64) {
	var seed [64]byte
	for i := range 256 {
		for j := range seed {
			seed[j] = byte(i)
		}
		sum := md5.Sum(seed[:])
		g[i] = binary.BigEndian.Uint64(sum[:8])
		ls[i] = g[i] << 1
	}
	return g, ls
}()

// cdcParams are a chunker's sizes and masks (normalization level 1).
type cdcParams struct {
	min, avg, max    int
	maskS, maskL     uint64
	maskSLS, maskLLS uint64
}

// newCDCParams checks the sizes as the crate does (min 64..1 MiB, avg 256..4 MiB, max 1 KiB..16 MiB,
// min <= avg <= max) and derives the masks.
func newCDCParams(minSize, avgSize, maxSize int) (cdcParams, error) {
	if minSize < 64 || minSize > 1<<20 || avgSize < 256 || avgSize > 4<<20 || maxSize < 1024 || maxSize > 16<<20 ||
		minSize > avgSize || avgSize > maxSize {
		return cdcParams{}, fmt.Errorf("modelreg: chunk sizes %d/%d/%d are outside FastCDC's bounds", minSize, avgSize, maxSize)
	}
	bits := int(math.Round(math.Log2(float64(avgSize))))
	p := cdcParams{min: minSize, avg: avgSize, max: maxSize, maskS: cdcMasks[bits+1], maskL: cdcMasks[bits-1]}
	p.maskSLS, p.maskLLS = p.maskS<<1, p.maskL<<1
	return p, nil
}

// cut returns the length of the chunk that starts source: the crate's cut_gear. The harder mask
// (maskS) applies up to avg bytes, the easier one (maskL) after, two bytes per step.
func (p *cdcParams) cut(source []byte) int {
	remaining := len(source)
	if remaining <= p.min {
		return remaining
	}
	center := p.avg
	if remaining > p.max {
		remaining = p.max
	} else if remaining < center {
		center = remaining
	}
	index := p.min / 2
	var hash uint64
	for ; index < center/2; index++ {
		a := index * 2
		hash = hash<<2 + gearLS[source[a]]
		if hash&p.maskSLS == 0 {
			return a
		}
		hash += gear[source[a+1]]
		if hash&p.maskS == 0 {
			return a + 1
		}
	}
	for ; index < remaining/2; index++ {
		a := index * 2
		hash = hash<<2 + gearLS[source[a]]
		if hash&p.maskLLS == 0 {
			return a
		}
		hash += gear[source[a+1]]
		if hash&p.maskL == 0 {
			return a + 1
		}
	}
	return remaining
}

// Chunk is one content-defined chunk of a scanned file.
type Chunk struct {
	Digest string // lowercase hex sha256 of the raw bytes
	Size   int64
	Offset int64 // in the file
}

// cutter cuts a stream fed in blocks, as the native extension's Cutter does: a chunk is cut only
// once max bytes follow its start, the next boundary is in reach or the stream has ended, so the
// cut points are those of cutting each stretch between two boundaries as a file of its own.
type cutter struct {
	params     cdcParams
	carry      []byte
	offset     int64
	chunks     []Chunk
	boundaries []int64 // ascending offsets where a chunk must end, consumed as they are reached
}

// feed cuts what data (after the carry) holds and returns the bytes of the chunks it cut.
func (c *cutter) feed(data []byte, eof bool) int64 {
	buf := data
	if len(c.carry) > 0 {
		buf = append(c.carry, data...)
	}
	base := c.offset
	var done int64
	start := 0
	for start < len(buf) {
		for len(c.boundaries) > 0 && c.boundaries[0] <= base+int64(start) {
			c.boundaries = c.boundaries[1:]
		}
		var stretch int
		switch {
		case len(c.boundaries) > 0 && c.boundaries[0]-base <= int64(len(buf)):
			stretch = int(c.boundaries[0]-base) - start
		case eof, len(buf)-start >= c.params.max:
			stretch = len(buf) - start
		default:
			stretch = -1
		}
		if stretch < 0 {
			break
		}
		n := c.params.cut(buf[start : start+stretch])
		chunk := buf[start : start+n]
		c.chunks = append(c.chunks, Chunk{Digest: SHA256Hex(chunk), Size: int64(n), Offset: c.offset})
		c.offset += int64(n)
		done += int64(n)
		start += n
	}
	c.carry = append(c.carry[:0:0], buf[start:]...)
	return done
}

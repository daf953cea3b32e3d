package modelreg_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// CODEC_BYTEGROUP2_ZSTD / CODEC_BYTEGROUP4_ZSTD: byte k of every 2- or 4-byte word in plane k,
// each plane raw or one zstd frame bounded by raw_size / width, then raw_size % width raw bytes.

const (
	codecGroup2 = modelregv1.Codec_CODEC_BYTEGROUP2_ZSTD
	codecGroup4 = modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD
)

func groupCodec(width int) modelregv1.Codec {
	if width == 2 {
		return codecGroup2
	}
	return codecGroup4
}

func groupWidth(codec modelregv1.Codec) int {
	if codec == codecGroup2 {
		return 2
	}
	return 4
}

// pythonFixture is one chunk the Python codec (client/python/modelreg/codec.py) encoded.
type pythonFixture struct {
	Name  string `json:"name"`
	Codec int32  `json:"codec"`
	Raw   string `json:"raw"`
	Data  string `json:"data"`
}

// pythonFixtures runs the Python codec from .venv: the server's own encoder.
func pythonFixtures(t *testing.T) []pythonFixture {
	t.Helper()
	root := harness.RepoRoot(t)
	script := strings.Join([]string{
		"import json, random, struct",
		"from modelreg import codec",
		"random.seed(5)",
		"def floats(n): return b''.join(struct.pack('<f', random.gauss(0, 0.02)) for _ in range(n))",
		"def halves(n): return b''.join(struct.pack('<e', random.gauss(0, 0.02)) for _ in range(n))",
		"out = []",
		"def add(name, raw, c, data): out.append({'name': name, 'codec': int(c), 'raw': raw.hex(), 'data': data.hex()})",
		"for tail in range(4):",
		"    raw = floats(20000) + bytes(range(0x50, 0x50 + tail))",
		"    add('f32 tail %d' % tail, raw, *codec.encode(raw, 4))",
		"    raw = halves(30000) + bytes(range(0x60, 0x60 + tail % 2))",
		"    add('f16 tail %d' % (tail % 2), raw, *codec.encode(raw, 2))",
		"raw = floats(20000)",
		"add('f32 guessed', raw, *codec.encode(raw))",
		"for width, raw in ((4, b'\\x01\\x02\\x03'), (4, bytes(8)), (2, b'\\x09'), (4, b''), (4, bytes(100000) + b'ab')):",
		"    add('forced width %d size %d' % (width, len(raw)), raw, codec.GROUP_CODECS[width], codec._encode_grouped(raw, width))",
		"print(json.dumps(out))",
	}, "\n")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(root, ".venv", "bin", "python"), "-c", script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python codec fixtures: %v\n%s", err, stderr.String())
	}
	var fixtures []pythonFixture
	if err := json.Unmarshal(out, &fixtures); err != nil {
		t.Fatal(err)
	}
	return fixtures
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeGroupedFromPython(t *testing.T) {
	fixtures := pythonFixtures(t)
	if len(fixtures) < 10 {
		t.Fatalf("only %d fixtures", len(fixtures))
	}
	var sawZstdPlane, sawRawPlane bool
	for _, f := range fixtures {
		raw, data := unhex(t, f.Raw), unhex(t, f.Data)
		codec := modelregv1.Codec(f.Codec)
		if !strings.HasPrefix(f.Name, "forced") {
			want := codecGroup4
			if strings.HasPrefix(f.Name, "f16") {
				want = codecGroup2
			}
			if codec != want {
				t.Fatalf("%s: the Python codec chose %v, not %v", f.Name, codec, want)
			}
			if len(data) >= len(raw) {
				t.Errorf("%s: %d bytes did not compress (%d)", f.Name, len(raw), len(data))
			}
			for _, planeCodec := range planeCodecs(t, data, groupWidth(codec)) {
				sawZstdPlane = sawZstdPlane || planeCodec == byte(codecZstd)
				sawRawPlane = sawRawPlane || planeCodec == byte(codecNone)
			}
		}
		got, err := modelreg.VerifyChunk(modelreg.SHA256Hex(raw), codec, data, int64(len(raw)))
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		if !bytes.Equal(got, raw) {
			t.Errorf("%s: round trip differs", f.Name)
		}
		// One more or one fewer declared byte changes the plane sizes or the tail.
		for _, size := range []int64{int64(len(raw)) + 1, int64(len(raw)) - 1} {
			if size < 0 {
				continue
			}
			_, err := modelreg.DecodeChunk(codec, data, size)
			if err == nil {
				t.Errorf("%s: decoded with raw size %d", f.Name, size)
			} else if r := chunkReason(t, err); r != "CHUNK_SIZE_MISMATCH" && r != "CORRUPT_CHUNK" {
				t.Errorf("%s: raw size %d: reason %s", f.Name, size, r)
			}
		}
	}
	// Exponent planes compress, mantissa planes stay raw: both plane codecs are exercised.
	if !sawZstdPlane || !sawRawPlane {
		t.Fatalf("fixtures lack a plane codec: zstd %v, raw %v", sawZstdPlane, sawRawPlane)
	}
}

// planeCodecs walks a well-formed byte-grouped payload of width planes for their codec bytes.
func planeCodecs(t *testing.T, payload []byte, width int) []byte {
	t.Helper()
	var codecs []byte
	position := 0
	for k := 0; k < width; k++ {
		if position+5 > len(payload) {
			t.Fatalf("payload ends in plane %d", k)
		}
		codecs = append(codecs, payload[position])
		position += 5 + int(binary.BigEndian.Uint32(payload[position+1:]))
	}
	return codecs
}

// groupedPlane is one plane as encoded: its codec byte and body.
type groupedPlane struct {
	codec byte
	body  []byte
}

func joinGrouped(planes []groupedPlane, tail []byte) []byte {
	var out []byte
	for _, p := range planes {
		out = append(out, p.codec)
		out = binary.BigEndian.AppendUint32(out, uint32(len(p.body)))
		out = append(out, p.body...)
	}
	return append(out, tail...)
}

// encodeGrouped is the spec's layout: every plane one zstd frame (zstdPlanes) or raw.
func encodeGrouped(t *testing.T, raw []byte, width int, zstdPlanes bool) []byte {
	t.Helper()
	planeSize := len(raw) / width
	planes := make([]groupedPlane, width)
	for k := range planes {
		plane := make([]byte, planeSize)
		for i := range plane {
			plane[i] = raw[k+width*i]
		}
		if zstdPlanes {
			planes[k] = groupedPlane{byte(codecZstd), zstdFrameOf(t, plane)}
		} else {
			planes[k] = groupedPlane{byte(codecNone), plane}
		}
	}
	return joinGrouped(planes, raw[planeSize*width:])
}

// zstdFrameOf is one zstd frame declaring its content size, whatever the data (empty included).
func zstdFrameOf(t *testing.T, data []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil, zstd.WithZeroFrames(true), zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	return enc.EncodeAll(data, nil)
}

// floats32 is float32 weights around 0 (little-endian) plus tail extra bytes.
func floats32(count, tail int) []byte {
	out := make([]byte, 0, count*4+tail)
	x := uint32(3)
	for i := 0; i < count; i++ {
		x = (x*1103515245 + 12345) & 0x7fffffff
		v := (float64(x)/2147483648.0 - 0.5) * 0.04
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(float32(v)))
	}
	for i := 0; i < tail; i++ {
		out = append(out, byte(0x50+i))
	}
	return out
}

func TestDecodeGroupedHandBuilt(t *testing.T) {
	for _, width := range []int{2, 4} {
		for tail := 0; tail < width; tail++ {
			raw := floats32(5000, tail)
			for _, zstdPlanes := range []bool{true, false} {
				payload := encodeGrouped(t, raw, width, zstdPlanes)
				got, err := modelreg.VerifyChunk(modelreg.SHA256Hex(raw), groupCodec(width), payload, int64(len(raw)))
				if err != nil || !bytes.Equal(got, raw) {
					t.Errorf("width %d tail %d zstd planes %v: %v", width, tail, zstdPlanes, err)
				}
			}
		}
	}
	// Smaller than one word: empty planes and only the tail.
	for _, raw := range [][]byte{{}, {1}, {1, 2, 3}} {
		for _, zstdPlanes := range []bool{true, false} {
			got, err := modelreg.DecodeChunk(codecGroup4, encodeGrouped(t, raw, 4, zstdPlanes), int64(len(raw)))
			if err != nil || !bytes.Equal(got, raw) {
				t.Errorf("%d bytes, zstd planes %v: %x %v", len(raw), zstdPlanes, got, err)
			}
		}
	}
}

func TestDecodeGroupedCorruptInput(t *testing.T) {
	raw := floats32(5000, 1)
	size := int64(len(raw))
	planeSize := len(raw) / 4
	good := encodeGrouped(t, raw, 4, true)
	goodRaw := encodeGrouped(t, raw, 4, false)
	if _, err := modelreg.DecodeChunk(codecGroup4, good, size); err != nil {
		t.Fatal(err)
	}
	firstLen := int(binary.BigEndian.Uint32(good[1:5]))
	planes := func(mutate func(k int, p *groupedPlane)) []byte {
		out := make([]groupedPlane, 4)
		for k := range out {
			plane := make([]byte, planeSize)
			for i := range plane {
				plane[i] = raw[k+4*i]
			}
			out[k] = groupedPlane{byte(codecNone), plane}
			mutate(k, &out[k])
		}
		return joinGrouped(out, raw[planeSize*4:])
	}
	withLength := func(payload []byte, length uint32) []byte {
		p := bytes.Clone(payload)
		binary.BigEndian.PutUint32(p[1:5], length)
		return p
	}
	withCodec := func(payload []byte, codec byte) []byte {
		p := bytes.Clone(payload)
		p[0] = codec
		return p
	}
	cases := []struct {
		name    string
		codec   modelregv1.Codec
		payload []byte
		size    int64
		reasons []string
	}{
		{"empty payload", codecGroup4, nil, size, []string{"CORRUPT_CHUNK"}},
		{"cut in the first plane header", codecGroup4, good[:3], size, []string{"CORRUPT_CHUNK"}},
		{"cut in the first plane", codecGroup4, good[:5+firstLen/2], size, []string{"CORRUPT_CHUNK"}},
		{"cut at half", codecGroup4, good[:len(good)/2], size, []string{"CORRUPT_CHUNK"}},
		{"cut in the last plane", codecGroup4, good[:len(good)-3], size, []string{"CORRUPT_CHUNK"}},
		{"raw planes cut at half", codecGroup4, goodRaw[:len(goodRaw)/2], size, []string{"CORRUPT_CHUNK"}},
		{"no tail", codecGroup4, good[:len(good)-1], size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"extra trailing byte", codecGroup4, append(bytes.Clone(good), 0), size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"raw planes, extra trailing bytes", codecGroup4, append(bytes.Clone(goodRaw), 1, 2, 3, 4), size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"declared 4 bytes more", codecGroup4, good, size + 4, []string{"CHUNK_SIZE_MISMATCH"}},
		{"declared 4 bytes fewer", codecGroup4, good, size - 4, []string{"CHUNK_SIZE_MISMATCH"}},
		{"raw planes declared 4 bytes more", codecGroup4, goodRaw, size + 4, []string{"CHUNK_SIZE_MISMATCH"}},
		{"wrong width", codecGroup2, good, size, []string{"CHUNK_SIZE_MISMATCH", "CORRUPT_CHUNK"}},
		{"plane codec 0", codecGroup4, withCodec(good, 0), size, []string{"CORRUPT_CHUNK"}},
		{"plane codec 3", codecGroup4, withCodec(good, 3), size, []string{"CORRUPT_CHUNK"}},
		{"plane codec 9", codecGroup4, withCodec(good, 9), size, []string{"CORRUPT_CHUNK"}},
		{"plane codec raw for a zstd plane", codecGroup4, withCodec(good, byte(codecNone)), size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"plane codec zstd for a raw plane", codecGroup4, withCodec(goodRaw, byte(codecZstd)), size, []string{"CORRUPT_CHUNK"}},
		{"plane length past the payload", codecGroup4, withLength(good, 0xFF000000|uint32(firstLen)), size, []string{"CORRUPT_CHUNK"}},
		{"plane length 2^32-1", codecGroup4, withLength(good, 0xFFFFFFFF), size, []string{"CORRUPT_CHUNK"}},
		{"plane length one byte short", codecGroup4, withLength(good, uint32(firstLen-1)), size, []string{"CORRUPT_CHUNK"}},
		{"plane length one byte long", codecGroup4, withLength(good, uint32(firstLen+1)), size, []string{"CORRUPT_CHUNK"}},
		{"raw plane one byte short", codecGroup4, planes(func(k int, p *groupedPlane) {
			if k == 2 {
				p.body = p.body[:len(p.body)-1]
			}
		}), size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"raw plane one byte long", codecGroup4, planes(func(k int, p *groupedPlane) {
			if k == 1 {
				p.body = append(bytes.Clone(p.body), 0)
			}
		}), size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"zstd plane of the wrong size", codecGroup4, planes(func(k int, p *groupedPlane) {
			if k == 3 {
				*p = groupedPlane{byte(codecZstd), zstdFrameOf(t, append(bytes.Clone(p.body), 1))}
			}
		}), size, []string{"CHUNK_SIZE_MISMATCH"}},
		{"zstd plane with data after the frame", codecGroup4, planes(func(k int, p *groupedPlane) {
			if k == 0 {
				*p = groupedPlane{byte(codecZstd), append(zstdFrameOf(t, p.body), 0)}
			}
		}), size, []string{"CORRUPT_CHUNK"}},
		{"zstd plane of two frames", codecGroup4, planes(func(k int, p *groupedPlane) {
			if k == 0 {
				*p = groupedPlane{byte(codecZstd), append(zstdFrameOf(t, p.body), zstdFrameOf(t, nil)...)}
			}
		}), size, []string{"CORRUPT_CHUNK"}},
		{"zstd plane that is garbage", codecGroup4, planes(func(k int, p *groupedPlane) {
			if k == 1 {
				*p = groupedPlane{byte(codecZstd), []byte("definitely not zstd")}
			}
		}), size, []string{"CORRUPT_CHUNK"}},
	}
	for _, c := range cases {
		got, err := modelreg.DecodeChunk(c.codec, c.payload, c.size)
		if err == nil {
			t.Errorf("%s: decoded %d bytes", c.name, len(got))
			continue
		}
		r := chunkReason(t, err)
		ok := false
		for _, want := range c.reasons {
			ok = ok || r == want
		}
		if !ok {
			t.Errorf("%s: reason %s, want %v (%v)", c.name, r, c.reasons, err)
		}
	}
	// Raw sizes outside 0..MaxChunkSize are refused before anything is read.
	for _, size := range []int64{-1, modelreg.MaxChunkSize + 1} {
		_, err := modelreg.DecodeChunk(codecGroup2, good, size)
		if r := chunkReason(t, err); r != "CHUNK_TOO_LARGE" {
			t.Errorf("size %d: reason %s", size, r)
		}
	}
	// A flipped byte anywhere never yields bytes that pass verification.
	digest := modelreg.SHA256Hex(raw)
	for _, payload := range [][]byte{good, goodRaw} {
		for _, position := range []int{0, 2, 4, 5, 20, len(payload) / 3, len(payload) / 2, len(payload) - 2, len(payload) - 1} {
			corrupt := bytes.Clone(payload)
			corrupt[position] ^= 0xff
			_, err := modelreg.VerifyChunk(digest, codecGroup4, corrupt, size)
			if err == nil {
				t.Errorf("flipped byte %d verified", position)
				continue
			}
			if r := chunkReason(t, err); r != "CORRUPT_CHUNK" && r != "CHUNK_SIZE_MISMATCH" && r != "CHUNK_DIGEST_MISMATCH" {
				t.Errorf("flipped byte %d: reason %s", position, r)
			}
		}
	}
}

// A plane whose zstd frame declares 16 MiB inside a chunk of 8 raw bytes is refused on its header,
// and a plane frame whose blocks produce more than it declares stops at the plane's bound.
func TestDecodeGroupedPlaneBomb(t *testing.T) {
	bomb := zstdFrameOf(t, make([]byte, modelreg.MaxChunkSize))
	if len(bomb) > 4096 {
		t.Fatalf("bomb frame unexpectedly large: %d", len(bomb))
	}
	payload := joinGrouped([]groupedPlane{{byte(codecZstd), bomb}}, nil)
	started := time.Now()
	_, err := modelreg.DecodeChunk(codecGroup4, payload, 8)
	if r := chunkReason(t, err); r != "CHUNK_SIZE_MISMATCH" {
		t.Fatalf("bomb plane: reason %s", r)
	}

	// A frame of 1000 bytes whose header is rewritten to declare 300: plane size 300, width 2.
	frame := zstdFrameOf(t, bytes.Repeat([]byte{0x42}, 1000))
	fhd := frame[4]
	pos := 5
	if fhd&0x20 == 0 {
		pos++
	}
	pos += []int{0, 1, 2, 4}[fhd&3]
	if fhd>>6 != 1 {
		t.Fatalf("expected a 2-byte content size field, descriptor %#x", fhd)
	}
	binary.LittleEndian.PutUint16(frame[pos:], 300-256)
	lying := joinGrouped([]groupedPlane{{byte(codecZstd), frame}, {byte(codecNone), make([]byte, 300)}}, nil)
	got, err := modelreg.DecodeChunk(codecGroup2, lying, 600)
	if err == nil {
		t.Fatalf("decoded %d bytes from a lying plane", len(got))
	}
	if r := chunkReason(t, err); r != "CORRUPT_CHUNK" && r != "CHUNK_SIZE_MISMATCH" {
		t.Fatalf("lying plane: reason %s", r)
	}
	if elapsed := time.Since(started); elapsed > 10*time.Second {
		t.Fatalf("bombs took %s", elapsed)
	}
}

func ExampleDecodeChunk_byteGrouped() {
	// Two float32 words (1.0 and -2.0, little-endian) byte-grouped with raw planes, no tail.
	payload := []byte{
		1, 0, 0, 0, 2, 0x00, 0x00, // plane 0: byte 0 of each word
		1, 0, 0, 0, 2, 0x00, 0x00, // plane 1
		1, 0, 0, 0, 2, 0x80, 0x00, // plane 2
		1, 0, 0, 0, 2, 0x3f, 0xc0, // plane 3: sign and exponent
	}
	raw, err := modelreg.DecodeChunk(modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD, payload, 8)
	fmt.Printf("% x %v\n", raw, err)
	// Output: 00 00 80 3f 00 00 00 c0 <nil>
}

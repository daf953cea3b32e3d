package modelreg_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/klauspost/compress/zstd"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

const (
	codecNone = modelregv1.Codec_CODEC_NONE
	codecZstd = modelregv1.Codec_CODEC_ZSTD
)

func chunkReason(t *testing.T, err error) string {
	t.Helper()
	var ce *modelreg.ChunkError
	if !errors.As(err, &ce) {
		t.Fatalf("want a *ChunkError, got %v", err)
	}
	return ce.Reason
}

func zstdFrame(t *testing.T, raw []byte) []byte {
	t.Helper()
	codec, payload, err := modelreg.EncodeChunk(raw)
	if err != nil {
		t.Fatal(err)
	}
	if codec != codecZstd {
		t.Fatalf("%d bytes did not compress", len(raw))
	}
	return payload
}

func TestDecodeChunkRoundTrip(t *testing.T) {
	for _, raw := range [][]byte{
		bytes.Repeat([]byte("token\n"), 20000),
		make([]byte, 1<<20),
		bytes.Repeat([]byte{7}, 1),
	} {
		codec, payload, err := modelreg.EncodeChunk(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := modelreg.VerifyChunk(modelreg.SHA256Hex(raw), codec, payload, int64(len(raw)))
		if err != nil {
			t.Fatalf("%d bytes (codec %v): %v", len(raw), codec, err)
		}
		if !bytes.Equal(got, raw) {
			t.Fatalf("%d bytes: round trip differs", len(raw))
		}
	}
}

func TestDecodeChunkRaw(t *testing.T) {
	raw := []byte("incompressible? short anyway")
	codec, payload, err := modelreg.EncodeChunk(raw)
	if err != nil || codec != codecNone {
		t.Fatalf("short data should stay raw: %v %v", codec, err)
	}
	if got, err := modelreg.DecodeChunk(codecNone, payload, int64(len(raw))); err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("raw decode: %q %v", got, err)
	}
	_, err = modelreg.DecodeChunk(codecNone, payload, int64(len(raw))+1)
	if r := chunkReason(t, err); r != "CHUNK_SIZE_MISMATCH" {
		t.Fatalf("reason %s", r)
	}
}

func TestDecodeChunkEmpty(t *testing.T) {
	frame := zstdFrameAllowEmpty(t)
	got, err := modelreg.VerifyChunk(modelreg.SHA256Hex(nil), codecZstd, frame, 0)
	if err != nil || len(got) != 0 {
		t.Fatalf("empty zstd frame: %d bytes, %v", len(got), err)
	}
}

func zstdFrameAllowEmpty(t *testing.T) []byte {
	enc, err := zstd.NewWriter(nil, zstd.WithZeroFrames(true))
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	frame := enc.EncodeAll(nil, nil)
	if len(frame) == 0 {
		t.Fatal("no frame for empty input")
	}
	return frame
}

func TestDecodeChunkRejectsUndeclaredContentSize(t *testing.T) {
	raw := bytes.Repeat([]byte("abc"), 400000)
	var buf bytes.Buffer
	// Streaming with a window smaller than the input: the frame does not declare its size.
	w, err := zstd.NewWriter(&buf, zstd.WithWindowSize(1<<17))
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	w.Close()
	var h zstd.Header
	if err := h.Decode(buf.Bytes()); err != nil || h.HasFCS {
		t.Fatalf("test frame should lack a content size: %+v %v", h, err)
	}
	_, err = modelreg.DecodeChunk(codecZstd, buf.Bytes(), int64(len(raw)))
	if r := chunkReason(t, err); r != "CORRUPT_CHUNK" {
		t.Fatalf("reason %s", r)
	}
}

func TestDecodeChunkChecksDeclaredSizeFirst(t *testing.T) {
	raw := make([]byte, 4<<20) // 4 MiB of zeros: a tiny frame
	frame := zstdFrame(t, raw)
	if len(frame) > 4096 {
		t.Fatalf("frame unexpectedly large: %d", len(frame))
	}
	for _, claimed := range []int64{10, 4<<20 - 1, 4<<20 + 1} {
		_, err := modelreg.DecodeChunk(codecZstd, frame, claimed)
		if r := chunkReason(t, err); r != "CHUNK_SIZE_MISMATCH" {
			t.Fatalf("claimed %d: reason %s", claimed, r)
		}
	}
}

func TestDecodeChunkBombAboveLimit(t *testing.T) {
	// A frame that truthfully declares 17 MiB: refused from its size alone.
	frame := zstdFrame(t, make([]byte, modelreg.MaxChunkSize+1<<20))
	_, err := modelreg.DecodeChunk(codecZstd, frame, modelreg.MaxChunkSize+1<<20)
	if r := chunkReason(t, err); r != "CHUNK_TOO_LARGE" {
		t.Fatalf("reason %s", r)
	}
	for _, size := range []int64{-1, modelreg.MaxChunkSize + 1} {
		_, err := modelreg.DecodeChunk(codecNone, nil, size)
		if r := chunkReason(t, err); r != "CHUNK_TOO_LARGE" {
			t.Fatalf("size %d: reason %s", size, r)
		}
	}
}

// A frame whose header lies (declares fewer bytes than its blocks hold) must not decode past the
// declared size.
func TestDecodeChunkLyingHeader(t *testing.T) {
	raw := bytes.Repeat([]byte{0x42}, 1000)
	frame := zstdFrame(t, raw)
	fhd := frame[4]
	fcsFlag, single, dictFlag := fhd>>6, fhd&0x20 != 0, fhd&3
	pos := 5
	if !single {
		pos++
	}
	pos += []int{0, 1, 2, 4}[dictFlag]
	if fcsFlag != 1 {
		t.Fatalf("expected a 2-byte content size field, flag %d", fcsFlag)
	}
	if got := int(binary.LittleEndian.Uint16(frame[pos:])) + 256; got != 1000 {
		t.Fatalf("parsed content size %d", got)
	}
	lying := bytes.Clone(frame)
	binary.LittleEndian.PutUint16(lying[pos:], 300-256)
	got, err := modelreg.DecodeChunk(codecZstd, lying, 300)
	if err == nil {
		t.Fatalf("decoded %d bytes from a lying frame", len(got))
	}
	if r := chunkReason(t, err); r != "CORRUPT_CHUNK" && r != "CHUNK_SIZE_MISMATCH" {
		t.Fatalf("reason %s", r)
	}
}

func TestDecodeChunkCorruptInput(t *testing.T) {
	raw := bytes.Repeat([]byte("weights "), 50000)
	frame := zstdFrame(t, raw)
	size := int64(len(raw))
	second := zstdFrame(t, []byte(bytes.Repeat([]byte("x"), 100)))
	cases := map[string][]byte{
		"garbage":          []byte("definitely not zstd"),
		"empty":            {},
		"truncated":        frame[:len(frame)/2],
		"trailing-garbage": append(bytes.Clone(frame), 0, 1, 2, 3),
		"two-frames":       append(bytes.Clone(frame), second...),
		"skippable":        {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4},
	}
	for name, payload := range cases {
		_, err := modelreg.DecodeChunk(codecZstd, payload, size)
		if r := chunkReason(t, err); r != "CORRUPT_CHUNK" {
			t.Errorf("%s: reason %s (%v)", name, r, err)
		}
	}
	// Flipped bits inside the compressed data: either not decodable or caught by the digest.
	flipped := bytes.Clone(frame)
	flipped[len(flipped)/2] ^= 0xff
	_, err := modelreg.VerifyChunk(modelreg.SHA256Hex(raw), codecZstd, flipped, size)
	if r := chunkReason(t, err); r != "CORRUPT_CHUNK" && r != "CHUNK_DIGEST_MISMATCH" && r != "CHUNK_SIZE_MISMATCH" {
		t.Fatalf("flipped: reason %s", r)
	}
	_, err = modelreg.DecodeChunk(modelregv1.Codec_CODEC_UNSPECIFIED, raw, size)
	if r := chunkReason(t, err); r != "INVALID_CODEC" {
		t.Fatalf("unspecified codec: reason %s", r)
	}
	_, err = modelreg.DecodeChunk(modelregv1.Codec(9), raw, size)
	if r := chunkReason(t, err); r != "INVALID_CODEC" {
		t.Fatalf("unknown codec: reason %s", r)
	}
}

func TestVerifyChunkDigestMismatch(t *testing.T) {
	raw := []byte("the real bytes")
	_, err := modelreg.VerifyChunk(modelreg.SHA256Hex([]byte("other bytes")), codecNone, raw, int64(len(raw)))
	if r := chunkReason(t, err); r != "CHUNK_DIGEST_MISMATCH" {
		t.Fatalf("reason %s", r)
	}
}

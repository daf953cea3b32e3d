package modelreg

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// MaxChunkSize is the largest raw chunk the client accepts (the same limit as the server's).
const MaxChunkSize = 16 * 1024 * 1024

// minSaving is the fraction compression must save for EncodeChunk to keep it.
const minSaving = 0.02

// ChunkError is a chunk whose bytes are not what it claims. Reason is the ErrorInfo-style reason:
// CORRUPT_CHUNK, CHUNK_SIZE_MISMATCH, CHUNK_DIGEST_MISMATCH, CHUNK_TOO_LARGE or INVALID_CODEC.
type ChunkError struct {
	Reason string
	Msg    string
}

func (e *ChunkError) Error() string { return fmt.Sprintf("%s [%s]", e.Msg, e.Reason) }

func chunkErr(reason, format string, args ...any) *ChunkError {
	return &ChunkError{Reason: reason, Msg: fmt.Sprintf(format, args...)}
}

var (
	decoderOnce sync.Once
	decoder     *zstd.Decoder
	decoderErr  error
	encoderOnce sync.Once
	encoder     *zstd.Encoder
	encoderErr  error
)

func zstdDecoder() (*zstd.Decoder, error) {
	decoderOnce.Do(func() {
		// DecodeAll never writes past cap(dst), which DecodeChunk sets to the declared raw size,
		// and never more than MaxChunkSize in any case.
		decoder, decoderErr = zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(2),
			zstd.WithDecoderMaxMemory(MaxChunkSize),
			zstd.WithDecoderMaxWindow(MaxChunkSize),
			zstd.WithDecodeAllCapLimit(true))
	})
	return decoder, decoderErr
}

func zstdEncoder() (*zstd.Encoder, error) {
	encoderOnce.Do(func() {
		encoder, encoderErr = zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderConcurrency(1),
			zstd.WithZeroFrames(true))
	})
	return encoder, encoderErr
}

// SHA256Hex is the lowercase hex sha256 of data, the form of every chunk and file digest.
func SHA256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// EncodeChunk encodes raw bytes for the wire: one zstd frame declaring its content size when that
// saves at least 2%, else the raw bytes.
func EncodeChunk(raw []byte) (modelregv1.Codec, []byte, error) {
	enc, err := zstdEncoder()
	if err != nil {
		return 0, nil, err
	}
	compressed := enc.EncodeAll(raw, make([]byte, 0, len(raw)/2+64))
	if float64(len(compressed)) <= float64(len(raw))*(1-minSaving) {
		return modelregv1.Codec_CODEC_ZSTD, compressed, nil
	}
	return modelregv1.Codec_CODEC_NONE, append([]byte(nil), raw...), nil
}

// DecodeChunk decodes a chunk's payload, refusing anything that does not yield exactly rawSize
// bytes. Decoding is bounded by rawSize: a zstd frame must declare its content size, that size must
// equal rawSize (checked before any byte is decompressed), the output can never grow past it, and
// no data may follow the one frame. Byte-grouped chunks (CODEC_BYTEGROUP2_ZSTD,
// CODEC_BYTEGROUP4_ZSTD) hold 2 or 4 planes, each raw or one such frame bounded by rawSize/width,
// then rawSize%width trailing bytes. Errors are *ChunkError.
func DecodeChunk(codec modelregv1.Codec, payload []byte, rawSize int64) ([]byte, error) {
	if rawSize < 0 || rawSize > MaxChunkSize {
		return nil, chunkErr("CHUNK_TOO_LARGE", "raw size %d is outside 0..%d", rawSize, MaxChunkSize)
	}
	switch codec {
	case modelregv1.Codec_CODEC_NONE:
		if int64(len(payload)) != rawSize {
			return nil, chunkErr("CHUNK_SIZE_MISMATCH", "raw chunk has %d bytes, declared %d", len(payload), rawSize)
		}
		return payload, nil
	case modelregv1.Codec_CODEC_ZSTD:
		return decodeZstd(payload, rawSize)
	case modelregv1.Codec_CODEC_BYTEGROUP2_ZSTD:
		return decodeGrouped(payload, rawSize, 2)
	case modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD:
		return decodeGrouped(payload, rawSize, 4)
	default:
		return nil, chunkErr("INVALID_CODEC", "unknown codec %d", int32(codec))
	}
}

// VerifyChunk decodes a chunk with DecodeChunk and checks that the result hashes to digest.
func VerifyChunk(digest string, codec modelregv1.Codec, payload []byte, rawSize int64) ([]byte, error) {
	raw, err := DecodeChunk(codec, payload, rawSize)
	if err != nil {
		return nil, err
	}
	if actual := SHA256Hex(raw); actual != digest {
		return nil, chunkErr("CHUNK_DIGEST_MISMATCH", "chunk data hashes to %s, not %s", actual, digest)
	}
	return raw, nil
}

// planeHeaderSize is a byte-grouped plane's header: a 1-byte plane codec and a 4-byte big-endian
// length.
const planeHeaderSize = 5

// decodeGrouped decodes CODEC_BYTEGROUP2_ZSTD / CODEC_BYTEGROUP4_ZSTD: for each of width planes a
// plane header and the plane's bytes (raw, or one zstd frame declaring rawSize/width bytes), then
// rawSize%width trailing raw bytes. Plane k holds byte k of every width-byte word. Every size is
// checked against rawSize, and zstd planes are decoded with decodeZstd's bounds.
func decodeGrouped(payload []byte, rawSize int64, width int) ([]byte, error) {
	planeSize := rawSize / int64(width)
	out := make([]byte, rawSize)
	position := 0
	for k := 0; k < width; k++ {
		if len(payload)-position < planeHeaderSize {
			return nil, chunkErr("CORRUPT_CHUNK", "byte-grouped chunk is truncated")
		}
		planeCodec := payload[position]
		length := uint64(binary.BigEndian.Uint32(payload[position+1:]))
		position += planeHeaderSize
		if length > uint64(len(payload)-position) {
			return nil, chunkErr("CORRUPT_CHUNK", "byte-grouped chunk is truncated")
		}
		data := payload[position : position+int(length)]
		position += int(length)
		var plane []byte
		switch modelregv1.Codec(planeCodec) {
		case modelregv1.Codec_CODEC_ZSTD:
			var err error
			if plane, err = decodeZstd(data, planeSize); err != nil {
				return nil, err
			}
		case modelregv1.Codec_CODEC_NONE:
			plane = data
		default:
			return nil, chunkErr("CORRUPT_CHUNK", "unknown plane codec %d", planeCodec)
		}
		if int64(len(plane)) != planeSize {
			return nil, chunkErr("CHUNK_SIZE_MISMATCH", "plane %d has %d bytes, expected %d", k, len(plane), planeSize)
		}
		for i, b := range plane {
			out[k+width*i] = b
		}
	}
	whole := planeSize * int64(width)
	tail := payload[position:]
	if int64(len(tail)) != rawSize-whole {
		return nil, chunkErr("CHUNK_SIZE_MISMATCH", "byte-grouped chunk decodes to a different size than %d", rawSize)
	}
	copy(out[whole:], tail)
	return out, nil
}

func decodeZstd(payload []byte, rawSize int64) ([]byte, error) {
	var header zstd.Header
	if err := header.Decode(payload); err != nil {
		return nil, chunkErr("CORRUPT_CHUNK", "chunk is not a zstd frame: %v", err)
	}
	if header.Skippable {
		return nil, chunkErr("CORRUPT_CHUNK", "chunk is a skippable zstd frame")
	}
	if !header.HasFCS {
		return nil, chunkErr("CORRUPT_CHUNK", "zstd frame does not declare its content size")
	}
	if header.FrameContentSize != uint64(rawSize) {
		return nil, chunkErr("CHUNK_SIZE_MISMATCH", "zstd frame declares %d bytes, chunk declares %d",
			header.FrameContentSize, rawSize)
	}
	length, err := zstdFrameLength(payload, header.HeaderSize)
	if err != nil {
		return nil, chunkErr("CORRUPT_CHUNK", "chunk is not a valid zstd frame: %v", err)
	}
	if length != len(payload) {
		return nil, chunkErr("CORRUPT_CHUNK", "%d bytes follow the zstd frame", len(payload)-length)
	}
	dec, err := zstdDecoder()
	if err != nil {
		return nil, err
	}
	raw, err := dec.DecodeAll(payload, make([]byte, 0, rawSize))
	if err != nil {
		return nil, chunkErr("CORRUPT_CHUNK", "chunk is not a valid zstd frame: %v", err)
	}
	if int64(len(raw)) != rawSize {
		return nil, chunkErr("CHUNK_SIZE_MISMATCH", "chunk decodes to %d bytes, declared %d", len(raw), rawSize)
	}
	return raw, nil
}

// zstdFrameLength walks the block headers of the zstd frame at the start of data (RFC 8878
// section 3.1.1) and returns the frame's length in bytes, content checksum included.
func zstdFrameLength(data []byte, headerSize int) (int, error) {
	const magicLen = 4
	if len(data) <= magicLen || headerSize < magicLen+1 || headerSize > len(data) {
		return 0, fmt.Errorf("truncated frame header")
	}
	hasChecksum := data[magicLen]&0x04 != 0
	pos := headerSize
	for {
		if pos+3 > len(data) {
			return 0, fmt.Errorf("truncated block header at byte %d", pos)
		}
		bh := uint32(data[pos]) | uint32(data[pos+1])<<8 | uint32(data[pos+2])<<16
		pos += 3
		last := bh&1 == 1
		size := int(bh >> 3)
		switch (bh >> 1) & 3 {
		case 0, 2: // raw, compressed: size bytes of content
		case 1: // RLE: one byte repeated size times
			size = 1
		default:
			return 0, fmt.Errorf("reserved block type at byte %d", pos-3)
		}
		if pos+size > len(data) {
			return 0, fmt.Errorf("truncated block at byte %d", pos)
		}
		pos += size
		if last {
			break
		}
	}
	if hasChecksum {
		if pos+4 > len(data) {
			return 0, fmt.Errorf("truncated content checksum")
		}
		pos += 4
	}
	return pos, nil
}

// The encoder of a push: the formats of native/src/lib.rs encode_bytes (CODEC_ZSTD at level 3,
// byte-grouped planes at level 1). Payload bytes may differ from the Python SDK's (another zstd
// implementation); what they decode to, and so every digest, does not.

const (
	// groupSample is how much of a chunk of unknown content guessGroup compresses to choose.
	groupSample = 64 * 1024
	// planeProbe is how much of a plane is compressed first: a plane that does not save
	// minSaving on it is sent raw (mantissa planes rarely compress).
	planeProbe = 16 * 1024
)

var (
	pushEncodersOnce sync.Once
	planeEncoder     *zstd.Encoder // level 1
	chunkEncoder     *zstd.Encoder // level 3
	pushEncodersErr  error
)

func pushEncoders() (*zstd.Encoder, *zstd.Encoder, error) {
	pushEncodersOnce.Do(func() {
		planeEncoder, pushEncodersErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithZeroFrames(true))
		if pushEncodersErr == nil {
			chunkEncoder, pushEncodersErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault),
				zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithZeroFrames(true))
		}
	})
	return planeEncoder, chunkEncoder, pushEncodersErr
}

func saves(packed, raw int) bool { return float64(packed) <= float64(raw)*(1-minSaving) }

// groupPlanes appends the byte-grouped payload of raw (width 2 or 4) to out: per plane a header
// (codec byte, big-endian u32 length) and the plane, one level-1 zstd frame or raw, then the
// len(raw)%width trailing bytes.
func groupPlanes(raw []byte, width int, out []byte) []byte {
	plane1, _, _ := pushEncoders()
	words := len(raw) / width
	plane := make([]byte, words)
	for k := range width {
		for i := range words {
			plane[i] = raw[i*width+k]
		}
		hopeless := false
		if words > 2*planeProbe {
			probe := plane[:planeProbe]
			hopeless = !saves(len(plane1.EncodeAll(probe, nil)), len(probe))
		}
		header := len(out)
		out = append(out, 0, 0, 0, 0, 0)
		codec, length := modelregv1.Codec_CODEC_NONE, words
		if !hopeless {
			out = plane1.EncodeAll(plane, out)
			if packed := len(out) - header - planeHeaderSize; saves(packed, words) {
				codec, length = modelregv1.Codec_CODEC_ZSTD, packed
			} else {
				out = out[:header+planeHeaderSize]
			}
		}
		if codec == modelregv1.Codec_CODEC_NONE {
			out = append(out, plane...)
		}
		out[header] = byte(codec)
		binary.BigEndian.PutUint32(out[header+1:], uint32(length))
	}
	return append(out, raw[words*width:]...)
}

// guessGroup is the grouping (4, 2, or 0 for plain zstd) that compresses a sample of raw best.
func guessGroup(raw []byte) int {
	plane1, _, _ := pushEncoders()
	sample := raw[:min(len(raw), groupSample)]
	best, bestSize := 0, float64(len(plane1.EncodeAll(sample, nil)))*(1-3*minSaving/2)
	if bestSize < float64(len(sample))*0.5 {
		return 0 // text, sparse or repetitive data: plain zstd does well already
	}
	for _, width := range []int{4, 2} {
		if size := float64(len(groupPlanes(sample, width, nil))); size < bestSize {
			best, bestSize = width, size
		}
	}
	return best
}

// EncodeChunkAs encodes raw as a push sends it: byte-grouped when group is 2 or 4 (the float width
// its file's layout gives), plain zstd when group is 0, and when group is negative (unknown) the
// better of them on a 64 KiB sample; the raw bytes when compressing does not save at least 2%.
func EncodeChunkAs(raw []byte, group int) (modelregv1.Codec, []byte, error) {
	_, level3, err := pushEncoders()
	if err != nil {
		return 0, nil, err
	}
	if group < 0 {
		group = guessGroup(raw)
	}
	var codec modelregv1.Codec
	var payload []byte
	switch {
	case (group == 2 || group == 4) && len(raw) >= 2*group:
		payload = groupPlanes(raw, group, make([]byte, 0, len(raw)+4*planeHeaderSize))
		codec = modelregv1.Codec_CODEC_BYTEGROUP2_ZSTD
		if group == 4 {
			codec = modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD
		}
	default:
		payload = level3.EncodeAll(raw, make([]byte, 0, len(raw)/2+64))
		codec = modelregv1.Codec_CODEC_ZSTD
	}
	if saves(len(payload), len(raw)) {
		return codec, payload, nil
	}
	return modelregv1.Codec_CODEC_NONE, raw, nil
}

package modelreg_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// EncodeChunkAs: every payload decodes (with the pull's bounded decoder) to the raw bytes, and the
// codec is the one the data calls for.

func gaussianFP32(seed uint64, count int) []byte {
	rng := rand.New(rand.NewPCG(seed, seed))
	out := make([]byte, 4*count)
	for i := range count {
		binary.LittleEndian.PutUint32(out[4*i:], math.Float32bits(float32(rng.NormFloat64()*0.02)))
	}
	return out
}

func upperHalves(fp32 []byte) []byte {
	out := make([]byte, 0, len(fp32)/2)
	for i := 0; i+4 <= len(fp32); i += 4 {
		out = append(out, fp32[i+2:i+4]...)
	}
	return out
}

func TestEncodeChunkAs(t *testing.T) {
	random := make([]byte, 256*1024)
	rand.NewChaCha8([32]byte{5}).Read(random)
	text := []byte(strings.Repeat("model weight layer tensor alias registry chunk digest\n", 5000))
	fp32 := gaussianFP32(4, 64*1024)
	bf16 := upperHalves(fp32)
	cases := []struct {
		name  string
		raw   []byte
		group int
		want  modelregv1.Codec
	}{
		{"empty", nil, -1, modelregv1.Codec_CODEC_NONE},
		{"one byte", []byte("x"), 2, modelregv1.Codec_CODEC_NONE},
		{"random", random, -1, modelregv1.Codec_CODEC_NONE},
		{"random as floats", random, 4, modelregv1.Codec_CODEC_NONE},
		{"text", text, 0, modelregv1.Codec_CODEC_ZSTD},
		{"text guessed", text, -1, modelregv1.Codec_CODEC_ZSTD},
		{"fp32", fp32, 4, modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD},
		{"fp32 guessed", fp32, -1, modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD},
		{"bf16", bf16, 2, modelregv1.Codec_CODEC_BYTEGROUP2_ZSTD},
		{"bf16 odd", bf16[:len(bf16)-1], 2, modelregv1.Codec_CODEC_BYTEGROUP2_ZSTD},
		{"fp32 with a tail", fp32[:4*1000+3], 4, modelregv1.Codec_CODEC_BYTEGROUP4_ZSTD},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			codec, payload, err := modelreg.EncodeChunkAs(c.raw, c.group)
			if err != nil {
				t.Fatal(err)
			}
			if codec != c.want {
				t.Fatalf("codec %v, want %v", codec, c.want)
			}
			if codec != modelregv1.Codec_CODEC_NONE && float64(len(payload)) > 0.98*float64(len(c.raw)) {
				t.Fatalf("kept a payload of %d bytes for %d raw", len(payload), len(c.raw))
			}
			raw, err := modelreg.VerifyChunk(modelreg.SHA256Hex(c.raw), codec, payload, int64(len(c.raw)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(raw, c.raw) {
				t.Fatal("decodes to other bytes")
			}
		})
	}
}

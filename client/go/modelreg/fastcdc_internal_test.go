package modelreg

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/modelreg/modelreg/client/go/internal/harness"
)

// The FastCDC port against tests/fixtures/native_vectors.json: the cut points and chunk digests
// the Python SDK's native extension (the Rust fastcdc crate) makes of tests/native_data.py's
// inputs, which the real Python writes out for the test (18 MiB of seeded random bytes are not
// worth a fixture).

type cutVectors struct {
	Params []int `json:"params"`
	Cuts   map[string]struct {
		Size   int     `json:"size"`
		Chunks [][]any `json:"chunks"` // [offset, size, digest]
	} `json:"cuts"`
}

func TestFastCDCVectors(t *testing.T) {
	root := harness.RepoRoot(t)
	raw, err := os.ReadFile(filepath.Join(root, "tests", "fixtures", "native_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors cutVectors
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	if len(vectors.Cuts) == 0 || len(vectors.Params) != 3 {
		t.Fatal("no vectors")
	}
	python, err := harness.Python(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := "import sys, pathlib; sys.path.insert(0, 'tests'); import native_data\n" +
		"for name, data in native_data.cut_inputs().items(): (pathlib.Path(sys.argv[1]) / name).write_bytes(data)"
	cmd := exec.Command(python, "-c", script, dir)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("writing the inputs: %v\n%s", err, out)
	}
	p, err := newCDCParams(vectors.Params[0], vectors.Params[1], vectors.Params[2])
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range vectors.Cuts {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if len(data) != want.Size {
			t.Fatalf("%s: input has %d bytes, the vector %d", name, len(data), want.Size)
		}
		// Fed whole, in scan's 8 MiB blocks and in blocks smaller than a chunk: the same cuts.
		for _, block := range []int{len(data) + 1, readBlock, 100_000} {
			c := &cutter{params: p}
			for start := 0; ; start += block {
				end := min(start+block, len(data))
				c.feed(data[start:end], end == len(data))
				if end == len(data) {
					break
				}
			}
			if len(c.chunks) != len(want.Chunks) {
				t.Fatalf("%s (blocks of %d): %d chunks, want %d", name, block, len(c.chunks), len(want.Chunks))
			}
			for i, got := range c.chunks {
				w := want.Chunks[i]
				if float64(got.Offset) != w[0] || float64(got.Size) != w[1] || got.Digest != w[2] {
					t.Fatalf("%s (blocks of %d) chunk %d: %d+%d %s, want %v", name, block, i, got.Offset, got.Size, got.Digest, w)
				}
			}
		}
	}
}

func TestFastCDCBoundaries(t *testing.T) {
	// A stretch between two boundaries is cut as a file of its own.
	data := make([]byte, 3<<20)
	for i := range data {
		data[i] = byte(i*7919 ^ i>>9)
	}
	p, err := newCDCParams(ChunkMin/4, ChunkAvg/4, ChunkMax/4)
	if err != nil {
		t.Fatal(err)
	}
	edges := []int64{1000, 1 << 20, 1<<20 + 5, 2<<20 + 12345}
	c := &cutter{params: p, boundaries: append([]int64(nil), edges...)}
	c.feed(data, true)
	var want []Chunk
	start := int64(0)
	for _, end := range append(edges, int64(len(data))) {
		alone := &cutter{params: p}
		alone.feed(data[start:end], true)
		for _, ch := range alone.chunks {
			ch.Offset += start
			want = append(want, ch)
		}
		start = end
	}
	if len(c.chunks) != len(want) {
		t.Fatalf("%d chunks, want %d", len(c.chunks), len(want))
	}
	for i := range want {
		if c.chunks[i] != want[i] {
			t.Fatalf("chunk %d: %+v, want %+v", i, c.chunks[i], want[i])
		}
	}
}

func TestCDCParamsRefusesBadSizes(t *testing.T) {
	for _, sizes := range [][3]int{{32, 256, 1024}, {1 << 20, 1 << 19, 4 << 20}, {256, 1024, 32 << 20}, {64, 100, 1024}} {
		if _, err := newCDCParams(sizes[0], sizes[1], sizes[2]); err == nil {
			t.Errorf("sizes %v accepted", sizes)
		}
	}
}

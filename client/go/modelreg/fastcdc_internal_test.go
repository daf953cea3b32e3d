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
// inputs, which the real Python writes out for the test.

type cutVector struct {
	Size   int64           `json:"size"`
	Chunks [][]json.Number `json:"chunks"` // [offset, size, digest]
}

func cutInputs(t *testing.T) (string, []int, map[string]cutVector) {
	t.Helper()
	root := harness.RepoRoot(t)
	raw, err := os.ReadFile(filepath.Join(root, "tests", "fixtures", "native_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors struct {
		Params []int `json:"params"`
		Cuts   map[string]struct {
			Size   int64   `json:"size"`
			Chunks [][]any `json:"chunks"`
		} `json:"cuts"`
	}
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
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
	out := map[string]cutVector{}
	for name, v := range vectors.Cuts {
		cv := cutVector{Size: v.Size}
		for _, c := range v.Chunks {
			cv.Chunks = append(cv.Chunks, []json.Number{json.Number(jsonText(c[0])), json.Number(jsonText(c[1])), json.Number(c[2].(string))})
		}
		out[name] = cv
	}
	return dir, vectors.Params, out
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestFastCDCVectors(t *testing.T) {
	dir, params, vectors := cutInputs(t)
	if len(vectors) == 0 {
		t.Fatal("no vectors")
	}
	p, err := newCDCParams(params[0], params[1], params[2])
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range vectors {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(data)) != want.Size {
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
				if jsonText(got.Offset) != string(w[0]) || jsonText(got.Size) != string(w[1]) || got.Digest != string(w[2]) {
					t.Fatalf("%s (blocks of %d) chunk %d: %d+%d %s, want %s+%s %s", name, block, i,
						got.Offset, got.Size, got.Digest, w[0], w[1], w[2])
				}
			}
		}
	}
}

package modelreg_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// Push against the real server, checked against the real Python SDK (tests/conformance/
// push_peer.py): the same chunks and version digest as Python's scan of the same directory, no
// bytes sent by a push from one language after the other, the version pulled by Python byte for
// byte, and an interrupted push that, run again, sends only what is missing.

func randomBytes(seed uint64, n int) []byte {
	out := make([]byte, n)
	rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)}).Read(out)
	return out
}

// safetensors builds a safetensors file of the named tensors (in order, contiguous).
func safetensors(t *testing.T, tensors []struct {
	name, dtype string
	data        []byte
}) []byte {
	t.Helper()
	header := map[string]any{"__metadata__": map[string]string{"format": "pt"}}
	var body []byte
	for _, ts := range tensors {
		width := map[string]int{"F32": 4, "F16": 2, "BF16": 2, "U8": 1}[ts.dtype]
		header[ts.name] = map[string]any{"dtype": ts.dtype, "shape": []int{len(ts.data) / width},
			"data_offsets": []int{len(body), len(body) + len(ts.data)}}
		body = append(body, ts.data...)
	}
	text, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(text)))
	return append(append(out, text...), body...)
}

// writeModel writes a model directory: a safetensors file with several tensors (large and tiny,
// FP32 and FP16), a file of several chunks, an empty file, text, an executable, a nested path.
func writeModel(t *testing.T, dir string, seed uint64) {
	t.Helper()
	half := gaussianFP32(seed+1, 400*1024)
	var fp16 []byte
	for i := 0; i < len(half); i += 4 {
		fp16 = append(fp16, half[i+2:i+4]...)
	}
	files := map[string][]byte{
		"model.safetensors": safetensors(t, []struct {
			name, dtype string
			data        []byte
		}{
			{"embed.weight", "F32", gaussianFP32(seed, 300*1024)},
			{"norm.bias", "F32", gaussianFP32(seed+2, 256)},
			{"norm.weight", "F32", gaussianFP32(seed+3, 256)},
			{"ids", "U8", randomBytes(seed+4, 5000)},
			{"head.weight", "F16", fp16},
		}),
		"weights/extra.bin":   randomBytes(seed+5, 9*1024*1024+777),
		"empty.txt":           nil,
		"config.json":         []byte(fmt.Sprintf(`{"hidden": 768, "seed": %d}`, seed)),
		"tokenizer/vocab.txt": []byte(strings.Repeat("model weight layer tensor alias registry\n", 20000)),
		"run.sh":              []byte("#!/bin/sh\necho serve\n"),
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if name == "run.sh" {
			mode = 0o755
		}
		if err := os.WriteFile(path, data, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
}

// peer runs tests/conformance/push_peer.py with args and decodes its JSON line into out.
func peer(t *testing.T, out any, args ...string) {
	t.Helper()
	root := harness.RepoRoot(t)
	python, err := harness.Python(root)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, append([]string{filepath.Join("tests", "conformance", "push_peer.py")}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "MODELREG_CACHE="+t.TempDir(), "MODELREG_COMPRESS=")
	stdout, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("push_peer.py %v: %v\n%s", args, err, stderr)
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("push_peer.py %v printed %q: %v", args, stdout, err)
	}
}

type pythonScan struct {
	Digest string `json:"digest"`
	Files  []struct {
		Path       string   `json:"path"`
		Size       int64    `json:"size"`
		Mode       uint32   `json:"mode"`
		TreeDigest string   `json:"tree_digest"`
		Chunks     [][3]any `json:"chunks"`
	} `json:"files"`
}

type pythonPush struct {
	Name        string `json:"name"`
	Digest      string `json:"digest"`
	UploadTotal int64  `json:"upload_total"`
	UploadDone  int64  `json:"upload_done"`
}

// progressLog records a push's progress calls.
type progressLog struct {
	mu    sync.Mutex
	calls map[string][][2]int64
}

func (p *progressLog) record(phase string, done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.calls == nil {
		p.calls = map[string][][2]int64{}
	}
	p.calls[phase] = append(p.calls[phase], [2]int64{done, total})
}

// check fails t unless phase's calls start at 0, never go back and end at want (its total).
func (p *progressLog) check(t *testing.T, phase string, want int64) {
	t.Helper()
	calls := p.calls[phase]
	if len(calls) == 0 || calls[0][0] != 0 {
		t.Fatalf("%s progress %v: does not start at 0", phase, calls)
	}
	for i, c := range calls {
		if c[1] != want || (i > 0 && c[0] < calls[i-1][0]) {
			t.Fatalf("%s progress %v: total is not %d or done went back", phase, calls, want)
		}
	}
	if last := calls[len(calls)-1]; last[0] != want {
		t.Fatalf("%s progress ends at %d of %d", phase, last[0], want)
	}
}

func (p *progressLog) total(phase string) int64 {
	calls := p.calls[phase]
	if len(calls) == 0 {
		return -1
	}
	return calls[0][1]
}

func dial(t *testing.T, address string) *modelreg.Client {
	t.Helper()
	c, err := modelreg.Dial(address, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestScanMatchesPython(t *testing.T) {
	dir := t.TempDir()
	writeModel(t, dir, 1)
	// A symlink to a file is pushed as the file; one to a directory is not followed.
	if err := os.Symlink("config.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("tokenizer", filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{dir, filepath.Join(dir, "model.safetensors")} {
		t.Run(filepath.Base(root), func(t *testing.T) { checkScan(t, root) })
	}
}

// checkScan fails t unless ListFiles and ScanFiles make of root what Python's scan does.
func checkScan(t *testing.T, dir string) {
	var want pythonScan
	peer(t, &want, "scan", dir)
	files, err := modelreg.ListFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := modelreg.ScanFiles(files, 2, nil); err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want.Files) {
		t.Fatalf("%d files, Python lists %d", len(files), len(want.Files))
	}
	entries := make([]*modelreg.FileEntry, len(files))
	for i, f := range files {
		w := want.Files[i]
		if f.Path != w.Path || f.Size != w.Size || f.Mode != w.Mode || f.TreeDigest() != w.TreeDigest {
			t.Fatalf("file %d: %s %d %o %s, Python: %s %d %o %s", i, f.Path, f.Size, f.Mode, f.TreeDigest(),
				w.Path, w.Size, w.Mode, w.TreeDigest)
		}
		if len(f.Chunks) != len(w.Chunks) {
			t.Fatalf("%s: %d chunks, Python %d", f.Path, len(f.Chunks), len(w.Chunks))
		}
		for j, c := range f.Chunks {
			wc := w.Chunks[j]
			if c.Digest != wc[0] || float64(c.Size) != wc[1] || float64(c.Offset) != wc[2] {
				t.Fatalf("%s chunk %d: %v, Python %v", f.Path, j, c, wc)
			}
		}
		entries[i] = f.Entry()
	}
	if got := modelreg.ManifestDigest(entries, true); got != want.Digest {
		t.Fatalf("version digest %s, Python %s", got, want.Digest)
	}
	// The safetensors file is cut at its header end and tensor edges (more chunks than bytes
	// alone would give), and the large file spans several chunks.
	for _, f := range files {
		if (f.Path == "model.safetensors" && len(f.Chunks) < 4) || (f.Path == "weights/extra.bin" && len(f.Chunks) < 3) {
			t.Fatalf("%s: only %d chunks", f.Path, len(f.Chunks))
		}
		if strings.HasPrefix(f.Path, "linked/") {
			t.Fatalf("%s: listed through a directory symlink", f.Path)
		}
	}
	if filepath.Base(dir) != "model.safetensors" && (len(files) != 7 || files[2].Path != "link.json" || files[2].Size == 0) {
		t.Fatalf("listed %d files, the third %s", len(files), files[2].Path)
	}
}

func TestPushAcrossLanguages(t *testing.T) {
	for _, mode := range []string{modelreg.CompressAlways, modelreg.CompressNever, modelreg.CompressAuto} {
		t.Run(mode, func(t *testing.T) {
			server := harness.StartServer(t)
			client := dial(t, server.Address)
			ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
			defer cancel()
			dir := t.TempDir()
			writeModel(t, dir, 7)
			var scan pythonScan
			peer(t, &scan, "scan", dir)
			var size, unique int64
			seen := map[string]bool{}
			for _, f := range scan.Files {
				size += f.Size
				for _, c := range f.Chunks {
					if d := c[0].(string); !seen[d] {
						seen[d] = true
						unique += int64(c[1].(float64))
					}
				}
			}

			var first progressLog
			v, err := client.Push(ctx, "crosslang", dir, &modelreg.PushOptions{
				Compress: mode, Aliases: []string{"staging"}, Metrics: map[string]float64{"f1": 0.9},
				Tags: map[string]string{"from": "go"}, Progress: first.record})
			if err != nil {
				t.Fatal(err)
			}
			if v.GetDigest() != scan.Digest {
				t.Fatalf("version digest %s, Python's scan %s", v.GetDigest(), scan.Digest)
			}
			first.check(t, "scan", size)
			first.check(t, "upload", unique)
			full, err := client.GetVersion(ctx, v.GetName(), true)
			if err != nil {
				t.Fatal(err)
			}
			for i, f := range full.GetFiles() {
				w := scan.Files[i]
				if f.GetPath() != w.Path || f.GetTreeDigest() != w.TreeDigest || f.GetMode() != w.Mode || len(f.GetChunks()) != len(w.Chunks) {
					t.Fatalf("stored file %d: %s %s %o, Python %s %s %o", i, f.GetPath(), f.GetTreeDigest(), f.GetMode(),
						w.Path, w.TreeDigest, w.Mode)
				}
			}
			if full.GetMetrics()["f1"] != 0.9 || full.GetTags()["from"] != "go" {
				t.Fatalf("metrics %v, tags %v", full.GetMetrics(), full.GetTags())
			}
			staging, err := client.Resolve(ctx, "crosslang:staging")
			if err != nil || staging.GetName() != v.GetName() {
				t.Fatalf("staging is %v (%v), want %s", staging.GetName(), err, v.GetName())
			}

			// Python pulls the Go push byte for byte, then pushes the same directory: nothing to send.
			pulled := filepath.Join(t.TempDir(), "pulled")
			var got pythonPush
			peer(t, &got, "pull", server.Address, v.GetName(), pulled)
			harness.AssertSameTree(t, pulled, dir)
			var py pythonPush
			peer(t, &py, "push", server.Address, "crosslang", dir)
			if py.Digest != scan.Digest || py.UploadTotal != 0 {
				t.Fatalf("Python's push after Go's: digest %s, %d bytes to upload", py.Digest, py.UploadTotal)
			}
			// And Go after Python: nothing either.
			var again progressLog
			v2, err := client.Push(ctx, "crosslang", dir, &modelreg.PushOptions{Compress: mode, Progress: again.record})
			if err != nil {
				t.Fatal(err)
			}
			if v2.GetDigest() != scan.Digest || again.total("upload") != 0 {
				t.Fatalf("Go's push after Python's: digest %s, %d bytes to upload", v2.GetDigest(), again.total("upload"))
			}
		})
	}
}

func TestPushResumesWhatWasSent(t *testing.T) {
	server := harness.StartServer(t)
	client := dial(t, server.Address)
	dir := t.TempDir()
	writeModel(t, dir, 11)
	if err := os.WriteFile(filepath.Join(dir, "weights", "more.bin"), randomBytes(12, 12*1024*1024), 0o644); err != nil {
		t.Fatal(err)
	}
	var scan pythonScan
	peer(t, &scan, "scan", dir)

	// The first push is cancelled a third of the way through its upload. The server commits
	// the chunks it had received (asked with FindMissingChunks once the push has returned).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var all []string
	for _, f := range scan.Files {
		for _, c := range f.Chunks {
			all = append(all, c[0].(string))
		}
	}
	var first progressLog
	_, err := client.Push(ctx, "resumed", dir, &modelreg.PushOptions{Compress: modelreg.CompressNever,
		Progress: func(phase string, done, total int64) {
			first.record(phase, done, total)
			if phase == "upload" && done >= total/3 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the cancelled push returned %v", err)
	}
	if _, err := client.Resolve(context.Background(), "resumed:latest"); !modelreg.IsNotFound(err) {
		t.Fatalf("the cancelled push left a version (%v)", err)
	}
	stored := false
	for deadline := time.Now().Add(20 * time.Second); !stored && time.Now().Before(deadline); {
		resp, err := client.Transfer().FindMissingChunks(context.Background(),
			&modelregv1.FindMissingChunksRequest{Digests: all})
		stored = err == nil && len(resp.GetMissingDigests()) < len(all)
		if !stored {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !stored {
		t.Fatal("the server kept none of the chunks the cancelled push sent")
	}
	firstTotal := first.total("upload")

	var second progressLog
	ctx2, cancel2 := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel2()
	v, err := client.Push(ctx2, "resumed", dir, &modelreg.PushOptions{Progress: second.record})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("upload: %d bytes before the cancel, %d after", firstTotal, second.total("upload"))
	if total := second.total("upload"); total <= 0 || total >= firstTotal {
		t.Fatalf("the second push had %d bytes to upload, the first %d", total, firstTotal)
	}
	second.check(t, "upload", second.total("upload"))
	if v.GetDigest() != scan.Digest {
		t.Fatalf("version digest %s, Python's scan %s", v.GetDigest(), scan.Digest)
	}
	pulled := filepath.Join(t.TempDir(), "pulled")
	var got pythonPush
	peer(t, &got, "pull", server.Address, v.GetName(), pulled)
	harness.AssertSameTree(t, pulled, dir)
}

func TestPushRefusesBadInput(t *testing.T) {
	h := harness.Get(t)
	client := dial(t, h.Info.Address)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	good := t.TempDir()
	writeModel(t, good, 3)
	badPath := t.TempDir()
	if err := os.WriteFile(filepath.Join(badPath, "a:b.bin"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	twins := t.TempDir()
	for _, name := range []string{"Model.bin", "model.bin"} {
		if err := os.WriteFile(filepath.Join(twins, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, dir string
		opts      *modelreg.PushOptions
		reason    string // of an *Error INVALID_ARGUMENT, or "" for a plain error
		message   string
	}{
		{"unknown compress mode", good, &modelreg.PushOptions{Compress: "sometimes"}, "", "compress must be one of"},
		{"negative attempts", good, &modelreg.PushOptions{Attempts: -1}, "", "attempts must be at least 1"},
		{"missing directory", filepath.Join(good, "nope"), nil, "", "is not a file or directory"},
		{"reserved character", badPath, nil, "INVALID_PATH", "a:b.bin"},
		{"case twins", twins, nil, "PATH_COLLISION", "differ only in case"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			model := "refused-" + strings.ReplaceAll(c.name, " ", "-")
			_, err := client.Push(ctx, model, c.dir, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.message) {
				t.Fatalf("push: %v, want an error saying %q", err, c.message)
			}
			if c.reason != "" && !errors.Is(err, &modelreg.Error{Code: modelreg.ErrInvalidArgument.Code, Reason: c.reason}) {
				t.Fatalf("push: %v, want INVALID_ARGUMENT %s", err, c.reason)
			}
			if _, err := client.Resolve(ctx, model+":latest"); !modelreg.IsNotFound(err) {
				t.Fatalf("the refused push left something behind (%v)", err)
			}
		})
	}
}

// uploadCutter forwards connections to target; the first one dies after limit bytes from the
// client (mid-upload), later ones are left alone.
type uploadCutter struct {
	ln    net.Listener
	cuts  atomic.Int64
	conns atomic.Int64
	wg    sync.WaitGroup
}

func startUploadCutter(t *testing.T, target string, limit int64) *uploadCutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &uploadCutter{ln: ln}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			first := p.conns.Add(1) == 1
			server, err := net.DialTimeout("tcp", target, 5*time.Second)
			if err != nil {
				client.Close()
				continue
			}
			p.wg.Add(2)
			go func() {
				defer p.wg.Done()
				if first {
					if n, _ := io.CopyN(server, client, limit); n == limit {
						p.cuts.Add(1)
					}
				} else {
					io.Copy(server, client)
				}
				server.Close()
				client.Close()
			}()
			go func() { defer p.wg.Done(); io.Copy(client, server); client.Close(); server.Close() }()
		}
	}()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func TestPushRetriesACutConnection(t *testing.T) {
	server := harness.StartServer(t)
	dir := t.TempDir()
	writeModel(t, dir, 21)
	var scan pythonScan
	peer(t, &scan, "scan", dir)
	// The first connection dies 8 MiB into the upload; the push asks again what is missing on a
	// new one and completes within the same call.
	proxy := startUploadCutter(t, server.Address, 8<<20)
	client := dial(t, proxy.ln.Addr().String())
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	var log progressLog
	v, err := client.Push(ctx, "cut", dir, &modelreg.PushOptions{Compress: modelreg.CompressNever, Progress: log.record})
	if err != nil {
		t.Fatalf("push through a cutting proxy: %v (connections %d)", err, proxy.conns.Load())
	}
	if proxy.cuts.Load() != 1 || proxy.conns.Load() < 2 {
		t.Fatalf("%d cuts over %d connections: the test did not cut the upload", proxy.cuts.Load(), proxy.conns.Load())
	}
	if v.GetDigest() != scan.Digest {
		t.Fatalf("version digest %s, Python's scan %s", v.GetDigest(), scan.Digest)
	}
	// Two upload phases (each starts at 0): the second had only what the first did not deliver.
	var totals []int64
	for _, c := range log.calls["upload"] {
		if c[0] == 0 {
			totals = append(totals, c[1])
		}
	}
	if len(totals) != 2 || totals[1] <= 0 || totals[1] >= totals[0] {
		t.Fatalf("upload phases of %v bytes", totals)
	}
	pulled := filepath.Join(t.TempDir(), "pulled")
	var got pythonPush
	peer(t, &got, "pull", server.Address, v.GetName(), pulled)
	harness.AssertSameTree(t, pulled, dir)
}

func TestPushNoticesAFileChanging(t *testing.T) {
	h := harness.Get(t)
	client := dial(t, h.Info.Address)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cases := []struct {
		name   string
		change func(path string) error
	}{
		// Same size, other bytes: the server's check of each chunk's digest sees it.
		{"rewritten", func(path string) error { return os.WriteFile(path, randomBytes(99, 9*1024*1024+777), 0o644) }},
		// Shorter: reading the chunk does.
		{"truncated", func(path string) error { return os.Truncate(path, 1000) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeModel(t, dir, 31)
			changed := filepath.Join(dir, "weights", "extra.bin")
			model := "changing-" + c.name
			_, err := client.Push(ctx, model, dir, &modelreg.PushOptions{Compress: modelreg.CompressNever,
				Progress: func(phase string, done, total int64) {
					if phase == "upload" && done == 0 {
						if err := c.change(changed); err != nil {
							t.Error(err)
						}
					}
				}})
			var ie *modelreg.IntegrityError
			if !errors.As(err, &ie) || ie.Reason != "FILE_CHANGED" || ie.Path != "weights/extra.bin" {
				t.Fatalf("push of a changing file: %v, want FILE_CHANGED for weights/extra.bin", err)
			}
			if _, err := client.Resolve(ctx, model+":latest"); !modelreg.IsNotFound(err) {
				t.Fatalf("the failed push left a version (%v)", err)
			}
		})
	}
}

// Package harness drives tests/conformance/harness.py, the real Python server with the
// conformance setup versions pushed, for this module's tests; and, for tests that need a server
// of their own (e.g. one started with --auth), `modelreg serve` and the modelreg CLI directly.
package harness

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The conformance harness (tests/conformance/harness.py): the real Python server with the setup
// versions pushed, plus server-side steps on request. One is shared by every test of the package.

// Info is the harness's first line.
type Info struct {
	Address string            `json:"address"`
	DataDir string            `json:"data_dir"`
	Model   string            `json:"model"`
	Digests map[string]string `json:"digests"`
	Sources map[string]string `json:"sources"`
}

// Harness is a running harness.py.
type Harness struct {
	Info Info
	// Saved holds what steps kept for {saved:NAME}: sequences ("save") and digests ("save_digest").
	Saved map[string]string

	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
	mu    sync.Mutex
}

var (
	shared    *Harness
	sharedErr error
	once      sync.Once
)

// Shutdown stops the shared harness, if one was started; call it from TestMain.
func Shutdown() {
	if shared != nil {
		shared.Close()
	}
}

// RepoRoot is the repository root, found relative to this file (client/go/internal/harness).
func RepoRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", "..", "..", ".."))
}

// Get returns the package's shared harness, starting it on first use.
func Get(t testing.TB) *Harness {
	t.Helper()
	once.Do(func() { shared, sharedErr = Start(RepoRoot(t)) })
	if sharedErr != nil {
		t.Fatalf("starting the conformance harness: %v", sharedErr)
	}
	return shared
}

// Python is <root>/.venv/bin/python, the interpreter with the server installed.
func Python(root string) (string, error) {
	python := filepath.Join(root, ".venv", "bin", "python")
	if _, err := os.Stat(python); err != nil {
		return "", fmt.Errorf("%v (run scripts/test-go, which creates .venv)", err)
	}
	return python, nil
}

// Start runs <root>/.venv/bin/python tests/conformance/harness.py and reads its first line.
func Start(root string) (*Harness, error) {
	python, err := Python(root)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(python, filepath.Join("tests", "conformance", "harness.py"))
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	h := &Harness{cmd: cmd, stdin: stdin, lines: make(chan string), Saved: map[string]string{}}
	go func() {
		defer close(h.lines)
		scanner := bufio.NewScanner(stdout)
		scanner.Buffer(make([]byte, 1<<20), 1<<20)
		for scanner.Scan() {
			h.lines <- scanner.Text()
		}
	}()
	line, err := h.readLine(120 * time.Second)
	if err != nil {
		h.Kill()
		return nil, fmt.Errorf("harness did not report: %w", err)
	}
	if err := json.Unmarshal([]byte(line), &h.Info); err != nil {
		h.Kill()
		return nil, fmt.Errorf("harness line %q: %w", line, err)
	}
	return h, nil
}

func (h *Harness) readLine(timeout time.Duration) (string, error) {
	select {
	case line, ok := <-h.lines:
		if !ok {
			return "", io.ErrUnexpectedEOF
		}
		return line, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no reply within %s", timeout)
	}
}

// Send writes one command and returns the reply, which must be ok.
func (h *Harness) Send(command map[string]any) (map[string]any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	line, err := json.Marshal(command)
	if err != nil {
		return nil, err
	}
	if _, err := h.stdin.Write(append(line, '\n')); err != nil {
		return nil, err
	}
	replyLine, err := h.readLine(90 * time.Second)
	if err != nil {
		return nil, fmt.Errorf("harness %s: %w", line, err)
	}
	var reply map[string]any
	if err := json.Unmarshal([]byte(replyLine), &reply); err != nil {
		return nil, err
	}
	if reply["ok"] != true {
		return nil, fmt.Errorf("harness %s: %v", line, reply)
	}
	return reply, nil
}

// Close asks the harness to quit (killing it if it does not within 30s).
func (h *Harness) Close() {
	_, _ = h.Send(map[string]any{"op": "quit"})
	_ = h.stdin.Close()
	done := make(chan struct{})
	go func() { _ = h.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		h.Kill()
		<-done
	}
}

// Kill ends the harness process.
func (h *Harness) Kill() {
	if h.cmd.Process != nil {
		_ = h.cmd.Process.Kill()
	}
}

// FileState is a file's content and permission bits.
type FileState struct {
	data string
	mode fs.FileMode
}

// Tree maps each regular file under root to its bytes and permission bits.
func Tree(t testing.TB, root string) map[string]FileState {
	t.Helper()
	out := map[string]FileState{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = FileState{string(data), info.Mode().Perm()}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", root, err)
	}
	return out
}

// AssertSameTree fails t unless got holds exactly want's files, byte for byte, with the same
// permission bits.
func AssertSameTree(t testing.TB, got, want string) {
	t.Helper()
	a, b := Tree(t, got), Tree(t, want)
	if len(b) == 0 {
		t.Fatalf("source %s has no files", want)
	}
	for path, w := range b {
		g, ok := a[path]
		switch {
		case !ok:
			t.Errorf("%s: missing from %s", path, got)
		case g.data != w.data:
			t.Errorf("%s: content differs (%d bytes, want %d)", path, len(g.data), len(w.data))
		case g.mode != w.mode:
			t.Errorf("%s: mode %o, want %o", path, g.mode, w.mode)
		}
	}
	for path := range a {
		if _, ok := b[path]; !ok {
			t.Errorf("%s: not in the source", path)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelreg/modelreg/client/go/internal/harness"
)

func TestMain(m *testing.M) {
	code := m.Run()
	harness.Shutdown()
	os.Exit(code)
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func current(dir string) string {
	target, _ := os.Readlink(filepath.Join(dir, "current"))
	return target
}

func TestFollowDeploysEachMove(t *testing.T) {
	h := harness.Get(t)
	model := h.Info.Model
	if _, err := h.Send(map[string]any{"op": "set_alias", "alias": "production", "version": 1}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-server", h.Info.Address, model + ":production", dir}, &stdout, &stderr)
	}()

	waitFor(t, "v1 to be deployed", func() bool { return current(dir) == filepath.Join("versions", "1") })
	harness.AssertSameTree(t, filepath.Join(dir, "versions", "1"), h.Info.Sources["1"])

	if _, err := h.Send(map[string]any{"op": "set_alias", "alias": "production", "version": 2}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "v2 to be deployed", func() bool { return current(dir) == filepath.Join("versions", "2") })
	harness.AssertSameTree(t, filepath.Join(dir, "versions", "2"), h.Info.Sources["2"])

	// Back to v1: already on disk, so only the symlink moves.
	if _, err := h.Send(map[string]any{"op": "set_alias", "alias": "production", "version": 1}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "v1 to be current again", func() bool { return current(dir) == filepath.Join("versions", "1") })

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d; stderr: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("follow did not stop after cancellation")
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], model+":production v1 "+h.Info.Digests["1"]) ||
		!strings.HasPrefix(lines[1], model+":production v2 "+h.Info.Digests["2"]) ||
		!strings.HasPrefix(lines[2], model+":production v1 ") {
		t.Fatalf("output:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "versions"))
	if len(entries) != 2 {
		t.Fatalf("versions/ holds %d entries, want 2", len(entries))
	}
}

func TestFollowUsage(t *testing.T) {
	var stdout, stderr syncBuffer
	if code := run(context.Background(), []string{"no-alias-here", t.TempDir()}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(stderr.String(), "MODEL:ALIAS") {
		t.Fatalf("stderr: %s", stderr.String())
	}
}

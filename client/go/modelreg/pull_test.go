package modelreg_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"

	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// cutProxy forwards loopback TCP connections to the server and cuts each one after it has carried
// limit bytes from the server: a network that keeps dropping long downloads.
type cutProxy struct {
	ln     net.Listener
	target string
	limit  int64
	conns  atomic.Int64
	cuts   atomic.Int64
	wg     sync.WaitGroup
}

func startCutProxy(t *testing.T, target string, limit int64) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, limit: limit}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.wg.Wait() })
	return p
}

func (p *cutProxy) serve() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			client.Close()
			continue
		}
		p.wg.Add(2)
		go func() { defer p.wg.Done(); io.Copy(server, client); server.Close() }()
		go func() {
			defer p.wg.Done()
			n, _ := io.CopyN(client, server, p.limit)
			if n == p.limit {
				p.cuts.Add(1)
			}
			client.Close()
			server.Close()
		}()
	}
}

func TestPullResumesAcrossCutConnections(t *testing.T) {
	h := harness.Get(t)
	// Version 1 travels as about 2.6 MB, in chunks of up to 1.3 MB; every connection dies after
	// 1.5 MiB (so each gets at least one chunk through), and the pull only completes if each
	// attempt resumes where the last verified chunk ended.
	proxy := startCutProxy(t, h.Info.Address, 3<<19)
	client, err := modelreg.Dial(proxy.ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var last, total int64
	monotonic := true
	dest := filepath.Join(t.TempDir(), "model")
	version, err := client.Pull(ctx, h.Info.Model+":v1", dest, modelreg.WithProgress(func(done, all int64) {
		if done < last {
			monotonic = false
		}
		last, total = done, all
	}))
	if err != nil {
		t.Fatalf("pull through a cutting proxy: %v (connections %d, cuts %d)", err, proxy.conns.Load(), proxy.cuts.Load())
	}
	if version.GetNumber() != 1 {
		t.Fatalf("pulled version %d", version.GetNumber())
	}
	if proxy.cuts.Load() < 2 {
		t.Fatalf("only %d cuts: the test did not exercise resuming", proxy.cuts.Load())
	}
	if !monotonic || last != total || total != version.GetTotalSize() {
		t.Fatalf("progress went backwards or stopped short: %d of %d (monotonic %v)", last, total, monotonic)
	}
	harness.AssertSameTree(t, dest, h.Info.Sources["1"])
}

// itemCounter records how many chunks each download message carried.
type itemCounter struct {
	grpc.ClientStream
	mu     *sync.Mutex
	counts *[]int
}

func (s itemCounter) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if resp, ok := m.(*modelregv1.DownloadVersionResponse); ok && err == nil {
		n := len(resp.GetItems())
		if n == 0 && resp.GetChunk() != nil {
			n = 1
		}
		s.mu.Lock()
		*s.counts = append(*s.counts, n)
		s.mu.Unlock()
	}
	return err
}

func TestPullBatchesChunks(t *testing.T) {
	h := harness.Get(t)
	var mu sync.Mutex
	var counts []int
	intercept := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
		streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		s, err := streamer(ctx, desc, cc, method, opts...)
		if err != nil {
			return nil, err
		}
		return itemCounter{ClientStream: s, mu: &mu, counts: &counts}, nil
	}
	client, err := modelreg.Dial(h.Info.Address, &modelreg.Options{
		DialOptions: []grpc.DialOption{grpc.WithStreamInterceptor(intercept)}})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dest := filepath.Join(t.TempDir(), "model")
	if _, err := client.Pull(ctx, h.Info.Model+":v1", dest); err != nil {
		t.Fatal(err)
	}
	harness.AssertSameTree(t, dest, h.Info.Sources["1"])
	mu.Lock()
	defer mu.Unlock()
	chunks, most := 0, 0
	for _, n := range counts {
		chunks += n
		most = max(most, n)
	}
	t.Logf("%d chunks in %d messages: %v", chunks, len(counts), counts)
	if most < 2 || len(counts) >= chunks {
		t.Fatalf("download messages carried %v chunks: no batching", counts)
	}
}

func TestPullIntoExistingDestination(t *testing.T) {
	h := harness.Get(t)
	client, err := modelreg.Dial(h.Info.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dest := filepath.Join(t.TempDir(), "model")
	if err := os.MkdirAll(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(dest, "keep.txt")
	os.WriteFile(marker, []byte("mine"), 0o644)
	if _, err := client.Pull(ctx, h.Info.Model+":v2", dest); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("pull into an existing directory: %v", err)
	}
	if data, err := os.ReadFile(marker); err != nil || string(data) != "mine" {
		t.Fatalf("existing destination was touched: %q %v", data, err)
	}
	if _, err := client.Pull(ctx, h.Info.Model+":v2", dest, modelreg.WithOverwrite()); err != nil {
		t.Fatal(err)
	}
	harness.AssertSameTree(t, dest, h.Info.Sources["2"])
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Fatalf("leftovers beside dest: %v", entries)
	}
}

func TestPullCancelledLeavesNothing(t *testing.T) {
	h := harness.Get(t)
	client, err := modelreg.Dial(h.Info.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	parent := t.TempDir()
	dest := filepath.Join(parent, "model")
	_, err = client.Pull(ctx, h.Info.Model+":v1", dest, modelreg.WithProgress(func(done, total int64) {
		if done > 0 {
			cancel()
		}
	}))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled pull returned %v", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("a cancelled pull left %v", entries)
	}
}

func TestServerErrorsMapToGoErrors(t *testing.T) {
	h := harness.Get(t)
	client, err := modelreg.Dial(h.Info.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = client.Resolve(ctx, h.Info.Model+":nosuchalias")
	if !errors.Is(err, modelreg.ErrNotFound) || !modelreg.IsNotFound(err) {
		t.Fatalf("not a NOT_FOUND: %v", err)
	}
	if !errors.Is(err, &modelreg.Error{Code: codes.NotFound, Reason: "ALIAS_NOT_FOUND"}) {
		t.Fatalf("reason not matched: %v", err)
	}
	if errors.Is(err, &modelreg.Error{Code: codes.NotFound, Reason: "VERSION_NOT_FOUND"}) || errors.Is(err, modelreg.ErrInvalidArgument) {
		t.Fatalf("matched the wrong error: %v", err)
	}
	var e *modelreg.Error
	if !errors.As(err, &e) || e.Reason != "ALIAS_NOT_FOUND" || modelreg.Reason(err) != "ALIAS_NOT_FOUND" {
		t.Fatalf("details: %#v", e)
	}
	if e.Metadata == nil || e.Domain != modelreg.ErrorDomain {
		t.Fatalf("no ErrorInfo metadata in %#v", e)
	}

	// A watch the server refuses ends with that error.
	w, err := client.Watch(ctx, modelreg.WatchFilter{Aliases: []string{"Not An Alias!"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-w.Events():
		if ok {
			t.Fatal("an event for an invalid filter")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the refused watch did not end")
	}
	if !errors.Is(w.Err(), modelreg.ErrInvalidArgument) || modelreg.Reason(w.Err()) != "INVALID_ALIAS" {
		t.Fatalf("watch error %v", w.Err())
	}
	w.Close()
	if _, err := client.Watch(ctx, modelreg.WatchFilter{}, -5); !errors.Is(err, modelreg.ErrInvalidArgument) {
		t.Fatalf("negative cursor: %v", err)
	}
	if _, err := modelreg.ParseEventType("NO_SUCH_TYPE"); modelreg.Reason(err) != "INVALID_EVENT_TYPE" {
		t.Fatalf("ParseEventType: %v", err)
	}
}

func TestDialTokenNeedsTLSBeyondLoopback(t *testing.T) {
	_, err := modelreg.Dial("registry.example:443", &modelreg.Options{Token: "secret"})
	if !errors.Is(err, &modelreg.Error{Code: codes.FailedPrecondition, Reason: "PLAINTEXT_TOKEN"}) {
		t.Fatalf("a plaintext token to a remote host: %v", err)
	}
	for _, address := range []string{"dns:///registry.example:443", "ipv4:127.0.0.1:1,10.0.0.1:1"} {
		if _, err := modelreg.Dial(address, &modelreg.Options{Token: "secret"}); modelreg.Reason(err) != "PLAINTEXT_TOKEN" {
			t.Fatalf("%s: %v", address, err)
		}
	}
	for _, address := range []string{"127.0.0.1:50051", "localhost:50051", "[::1]:50051", "127.3.0.1:1",
		"unix:/tmp/modelreg.sock", "dns:///localhost:50051", "ipv4:127.0.0.1:1,127.0.0.2:1"} {
		c, err := modelreg.Dial(address, &modelreg.Options{Token: "secret"})
		if err != nil {
			t.Fatalf("%s: %v", address, err)
		}
		c.Close()
	}
	if _, err := modelreg.Dial("x:1", &modelreg.Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")}); err == nil {
		t.Fatal("a missing CA file was accepted")
	}
}

package modelreg_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/durationpb"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// A bare gRPC endpoint that refuses every call with code, naming a 1 ms RetryInfo delay and, if
// not empty, an ErrorInfo reason: the retry policy (docs/clients.md section 4) as it counts attempts.
func startRefuser(t *testing.T, code codes.Code, reason ...string) (string, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	server := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, _ grpc.ServerStream) error {
		calls.Add(1)
		details := []protoadapt.MessageV1{&errdetails.RetryInfo{RetryDelay: durationpb.New(time.Millisecond)}}
		if len(reason) > 0 {
			details = append(details, &errdetails.ErrorInfo{Reason: reason[0], Domain: modelreg.ErrorDomain})
		}
		st, err := status.New(code, "refused").WithDetails(details...)
		if err != nil {
			return err
		}
		return st.Err()
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go server.Serve(ln)
	t.Cleanup(server.Stop)
	return ln.Addr().String(), &calls
}

func TestUnaryRetryPolicy(t *testing.T) {
	for _, tc := range []struct {
		code  codes.Code
		calls int64
	}{{codes.Unavailable, 8}, {codes.NotFound, 1}, {codes.Internal, 1}, {codes.FailedPrecondition, 1}} {
		address, calls := startRefuser(t, tc.code)
		client, err := modelreg.Dial(address, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		_, err = client.Resolve(ctx, "m:v1")
		cancel()
		client.Close()
		if !errors.Is(err, &modelreg.Error{Code: tc.code}) || calls.Load() != tc.calls {
			t.Errorf("%s: %v after %d calls, want %d", modelreg.CodeName(tc.code), err, calls.Load(), tc.calls)
		}
		if time.Since(start) > 3*time.Second {
			t.Errorf("%s: took %s: RetryInfo's 1 ms delay was not used", modelreg.CodeName(tc.code), time.Since(start))
		}
	}
}

func TestUnaryRetryStopsWithTheContext(t *testing.T) {
	address, calls := startRefuser(t, codes.Unavailable)
	client, err := modelreg.Dial(address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := client.Resolve(ctx, "m:v1"); err == nil || calls.Load() > 1 {
		t.Fatalf("a cancelled call: %v after %d calls", err, calls.Load())
	}
}

// The generated stubs keep the policy (the interceptor): a once-only call is sent again only when
// the server refused it with a reason, a safe one whatever the UNAVAILABLE.
func TestUnaryRetryPolicyOfOnceOnlyCalls(t *testing.T) {
	for _, tc := range []struct {
		reason string
		call   func(modelregv1.RegistryServiceClient) error
		calls  int64
	}{
		{"", setAlias, 1},
		{"DATABASE_BUSY", setAlias, 8},
		{"", getVersion, 8},
		{"DATABASE_BUSY", getVersion, 8},
	} {
		address, calls := startRefuser(t, codes.Unavailable, tc.reason)
		client, err := modelreg.Dial(address, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = tc.call(client.Registry())
		client.Close()
		if status.Code(err) != codes.Unavailable || calls.Load() != tc.calls {
			t.Errorf("reason %q: %v after %d calls, want %d", tc.reason, err, calls.Load(), tc.calls)
		}
	}
}

func setAlias(registry modelregv1.RegistryServiceClient) error {
	_, err := registry.SetAlias(context.Background(), &modelregv1.SetAliasRequest{Model: "m", Alias: "a", Version: 1})
	return err
}

func getVersion(registry modelregv1.RegistryServiceClient) error {
	_, err := registry.GetVersion(context.Background(), &modelregv1.GetVersionRequest{Name: "m:v1"})
	return err
}

// Against the real server: while another process holds its database's write lock, a CreateModel
// is refused with UNAVAILABLE DATABASE_BUSY, which changed nothing, so the stub sends it again
// until the lock is released; the model is created once.
func TestOnceOnlyCallRefusedByABusyDatabaseIsRetried(t *testing.T) {
	server := harness.StartServer(t, "--db-busy-timeout", "0.2")
	python, err := harness.Python(harness.RepoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	lock := exec.Command(python, "-c", `import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()`, filepath.Join(server.DataDir, "registry.db"))
	release, err := lock.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	locked, err := lock.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := lock.Start(); err != nil {
		t.Fatal(err)
	}
	defer lock.Wait()
	defer release.Close()
	if line, err := bufio.NewReader(locked).ReadString('\n'); err != nil || line != "locked\n" {
		t.Fatalf("locking the database: %q %v", line, err)
	}

	var attempts atomic.Int64
	count := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
		invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if method == "/modelreg.v1.RegistryService/CreateModel" {
			attempts.Add(1)
			if modelreg.Reason(modelreg.FromError(err)) == "DATABASE_BUSY" && attempts.Load() == 2 {
				release.Close() // refused twice: let the next attempt through
			}
		}
		return err
	}
	client, err := modelreg.Dial(server.Address, &modelreg.Options{
		DialOptions: []grpc.DialOption{grpc.WithChainUnaryInterceptor(count)}})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := client.Registry().CreateModel(ctx, &modelregv1.CreateModelRequest{ModelId: "busy"}); err != nil {
		t.Fatalf("CreateModel after %d attempts: %v", attempts.Load(), err)
	}
	if attempts.Load() < 3 {
		t.Fatalf("%d attempts: the database lock refused none", attempts.Load())
	}
	_, err = client.Registry().CreateModel(ctx, &modelregv1.CreateModelRequest{ModelId: "busy"})
	if status.Code(err) != codes.AlreadyExists {
		t.Fatalf("the model again: %v, want ALREADY_EXISTS", err)
	}
}

package modelreg_test

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/modelreg/modelreg/client/go/modelreg"
)

// A bare gRPC endpoint that refuses every call with code, naming a 1 ms RetryInfo delay: the
// retry policy (docs/clients.md section 4) as it counts attempts.
func startRefuser(t *testing.T, code codes.Code) (string, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	server := grpc.NewServer(grpc.UnknownServiceHandler(func(_ any, _ grpc.ServerStream) error {
		calls.Add(1)
		st, err := status.New(code, "refused").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(time.Millisecond)})
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

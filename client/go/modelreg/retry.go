package modelreg

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The one retry policy of every client (docs/clients.md, section 4):
//
//   - a unary call refused with UNAVAILABLE (whatever its reason) is tried again, 8 attempts in all
//     (retryUnary, installed on every connection Dial makes, so the generated stubs keep it too);
//   - an upload or download cut by the transport (UNAVAILABLE, or INTERNAL/UNKNOWN from a reset
//     stream) is resumed until streamFailures failures in a row without progress;
//   - a watch is resumed for as long as it is open, its count reset by every event or progress;
//   - before retry n (failures in a row so far, from 0) the client waits the server's RetryInfo
//     delay, else min(5 s, 0.1 s × 2ⁿ) × uniform(0.5, 1);
//   - never a call the caller cancelled or whose deadline passed.
const (
	unaryAttempts  = 8
	streamFailures = 8
	retryBase      = 100 * time.Millisecond
	retryMax       = 5 * time.Second
)

// retryDelay is how long to wait before retry n (0 for the first) after err.
func retryDelay(n int, err error) time.Duration {
	if d, ok := serverDelay(err); ok {
		return d
	}
	d := retryMax
	if n < 10 {
		d = min(retryMax, retryBase<<n)
	}
	return time.Duration(float64(d) * (0.5 + rand.Float64()/2))
}

// serverDelay is the delay of a google.rpc.RetryInfo in err's status, if it has one.
func serverDelay(err error) (time.Duration, bool) {
	if err == nil {
		return 0, false
	}
	st, ok := status.FromError(err)
	if !ok {
		return 0, false
	}
	for _, detail := range st.Details() {
		if info, ok := detail.(*errdetails.RetryInfo); ok && info.GetRetryDelay() != nil {
			if d := info.GetRetryDelay().AsDuration(); d >= 0 {
				return d, true
			}
		}
	}
	return 0, false
}

// retryUnary is the unary interceptor that retries UNAVAILABLE up to unaryAttempts attempts.
func retryUnary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	for n := 0; ; n++ {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if err == nil || status.Code(err) != codes.Unavailable || n == unaryAttempts-1 || ctx.Err() != nil ||
			handshakeFailed(err) {
			return err
		}
		if sleep(ctx, retryDelay(n, err)) != nil {
			return err
		}
	}
}

// handshakeFailed reports whether err is a TLS handshake that failed (an untrusted server
// certificate, or the server refusing the client's): explained at once rather than retried, since
// trying again cannot mend it.
func handshakeFailed(err error) bool {
	message := status.Convert(err).Message()
	return strings.Contains(message, "authentication handshake failed") || strings.Contains(message, "remote error: tls:")
}

// resumable reports whether a failed stream (upload, download, watch) may be resumed: cut by the
// transport. The caller checks its own context first, so a cancelled call is never resumed.
func resumable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case codes.Unavailable, codes.Internal, codes.Unknown:
		return true
	}
	return false
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

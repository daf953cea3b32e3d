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
//     (retryUnary, installed on every connection Dial makes, so the generated stubs keep it too),
//     except a once-only call (onceOnly), tried again only when the server refused it with a reason;
//   - an upload or download cut with UNAVAILABLE, INTERNAL, UNKNOWN or CANCELLED (what gRPC reports
//     for a stream the server reset) is resumed until streamFailures failures in a row without
//     progress;
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

// onceOnly holds the unary methods that would change something twice if they ran twice: the
// Python SDK's registry.ONCE_ONLY (docs/clients.md 4), the same list in every client
// (tests/conformance/contract.json's once_only; TestOnceOnlyIsTheContractsList checks it).
var onceOnly = methodSet(map[string][]string{
	"modelreg.v1.RegistryService": {"CreateModel", "UpdateModel", "DeleteModel", "UpdateVersion", "SetAlias",
		"DeleteAlias", "AddLineage"},
	"modelreg.v1.AccessService": {"CreatePrincipal", "DeletePrincipal", "CreateToken", "GrantRole", "RevokeRole",
		"CreateProtectedAlias", "DeleteProtectedAlias"},
	"modelreg.v1.AutomationService": {"CreateWebhook", "UpdateWebhook", "DeleteWebhook", "TestWebhook",
		"RetryWebhookDelivery"},
	"modelreg.v1.MonitoringService": {"CreateMonitor", "DeleteMonitor"},
})

// methodSet is the full method names ("/modelreg.v1.RegistryService/SetAlias") of services' methods.
func methodSet(services map[string][]string) map[string]bool {
	set := map[string]bool{}
	for service, methods := range services {
		for _, m := range methods {
			set["/"+service+"/"+m] = true
		}
	}
	return set
}

// retried reports whether a unary call of method that failed with err is sent again: on
// UNAVAILABLE, which the server answers to an attempt it refused unchanged. A once-only call only
// when the server said so with a reason (DATABASE_BUSY, DATABASE_CONFLICT): an UNAVAILABLE without
// one is the transport's, and the call may have run.
func retried(method string, err error) bool {
	if status.Code(err) != codes.Unavailable || handshakeFailed(err) {
		return false
	}
	return !onceOnly[method] || refusedWithReason(err)
}

// refusedWithReason reports whether err's status carries a google.rpc.ErrorInfo with a reason.
func refusedWithReason(err error) bool {
	for _, detail := range status.Convert(err).Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok && info.GetReason() != "" {
			return true
		}
	}
	return false
}

// retryUnary is the unary interceptor that sends a call again while retried says so, up to
// unaryAttempts attempts.
func retryUnary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	for n := 0; ; n++ {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if err == nil || ctx.Err() != nil || !retried(method, err) || n == unaryAttempts-1 {
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
// transport, or reset by the server (CANCELLED, e.g. a server whose shutdown grace ran out). Every
// loop checks its own context first, so a stream the caller cancelled is never resumed.
func resumable(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case codes.Unavailable, codes.Internal, codes.Unknown, codes.Canceled:
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

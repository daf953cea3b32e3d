package modelreg

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/modelreg/modelreg/client/go/internal/harness"
)

func TestRetryDelay(t *testing.T) {
	for n, ceiling := range []time.Duration{100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000} {
		ceiling *= time.Millisecond
		for range 200 {
			if d := retryDelay(n, nil); d < ceiling/2 || d > ceiling {
				t.Fatalf("retry %d: %s, want %s..%s", n, d, ceiling/2, ceiling)
			}
		}
	}
	if d := retryDelay(1000, nil); d < 2500*time.Millisecond || d > 5*time.Second {
		t.Fatalf("retry 1000: %s", d)
	}
}

// refusal is an UNAVAILABLE status as the server sends it, with an ErrorInfo reason when reason is
// not empty (DATABASE_BUSY), or as the transport reports a cut (no details).
func refusal(t *testing.T, code codes.Code, reason string) error {
	t.Helper()
	st := status.New(code, "refused")
	if reason != "" {
		var err error
		if st, err = st.WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: ErrorDomain}); err != nil {
			t.Fatal(err)
		}
	}
	return st.Err()
}

func TestOnceOnlyCallsAreRetriedOnlyWhenRefusedWithAReason(t *testing.T) {
	for _, tc := range []struct {
		method string
		code   codes.Code
		reason string
		want   bool
	}{
		{"/modelreg.v1.RegistryService/SetAlias", codes.Unavailable, "DATABASE_BUSY", true},
		{"/modelreg.v1.RegistryService/SetAlias", codes.Unavailable, "", false},
		{"/modelreg.v1.MonitoringService/CreateMonitor", codes.Unavailable, "DATABASE_CONFLICT", true},
		{"/modelreg.v1.MonitoringService/CreateMonitor", codes.Unavailable, "", false},
		{"/modelreg.v1.RegistryService/GetVersion", codes.Unavailable, "DATABASE_BUSY", true},
		{"/modelreg.v1.RegistryService/GetVersion", codes.Unavailable, "", true},
		{"/modelreg.v1.RegistryService/CreateVersion", codes.Unavailable, "", true},
		{"/modelreg.v1.RegistryService/GetVersion", codes.Internal, "", false},
		{"/modelreg.v1.RegistryService/SetAlias", codes.Aborted, "ALIAS_CONFLICT", false},
	} {
		if got := retried(tc.method, refusal(t, tc.code, tc.reason)); got != tc.want {
			t.Errorf("%s %s %q: retried %v, want %v", tc.method, CodeName(tc.code), tc.reason, got, tc.want)
		}
	}
}

func TestStreamsResumeAfterACutOrAServerReset(t *testing.T) {
	for code, want := range map[codes.Code]bool{codes.Unavailable: true, codes.Internal: true, codes.Unknown: true,
		codes.Canceled: true, codes.DeadlineExceeded: false, codes.NotFound: false} {
		if got := resumable(FromError(refusal(t, code, ""))); got != want {
			t.Errorf("%s: resumable %v, want %v", CodeName(code), got, want)
		}
	}
	if resumable(context.Canceled) {
		t.Error("the caller's own cancellation is resumable")
	}
}

func TestOnceOnlyIsTheContractsList(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(harness.RepoRoot(t), "tests", "conformance", "contract.json"))
	if err != nil {
		t.Fatal(err)
	}
	var contract struct {
		OnceOnly map[string][]string `json:"once_only"`
	}
	if err := json.Unmarshal(data, &contract); err != nil {
		t.Fatal(err)
	}
	if want := methodSet(contract.OnceOnly); len(want) == 0 || !maps.Equal(onceOnly, want) {
		t.Errorf("onceOnly %v, contract.json's once_only %v", slices.Sorted(maps.Keys(onceOnly)), slices.Sorted(maps.Keys(want)))
	}
}

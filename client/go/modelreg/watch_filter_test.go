package modelreg_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// A filter the server refuses ends the watch with that refusal instead of reconnecting forever.
func TestWatchBadFilterEndsTheWatch(t *testing.T) {
	h := harness.Get(t)
	client, err := modelreg.Dial(h.Info.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	w, err := client.Watch(ctx, modelreg.WatchFilter{Filter: "type = ALIAS_SET AND"}, modelreg.FromNow)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for event := range w.Events() {
		t.Fatalf("event %v from a refused watch", event)
	}
	var e *modelreg.Error
	if !errors.As(w.Err(), &e) || e.Code != codes.InvalidArgument || e.Reason != "INVALID_FILTER" || e.Metadata["position"] != "20" {
		t.Errorf("watch ended with %v, want INVALID_ARGUMENT INVALID_FILTER at 20", w.Err())
	}
}

package modelreg

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// FromNow, as Watch's after, asks for the events committed after the call only.
const FromNow int64 = -1

// WatchFilter selects events. Filters of different kinds are ANDed, values within one are ORed;
// empty means any.
type WatchFilter struct {
	// Filter is an AIP-160 filter over events (docs/filters.md), ANDed with the lists below:
	// fields type, model, alias, version, actor, time; e.g.
	// `model = "sentiment-*" AND (type = ALIAS_SET OR type = ALIAS_DELETED)`. A bad one ends the
	// watch with INVALID_ARGUMENT / INVALID_FILTER (Metadata "position", "expected").
	Filter string
	// Models are model ids.
	Models []string
	// Types are event types, e.g. modelregv1.EventType_EVENT_TYPE_ALIAS_SET (see ParseEventType).
	Types []EventType
	// Aliases only keep alias events of these aliases.
	Aliases []string
	// ProgressInterval is how often the server reports its head while idle (default 10s, server
	// range 100ms..1h). The watcher reconnects when it hears nothing for 3 intervals + 5s.
	ProgressInterval time.Duration
}

// ParseEventType accepts "ALIAS_SET", "alias_set" or "EVENT_TYPE_ALIAS_SET".
func ParseEventType(name string) (EventType, error) {
	full := strings.ToUpper(name)
	if !strings.HasPrefix(full, "EVENT_TYPE_") {
		full = "EVENT_TYPE_" + full
	}
	value, ok := modelregv1.EventType_value[full]
	if !ok || value == 0 {
		return 0, &Error{Code: codes.InvalidArgument, Reason: "INVALID_EVENT_TYPE",
			Message: fmt.Sprintf("unknown event type %q", name)}
	}
	return EventType(value), nil
}

// EventTypeName is the short name of an event type, e.g. "ALIAS_SET".
func EventTypeName(t EventType) string {
	return strings.TrimPrefix(t.String(), "EVENT_TYPE_")
}

// Watcher delivers events on Events until it is closed, its context ends, or the server refuses
// the watch (then Err says why). It reconnects by itself after a disconnect or a server restart,
// resuming after the last event delivered, so no event is lost or repeated.
type Watcher struct {
	client *Client
	filter WatchFilter
	events chan *Event
	cancel context.CancelFunc
	done   chan struct{}
	closed atomic.Bool
	last   atomic.Int64

	mu  sync.Mutex
	err error
}

// Watch streams the events after sequence after (FromNow: those committed from now on) that match
// filter. With FromNow the current head is fetched first, so every event committed after Watch
// returns is delivered, even across reconnects.
func (c *Client) Watch(ctx context.Context, filter WatchFilter, after int64) (*Watcher, error) {
	if after < FromNow {
		return nil, &Error{Code: codes.InvalidArgument, Reason: "INVALID_CURSOR",
			Message: fmt.Sprintf("after must be a sequence or FromNow, not %d", after)}
	}
	if after == FromNow {
		head, err := c.EventHead(ctx)
		if err != nil {
			return nil, err
		}
		after = head
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{client: c, filter: filter, events: make(chan *Event), cancel: cancel, done: make(chan struct{})}
	w.last.Store(after)
	go w.run(ctx)
	return w, nil
}

// Events is closed when the watch ends. It is unbuffered: an event counts as delivered (and a
// reconnect resumes after it) once it has been received.
func (w *Watcher) Events() <-chan *Event { return w.events }

// LastSequence is the sequence of the last event delivered, or the head the server confirmed
// since: the point a later Watch can resume from.
func (w *Watcher) LastSequence() int64 { return w.last.Load() }

// Err is why the watch ended: nil after Close, the context's error if it ended, else the server's
// refusal (e.g. OUT_OF_RANGE CURSOR_COMPACTED). Valid once Events is closed.
func (w *Watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close ends the watch and waits for its goroutine; Events is closed. Safe to call more than once.
func (w *Watcher) Close() {
	w.closed.Store(true)
	w.cancel()
	<-w.done
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	defer close(w.events)
	failures := 0
	for {
		err := w.stream(ctx, &failures)
		if ctx.Err() != nil {
			if !w.closed.Load() {
				w.setErr(ctx.Err())
			}
			return
		}
		if err != nil && !resumable(err) {
			w.setErr(err)
			return
		}
		// Cut, restarted, or ended by the server: resume after the last delivered event.
		// The retry policy's delay (retry.go), for as long as the watch is open.
		delay := retryDelay(failures, err)
		failures++
		if sleep(ctx, delay) != nil {
			if !w.closed.Load() {
				w.setErr(ctx.Err())
			}
			return
		}
	}
}

func (w *Watcher) setErr(err error) {
	w.mu.Lock()
	w.err = err
	w.mu.Unlock()
}

// stream runs one Watch call until it ends; nil means the server closed it cleanly.
func (w *Watcher) stream(ctx context.Context, failures *int) error {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	request := &modelregv1.WatchRequest{
		AfterSequence: proto.Int64(w.last.Load()),
		Models:        w.filter.Models,
		EventTypes:    w.filter.Types,
		Aliases:       w.filter.Aliases,
		Filter:        w.filter.Filter,
	}
	interval := 10 * time.Second
	if w.filter.ProgressInterval > 0 {
		interval = w.filter.ProgressInterval
		request.ProgressInterval = durationpb.New(interval)
	}
	// A watchdog: the server speaks at least every interval, so silence means a dead connection.
	idle := 3*interval + 5*time.Second
	var silent atomic.Bool
	watchdog := time.AfterFunc(idle, func() { silent.Store(true); cancel() })
	defer watchdog.Stop()

	stream, err := w.client.events.Watch(sctx, request)
	if err != nil {
		return FromError(err)
	}
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if silent.Load() && ctx.Err() == nil {
				return &Error{Code: codes.Unavailable, Message: fmt.Sprintf("no word from the server in %s", idle)}
			}
			return FromError(err)
		}
		*failures = 0
		switch kind := resp.GetKind().(type) {
		case *modelregv1.WatchResponse_Event:
			event := kind.Event
			if event.GetSequence() <= w.last.Load() {
				continue // already delivered
			}
			watchdog.Stop()
			select {
			case w.events <- event:
				w.last.Store(event.GetSequence())
			case <-ctx.Done():
				return ctx.Err()
			}
		case *modelregv1.WatchResponse_Progress:
			// Every event up to the head has been checked against the filters.
			if head := kind.Progress.GetHeadSequence(); head > w.last.Load() {
				w.last.Store(head)
			}
		}
		if !watchdog.Reset(idle) && silent.Load() {
			return &Error{Code: codes.Unavailable, Message: fmt.Sprintf("no word from the server in %s", idle)}
		}
	}
}

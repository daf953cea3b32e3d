package modelreg_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

func TestMain(m *testing.M) {
	code := m.Run()
	harness.Shutdown()
	os.Exit(code)
}

// The shared conformance scenarios (tests/conformance/scenarios.json), run with this library
// against the real server that tests/conformance/harness.py starts: the Go twin of
// tests/test_conformance.py.

type scenario struct {
	Name  string           `json:"name"`
	Steps []map[string]any `json:"steps"`
}

func loadScenarios(t *testing.T) []scenario {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(harness.RepoRoot(t), "tests", "conformance", "scenarios.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Format    int        `json:"format"`
		Scenarios []scenario `json:"scenarios"`
	}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	if err := decoder.Decode(&spec); err != nil {
		t.Fatal(err)
	}
	if spec.Format != 1 || len(spec.Scenarios) == 0 {
		t.Fatalf("unexpected scenarios file: format %d, %d scenarios", spec.Format, len(spec.Scenarios))
	}
	return spec.Scenarios
}

// expand replaces {model}, {digest:N} and {saved:NAME} in every string of a step.
func expand(h *harness.Harness, value any) any {
	switch v := value.(type) {
	case string:
		v = strings.ReplaceAll(v, "{model}", h.Info.Model)
		for number, digest := range h.Info.Digests {
			v = strings.ReplaceAll(v, "{digest:"+number+"}", digest)
		}
		for name, sequence := range h.Saved {
			v = strings.ReplaceAll(v, "{saved:"+name+"}", strconv.FormatInt(sequence, 10))
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = expand(h, item)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = expand(h, item)
		}
		return out
	}
	return value
}

func TestConformance(t *testing.T) {
	scenarios := loadScenarios(t)
	h := harness.Get(t)
	client, err := modelreg.Dial(h.Info.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ran := 0
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			runScenario(t, h, client, sc)
			ran++
		})
	}
	if ran != len(scenarios) {
		t.Errorf("ran %d of %d scenarios", ran, len(scenarios))
	}
}

func runScenario(t *testing.T, h *harness.Harness, client *modelreg.Client, sc scenario) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var watcher *modelreg.Watcher
	defer func() {
		if watcher != nil {
			watcher.Close()
		}
	}()
	tmp := t.TempDir()
	for i, raw := range sc.Steps {
		step := expand(h, raw).(map[string]any)
		expect, _ := step["expect"].(map[string]any)
		switch {
		case step["resolve"] != nil:
			version, err := client.Resolve(ctx, step["resolve"].(string))
			check(t, i, expect, err, func() map[string]any {
				return map[string]any{"version": version.GetNumber(), "digest": version.GetDigest()}
			})
		case step["pull"] != nil:
			dest := filepath.Join(tmp, fmt.Sprintf("pull-%d", i))
			_, err := client.Pull(ctx, step["pull"].(string), dest)
			check(t, i, expect, err, func() map[string]any { return map[string]any{} })
			if n, ok := expect["same_as_version"]; ok && err == nil {
				harness.AssertSameTree(t, dest, h.Info.Sources[fmt.Sprint(n)])
			}
			if expect["no_destination"] == true {
				if _, statErr := os.Lstat(dest); !errors.Is(statErr, os.ErrNotExist) {
					t.Errorf("step %d: %s exists after a failed pull (%v)", i, dest, statErr)
				}
			}
			assertNoLeftovers(t, tmp)
		case step["list_models"] != nil || step["list_versions"] != nil || step["search_versions"] != nil:
			kind, items, err := listing(ctx, client, step)
			check(t, i, expect, err, func() map[string]any { return map[string]any{kind: items} })
		case step["watch_start"] != nil:
			spec := step["watch_start"].(map[string]any)
			filter := modelreg.WatchFilter{Models: strings_(spec["models"]), Aliases: strings_(spec["aliases"])}
			filter.Filter, _ = spec["filter"].(string)
			for _, name := range strings_(spec["types"]) {
				eventType, err := modelreg.ParseEventType(name)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				filter.Types = append(filter.Types, eventType)
			}
			after := modelreg.FromNow
			if a, ok := spec["after"]; ok {
				n, err := strconv.ParseInt(fmt.Sprint(a), 10, 64)
				if err != nil {
					t.Fatalf("step %d: after %v: %v", i, a, err)
				}
				after = n
			}
			w, err := client.Watch(ctx, filter, after)
			if err != nil {
				t.Fatalf("step %d: watch: %v", i, err)
			}
			watcher = w
		case step["watch_expect"] != nil:
			if watcher == nil {
				t.Fatalf("step %d: watch_expect without watch_start", i)
			}
			for _, item := range step["watch_expect"].([]any) {
				expectEvent(t, i, watcher, item.(map[string]any))
			}
		case step["watch_stop"] != nil:
			if watcher == nil {
				t.Fatalf("step %d: watch_stop without watch_start", i)
			}
			watcher.Close()
			if err := watcher.Err(); err != nil {
				t.Errorf("step %d: watch ended with %v", i, err)
			}
			watcher = nil
		case step["harness"] != nil:
			reply, err := h.Send(step["harness"].(map[string]any))
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if name, ok := step["save"].(string); ok {
				sequence, ok := reply["sequence"].(float64)
				if !ok {
					t.Fatalf("step %d: reply %v has no sequence", i, reply)
				}
				h.Saved[name] = int64(sequence)
			}
		default:
			t.Fatalf("step %d: unknown step %v", i, step)
		}
		if t.Failed() {
			return
		}
	}
}

// listing runs a list step through the client's list methods, every page: the model ids or the
// versions as MODEL:NUMBER, in order.
func listing(ctx context.Context, client *modelreg.Client, step map[string]any) (string, []string, error) {
	var spec map[string]any
	for _, name := range []string{"list_models", "list_versions", "search_versions"} {
		if s, ok := step[name].(map[string]any); ok {
			spec = s
		}
	}
	opts := modelreg.ListOptions{}
	opts.Filter, _ = spec["filter"].(string)
	opts.OrderBy, _ = spec["order_by"].(string)
	if n, ok := spec["page_size"].(json.Number); ok {
		size, _ := n.Int64()
		opts.PageSize = int32(size)
	}
	items := []string{}
	if step["list_models"] != nil {
		for m, err := range client.ListModels(ctx, opts) {
			if err != nil {
				return "models", nil, err
			}
			items = append(items, strings.TrimPrefix(m.GetName(), "models/"))
		}
		return "models", items, nil
	}
	versions := client.SearchVersions(ctx, opts)
	if step["list_versions"] != nil {
		versions = client.ListVersions(ctx, spec["parent"].(string), opts)
	}
	for v, err := range versions {
		if err != nil {
			return "versions", nil, err
		}
		items = append(items, fmt.Sprintf("%s:%d", v.GetModel(), v.GetNumber()))
	}
	return "versions", items, nil
}

func strings_(value any) []string {
	items, _ := value.([]any)
	out := make([]string, 0, len(items))
	for _, item := range items {
		out = append(out, item.(string))
	}
	return out
}

// outcome is what an error means in the scenarios' terms: a gRPC code name and reason, or
// INTEGRITY when the client rejected the bytes itself.
func outcome(err error) map[string]any {
	var integrity *modelreg.IntegrityError
	if errors.As(err, &integrity) {
		return map[string]any{"code": "INTEGRITY", "reason": integrity.Reason}
	}
	var e *modelreg.Error
	if errors.As(err, &e) {
		return map[string]any{"code": modelreg.CodeName(e.Code), "reason": e.Reason}
	}
	return map[string]any{"code": "NOT_A_MODELREG_ERROR", "reason": err.Error()}
}

func check(t *testing.T, step int, expect map[string]any, err error, result func() map[string]any) {
	t.Helper()
	if want, ok := expect["error"].(map[string]any); ok {
		if err == nil {
			t.Errorf("step %d: expected %v, got success", step, want)
			return
		}
		got := outcome(err)
		for k, v := range want {
			if k == "metadata" {
				var e *modelreg.Error
				errors.As(err, &e)
				for key, value := range v.(map[string]any) {
					if e == nil || e.Metadata[key] != value {
						t.Errorf("step %d: error metadata %s, want %v (%v)", step, key, value, err)
					}
				}
				continue
			}
			if fmt.Sprint(got[k]) != fmt.Sprint(v) {
				t.Errorf("step %d: error %s = %v, want %v (%v)", step, k, got[k], v, err)
			}
		}
		return
	}
	if err != nil {
		t.Errorf("step %d: unexpected error %v", step, err)
		return
	}
	got := result()
	for k, v := range expect {
		if g, ok := got[k]; ok && fmt.Sprint(g) != fmt.Sprint(v) {
			t.Errorf("step %d: %s = %v, want %v", step, k, g, v)
		}
	}
}

func expectEvent(t *testing.T, step int, w *modelreg.Watcher, want map[string]any) {
	t.Helper()
	timer := time.NewTimer(20 * time.Second)
	defer timer.Stop()
	select {
	case event, ok := <-w.Events():
		if !ok {
			t.Fatalf("step %d: the watch ended (%v) before %v", step, w.Err(), want)
		}
		got := map[string]any{
			"type": modelreg.EventTypeName(event.GetType()), "model": event.GetModel(), "alias": event.GetAlias(),
			"version": event.GetVersion(), "previous_version": event.GetPreviousVersion(),
		}
		for k, v := range want {
			g, known := got[k]
			if !known {
				t.Fatalf("step %d: unknown event field %q", step, k)
			}
			if fmt.Sprint(g) != fmt.Sprint(v) {
				t.Errorf("step %d: event %d: %s = %v, want %v (event %v)", step, event.GetSequence(), k, g, v, event)
			}
		}
	case <-timer.C:
		t.Fatalf("step %d: no event within 20s, want %v", step, want)
	}
}

// assertNoLeftovers fails if a pull left a temporary directory behind.
func assertNoLeftovers(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("leftover %s in %s", e.Name(), dir)
		}
	}
}

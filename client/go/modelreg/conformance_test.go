package modelreg_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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

// conformanceFile is scenarios.json or contract.json (which adds push_files).
type conformanceFile struct {
	Format    int        `json:"format"`
	Scenarios []scenario `json:"scenarios"`
	PushFiles []any      `json:"push_files"`
}

func loadScenarios(t *testing.T, name string) conformanceFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(harness.RepoRoot(t), "tests", "conformance", name))
	if err != nil {
		t.Fatal(err)
	}
	var spec conformanceFile
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	if err := decoder.Decode(&spec); err != nil {
		t.Fatal(err)
	}
	if spec.Format != 1 || len(spec.Scenarios) == 0 {
		t.Fatalf("unexpected %s: format %d, %d scenarios", name, spec.Format, len(spec.Scenarios))
	}
	return spec
}

// expand replaces {model}, {address}, {digest:N}, {source:N} and {saved:NAME} in every string of
// a step, and a string that is exactly {push_files} by the push_files list.
func expand(h *harness.Harness, spec conformanceFile, value any) any {
	switch v := value.(type) {
	case string:
		if v == "{push_files}" && spec.PushFiles != nil {
			return expand(h, spec, spec.PushFiles)
		}
		v = strings.ReplaceAll(v, "{model}", h.Info.Model)
		v = strings.ReplaceAll(v, "{address}", h.Info.Address)
		for number, digest := range h.Info.Digests {
			v = strings.ReplaceAll(v, "{digest:"+number+"}", digest)
		}
		for number, source := range h.Info.Sources {
			v = strings.ReplaceAll(v, "{source:"+number+"}", source)
		}
		for name, saved := range h.Saved {
			v = strings.ReplaceAll(v, "{saved:"+name+"}", saved)
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = expand(h, spec, item)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = expand(h, spec, item)
		}
		return out
	}
	return value
}

// TestConformance runs scenarios.json, then the client contract's scenarios (contract.json,
// docs/clients.md), against one harness and one client.
func TestConformance(t *testing.T) {
	h := harness.Get(t)
	client, err := modelreg.Dial(h.Info.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	for _, file := range []string{"scenarios.json", "contract.json"} {
		spec := loadScenarios(t, file)
		ran := 0
		for _, sc := range spec.Scenarios {
			t.Run(sc.Name, func(t *testing.T) {
				runScenario(t, h, client, spec, sc)
				ran++
			})
		}
		if ran != len(spec.Scenarios) {
			t.Errorf("%s: ran %d of %d scenarios", file, ran, len(spec.Scenarios))
		}
	}
}

func runScenario(t *testing.T, h *harness.Harness, client *modelreg.Client, spec conformanceFile, sc scenario) {
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
		step := expand(h, spec, raw).(map[string]any)
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
				h.Saved[name] = strconv.FormatInt(int64(sequence), 10)
			}
			if name, ok := step["save_digest"].(string); ok {
				digest, ok := reply["digest"].(string)
				if !ok {
					t.Fatalf("step %d: reply %v has no digest", i, reply)
				}
				h.Saved[name] = digest
			}
		case step["settings"] != nil:
			address, opts, env := settingsArgs(step["settings"])
			settings, err := modelreg.ResolveSettings(address, opts, env)
			check(t, i, expect, err, func() map[string]any {
				return map[string]any{"server": settings.Server, "token": settings.Token, "tls": settings.TLS,
					"tls_ca": settings.CAFile, "tls_cert": settings.CertFile, "tls_key": settings.KeyFile}
			})
		case step["connect"] != nil:
			address, opts, env := settingsArgs(step["connect"])
			settings, err := modelreg.ResolveSettings(address, opts, env)
			var connected *modelreg.Client
			if err == nil {
				connected, err = modelreg.DialSettings(settings, opts)
			}
			check(t, i, expect, err, func() map[string]any { return map[string]any{} })
			if err == nil {
				defer connected.Close()
				client = connected // the following steps of this scenario use it
			}
		case step["push"] != nil:
			pushStep(ctx, t, i, client, step["push"].(map[string]any), expect, filepath.Join(tmp, fmt.Sprintf("push-%d", i)))
		default:
			t.Fatalf("step %d: unknown step %v", i, step)
		}
		if t.Failed() {
			return
		}
	}
}

// settingsArgs is a settings or connect step's arguments for ResolveSettings: Dial's address, its
// Options and the environment map.
func settingsArgs(value any) (string, *modelreg.Options, map[string]string) {
	spec := value.(map[string]any)
	env := map[string]string{}
	for k, v := range spec["env"].(map[string]any) {
		env[k] = v.(string)
	}
	args, _ := spec["args"].(map[string]any)
	str := func(name string) string { s, _ := args[name].(string); return s }
	opts := &modelreg.Options{Token: str("token"), CAFile: str("tls_ca"), ClientCertFile: str("tls_cert"),
		ClientKeyFile: str("tls_key"), Timeout: 60 * time.Second}
	opts.TLS, _ = args["tls"].(bool)
	opts.AllowPlaintextToken, _ = args["allow_plaintext_token"].(bool)
	return str("server"), opts, env
}

// pushStep pushes spec's dir, or its files materialized into dir, with client.Push, and checks
// the digest and the raw bytes uploaded (the "upload" phase's bytes done, over every upload round).
func pushStep(ctx context.Context, t *testing.T, i int, client *modelreg.Client, spec, expect map[string]any, dir string) {
	t.Helper()
	source, _ := spec["dir"].(string)
	if files, ok := spec["files"].([]any); ok {
		materialize(t, files, dir)
		source = dir
	}
	var uploaded, round int64
	progress := func(phase string, done, total int64) {
		if phase != "upload" {
			return
		}
		if done < round { // a new upload round (after a resume) counts from 0 again
			uploaded += round
		}
		round = done
	}
	version, err := client.Push(ctx, spec["model"].(string), source, &modelreg.PushOptions{Progress: progress})
	check(t, i, expect, err, func() map[string]any {
		return map[string]any{"digest": version.GetDigest(), "uploaded_bytes": uploaded + round}
	})
}

// generate is a file's content from a generator spec of the conformance files, as harness.py's
// generate makes it.
func generate(t *testing.T, spec map[string]any) []byte {
	t.Helper()
	number := func(v any) int64 {
		n, err := v.(json.Number).Int64()
		if err != nil {
			t.Fatalf("generator %v: %v", spec, err)
		}
		return n
	}
	switch {
	case spec["text"] != nil:
		return []byte(spec["text"].(string))
	case spec["repeat"] != nil:
		r := spec["repeat"].(map[string]any)
		pattern, err := hex.DecodeString(r["pattern"].(string))
		if err != nil || len(pattern) == 0 {
			t.Fatalf("generator %v: pattern %v", spec, err)
		}
		size := int(number(r["size"]))
		return bytes.Repeat(pattern, size/len(pattern)+1)[:size]
	case spec["lcg"] != nil:
		l := spec["lcg"].(map[string]any)
		x, out := uint64(number(l["seed"])), make([]byte, number(l["size"]))
		for i := range out {
			x = (x*1103515245 + 12345) % (1 << 31)
			out[i] = byte(x >> 16)
		}
		return out
	case spec["f32"] != nil:
		f := spec["f32"].(map[string]any)
		x, count := uint64(number(f["seed"])), number(f["count"])
		out := make([]byte, 0, 4*count)
		for range count {
			x = (x*1103515245 + 12345) % (1 << 31)
			v := (float64(x)/2147483648.0 - 0.5) * 0.1
			out = binary.LittleEndian.AppendUint32(out, math.Float32bits(float32(v)))
		}
		return out
	}
	t.Fatalf("unknown generator in %v", spec)
	return nil
}

// materialize writes the files of generator specs under root, with their modes (default 0644).
func materialize(t *testing.T, files []any, root string) {
	t.Helper()
	for _, item := range files {
		spec := item.(map[string]any)
		path := filepath.Join(root, filepath.FromSlash(spec["path"].(string)))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := int64(0o644)
		if m, ok := spec["mode"].(json.Number); ok {
			mode, _ = m.Int64()
		}
		if err := os.WriteFile(path, generate(t, spec), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, os.FileMode(mode)); err != nil {
			t.Fatal(err)
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

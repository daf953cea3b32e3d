package modelreg_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// listServer is a server of the test's own with models a and b, each with versions whose f1 is
// given, pushed through the CLI.
func listServer(t *testing.T) (*harness.Server, *modelreg.Client) {
	t.Helper()
	server := harness.StartServer(t)
	for model, scores := range map[string][]string{"list-a": {"0.5", "0.9", "0.7"}, "list-b": {"0.95"}} {
		for i, f1 := range scores {
			dir := filepath.Join(t.TempDir(), "src")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "w.txt"), []byte(fmt.Sprintf("%s %d", model, i)), 0o644); err != nil {
				t.Fatal(err)
			}
			server.CLI(t, "push", model, dir, "--metric", "f1="+f1, "--tag", "team=nlp")
		}
	}
	client, err := modelreg.Dial(server.Address, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return server, client
}

func collect(t *testing.T, versions func(func(*modelreg.Version, error) bool)) []string {
	t.Helper()
	out := []string{}
	for v, err := range versions {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s:%d", v.GetModel(), v.GetNumber()))
	}
	return out
}

func TestListVersionsFilterOrderAndPages(t *testing.T) {
	_, client := listServer(t)
	ctx := context.Background()
	cases := []struct {
		name string
		got  func(func(*modelreg.Version, error) bool)
		want []string
	}{
		{"one model, ordered, one per page",
			client.ListVersions(ctx, "list-a", modelreg.ListOptions{Filter: "metrics.f1 >= 0.7", OrderBy: "metrics.f1 desc", PageSize: 1}),
			[]string{"list-a:2", "list-a:3"}},
		{"one model, default order newest first",
			client.ListVersions(ctx, "list-a", modelreg.ListOptions{}), []string{"list-a:3", "list-a:2", "list-a:1"}},
		{"search across models",
			client.SearchVersions(ctx, modelreg.ListOptions{Filter: `metrics.f1 > 0.8 AND tags.team = "nlp"`, OrderBy: "metrics.f1 desc", PageSize: 1}),
			[]string{"list-b:1", "list-a:2"}},
		{"AllModels is the search",
			client.ListVersions(ctx, modelreg.AllModels, modelreg.ListOptions{Filter: "metrics.f1 < 0.6"}), []string{"list-a:1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := collect(t, c.got); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestListModelsFilterAndEarlyBreak(t *testing.T) {
	_, client := listServer(t)
	ctx := context.Background()
	names := []string{}
	for m, err := range client.ListModels(ctx, modelreg.ListOptions{Filter: `name = "list-*"`, OrderBy: "name desc", PageSize: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m.GetName())
		break // stops the paging: no further call, no error
	}
	if fmt.Sprint(names) != "[models/list-b]" {
		t.Errorf("got %v", names)
	}
}

func TestListBadFilterIsOneError(t *testing.T) {
	_, client := listServer(t)
	calls := 0
	for v, err := range client.SearchVersions(context.Background(), modelreg.ListOptions{Filter: "metrics.f1 > 0.9 AND"}) {
		calls++
		var e *modelreg.Error
		if v != nil || !errors.As(err, &e) {
			t.Fatalf("got %v, %v", v, err)
		}
		if e.Code != codes.InvalidArgument || e.Reason != "INVALID_FILTER" || e.Metadata["position"] != "20" || e.Metadata["expected"] == "" {
			t.Errorf("got %+v", e)
		}
	}
	if calls != 1 {
		t.Errorf("yielded %d times, want one error", calls)
	}
}

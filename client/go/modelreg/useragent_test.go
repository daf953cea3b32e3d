package modelreg_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// The real server sees this client's user agent: it counts calls by client and version on its
// /metrics (modelreg_grpc_server_client_calls_total), scraped here after real calls.
func TestServerCountsCallsByThisClientsUserAgent(t *testing.T) {
	srv := harness.StartServer(t, "--http", "127.0.0.1:0")
	client, err := modelreg.Dial(srv.Address, &modelreg.Options{Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	for i := 0; i < 3; i++ {
		if _, err := client.EventHead(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	response, err := http.Get(srv.Dashboard + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := `modelreg_grpc_server_client_calls_total{client="modelreg-go",version="` + modelreg.ClientVersion + `"} 3.0`
	if !strings.Contains(string(body), want) {
		t.Fatalf("/metrics lacks %s; its client series:\n%s", want, clientLines(string(body)))
	}
}

func clientLines(metrics string) string {
	var lines []string
	for _, line := range strings.Split(metrics, "\n") {
		if strings.HasPrefix(line, "modelreg_grpc_server_client_calls") {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

package harness

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is `python -m modelreg serve` on a fresh data directory: a server of the test's own, for
// what the shared harness cannot do (e.g. start with --auth).
type Server struct {
	Address string
	DataDir string
	// Dashboard is the web dashboard's URL (http://127.0.0.1:PORT/) of a server started with
	// --http 127.0.0.1:0, once Address is set; empty otherwise.
	Dashboard string

	root   string
	python string
	log    string
	cmd    *exec.Cmd
	exited chan struct{}
}

var (
	listening = regexp.MustCompile(`listening on 127\.0\.0\.1:(\d+)`)
	dashboard = regexp.MustCompile(`web dashboard at (http://127\.0\.0\.1:\d+/)`)
)

// StartServer runs `python -m modelreg serve --data DIR --listen 127.0.0.1:0 extraArgs...` on a
// fresh temporary DIR and waits for its "listening on" line. The server is stopped when the test
// ends; its stderr goes to a log file beside DIR, shown if it fails to start.
func StartServer(t testing.TB, extraArgs ...string) *Server {
	t.Helper()
	root := RepoRoot(t)
	python, err := Python(root)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	s := &Server{DataDir: filepath.Join(work, "data"), root: root, python: python,
		log: filepath.Join(work, "server.log"), exited: make(chan struct{})}
	logFile, err := os.Create(s.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	args := append([]string{"-m", "modelreg", "serve", "--data", s.DataDir, "--listen", "127.0.0.1:0"}, extraArgs...)
	s.cmd = exec.Command(python, args...)
	s.cmd.Dir = root
	s.cmd.Stderr = logFile
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.stop)

	wantDashboard := false
	for i, arg := range extraArgs {
		wantDashboard = wantDashboard || (arg == "--http" && i+1 < len(extraArgs) && extraArgs[i+1] != "off")
	}
	address := make(chan string, 1)
	web := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			if m := listening.FindStringSubmatch(scanner.Text()); m != nil && len(address) == 0 {
				address <- "127.0.0.1:" + m[1]
			}
			if m := dashboard.FindStringSubmatch(scanner.Text()); m != nil && len(web) == 0 {
				web <- m[1]
			}
		} // and keeps reading, so that the server never blocks on a full pipe
	}()
	select {
	case s.Address = <-address:
		if !wantDashboard {
			return s
		}
		select {
		case s.Dashboard = <-web:
			return s
		case <-s.exited:
		case <-time.After(60 * time.Second):
		}
	case <-s.exited:
	case <-time.After(60 * time.Second):
	}
	logged, _ := os.ReadFile(s.log)
	t.Fatalf("modelreg serve %v did not start; its stderr:\n%s", extraArgs, logged)
	return nil
}

// stop ends the server with SIGTERM, killing it if it does not exit within 20s.
func (s *Server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// CLI runs `python -m modelreg args...` with MODELREG_SERVER set to this server and no
// MODELREG_TOKEN, and returns its stdout; it fails the test unless the command succeeds.
func (s *Server) CLI(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.python, append([]string{"-m", "modelreg"}, args...)...)
	cmd.Dir = s.root
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MODELREG_SERVER=") && !strings.HasPrefix(kv, "MODELREG_TOKEN=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "MODELREG_SERVER="+s.Address)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("modelreg %v: %v\nstdout: %s\nstderr: %s", args, err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// Bootstrap creates the first admin (`modelreg bootstrap --data DIR --json`) and returns its
// bearer token.
func (s *Server) Bootstrap(t testing.TB) string {
	t.Helper()
	out := s.CLI(t, "bootstrap", "--data", s.DataDir, "--json")
	var boot struct {
		Principal string `json:"principal"`
		Secret    string `json:"secret"`
	}
	if err := json.Unmarshal([]byte(out), &boot); err != nil || boot.Secret == "" {
		t.Fatalf("modelreg bootstrap printed %q (%v)", out, err)
	}
	return boot.Secret
}

// Command follow is an example deploy agent: it follows MODEL:ALIAS and pulls each version the
// alias points at into DIR/versions/<n>, then points the symlink DIR/current at it.
//
//	go run ./examples/follow -server 127.0.0.1:50051 sentiment:production /srv/sentiment
//
// It first deploys the version the alias points at now, then watches the alias and deploys every
// move as it happens. A dropped connection or a server restart is resumed without missing a move;
// a version already in DIR/versions is not pulled again (pulls are atomic, so a directory there is
// always complete). A failed pull is reported and the agent keeps the version it has.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("follow", flag.ContinueOnError)
	flags.SetOutput(stderr)
	server := flags.String("server", os.Getenv("MODELREG_SERVER"), "server address host:port (default $MODELREG_SERVER or 127.0.0.1:50051)")
	token := flags.String("token", os.Getenv("MODELREG_TOKEN"), "bearer token (default $MODELREG_TOKEN)")
	useTLS := flags.Bool("tls", false, "connect with TLS, verifying against the system roots")
	caFile := flags.String("ca", "", "PEM CA file to verify the server with (implies -tls)")
	once := flags.Bool("once", false, "deploy the current version and exit")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: follow [flags] MODEL:ALIAS DIR")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 2 {
		flags.Usage()
		return 2
	}
	model, alias, ok := strings.Cut(flags.Arg(0), ":")
	if !ok || model == "" || alias == "" {
		fmt.Fprintf(stderr, "follow: %q is not MODEL:ALIAS\n", flags.Arg(0))
		return 2
	}
	client, err := modelreg.Dial(*server, &modelreg.Options{Token: *token, TLS: *useTLS, CAFile: *caFile})
	if err != nil {
		fmt.Fprintln(stderr, "follow:", err)
		return 1
	}
	defer client.Close()
	a := &agent{client: client, model: model, alias: alias, dir: flags.Arg(1), out: stdout, log: stderr}
	if err := a.follow(ctx, *once); err != nil && ctx.Err() == nil {
		fmt.Fprintln(stderr, "follow:", err)
		return 1
	}
	return 0
}

type agent struct {
	client       *modelreg.Client
	model, alias string
	dir          string
	out, log     io.Writer
	current      int64
}

func (a *agent) follow(ctx context.Context, once bool) error {
	// Take the head first: a move after it is replayed by the watch even if it lands between the
	// resolve below and the watch starting.
	head, err := a.client.EventHead(ctx)
	if err != nil {
		return err
	}
	version, err := a.client.Resolve(ctx, a.model+":"+a.alias)
	switch {
	case modelreg.IsNotFound(err) && !once:
		fmt.Fprintf(a.log, "follow: %s:%s does not exist yet; waiting for it\n", a.model, a.alias)
	case err != nil:
		return err
	default:
		if err := a.deploy(ctx, version.GetNumber()); err != nil {
			return err
		}
	}
	if once {
		return nil
	}
	watch, err := a.client.Watch(ctx, modelreg.WatchFilter{
		Models:  []string{a.model},
		Aliases: []string{a.alias},
		Types:   []modelreg.EventType{modelregv1.EventType_EVENT_TYPE_ALIAS_SET, modelregv1.EventType_EVENT_TYPE_ALIAS_DELETED},
	}, head)
	if err != nil {
		return err
	}
	defer watch.Close()
	for event := range watch.Events() {
		switch event.GetType() {
		case modelregv1.EventType_EVENT_TYPE_ALIAS_DELETED:
			fmt.Fprintf(a.log, "follow: alias %s was deleted; keeping v%d\n", a.alias, a.current)
		case modelregv1.EventType_EVENT_TYPE_ALIAS_SET:
			if event.GetVersion() == a.current {
				continue
			}
			if err := a.deploy(ctx, event.GetVersion()); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				// Keep serving what we have; the next move is tried afresh.
				fmt.Fprintf(a.log, "follow: deploying v%d failed, keeping v%d: %v\n", event.GetVersion(), a.current, err)
			}
		}
	}
	return watch.Err()
}

// deploy pulls version n into DIR/versions/<n> unless it is there, then repoints DIR/current.
func (a *agent) deploy(ctx context.Context, n int64) error {
	target := filepath.Join(a.dir, "versions", strconv.FormatInt(n, 10))
	reference := fmt.Sprintf("%s:v%d", a.model, n)
	version, err := a.client.Pull(ctx, reference, target)
	if errors.Is(err, os.ErrExist) {
		version, err = a.client.Resolve(ctx, reference)
	}
	if err != nil {
		return err
	}
	if err := pointCurrent(a.dir, n); err != nil {
		return err
	}
	a.current = n
	fmt.Fprintf(a.out, "%s:%s v%d %s %d files %d bytes -> %s\n", a.model, a.alias, n, version.GetDigest(),
		version.GetFileCount(), version.GetTotalSize(), target)
	return nil
}

// pointCurrent atomically replaces the symlink DIR/current with one to versions/<n>.
func pointCurrent(dir string, n int64) error {
	tmp := filepath.Join(dir, ".current.tmp")
	_ = os.Remove(tmp)
	if err := os.Symlink(filepath.Join("versions", strconv.FormatInt(n, 10)), tmp); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "current"))
}

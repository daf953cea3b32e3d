// Package modelreg is the Go client of modelreg, an ML model registry.
//
// It resolves version references, pulls versions with verification of every chunk and file, and
// watches the registry's event log with automatic resume:
//
//	c, err := modelreg.Dial("127.0.0.1:50051", nil)
//	v, err := c.Pull(ctx, "sentiment:production", "./deployed")
//	w, err := c.Watch(ctx, modelreg.WatchFilter{Models: []string{"sentiment"}}, modelreg.FromNow)
//	for ev := range w.Events() { ... }
//
// The other RPCs are reachable through the generated stubs (Client.Registry, Client.Transfer,
// Client.Events); pass their errors through FromError to get an *Error.
package modelreg

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// The API's messages, re-exported for convenience.
type (
	Version   = modelregv1.Version
	FileEntry = modelregv1.FileEntry
	Event     = modelregv1.Event
	EventType = modelregv1.EventType
)

// DefaultAddress is used when Dial gets an empty address and MODELREG_SERVER is unset.
const DefaultAddress = "127.0.0.1:50051"

// MaxMessageSize bounds messages both ways (a chunk is at most 16 MiB raw).
const MaxMessageSize = 64 * 1024 * 1024

// MessageBytes is the max_message_bytes Pull asks for: the server packs consecutive chunks into
// download messages of up to about this many bytes.
const MessageBytes = 1024 * 1024

// Options configure Dial. The zero value (or nil) is a plaintext connection without credentials.
type Options struct {
	// Token, if set, is sent with every call as `authorization: Bearer <token>` (else
	// $MODELREG_TOKEN).
	Token string
	// TLS connects with TLS, verifying the server against the system roots (or CAFile); also
	// when $MODELREG_TLS is 1, true or yes.
	TLS bool
	// CAFile is a PEM file of CA certificates to verify the server with (else $MODELREG_TLS_CA);
	// it implies TLS.
	CAFile string
	// ClientCertFile and ClientKeyFile are PEM files of a client certificate and its private key,
	// for mutual TLS (else $MODELREG_TLS_CERT and $MODELREG_TLS_KEY); one needs the other, and
	// they imply TLS.
	ClientCertFile, ClientKeyFile string
	// ServerName overrides the name checked against the server's certificate.
	ServerName string
	// AllowPlaintextToken permits sending Token without TLS to a host that is not a loopback
	// address. Without it such a Dial fails (FAILED_PRECONDITION PLAINTEXT_TOKEN) rather than
	// leak the token. Deliberately no environment variable.
	AllowPlaintextToken bool
	// Timeout bounds each unary call (default 60s); streams are bounded by their context only.
	Timeout time.Duration
	// DialOptions are appended to the client's own gRPC dial options.
	DialOptions []grpc.DialOption
}

// Client is a connection to a modelreg server; safe for concurrent use.
type Client struct {
	conn     *grpc.ClientConn
	registry modelregv1.RegistryServiceClient
	transfer modelregv1.TransferServiceClient
	events   modelregv1.EventServiceClient
	timeout  time.Duration
}

// Dial prepares a client for address (host:port; empty means $MODELREG_SERVER or DefaultAddress),
// with the settings ResolveSettings makes of address, opts and the process environment
// (MODELREG_SERVER, MODELREG_TOKEN, MODELREG_TLS, MODELREG_TLS_CA, MODELREG_TLS_CERT,
// MODELREG_TLS_KEY). It does not wait for the connection: the first call does. Unary calls are
// retried by the client's one retry policy (retry.go).
func Dial(address string, opts *Options) (*Client, error) {
	if opts == nil {
		opts = &Options{}
	}
	settings, err := ResolveSettings(address, opts, Environment())
	if err != nil {
		return nil, err
	}
	return DialSettings(settings, opts)
}

// DialSettings prepares a client with resolved settings; of opts only Timeout and DialOptions
// are used. The PEM files of the settings are read here.
func DialSettings(settings Settings, opts *Options) (*Client, error) {
	if opts == nil {
		opts = &Options{}
	}
	dialOpts := []grpc.DialOption{
		grpc.WithUserAgent(UserAgent),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxMessageSize), grpc.MaxCallSendMsgSize(MaxMessageSize)),
		// Reconnect promptly after a server restart; calls are retried and streams resume on
		// their own.
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 2 * time.Second},
			MinConnectTimeout: 10 * time.Second,
		}),
		grpc.WithChainUnaryInterceptor(retryUnary),
	}
	if settings.TLS {
		config := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: settings.ServerName}
		if settings.CAFile != "" {
			pem, err := os.ReadFile(settings.CAFile)
			if err != nil {
				return nil, fmt.Errorf("modelreg: reading CA file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("modelreg: no PEM certificate in %s", settings.CAFile)
			}
			config.RootCAs = pool
		}
		if settings.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(settings.CertFile, settings.KeyFile)
			if err != nil {
				return nil, fmt.Errorf("modelreg: reading the client certificate: %w", err)
			}
			config.Certificates = []tls.Certificate{cert}
		}
		dialOpts = append(dialOpts, grpc.WithTransportCredentials(credentials.NewTLS(config)))
	} else {
		dialOpts = append(dialOpts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if settings.Token != "" {
		dialOpts = append(dialOpts, grpc.WithPerRPCCredentials(bearer{token: settings.Token, secure: settings.TLS}))
	}
	dialOpts = append(dialOpts, opts.DialOptions...)
	conn, err := grpc.NewClient(settings.Server, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("modelreg: %w", err)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	return &Client{
		conn:     conn,
		registry: modelregv1.NewRegistryServiceClient(conn),
		transfer: modelregv1.NewTransferServiceClient(conn),
		events:   modelregv1.NewEventServiceClient(conn),
		timeout:  timeout,
	}, nil
}

type bearer struct {
	token  string
	secure bool
}

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + b.token}, nil
}

func (b bearer) RequireTransportSecurity() bool { return b.secure }

// Close releases the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Registry, Transfer and Events are the generated stubs, for the RPCs this package does not wrap.
func (c *Client) Registry() modelregv1.RegistryServiceClient { return c.registry }
func (c *Client) Transfer() modelregv1.TransferServiceClient { return c.transfer }
func (c *Client) Events() modelregv1.EventServiceClient      { return c.events }

func (c *Client) unaryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.timeout)
}

// Resolve returns the version a reference points at (`m:v3`, `m:3`, `m:latest`, `m:{alias}`,
// `m@sha256:{digest}` or `models/{m}/versions/{n}`), without its file manifest.
func (c *Client) Resolve(ctx context.Context, reference string) (*Version, error) {
	return c.GetVersion(ctx, reference, false)
}

// GetVersion returns the version a reference points at; with files, its manifest too.
func (c *Client) GetVersion(ctx context.Context, reference string, files bool) (*Version, error) {
	view := modelregv1.VersionView_VERSION_VIEW_BASIC
	if files {
		view = modelregv1.VersionView_VERSION_VIEW_FULL
	}
	ctx, cancel := c.unaryContext(ctx)
	defer cancel()
	resp, err := c.registry.GetVersion(ctx, &modelregv1.GetVersionRequest{Name: reference, View: view})
	if err != nil {
		return nil, FromError(err)
	}
	return resp.GetVersion(), nil
}

// EventHead returns the sequence of the last event committed (0 when the log is empty).
func (c *Client) EventHead(ctx context.Context) (int64, error) {
	ctx, cancel := c.unaryContext(ctx)
	defer cancel()
	resp, err := c.events.GetEventHead(ctx, &modelregv1.GetEventHeadRequest{})
	if err != nil {
		return 0, FromError(err)
	}
	return resp.GetHeadSequence(), nil
}

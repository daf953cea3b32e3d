package modelreg

import (
	"net"
	"os"
	"strings"

	"google.golang.org/grpc/codes"
)

// Settings are what a client connects with, resolved from Dial's arguments and the environment
// by ResolveSettings (docs/clients.md, sections 1 and 2).
type Settings struct {
	// Server is the address to connect to (host:port, or a gRPC target such as unix:PATH).
	Server string
	// Token is the bearer token, "" for none.
	Token string
	// TLS is whether the connection uses TLS (implied by CAFile, CertFile and KeyFile).
	TLS bool
	// CAFile, CertFile and KeyFile are PEM files: the CAs to trust, and the client certificate
	// and its private key for mutual TLS; "" for none.
	CAFile, CertFile, KeyFile string
	// ServerName and AllowPlaintextToken are Options', passed through.
	ServerName          string
	AllowPlaintextToken bool
}

// The environment variables ResolveSettings reads.
const (
	EnvServer  = "MODELREG_SERVER"
	EnvToken   = "MODELREG_TOKEN"
	EnvTLS     = "MODELREG_TLS"
	EnvTLSCA   = "MODELREG_TLS_CA"
	EnvTLSCert = "MODELREG_TLS_CERT"
	EnvTLSKey  = "MODELREG_TLS_KEY"
)

// Environment is the process environment's MODELREG_* variables, as a map for ResolveSettings.
func Environment() map[string]string {
	env := map[string]string{}
	for _, name := range []string{EnvServer, EnvToken, EnvTLS, EnvTLSCA, EnvTLSCert, EnvTLSKey} {
		if value, ok := os.LookupEnv(name); ok {
			env[name] = value
		}
	}
	return env
}

// ResolveSettings resolves the settings a client made by Dial(address, opts) connects with, from
// those arguments and the environment env (Dial passes Environment()): an argument that is given
// (non-empty, or true) wins over the environment, a variable set to "" counts as unset. It reads
// no file and opens no connection.
//
// A client certificate without its key (or the other way round) is an *Error INVALID_ARGUMENT
// INCOMPLETE_CLIENT_CERTIFICATE; a token without TLS to a server that is not on a loopback address
// (localhost, 127.0.0.0/8, [::1], unix:), unless opts.AllowPlaintextToken, is an *Error
// FAILED_PRECONDITION PLAINTEXT_TOKEN.
func ResolveSettings(address string, opts *Options, env map[string]string) (Settings, error) {
	if opts == nil {
		opts = &Options{}
	}
	pick := func(arg, name string) string {
		if arg != "" {
			return arg
		}
		return env[name]
	}
	s := Settings{
		Server:              pick(address, EnvServer),
		Token:               pick(opts.Token, EnvToken),
		CAFile:              pick(opts.CAFile, EnvTLSCA),
		CertFile:            pick(opts.ClientCertFile, EnvTLSCert),
		KeyFile:             pick(opts.ClientKeyFile, EnvTLSKey),
		ServerName:          opts.ServerName,
		AllowPlaintextToken: opts.AllowPlaintextToken,
	}
	if s.Server == "" {
		s.Server = DefaultAddress
	}
	switch strings.ToLower(strings.TrimSpace(env[EnvTLS])) {
	case "1", "true", "yes":
		s.TLS = true
	}
	s.TLS = s.TLS || opts.TLS || s.CAFile != "" || s.CertFile != "" || s.KeyFile != ""
	if (s.CertFile == "") != (s.KeyFile == "") {
		return Settings{}, &Error{Code: codes.InvalidArgument, Reason: "INCOMPLETE_CLIENT_CERTIFICATE", Domain: ErrorDomain,
			Message: "a client certificate needs its private key and a key its certificate " +
				"(set both ClientCertFile and ClientKeyFile, or MODELREG_TLS_CERT and MODELREG_TLS_KEY)"}
	}
	if s.Token != "" && !s.TLS && !s.AllowPlaintextToken && !isLoopback(s.Server) {
		return Settings{}, &Error{Code: codes.FailedPrecondition, Reason: "PLAINTEXT_TOKEN", Domain: ErrorDomain,
			Metadata: map[string]string{"server": s.Server},
			Message: "refusing to send a token without TLS to " + s.Server + ", which is not a loopback address: " +
				"use TLS (MODELREG_TLS_CA or MODELREG_TLS, Options.CAFile or Options.TLS) or, on a trusted network, " +
				"Options.AllowPlaintextToken"}
	}
	return s, nil
}

// isLoopback reports whether every host a gRPC target names is a loopback address: localhost, an
// IPv4 address in 127.0.0.0/8, ::1, or a Unix socket.
func isLoopback(target string) bool {
	if strings.HasPrefix(target, "unix:") || strings.HasPrefix(target, "unix-abstract:") {
		return true
	}
	for _, scheme := range []string{"ipv4:", "ipv6:"} {
		if rest, ok := strings.CutPrefix(target, scheme); ok {
			rest = strings.TrimPrefix(rest, "///")
			for _, endpoint := range strings.Split(rest, ",") {
				if !loopbackHost(endpoint) {
					return false
				}
			}
			return rest != ""
		}
	}
	for _, scheme := range []string{"dns:", "passthrough:"} {
		if rest, ok := strings.CutPrefix(target, scheme); ok {
			// dns:[//authority/]host[:port]
			if after, ok := strings.CutPrefix(rest, "//"); ok {
				_, rest, _ = strings.Cut(after, "/")
			}
			return loopbackHost(rest)
		}
	}
	return loopbackHost(target)
}

func loopbackHost(endpoint string) bool {
	host, _, err := net.SplitHostPort(endpoint)
	if err != nil {
		host = strings.TrimSuffix(strings.TrimPrefix(endpoint, "["), "]")
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

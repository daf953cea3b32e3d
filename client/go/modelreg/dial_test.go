package modelreg_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/modelreg/modelreg/client/go/modelreg"
)

// A bare gRPC endpoint that implements no service: it records the metadata of each call and answers
// UNIMPLEMENTED. It checks what the client puts on the wire (the exact authorization header, with
// and without TLS), nothing more; how the real server (started with --auth) treats tokens is tested
// in auth_test.go.
func startRecorder(t *testing.T, creds credentials.TransportCredentials) (string, <-chan metadata.MD) {
	t.Helper()
	seen := make(chan metadata.MD, 10)
	opts := []grpc.ServerOption{grpc.UnknownServiceHandler(func(_ any, stream grpc.ServerStream) error {
		md, _ := metadata.FromIncomingContext(stream.Context())
		seen <- md
		return status.Error(codes.Unimplemented, "recorder")
	})}
	if creds != nil {
		opts = append(opts, grpc.Creds(creds))
	}
	server := grpc.NewServer(opts...)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go server.Serve(ln)
	t.Cleanup(server.Stop)
	return ln.Addr().String(), seen
}

func recorded(t *testing.T, seen <-chan metadata.MD) metadata.MD {
	t.Helper()
	select {
	case md := <-seen:
		return md
	case <-time.After(10 * time.Second):
		t.Fatal("the call never reached the server")
		return nil
	}
}

func TestDialSendsBearerToken(t *testing.T) {
	address, seen := startRecorder(t, nil)
	client, err := modelreg.Dial(address, &modelreg.Options{Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = client.Resolve(ctx, "m:v1")
	if got := recorded(t, seen).Get("authorization"); len(got) != 1 || got[0] != "Bearer s3cret" {
		t.Fatalf("authorization metadata %q", got)
	}
	var e *modelreg.Error
	if !errors.As(err, &e) || e.Code != codes.Unimplemented || modelreg.CodeName(e.Code) != "UNIMPLEMENTED" {
		t.Fatalf("error %v", err)
	}
}

func TestDialTLSWithCAFile(t *testing.T) {
	certPEM, keyPEM := selfSigned(t, "registry.test")
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	address, seen := startRecorder(t, credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}}))
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, certPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	client, err := modelreg.Dial(address, &modelreg.Options{CAFile: caFile, ServerName: "registry.test", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	_, err = client.Resolve(ctx, "m:v1")
	if !errors.Is(err, &modelreg.Error{Code: codes.Unimplemented}) {
		t.Fatalf("over TLS: %v", err)
	}
	if got := recorded(t, seen).Get("authorization"); len(got) != 1 || got[0] != "Bearer t" {
		t.Fatalf("authorization metadata %q", got)
	}

	// The system roots do not trust the self-signed certificate: the handshake fails.
	untrusting, err := modelreg.Dial(address, &modelreg.Options{TLS: true, ServerName: "registry.test"})
	if err != nil {
		t.Fatal(err)
	}
	defer untrusting.Close()
	if _, err := untrusting.Resolve(ctx, "m:v1"); !errors.Is(err, modelreg.ErrUnavailable) {
		t.Fatalf("untrusted certificate: %v", err)
	}
	select {
	case md := <-seen:
		t.Fatalf("a call reached the server over an untrusted connection: %v", md)
	default:
	}
}

func TestDialMutualTLS(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	serverPEM, serverKey := selfSigned(t, "registry.test")
	clientPEM, clientKey := selfSigned(t, "client.test")
	cert, err := tls.X509KeyPair(serverPEM, serverKey)
	if err != nil {
		t.Fatal(err)
	}
	clients := x509.NewCertPool()
	clients.AppendCertsFromPEM(clientPEM)
	address, seen := startRecorder(t, credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert},
		ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clients}))
	caFile, certFile, keyFile := write("ca.pem", serverPEM), write("client.pem", clientPEM), write("client.key", clientKey)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	client, err := modelreg.Dial(address, &modelreg.Options{CAFile: caFile, ServerName: "registry.test",
		ClientCertFile: certFile, ClientKeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if _, err := client.Resolve(ctx, "m:v1"); !errors.Is(err, &modelreg.Error{Code: codes.Unimplemented}) {
		t.Fatalf("with a client certificate: %v", err)
	}
	recorded(t, seen)

	// Without one the server refuses the handshake; the client says so at once.
	anonymous, err := modelreg.Dial(address, &modelreg.Options{CAFile: caFile, ServerName: "registry.test"})
	if err != nil {
		t.Fatal(err)
	}
	defer anonymous.Close()
	start := time.Now()
	if _, err := anonymous.Resolve(ctx, "m:v1"); !errors.Is(err, modelreg.ErrUnavailable) || time.Since(start) > 5*time.Second {
		t.Fatalf("without a client certificate: %v after %s", err, time.Since(start))
	}

	// A certificate without its key is refused before anything is read.
	_, err = modelreg.Dial(address, &modelreg.Options{ClientCertFile: certFile})
	if !errors.Is(err, &modelreg.Error{Code: codes.InvalidArgument, Reason: "INCOMPLETE_CLIENT_CERTIFICATE"}) {
		t.Fatalf("a certificate without its key: %v", err)
	}
}

func selfSigned(t *testing.T, name string) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		DNSNames:              []string{name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

package modelreg_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
	"github.com/modelreg/modelreg/client/go/internal/harness"
	"github.com/modelreg/modelreg/client/go/modelreg"
)

// The Token option against the real Python server started with --auth: the bootstrapped admin's
// token works, a viewer reads but may not write, and calls and watches without a valid token are
// refused with the server's reasons.

// A well-formed token (mrt_<12 hex>_<43 chars>) the server never issued.
var unknownToken = "mrt_0123456789ab_" + strings.Repeat("A", 43)

func dialAuth(t *testing.T, address, token string) *modelreg.Client {
	t.Helper()
	client, err := modelreg.Dial(address, &modelreg.Options{Token: token, Timeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

func wantError(t *testing.T, what string, err error, code codes.Code, reason string) *modelreg.Error {
	t.Helper()
	var e *modelreg.Error
	if !errors.As(err, &e) || e.Code != code || e.Reason != reason || e.Domain != modelreg.ErrorDomain {
		t.Fatalf("%s: got %v, want %s [%s]", what, err, modelreg.CodeName(code), reason)
	}
	return e
}

func TestAuthAgainstRealServer(t *testing.T) {
	server := harness.StartServer(t, "--auth")
	adminToken := server.Bootstrap(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()

	admin := dialAuth(t, server.Address, adminToken)
	// The client wraps no AccessService RPC: its generated stub, on a connection of its own, with
	// the admin's bearer token in the call metadata.
	conn, err := grpc.NewClient(server.Address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	access := modelregv1.NewAccessServiceClient(conn)
	asAdmin := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+adminToken)

	t.Run("BootstrappedAdminTokenIsAccepted", func(t *testing.T) {
		caller, err := access.GetCaller(asAdmin, &modelregv1.GetCallerRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if caller.GetPrincipal().GetName() != "principals/admin" || !caller.GetAuthenticationRequired() {
			t.Fatalf("GetCaller: %v", caller)
		}
		created, err := admin.Registry().CreateModel(ctx, &modelregv1.CreateModelRequest{ModelId: "guarded"})
		if err != nil {
			t.Fatalf("CreateModel as admin: %v", modelreg.FromError(err))
		}
		if created.GetModel().GetName() != "models/guarded" {
			t.Fatalf("created %v", created.GetModel())
		}
	})

	t.Run("ViewerReadsButCannotWrite", func(t *testing.T) {
		if _, err := access.CreatePrincipal(asAdmin, &modelregv1.CreatePrincipalRequest{
			PrincipalId: "reader", Kind: modelregv1.PrincipalKind_PRINCIPAL_KIND_USER}); err != nil {
			t.Fatalf("CreatePrincipal: %v", err)
		}
		if _, err := access.GrantRole(asAdmin, &modelregv1.GrantRoleRequest{
			Principal: "principals/reader", Role: modelregv1.Role_ROLE_VIEWER, ModelPattern: "*"}); err != nil {
			t.Fatalf("GrantRole: %v", err)
		}
		token, err := access.CreateToken(asAdmin, &modelregv1.CreateTokenRequest{Parent: "principals/reader"})
		if err != nil {
			t.Fatalf("CreateToken: %v", err)
		}
		reader := dialAuth(t, server.Address, token.GetSecret())

		got, err := reader.Registry().GetModel(ctx, &modelregv1.GetModelRequest{Name: "guarded"})
		if err != nil || got.GetModel().GetName() != "models/guarded" {
			t.Fatalf("GetModel as viewer: %v, %v", got, modelreg.FromError(err))
		}
		if _, err := reader.EventHead(ctx); err != nil {
			t.Fatalf("EventHead as viewer: %v", err)
		}

		_, err = reader.Registry().CreateModel(ctx, &modelregv1.CreateModelRequest{ModelId: "not-yours"})
		err = modelreg.FromError(err)
		e := wantError(t, "CreateModel as viewer", err, codes.PermissionDenied, "ROLE_REQUIRED")
		if e.Metadata["required_role"] != "editor" {
			t.Fatalf("metadata %v", e.Metadata)
		}
		if !errors.Is(err, modelreg.ErrPermissionDenied) ||
			!errors.Is(err, &modelreg.Error{Code: codes.PermissionDenied, Reason: "ROLE_REQUIRED"}) {
			t.Fatalf("errors.Is does not match %v", err)
		}

		// A watch with the viewer's token sees the model's events.
		w, err := reader.Watch(ctx, modelreg.WatchFilter{Models: []string{"guarded"}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		select {
		case event := <-w.Events():
			if event.GetType() != modelregv1.EventType_EVENT_TYPE_MODEL_CREATED {
				t.Fatalf("first event %v", event)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no event within 30s (watch error: %v)", w.Err())
		}
	})

	t.Run("MissingOrUnknownTokenIsUnauthenticated", func(t *testing.T) {
		anonymous := dialAuth(t, server.Address, "")
		_, err := anonymous.Resolve(ctx, "guarded:latest")
		wantError(t, "Resolve without a token", err, codes.Unauthenticated, "TOKEN_MISSING")
		_, err = anonymous.Registry().GetModel(ctx, &modelregv1.GetModelRequest{Name: "guarded"})
		wantError(t, "GetModel without a token", modelreg.FromError(err), codes.Unauthenticated, "TOKEN_MISSING")

		unknown := dialAuth(t, server.Address, unknownToken)
		_, err = unknown.EventHead(ctx)
		err = wantError(t, "EventHead with an unknown token", err, codes.Unauthenticated, "TOKEN_INVALID")
		if !errors.Is(err, modelreg.ErrUnauthenticated) {
			t.Fatalf("errors.Is(%v, ErrUnauthenticated) is false", err)
		}

		malformed := dialAuth(t, server.Address, "s3cret")
		_, err = malformed.EventHead(ctx)
		wantError(t, "EventHead with a malformed token", err, codes.Unauthenticated, "TOKEN_MALFORMED")
	})

	t.Run("WatchWithoutValidTokenFails", func(t *testing.T) {
		// From now: the head lookup is refused, so Watch itself fails.
		anonymous := dialAuth(t, server.Address, "")
		_, err := anonymous.Watch(ctx, modelreg.WatchFilter{}, modelreg.FromNow)
		wantError(t, "Watch without a token", err, codes.Unauthenticated, "TOKEN_MISSING")

		// From a cursor: the stream is refused; the watcher ends (no reconnecting) and says why.
		unknown := dialAuth(t, server.Address, unknownToken)
		w, err := unknown.Watch(ctx, modelreg.WatchFilter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		select {
		case event, open := <-w.Events():
			if open {
				t.Fatalf("event delivered to an unknown token: %v", event)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the watch with an unknown token did not end within 30s")
		}
		wantError(t, "Watch with an unknown token", w.Err(), codes.Unauthenticated, "TOKEN_INVALID")
	})
}

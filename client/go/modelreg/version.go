package modelreg

// ClientVersion is this client's version, the same number as the Python SDK's, the TypeScript and the
// Java client's (tests/test_client_versions.py checks that they agree).
const ClientVersion = "0.1.0"

// UserAgent is what the client sends first in its gRPC user-agent header (grpc-go appends its
// own); the server counts calls by it (modelreg_grpc_server_client_calls_total on /metrics).
const UserAgent = "modelreg-go/" + ClientVersion

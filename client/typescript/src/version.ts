/**
 * This client's version: package.json's, and the same number as the Python, Go and Java clients'
 * (tests/test_client_versions.py checks that they agree).
 */
export const VERSION = "0.1.0";

/** Sent first in the gRPC user agent (grpc-js appends its own); the server counts calls by it. */
export const USER_AGENT = `modelreg-typescript/${VERSION}`;

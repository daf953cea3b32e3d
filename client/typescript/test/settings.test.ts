/**
 * resolveSettings (docs/clients.md sections 1-2) beyond the conformance scenarios: the address forms
 * that name several hosts, PEM contents given through `tls`, the constructor's `env`, and the retry
 * policy's numbers (src/retry.ts).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import {
  backoffMs, Client, FailedPrecondition, InvalidArgument, isLoopback, resolveSettings, retryDelayFromStatus, retryUnary,
  Status, Unavailable, UNARY_ATTEMPTS, NotFound,
} from "@modelreg/client";

test("loopback: localhost, 127.0.0.0/8, [::1], unix:, and every host of a multi-host address", () => {
  for (const a of ["localhost:1", "127.0.0.1:1", "127.255.0.3:9", "[::1]:50051", "unix:/tmp/s.sock",
    "dns:///localhost:1", "dns://8.8.8.8/127.0.0.1:1", "ipv4:127.0.0.1:1,127.0.0.2:2", "ipv6:[::1]:1", "LOCALHOST:1"]) {
    assert.equal(isLoopback(a), true, a);
  }
  for (const a of ["registry.example:1", "10.0.0.1:1", "128.0.0.1:1", "[::2]:1", "ipv4:127.0.0.1:1,10.0.0.1:1",
    "dns:///registry.example:443", "127.0.0.1.example:1", "localhost.example:1"]) {
    assert.equal(isLoopback(a), false, a);
  }
});

test("PEM contents through tls imply TLS, and a certificate without its key is refused", () => {
  const s = resolveSettings({}, { server: "r.example:1", token: "t", tls: { ca: "PEM" } });
  assert.equal(s.tls, true);
  assert.throws(() => resolveSettings({}, { tls: { cert: "PEM" } }),
    (e: unknown) => e instanceof InvalidArgument && e.reason === "INCOMPLETE_CLIENT_CERTIFICATE");
  // an explicit tls: false wins over MODELREG_TLS
  assert.equal(resolveSettings({ MODELREG_TLS: "yes" }, { tls: false }).tls, false);
  assert.equal(resolveSettings({ MODELREG_TLS: "no" }).tls, false);
});

test("the constructor resolves from its env option and refuses before connecting", () => {
  const client = new Client(undefined, { env: { MODELREG_SERVER: "localhost:1", MODELREG_TOKEN: "mrt_x" } });
  try {
    assert.equal(client.address, "localhost:1");
    assert.deepEqual(client.metadata().get("authorization"), ["Bearer mrt_x"]);
  } finally {
    client.close();
  }
  assert.throws(() => new Client("registry.example:1", { env: {}, token: "mrt_x" }),
    (e: unknown) => e instanceof FailedPrecondition && e.reason === "PLAINTEXT_TOKEN" && /allowPlaintextToken/.test(e.message));
  new Client("registry.example:1", { env: {}, token: "mrt_x", allowPlaintextToken: true }).close();
});

test("backoff: min(5 s, 0.1 s * 2^n) * uniform(0.5, 1)", () => {
  assert.equal(backoffMs(0, () => 0), 50);
  assert.equal(backoffMs(0, () => 1), 100);
  assert.equal(backoffMs(3, () => 1), 800);
  assert.equal(backoffMs(10, () => 1), 5000);
  assert.equal(backoffMs(10, () => 0), 2500);
  let min = 0;
  let max = 0;
  for (let n = 0; n < UNARY_ATTEMPTS - 1; n++) {
    min += backoffMs(n, () => 0);
    max += backoffMs(n, () => 1);
  }
  // 0.1+0.2+0.4+0.8+1.6+3.2+5 s = 11.3 s at most, 5.65 s at least (docs/clients.md rounds to 11.2 / 5.6).
  assert.deepEqual([min, max], [5650, 11300]);
});

test("RetryInfo's delay is parsed from google.rpc.Status details", () => {
  const any = (typeUrl: string, value: Uint8Array) => new BinaryWriter().uint32(10).string(typeUrl).uint32(18).bytes(value).finish();
  const duration = new BinaryWriter().uint32(8).int64(1).uint32(16).int32(250_000_000).finish();
  const info = new BinaryWriter().uint32(10).bytes(duration).finish();
  const status = new BinaryWriter().uint32(8).int32(Status.UNAVAILABLE).uint32(18).string("busy")
    .uint32(26).bytes(any("type.googleapis.com/google.rpc.RetryInfo", info)).finish();
  assert.equal(retryDelayFromStatus(status), 1250);
  assert.equal(retryDelayFromStatus(new BinaryWriter().uint32(8).int32(14).finish()), undefined);
});

test("a unary call is retried on UNAVAILABLE only, 8 attempts", async () => {
  const getVersion = "/modelreg.v1.RegistryService/GetVersion";
  let calls = 0;
  await assert.rejects(retryUnary(async () => {
    calls += 1;
    throw new Unavailable("down", { retryDelayMs: 0 });
  }, undefined, getVersion), Unavailable);
  assert.equal(calls, UNARY_ATTEMPTS);
  calls = 0;
  await assert.rejects(retryUnary(async () => {
    calls += 1;
    throw new NotFound("no");
  }, undefined, getVersion), NotFound);
  assert.equal(calls, 1);
  calls = 0;
  assert.equal(await retryUnary(async () => (++calls < 3 ? Promise.reject(new Unavailable("x", { retryDelayMs: 1 })) : "ok"),
    undefined, getVersion), "ok");
  assert.equal(calls, 3);
  calls = 0; // a method not named is taken for a once-only one: not sent again after a cut
  await assert.rejects(retryUnary(async () => {
    calls += 1;
    throw new Unavailable("cut", { retryDelayMs: 0 });
  }), Unavailable);
  assert.equal(calls, 1);
});

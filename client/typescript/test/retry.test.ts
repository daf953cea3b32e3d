/**
 * The retry policy's rules (src/retry.ts, docs/clients.md section 4): which unary calls are sent
 * again, which streams resumed, and the once-only list every client shares
 * (tests/conformance/contract.json). Through the client, against a bare gRPC endpoint that refuses
 * every call, so the attempts can be counted.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { Metadata, Server, ServerCredentials, type ServiceError } from "@grpc/grpc-js";
import {
  Cancelled, connect, DeadlineExceeded, Internal, isOnceOnly, NotFound, ONCE_ONLY, registryService, Status,
  streamResumable, UNARY_ATTEMPTS, Unavailable, unaryRetryable, Unknown,
} from "@modelreg/client";
import { CONTRACT } from "./harness";

test("the once-only list is contract.json's", () => {
  const sorted = (lists: Record<string, readonly string[]>) =>
    Object.fromEntries(Object.entries(lists).map(([service, methods]) => [service, [...methods].sort()]));
  assert.deepEqual(sorted(ONCE_ONLY), sorted(CONTRACT.once_only));
});

test("a once-only call is retried only when the server refused it with a reason", () => {
  const busy = new Unavailable("locked", { reason: "DATABASE_BUSY" });
  const cut = new Unavailable("connection reset");
  assert.equal(isOnceOnly("/modelreg.v1.RegistryService/SetAlias"), true);
  assert.equal(isOnceOnly("/modelreg.v1.MonitoringService/DeleteMonitor"), true);
  assert.equal(isOnceOnly("/modelreg.v1.RegistryService/CreateVersion"), false);
  assert.equal(isOnceOnly(undefined), true);
  assert.equal(unaryRetryable(busy, true), true);
  assert.equal(unaryRetryable(cut, true), false);
  assert.equal(unaryRetryable(busy, false), true);
  assert.equal(unaryRetryable(cut, false), true);
  assert.equal(unaryRetryable(new NotFound("no", { reason: "MODEL_NOT_FOUND" }), false), false);
});

test("a stream is resumed after a cut or a server's reset, CANCELLED included", () => {
  for (const error of [new Unavailable("x"), new Internal("x"), new Unknown("x"), new Cancelled("x")]) {
    assert.equal(streamResumable(error), true, error.codeName);
  }
  for (const error of [new DeadlineExceeded("x"), new NotFound("x")]) {
    assert.equal(streamResumable(error), false, error.codeName);
  }
});

/**
 * A google.rpc.Status (UNAVAILABLE) as the grpc-status-details-bin trailer carries it: a 1 ms
 * RetryInfo, so the test is quick, and an ErrorInfo of `reason` if it is not empty.
 */
function statusDetails(reason: string): Buffer {
  const any = (typeUrl: string, value: Uint8Array) => new BinaryWriter().uint32(10).string(typeUrl).uint32(18).bytes(value).finish();
  const delay = new BinaryWriter().uint32(10).bytes(new BinaryWriter().uint32(16).int32(1_000_000).finish()).finish();
  const status = new BinaryWriter().uint32(8).int32(Status.UNAVAILABLE).uint32(18).string("refused")
    .uint32(26).bytes(any("type.googleapis.com/google.rpc.RetryInfo", delay));
  if (reason) {
    const info = new BinaryWriter().uint32(10).string(reason).uint32(18).string("modelreg").finish();
    status.uint32(26).bytes(any("type.googleapis.com/google.rpc.ErrorInfo", info));
  }
  return Buffer.from(status.finish());
}

/** A RegistryService whose every call is refused UNAVAILABLE (with `reason` in an ErrorInfo if given), counting calls. */
async function refuser(reason: string): Promise<{ address: string; calls: () => number; stop: () => void }> {
  let calls = 0;
  const refuse = (_call: unknown, callback: (error: Partial<ServiceError>) => void) => {
    calls += 1;
    const metadata = new Metadata();
    metadata.set("grpc-status-details-bin", statusDetails(reason));
    callback({ code: Status.UNAVAILABLE, details: "refused", metadata });
  };
  const server = new Server();
  server.addService(registryService.RegistryServiceService,
    Object.fromEntries(Object.keys(registryService.RegistryServiceService).map((name) => [name, refuse])));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return { address: `127.0.0.1:${port}`, calls: () => calls, stop: () => server.forceShutdown() };
}

test("through the client: setAlias (once-only) is sent again only when refused with a reason, getVersion always", async () => {
  for (const [reason, call, attempts] of [
    ["", "setAlias", 1], ["DATABASE_BUSY", "setAlias", UNARY_ATTEMPTS],
    ["", "getVersion", UNARY_ATTEMPTS], ["DATABASE_BUSY", "getVersion", UNARY_ATTEMPTS],
  ] as const) {
    const server = await refuser(reason);
    const client = connect(server.address);
    try {
      const started = Date.now();
      await assert.rejects(call === "setAlias" ? client.setAlias("m", "a", 1) : client.getVersion("m:v1"), Unavailable);
      assert.equal(server.calls(), attempts, `${call} refused with reason ${JSON.stringify(reason)}`);
      assert.ok(Date.now() - started < 3000, "RetryInfo's 1 ms delay was not used");
    } finally {
      client.close();
      server.stop();
    }
  }
});

/**
 * The `token` option against the real Python server started with --auth: the bootstrapped admin's
 * token works, a viewer reads but may not write, and calls and watches without a valid token are
 * refused with the server's reasons.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { credentials, type Metadata, type ServiceError } from "@grpc/grpc-js";
import {
  type Client,
  connect,
  EventType,
  fromServiceError,
  ModelregError,
  PermissionDenied,
  Status,
  Unauthenticated,
} from "@modelreg/client";
import {
  AccessServiceClient,
  type CreateTokenResponse,
  type GetCallerResponse,
  PrincipalKind,
  Role,
} from "../src/gen/modelreg/v1/access_service";
import type { CreateModelResponse, GetModelResponse } from "../src/gen/modelreg/v1/registry_service";
import { ServerProcess, withTimeout } from "./harness";

/** A well-formed token (mrt_<12 hex>_<43 chars>) the server never issued. */
const UNKNOWN_TOKEN = `mrt_0123456789ab_${"A".repeat(43)}`;

let server: ServerProcess;
let admin: Client;
/** The client wraps no AccessService RPC: its generated stub, sharing the admin client's channel. */
let access: AccessServiceClient;
const clients: Client[] = [];

function client(token?: string): Client {
  const c = connect(server.address, { token, timeoutMs: 30_000 });
  clients.push(c);
  return c;
}

type Callback<R> = (error: ServiceError | null, response: R) => void;

/** Calls a generated stub with the client's metadata (its bearer token); errors become ModelregErrors. */
function call<R>(c: Client, invoke: (metadata: Metadata, callback: Callback<R>) => unknown): Promise<R> {
  return new Promise((resolve, reject) => {
    invoke(c.metadata(), (error, response) => (error ? reject(fromServiceError(error)) : resolve(response)));
  });
}

/** The error `promise` rejects with; fails if it resolves. */
function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then((value) => assert.fail(`expected a refusal, got ${JSON.stringify(value)}`), (e) => e);
}

function assertRefused<E extends ModelregError>(
  error: unknown, cls: new (...args: never[]) => E, code: Status, reason: string,
): asserts error is E {
  assert.ok(error instanceof cls, `got ${error}`);
  assert.equal(error.code, code);
  assert.equal(error.reason, reason);
  assert.equal(error.domain, "modelreg");
}

/** Iterates a watch to its end and returns the error it ended with (fails on any event). */
async function watchError(watch: AsyncIterable<unknown>): Promise<unknown> {
  return withTimeout((async () => {
    for await (const event of watch) assert.fail(`no event expected, got ${JSON.stringify(event)}`);
  })().then(() => assert.fail("the watch ended without an error"), (e) => e), 30_000, "the watch to fail");
}

before(async () => {
  server = await ServerProcess.start("--auth");
  admin = client(await server.bootstrap());
  access = new AccessServiceClient(server.address, credentials.createInsecure(), {
    channelOverride: admin.registry.getChannel(),
  });
});

after(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

test("the bootstrapped admin's token is accepted", async () => {
  const caller = await call<GetCallerResponse>(admin, (md, cb) => access.getCaller({}, md, cb));
  assert.equal(caller.principal?.name, "principals/admin");
  assert.equal(caller.authenticationRequired, true);
  const created = await call<CreateModelResponse>(admin, (md, cb) => admin.registry.createModel({ modelId: "guarded", description: "", tags: {} }, md, cb));
  assert.equal(created.model?.name, "models/guarded");
});

test("a viewer's token reads but may not write (PERMISSION_DENIED, ROLE_REQUIRED)", async () => {
  await call(admin, (md, cb) => access.createPrincipal(
    { principalId: "reader", kind: PrincipalKind.PRINCIPAL_KIND_USER, description: "" }, md, cb));
  await call(admin, (md, cb) => access.grantRole(
    { principal: "principals/reader", role: Role.ROLE_VIEWER, modelPattern: "*" }, md, cb));
  const token = await call<CreateTokenResponse>(admin, (md, cb) => access.createToken({ parent: "principals/reader", description: "" }, md, cb));
  const reader = client(token.secret);

  const model = await call<GetModelResponse>(reader, (md, cb) => reader.registry.getModel({ name: "guarded" }, md, cb));
  assert.equal(model.model?.name, "models/guarded");
  assert.equal(typeof await reader.eventHead(), "number");

  const denied = await refusal(call(reader, (md, cb) =>
    reader.registry.createModel({ modelId: "not-yours", description: "", tags: {} }, md, cb)));
  assertRefused(denied, PermissionDenied, Status.PERMISSION_DENIED, "ROLE_REQUIRED");
  assert.equal(denied.metadata.required_role, "editor");

  // A watch with the viewer's token sees the model's events.
  const watch = reader.watch({ models: ["guarded"] }, { after: 0 });
  try {
    const first = await withTimeout(watch[Symbol.asyncIterator]().next(), 30_000, "the viewer's first event");
    assert.equal(first.done, false);
    assert.equal(first.value?.type, EventType.EVENT_TYPE_MODEL_CREATED);
  } finally {
    watch.close();
  }
});

test("a call without a token is TOKEN_MISSING, with a made-up token TOKEN_INVALID (UNAUTHENTICATED)", async () => {
  const anonymous = client();
  assertRefused(await refusal(anonymous.resolve("guarded:latest")), Unauthenticated, Status.UNAUTHENTICATED, "TOKEN_MISSING");
  assertRefused(await refusal(call(anonymous, (md, cb) => anonymous.registry.getModel({ name: "guarded" }, md, cb))),
    Unauthenticated, Status.UNAUTHENTICATED, "TOKEN_MISSING");

  const unknown = client(UNKNOWN_TOKEN);
  assertRefused(await refusal(unknown.eventHead()), Unauthenticated, Status.UNAUTHENTICATED, "TOKEN_INVALID");

  const malformed = client("s3cret");
  assertRefused(await refusal(malformed.eventHead()), Unauthenticated, Status.UNAUTHENTICATED, "TOKEN_MALFORMED");
});

test("a watch without a valid token fails instead of reconnecting", async () => {
  const anonymous = client().watch({});
  assertRefused(await watchError(anonymous), Unauthenticated, Status.UNAUTHENTICATED, "TOKEN_MISSING");
  await assert.rejects(anonymous.ready);

  const unknown = client(UNKNOWN_TOKEN).watch({ models: ["guarded"] }, { after: 0 });
  assertRefused(await watchError(unknown), Unauthenticated, Status.UNAUTHENTICATED, "TOKEN_INVALID");
  assert.equal(unknown.isClosed, true);
});

/**
 * The library against the real server (through tests/conformance/harness.py): error mapping,
 * pulls that are cut mid-stream (by a TCP proxy that drops the connection), refused and aborted
 * pulls, stopping a watch, and the example deploy agent.
 */
import assert from "node:assert/strict";
import { existsSync, promises as fs } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { credentials } from "@grpc/grpc-js";
import {
  type Client,
  connect,
  errorInfoFromStatus,
  EventType,
  IntegrityError,
  InvalidArgument,
  ModelregError,
  NotFound,
  OutOfRange,
  Status,
} from "@modelreg/client";
import { follow } from "../examples/follow";
import { type DownloadVersionResponse, TransferServiceClient } from "../src/gen/modelreg/v1/transfer_service";
import { MESSAGE_BYTES } from "../src/transfer";
import { Harness, tempDir, tree, withTimeout } from "./harness";

let harness: Harness;
let client: Client;
let tmp: string;

before(async () => {
  harness = await Harness.start();
  client = connect(harness.info.address);
  tmp = await tempDir("modelreg-ts-client-");
});

after(async () => {
  client?.close();
  await harness?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const source = (n: number) => harness.info.sources[String(n)];

/** A TCP proxy to the server that drops its first connection after `cutAfter` bytes from the server. */
async function cuttingProxy(target: string, cutAfter: number) {
  const [host, port] = [target.slice(0, target.lastIndexOf(":")), Number(target.slice(target.lastIndexOf(":") + 1))];
  const stats = { connections: 0, cuts: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((downstream) => {
    const index = stats.connections++;
    const upstream = net.connect(port, host);
    sockets.add(downstream).add(upstream);
    let forwarded = 0;
    upstream.on("data", (data: Buffer) => {
      forwarded += data.length;
      if (index === 0 && forwarded > cutAfter) {
        stats.cuts += 1;
        downstream.destroy();
        upstream.destroy();
        return;
      }
      downstream.write(data);
    });
    downstream.on("data", (data: Buffer) => upstream.write(data));
    const close = () => {
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    address, stats,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test("server errors become ModelregError subclasses with the ErrorInfo reason and metadata", async () => {
  const error = await client.resolve("nosuchmodel:v1").then(() => undefined, (e) => e);
  assert.ok(error instanceof NotFound, `got ${error}`);
  assert.ok(error instanceof ModelregError);
  assert.equal(error.code, Status.NOT_FOUND);
  assert.equal(error.codeName, "NOT_FOUND");
  assert.equal(error.reason, "MODEL_NOT_FOUND");
  assert.equal(error.domain, "modelreg");
  assert.equal(error.metadata.model, "nosuchmodel");
  assert.match(error.message, /MODEL_NOT_FOUND/);

  const conflict = await client.setAlias(harness.info.model, "ts-cas", 1, { expect: 2 }).then(() => undefined, (e) => e);
  assert.ok(conflict instanceof ModelregError);
  assert.equal(conflict.codeName, "ABORTED");
  assert.equal(conflict.reason, "ALIAS_CONFLICT");
});

test("google.rpc.Status details are parsed for the ErrorInfo among other details", () => {
  const any = (typeUrl: string, value: Uint8Array) => new BinaryWriter().uint32(10).string(typeUrl).uint32(18).bytes(value).finish();
  const entry = (k: string, v: string) => new BinaryWriter().uint32(10).string(k).uint32(18).string(v).finish();
  const info = new BinaryWriter().uint32(10).string("ALIAS_CONFLICT").uint32(18).string("modelreg")
    .uint32(26).bytes(entry("alias", "production")).uint32(26).bytes(entry("current", "3")).finish();
  const status = new BinaryWriter().uint32(8).int32(Status.ABORTED).uint32(18).string("lost the race")
    .uint32(26).bytes(any("type.googleapis.com/google.rpc.RetryInfo", new Uint8Array([1, 2])))
    .uint32(26).bytes(any("type.googleapis.com/google.rpc.ErrorInfo", info)).finish();
  assert.deepEqual(errorInfoFromStatus(status),
    { reason: "ALIAS_CONFLICT", domain: "modelreg", metadata: { alias: "production", current: "3" } });
  assert.equal(errorInfoFromStatus(new BinaryWriter().uint32(8).int32(5).finish()), undefined);
});

test("a pull cut mid-stream resumes from the last verified chunk and lands complete", async () => {
  const proxy = await cuttingProxy(harness.info.address, 1_200_000);
  const viaProxy = connect(proxy.address);
  const resumes: number[] = [];
  const dest = path.join(tmp, "resumed");
  try {
    const version = await viaProxy.pull(`${harness.info.model}:v2`, dest, { onResume: (offset) => resumes.push(offset) });
    assert.equal(version.number, 2);
    assert.equal(proxy.stats.cuts, 1);
    assert.equal(resumes.length, 1, `resumed at ${resumes}`);
    assert.ok(resumes[0] > 0 && resumes[0] < version.totalSize, `resumed at ${resumes[0]} of ${version.totalSize}`);
    assert.deepEqual(await tree(dest), await tree(source(2)));
  } finally {
    viaProxy.close();
    await proxy.close();
  }
});

test("a pull asks for batched messages, which carry several chunks, and lands byte-identical", async () => {
  const dest = path.join(tmp, "batched");
  const version = await client.pull(`${harness.info.model}:v1`, dest);
  assert.deepEqual(await tree(dest), await tree(source(1)));

  // The same request on the raw stub: messages carry several consecutive chunks in `items`.
  const stub = new TransferServiceClient(harness.info.address, credentials.createInsecure());
  try {
    const call = stub.downloadVersion({ name: version.name, offset: 0, endOffset: 0, maxMessageBytes: MESSAGE_BYTES });
    const counts: number[] = [];
    let offset = 0;
    for await (const message of call as AsyncIterable<DownloadVersionResponse>) {
      counts.push(message.items.length);
      for (const item of message.items) {
        assert.equal(item.offset, offset);
        offset += item.chunk!.rawSize;
      }
    }
    assert.equal(offset, version.totalSize);
    assert.ok(Math.max(...counts) > 1, `items per message: ${counts}`);
  } finally {
    stub.close();
  }
});

test("a pull into an existing destination is refused unless overwrite, which swaps it whole", async () => {
  const dest = path.join(tmp, "existing");
  await fs.mkdir(dest);
  await fs.writeFile(path.join(dest, "keep.txt"), "mine");
  const refused = await client.pull(`${harness.info.model}:v1`, dest).then(() => undefined, (e) => e);
  assert.equal(refused?.code, "EEXIST");
  assert.deepEqual(await fs.readdir(dest), ["keep.txt"]);
  const version = await client.pull(`${harness.info.model}:v1`, dest, { overwrite: true });
  assert.equal(version.number, 1);
  assert.deepEqual(await tree(dest), await tree(source(1)));
  assert.deepEqual((await fs.readdir(tmp)).filter((n) => n.startsWith(".existing.")), []);
});

test("a corrupted chunk fails the pull with IntegrityError, leaving neither destination nor temp dir", async () => {
  const dest = path.join(tmp, "corrupt");
  const progress: number[] = [];
  await harness.send({ op: "corrupt_chunk", version: 1 });
  try {
    const error = await client.pull(`${harness.info.model}:v1`, dest, { onProgress: (done) => progress.push(done) })
      .then(() => undefined, (e) => e);
    assert.ok(error instanceof IntegrityError, `got ${error}`);
    assert.equal(error.codeName, "INTEGRITY");
    assert.ok(["CHUNK_DIGEST_MISMATCH", "CORRUPT_CHUNK", "CHUNK_SIZE_MISMATCH"].includes(error.reason), error.reason);
  } finally {
    await harness.send({ op: "repair_chunk" });
  }
  assert.equal(existsSync(dest), false);
  assert.deepEqual((await fs.readdir(tmp)).filter((n) => n.startsWith(".corrupt.")), []);
  assert.equal(progress[0], 0);
});

test("an aborted pull throws and leaves nothing behind", async () => {
  const controller = new AbortController();
  const dest = path.join(tmp, "aborted");
  const error = await client.pull(`${harness.info.model}:v1`, dest, {
    signal: controller.signal,
    onProgress: (done) => {
      if (done > 0) controller.abort();
    },
  }).then(() => undefined, (e) => e);
  assert.ok(error instanceof Error);
  assert.equal(error.name, "AbortError");
  assert.equal(existsSync(dest), false);
  assert.deepEqual((await fs.readdir(tmp)).filter((n) => n.startsWith(".aborted.")), []);
});

test("close() ends a watch whose next() is pending", async () => {
  const watch = client.watch({ models: [harness.info.model], types: ["ALIAS_SET"] });
  const iterator = watch[Symbol.asyncIterator]();
  const pending = iterator.next();
  assert.equal(typeof await withTimeout(watch.ready, 10_000, "the watch to start"), "number");
  watch.close();
  assert.deepEqual(await withTimeout(pending, 10_000, "next() after close()"), { value: undefined, done: true });
  assert.equal(watch.isClosed, true);
});

test("an abort signal stops a watch, and leaving the loop closes it", async () => {
  const controller = new AbortController();
  const model = harness.info.model;
  const watch = client.watch({ models: [model], aliases: ["ts-loop"] }, { signal: controller.signal });
  const seen: number[] = [];
  const loop = (async () => {
    for await (const event of watch) {
      seen.push(event.version);
      if (seen.length === 1) controller.abort();
    }
  })();
  await withTimeout(watch.ready, 10_000, "the watch to start");
  await harness.send({ op: "set_alias", alias: "ts-loop", version: 1 });
  await withTimeout(loop, 20_000, "the watch to stop on abort");
  assert.deepEqual(seen, [1]);

  const head = await client.eventHead();
  const replay = client.watch({ models: [model], aliases: ["ts-loop"] }, { after: head - 1 });
  for await (const event of replay) {
    assert.equal(event.type, EventType.EVENT_TYPE_ALIAS_SET);
    assert.equal(event.sequence, head);
    break;
  }
  assert.equal(replay.isClosed, true);
  assert.equal(replay.lastSequence, head);
});

test("a cursor past the head is OUT_OF_RANGE (CURSOR_AHEAD) and not retried", async () => {
  const head = await client.eventHead();
  const watch = client.watch({}, { after: head + 1000 });
  const error = await withTimeout((async () => {
    for await (const _ of watch) assert.fail("no event expected");
  })().then(() => undefined, (e) => e), 10_000, "the watch to fail");
  assert.ok(error instanceof OutOfRange, `got ${error}`);
  assert.equal(error.reason, "CURSOR_AHEAD");
  await assert.rejects(watch.ready);
});

test("unknown event type names are refused before any call", () => {
  assert.throws(() => client.watch({ types: ["ALIAS_MOVED"] }),
    (e: unknown) => e instanceof InvalidArgument && e.reason === "INVALID_EVENT_TYPE");
  assert.doesNotThrow(() => client.watch({ types: ["alias_set", "EVENT_TYPE_MODEL_CREATED", EventType.EVENT_TYPE_LINEAGE_ADDED] }).close());
});

// The exact header the client sends, and that a server without authentication ignores a token;
// how the real server started with --auth treats tokens is tested in auth.test.ts.
test("a token is sent as bearer authorization metadata", async () => {
  const withToken = connect(harness.info.address, { token: "s3cret" });
  try {
    assert.deepEqual(withToken.metadata().get("authorization"), ["Bearer s3cret"]);
    assert.deepEqual(client.metadata().get("authorization"), []);
    assert.equal((await withToken.resolve(`${harness.info.model}:v1`)).number, 1);
  } finally {
    withToken.close();
  }
});

test("the example agent follows an alias, pulling each version it moves to", async () => {
  const dir = path.join(tmp, "agent");
  const model = harness.info.model;
  await harness.send({ op: "set_alias", alias: "ts-follow", version: 1 });
  const controller = new AbortController();
  const deployed: number[] = [];
  let notify: (() => void) | undefined;
  const running = follow(client, `${model}:ts-follow`, dir, {
    signal: controller.signal,
    onDeployed: (version) => {
      deployed.push(version);
      notify?.();
    },
  });
  const waitFor = async (count: number) => {
    while (deployed.length < count) {
      await withTimeout(new Promise<void>((resolve) => (notify = resolve)), 20_000, `deployment ${count}`);
    }
  };
  try {
    await waitFor(1);
    await harness.send({ op: "set_alias", alias: "ts-follow", version: 2 });
    await waitFor(2);
  } finally {
    controller.abort();
    await withTimeout(running, 10_000, "the agent to stop");
  }
  assert.deepEqual(deployed, [1, 2]);
  assert.deepEqual(await tree(path.join(dir, "versions", "1")), await tree(source(1)));
  assert.deepEqual(await tree(path.join(dir, "versions", "2")), await tree(source(2)));
  assert.equal(await fs.readlink(path.join(dir, "current")), path.join("versions", "2"));
  const state = JSON.parse(await fs.readFile(path.join(dir, "state.json"), "utf8"));
  assert.equal(state.version, 2);
});

/**
 * Push from TypeScript, checked against the Python SDK (the reference) and the real server: the
 * FastCDC port reproduces tests/fixtures/native_vectors.json, the encoder picks the native
 * encoder's codecs, a pushed directory gets the chunks and version digest Python's scan of it
 * gives, a push from either language after the other sends nothing, the version pulls back
 * byte for byte with Python, an aborted push resumes, and bad input changes nothing.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fs, readFileSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { after, before, test } from "node:test";
import {
  type Client, codec, CompressPolicy, connect, FastCDC, IntegrityError, InvalidArgument, NotFound, scan,
} from "@modelreg/client";
import { PYTHON, ROOT, ServerProcess, tempDir, tree } from "./harness";

const VECTORS = JSON.parse(readFileSync(path.join(ROOT, "tests", "fixtures", "native_vectors.json"), "utf8"));
const PYSIDE = path.join(ROOT, "client", "typescript", "test", "pyside.py");

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs test/pyside.py (the Python SDK) and returns the JSON it prints. */
function python(...args: string[]): Promise<Json> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [PYSIDE, ...args], { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`pyside.py ${args.join(" ")}: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      });
  });
}

let server: ServerProcess;
let client: Client;
let tmp: string;
let inputs: string;

before(async () => {
  tmp = await tempDir("modelreg-ts-push-");
  inputs = path.join(tmp, "inputs");
  await fs.mkdir(inputs);
  [server] = await Promise.all([ServerProcess.start(), python("inputs", inputs)]);
  client = connect(server.address);
  await codec.loadEncoder();
});

after(async () => {
  client?.close();
  await server?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const [MIN, AVG, MAX] = VECTORS.params as [number, number, number];

for (const [name, want] of Object.entries(VECTORS.cuts as Record<string, Json>)) {
  for (const block of [0, 1_000_003]) {
    test(`FastCDC cuts ${name} as the native cutter does (${block ? `in blocks of ${block}` : "at once"})`, async () => {
      const data = await fs.readFile(path.join(inputs, `cut-${name}`));
      assert.equal(data.length, want.size);
      const cutter = new scan.Cutter({ min: MIN, avg: AVG, max: MAX });
      if (!block) cutter.feed(data, true);
      for (let at = 0; block && at < data.length; at += block) {
        cutter.feed(data.subarray(at, at + block), at + block >= data.length);
      }
      if (block && data.length === 0) cutter.feed(data, true);
      assert.deepEqual(cutter.chunks.map((c) => [c.offset, c.size, c.digest]), want.chunks);
    });
  }
}

test("FastCDC refuses sizes outside the crate's bounds", () => {
  for (const sizes of [{ min: 63, avg: AVG, max: MAX }, { min: MIN, avg: 255, max: MAX },
    { min: MIN, avg: AVG, max: 16 * 1024 * 1024 + 1 }, { min: 1.5, avg: AVG, max: MAX }]) {
    assert.throws(() => new FastCDC(sizes), RangeError);
  }
});

for (const [name, groups] of Object.entries(VECTORS.codecs as Record<string, Record<string, [number, number, string]>>)) {
  test(`encode picks the native encoder's codec for ${name} and the payload decodes back`, async () => {
    const raw = await fs.readFile(path.join(inputs, `codec-${name}`));
    for (const [group, [wantCodec]] of Object.entries(groups)) {
      const [got, payload] = codec.encode(raw, group === "None" ? null : Number(group));
      assert.equal(got, wantCodec, `group ${group}`);
      assert.deepEqual(codec.decode(got, payload, raw.length), raw);
    }
  });
}

test("compress always encodes every chunk, never none, auto probes and switches only when it pays", () => {
  const always = new CompressPolicy("always");
  const never = new CompressPolicy("never");
  assert.deepEqual([0, 1, 2, 3].map((i) => always.wants(i, 0)), [true, true, true, true]);
  assert.deepEqual([0, 1, 2, 3].map((i) => never.wants(i, 0)), [false, false, false, false]);
  const MB = 1024 * 1024;
  for (const [what, encodeSeconds, ratio, linkSeconds, switches] of [
    ["a slow link and a fast encoder", 0.01, 0.5, 1, true],        // link 1 MiB/s, encoder 100 MiB/s at half the bytes
    ["a fast link and a slow encoder", 1, 0.5, 0.01, false],       // link 100 MiB/s, encoder 1 MiB/s
    ["incompressible chunks", 0.01, 0.99, 1, false],               // compressing saves nothing
  ] as const) {
    const auto = new CompressPolicy("auto");
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => auto.wants(i, 0)), [true, false, false, false, true], what);
    assert.deepEqual([0, 1, 64].map((i) => auto.wants(i, 9 * MB)), [true, false, true], what);
    auto.encoded(MB, MB * ratio, encodeSeconds);
    auto.delivered(8 * MB, 8 * linkSeconds, false);
    assert.equal(auto.compress, switches, what);
    assert.equal(auto.wants(1, 9 * MB), switches, what);
  }
});

/** A safetensors file: its header, then each tensor's bytes in order. */
function safetensors(tensors: Array<[string, string, number]>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let at = 0;
  for (const [name, dtype, bytes] of tensors) {
    header[name] = { dtype, shape: [bytes], data_offsets: [at, at + bytes] };
    at += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const body = Buffer.alloc(at);
  let offset = 0;
  for (const [, dtype, bytes] of tensors) {
    // Small floats (like trained weights) in the float tensors, so they compress; noise elsewhere.
    const part = body.subarray(offset, offset + bytes);
    if (dtype === "F32") for (let i = 0; i + 4 <= bytes; i += 4) part.writeFloatLE((Math.random() - 0.5) * 0.04, i);
    else if (dtype === "BF16") for (let i = 0; i + 2 <= bytes; i += 2) part.writeUInt16LE(0x3c00 | (Math.random() * 0x1ff), i);
    else randomBytes(bytes).copy(part);
    offset += bytes;
  }
  return Buffer.concat([length, json, body]);
}

/** A model directory: a safetensors file of several tensors (tiny ones too), a file of several chunks, an empty file. */
async function modelDir(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await fs.mkdir(path.join(dir, "tokenizer"), { recursive: true });
  await fs.writeFile(path.join(dir, "model.safetensors"), safetensors([
    ["embed.weight", "F32", 3 * 1024 * 1024 + 12], ["norm.bias", "F32", 64], ["norm.weight", "F32", 64],
    ["head.weight", "BF16", 1536 * 1024], ["steps", "I64", 8], ["proj.weight", "F32", 700 * 1024]]));
  await fs.writeFile(path.join(dir, "optimizer.bin"), randomBytes(9 * 1024 * 1024 + 5));
  await fs.writeFile(path.join(dir, "config.json"), JSON.stringify({ name, layers: 2 }));
  await fs.writeFile(path.join(dir, "EMPTY"), "");
  await fs.writeFile(path.join(dir, "tokenizer", "vocab.txt"), "model\nweight\nlayer\n".repeat(5000));
  await fs.chmod(path.join(dir, "tokenizer", "vocab.txt"), 0o755);
  return dir;
}

type Progress = Array<[string, number, number]>;

function recorder(): [Progress, (phase: string, done: number, total: number) => void] {
  const seen: Progress = [];
  return [seen, (phase, done, total) => seen.push([phase, done, total])];
}

/** The last (done, total) reported for `phase`, after checking it only ever grew to its total. */
function finished(progress: Progress, phase: string): [number, number] {
  const steps = progress.filter(([p]) => p === phase);
  assert.ok(steps.length > 0, `no ${phase} progress`);
  for (let i = 1; i < steps.length; i++) {
    if (steps[i][2] === steps[i - 1][2]) assert.ok(steps[i][1] >= steps[i - 1][1], `${phase} progress went back`);
  }
  const [, done, total] = steps[steps.length - 1];
  return [done, total];
}

async function manifest(reference: string): Promise<Json> {
  const version = await client.getVersion(reference, { files: true });
  return version.files.map((f) => ({ path: f.path, size: f.size, mode: f.mode, tree_digest: f.treeDigest,
    chunks: f.chunks.map((c) => [c.digest, c.size]) }));
}

test("a TypeScript push names the chunks and version digest Python's does, and Python then sends nothing", async () => {
  const dir = await modelDir("ts-first");
  const expected = await python("scan", dir);
  assert.ok(expected.files.find((f: Json) => f.path === "model.safetensors").chunks.length >= 4);
  assert.ok(expected.files.find((f: Json) => f.path === "optimizer.bin").chunks.length > 1);
  assert.deepEqual(expected.files.find((f: Json) => f.path === "EMPTY").chunks, []);
  const local = await scan.scanFiles(await scan.listFiles(dir));
  assert.deepEqual(Object.fromEntries(local.map((f) => [f.path, f.chunks.map((c) => scan.floatWidth(f.floats, c.offset, c.size))])),
    expected.widths);
  assert.ok(expected.widths["model.safetensors"].includes(4) && expected.widths["model.safetensors"].includes(2));
  const [progress, onProgress] = recorder();
  const version = await client.push("pushed-ts", dir, { compress: "always", aliases: ["staging"],
    metrics: { f1: 0.9 }, params: { lr: 0.01, warm: true }, tags: { team: "nlp" }, description: "from ts", onProgress });
  assert.equal(version.digest, expected.digest);
  assert.deepEqual(await manifest("pushed-ts:staging"), expected.files);
  assert.deepEqual(version.metrics, { f1: 0.9 });
  assert.deepEqual(version.params, { lr: "0.01", warm: "True" });
  const total = expected.files.reduce((sum: number, f: Json) => sum + f.size, 0);
  assert.deepEqual(finished(progress, "scan"), [total, total]);
  const [sent, missing] = finished(progress, "upload");
  assert.equal(sent, missing);
  assert.equal(missing, total - (await fs.stat(path.join(dir, "EMPTY"))).size);

  const again = await python("push", server.address, "pushed-py", dir);
  assert.equal(again.digest, expected.digest);
  assert.equal(again.upload_total, 0);

  const pulled = path.join(tmp, "pulled-by-python");
  assert.equal((await python("pull", server.address, "pushed-ts:staging", pulled)).digest, expected.digest);
  assert.deepEqual(await tree(pulled), await tree(dir));
});

for (const compress of ["never", "auto"] as const) {
  test(`a push after Python's sends nothing and names the same version (compress ${compress})`, async () => {
    const dir = await modelDir(`py-first-${compress}`);
    const first = await python("push", server.address, `py-${compress}`, dir);
    assert.ok(first.upload_total > 0);
    const [progress, onProgress] = recorder();
    const version = await client.push(`ts-${compress}`, dir, { compress, onProgress });
    assert.equal(version.digest, first.digest);
    assert.deepEqual(finished(progress, "upload"), [0, 0]);
    assert.deepEqual(await manifest(`ts-${compress}:latest`), (await python("scan", dir)).files);
  });
}

test("a raw push (compress never) pulls back byte for byte", async () => {
  const dir = await modelDir("raw");
  const version = await client.push("raw", dir, { compress: "never" });
  const pulled = path.join(tmp, "raw-pulled");
  await client.pull(`raw@${version.digest}`, pulled);
  assert.deepEqual(await tree(pulled), await tree(dir));
});

test("an aborted push uploads only what is missing when run again", async () => {
  const dir = path.join(tmp, "resumable");
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, "weights.bin"), randomBytes(24 * 1024 * 1024));
  const controller = new AbortController();
  let firstTotal = 0;
  let messages = 0;
  await assert.rejects(client.push("resumable", dir, {
    compress: "never", signal: controller.signal,
    onProgress: (phase, done, total) => {
      if (phase !== "upload" || done === 0) return;
      firstTotal = total;
      if (++messages === 6) controller.abort();
    },
  }), (e: Error) => e.name === "AbortError");
  await assert.rejects(client.getVersion("resumable:latest"), NotFound);
  // An abort ends the upload stream instead of cutting it, so the server has committed what it
  // received by the time the push rejects.
  const digests = (await scan.scanFiles(await scan.listFiles(dir)))[0].chunks.map((c) => c.digest);
  assert.ok((await client.findMissingChunks(digests)).size < digests.length, "no chunk of the aborted push was stored");
  const [progress, onProgress] = recorder();
  const version = await client.push("resumable", dir, { compress: "never", onProgress });
  const [sent, missing] = finished(progress, "upload");
  assert.equal(sent, missing);
  assert.ok(missing > 0 && missing < firstTotal, `the second push sent ${missing} of ${firstTotal} bytes`);
  const pulled = path.join(tmp, "resumable-pulled");
  await client.pull(version.name, pulled);
  assert.deepEqual(await tree(pulled), await tree(dir));
});

test("a single file pushes as a version of that one file, named as Python names it", async () => {
  const file = path.join(tmp, "single.safetensors");
  await fs.writeFile(file, safetensors([["w", "F32", 600 * 1024], ["b", "F32", 16], ["h", "F16", 300 * 1024]]));
  const expected = await python("scan", file);
  const version = await client.push("single", file);
  assert.equal(version.digest, expected.digest);
  assert.deepEqual(await manifest(version.name), expected.files);
  assert.deepEqual(expected.files.map((f: Json) => f.path), ["single.safetensors"]);
});

test("links to files are followed and links to directories are not, as in Python", async () => {
  const dir = path.join(tmp, "links");
  await fs.mkdir(path.join(dir, "real"), { recursive: true });
  await fs.writeFile(path.join(dir, "real", "a.bin"), randomBytes(1000));
  await fs.chmod(path.join(dir, "real", "a.bin"), 0o600);
  await fs.symlink(path.join(dir, "real", "a.bin"), path.join(dir, "file-link.bin"));
  await fs.symlink(path.join(dir, "real"), path.join(dir, "dir-link"));
  const expected = await python("scan", dir);
  assert.deepEqual(expected.files.map((f: Json) => [f.path, f.mode]), [["file-link.bin", 0o600], ["real/a.bin", 0o600]]);
  const version = await client.push("links", dir);
  assert.equal(version.digest, expected.digest);
  assert.deepEqual(await manifest(version.name), expected.files);
  // A dangling link is an error (Python's scan raises FileNotFoundError), not a file left out.
  await fs.symlink(path.join(dir, "nowhere"), path.join(dir, "dangling"));
  await assert.rejects(python("scan", dir), /FileNotFoundError/);
  await assert.rejects(client.push("links", dir), (e: NodeJS.ErrnoException) =>
    e.code === "ENOENT" && e.path === path.join(dir, "dangling"));
  assert.equal((await client.getVersion("links:latest")).name, version.name);
});

/**
 * A TCP proxy to `target` that drops its first connection once `cutAfter` bytes came from the
 * client: it stops forwarding there and cuts half a second later, so the server has stored the
 * chunks it received (a cut lands between two stored chunks, whatever the machine's load).
 */
async function cuttingProxy(target: string, cutAfter: number) {
  const port = Number(target.slice(target.lastIndexOf(":") + 1));
  const stats = { connections: 0 };
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((downstream) => {
    const index = stats.connections++;
    const upstream = net.connect(port, "127.0.0.1");
    sockets.add(downstream).add(upstream);
    let forwarded = 0;
    downstream.on("data", (data: Buffer) => {
      if (index === 0 && forwarded > cutAfter) return; // held back until the cut
      forwarded += data.length;
      upstream.write(data);
      if (index === 0 && forwarded > cutAfter) {
        setTimeout(() => {
          downstream.destroy();
          upstream.destroy();
        }, 500);
      }
    });
    upstream.on("data", (data: Buffer) => downstream.write(data));
    for (const [a, b] of [[downstream, upstream], [upstream, downstream]]) {
      a.on("close", () => b.destroy());
      a.on("error", () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  return {
    address, stats,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      proxy.close(() => resolve());
    }),
  };
}

test("a push whose connection drops mid-upload starts over by itself and completes", async () => {
  const dir = path.join(tmp, "dropped");
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, "weights.bin"), randomBytes(16 * 1024 * 1024));
  const proxy = await cuttingProxy(server.address, 6 * 1024 * 1024);
  const through = connect(proxy.address);
  try {
    const [progress, onProgress] = recorder();
    const version = await through.push("dropped", dir, { compress: "never", onProgress });
    assert.ok(proxy.stats.connections >= 2, "the connection was not cut");
    const totals = progress.filter(([p, done]) => p === "upload" && done === 0).map(([, , total]) => total);
    // Whether the second attempt finds the first one's chunks depends on how far the server got
    // committing them when it asked (it commits a cut stream's chunks after the cut): at most all.
    assert.equal(totals.length, 2, `upload attempts: ${JSON.stringify(totals)}`);
    assert.ok(totals[1] <= totals[0], `the second attempt had ${totals[1]} of ${totals[0]} bytes to send`);
    const pulled = path.join(tmp, "dropped-pulled");
    await client.pull(version.name, pulled);
    assert.deepEqual(await tree(pulled), await tree(dir));
  } finally {
    through.close();
    await proxy.close();
  }
});

test("a file changed after it was scanned is refused, naming it, and no version is made", async () => {
  const dir = path.join(tmp, "changing");
  await fs.mkdir(dir);
  const file = path.join(dir, "weights.bin");
  await fs.writeFile(file, randomBytes(2 * 1024 * 1024));
  await assert.rejects(client.push("changing", dir, {
    compress: "never",
    onProgress: (phase, done) => {
      // Between the scan and the upload: same size, other bytes.
      if (phase === "upload" && done === 0) writeFileSync(file, randomBytes(2 * 1024 * 1024));
    },
  }), (e: unknown) => e instanceof IntegrityError && e.message.includes(file) && e.message.includes("changed"));
  await assert.rejects(client.getVersion("changing:latest"), NotFound);
});

test("a directory whose paths collide on macOS and Windows is refused before anything is sent", async () => {
  const dir = path.join(tmp, "colliding");
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, "README"), "a");
  await fs.writeFile(path.join(dir, "readme"), "b");
  await assert.rejects(client.push("colliding", dir), (e: unknown) =>
    e instanceof InvalidArgument && e.reason === "PATH_COLLISION" && e.metadata.path === "readme");
  await assert.rejects(client.getVersion("colliding:latest"), NotFound);
});

test("a missing directory is refused", async () => {
  await assert.rejects(client.push("missing", path.join(tmp, "no-such-dir")),
    (e: NodeJS.ErrnoException) => e.code === "ENOENT");
});

for (const model of ["", "Sentiment", "models/", "a b", 7]) {
  test(`push refuses the model name ${JSON.stringify(model)} before anything is sent`, async () => {
    const dir = path.join(tmp, `bad-model-${String(model).replace(/[^a-z0-9]/gi, "_")}`);
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "weights.bin"), randomBytes(300 * 1024));
    await assert.rejects(client.push(model as string, dir), (e: unknown) =>
      e instanceof InvalidArgument && e.reason === "INVALID_NAME" && e.metadata.argument === "model");
    const digests = (await scan.scanFiles(await scan.listFiles(dir))).flatMap((f) => f.chunks.map((c) => c.digest));
    assert.deepEqual([...await client.findMissingChunks(digests)], digests);
  });
}

const BAD_OPTIONS: Array<[string, Json, string]> = [
  ["aliases as a string", { aliases: "staging" }, "INVALID_ALIAS"],
  ["an alias that is not a string", { aliases: [1] }, "INVALID_ALIAS"],
  ["a metric that is not a number", { metrics: { f1: "high" } }, "INVALID_METRIC"],
  ["a metric that is not finite", { metrics: { f1: Number.NaN } }, "INVALID_METRIC"],
  ["a param that is a list", { params: { lr: [0.1] } }, "INVALID_PARAM"],
  ["a tag that is a number", { tags: { team: 1 } }, "INVALID_TAG"],
  ["an unknown compress mode", { compress: "sometimes" }, "INVALID_COMPRESS"],
  ["no attempts", { attempts: 0 }, "INVALID_ATTEMPTS"],
];

for (const [what, options, reason] of BAD_OPTIONS) {
  test(`push refuses ${what} (${reason}) and changes nothing`, async () => {
    const dir = path.join(tmp, `bad-${BAD_OPTIONS.findIndex(([w]) => w === what)}`);
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, "weights.bin"), randomBytes(300 * 1024));
    await assert.rejects(client.push("bad-options", dir, options), (e: unknown) =>
      e instanceof InvalidArgument && e.reason === reason);
    await assert.rejects(client.getVersion("bad-options:latest"), NotFound);
    const digests = (await scan.scanFiles(await scan.listFiles(dir))).flatMap((f) => f.chunks.map((c) => c.digest));
    assert.deepEqual([...await client.findMissingChunks(digests)], digests);
  });
}

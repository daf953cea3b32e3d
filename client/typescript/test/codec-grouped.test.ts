/**
 * Byte-grouped chunks (CODEC_BYTEGROUP2_ZSTD, CODEC_BYTEGROUP4_ZSTD): byte k of every 2- or
 * 4-byte word in plane k, each plane raw or one zstd frame bounded by raw_size / width, then
 * raw_size % width trailing raw bytes. Real chunks come from the Python codec the server uses
 * (client/python/modelreg/codec.py, from .venv); odd ones are built here from its planes.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { Codec, codec } from "@modelreg/client";
import { PYTHON } from "./harness";

const { ChunkError, decode, decodeVerified, MAX_CHUNK_SIZE, sha256Hex } = codec;

interface Fixture { name: string; codec: number; raw: Buffer; data: Buffer }

const python = (script: string, input?: Buffer): string =>
  execFileSync(PYTHON, ["-c", script], { input, timeout: 60_000, maxBuffer: 256 << 20 }).toString();

/** Chunks the Python codec encoded: codec.encode as the server calls it, and forced layouts. */
const fixtures: Fixture[] = (() => {
  const script = `
import json, random, struct
from modelreg import codec
random.seed(5)
def floats(n): return b''.join(struct.pack('<f', random.gauss(0, 0.02)) for _ in range(n))
def halves(n): return b''.join(struct.pack('<e', random.gauss(0, 0.02)) for _ in range(n))
out = []
def add(name, raw, c, data): out.append({'name': name, 'codec': int(c), 'raw': raw.hex(), 'data': data.hex()})
for tail in range(4):
    raw = floats(20000) + bytes(range(0x50, 0x50 + tail))
    add('f32 tail %d' % tail, raw, *codec.encode(raw, 4))
    raw = halves(30000) + bytes(range(0x60, 0x60 + tail % 2))
    add('f16 tail %d' % (tail % 2), raw, *codec.encode(raw, 2))
raw = floats(20000)
add('f32 guessed', raw, *codec.encode(raw))
for width, raw in ((4, b'\\x01\\x02\\x03'), (4, bytes(8)), (2, b'\\x09'), (4, b''), (4, bytes(100000) + b'ab')):
    add('forced width %d size %d' % (width, len(raw)), raw, codec.GROUP_CODECS[width], codec._encode_grouped(raw, width))
print(json.dumps(out))
`;
  return (JSON.parse(python(script)) as { name: string; codec: number; raw: string; data: string }[])
    .map((f) => ({ ...f, raw: Buffer.from(f.raw, "hex"), data: Buffer.from(f.data, "hex") }));
})();

/** zstd frames declaring their content size, one per input, from the server's zstandard. */
function zstdFrames(...inputs: Buffer[]): Buffer[] {
  const script = `
import json, sys, zstandard
c = zstandard.ZstdCompressor(level=1, write_content_size=True)
print(json.dumps([c.compress(bytes.fromhex(h)).hex() for h in json.load(sys.stdin)]))
`;
  const input = Buffer.from(JSON.stringify(inputs.map((b) => b.toString("hex"))));
  return (JSON.parse(python(script, input)) as string[]).map((h) => Buffer.from(h, "hex"));
}

interface Plane { codec: number; body: Uint8Array }

function join(planes: Plane[], tail: Uint8Array = Buffer.alloc(0)): Buffer {
  const parts: Uint8Array[] = [];
  for (const plane of planes) {
    const header = Buffer.alloc(5);
    header[0] = plane.codec;
    header.writeUInt32BE(plane.body.length, 1);
    parts.push(header, plane.body);
  }
  parts.push(tail);
  return Buffer.concat(parts);
}

function planesOf(raw: Buffer, width: number): Buffer[] {
  const planeSize = Math.floor(raw.length / width);
  return Array.from({ length: width }, (_, k) => {
    const plane = Buffer.alloc(planeSize);
    for (let i = 0; i < planeSize; i++) plane[i] = raw[k + width * i];
    return plane;
  });
}

/** Plane codec bytes of a well-formed payload. */
function planeCodecs(payload: Buffer, width: number): number[] {
  const codecs: number[] = [];
  let position = 0;
  for (let k = 0; k < width; k++) {
    codecs.push(payload[position]);
    position += 5 + payload.readUInt32BE(position + 1);
  }
  return codecs;
}

function rejects(fn: () => unknown, reason: string | string[], what = ""): void {
  const reasons = Array.isArray(reason) ? reason : [reason];
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ChunkError, `${what}: expected a ChunkError, got ${e}`);
    assert.ok(reasons.includes(e.reason), `${what}: reason ${e.reason}, expected ${reasons.join(" or ")}: ${e.message}`);
    return true;
  }, what);
}

/** float32 weights around 0, little-endian, plus `tail` extra bytes. */
function floats(count: number, tail: number): Buffer {
  const out = Buffer.alloc(count * 4 + tail);
  let x = 3;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.writeFloatLE((x / 2147483648 - 0.5) * 0.04, 4 * i);
  }
  for (let i = 0; i < tail; i++) out[count * 4 + i] = 0x50 + i;
  return out;
}

const groupCodec = (width: number) => (width === 2 ? Codec.CODEC_BYTEGROUP2_ZSTD : Codec.CODEC_BYTEGROUP4_ZSTD);

test("chunks the Python codec byte-groups decode exactly", () => {
  assert.ok(fixtures.length >= 10);
  const planeCodecsSeen = new Set<number>();
  for (const f of fixtures) {
    if (!f.name.startsWith("forced")) {
      const width = f.name.startsWith("f16") ? 2 : 4;
      assert.equal(f.codec, groupCodec(width), `${f.name}: codec`);
      assert.ok(f.data.length < f.raw.length, `${f.name}: compressed`);
      for (const c of planeCodecs(f.data, width)) planeCodecsSeen.add(c);
    }
    assert.deepEqual(decodeVerified(sha256Hex(f.raw), f.codec, f.data, f.raw.length), f.raw, f.name);
    for (const size of [f.raw.length + 1, f.raw.length - 1].filter((n) => n >= 0)) {
      rejects(() => decode(f.codec, f.data, size), ["CHUNK_SIZE_MISMATCH", "CORRUPT_CHUNK"], `${f.name} as ${size} bytes`);
    }
  }
  // Exponent planes compress, mantissa planes stay raw: both plane codecs are exercised.
  assert.deepEqual([...planeCodecsSeen].sort(), [Codec.CODEC_NONE, Codec.CODEC_ZSTD]);
});

test("hand-built byte-grouped chunks decode: raw and zstd planes, every tail, tiny chunks", () => {
  // Two float32 words (1.0, -2.0) with raw planes: the interleaving itself.
  const words = Buffer.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
  const byHand = join([[0x00, 0x00], [0x00, 0x00], [0x80, 0x00], [0x3f, 0xc0]]
    .map((body) => ({ codec: Codec.CODEC_NONE, body: Buffer.from(body) })));
  assert.deepEqual(decode(Codec.CODEC_BYTEGROUP4_ZSTD, byHand, 8), words);
  for (const width of [2, 4]) {
    for (let tail = 0; tail < width; tail++) {
      const raw = floats(5000, tail);
      const planes = planesOf(raw, width);
      const frames = zstdFrames(...planes);
      const tailBytes = raw.subarray(planes[0].length * width);
      const zstd = join(frames.map((body) => ({ codec: Codec.CODEC_ZSTD, body })), tailBytes);
      const rawPlanes = join(planes.map((body) => ({ codec: Codec.CODEC_NONE, body })), tailBytes);
      const mixed = join(planes.map((body, k) => (k % 2 ? { codec: Codec.CODEC_ZSTD, body: frames[k] } : { codec: Codec.CODEC_NONE, body })), tailBytes);
      for (const [name, payload] of Object.entries({ zstd, rawPlanes, mixed })) {
        assert.deepEqual(decodeVerified(sha256Hex(raw), groupCodec(width), payload, raw.length), raw, `width ${width} tail ${tail} ${name}`);
      }
    }
  }
  for (const raw of [Buffer.alloc(0), Buffer.from([1]), Buffer.from([1, 2, 3])]) {
    const planes = planesOf(raw, 4);
    const tailBytes = raw.subarray(0);
    assert.deepEqual(decode(Codec.CODEC_BYTEGROUP4_ZSTD, join(planes.map((body) => ({ codec: Codec.CODEC_NONE, body })), tailBytes), raw.length), raw);
    const frames = zstdFrames(...planes);
    assert.deepEqual(decode(Codec.CODEC_BYTEGROUP4_ZSTD, join(frames.map((body) => ({ codec: Codec.CODEC_ZSTD, body })), tailBytes), raw.length), raw);
  }
});

test("truncated, padded, mislabelled and lying byte-grouped chunks are refused", () => {
  const raw = floats(5000, 1);
  const size = raw.length;
  const planes = planesOf(raw, 4);
  const tail = raw.subarray(planes[0].length * 4);
  const frames = zstdFrames(...planes, Buffer.concat([planes[3], Buffer.from([1])]), Buffer.alloc(0));
  const [wrongSizeFrame, emptyFrame] = frames.slice(4);
  const good = join(frames.slice(0, 4).map((body) => ({ codec: Codec.CODEC_ZSTD, body })), tail);
  const goodRaw = join(planes.map((body) => ({ codec: Codec.CODEC_NONE, body })), tail);
  assert.deepEqual(decode(Codec.CODEC_BYTEGROUP4_ZSTD, good, size), raw);
  const firstLength = good.readUInt32BE(1);
  const patched = (payload: Buffer, f: (b: Buffer) => void) => { const b = Buffer.from(payload); f(b); return b; };
  const rawPlanesWith = (k: number, plane: Plane) => join(planes.map((body, i) => (i === k ? plane : { codec: Codec.CODEC_NONE, body })), tail);
  const G4 = Codec.CODEC_BYTEGROUP4_ZSTD;
  const cases: [string, number, Buffer, number, string[]][] = [
    ["empty payload", G4, Buffer.alloc(0), size, ["CORRUPT_CHUNK"]],
    ["cut in the first plane header", G4, good.subarray(0, 3), size, ["CORRUPT_CHUNK"]],
    ["cut in the first plane", G4, good.subarray(0, 5 + (firstLength >> 1)), size, ["CORRUPT_CHUNK"]],
    ["cut at half", G4, good.subarray(0, good.length >> 1), size, ["CORRUPT_CHUNK"]],
    ["cut in the last plane", G4, good.subarray(0, good.length - 3), size, ["CORRUPT_CHUNK"]],
    ["raw planes cut at half", G4, goodRaw.subarray(0, goodRaw.length >> 1), size, ["CORRUPT_CHUNK"]],
    ["no tail", G4, good.subarray(0, good.length - 1), size, ["CHUNK_SIZE_MISMATCH"]],
    ["extra trailing byte", G4, Buffer.concat([good, Buffer.from([0])]), size, ["CHUNK_SIZE_MISMATCH"]],
    ["raw planes, extra trailing bytes", G4, Buffer.concat([goodRaw, Buffer.from([1, 2, 3, 4])]), size, ["CHUNK_SIZE_MISMATCH"]],
    ["declared 4 bytes more", G4, good, size + 4, ["CHUNK_SIZE_MISMATCH"]],
    ["declared 4 bytes fewer", G4, good, size - 4, ["CHUNK_SIZE_MISMATCH"]],
    ["raw planes declared 4 bytes more", G4, goodRaw, size + 4, ["CHUNK_SIZE_MISMATCH"]],
    ["wrong width", Codec.CODEC_BYTEGROUP2_ZSTD, good, size, ["CHUNK_SIZE_MISMATCH", "CORRUPT_CHUNK"]],
    ["plane codec 0", G4, patched(good, (b) => { b[0] = 0; }), size, ["CORRUPT_CHUNK"]],
    ["plane codec 3", G4, patched(good, (b) => { b[0] = 3; }), size, ["CORRUPT_CHUNK"]],
    ["plane codec 255", G4, patched(good, (b) => { b[0] = 255; }), size, ["CORRUPT_CHUNK"]],
    ["plane codec raw for a zstd plane", G4, patched(good, (b) => { b[0] = Codec.CODEC_NONE; }), size, ["CHUNK_SIZE_MISMATCH"]],
    ["plane codec zstd for a raw plane", G4, patched(goodRaw, (b) => { b[0] = Codec.CODEC_ZSTD; }), size, ["CORRUPT_CHUNK"]],
    ["plane length past the payload", G4, patched(good, (b) => { b[1] = 0xff; }), size, ["CORRUPT_CHUNK"]],
    ["plane length 2^32-1", G4, patched(good, (b) => b.writeUInt32BE(0xffffffff, 1)), size, ["CORRUPT_CHUNK"]],
    ["plane length one byte short", G4, patched(good, (b) => b.writeUInt32BE(firstLength - 1, 1)), size, ["CORRUPT_CHUNK"]],
    ["plane length one byte long", G4, patched(good, (b) => b.writeUInt32BE(firstLength + 1, 1)), size, ["CORRUPT_CHUNK"]],
    ["raw plane one byte short", G4, rawPlanesWith(2, { codec: Codec.CODEC_NONE, body: planes[2].subarray(1) }), size, ["CHUNK_SIZE_MISMATCH"]],
    ["raw plane one byte long", G4, rawPlanesWith(1, { codec: Codec.CODEC_NONE, body: Buffer.concat([planes[1], Buffer.from([0])]) }), size, ["CHUNK_SIZE_MISMATCH"]],
    ["zstd plane of the wrong size", G4, rawPlanesWith(3, { codec: Codec.CODEC_ZSTD, body: wrongSizeFrame }), size, ["CHUNK_SIZE_MISMATCH"]],
    ["zstd plane with data after the frame", G4, rawPlanesWith(0, { codec: Codec.CODEC_ZSTD, body: Buffer.concat([frames[0], Buffer.from([0])]) }), size, ["CORRUPT_CHUNK"]],
    ["zstd plane of two frames", G4, rawPlanesWith(0, { codec: Codec.CODEC_ZSTD, body: Buffer.concat([frames[0], emptyFrame]) }), size, ["CORRUPT_CHUNK"]],
    ["zstd plane that is garbage", G4, rawPlanesWith(1, { codec: Codec.CODEC_ZSTD, body: Buffer.from("definitely not zstd") }), size, ["CORRUPT_CHUNK"]],
  ];
  for (const [name, c, payload, declared, reasons] of cases) rejects(() => decode(c, payload, declared), reasons, name);
  for (const declared of [-1, MAX_CHUNK_SIZE + 1, 1.5]) rejects(() => decode(Codec.CODEC_BYTEGROUP2_ZSTD, good, declared), "CHUNK_TOO_LARGE");
  // A flipped byte anywhere never yields bytes that pass verification.
  const digest = sha256Hex(raw);
  for (const payload of [good, goodRaw]) {
    for (const position of [0, 2, 4, 5, 20, Math.floor(payload.length / 3), payload.length >> 1, payload.length - 2, payload.length - 1]) {
      rejects(() => decodeVerified(digest, G4, patched(payload, (b) => { b[position] ^= 0xff; }), size),
        ["CORRUPT_CHUNK", "CHUNK_SIZE_MISMATCH", "CHUNK_DIGEST_MISMATCH"], `flipped byte ${position}`);
    }
  }
});

test("a zstd plane is bounded by raw_size / width: bombs and lying headers stop early", () => {
  // Plane 0 claims 16 MiB in a chunk of 8 raw bytes: refused on its header.
  const [bomb, thousand] = zstdFrames(Buffer.alloc(MAX_CHUNK_SIZE), Buffer.alloc(1000, 0x42));
  assert.ok(bomb.length < 4096);
  const started = process.hrtime.bigint();
  rejects(() => decode(Codec.CODEC_BYTEGROUP4_ZSTD, join([{ codec: Codec.CODEC_ZSTD, body: bomb }]), 8), "CHUNK_SIZE_MISMATCH");
  // A 1000-byte frame whose header is rewritten to declare 300 (plane size 300, width 2).
  const descriptor = thousand[4];
  assert.equal(descriptor >> 6, 1, "a 2-byte content size field");
  const at = 5 + ((descriptor & 0x20) ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  const lying = Buffer.from(thousand);
  lying.writeUInt16LE(300 - 256, at);
  rejects(() => decode(Codec.CODEC_BYTEGROUP2_ZSTD,
    join([{ codec: Codec.CODEC_ZSTD, body: lying }, { codec: Codec.CODEC_NONE, body: Buffer.alloc(300) }]), 600),
  ["CORRUPT_CHUNK", "CHUNK_SIZE_MISMATCH"]);
  assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, "decoding stopped early");
});

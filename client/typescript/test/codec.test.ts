/**
 * Chunk decoding: size bounds, strict zstd framing and corrupt input. Real zstd frames come from
 * the same zstandard library the server uses (the Python in .venv); odd frames are built by hand
 * from the zstd format's raw and RLE blocks.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { Decompress } from "fzstd";
import { Codec, codec } from "@modelreg/client";
import { PYTHON } from "./harness";

const { ChunkError, decode, decodeVerified, MAX_CHUNK_SIZE, parseZstdFrame, sha256Hex } = codec;

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** Content the Python fixtures compress: 1 MiB of a mildly compressible pattern. */
function sample(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 7;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = i % 8 === 0 ? (x >> 16) & 0xff : i & 0x3f;
  }
  return out;
}

const fixtures: Record<string, Buffer> = (() => {
  const script = `
import json, sys, zstandard
data = sys.stdin.buffer.read()
out = {
  "plain": zstandard.ZstdCompressor(level=3, write_content_size=True).compress(data),
  "checksum": zstandard.ZstdCompressor(level=3, write_content_size=True, write_checksum=True).compress(data),
  "no_size": zstandard.ZstdCompressor(level=3, write_content_size=False).compress(data),
  "empty": zstandard.ZstdCompressor(level=3, write_content_size=True).compress(b""),
}
cobj = zstandard.ZstdCompressor(level=3, write_content_size=False).compressobj()
out["streamed"] = cobj.compress(data) + cobj.flush()
print(json.dumps({k: v.hex() for k, v in out.items()}))
`;
  const json = execFileSync(PYTHON, ["-c", script], { input: sample(1 << 20), timeout: 60_000, maxBuffer: 64 << 20 }).toString();
  return Object.fromEntries(Object.entries(JSON.parse(json) as Record<string, string>)
    .map(([k, v]) => [k, Buffer.from(v, "hex")]));
})();

interface Block { type: "raw" | "rle"; data?: Buffer; byte?: number; size?: number; last?: boolean }

/** A zstd frame from raw/RLE blocks, with control over every header field. */
function frame(opts: {
  contentSize?: number; fcsBytes?: 0 | 1 | 2 | 4 | 8; singleSegment?: boolean; windowByte?: number;
  dictId?: number; checksum?: boolean; blocks: Block[]; reservedBit?: boolean;
}): Buffer {
  const ss = opts.singleSegment ?? true;
  const fcsBytes = opts.fcsBytes ?? 4;
  const fcsFlag = fcsBytes === 0 || (fcsBytes === 1 && ss) ? 0 : fcsBytes === 2 ? 1 : fcsBytes === 4 ? 2 : 3;
  const dictFlag = opts.dictId ? 3 : 0;
  const bytes: number[] = [...MAGIC,
    (fcsFlag << 6) | ((ss ? 1 : 0) << 5) | (opts.reservedBit ? 8 : 0) | ((opts.checksum ? 1 : 0) << 2) | dictFlag];
  if (!ss) bytes.push(opts.windowByte ?? 0x00);
  if (dictFlag) bytes.push(...le(opts.dictId!, 4));
  if (fcsBytes) bytes.push(...le(fcsBytes === 2 ? opts.contentSize! - 256 : opts.contentSize!, fcsBytes));
  opts.blocks.forEach((block, i) => {
    const last = block.last ?? i === opts.blocks.length - 1;
    const size = block.type === "raw" ? block.data!.length : block.size!;
    bytes.push(...le((size << 3) | ((block.type === "raw" ? 0 : 1) << 1) | (last ? 1 : 0), 3));
    if (block.type === "raw") bytes.push(...block.data!);
    else bytes.push(block.byte ?? 0);
  });
  if (opts.checksum) bytes.push(0, 0, 0, 0); // the checksum is not verified; the sha256 is
  return Buffer.from(bytes);
}

function le(value: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
  return out;
}

function rejects(fn: () => unknown, reason: string | string[]): void {
  const reasons = Array.isArray(reason) ? reason : [reason];
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ChunkError, `expected a ChunkError, got ${e}`);
    assert.ok(reasons.includes(e.reason), `reason ${e.reason}, expected ${reasons.join(" or ")}: ${e.message}`);
    return true;
  });
}

const data = sample(1 << 20);

test("CODEC_NONE passes raw bytes through, checked against size and digest", () => {
  const raw = Buffer.from("hello, registry");
  assert.deepEqual(decodeVerified(sha256Hex(raw), Codec.CODEC_NONE, raw, raw.length), raw);
  rejects(() => decode(Codec.CODEC_NONE, raw, raw.length + 1), "CHUNK_SIZE_MISMATCH");
  rejects(() => decode(Codec.CODEC_NONE, raw, raw.length - 1), "CHUNK_SIZE_MISMATCH");
  rejects(() => decodeVerified(sha256Hex(Buffer.from("other")), Codec.CODEC_NONE, raw, raw.length), "CHUNK_DIGEST_MISMATCH");
});

test("raw sizes outside 0..MAX_CHUNK_SIZE are refused before decoding", () => {
  for (const size of [MAX_CHUNK_SIZE + 1, -1, 2 ** 53, 1.5]) {
    rejects(() => decode(Codec.CODEC_NONE, Buffer.alloc(0), size), "CHUNK_TOO_LARGE");
    rejects(() => decode(Codec.CODEC_ZSTD, fixtures.plain, size), "CHUNK_TOO_LARGE");
  }
});

test("unknown codecs are refused", () => {
  for (const value of [Codec.CODEC_UNSPECIFIED, 5, 99, -1]) rejects(() => decode(value, Buffer.from("x"), 1), "INVALID_CODEC");
});

test("zstd frames from the server's compressor decode exactly", () => {
  assert.equal(parseZstdFrame(fixtures.plain).contentSize, data.length);
  assert.equal(parseZstdFrame(fixtures.plain).frameSize, fixtures.plain.length);
  assert.ok(fixtures.plain.length < data.length * 0.8, "the fixture is really compressed");
  assert.deepEqual(decodeVerified(sha256Hex(data), Codec.CODEC_ZSTD, fixtures.plain, data.length), data);
  assert.equal(parseZstdFrame(fixtures.checksum).hasChecksum, true);
  assert.deepEqual(decode(Codec.CODEC_ZSTD, fixtures.checksum, data.length), data);
  assert.equal(decode(Codec.CODEC_ZSTD, fixtures.empty, 0).length, 0);
});

test("a frame that does not declare its content size is corrupt", () => {
  rejects(() => decode(Codec.CODEC_ZSTD, fixtures.no_size, data.length), "CORRUPT_CHUNK");
  rejects(() => decode(Codec.CODEC_ZSTD, fixtures.streamed, data.length), "CORRUPT_CHUNK");
  rejects(() => decode(Codec.CODEC_ZSTD, frame({ fcsBytes: 0, singleSegment: false, blocks: [{ type: "raw", data: Buffer.from("abc") }] }), 3),
    "CORRUPT_CHUNK");
});

test("a declared content size other than raw_size is refused before decompressing (zstd bomb)", () => {
  const bomb = frame({ contentSize: 2 ** 40, fcsBytes: 8, blocks: [{ type: "rle", byte: 0, size: 1 }] });
  rejects(() => decode(Codec.CODEC_ZSTD, bomb, 1), "CHUNK_SIZE_MISMATCH");
  rejects(() => decode(Codec.CODEC_ZSTD, fixtures.plain, data.length - 1), "CHUNK_SIZE_MISMATCH");
  rejects(() => decode(Codec.CODEC_ZSTD, fixtures.plain, data.length + 1), "CHUNK_SIZE_MISMATCH");
});

test("a frame whose blocks produce more than declared stops at the bound", () => {
  // 800 RLE blocks of 128 KiB would be 100 MiB; the header says 1000 bytes.
  const blocks: Block[] = Array.from({ length: 800 }, () => ({ type: "rle" as const, byte: 0x41, size: 128 * 1024 }));
  const bomb = frame({ contentSize: 1000, blocks });
  assert.ok(bomb.length < 4000);
  const started = process.hrtime.bigint();
  rejects(() => decode(Codec.CODEC_ZSTD, bomb, 1000), "CHUNK_SIZE_MISMATCH");
  assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, "decoding stopped early");
  const liar = frame({ contentSize: 10, blocks: [{ type: "raw", data: Buffer.alloc(20, 1) }] });
  rejects(() => decode(Codec.CODEC_ZSTD, liar, 10), "CHUNK_SIZE_MISMATCH");
});

test("a compressed frame whose header declares less than its blocks produce is refused, not cut", () => {
  // The server's compressor: 1000 bytes of one value in one compressed block, its 2-byte content
  // size rewritten to 300.
  const honest = execFileSync(PYTHON, ["-c",
    "import sys, zstandard; sys.stdout.buffer.write(zstandard.ZstdCompressor(level=1, write_content_size=True).compress(b'B' * 1000))"],
  { timeout: 60_000 });
  assert.equal(honest[4] >> 6, 1, "a 2-byte content size field");
  const at = 5 + ((honest[4] & 0x20) ? 0 : 1) + [0, 1, 2, 4][honest[4] & 3];
  assert.deepEqual(decode(Codec.CODEC_ZSTD, honest, 1000), Buffer.alloc(1000, 0x42));
  const lying = Buffer.from(honest);
  lying.writeUInt16LE(300 - 256, at);
  rejects(() => decode(Codec.CODEC_ZSTD, lying, 300), ["CORRUPT_CHUNK", "CHUNK_SIZE_MISMATCH"]);
});

test("a frame whose blocks produce less than declared is refused", () => {
  const short = frame({ contentSize: 30, blocks: [{ type: "raw", data: Buffer.alloc(20, 1) }] });
  rejects(() => decode(Codec.CODEC_ZSTD, short, 30), "CHUNK_SIZE_MISMATCH");
});

test("hand-built raw and RLE frames decode, whatever size field width they use", () => {
  const text = Buffer.from("raw block content");
  for (const fcsBytes of [1, 2, 4, 8] as const) {
    const contentSize = fcsBytes === 2 ? 256 + text.length : text.length;
    const blocks: Block[] = fcsBytes === 2
      ? [{ type: "rle", byte: 0x7a, size: 256 }, { type: "raw", data: text }]
      : [{ type: "raw", data: text }];
    const expected = fcsBytes === 2 ? Buffer.concat([Buffer.alloc(256, 0x7a), text]) : text;
    assert.deepEqual(decode(Codec.CODEC_ZSTD, frame({ contentSize, fcsBytes, blocks }), contentSize), expected);
  }
});

test("the decoder's window is bounded by the content size, not the frame's window descriptor", () => {
  // windowLog 31: a streaming decoder that trusted the descriptor would need a 2 GiB window
  // (fzstd's cannot allocate it).
  const text = Buffer.from("a small chunk that asks for a huge window");
  const greedy = frame({ contentSize: text.length, singleSegment: false, windowByte: (31 - 10) << 3, blocks: [{ type: "raw", data: text }] });
  assert.throws(() => new Decompress(() => undefined).push(greedy, true));
  assert.deepEqual(decodeVerified(sha256Hex(text), Codec.CODEC_ZSTD, greedy, text.length), text);
});

test("anything but exactly one frame is corrupt", () => {
  const one = frame({ contentSize: 3, blocks: [{ type: "raw", data: Buffer.from("abc") }] });
  rejects(() => decode(Codec.CODEC_ZSTD, Buffer.concat([one, Buffer.from([0])]), 3), "CORRUPT_CHUNK");
  rejects(() => decode(Codec.CODEC_ZSTD, Buffer.concat([one, one]), 3), "CORRUPT_CHUNK");
  rejects(() => decode(Codec.CODEC_ZSTD, Buffer.concat([fixtures.plain, fixtures.empty]), data.length), "CORRUPT_CHUNK");
  // A skippable frame is not a zstd data frame.
  const skippable = Buffer.from([0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
  rejects(() => decode(Codec.CODEC_ZSTD, skippable, 0), "CORRUPT_CHUNK");
});

test("truncated, garbage and malformed frames are corrupt", () => {
  for (const cut of [0, 3, 5, 8, 12, fixtures.plain.length >> 1, fixtures.plain.length - 1]) {
    rejects(() => decode(Codec.CODEC_ZSTD, fixtures.plain.subarray(0, cut), data.length), "CORRUPT_CHUNK");
  }
  rejects(() => decode(Codec.CODEC_ZSTD, Buffer.from("definitely not zstd at all"), 26), "CORRUPT_CHUNK");
  const dict = frame({ contentSize: 3, dictId: 1234, blocks: [{ type: "raw", data: Buffer.from("abc") }] });
  rejects(() => decode(Codec.CODEC_ZSTD, dict, 3), "CORRUPT_CHUNK");
  const reserved = frame({ contentSize: 3, reservedBit: true, blocks: [{ type: "raw", data: Buffer.from("abc") }] });
  rejects(() => decode(Codec.CODEC_ZSTD, reserved, 3), "CORRUPT_CHUNK");
  const badBlockType = Buffer.from(frame({ contentSize: 3, blocks: [{ type: "raw", data: Buffer.from("abc") }] }));
  badBlockType[9] |= 0b110; // block type 3 is reserved
  rejects(() => decode(Codec.CODEC_ZSTD, badBlockType, 3), "CORRUPT_CHUNK");
});

test("a flipped byte inside a compressed frame never yields bytes that pass verification", () => {
  const digest = sha256Hex(data);
  let checked = 0;
  for (const position of [20, 100, fixtures.plain.length >> 1, fixtures.plain.length - 2, fixtures.plain.length - 1]) {
    const corrupt = Buffer.from(fixtures.plain);
    corrupt[position] ^= 0xff;
    rejects(() => decodeVerified(digest, Codec.CODEC_ZSTD, corrupt, data.length),
      ["CORRUPT_CHUNK", "CHUNK_SIZE_MISMATCH", "CHUNK_DIGEST_MISMATCH"]);
    checked += 1;
  }
  assert.equal(checked, 5);
});

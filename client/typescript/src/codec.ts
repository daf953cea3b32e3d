/**
 * Chunk decoding, with the same rules as the server and the Python SDK.
 *
 * A chunk is named by the lowercase hex sha256 of its raw bytes and travels raw (CODEC_NONE), as
 * exactly one zstd frame whose header declares its content size (CODEC_ZSTD), or byte-grouped
 * (CODEC_BYTEGROUP2_ZSTD, CODEC_BYTEGROUP4_ZSTD: byte k of every 2- or 4-byte word forms plane k;
 * per plane a 1-byte plane codec, CODEC_NONE or CODEC_ZSTD, and a 4-byte big-endian length, then
 * the plane bytes; then raw_size % width trailing raw bytes). Decoding is bounded by the declared
 * raw size: a frame header is checked against it (or against raw_size / width for a plane) before
 * any byte is decompressed, the decoder's window never exceeds it, and decoding stops as soon as
 * output would pass it, so a small frame cannot expand into gigabytes.
 */
import { createHash } from "node:crypto";
import * as zstd from "@bokuweb/zstd-wasm";
import { Decompress } from "fzstd";
import { Codec } from "./gen/modelreg/v1/resources";

/** The largest raw chunk either side accepts. */
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
/** zstd's largest block. */
const MAX_BLOCK_SIZE = 128 * 1024;
const ZSTD_MAGIC = 0xfd2fb528;
/** A byte-grouped plane's header: a 1-byte plane codec and a 4-byte big-endian length. */
const PLANE_HEADER_SIZE = 5;

/** A chunk whose bytes do not decode to what it claims; `reason` is the ErrorInfo-style reason. */
export class ChunkError extends Error {
  readonly reason: string = "CORRUPT_CHUNK";
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class CorruptChunk extends ChunkError {
  override readonly reason = "CORRUPT_CHUNK";
}
export class ChunkSizeMismatch extends ChunkError {
  override readonly reason = "CHUNK_SIZE_MISMATCH";
}
export class ChunkDigestMismatch extends ChunkError {
  override readonly reason = "CHUNK_DIGEST_MISMATCH";
}
export class ChunkTooLarge extends ChunkError {
  override readonly reason = "CHUNK_TOO_LARGE";
}
export class UnknownCodec extends ChunkError {
  override readonly reason = "INVALID_CODEC";
}

export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** What a zstd frame's header and block headers say, without decompressing anything. */
export interface ZstdFrameInfo {
  /** Frame_Content_Size from the header. */
  contentSize: number;
  /** Bytes before the first block header (magic, descriptor, window, dictionary id, size). */
  headerSize: number;
  /** Bytes of the whole frame, up to and including its checksum. */
  frameSize: number;
  hasChecksum: boolean;
}

/**
 * Parses one zstd frame: it must start at byte 0, declare its content size, need no dictionary
 * and end exactly at the end of `payload` (no second frame, no trailing bytes). Walks the block
 * headers to find the end. Throws CorruptChunk otherwise.
 */
export function parseZstdFrame(payload: Uint8Array): ZstdFrameInfo {
  const n = payload.length;
  const need = (pos: number, what: string) => {
    if (pos > n) throw new CorruptChunk(`zstd frame is truncated (${what})`);
  };
  need(5, "header");
  const magic = (payload[0] | (payload[1] << 8) | (payload[2] << 16) | (payload[3] << 24)) >>> 0;
  if (magic !== ZSTD_MAGIC) throw new CorruptChunk("chunk is not a zstd frame");
  const descriptor = payload[4];
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const hasChecksum = ((descriptor >> 2) & 1) === 1;
  const dictFlag = descriptor & 3;
  if (descriptor & 0x08) throw new CorruptChunk("zstd frame sets the reserved descriptor bit");
  let pos = 5;
  if (!singleSegment) pos += 1; // window descriptor: the decoder's window is bounded by the content size instead
  const dictSize = [0, 1, 2, 4][dictFlag];
  need(pos + dictSize, "dictionary id");
  let dictId = 0;
  for (let i = 0; i < dictSize; i++) dictId += payload[pos + i] * 2 ** (8 * i);
  pos += dictSize;
  if (dictId !== 0) throw new CorruptChunk("zstd frame needs a dictionary");
  const fcsSize = fcsFlag === 0 ? singleSegment : [0, 2, 4, 8][fcsFlag];
  if (fcsSize === 0) throw new CorruptChunk("zstd frame does not declare its content size");
  need(pos + fcsSize, "content size");
  let contentSize = 0;
  for (let i = 0; i < fcsSize; i++) contentSize += payload[pos + i] * 2 ** (8 * i);
  if (fcsSize === 2) contentSize += 256;
  pos += fcsSize;
  const headerSize = pos;
  for (;;) {
    need(pos + 3, "block header");
    const header = payload[pos] | (payload[pos + 1] << 8) | (payload[pos + 2] << 16);
    pos += 3;
    const last = header & 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw new CorruptChunk("zstd frame has a block of the reserved type");
    if (size > MAX_BLOCK_SIZE) throw new CorruptChunk(`zstd block of ${size} bytes exceeds ${MAX_BLOCK_SIZE}`);
    pos += type === 1 ? 1 : size; // RLE blocks carry one byte
    need(pos, "block");
    if (last) break;
  }
  if (hasChecksum) {
    pos += 4;
    need(pos, "checksum");
  }
  if (pos !== n) throw new CorruptChunk(`${n - pos} bytes follow the zstd frame`);
  return { contentSize, headerSize, frameSize: pos, hasChecksum };
}

/** Decodes a chunk payload, refusing anything that yields other than exactly `rawSize` bytes. */
export function decode(codec: Codec | number, payload: Uint8Array, rawSize: number): Buffer {
  if (!Number.isSafeInteger(rawSize) || rawSize < 0 || rawSize > MAX_CHUNK_SIZE) {
    throw new ChunkTooLarge(`raw size ${rawSize} is outside 0..${MAX_CHUNK_SIZE}`);
  }
  let raw: Buffer;
  if (codec === Codec.CODEC_NONE) {
    raw = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  } else if (codec === Codec.CODEC_ZSTD) {
    raw = decodeZstd(payload, rawSize);
  } else if (codec === Codec.CODEC_BYTEGROUP2_ZSTD) {
    raw = decodeGrouped(payload, rawSize, 2);
  } else if (codec === Codec.CODEC_BYTEGROUP4_ZSTD) {
    raw = decodeGrouped(payload, rawSize, 4);
  } else {
    throw new UnknownCodec(`unknown codec ${codec}`);
  }
  if (raw.length !== rawSize) {
    throw new ChunkSizeMismatch(
      `chunk decodes to ${raw.length > rawSize ? "more than " : ""}${raw.length} bytes, declared ${rawSize}`);
  }
  return raw;
}

/**
 * Byte-grouped chunks: `width` planes, each raw or one zstd frame that must declare exactly
 * floor(rawSize / width) bytes, then rawSize % width trailing raw bytes; plane k holds byte k of
 * every word, so out[k + width * i] = plane_k[i].
 */
function decodeGrouped(payload: Uint8Array, rawSize: number, width: number): Buffer {
  const planeSize = Math.floor(rawSize / width);
  const out = Buffer.alloc(rawSize);
  let position = 0;
  for (let k = 0; k < width; k++) {
    if (payload.length - position < PLANE_HEADER_SIZE) throw new CorruptChunk("byte-grouped chunk is truncated");
    const planeCodec = payload[position];
    const length = ((payload[position + 1] << 24) | (payload[position + 2] << 16)
      | (payload[position + 3] << 8) | payload[position + 4]) >>> 0;
    position += PLANE_HEADER_SIZE;
    if (length > payload.length - position) throw new CorruptChunk("byte-grouped chunk is truncated");
    const data = payload.subarray(position, position + length);
    position += length;
    let plane: Uint8Array;
    if (planeCodec === Codec.CODEC_ZSTD) {
      plane = decodeZstd(data, planeSize);
    } else if (planeCodec === Codec.CODEC_NONE) {
      plane = data;
    } else {
      throw new CorruptChunk(`unknown plane codec ${planeCodec}`);
    }
    if (plane.length !== planeSize) {
      throw new ChunkSizeMismatch(`plane ${k} has ${plane.length} bytes, expected ${planeSize}`);
    }
    for (let i = 0, j = k; i < planeSize; i++, j += width) out[j] = plane[i];
  }
  const whole = planeSize * width;
  if (payload.length - position !== rawSize - whole) {
    throw new ChunkSizeMismatch(`byte-grouped chunk decodes to a different size than ${rawSize}`);
  }
  out.set(payload.subarray(position), whole);
  return out;
}

function decodeZstd(payload: Uint8Array, rawSize: number): Buffer {
  const frame = parseZstdFrame(payload);
  if (frame.contentSize !== rawSize) {
    throw new ChunkSizeMismatch(`zstd frame declares ${frame.contentSize} bytes, chunk declares ${rawSize}`);
  }
  // Re-head the frame as single-segment (window = content size, 4-byte size field) so the
  // decoder never allocates more than rawSize + 1 for its window, whatever window the frame asks
  // for; back-references cannot reach beyond the content anyway. The one spare byte matters:
  // fzstd sizes a block's buffer to min(window, 128 KiB) and silently drops what a block writes
  // past it, so with a window of exactly rawSize a frame whose header lies (its blocks produce
  // more than it declares) would come out cut to rawSize and pass; with rawSize + 1 the extra
  // byte reaches the output callback and the frame is refused.
  const body = payload.subarray(frame.headerSize);
  const input = Buffer.allocUnsafe(9 + body.length);
  input.writeUInt32LE(ZSTD_MAGIC, 0);
  input[4] = (2 << 6) | (1 << 5) | (frame.hasChecksum ? 4 : 0);
  input.writeUInt32LE(rawSize + 1, 5);
  input.set(body, 9);
  const out = Buffer.alloc(rawSize);
  let written = 0;
  let overflow = false;
  const decoder = new Decompress((data) => {
    if (written + data.length > rawSize) {
      overflow = true;
      throw new ChunkSizeMismatch(`zstd frame decodes to more than ${rawSize} bytes`);
    }
    out.set(data, written);
    written += data.length;
  });
  try {
    decoder.push(input, true);
  } catch (e) {
    if (e instanceof ChunkError) throw e;
    if (overflow) throw new ChunkSizeMismatch(`zstd frame decodes to more than ${rawSize} bytes`);
    throw new CorruptChunk(`chunk is not a valid zstd frame: ${(e as Error)?.message ?? e}`);
  }
  if (written !== rawSize) {
    throw new ChunkSizeMismatch(`zstd frame decodes to ${written} bytes, declared ${rawSize}`);
  }
  return out;
}

/** Decodes and checks the sha256 of the result against `digest`. */
export function decodeVerified(digest: string, codec: Codec | number, payload: Uint8Array, rawSize: number): Buffer {
  const raw = decode(codec, payload, rawSize);
  const actual = sha256Hex(raw);
  if (actual !== digest) throw new ChunkDigestMismatch(`chunk data hashes to ${actual}, not ${digest}`);
  return raw;
}

// Encoding: the same choices as native/src/lib.rs (encode_bytes, guess_group, group_planes), so a
// chunk pushed from here travels with the codec a Python push would pick. The payload bytes can
// differ from Python's where the zstd builds differ; the server decodes and hashes every chunk,
// and chunks are named by their raw bytes, so that never changes a digest.

/** zstd level of CODEC_ZSTD payloads. */
export const ZSTD_LEVEL = 3;
/** zstd level of byte-grouped planes (cheaper, and compresses exponent planes better). */
export const PLANE_LEVEL = 1;
/** Compression must save at least this fraction of the raw size to be kept. */
export const MIN_SAVING = 0.02;
/** How much of a chunk of unknown content guessGroup() compresses to choose a grouping. */
const SAMPLE = 64 * 1024;
/** A plane's probe: mantissa planes rarely compress, so 16 KiB decides whether to try the rest. */
const PLANE_PROBE = 16 * 1024;

type Compressor = (data: Uint8Array, level: number) => Uint8Array;
let compressor: Compressor | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the zstd encoder (zstd compiled to WebAssembly, @bokuweb/zstd-wasm: Node.js 20 has no
 * zstd in zlib, and fzstd only decodes). encode() needs it; push() calls this first.
 */
export function loadEncoder(): Promise<void> {
  loading ??= zstd.init().then(() => {
    compressor = (data, level) => zstd.compress(data, level);
  });
  return loading;
}

/** One zstd frame of `data` that declares its content size. */
export function zstdCompress(data: Uint8Array, level: number): Buffer {
  if (!compressor) throw new Error("the zstd encoder is not loaded: await codec.loadEncoder() first");
  const frame = compressor(data, level);
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

function saves(packed: number, raw: number): boolean {
  return packed <= raw * (1 - MIN_SAVING);
}

/** The byte-grouped payload of `raw` (width 2 or 4), each plane compressed only where that pays. */
export function encodeGrouped(raw: Uint8Array, width: 2 | 4): Buffer {
  const whole = raw.length - (raw.length % width);
  const planeLength = whole / width;
  const parts: Uint8Array[] = [];
  for (let k = 0; k < width; k++) {
    const plane = new Uint8Array(planeLength);
    for (let i = 0, j = k; i < planeLength; i++, j += width) plane[i] = raw[j];
    const probe = plane.subarray(0, Math.min(planeLength, PLANE_PROBE));
    const hopeless = planeLength > 2 * PLANE_PROBE &&
      zstdCompress(probe, PLANE_LEVEL).length > probe.length * (1 - MIN_SAVING);
    let codec = Codec.CODEC_NONE;
    let body: Uint8Array = plane;
    if (!hopeless) {
      const packed = zstdCompress(plane, PLANE_LEVEL);
      if (saves(packed.length, planeLength)) {
        codec = Codec.CODEC_ZSTD;
        body = packed;
      }
    }
    const header = Buffer.alloc(PLANE_HEADER_SIZE);
    header[0] = codec;
    header.writeUInt32BE(body.length, 1);
    parts.push(header, body);
  }
  parts.push(raw.subarray(whole));
  return Buffer.concat(parts);
}

/** The grouping that compresses a sample of the chunk best; 0 when plain zstd is as good. */
export function guessGroup(raw: Uint8Array): 0 | 2 | 4 {
  const sample = raw.subarray(0, Math.min(raw.length, SAMPLE));
  let best: 0 | 2 | 4 = 0;
  let bestSize = zstdCompress(sample, PLANE_LEVEL).length * (1 - (3 * MIN_SAVING) / 2);
  if (bestSize < sample.length * 0.5) return 0; // text, sparse or repetitive data: plain zstd does well
  for (const width of [4, 2] as const) {
    const size = encodeGrouped(sample, width).length;
    if (size < bestSize) {
      best = width;
      bestSize = size;
    }
  }
  return best;
}

/**
 * (codec, payload): the smallest of byte-grouped zstd (for `group` 2 or 4, the float width the
 * caller knows the bytes hold), zstd (group 0) and raw, where raw wins unless compression saves
 * MIN_SAVING. `group` null or undefined: unknown, and a 64 KiB sample decides (guessGroup).
 */
export function encode(raw: Uint8Array, group?: number | null): [Codec, Buffer] {
  const width = group ?? guessGroup(raw);
  let codec: Codec;
  let payload: Buffer;
  if ((width === 2 || width === 4) && raw.length >= 2 * width) {
    payload = encodeGrouped(raw, width);
    codec = width === 2 ? Codec.CODEC_BYTEGROUP2_ZSTD : Codec.CODEC_BYTEGROUP4_ZSTD;
  } else {
    payload = zstdCompress(raw, ZSTD_LEVEL);
    codec = Codec.CODEC_ZSTD;
  }
  if (saves(payload.length, raw.length)) return [codec, payload];
  return [Codec.CODEC_NONE, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)];
}

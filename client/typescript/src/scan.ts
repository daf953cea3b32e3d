/**
 * The local side of a push, ported from the Python SDK (client/python/modelreg/transfer.py) so
 * that a directory pushed from here gets the chunks, tree digests and version digest a Python
 * push of it gets: which files (portable paths, permission bits), where they are cut (FastCDC
 * 2020 within the stretches between a safetensors file's header end and tensor edges), and the
 * float width each chunk mostly holds (the codec and compress hint it travels with).
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { InvalidArgument } from "./errors";
import { FastCDC, type ChunkSizes } from "./fastcdc";
import { type FileEntry } from "./gen/modelreg/v1/resources";
import { treeDigest } from "./manifest";
import { checkPaths, PathError } from "./paths";

/** The Python SDK's chunk bounds (CHUNK_MIN/AVG/MAX): cut points depend on them, so they must match. */
export const CHUNK_SIZES: Readonly<ChunkSizes> = { min: 256 * 1024, avg: 1024 * 1024, max: 4 * 1024 * 1024 };
/** Files are read in blocks of this size, so memory stays flat however large a file is. */
export const READ_BLOCK = 8 * 1024 * 1024;
/** Float widths by safetensors dtype: byte grouping pays for these. */
export const FLOAT_WIDTHS: Readonly<Record<string, number>> = { F32: 4, F16: 2, BF16: 2 };
/** A safetensors header larger than this is not believed (the Python SDK's limit). */
const MAX_HEADER = 100 * 1024 * 1024;

/** One content-defined chunk of a file. */
export interface LocalChunk {
  /** Lowercase hex sha256 of the raw bytes. */
  digest: string;
  size: number;
  /** Where it starts in its file. */
  offset: number;
}

/** A file to push: where it is, what it will be called, and (after scanFile) its chunks. */
export interface LocalFile {
  /** Relative POSIX path in the version. */
  path: string;
  /** Where it is on disk. */
  source: string;
  size: number;
  /** Permission bits (mode & 0o777). */
  mode: number;
  chunks: LocalChunk[];
  /** [start, end, width] file ranges of float tensors (safetensors files only), ascending. */
  floats: Array<[number, number, number]>;
}

/** The file as a manifest format 2 push names it: by its chunk list, as Python's `LocalFile.entry()`. */
export function fileEntry(f: LocalFile): FileEntry {
  const chunks = f.chunks.map((c) => ({ digest: c.digest, size: c.size }));
  return { path: f.path, size: f.size, mode: f.mode, sha256: "", treeDigest: treeDigest(chunks), chunks };
}

/**
 * Regular files under `root` (symlinks to files are followed, directory symlinks are not, a
 * dangling one is an ENOENT error), sorted
 * by path bytes; a `root` that is a file is the one file, named by its base name. Throws
 * InvalidArgument (INVALID_PATH, PATH_COLLISION) before anything is read unless every path is
 * portable (docs/paths.md), which the server enforces too.
 */
export async function listFiles(root: string): Promise<LocalFile[]> {
  let st;
  try {
    st = await fs.stat(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw Object.assign(new Error(`${root} is not a file or directory`), { code: "ENOENT", path: root });
    }
    throw e;
  }
  if (st.isFile()) return portable(root, [newFile(path.basename(root), root, st.size, st.mode)]);
  if (!st.isDirectory()) throw Object.assign(new Error(`${root} is not a file or directory`), { code: "ENOENT", path: root });
  const found: LocalFile[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const source = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(source, rel);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        // A dangling link throws ENOENT naming it, as the Python SDK's scan does.
        const target = await fs.stat(source);
        if (target.isFile()) found.push(newFile(rel, source, target.size, target.mode));
      }
    }
  }
  await walk(root, "");
  found.sort((a, b) => Buffer.compare(Buffer.from(a.path, "utf8"), Buffer.from(b.path, "utf8")));
  return portable(root, found);
}

function newFile(rel: string, source: string, size: number, mode: number): LocalFile {
  return { path: rel, source, size, mode: mode & 0o777, chunks: [], floats: [] };
}

function portable(root: string, files: LocalFile[]): LocalFile[] {
  try {
    checkPaths(files.map((f) => f.path));
  } catch (e) {
    if (!(e instanceof PathError)) throw e;
    const metadata: Record<string, string> = e.other ? { path: e.path, other: e.other } : { path: e.path };
    throw new InvalidArgument(`cannot push ${root}: ${e.message}`, { reason: e.reason, metadata });
  }
  return files;
}

/** [end of the header, [start, end, dtype] file ranges of its tensors, ascending] of a safetensors file. */
export type SafetensorsLayout = [number, Array<[number, number, string]>];

/**
 * The layout of a safetensors file, or null when the file is not one: read from its header alone
 * (an 8-byte little-endian length, then that much JSON).
 */
export async function safetensorsLayout(file: string): Promise<SafetensorsLayout | null> {
  let header: unknown;
  let length: number;
  try {
    const handle = await fs.open(file, "r");
    try {
      const head = Buffer.alloc(8);
      if ((await handle.read(head, 0, 8, 0)).bytesRead !== 8) return null;
      const big = head.readBigUInt64LE(0);
      if (big > BigInt(MAX_HEADER)) return null;
      length = Number(big);
      const text = Buffer.alloc(length);
      const { bytesRead } = await handle.read(text, 0, length, 8);
      header = JSON.parse(text.subarray(0, bytesRead).toString("utf8"));
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
  if (!isObject(header)) return null;
  const tensors: Array<[number, number, string]> = [];
  for (const [name, tensor] of Object.entries(header)) {
    if (name === "__metadata__" || !isObject(tensor)) continue;
    const offsets = tensor.data_offsets;
    if (!(Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isSafeInteger(o)))) return null;
    const [start, end] = offsets as [number, number];
    if (start >= 0 && start < end) tensors.push([8 + length + start, 8 + length + end, String(tensor.dtype ?? "None")]);
  }
  tensors.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  return [8 + length, tensors];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Where a safetensors file's chunks must end so that a changed tensor changes only its own
 * chunks: after the header, and at each tensor's edge, except that tensors smaller than the
 * minimum chunk run together until the run reaches it. Derived from the header alone, so two
 * files with one layout cut alike (Python's `tensor_boundaries`).
 */
export function tensorBoundaries(layout: SafetensorsLayout | null, min = CHUNK_SIZES.min): number[] {
  if (!layout) return [];
  const [headerEnd, tensors] = layout;
  const cuts = [headerEnd];
  let runStart = headerEnd;
  for (let i = 0; i < tensors.length; i++) {
    const [start, end] = tensors[i];
    if (start < cuts[cuts.length - 1] || end <= runStart) return [headerEnd]; // overlapping tensors
    const following = i + 1 < tensors.length ? tensors[i + 1][1] - tensors[i + 1][0] : min;
    if (end - runStart >= min || following >= min) {
      cuts.push(end);
      runStart = end;
    }
  }
  return cuts;
}

/**
 * The float width covering most of [offset, offset + size), 0 if mostly not floats, null if the
 * file's layout is unknown (then the encoder guesses from a sample).
 */
export function floatWidth(floats: Array<[number, number, number]>, offset: number, size: number): number | null {
  if (floats.length === 0) return null;
  const covered = new Map<number, number>();
  const end = offset + size;
  // The last range starting at or before offset (Python's bisect_right on (offset, inf, 0)).
  let index = -1;
  for (let lo = 0, hi = floats.length; lo < hi;) {
    const mid = (lo + hi) >> 1;
    if (floats[mid][0] <= offset) {
      index = mid;
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (const [start, stop, width] of floats.slice(Math.max(index, 0))) {
    if (start >= end) break;
    const overlap = Math.min(stop, end) - Math.max(start, offset);
    if (overlap > 0) covered.set(width, (covered.get(width) ?? 0) + overlap);
  }
  let width = 0;
  let amount = 0;
  for (const [w, a] of covered) {
    if (a > amount) [width, amount] = [w, a];
  }
  return amount * 2 > size ? width : 0;
}

/**
 * Cuts a stream of blocks into chunks and hashes each, as native/src/lib.rs's Cutter: a chunk is
 * cut only once max bytes follow its start, the next boundary is in reach, or the input has
 * ended, so the cut points are those of cutting each stretch between two boundaries as a file of
 * its own.
 */
export class Cutter {
  readonly chunks: LocalChunk[] = [];
  private readonly cdc: FastCDC;
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;
  private next = 0; // index of the next boundary not yet passed

  constructor(sizes: ChunkSizes = CHUNK_SIZES, private readonly boundaries: number[] = []) {
    this.cdc = new FastCDC(sizes);
  }

  /** Cuts what `data` (after the carry) holds; returns the bytes of the chunks cut. */
  feed(data: Uint8Array, eof: boolean): number {
    const buf = this.carry.length ? Buffer.concat([this.carry, data]) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const base = this.offset;
    let done = 0;
    let start = 0;
    while (start < buf.length) {
      while (this.next < this.boundaries.length && this.boundaries[this.next] <= base + start) this.next += 1;
      const boundary = this.boundaries[this.next];
      let stretch: number;
      if (boundary !== undefined && boundary - base <= buf.length) stretch = boundary - base - start;
      else if (eof || buf.length - start >= this.cdc.max) stretch = buf.length - start;
      else break;
      const n = this.cdc.cut(buf, start, stretch);
      const chunk = buf.subarray(start, start + n);
      this.chunks.push({ digest: createHash("sha256").update(chunk).digest("hex"), size: n, offset: this.offset });
      this.offset += n;
      done += n;
      start += n;
    }
    this.carry = Buffer.from(buf.subarray(start));
    return done;
  }
}

/** The chunks of a file, read once in READ_BLOCK blocks; a chunk ends at each of `boundaries` too. */
export async function chunkFile(source: string, options: {
  boundaries?: number[]; sizes?: ChunkSizes; progress?: (bytes: number) => void; signal?: AbortSignal;
} = {}): Promise<LocalChunk[]> {
  const cutter = new Cutter(options.sizes ?? CHUNK_SIZES, options.boundaries ?? []);
  const handle = await fs.open(source, "r");
  try {
    let block = await readBlock(handle);
    for (;;) {
      options.signal?.throwIfAborted();
      const next = block.length < READ_BLOCK ? Buffer.alloc(0) : await readBlock(handle);
      const done = cutter.feed(block, next.length === 0);
      if (done) options.progress?.(done);
      if (next.length === 0) break;
      block = next;
    }
  } finally {
    await handle.close();
  }
  return cutter.chunks;
}

/** The next READ_BLOCK bytes of a file (fewer only at its end). */
async function readBlock(handle: fs.FileHandle): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(READ_BLOCK);
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Chunks and hashes every file (from listFiles), one file at a time, calling `progress` with the
 * bytes each step cut. Float ranges of safetensors files are kept for the upload's codec choice.
 */
export async function scanFiles(files: LocalFile[], options: {
  progress?: (bytes: number) => void; signal?: AbortSignal;
} = {}): Promise<LocalFile[]> {
  for (const f of files) {
    const layout = f.path.endsWith(".safetensors") ? await safetensorsLayout(f.source) : null;
    f.chunks = await chunkFile(f.source, { boundaries: tensorBoundaries(layout), ...options });
    f.floats = layout ? layout[1].filter(([, , t]) => t in FLOAT_WIDTHS).map(([a, b, t]) => [a, b, FLOAT_WIDTHS[t]]) : [];
  }
  return files;
}

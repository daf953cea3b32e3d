/**
 * The receiving side of a pull: writes a version's chunk stream into a temporary directory beside
 * the destination, verifying every chunk and every file as it goes, and renames the directory into
 * place only when everything has been verified.
 */
import { createHash, type Hash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ChunkError, decodeVerified } from "./codec";
import { IntegrityError } from "./errors";
import { checkPaths, PathError } from "./paths";
import { ManifestFormat, type FileEntry, type Version } from "./gen/modelreg/v1/resources";
import { manifestDigest, treeDigest } from "./manifest";
import type { ChunkAtOffset, DownloadVersionResponse } from "./gen/modelreg/v1/transfer_service";

/** The `maxMessageBytes` a pull asks for: the server packs consecutive chunks into messages of up to about this size. */
export const MESSAGE_BYTES = 1024 * 1024;

/**
 * The chunks one download message carries: its `items` when the server batched them, else its
 * single `chunk` (as servers without batching send).
 */
export function chunksOf(response: DownloadVersionResponse): ChunkAtOffset[] {
  return response.items.length > 0 ? response.items : [{ offset: response.offset, chunk: response.chunk }];
}

/**
 * Refuses a manifest whose paths are not portable (docs/paths.md, src/paths.ts): they could write
 * outside the destination, or be one file on macOS or Windows. The server checks them too.
 */
export function checkManifestPaths(manifest: string[]): void {
  try {
    checkPaths(manifest);
  } catch (e) {
    if (!(e instanceof PathError)) throw e;
    const metadata: Record<string, string> = e.other ? { path: e.path, other: e.other } : { path: e.path };
    throw new IntegrityError(`unsafe manifest: ${e.message}`, { reason: e.reason, metadata });
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/**
 * Writes a version's chunk stream into a temporary directory, verifying as it goes. Tracks the
 * offset just past the last verified chunk, where a cut stream resumes.
 */
export class Assembler {
  /** Byte offset (in the concatenation of all files) up to which everything is verified and written. */
  offset = 0;
  readonly total: number;
  private readonly starts: Array<{ start: number; entry: FileEntry }> = [];
  private index = -1;
  private handle: fs.FileHandle | undefined;
  private hash: Hash | undefined; // the whole-file sha256 (manifest format 1 only)
  private chunk = 0;
  private readonly byTree: boolean; // format 2: files are named by their tree digests, not hashed whole

  private constructor(readonly version: Version, readonly dest: string, readonly tmp: string) {
    let position = 0;
    for (const entry of version.files) {
      this.starts.push({ start: position, entry });
      position += entry.size;
    }
    this.total = position;
    this.byTree = version.manifestFormat === ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE;
  }

  /**
   * Checks the manifest in the order of docs/clients.md section 3, before anything is written:
   * paths (INVALID_PATH, DUPLICATE_PATH, PATH_COLLISION), sizes (INVALID_MANIFEST), tree digests
   * (format 2: TREE_DIGEST_MISMATCH), the version digest (VERSION_DIGEST_MISMATCH).
   */
  static async create(version: Version, dest: string): Promise<Assembler> {
    checkManifestPaths(version.files.map((entry) => entry.path));
    for (const entry of version.files) {
      const bad = entry.chunks.find((c) => !(c.size > 0));
      if (bad) {
        throw new IntegrityError(`${entry.path}: chunk ${bad.digest} has size ${bad.size}`, { reason: "INVALID_MANIFEST" });
      }
      const chunked = entry.chunks.reduce((sum, c) => sum + c.size, 0);
      if (chunked !== entry.size || entry.size < 0) {
        throw new IntegrityError(`${entry.path}: chunks add up to ${chunked} bytes, the manifest says ${entry.size}`,
          { reason: "INVALID_MANIFEST" });
      }
    }
    // Before anything is written: the manifest is the one the version's digest names.
    const byTree = version.manifestFormat === ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE;
    for (const entry of byTree ? version.files : []) {
      if (entry.treeDigest !== treeDigest(entry.chunks)) {
        throw new IntegrityError(`${entry.path}: tree digest ${entry.treeDigest} is not its chunk list's`,
          { reason: "TREE_DIGEST_MISMATCH" });
      }
    }
    const actual = manifestDigest(version.files, byTree ? ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE
      : ManifestFormat.MANIFEST_FORMAT_FILE_SHA256);
    if (actual !== version.digest) {
      throw new IntegrityError(`the manifest hashes to ${actual}, the version's digest is ${version.digest}`,
        { reason: "VERSION_DIGEST_MISMATCH" });
    }
    const parent = path.dirname(dest);
    await fs.mkdir(parent, { recursive: true });
    const tmp = await fs.mkdtemp(path.join(parent, `.${path.basename(dest)}.partial-`));
    const assembler = new Assembler(version, dest, tmp);
    try {
      await assembler.openNext();
    } catch (e) {
      await assembler.abort();
      throw e;
    }
    return assembler;
  }

  get complete(): boolean {
    return this.index >= this.starts.length;
  }

  /** Finishes the current file and opens the next; zero-length files complete at once. */
  private async openNext(): Promise<void> {
    for (;;) {
      if (this.handle) await this.finishFile();
      this.index += 1;
      if (this.index >= this.starts.length) return;
      const { entry } = this.starts[this.index];
      const target = path.join(this.tmp, ...entry.path.split("/"));
      await fs.mkdir(path.dirname(target), { recursive: true });
      this.handle = await fs.open(target, "wx", 0o600);
      this.hash = this.byTree ? undefined : createHash("sha256");
      this.chunk = 0;
      if (entry.size) return;
    }
  }

  private async finishFile(): Promise<void> {
    const { entry } = this.starts[this.index];
    const handle = this.handle!;
    this.handle = undefined;
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Format 2: every chunk was checked against the digest the checked manifest gives it.
    const actual = this.hash?.digest("hex");
    if (this.hash && actual !== entry.sha256) {
      throw new IntegrityError(`${entry.path}: downloaded content hashes to ${actual}, expected ${entry.sha256}`,
        { reason: "FILE_DIGEST_MISMATCH" });
    }
    await fs.chmod(path.join(this.tmp, ...entry.path.split("/")), (entry.mode & 0o777) || 0o644);
  }

  /** Verifies and writes one chunk (an item of a batched message, or a one-chunk message); returns its raw size. */
  async add(response: ChunkAtOffset): Promise<number> {
    const chunk = response.chunk;
    if (this.complete) throw new IntegrityError(`server sent data past the end (${this.total} bytes)`);
    if (!chunk) throw new IntegrityError(`server sent a response without a chunk at offset ${response.offset}`);
    if (response.offset !== this.offset) {
      throw new IntegrityError(`server sent offset ${response.offset}, expected ${this.offset}`, { reason: "UNEXPECTED_OFFSET" });
    }
    const { start, entry } = this.starts[this.index];
    const expected = entry.chunks[this.chunk];
    if (!expected || expected.digest !== chunk.digest || expected.size !== chunk.rawSize) {
      throw new IntegrityError(`${entry.path}: unexpected chunk ${chunk.digest} at offset ${this.offset}`,
        { reason: "UNEXPECTED_CHUNK" });
    }
    let raw: Buffer;
    try {
      raw = decodeVerified(chunk.digest, chunk.codec, chunk.data, chunk.rawSize);
    } catch (e) {
      if (e instanceof ChunkError) {
        throw new IntegrityError(`chunk at offset ${this.offset}: ${e.message}`, { reason: e.reason });
      }
      throw e;
    }
    await writeAll(this.handle!, raw);
    this.hash?.update(raw);
    this.chunk += 1;
    this.offset += raw.length;
    if (this.offset - start === entry.size) await this.openNext();
    return raw.length;
  }

  /** Renames the verified directory into place; with overwrite, swaps out an existing one. */
  async commit(overwrite = false): Promise<string> {
    if (!this.complete) {
      throw new IntegrityError(`download stopped at byte ${this.offset} of ${this.total}`, { reason: "INCOMPLETE" });
    }
    await chmodDirs(this.tmp, 0o755);
    if (await exists(this.dest)) {
      if (!overwrite) throw existsError(this.dest);
      const old = await fs.mkdtemp(path.join(path.dirname(this.dest), `.${path.basename(this.dest)}.old-`));
      await fs.rename(this.dest, path.join(old, "previous"));
      await fs.rename(this.tmp, this.dest);
      await fs.rm(old, { recursive: true, force: true });
    } else {
      await fs.rename(this.tmp, this.dest);
    }
    await fsyncDir(path.dirname(this.dest));
    return this.dest;
  }

  /** Removes the temporary directory; the destination is left as it was. */
  async abort(): Promise<void> {
    if (this.handle) {
      await this.handle.close().catch(() => undefined);
      this.handle = undefined;
    }
    await fs.rm(this.tmp, { recursive: true, force: true });
  }
}

async function writeAll(handle: fs.FileHandle, data: Buffer): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
}

async function chmodDirs(dir: string, mode: number): Promise<void> {
  await fs.chmod(dir, mode);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodDirs(path.join(dir, entry.name), mode);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function existsError(dest: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${dest} exists; pass {overwrite: true} to replace it`);
  error.code = "EEXIST";
  error.path = dest;
  return error;
}

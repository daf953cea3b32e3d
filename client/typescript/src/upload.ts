/**
 * The sending side of a push: which chunks travel encoded (CompressPolicy), and the UploadChunks
 * stream that carries each missing chunk once, packed into messages of about MESSAGE_BYTES, as
 * the Python SDK's `upload_requests` packs them.
 */
import { promises as fs } from "node:fs";
import type { ClientWritableStream, Metadata } from "@grpc/grpc-js";
import { encode } from "./codec";
import { IntegrityError, InvalidArgument, ModelregError, toModelregError } from "./errors";
import { Codec, CompressHint, type Chunk } from "./gen/modelreg/v1/resources";
import type { TransferServiceClient, UploadChunksRequest, UploadChunksResponse } from "./gen/modelreg/v1/transfer_service";
import { floatWidth, type LocalFile } from "./scan";

/** Chunks are packed into UploadChunks messages of about this size (per-message cost dominates below it). */
export const MESSAGE_BYTES = 1024 * 1024;
export const COMPRESS_MODES = ["auto", "always", "never"] as const;
export type CompressMode = (typeof COMPRESS_MODES)[number];
/** How long an aborted push waits for the server to commit the chunks it received. */
export const ABORT_GRACE_MS = 10_000;
/** The CompressHint of a raw chunk by the float width its file's layout gives it. */
const HINTS: Record<number, CompressHint> = {
  4: CompressHint.COMPRESS_HINT_FLOAT32,
  2: CompressHint.COMPRESS_HINT_FLOAT16,
};

/**
 * Decides, from what a push measures as it goes, whether chunks travel compressed.
 *
 * `always` encodes every chunk (the smallest transfer), `never` sends every chunk raw with a
 * compress hint (the server compresses it at rest later). `auto` is a simpler rule than the
 * Python SDK's: it starts raw, encoding one chunk in four over the first PROBE_BYTES and one in
 * PROBE_EVERY after, which measures the encoder (raw bytes per second it encodes, and the ratio
 * it reaches); the link is measured on mostly-raw messages, as wire bytes per second from
 * handing a message to gRPC to gRPC's write callback, per WINDOW_BYTES. Once both are known it
 * switches to compressing, for the rest of the push, if that is predicted SWITCH_UP times faster:
 * min(encoder rate, link rate / ratio) against the link rate. Encoding runs on Node's one
 * JavaScript thread, so unlike Python's there is no multi-core factor and no switching back.
 */
export class CompressPolicy {
  static readonly SWITCH_UP = 1.15;
  static readonly PROBE_EVERY = 64;
  static readonly PROBE_BYTES = 8 * 1024 * 1024;
  static readonly WINDOW_BYTES = 8 * 1024 * 1024;
  static readonly ENCODE_WINDOW = 1024 * 1024;

  compress: boolean;
  /** Raw bytes per second the encoder takes (0 until measured). */
  encodeRate = 0;
  /** Wire bytes / raw bytes of the chunks encoded. */
  ratio = 1;
  /** Wire bytes per second of mostly-raw messages (0 until measured). */
  linkRate = 0;
  switches = 0;
  private enc = [0, 0, 0]; // raw in, wire out, seconds
  private win = [0, 0]; // wire bytes, seconds

  constructor(readonly mode: CompressMode = "auto") {
    if (!COMPRESS_MODES.includes(mode)) {
      throw new InvalidArgument(`compress must be one of ${COMPRESS_MODES.join(", ")}, not ${JSON.stringify(mode)}`,
        { reason: "INVALID_COMPRESS", metadata: { argument: "compress" } });
    }
    this.compress = mode === "always";
  }

  /** Whether chunk number `index` (after `offered` raw bytes) is encoded. */
  wants(index: number, offered: number): boolean {
    if (this.mode !== "auto") return this.mode === "always";
    if (this.compress) return true;
    return index % (offered < CompressPolicy.PROBE_BYTES ? 4 : CompressPolicy.PROBE_EVERY) === 0;
  }

  encoded(raw: number, wire: number, seconds: number): void {
    const e = this.enc;
    e[0] += raw;
    e[1] += wire;
    e[2] += seconds;
    if (e[0] >= CompressPolicy.ENCODE_WINDOW && e[2] > 0) {
      const rate = e[0] / e[2];
      const ratio = e[1] / e[0];
      this.encodeRate = this.encodeRate ? (this.encodeRate + rate) / 2 : rate;
      this.ratio = this.ratio === 1 ? ratio : (this.ratio + ratio) / 2;
      this.enc = [0, 0, 0];
      this.decide();
    }
  }

  /** A message of `wire` bytes, mostly raw unless `packed`, took `seconds` to be written. */
  delivered(wire: number, seconds: number, packed: boolean): void {
    if (packed) return;
    this.win[0] += wire;
    this.win[1] += seconds;
    if (this.win[0] < CompressPolicy.WINDOW_BYTES) return;
    const rate = this.win[0] / Math.max(this.win[1], 1e-6);
    this.linkRate = this.linkRate ? (this.linkRate + rate) / 2 : rate;
    this.win = [0, 0];
    this.decide();
  }

  private decide(): void {
    if (this.mode !== "auto" || this.compress || !this.encodeRate || !this.linkRate) return;
    const predicted = Math.min(this.encodeRate, this.linkRate / this.ratio);
    if (predicted > this.linkRate * CompressPolicy.SWITCH_UP) {
      this.compress = true;
      this.switches += 1;
    }
  }

  summary(): Record<string, unknown> {
    return { mode: this.mode, compressing: this.compress, switches: this.switches,
      encodeMBps: this.encodeRate / 1e6, ratio: this.ratio, linkMBps: this.linkRate / 1e6 };
  }
}

/** Each missing chunk once, grouped by file in file order, each file's chunks by offset. */
export function wantedByFile(files: LocalFile[], missing: Set<string>): Array<[LocalFile, LocalFile["chunks"]]> {
  const seen = new Set<string>();
  const out: Array<[LocalFile, LocalFile["chunks"]]> = [];
  for (const f of files) {
    const chunks = [...f.chunks].sort((a, b) => a.offset - b.offset)
      .filter((c) => missing.has(c.digest) && !seen.has(c.digest) && seen.add(c.digest));
    if (chunks.length) out.push([f, chunks]);
  }
  return out;
}

/** The Chunk message for raw bytes: encoded if the policy wants it, else raw with a compress hint. */
export function chunkMessage(f: LocalFile, digest: string, offset: number, raw: Buffer, encodeIt: boolean,
  policy?: CompressPolicy): Chunk {
  const width = floatWidth(f.floats, offset, raw.length);
  if (encodeIt) {
    const began = performance.now();
    const [codec, data] = encode(raw, width);
    policy?.encoded(raw.length, data.length, (performance.now() - began) / 1000);
    // Encoded, or found incompressible: either way there is nothing left to do at rest.
    return { digest, rawSize: raw.length, codec, data, compressHint: CompressHint.COMPRESS_HINT_UNSPECIFIED };
  }
  const compressHint = (width !== null && HINTS[width]) || CompressHint.COMPRESS_HINT_GUESS;
  return { digest, rawSize: raw.length, codec: Codec.CODEC_NONE, data: raw, compressHint };
}

export interface UploadOptions {
  policy: CompressPolicy;
  metadata: Metadata;
  /** Called with the raw bytes of each message once gRPC has taken it. */
  progress?: (bytes: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends each missing chunk once over one UploadChunks stream and waits for the server's answer.
 * Files are read chunk by chunk in file order. Chunks are not hashed again: the server verifies
 * every chunk before it stores it, so a file changed since the scan is refused with
 * CHUNK_DIGEST_MISMATCH, reported here as an IntegrityError naming the file. Chunks the server
 * stored stay stored, so a later push sends only the rest; an abort ends the stream (the server
 * commits what it received) instead of cutting it.
 */
export async function uploadMissing(transfer: TransferServiceClient, files: LocalFile[], missing: Set<string>,
  options: UploadOptions): Promise<UploadChunksResponse> {
  const { policy, signal } = options;
  let call!: ClientWritableStream<UploadChunksRequest>;
  const answered = new Promise<UploadChunksResponse>((resolve, reject) => {
    call = transfer.uploadChunks(options.metadata, (error, response) => (error ? reject(error) : resolve(response)));
  });
  answered.catch(() => undefined); // awaited below; a failure while writing surfaces there too
  const ended = answered.then(() => {
    throw new ModelregError("the server ended the upload before every chunk was sent", undefined);
  });
  ended.catch(() => undefined);
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => (onAbort = () => reject(signal?.reason)));
  aborted.catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  let batch: Chunk[] = [];
  let batchBytes = 0;
  let streamFailed = false; // a write failed: the server's status (on `answered`) says why
  const send = async () => {
    const wire = batch.reduce((sum, c) => sum + c.data.length, 0);
    const rawWire = batch.reduce((sum, c) => sum + (c.codec === Codec.CODEC_NONE ? c.data.length : 0), 0);
    const raw = batch.reduce((sum, c) => sum + c.rawSize, 0);
    const began = performance.now();
    const written = new Promise<void>((resolve, reject) => {
      call.write({ chunks: batch }, (error: Error | null | undefined) => (error ? reject(error) : resolve()));
    });
    await Promise.race([written, ended, aborted]).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      streamFailed = true;
      throw error;
    });
    policy.delivered(wire, (performance.now() - began) / 1000, rawWire * 2 < wire);
    batch = [];
    batchBytes = 0;
    options.progress?.(raw);
  };
  try {
    let index = 0;
    let offered = 0;
    for (const [f, chunks] of wantedByFile(files, missing)) {
      const handle = await fs.open(f.source, "r");
      try {
        for (const c of chunks) {
          signal?.throwIfAborted();
          const raw = Buffer.allocUnsafe(c.size);
          const { bytesRead } = await handle.read(raw, 0, c.size, c.offset);
          if (bytesRead !== c.size) throw new IntegrityError(`${f.source} changed while it was being pushed`);
          offered += c.size;
          const chunk = chunkMessage(f, c.digest, c.offset, raw, policy.wants(index++, offered), policy);
          if (batch.length && batchBytes + chunk.data.length > MESSAGE_BYTES) await send();
          batch.push(chunk);
          batchBytes += chunk.data.length;
        }
      } finally {
        await handle.close();
      }
    }
    if (batch.length) await send();
    call.end();
    return await answered;
  } catch (e) {
    if (signal?.aborted && !streamFailed) {
      // Aborted: end the stream rather than cut it, so the server commits the chunks it received
      // (a cut stream's last batch may be lost) and a later push need not send them again. A
      // server that does not answer within ABORT_GRACE_MS is cut anyway.
      try {
        call.end();
      } catch {
        // already ended
      }
      await settled(answered, undefined, ABORT_GRACE_MS);
      call.cancel();
      signal.throwIfAborted();
    }
    // A write refused because the server ended the stream: the server's status says why.
    const cause = e instanceof ModelregError || !streamFailed ? e : await settled(answered, e, 1000);
    call.cancel();
    signal?.throwIfAborted();
    const error = toModelregError(cause);
    if (error instanceof InvalidArgument && error.reason === "CHUNK_DIGEST_MISMATCH") {
      const digest = error.metadata.digest ?? "";
      const source = files.find((f) => f.chunks.some((c) => c.digest === digest))?.source;
      throw new IntegrityError(`${source ?? "a file"} changed while it was being pushed`,
        { reason: "FILE_CHANGED", metadata: digest ? { digest } : {}, cause: error });
    }
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/** What `answered` rejected with, if it settles within `ms`; else (or if it resolved) `fallback`. */
async function settled(answered: Promise<unknown>, fallback: unknown, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<unknown>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([answered.then(() => fallback, (error: unknown) => error), late]);
  } finally {
    clearTimeout(timer);
  }
}

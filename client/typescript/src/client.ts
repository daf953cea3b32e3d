/**
 * `connect()` and the `Client`: async methods over the registry's gRPC API, with verified,
 * resumable pulls and a reconnecting watch.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  type CallOptions,
  type ChannelCredentials,
  type ClientOptions,
  type ClientUnaryCall,
  credentials,
  Metadata,
  type ServiceError,
} from "@grpc/grpc-js";
import { loadEncoder } from "./codec";
import { FailedPrecondition, IntegrityError, ModelregError, toModelregError } from "./errors";
import { EventServiceClient } from "./gen/modelreg/v1/event_service";
import { type Alias, type Event, type Model, type Version, VersionView } from "./gen/modelreg/v1/resources";
import {
  ListModelsRequest,
  type ListModelsResponse,
  ListVersionsRequest,
  type ListVersionsResponse,
  RegistryServiceClient,
} from "./gen/modelreg/v1/registry_service";
import { type DownloadVersionResponse, TransferServiceClient } from "./gen/modelreg/v1/transfer_service";
import { checkPushOptions, type PushOptions } from "./pushoptions";
import { fileEntry, listFiles, type LocalFile, scanFiles } from "./scan";
import { Assembler, chunksOf, exists, existsError, MESSAGE_BYTES } from "./transfer";
import { CompressPolicy, type CompressMode, uploadMissing } from "./upload";
import { abortError, Resumption, retryUnary, STREAM_FAILURES } from "./retry";
import { type Environment, resolveSettings, type Settings, type SettingsOptions, type TlsOptions } from "./settings";
import { USER_AGENT } from "./version";
import { Watch, type WatchFilters, type WatchOptions } from "./watch";

export { DEFAULT_ADDRESS } from "./settings";
export type { TlsOptions } from "./settings";
const MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
/** FindMissingChunks takes at most this many digests per call. */
export const FIND_MISSING_BATCH = 10_000;

/**
 * How to connect: the settings of docs/clients.md (server, token, tls, tlsCa, tlsCert, tlsKey,
 * allowPlaintextToken; see `resolveSettings`), each falling back to its MODELREG_* variable.
 */
export interface ConnectOptions extends SettingsOptions {
  /** The environment the settings fall back to (default `process.env`). */
  env?: Environment;
  /** Deadline of each unary call, in milliseconds (default 60000). */
  timeoutMs?: number;
  /** Extra grpc-js channel options. */
  channelOptions?: Partial<ClientOptions>;
}

export interface PullOptions {
  /** Replace `dest` if it exists (it is swapped out only after the new content is verified). */
  overwrite?: boolean;
  /** How many failures in a row without progress end the pull (default 8, docs/clients.md section 4). */
  attempts?: number;
  /** Called as bytes are verified and written: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Called when a cut stream is re-opened at `offset` (the end of the last verified chunk). */
  onResume?: (offset: number, error: ModelregError) => void;
  /** Aborting it stops the pull; the destination is left untouched. */
  signal?: AbortSignal;
}

/**
 * Which items a list returns, in what order (docs/filters.md). A bad filter rejects with
 * InvalidArgument, reason `INVALID_FILTER`, whose metadata gives the 0-based `position` in the
 * filter and what was `expected` there.
 */
export interface ListOptions {
  /** An AIP-160 filter, e.g. `metrics.f1 > 0.9 AND tags.team = "nlp"`. Empty: everything. */
  filter?: string;
  /**
   * An AIP-132 order: comma-separated fields, each optionally followed by `desc`, e.g.
   * `"metrics.f1 desc, create_time"`. Empty: models by name, a model's versions newest first, a
   * search by `create_time` newest first.
   */
  orderBy?: string;
  /** Items fetched per call (0 or absent: the server's default, 100). */
  pageSize?: number;
  /** Versions with their file manifests (the FULL view); ignored by listModels. */
  files?: boolean;
}

/** The `parent` that makes listVersions search every model the caller may read. */
export const ALL_MODELS = "models/-";

function toBuffer(value: string | Buffer | undefined): Buffer | null {
  return value === undefined ? null : Buffer.isBuffer(value) ? value : Buffer.from(value);
}

/** The channel's credentials; the PEM files are read here, when the client is made. */
function channelCredentials(settings: Settings): ChannelCredentials {
  if (!settings.tls) return credentials.createInsecure();
  const read = (file: string) => (file ? readFileSync(file) : null);
  const pem = settings.pem ?? {};
  const ca = toBuffer(pem.ca) ?? read(settings.tlsCa);
  const key = toBuffer(pem.key) ?? read(settings.tlsKey);
  const cert = toBuffer(pem.cert) ?? read(settings.tlsCert);
  return credentials.createSsl(ca, key, cert);
}

/**
 * Connects to a modelreg server (lazily: the first call opens the connection). `address` defaults
 * to $MODELREG_SERVER, then 127.0.0.1:50051; the other settings fall back to the environment too
 * (`resolveSettings`).
 */
export function connect(address?: string, options: ConnectOptions = {}): Client {
  return new Client(address || undefined, options);
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** A connection to a modelreg server. The generated stubs are there too for everything else. */
export class Client {
  readonly registry: RegistryServiceClient;
  readonly transfer: TransferServiceClient;
  readonly events: EventServiceClient;
  /** The settings the client was made with (docs/clients.md section 1). */
  readonly settings: Settings;
  /** The server address. */
  readonly address: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  /**
   * A client of the server at `address` (else `options.server`, $MODELREG_SERVER, 127.0.0.1:50051).
   * Throws InvalidArgument (INCOMPLETE_CLIENT_CERTIFICATE) or FailedPrecondition (PLAINTEXT_TOKEN)
   * as `resolveSettings` does, before any connection is opened.
   */
  constructor(address?: string, options: ConnectOptions = {}) {
    const { env, timeoutMs, channelOptions: extra, ...rest } = options;
    this.settings = resolveSettings(env ?? process.env, address ? { ...rest, server: address } : rest);
    this.address = this.settings.server;
    address = this.address;
    const creds = channelCredentials(this.settings);
    const channelOptions: Partial<ClientOptions> = {
      "grpc.max_receive_message_length": MAX_MESSAGE_SIZE,
      "grpc.max_send_message_length": MAX_MESSAGE_SIZE,
      // Reconnect quickly after a server restart (grpc-js defaults: 1 s growing to 120 s).
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 5000,
      "grpc.primary_user_agent": USER_AGENT,
      ...extra,
    };
    this.registry = new RegistryServiceClient(address, creds, channelOptions);
    const shared = { ...channelOptions, channelOverride: this.registry.getChannel() };
    this.transfer = new TransferServiceClient(address, creds, shared);
    this.events = new EventServiceClient(address, creds, shared);
    this.token = this.settings.token || undefined;
    this.timeoutMs = timeoutMs ?? 60_000;
  }

  /** Closes the connection; calls in flight fail. */
  close(): void {
    this.registry.close();
  }

  /** The metadata sent with every call (the bearer token, if any). */
  metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token) metadata.set("authorization", `Bearer ${this.token}`);
    return metadata;
  }

  /** Waits until the channel is connected, or rejects after timeoutMs. */
  waitForReady(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      this.registry.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * One unary call, retried by the policy of src/retry.ts (by its method's path, which a generated
   * method carries: a once-only one only when refused with a reason); each attempt has its own deadline.
   */
  private unary<Req, Res>(method: UnaryMethod<Req, Res>, self: object, request: Req, signal?: AbortSignal): Promise<Res> {
    return retryUnary(() => new Promise<Res>((resolve, reject) => {
      method.call(self, request, this.metadata(), { deadline: Date.now() + this.timeoutMs }, (error, response) => {
        if (error) reject(toModelregError(error));
        else resolve(response);
      });
    }), signal, (method as Partial<{ path: string }>).path);
  }

  /** The version a reference points at (`m:v3`, `m:3`, `m:production`, `m:latest`, `m@sha256:…`, `models/m/versions/3`), without its file manifest. */
  resolve(reference: string): Promise<Version> {
    return this.getVersion(reference);
  }

  /** The version a reference points at; with `files: true` its file manifest too. */
  async getVersion(reference: string, options: { files?: boolean } = {}): Promise<Version> {
    const view = options.files ? VersionView.VERSION_VIEW_FULL : VersionView.VERSION_VIEW_BASIC;
    const response = await this.unary(this.registry.getVersion as UnaryMethod<unknown, { version?: Version }>,
      this.registry, { name: reference, view });
    return response.version!;
  }

  /** Points an alias at a version; with `expect` (0 = must not exist yet) it is a compare-and-swap that throws Conflict when lost. */
  async setAlias(model: string, alias: string, version: number, options: { expect?: number } = {}): Promise<Alias> {
    const response = await this.unary(this.registry.setAlias as UnaryMethod<unknown, { alias?: Alias }>,
      this.registry, { model, alias, version, target: "", expectedVersion: options.expect });
    return response.alias!;
  }

  /** A model's aliases, `latest` included. */
  async listAliases(model: string): Promise<Alias[]> {
    const response = await this.unary(this.registry.listAliases as UnaryMethod<unknown, { aliases: Alias[] }>,
      this.registry, { model });
    return response.aliases;
  }

  /**
   * The models matching `options.filter`, in `options.orderBy` order, fetched a page at a time
   * as the loop advances: `for await (const m of client.listModels({ filter: 'tags.team = "nlp"' }))`.
   */
  async *listModels(options: ListOptions = {}): AsyncGenerator<Model> {
    const request = ListModelsRequest.fromPartial({
      filter: options.filter ?? "", orderBy: options.orderBy ?? "", pageSize: options.pageSize ?? 0 });
    do {
      const page = await this.unary(this.registry.listModels as UnaryMethod<ListModelsRequest, ListModelsResponse>,
        this.registry, request);
      yield* page.models;
      request.pageToken = page.nextPageToken;
    } while (request.pageToken);
  }

  /**
   * A model's versions matching `options.filter`, in `options.orderBy` order (default: newest
   * first), a page at a time; model `ALL_MODELS` searches every model, as searchVersions does.
   */
  async *listVersions(model: string, options: ListOptions = {}): AsyncGenerator<Version> {
    const request = ListVersionsRequest.fromPartial({
      parent: model, filter: options.filter ?? "", orderBy: options.orderBy ?? "", pageSize: options.pageSize ?? 0,
      view: options.files ? VersionView.VERSION_VIEW_FULL : VersionView.VERSION_VIEW_BASIC });
    do {
      const page = await this.unary(
        this.registry.listVersions as UnaryMethod<ListVersionsRequest, ListVersionsResponse>, this.registry, request);
      yield* page.versions;
      request.pageToken = page.nextPageToken;
    } while (request.pageToken);
  }

  /**
   * The versions of every model the caller may read that match `options.filter`, in
   * `options.orderBy` order (default: newest `create_time` first):
   * `client.searchVersions({ filter: 'metrics.f1 > 0.9 AND tags.team = "nlp"', orderBy: "metrics.f1 desc" })`.
   */
  searchVersions(options: ListOptions = {}): AsyncGenerator<Version> {
    return this.listVersions(ALL_MODELS, options);
  }

  /** The sequence of the newest event. */
  async eventHead(): Promise<number> {
    const response = await this.unary(this.events.getEventHead as UnaryMethod<unknown, { headSequence: number }>,
      this.events, {});
    return response.headSequence;
  }

  /**
   * Uploads a file or directory as a new version of `model` (created if needed) and returns it.
   *
   * Files are cut into the chunks the Python SDK cuts (FastCDC 2020, safetensors files also at
   * their header end and tensor edges), so a push of the same directory from any client names the
   * same chunks and the same version digest. Only chunks the server lacks (FindMissingChunks) are
   * sent, so a push interrupted mid-upload and run again sends only the rest. A dropped
   * connection is retried (up to `attempts`), asking again what is missing; the commit carries one
   * request id across attempts, so it counts once. A commit refused with CHUNKS_MISSING (chunks
   * removed meanwhile) uploads those chunks again. Paths must be portable (docs/paths.md):
   * otherwise InvalidArgument (INVALID_PATH, PATH_COLLISION) names the file before anything is
   * read or sent; so does an option of the wrong type (INVALID_ALIAS, INVALID_METRIC, ...).
   */
  async push(model: string, dir: string, options: PushOptions = {}): Promise<Version> {
    const checked = checkPushOptions(model, options);
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError(signal);
    const mode = (options.compress ?? (process.env.MODELREG_COMPRESS || "auto")) as CompressMode;
    const policy = new CompressPolicy(mode);
    this.lastPushCompression = policy;
    const files = await listFiles(dir);
    if (policy.mode !== "never") await loadEncoder();
    const scanTotal = files.reduce((sum, f) => sum + f.size, 0);
    let scanned = 0;
    onProgress?.("scan", 0, scanTotal);
    await scanFiles(files, { signal, progress: (n) => onProgress?.("scan", (scanned += n), scanTotal) });
    const request = {
      modelId: model, files: files.map(fileEntry), description: checked.description, tags: checked.tags,
      metrics: checked.metrics, params: checked.params, inputs: [], aliases: checked.aliases,
      requestId: randomUUID().replace(/-/g, ""),
    };
    const attempts = checked.attempts;
    for (let attempt = 0; ; attempt++) {
      // The upload resumes by itself after a cut (the retry policy, src/retry.ts); the commit is a
      // unary call retried on any UNAVAILABLE with one request id, so a commit that did happen counts once.
      await this.uploadMissing(files, policy, onProgress, signal);
      if (signal?.aborted) throw abortError(signal);
      try {
        const response = await this.unary(this.registry.createVersion as UnaryMethod<unknown, { version?: Version }>,
          this.registry, request, signal);
        return response.version!;
      } catch (e) {
        if (signal?.aborted) throw abortError(signal);
        // Chunks removed meanwhile (a garbage collection): upload them again.
        if (e instanceof FailedPrecondition && e.reason === "CHUNKS_MISSING" && attempt < attempts - 1) continue;
        throw e;
      }
    }
  }

  /** The compression policy of the last push, with what it measured (`summary()`). */
  lastPushCompression: CompressPolicy | undefined;

  /** The digests of `digests` the server does not hold, asked in batches of FIND_MISSING_BATCH. */
  async findMissingChunks(digests: string[], signal?: AbortSignal): Promise<Set<string>> {
    const missing = new Set<string>();
    for (let i = 0; i < digests.length; i += FIND_MISSING_BATCH) {
      const response = await this.unary(
        this.transfer.findMissingChunks as UnaryMethod<unknown, { missingDigests: string[] }>, this.transfer,
        { digests: digests.slice(i, i + FIND_MISSING_BATCH) }, signal);
      for (const d of response.missingDigests) missing.add(d);
    }
    return missing;
  }

  /**
   * Uploads the chunks the server lacks; a stream cut by the transport is resumed (asking
   * FindMissingChunks again, sending only what is still missing) until STREAM_FAILURES failures
   * in a row without progress.
   */
  private async uploadMissing(files: LocalFile[], policy: CompressPolicy,
    onProgress: PushOptions["onProgress"], signal: AbortSignal | undefined): Promise<void> {
    const sizes = new Map<string, number>();
    for (const f of files) for (const c of f.chunks) sizes.set(c.digest, c.size);
    const resumption = new Resumption(STREAM_FAILURES);
    for (;;) {
      const missing = await this.findMissingChunks([...sizes.keys()], signal);
      const total = [...missing].reduce((sum, d) => sum + sizes.get(d)!, 0);
      let done = 0;
      onProgress?.("upload", 0, total);
      try {
        if (missing.size) {
          await uploadMissing(this.transfer, files, missing, {
            policy, metadata: this.metadata(), signal, progress: (n) => {
              resumption.progress();
              onProgress?.("upload", (done += n), total);
            } });
        }
        return;
      } catch (e) {
        if (e instanceof IntegrityError) throw e;
        await resumption.failed(e, signal);
      }
    }
  }

  /**
   * Downloads a version into `dest` (which must not exist unless `overwrite`) and returns it.
   *
   * Every chunk is decoded within its declared size and checked against its digest, and every
   * file against its sha256, before it counts; files get their manifest permission bits. Content
   * is written into a temporary directory beside `dest` that is renamed into place only when
   * complete; on any failure it is removed and `dest` is left as it was. A cut stream is resumed
   * from the end of the last verified chunk.
   */
  async pull(reference: string, dest: string, options: PullOptions = {}): Promise<Version> {
    const target = path.resolve(dest);
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    if (!options.overwrite && await exists(target)) throw existsError(target);
    const version = await this.getVersion(reference, { files: true });
    const assembler = await Assembler.create(version, target);
    const resumption = new Resumption(options.attempts ?? STREAM_FAILURES);
    let done = 0;
    options.onProgress?.(0, assembler.total);
    try {
      while (!assembler.complete) {
        if (signal?.aborted) throw abortError(signal);
        // The canonical name, so that a moving alias cannot switch versions mid-download.
        const call = this.transfer.downloadVersion(
          { name: version.name, offset: assembler.offset, endOffset: 0, maxMessageBytes: MESSAGE_BYTES }, this.metadata());
        const onAbort = () => call.cancel();
        signal?.addEventListener("abort", onAbort, { once: true });
        try {
          for await (const response of call as AsyncIterable<DownloadVersionResponse>) {
            // Each chunk is verified before the next, so a cut resumes after the last good one.
            for (const item of chunksOf(response)) {
              const n = await assembler.add(item);
              resumption.progress();
              done += n;
              options.onProgress?.(done, assembler.total);
              // Chunks already received are not worth finishing once the caller aborted.
              if (signal?.aborted) throw abortError(signal);
            }
          }
          if (!assembler.complete) {
            throw new IntegrityError(`stream ended at byte ${assembler.offset} of ${assembler.total}`, { reason: "INCOMPLETE" });
          }
        } catch (e) {
          // Bad bytes are never retried; a stream cut by the transport resumes after the last verified chunk.
          if (e instanceof IntegrityError) throw e;
          await resumption.failed(e, signal, (error) => options.onResume?.(assembler.offset, error));
        } finally {
          signal?.removeEventListener("abort", onAbort);
          call.cancel();
        }
      }
      if (signal?.aborted) throw abortError(signal);
      await assembler.commit(options.overwrite);
    } catch (e) {
      await assembler.abort();
      throw e;
    }
    return version;
  }

  /**
   * Events matching the filters, as an async iterator that reconnects after any disconnect or
   * server restart and resumes after the last event it delivered. Stop it with `close()`, an
   * abort signal, or by leaving the `for await` loop.
   */
  watch(filters: WatchFilters = {}, options: WatchOptions = {}): Watch {
    return new Watch(this.events, () => this.metadata(), filters, options);
  }
}

export type { Event, PushOptions };

/**
 * @modelreg/client: the Node.js client of the modelreg model registry.
 *
 * ```ts
 * import { connect } from "@modelreg/client";
 * const client = connect("127.0.0.1:50051");
 * const version = await client.pull("sentiment:production", "./deployed");
 * const pushed = await client.push("sentiment", "./model", { aliases: ["staging"], metrics: { f1: 0.91 } });
 * for await (const event of client.watch({ models: ["sentiment"], types: ["ALIAS_SET"] })) { ... }
 * ```
 */
export { ALL_MODELS, Client, connect, DEFAULT_ADDRESS, FIND_MISSING_BATCH } from "./client";
export type { ConnectOptions, ListOptions, PullOptions, TlsOptions } from "./client";
export { addressHosts, isLoopback, resolveSettings } from "./settings";
export type { Environment, Settings, SettingsOptions } from "./settings";
export {
  backoffMs, isOnceOnly, ONCE_ONLY, Resumption, retryUnary, STREAM_FAILURES, streamResumable, UNARY_ATTEMPTS, unaryRetryable,
} from "./retry";
export type { PushOptions, PushPhase } from "./pushoptions";
export { ABORT_GRACE_MS, COMPRESS_MODES, CompressPolicy, MESSAGE_BYTES as UPLOAD_MESSAGE_BYTES } from "./upload";
export type { CompressMode } from "./upload";
export { FastCDC } from "./fastcdc";
export type { ChunkSizes } from "./fastcdc";
export * as scan from "./scan";
export { Watch, eventType, eventTypeName } from "./watch";
export { USER_AGENT, VERSION } from "./version";
export type { WatchFilters, WatchOptions } from "./watch";
export {
  AlreadyExists,
  Cancelled,
  Conflict,
  DataLoss,
  DeadlineExceeded,
  FailedPrecondition,
  IntegrityError,
  Internal,
  InvalidArgument,
  ModelregError,
  NotFound,
  OutOfRange,
  PermissionDenied,
  ResourceExhausted,
  RETRYABLE,
  Status,
  Unauthenticated,
  Unavailable,
  Unimplemented,
  Unknown,
  errorClass,
  errorInfoFromStatus,
  retryDelayFromStatus,
  fromServiceError,
  isServiceError,
} from "./errors";
export type { ErrorDetails, ErrorInfo } from "./errors";
export * as codec from "./codec";
export * as paths from "./paths";
export { manifestDigest, treeDigest } from "./manifest";
export {
  Alias,
  Chunk,
  ChunkRef,
  Codec,
  Event,
  EventType,
  ExternalArtifact,
  FileEntry,
  LineageInput,
  Model,
  Version,
  VersionState,
  VersionView,
} from "./gen/modelreg/v1/resources";
export * as registryService from "./gen/modelreg/v1/registry_service";
export * as transferService from "./gen/modelreg/v1/transfer_service";
export * as eventService from "./gen/modelreg/v1/event_service";

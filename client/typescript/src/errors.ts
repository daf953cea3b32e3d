/**
 * The errors the client throws: one class per gRPC status the registry uses, each carrying the
 * server's google.rpc.ErrorInfo (reason such as `ALIAS_CONFLICT`, domain and metadata), parsed
 * from the `grpc-status-details-bin` trailer. `IntegrityError` is the client's own refusal of bytes
 * that do not match their digest.
 */
import { type ServiceError, status as Status } from "@grpc/grpc-js";
import { BinaryReader } from "@bufbuild/protobuf/wire";

export { Status };

const ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";
const RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

export interface ErrorDetails {
  /** The google.rpc.ErrorInfo reason, e.g. `VERSION_NOT_FOUND`; empty when the server sent none. */
  reason?: string;
  /** The ErrorInfo domain (`modelreg` for the registry's own errors). */
  domain?: string;
  /** The ErrorInfo metadata, e.g. `{model: "sentiment"}`. */
  metadata?: Record<string, string>;
  /** The underlying error, if any. */
  cause?: unknown;
  /** The delay the server asked for before a retry (google.rpc.RetryInfo), in milliseconds. */
  retryDelayMs?: number;
}

/** Base of every error the client throws for a refused or failed call. */
export class ModelregError extends Error {
  /** The gRPC status code; undefined for errors raised by the client itself. */
  readonly code: Status | undefined;
  /** The status code's name, e.g. `NOT_FOUND`; `INTEGRITY` for an IntegrityError. */
  readonly codeName: string;
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Record<string, string>;
  /** The delay before a retry the server named in google.rpc.RetryInfo, in milliseconds; undefined if none. */
  readonly retryDelayMs: number | undefined;

  constructor(message: string, code: Status | undefined, details: ErrorDetails = {}) {
    super(details.reason ? `${message} [${details.reason}]` : message,
      details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.codeName = code === undefined ? "UNKNOWN" : (Status[code] ?? String(code));
    this.reason = details.reason ?? "";
    this.domain = details.domain ?? "";
    this.metadata = details.metadata ?? {};
    this.retryDelayMs = details.retryDelayMs;
  }
}

type Details = ErrorDetails;

export class Cancelled extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.CANCELLED, d); }
}
export class Unknown extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.UNKNOWN, d); }
}
export class InvalidArgument extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.INVALID_ARGUMENT, d); }
}
export class DeadlineExceeded extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.DEADLINE_EXCEEDED, d); }
}
export class NotFound extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.NOT_FOUND, d); }
}
export class AlreadyExists extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.ALREADY_EXISTS, d); }
}
export class PermissionDenied extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.PERMISSION_DENIED, d); }
}
export class ResourceExhausted extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.RESOURCE_EXHAUSTED, d); }
}
export class FailedPrecondition extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.FAILED_PRECONDITION, d); }
}
/** ABORTED: a compare-and-swap lost (ALIAS_CONFLICT, ETAG_MISMATCH). */
export class Conflict extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.ABORTED, d); }
}
export class OutOfRange extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.OUT_OF_RANGE, d); }
}
export class Unimplemented extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.UNIMPLEMENTED, d); }
}
export class Internal extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.INTERNAL, d); }
}
export class Unavailable extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.UNAVAILABLE, d); }
}
export class DataLoss extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.DATA_LOSS, d); }
}
export class Unauthenticated extends ModelregError {
  constructor(message: string, d?: Details) { super(message, Status.UNAUTHENTICATED, d); }
}

/**
 * Downloaded bytes do not match their digest (or the stream did not deliver what the manifest
 * promised). `reason` says which check failed, e.g. CHUNK_DIGEST_MISMATCH, FILE_DIGEST_MISMATCH.
 */
export class IntegrityError extends ModelregError {
  override readonly codeName = "INTEGRITY";
  constructor(message: string, d?: Details) { super(message, undefined, d); }
}

type ErrorClass = new (message: string, d?: Details) => ModelregError;

const BY_CODE: Partial<Record<Status, ErrorClass>> = {
  [Status.CANCELLED]: Cancelled,
  [Status.UNKNOWN]: Unknown,
  [Status.INVALID_ARGUMENT]: InvalidArgument,
  [Status.DEADLINE_EXCEEDED]: DeadlineExceeded,
  [Status.NOT_FOUND]: NotFound,
  [Status.ALREADY_EXISTS]: AlreadyExists,
  [Status.PERMISSION_DENIED]: PermissionDenied,
  [Status.RESOURCE_EXHAUSTED]: ResourceExhausted,
  [Status.FAILED_PRECONDITION]: FailedPrecondition,
  [Status.ABORTED]: Conflict,
  [Status.OUT_OF_RANGE]: OutOfRange,
  [Status.UNIMPLEMENTED]: Unimplemented,
  [Status.INTERNAL]: Internal,
  [Status.UNAVAILABLE]: Unavailable,
  [Status.DATA_LOSS]: DataLoss,
  [Status.UNAUTHENTICATED]: Unauthenticated,
};

/**
 * Status codes after which a stream (upload, download, watch) is resumed (docs/clients.md section
 * 4): UNAVAILABLE, INTERNAL or UNKNOWN from a cut or reset stream, and CANCELLED, which is what
 * gRPC reports for a stream the server reset (RST_STREAM CANCEL, e.g. a server whose shutdown grace
 * ran out). A stream the caller aborted or closed is never resumed: the loops check that first. A
 * unary call is retried on UNAVAILABLE only (src/retry.ts).
 */
export const RETRYABLE: ReadonlySet<Status | undefined> = new Set([
  Status.UNAVAILABLE, Status.INTERNAL, Status.UNKNOWN, Status.CANCELLED,
]);

/** True for the errors grpc-js reports for a failed call. */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number" &&
    "metadata" in error;
}

/** The error class for a status code: `errorClass(Status.NOT_FOUND) === NotFound`. */
export function errorClass(code: Status): ErrorClass {
  return BY_CODE[code] ?? Unknown;
}

/** Maps a grpc-js error to the ModelregError subclass of its status, with the ErrorInfo if sent. */
export function fromServiceError(error: ServiceError): ModelregError {
  let info: ErrorInfo | undefined;
  let retryDelayMs: number | undefined;
  for (const value of error.metadata?.get("grpc-status-details-bin") ?? []) {
    if (typeof value === "string") continue;
    try {
      info ??= errorInfoFromStatus(value);
    } catch {
      // undecodable details: keep the status code and message
    }
    try {
      retryDelayMs ??= retryDelayFromStatus(value);
    } catch {
      // an undecodable RetryInfo: the client's own backoff applies
    }
  }
  const message = error.details || Status[error.code] || `status ${error.code}`;
  const cls = BY_CODE[error.code as Status];
  const details: Details = { reason: info?.reason, domain: info?.domain, metadata: info?.metadata, cause: error,
    retryDelayMs };
  return cls ? new cls(message, details) : new ModelregError(message, error.code, details);
}

/** Converts anything thrown by a call to a ModelregError (other errors pass through unchanged). */
export function toModelregError(error: unknown): unknown {
  if (error instanceof ModelregError) return error;
  if (isServiceError(error)) return fromServiceError(error);
  return error;
}

export interface ErrorInfo {
  reason: string;
  domain: string;
  metadata: Record<string, string>;
}

/** Finds the google.rpc.ErrorInfo in a serialized google.rpc.Status (`grpc-status-details-bin`). */
export function errorInfoFromStatus(bytes: Uint8Array): ErrorInfo | undefined {
  // google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 3 && wireType === 2) {
      const any = decodeAny(reader.bytes());
      if (any.typeUrl === ERROR_INFO_TYPE) return decodeErrorInfo(any.value);
    } else {
      reader.skip(wireType);
    }
  }
  return undefined;
}

/** The retry delay (milliseconds) of the google.rpc.RetryInfo in a serialized google.rpc.Status, if any. */
export function retryDelayFromStatus(bytes: Uint8Array): number | undefined {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 3 && wireType === 2) {
      const any = decodeAny(reader.bytes());
      if (any.typeUrl !== RETRY_INFO_TYPE) continue;
      // google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1; }
      // google.protobuf.Duration { int64 seconds = 1; int32 nanos = 2; }
      const info = new BinaryReader(any.value);
      let ms: number | undefined;
      while (info.pos < info.len) {
        const [f, w] = info.tag();
        if (f === 1 && w === 2) {
          const duration = new BinaryReader(info.bytes());
          let seconds = 0;
          let nanos = 0;
          while (duration.pos < duration.len) {
            const [df, dw] = duration.tag();
            if (df === 1 && dw === 0) seconds = Number(duration.int64());
            else if (df === 2 && dw === 0) nanos = duration.int32();
            else duration.skip(dw);
          }
          ms = Math.max(0, seconds * 1000 + nanos / 1e6);
        } else {
          info.skip(w);
        }
      }
      if (ms !== undefined) return ms;
    } else {
      reader.skip(wireType);
    }
  }
  return undefined;
}

function decodeAny(bytes: Uint8Array): { typeUrl: string; value: Uint8Array } {
  const reader = new BinaryReader(bytes);
  let typeUrl = "";
  let value: Uint8Array = new Uint8Array(0);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === 2) typeUrl = reader.string();
    else if (field === 2 && wireType === 2) value = reader.bytes();
    else reader.skip(wireType);
  }
  return { typeUrl, value };
}

function decodeErrorInfo(bytes: Uint8Array): ErrorInfo {
  // google.rpc.ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
  const reader = new BinaryReader(bytes);
  const info: ErrorInfo = { reason: "", domain: "", metadata: {} };
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field === 1 && wireType === 2) info.reason = reader.string();
    else if (field === 2 && wireType === 2) info.domain = reader.string();
    else if (field === 3 && wireType === 2) {
      const entry = new BinaryReader(reader.bytes());
      let key = "";
      let value = "";
      while (entry.pos < entry.len) {
        const [f, w] = entry.tag();
        if (f === 1 && w === 2) key = entry.string();
        else if (f === 2 && w === 2) value = entry.string();
        else entry.skip(w);
      }
      info.metadata[key] = value;
    } else {
      reader.skip(wireType);
    }
  }
  return info;
}

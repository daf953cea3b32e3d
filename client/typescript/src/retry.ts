/**
 * The one retry policy of docs/clients.md section 4, used by every call the client makes:
 *
 * - a unary call is retried on UNAVAILABLE (whatever its reason), up to UNARY_ATTEMPTS attempts;
 *   a once-only call (ONCE_ONLY) only when the server refused it with a reason (DATABASE_BUSY),
 *   never when the transport cut it, since it may have run;
 * - an upload or download cut with UNAVAILABLE, INTERNAL, UNKNOWN or CANCELLED (what gRPC reports
 *   for a stream the server reset: `RETRYABLE`) is resumed until STREAM_FAILURES failures in a row
 *   without progress;
 * - a watch is resumed the same way for as long as it is open;
 * - before retry n (failures in a row so far, from 0) the client waits the server's
 *   google.rpc.RetryInfo delay if it sent one, else min(5 s, 0.1 s * 2^n) * uniform(0.5, 1).
 *
 * Nothing else is retried, and never a call the caller aborted or closed: every loop checks that
 * before it asks whether an error is resumable.
 */
import { status as Status } from "@grpc/grpc-js";
import { IntegrityError, ModelregError, RETRYABLE, toModelregError } from "./errors";

/** Attempts a unary call gets (at least 5.6 s, at most 11.2 s of waiting between the first and the last). */
export const UNARY_ATTEMPTS = 8;
/** Failures in a row without progress after which an upload or download gives up. */
export const STREAM_FAILURES = 8;
export const BASE_DELAY_MS = 100;
export const MAX_DELAY_MS = 5000;

/** The pause before retry `n` (failures in a row so far, from 0), without RetryInfo: min(5 s, 0.1 s * 2^n) * uniform(0.5, 1). */
export function backoffMs(n: number, random: () => number = Math.random): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n) * (0.5 + random() / 2);
}

/** The pause before retry `n` after `error`: the server's RetryInfo delay if it named one, else backoffMs(n). */
export function retryDelayMs(error: unknown, n: number): number {
  if (error instanceof ModelregError && error.retryDelayMs !== undefined) return error.retryDelayMs;
  return backoffMs(n);
}

/**
 * The unary methods that would change something twice if they ran twice, by service: the Python
 * SDK's registry.ONCE_ONLY (docs/clients.md section 4), the same list in every client
 * (tests/conformance/contract.json's once_only; test/retry.test.ts checks it).
 */
export const ONCE_ONLY: Readonly<Record<string, readonly string[]>> = {
  "modelreg.v1.RegistryService": ["CreateModel", "UpdateModel", "DeleteModel", "UpdateVersion", "SetAlias",
    "DeleteAlias", "AddLineage"],
  "modelreg.v1.AccessService": ["CreatePrincipal", "DeletePrincipal", "CreateToken", "GrantRole", "RevokeRole",
    "CreateProtectedAlias", "DeleteProtectedAlias"],
  "modelreg.v1.AutomationService": ["CreateWebhook", "UpdateWebhook", "DeleteWebhook", "TestWebhook",
    "RetryWebhookDelivery"],
  "modelreg.v1.MonitoringService": ["CreateMonitor", "DeleteMonitor"],
};

const ONCE_ONLY_PATHS: ReadonlySet<string> = new Set(
  Object.entries(ONCE_ONLY).flatMap(([service, methods]) => methods.map((m) => `/${service}/${m}`)));

/**
 * Whether the method at `path` (`/modelreg.v1.RegistryService/SetAlias`) is once-only. A call
 * whose method is not named is taken for one: nothing says it is safe to repeat.
 */
export function isOnceOnly(path: string | undefined): boolean {
  return path === undefined || ONCE_ONLY_PATHS.has(path);
}

/**
 * Whether a unary call that failed with `error` is retried: on UNAVAILABLE (the server refused the
 * attempt, which changed nothing); a once-only call only when the server gave a reason, since an
 * UNAVAILABLE without one is the transport's and the call may have run.
 */
export function unaryRetryable(error: unknown, onceOnly = false): boolean {
  return error instanceof ModelregError && !(error instanceof IntegrityError) && error.code === Status.UNAVAILABLE &&
    (!onceOnly || error.reason !== "");
}

/** Whether a stream that failed with `error` is resumed: cut by the transport or reset by the server (RETRYABLE). */
export function streamResumable(error: unknown): boolean {
  return error instanceof ModelregError && !(error instanceof IntegrityError) && RETRYABLE.has(error.code);
}

export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error("aborted"), { name: "AbortError" });
}

/** Resolves after `ms`; rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs a unary call of the method at `path` (`/modelreg.v1.RegistryService/GetVersion`, a
 * generated method's `path`), retrying it by the policy (unaryRetryable); other errors (and the
 * last one) are thrown as ModelregErrors. Without `path` the call is taken for a once-only one.
 */
export async function retryUnary<T>(call: () => Promise<T>, signal?: AbortSignal, path?: string): Promise<T> {
  const onceOnly = isOnceOnly(path);
  for (let n = 0; ; n++) {
    try {
      return await call();
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      const error = toModelregError(e);
      if (!unaryRetryable(error, onceOnly) || n + 1 >= UNARY_ATTEMPTS) throw error;
      await sleep(retryDelayMs(error, n), signal);
    }
  }
}

/**
 * Counts a stream's failures in a row: `progress()` when it delivered something resets the count,
 * `failed(e)` throws `e` (as a ModelregError) unless it is resumable and fewer than `limit`
 * failures came in a row, else waits the policy's delay. Watches use `limit` Infinity.
 */
export class Resumption {
  failures = 0;

  /** `maxDelayMs`, if given, caps every pause (the RetryInfo delay too). */
  constructor(readonly limit: number = STREAM_FAILURES, readonly maxDelayMs?: number) {}

  progress(): void {
    this.failures = 0;
  }

  /** The error to resume after, once the pause is over; throws instead if it is not to be resumed. */
  async failed(e: unknown, signal?: AbortSignal, before?: (error: ModelregError) => void): Promise<ModelregError> {
    if (signal?.aborted) throw abortError(signal);
    const error = toModelregError(e);
    if (!streamResumable(error)) throw error;
    const n = this.failures;
    this.failures += 1;
    if (this.failures >= this.limit) throw error;
    const resumable = error as ModelregError;
    before?.(resumable);
    const delay = retryDelayMs(resumable, n);
    await sleep(this.maxDelayMs === undefined ? delay : Math.min(this.maxDelayMs, delay), signal);
    return resumable;
  }
}

/**
 * `Watch`: the event log as an async iterator that reconnects by itself and resumes after the last
 * event it delivered (or the last head the server confirmed), so a deploy agent sees every matching
 * event exactly once across disconnects and server restarts.
 */
import type { ClientReadableStream, Metadata } from "@grpc/grpc-js";
import { InvalidArgument, ModelregError, toModelregError } from "./errors";
import { retryDelayMs, streamResumable } from "./retry";
import type { EventServiceClient, WatchRequest, WatchResponse } from "./gen/modelreg/v1/event_service";
import { type Event, EventType } from "./gen/modelreg/v1/resources";

export interface WatchFilters {
  /**
   * An AIP-160 filter over events (docs/filters.md), ANDed with the lists below; fields `type`,
   * `model`, `alias`, `version`, `actor`, `time`, e.g.
   * `model = "sentiment-*" AND (type = ALIAS_SET OR type = ALIAS_DELETED)`. A bad one ends the
   * watch with InvalidArgument, reason `INVALID_FILTER` (metadata `position`, `expected`).
   */
  filter?: string;
  /** Only events of these model ids. */
  models?: string[];
  /** Only events of these types: names such as `"ALIAS_SET"` (or `"EVENT_TYPE_ALIAS_SET"`) or EventType values. */
  types?: Array<string | EventType>;
  /** Only alias events of these aliases. */
  aliases?: string[];
}

export interface WatchOptions {
  /** Deliver events with a greater sequence (replaying stored ones). Absent: only events from now on. */
  after?: number;
  /** How often the server reports progress while idle, in milliseconds (100..3600000; server default 10 s). */
  progressIntervalMs?: number;
  /** Re-open the stream after a disconnect or a server restart (default true). */
  reconnect?: boolean;
  /** Aborting it stops the watch, like `close()`. */
  signal?: AbortSignal;
  /** Upper bound of the pause between reconnection attempts, in milliseconds (default: the retry policy's 5000). */
  maxBackoffMs?: number;
}

/** Converts an event type name (`ALIAS_SET`, `EVENT_TYPE_ALIAS_SET`) or value to EventType. */
export function eventType(value: string | EventType): EventType {
  if (typeof value === "number") {
    if (EventType[value] !== undefined && value > 0) return value;
  } else {
    const upper = value.toUpperCase();
    const full = upper.startsWith("EVENT_TYPE_") ? upper : `EVENT_TYPE_${upper}`;
    const found = (EventType as unknown as Record<string, number>)[full];
    if (typeof found === "number" && found > 0) return found;
  }
  const known = Object.keys(EventType).filter((k) => k.startsWith("EVENT_TYPE_") && k !== "EVENT_TYPE_UNSPECIFIED")
    .map((k) => k.slice("EVENT_TYPE_".length)).join(", ");
  throw new InvalidArgument(`unknown event type ${JSON.stringify(value)}; known: ${known}`, { reason: "INVALID_EVENT_TYPE" });
}

/** The short name of an event type: `ALIAS_SET`. */
export function eventTypeName(type: EventType): string {
  return (EventType[type] ?? String(type)).replace(/^EVENT_TYPE_/, "");
}

/**
 * Iterates matching events with `for await`. Iterate it once. `lastSequence` is the sequence of
 * the last event delivered (or the head the server confirmed), the point a later watch resumes
 * from. `close()` (or the abort signal, or leaving the loop) ends the iteration.
 */
export class Watch implements AsyncIterable<Event> {
  lastSequence: number | undefined;
  /**
   * Resolves with the cursor once the server has accepted the stream (its first progress message):
   * from then on no matching event is missed. Rejects if the watch fails or closes before that.
   */
  readonly ready: Promise<number>;
  private readonly types: EventType[];
  private closed = false;
  private started = false;
  private call: ClientReadableStream<WatchResponse> | undefined;
  private wake: (() => void) | undefined;
  private resolveReady!: (sequence: number) => void;
  private rejectReady!: (error: unknown) => void;
  private isReady = false;

  constructor(
    private readonly client: EventServiceClient,
    private readonly metadata: () => Metadata,
    private readonly filters: WatchFilters,
    private readonly options: WatchOptions = {},
  ) {
    this.types = (filters.types ?? []).map(eventType);
    this.lastSequence = options.after;
    this.ready = new Promise<number>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined); // observed through iteration; avoid an unhandled rejection
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.close();
      else signal.addEventListener("abort", () => this.close(), { once: true });
    }
  }

  /** True once close() was called or the iteration ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends the iteration: a pending `next()` resolves as done. Safe to call at any time, more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.call?.cancel();
    this.wake?.();
    if (!this.isReady) this.rejectReady(new ModelregError("watch closed", undefined));
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    if (this.started) throw new Error("a Watch can be iterated only once; start another with client.watch()");
    this.started = true;
    return this.run();
  }

  private request(): WatchRequest {
    const ms = this.options.progressIntervalMs;
    return {
      afterSequence: this.lastSequence,
      models: this.filters.models ?? [],
      eventTypes: this.types,
      aliases: this.filters.aliases ?? [],
      filter: this.filters.filter ?? "",
      progressInterval: ms === undefined ? undefined
        : { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) },
    };
  }

  private markReady(): void {
    if (!this.isReady) {
      this.isReady = true;
      this.resolveReady(this.lastSequence ?? 0);
    }
  }

  private async *run(): AsyncGenerator<Event, void, undefined> {
    // Failures in a row: an event or a progress notification resets the count (src/retry.ts).
    let failures = 0;
    try {
      while (!this.closed) {
        let delay: number | undefined;
        const call = this.client.watch(this.request(), this.metadata());
        this.call = call;
        try {
          for await (const response of call as AsyncIterable<WatchResponse>) {
            if (this.closed) return;
            failures = 0;
            const kind = response.kind;
            if (kind?.$case === "event") {
              this.lastSequence = kind.value.sequence;
              this.markReady();
              yield kind.value;
              if (this.closed) return;
            } else if (kind?.$case === "progress") {
              // Every event up to the head has been checked against the filters.
              this.lastSequence = Math.max(this.lastSequence ?? 0, kind.value.headSequence);
              this.markReady();
            }
          }
          if (this.closed || this.options.reconnect === false) return;
        } catch (e) {
          if (this.closed) return;
          const error = toModelregError(e);
          if (!streamResumable(error) || this.options.reconnect === false) {
            if (!this.isReady) this.rejectReady(error);
            throw error;
          }
          delay = retryDelayMs(error, failures);
          failures += 1;
        } finally {
          call.cancel();
          this.call = undefined;
        }
        // A stream the server ended cleanly is re-opened after the same backoff.
        if (delay === undefined) {
          delay = retryDelayMs(undefined, failures);
          failures += 1;
        }
        const max = this.options.maxBackoffMs;
        await this.sleep(max === undefined ? delay : Math.min(max, delay));
      }
    } finally {
      this.closed = true;
      if (!this.isReady) this.rejectReady(new ModelregError("watch ended", undefined));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }
}

/**
 * The options of `Client.push`, and the run-time checks that refuse a wrong one before anything
 * is read or sent (TypeScript's types catch them at compile time; plain JavaScript callers get
 * the same refusal here), as an InvalidArgument with the reason the server would give the field.
 */
import { InvalidArgument } from "./errors";
import type { CompressMode } from "./upload";

/** The phase a push reports progress for: cutting and hashing files, then sending chunks. */
export type PushPhase = "scan" | "upload";

export interface PushOptions {
  /** Aliases to point at the new version in the same transaction, e.g. `["staging"]`. */
  aliases?: string[];
  /** Metric name -> finite number. */
  metrics?: Record<string, number>;
  /** Hyperparameter name -> value; numbers are sent as their String(), booleans as "True"/"False" (as the Python SDK). */
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  description?: string;
  /**
   * Called as bytes are cut and hashed ("scan", over the files' total size), then as chunks are
   * sent ("upload", over the bytes of the chunks the server lacks): (phase, done, total).
   */
  onProgress?: (phase: PushPhase, done: number, total: number) => void;
  /**
   * Whether chunks travel compressed ($MODELREG_COMPRESS, else "auto"): "always" encodes every
   * chunk, "never" sends raw (the server compresses at rest), "auto" measures and decides
   * (CompressPolicy in src/upload.ts).
   */
  compress?: CompressMode;
  /**
   * How many times the upload is run again when the commit finds chunks gone meanwhile
   * (CHUNKS_MISSING; default 3). A cut connection is resumed by the retry policy
   * (docs/clients.md section 4): until 8 failures in a row without progress.
   */
  attempts?: number;
  /** Aborting it stops the push; chunks already sent stay stored, so a later push sends only the rest. */
  signal?: AbortSignal;
}

export interface CheckedPushOptions {
  aliases: string[];
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  description: string;
  attempts: number;
}

function refuse(message: string, reason: string, metadata: Record<string, string>): never {
  throw new InvalidArgument(message, { reason, metadata });
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function mapping(value: unknown, argument: string, reason: string): Array<[string, unknown]> {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Map) {
    refuse(`${argument} must be a plain object of name: value, not the ${describe(value)} ${JSON.stringify(value)}`,
      reason, { argument });
  }
  return Object.entries(value as Record<string, unknown>);
}

/** Checks `model` and the options of a push; throws InvalidArgument naming the first wrong one. */
export function checkPushOptions(model: unknown, options: PushOptions): CheckedPushOptions {
  // The server's rule for model ids (server/modelreg_server/names.py), checked here too so that a
  // typo is refused before gigabytes are uploaded for a commit that would fail.
  if (typeof model !== "string" || !/^[a-z0-9][a-z0-9._-]{0,127}$/.test(model.replace(/^models\//, ""))) {
    refuse(`invalid model name ${JSON.stringify(model)}: use 1-128 of a-z 0-9 . _ -, starting with a letter or digit`,
      "INVALID_NAME", { argument: "model" });
  }
  const aliases = options.aliases ?? [];
  if (!Array.isArray(aliases)) {
    const hint = typeof aliases === "string" ? `: write aliases: [${JSON.stringify(aliases)}]` : "";
    refuse(`aliases must be an array of names, not the ${describe(aliases)} ${JSON.stringify(aliases)}${hint}`,
      "INVALID_ALIAS", { argument: "aliases" });
  }
  for (const alias of aliases) {
    if (typeof alias !== "string") {
      refuse(`aliases: ${JSON.stringify(alias)} is not a string name but a ${describe(alias)}`, "INVALID_ALIAS",
        { argument: "aliases" });
    }
  }
  const metrics: Record<string, number> = {};
  for (const [key, value] of mapping(options.metrics, "metrics", "INVALID_METRIC")) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      refuse(`metrics[${JSON.stringify(key)}] must be a finite number, not the ${describe(value)} ${String(value)}`,
        "INVALID_METRIC", { argument: "metrics", key });
    }
    metrics[key] = value;
  }
  const params: Record<string, string> = {};
  for (const [key, value] of mapping(options.params, "params", "INVALID_PARAM")) {
    if (typeof value === "string") params[key] = value;
    else if (typeof value === "boolean") params[key] = value ? "True" : "False";
    else if (typeof value === "number" && Number.isFinite(value)) params[key] = String(value);
    else {
      refuse(`params[${JSON.stringify(key)}] must be a string, a number or a boolean, not the ${describe(value)}`,
        "INVALID_PARAM", { argument: "params", key });
    }
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of mapping(options.tags, "tags", "INVALID_TAG")) {
    if (typeof value !== "string") {
      refuse(`tags[${JSON.stringify(key)}] must be a string, not the ${describe(value)} ${JSON.stringify(value)}`,
        "INVALID_TAG", { argument: "tags", key });
    }
    tags[key] = value;
  }
  const description = options.description ?? "";
  if (typeof description !== "string") {
    refuse(`description must be a string, not the ${describe(description)}`, "INVALID_DESCRIPTION",
      { argument: "description" });
  }
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) {
    refuse(`attempts must be an integer of at least 1, not ${String(attempts)}`, "INVALID_ATTEMPTS",
      { argument: "attempts" });
  }
  return { aliases, metrics, params, tags, description, attempts };
}

/**
 * A deploy agent: follows MODEL:ALIAS and pulls every version the alias moves to into
 * DIR/versions/<n>, then points DIR/current at it (an atomic symlink swap). It remembers the last
 * event it handled in DIR/state.json, so after a restart it picks up the moves it missed.
 *
 *   node build/examples/follow.js sentiment:production ./deploy [--server HOST:PORT] [--token T]
 *
 * In your own project, import from "@modelreg/client" exactly as below.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { type Client, connect, eventTypeName, ModelregError, NotFound } from "@modelreg/client";

export interface FollowOptions {
  /** Stops the agent. */
  signal?: AbortSignal;
  /** Called after each version is in place (and `current` points at it). */
  onDeployed?: (version: number, dir: string) => void;
  log?: (message: string) => void;
}

interface State {
  /** The last event sequence handled: where the watch resumes. */
  sequence: number;
  version: number;
}

async function readState(file: string): Promise<State | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as State;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

async function writeState(file: string, state: State): Promise<void> {
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(state) + "\n");
  await fs.rename(tmp, file);
}

/** Points DIR/current at versions/<n> atomically (a new symlink renamed over the old one). */
async function switchCurrent(dir: string, version: number): Promise<void> {
  const link = path.join(dir, "current");
  const tmp = path.join(dir, `.current-${process.pid}`);
  await fs.rm(tmp, { force: true });
  await fs.symlink(path.join("versions", String(version)), tmp);
  await fs.rename(tmp, link);
}

/** Pulls model:v<n> into DIR/versions/<n> unless it is already there, then makes it current. */
async function deploy(client: Client, model: string, version: number, dir: string, options: FollowOptions,
  expectedDigest?: string): Promise<void> {
  const target = path.join(dir, "versions", String(version));
  try {
    await fs.access(target);
    options.log?.(`version ${version} is already in ${target}`);
  } catch {
    options.log?.(`pulling ${model}:v${version} into ${target}`);
    const pulled = await client.pull(`${model}:v${version}`, target, { signal: options.signal });
    if (expectedDigest && pulled.digest !== expectedDigest) {
      throw new Error(`${model}:v${version} has digest ${pulled.digest}, the event said ${expectedDigest}`);
    }
  }
  await switchCurrent(dir, version);
  options.onDeployed?.(version, target);
}

/** Runs until options.signal aborts (resolves) or a non-retryable error (rejects). */
export async function follow(client: Client, reference: string, dir: string, options: FollowOptions = {}): Promise<void> {
  const colon = reference.lastIndexOf(":");
  if (colon <= 0) throw new Error(`expected MODEL:ALIAS, got ${JSON.stringify(reference)}`);
  const model = reference.slice(0, colon);
  const alias = reference.slice(colon + 1);
  await fs.mkdir(path.join(dir, "versions"), { recursive: true });
  const stateFile = path.join(dir, "state.json");
  let state = await readState(stateFile);
  if (!state) {
    // Fix the starting point first, then resolve: a move in between is replayed by the watch.
    const sequence = await client.eventHead();
    let version = 0;
    try {
      version = (await client.resolve(reference)).number;
      await deploy(client, model, version, dir, options);
    } catch (e) {
      if (!(e instanceof NotFound)) throw e;
      options.log?.(`${reference} does not exist yet; waiting for it`);
    }
    state = { sequence, version };
    await writeState(stateFile, state);
  }
  const watch = client.watch({ models: [model], types: ["ALIAS_SET", "ALIAS_DELETED"], aliases: [alias] },
    { after: state.sequence, signal: options.signal });
  options.log?.(`following ${reference} after event ${state.sequence}`);
  try {
    for await (const event of watch) {
      if (eventTypeName(event.type) === "ALIAS_SET" && event.version !== state.version) {
        await deploy(client, model, event.version, dir, options, event.digest);
        state = { sequence: event.sequence, version: event.version };
      } else {
        options.log?.(`event ${event.sequence}: ${eventTypeName(event.type)} ${reference}; keeping version ${state.version}`);
        state = { ...state, sequence: event.sequence };
      }
      await writeState(stateFile, state);
    }
  } catch (e) {
    if (options.signal?.aborted) return;
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    return value;
  };
  const server = flag("--server");
  const token = flag("--token") ?? process.env.MODELREG_TOKEN;
  if (args.length !== 2) {
    console.error("usage: follow MODEL:ALIAS DIR [--server HOST:PORT] [--token TOKEN]");
    return 2;
  }
  const [reference, dir] = args;
  const client = connect(server, { token });
  const controller = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());
  try {
    await follow(client, reference, dir, {
      signal: controller.signal,
      log: (m) => console.error(m),
      onDeployed: (version, target) => console.log(JSON.stringify({ deployed: version, dir: target })),
    });
    return 0;
  } catch (e) {
    console.error(e instanceof ModelregError ? `follow: ${e.codeName}: ${e.message}` : e);
    return 1;
  } finally {
    client.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

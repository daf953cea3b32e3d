/**
 * The shared conformance scenarios (tests/conformance/scenarios.json), then the client contract's
 * (tests/conformance/contract.json, docs/clients.md), run with this library against the real
 * server that tests/conformance/harness.py starts: the TypeScript twin of
 * tests/test_conformance.py.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import {
  Client, connect, type ConnectOptions, type Event, eventTypeName, IntegrityError, ModelregError, resolveSettings,
  type Watch,
} from "@modelreg/client";
import { CONTRACT, Harness, materialize, SPEC, tempDir, tree, withTimeout } from "./harness";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Outcome = { code: string; reason: string; metadata: Record<string, string> } | null;

let harness: Harness;

before(async () => {
  harness = await Harness.start();
});

after(async () => {
  await harness?.close();
});

/** Runs a watch in the background, queueing what it delivers (like the Python runner's thread). */
class Watcher {
  private readonly events: Event[] = [];
  private waiter: (() => void) | undefined;
  private error: unknown;
  private readonly done: Promise<void>;
  readonly watch: Watch;

  constructor(client: Client, spec: Json) {
    const watch = client.watch(
      { models: spec.models ?? [], types: spec.types ?? [], aliases: spec.aliases ?? [], filter: spec.filter ?? "" },
      { after: "after" in spec ? Number(spec.after) : undefined });
    this.watch = watch;
    this.done = (async () => {
      try {
        for await (const event of watch) {
          this.events.push(event);
          this.waiter?.();
        }
      } catch (e) {
        this.error = e;
      } finally {
        this.waiter?.();
      }
    })();
  }

  async next(ms: number): Promise<Event> {
    const deadline = Date.now() + ms;
    while (this.events.length === 0) {
      if (this.error) throw this.error;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${ms} ms`);
      await withTimeout(new Promise<void>((resolve) => (this.waiter = resolve)), left, "the next event")
        .catch(() => undefined);
      this.waiter = undefined;
    }
    return this.events.shift()!;
  }

  async expect(expected: Json[]): Promise<void> {
    for (const want of expected) {
      const event = await this.next(20_000);
      const got: Record<string, unknown> = {
        type: eventTypeName(event.type), model: event.model, alias: event.alias, version: event.version,
        previous_version: event.previousVersion,
      };
      assert.deepEqual(Object.fromEntries(Object.keys(want).map((k) => [k, got[k]])), want);
    }
  }

  async stop(): Promise<void> {
    this.watch.close();
    await withTimeout(this.done, 10_000, "the watch to stop");
    assert.ok(this.watch.isClosed);
  }
}

async function outcome<T>(fn: () => Promise<T>): Promise<[T | undefined, Outcome]> {
  try {
    return [await fn(), null];
  } catch (e) {
    if (e instanceof IntegrityError) return [undefined, { code: "INTEGRITY", reason: e.reason, metadata: {} }];
    if (e instanceof ModelregError) return [undefined, { code: e.codeName, reason: e.reason, metadata: e.metadata }];
    throw e;
  }
}

/** A list step through the client's list methods, every page: model ids or MODEL:NUMBER, in order. */
async function listing(client: Client, step: Json): Promise<Record<string, string[]>> {
  const spec = step.list_models ?? step.list_versions ?? step.search_versions;
  const options = { filter: spec.filter ?? "", orderBy: spec.order_by ?? "", pageSize: spec.page_size ?? 0 };
  const items: string[] = [];
  if ("list_models" in step) {
    for await (const model of client.listModels(options)) items.push(model.name.replace(/^models\//, ""));
    return { models: items };
  }
  const versions = "list_versions" in step ? client.listVersions(spec.parent, options) : client.searchVersions(options);
  for await (const version of versions) items.push(`${version.model}:${version.number}`);
  return { versions: items };
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

function check(expect: Json, error: Outcome, result: () => Record<string, unknown>): void {
  if ("error" in expect) {
    assert.ok(error !== null, `expected ${JSON.stringify(expect.error)}, got success`);
    const { metadata, ...want } = expect.error;
    assert.deepEqual(pick(error as Record<string, unknown>, Object.keys(want)), want);
    assert.deepEqual(pick(error!.metadata, Object.keys(metadata ?? {})), metadata ?? {});
  } else {
    assert.equal(error, null, `unexpected error ${JSON.stringify(error)}`);
    const got = result();
    const keys = Object.keys(expect).filter((k) => k in got);
    assert.deepEqual(pick(got, keys), pick(expect, keys));
  }
}

/** A settings/connect step's args (contract.json's names) as the client's options. */
function settingsOptions(args: Json): ConnectOptions {
  const names: Record<string, keyof ConnectOptions> = {
    server: "server", token: "token", tls: "tls", tls_ca: "tlsCa", tls_cert: "tlsCert", tls_key: "tlsKey",
    allow_plaintext_token: "allowPlaintextToken",
  };
  return Object.fromEntries(Object.entries(args ?? {}).map(([k, v]) => {
    assert.ok(k in names, `unknown settings argument ${k}`);
    return [names[k], v];
  })) as ConnectOptions;
}

/** A push step: the new version's digest and the raw bytes the client uploaded (the "upload" progress). */
async function pushed(client: Client, spec: Json, dir: string): Promise<Record<string, unknown>> {
  let uploaded = 0;
  let last = 0;
  const version = await client.push(spec.model, dir, {
    onProgress: (phase, done) => {
      if (phase !== "upload") return;
      if (done < last) last = 0; // a resumed upload counts from 0 again
      uploaded += done - last;
      last = done;
    },
  });
  return { digest: version.digest, uploaded_bytes: uploaded };
}

const SCENARIOS: Json[] = [...SPEC.scenarios, ...CONTRACT.scenarios];

for (const scenario of SCENARIOS) {
  test(scenario.name, { timeout: 120_000 }, async () => {
    const own = connect(harness.info.address);
    let client = own;
    const made: Client[] = [];
    const tmp = await tempDir("modelreg-ts-conformance-");
    let watcher: Watcher | undefined;
    let ran = 0;
    try {
      for (const [i, raw] of (scenario.steps as Json[]).entries()) {
        const step = harness.expand(raw);
        const expect = step.expect ?? {};
        if ("settings" in step) {
          const spec = step.settings;
          const [settings, error] = await outcome(async () => resolveSettings(spec.env ?? {}, settingsOptions(spec.args)));
          check(expect, error, () => ({ server: settings!.server, token: settings!.token, tls: settings!.tls,
            tls_ca: settings!.tlsCa, tls_cert: settings!.tlsCert, tls_key: settings!.tlsKey }));
        } else if ("connect" in step) {
          const spec = step.connect;
          const [made1, error] = await outcome(async () =>
            new Client(undefined, { ...settingsOptions(spec.args), env: spec.env ?? {} }));
          check(expect, error, () => ({}));
          if (made1) {
            made.push(made1);
            client = made1;
          }
        } else if ("push" in step) {
          const spec = step.push;
          let dir: string = spec.dir;
          if (!dir) dir = await materialize(spec.files, path.join(tmp, `push-${i}`));
          const [result, error] = await outcome(() => pushed(client, spec, dir));
          check(expect, error, () => result!);
        } else if ("resolve" in step) {
          const [version, error] = await outcome(() => client.resolve(step.resolve));
          check(expect, error, () => ({ version: version!.number, digest: version!.digest }));
        } else if ("pull" in step) {
          const dest = path.join(tmp, `pull-${i}`);
          const [, error] = await outcome(() => client.pull(step.pull, dest));
          check(expect, error, () => ({}));
          if ("same_as_version" in expect) {
            const source = harness.info.sources[String(expect.same_as_version)];
            assert.deepEqual(await tree(dest), await tree(source));
          }
          if (expect.no_destination) {
            assert.equal(existsSync(dest), false, `${dest} exists after a failed pull`);
            const leftovers = (await fs.readdir(tmp)).filter((name) => name.startsWith(`.pull-${i}.`));
            assert.deepEqual(leftovers, [], "a failed pull left its temporary directory behind");
          }
        } else if ("list_models" in step || "list_versions" in step || "search_versions" in step) {
          const [items, error] = await outcome(() => listing(client, step));
          check(expect, error, () => items!);
        } else if ("watch_start" in step) {
          watcher = new Watcher(client, step.watch_start);
          await withTimeout(watcher.watch.ready, 20_000, "the watch to start");
        } else if ("watch_expect" in step) {
          assert.ok(watcher, "watch_expect without watch_start");
          await watcher.expect(step.watch_expect);
        } else if ("watch_stop" in step) {
          assert.ok(watcher, "watch_stop without watch_start");
          await watcher.stop();
          watcher = undefined;
        } else if ("harness" in step) {
          const reply = await harness.send(step.harness);
          if ("save" in step) harness.saved[step.save] = reply.sequence as number;
          if ("save_digest" in step) harness.saved[step.save_digest] = reply.digest as string;
        } else {
          assert.fail(`unknown step ${JSON.stringify(step)}`);
        }
        ran += 1;
      }
      assert.equal(ran, scenario.steps.length);
    } finally {
      if (watcher) await watcher.stop().catch(() => undefined);
      for (const c of [own, ...made]) c.close();
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
}

/**
 * Filters against the real server (tests/conformance/harness.py and the catalog it pushes):
 * listModels / listVersions / searchVersions paging, leaving a loop early, the FULL view, a bad
 * filter's error, and a watch whose filter is refused.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ALL_MODELS, type Client, connect, InvalidArgument } from "@modelreg/client";
import { Harness, withTimeout } from "./harness";

let harness: Harness;
let client: Client;

before(async () => {
  harness = await Harness.start();
  client = connect(harness.info.address);
});

after(async () => {
  client?.close();
  await harness?.close();
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function names(items: AsyncIterable<{ model: string; number: number }>): Promise<string[]> {
  const out: string[] = [];
  for await (const v of items) out.push(`${v.model}:${v.number}`);
  return out;
}

test("one version per page still yields every match, in order", async () => {
  const all = await names(client.searchVersions({ filter: 'model = "search-*"', orderBy: "metrics.f1 desc", pageSize: 1 }));
  assert.deepEqual(all, ["search-resnet:1", "search-gpt:1", "search-bert:2", "search-bert:1", "search-bert:3", "search-resnet:2"]);
  assert.deepEqual(await names(client.listVersions(ALL_MODELS, { filter: "metrics.f1 < 0.4" })), ["search-resnet:2"]);
});

test("leaving the loop early stops the paging", async () => {
  const seen: string[] = [];
  for await (const model of client.listModels({ filter: 'name = "search-*"', orderBy: "name", pageSize: 1 })) {
    seen.push(model.name);
    break;
  }
  assert.deepEqual(seen, ["models/search-bert"]);
});

test("files: true returns the manifests", async () => {
  const [version] = await collect(client.listVersions("search-gpt", { files: true }));
  assert.deepEqual(version.files.map((f) => f.path), ["weights.txt"]);
  const [basic] = await collect(client.listVersions("search-gpt"));
  assert.deepEqual(basic.files, []);
});

test("a bad filter rejects with its position and what was expected", async () => {
  const iteration = collect(client.searchVersions({ filter: "metrics.f1 > 0.9 AND" }));
  await assert.rejects(iteration, (e: unknown) => {
    assert.ok(e instanceof InvalidArgument);
    assert.equal(e.reason, "INVALID_FILTER");
    assert.equal(e.metadata.position, "20");
    assert.ok(e.metadata.expected.length > 0);
    return true;
  });
});

test("a watch whose filter is refused ends with the refusal instead of reconnecting", async () => {
  const watch = client.watch({ filter: "type = ALIAS_SET AND" });
  const iteration = (async () => {
    for await (const event of watch) assert.fail(`event ${event.sequence} from a refused watch`);
  })();
  await withTimeout(assert.rejects(iteration, (e: unknown) => {
    assert.ok(e instanceof InvalidArgument);
    assert.equal(e.reason, "INVALID_FILTER");
    assert.equal(e.metadata.position, "20");
    return true;
  }), 30_000, "the refused watch to end");
  assert.ok(watch.isClosed);
});

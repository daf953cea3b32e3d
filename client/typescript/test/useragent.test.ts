/**
 * The real server sees this client's user agent: it counts calls by client and version on its
 * /metrics (modelreg_grpc_server_client_calls_total), scraped here after real calls.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { connect, USER_AGENT, VERSION } from "../src";
import { ROOT, ServerProcess } from "./harness";

test("VERSION is package.json's version", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "client", "typescript", "package.json"), "utf8"));
  assert.equal(VERSION, pkg.version);
  assert.equal(USER_AGENT, `modelreg-typescript/${pkg.version}`);
});

test("the server counts this client's calls under its user agent", async () => {
  const server = await ServerProcess.start("--http", "127.0.0.1:0");
  try {
    const client = connect(server.address, { timeoutMs: 30_000 });
    try {
      for (let i = 0; i < 3; i++) await client.eventHead();
    } finally {
      client.close();
    }
    const metrics = await (await fetch(`${server.dashboard}metrics`)).text();
    const series = `modelreg_grpc_server_client_calls_total{client="modelreg-typescript",version="${VERSION}"} 3.0`;
    assert.ok(metrics.includes(series), metrics.split("\n").filter((l) => l.includes("client_calls")).join("\n"));
  } finally {
    await server.close();
  }
});

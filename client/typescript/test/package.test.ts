/**
 * The package as npm publishes it: `npm pack` (whose prepack script rebuilds dist/ from a clean
 * slate) must ship the compiled JavaScript, its .d.ts types and the sources their maps point at,
 * and nothing of the tests; the tarball, installed into a fresh project, must work through
 * `require`, ESM `import` and tsc, and pull a version from a real server.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { ROOT, ServerProcess, tempDir, tree } from "./harness";

const PACKAGE = path.join(ROOT, "client", "typescript");
const MANIFEST = JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8"));

let tmp: string;
let tarball: string;
let packed: string[];

/** Runs a command with a generous timeout and returns its stdout; a failure carries its stderr. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 300_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} in ${cwd}: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Every file under dir, as paths relative to PACKAGE with forward slashes. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(PACKAGE, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(PACKAGE, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

before(async () => {
  tmp = await tempDir("modelreg-ts-package-");
  // A leftover of an earlier build: prepack's clean build must not ship it.
  await fs.mkdir(path.join(PACKAGE, "dist"), { recursive: true });
  await fs.writeFile(path.join(PACKAGE, "dist", "stale-leftover.js"), "module.exports = 1;\n");
  const out = await run("npm", ["pack", "--json", "--pack-destination", tmp], PACKAGE);
  const [report] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(tmp, report.filename);
  packed = report.files.map((file) => file.path).sort();
});

after(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

test("package.json points main, types and every export into dist", () => {
  const targets = [MANIFEST.main, MANIFEST.types];
  for (const entry of Object.values(MANIFEST.exports as Record<string, string | Record<string, string>>)) {
    targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
  }
  for (const target of targets) {
    const file = target.replace(/^\.\//, "");
    assert.ok(file === "package.json" || file.startsWith("dist/"), `${target} is not in dist/`);
    assert.ok(packed.includes(file), `${target} is not in the tarball: ${packed.join(", ")}`);
  }
  assert.equal(MANIFEST.scripts.prepack, "npm run build");
});

test("the tarball holds JavaScript and types for every source, the sources and nothing else", async () => {
  const sources = (await filesUnder("src")).filter((file) => file.endsWith(".ts"));
  assert.ok(sources.includes("src/index.ts"));
  const expected = new Set(["package.json", "README.md"]);
  for (const source of sources) {
    const stem = source.replace(/^src\//, "dist/").replace(/\.ts$/, "");
    for (const suffix of [".js", ".js.map", ".d.ts", ".d.ts.map"]) expected.add(stem + suffix);
    expected.add(source);
  }
  assert.deepEqual(packed, [...expected].sort());
  assert.ok(!packed.includes("dist/stale-leftover.js"));
  await assert.rejects(fs.stat(path.join(PACKAGE, "dist", "stale-leftover.js")), { code: "ENOENT" });
});

test("the installed tarball works from require, import and tsc against a real server", async () => {
  const consumer = path.join(tmp, "consumer");
  await fs.mkdir(consumer);
  await fs.writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  const typesNode = `@types/node@${MANIFEST.devDependencies["@types/node"]}`;
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, typesNode], consumer);
  const installed = JSON.parse(
    await fs.readFile(path.join(consumer, "node_modules", "@modelreg", "client", "package.json"), "utf8"),
  );
  assert.equal(installed.version, MANIFEST.version);

  const server = await ServerProcess.start();
  try {
    const model = path.join(tmp, "model");
    await fs.mkdir(model);
    await fs.writeFile(path.join(model, "weights.bin"), Buffer.alloc(300_000, 7));
    await fs.writeFile(path.join(model, "config.json"), '{"dim": 4}\n');
    const pushed = JSON.parse(await server.cli("push", "packaged", model, "--json"));

    await fs.writeFile(
      path.join(consumer, "pull.cjs"),
      `const { connect, ModelregError, NotFound } = require("@modelreg/client");
(async () => {
  const client = connect(process.argv[2]);
  try {
    const version = await client.pull("packaged:latest", process.argv[3]);
    const missing = await client.resolve("no-such-model:latest").catch((e) => e);
    console.log(JSON.stringify({
      number: version.number,
      digest: version.digest,
      notFound: missing instanceof NotFound && missing instanceof ModelregError,
    }));
  } finally {
    client.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    const dest = path.join(tmp, "pulled");
    const pulled = JSON.parse(await run("node", ["pull.cjs", server.address, dest], consumer));
    assert.deepEqual(pulled, { number: pushed.number, digest: pushed.digest, notFound: true });
    assert.deepEqual(await tree(dest), await tree(model));
  } finally {
    await server.close();
  }

  await fs.writeFile(
    path.join(consumer, "names.mjs"),
    `import { connect, codec, paths, Status, IntegrityError } from "@modelreg/client";
console.log(JSON.stringify([typeof connect, typeof codec, typeof paths, typeof Status, typeof IntegrityError]));
`,
  );
  assert.deepEqual(JSON.parse(await run("node", ["names.mjs"], consumer)), ["function", "object", "object", "object", "function"]);

  // Types resolve through the "types" condition of exports; a wrong annotation must be an error.
  const tsc = path.join(PACKAGE, "node_modules", "typescript", "bin", "tsc");
  const options = ["--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16", "--types", "node"];
  await fs.writeFile(
    path.join(consumer, "typed.ts"),
    `import { connect, type Client, type PullOptions, Version } from "@modelreg/client";
const client: Client = connect("127.0.0.1:1");
const options: PullOptions = { overwrite: true };
const pulled: Promise<Version> = client.pull("m:1", "dest", options);
void pulled;
client.close();
`,
  );
  await run("node", [tsc, ...options, "typed.ts"], consumer);
  await fs.writeFile(
    path.join(consumer, "mistyped.ts"),
    `import { connect } from "@modelreg/client";
const n: number = connect("127.0.0.1:1");
void n;
`,
  );
  await assert.rejects(run("node", [tsc, ...options, "mistyped.ts"], consumer), /TS2322/);
});

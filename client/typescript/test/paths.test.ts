/**
 * The portable path rule against the vectors every implementation runs
 * (tests/conformance/paths.json), and the pull assembler refusing them before writing anything.
 */
import assert from "node:assert/strict";
import { promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { paths } from "@modelreg/client";
import { IntegrityError } from "../src/errors";
import { Assembler } from "../src/transfer";
import type { Version } from "../src/gen/modelreg/v1/resources";
import { ROOT } from "./harness";

interface Vectors {
  format: number;
  valid: string[];
  invalid: { path: string; why: string }[];
  twins: [string, string][];
  manifests: { paths: string[]; reason: string }[];
}

const V: Vectors = JSON.parse(readFileSync(path.join(ROOT, "tests", "conformance", "paths.json"), "utf8"));
const EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function reasonOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof paths.PathError, String(e));
    return e.reason;
  }
  return "";
}

test("the vectors are there", () => {
  assert.equal(V.format, 1);
  assert.ok(V.valid.length && V.invalid.length && V.twins.length && V.manifests.length);
});

test("valid paths pass, alone and together", () => {
  for (const p of V.valid) assert.equal(paths.pathProblem(p), "", JSON.stringify(p));
  paths.checkPaths(V.valid);
});

test("invalid paths are refused with their why", () => {
  for (const { path: p, why } of V.invalid) {
    assert.throws(() => paths.checkPaths(["ok.txt", p]), (e: unknown) => {
      assert.ok(e instanceof paths.PathError);
      assert.equal(e.reason, "INVALID_PATH", JSON.stringify(p));
      assert.ok(e.message.includes(why), `${JSON.stringify(p)}: ${e.message} lacks ${why}`);
      assert.equal(e.path, p);
      return true;
    });
  }
});

test("twins collide in either order", () => {
  for (const [a, b] of V.twins) {
    paths.checkPaths([a]);
    paths.checkPaths([b]);
    for (const manifest of [[a, b], [b, a]]) {
      assert.throws(() => paths.checkPaths(manifest), (e: unknown) => {
        assert.ok(e instanceof paths.PathError);
        assert.equal(e.reason, "PATH_COLLISION", JSON.stringify(manifest));
        assert.ok(e.message.includes("differ only in") && e.other !== "");
        return true;
      });
    }
  }
});

test("manifests are refused with their reason", () => {
  for (const m of V.manifests) {
    assert.equal(reasonOf(() => paths.checkPaths(m.paths)), m.reason, JSON.stringify(m.paths));
  }
});

test("a pull refuses unportable manifests before writing anything", async () => {
  const cases: [string[], string][] = [
    ...V.invalid.map((v): [string[], string] => [[v.path], "INVALID_PATH"]),
    ...V.twins.map((t): [string[], string] => [t, "PATH_COLLISION"]),
  ];
  for (const [manifest, reason] of cases) {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), "modelreg-ts-paths-"));
    const version = {
      name: "models/m/versions/1",
      files: manifest.map((p) => ({ path: p, size: 0, sha256: EMPTY_SHA, mode: 0o644, chunks: [] })),
    } as unknown as Version;
    await assert.rejects(Assembler.create(version, path.join(parent, "out")), (e: unknown) => {
      assert.ok(e instanceof IntegrityError, String(e));
      assert.equal(e.reason, reason, JSON.stringify(manifest));
      return true;
    });
    assert.deepEqual(await fs.readdir(parent), []);
    await fs.rm(parent, { recursive: true });
  }
});

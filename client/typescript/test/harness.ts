/**
 * Drives tests/conformance/harness.py: the real Python server with the setup versions pushed, plus
 * the server-side steps of the scenarios (set_alias, head, restart, corrupt_chunk, repair_chunk).
 * For tests that need a server of their own (e.g. started with --auth), `ServerProcess` runs
 * `modelreg serve` and the modelreg CLI directly.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";

/** The repository root: the nearest ancestor holding tests/conformance/scenarios.json. */
export const ROOT = (() => {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, "tests", "conformance", "scenarios.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no tests/conformance/scenarios.json above ${__dirname}`);
    dir = parent;
  }
})();

export const PYTHON = process.env.MODELREG_PYTHON || path.join(ROOT, ".venv", "bin", "python");
export const SPEC = JSON.parse(readFileSync(path.join(ROOT, "tests", "conformance", "scenarios.json"), "utf8"));
/** The client contract of docs/clients.md as scenarios (tests/conformance/contract.json), run after SPEC's. */
export const CONTRACT = JSON.parse(readFileSync(path.join(ROOT, "tests", "conformance", "contract.json"), "utf8"));

type FileSpec = { path: string; mode?: number; text?: string; repeat?: { pattern: string; size: number };
  lcg?: { seed: number; size: number }; f32?: { seed: number; count: number } };

/** (x * 1103515245 + 12345) mod 2^31, exactly (the plain product exceeds 2^53): only the low 31 bits count. */
function lcgNext(x: number): number {
  return (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
}

/** File content from a conformance generator spec, as tests/conformance/harness.py's `generate`. */
export function generate(spec: FileSpec): Buffer {
  if (spec.text !== undefined) return Buffer.from(spec.text, "utf8");
  if (spec.repeat) {
    const pattern = Buffer.from(spec.repeat.pattern, "hex");
    const out = Buffer.alloc(spec.repeat.size);
    for (let i = 0; i < out.length; i += pattern.length) pattern.copy(out, i, 0, Math.min(pattern.length, out.length - i));
    return out;
  }
  if (spec.lcg) {
    let x = spec.lcg.seed;
    const out = Buffer.alloc(spec.lcg.size);
    for (let i = 0; i < out.length; i++) {
      x = lcgNext(x);
      out[i] = (x >> 16) & 0xff;
    }
    return out;
  }
  if (spec.f32) {
    let x = spec.f32.seed;
    const out = Buffer.alloc(spec.f32.count * 4);
    for (let i = 0; i < spec.f32.count; i++) {
      x = lcgNext(x);
      out.writeFloatLE((x / 2147483648 - 0.5) * 0.1, 4 * i);
    }
    return out;
  }
  throw new Error(`unknown generator in ${JSON.stringify(spec)}`);
}

/** Writes the files of generator specs under `root` (with their modes, default 0644) and returns root. */
export async function materialize(files: FileSpec[], root: string): Promise<string> {
  for (const spec of files) {
    const target = path.join(root, ...spec.path.split("/"));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, generate(spec));
    await fs.chmod(target, spec.mode ?? 0o644);
  }
  return root;
}

export interface HarnessInfo {
  address: string;
  data_dir: string;
  model: string;
  digests: Record<string, string>;
  sources: Record<string, string>;
}

/** Rejects with a clear message if `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class Lines {
  private readonly lines: string[] = [];
  private readonly waiters: Array<(line: string | undefined) => void> = [];
  private ended = false;

  constructor(stream: NodeJS.ReadableStream) {
    const rl = createInterface({ input: stream });
    rl.on("line", (line) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    rl.on("close", () => {
      this.ended = true;
      for (const waiter of this.waiters.splice(0)) waiter(undefined);
    });
  }

  next(ms: number, what: string): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(new Error(`harness exited while waiting for ${what}`));
    const waiting = new Promise<string>((resolve, reject) => {
      this.waiters.push((l) => (l === undefined ? reject(new Error(`harness exited while waiting for ${what}`)) : resolve(l)));
    });
    return withTimeout(waiting, ms, what);
  }
}

export class Harness {
  readonly saved: Record<string, number | string> = {};
  /** What {push_files} stands for (contract.json's push_files), a whole-value placeholder. */
  pushFiles: unknown[] = CONTRACT.push_files ?? [];
  private constructor(private readonly proc: ChildProcess, private readonly lines: Lines, readonly info: HarnessInfo) {}

  static async start(): Promise<Harness> {
    const proc = spawn(PYTHON, [path.join(ROOT, "tests", "conformance", "harness.py")], {
      cwd: ROOT, stdio: ["pipe", "pipe", "inherit"],
    });
    const kill = () => proc.kill("SIGKILL");
    process.once("exit", kill);
    proc.once("exit", () => process.removeListener("exit", kill));
    const lines = new Lines(proc.stdout!);
    try {
      const info = JSON.parse(await lines.next(90_000, "the harness to start")) as HarnessInfo;
      return new Harness(proc, lines, info);
    } catch (e) {
      proc.kill("SIGKILL");
      throw e;
    }
  }

  /** Sends one command and returns the reply; fails unless it is ok. */
  async send(command: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.proc.stdin!.write(JSON.stringify(command) + "\n");
    const reply = JSON.parse(await this.lines.next(60_000, `the reply to ${JSON.stringify(command)}`));
    if (!reply.ok) throw new Error(`harness refused ${JSON.stringify(command)}: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Expands {model}, {address}, {digest:N}, {source:N}, {saved:NAME} in every string of a step, and {push_files}. */
  expand<T>(value: T): T {
    if (value === "{push_files}") return this.expand(this.pushFiles) as T;
    if (typeof value === "string") {
      let s: string = value.split("{model}").join(this.info.model).split("{address}").join(this.info.address);
      for (const [number, digest] of Object.entries(this.info.digests)) s = s.split(`{digest:${number}}`).join(digest);
      for (const [number, source] of Object.entries(this.info.sources)) s = s.split(`{source:${number}}`).join(source);
      for (const [name, sequence] of Object.entries(this.saved)) s = s.split(`{saved:${name}}`).join(String(sequence));
      return s as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.expand(v)) as T;
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.expand(v)])) as T;
    }
    return value;
  }

  async close(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    try {
      await this.send({ op: "quit" });
      this.proc.stdin!.end();
      await withTimeout(exited, 30_000, "the harness to exit");
    } catch {
      this.proc.kill("SIGKILL");
      await withTimeout(exited, 10_000, "the harness to be killed").catch(() => undefined);
    }
  }
}

/**
 * `python -m modelreg serve --data DIR --listen 127.0.0.1:0 ...extraArgs` on a fresh temporary
 * DIR: a server of the test's own. Its stderr goes to a log file beside DIR, shown if it fails to
 * start; `close()` stops it and removes DIR.
 */
export class ServerProcess {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly work: string,
    readonly address: string,
    readonly dataDir: string,
    /** The web dashboard's URL (http://127.0.0.1:PORT/) of a server started with --http 127.0.0.1:0, else "". */
    readonly dashboard: string,
  ) {}

  static async start(...extraArgs: string[]): Promise<ServerProcess> {
    const work = await tempDir("modelreg-ts-server-");
    const dataDir = path.join(work, "data");
    const log = await fs.open(path.join(work, "server.log"), "w");
    const proc = spawn(PYTHON, ["-m", "modelreg", "serve", "--data", dataDir, "--listen", "127.0.0.1:0", ...extraArgs], {
      cwd: ROOT, stdio: ["ignore", "pipe", log.fd],
    });
    await log.close();
    const kill = () => proc.kill("SIGKILL");
    process.once("exit", kill);
    proc.once("exit", () => process.removeListener("exit", kill));
    // Lines keeps reading stdout after the first line, so the server never blocks on a full pipe.
    const lines = new Lines(proc.stdout!);
    try {
      for (;;) {
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(await lines.next(60_000, "the server to listen"));
        if (!match) continue;
        const http = extraArgs.indexOf("--http");
        let dashboard = "";
        while (http >= 0 && extraArgs[http + 1] !== "off" && !dashboard) {
          const web = /web dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(await lines.next(60_000, "the dashboard"));
          dashboard = web ? web[1] : "";
        }
        return new ServerProcess(proc, work, `127.0.0.1:${match[1]}`, dataDir, dashboard);
      }
    } catch (e) {
      proc.kill("SIGKILL");
      const logged = await fs.readFile(path.join(work, "server.log"), "utf8").catch(() => "");
      await fs.rm(work, { recursive: true, force: true });
      throw new Error(`modelreg serve ${extraArgs.join(" ")} did not start (${e}); its stderr:\n${logged}`);
    }
  }

  /** Runs `python -m modelreg ...args` against this server (no MODELREG_TOKEN) and returns its stdout. */
  cli(...args: string[]): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env, MODELREG_SERVER: this.address };
    delete env.MODELREG_TOKEN;
    return new Promise((resolve, reject) => {
      execFile(PYTHON, ["-m", "modelreg", ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`modelreg ${args.join(" ")}: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
        else resolve(stdout);
      });
    });
  }

  /** Creates the first admin (`modelreg bootstrap --data DIR --json`) and returns its bearer token. */
  async bootstrap(): Promise<string> {
    const out = await this.cli("bootstrap", "--data", this.dataDir, "--json");
    const secret = (JSON.parse(out) as { secret?: string }).secret;
    if (!secret) throw new Error(`modelreg bootstrap printed ${out}`);
    return secret;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s) and removes its data directory. */
  async close(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
      this.proc.kill("SIGTERM");
      await withTimeout(exited, 20_000, "the server to stop").catch(async () => {
        this.proc.kill("SIGKILL");
        await withTimeout(exited, 10_000, "the server to be killed").catch(() => undefined);
      });
    }
    await fs.rm(this.work, { recursive: true, force: true });
  }
}

/** {relative path: [bytes, permission bits]} of every file under root, to compare two directories. */
export async function tree(root: string): Promise<Record<string, [Buffer, number]>> {
  const out: Record<string, [Buffer, number]> = {};
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, rel);
      else if (entry.isFile()) out[rel] = [await fs.readFile(full), (await fs.stat(full)).mode & 0o777];
    }
  }
  await walk(root, "");
  return out;
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

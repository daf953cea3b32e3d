/**
 * The portable path rule (docs/paths.md), as the server and the other clients implement it: a
 * pull refuses a manifest whose paths could escape the destination or would not be one file per
 * path on macOS and Windows. tests/conformance/paths.json holds the vectors all of them run.
 */

export const MAX_PATH_BYTES = 4096;
export const MAX_SEGMENT_BYTES = 255;

const WINDOWS_RESERVED = new Set(['<', '>', ':', '"', '|', '?', '*', '\\']);
const DEVICE_NAMES = new Set(["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]);
for (const port of ["COM", "LPT"]) {
  for (const n of "0123456789\u00b9\u00b2\u00b3") DEVICE_NAMES.add(port + n);
}

/** A path, or a pair of paths, that breaks the rule. */
export class PathError extends Error {
  constructor(
    /** INVALID_PATH, DUPLICATE_PATH or PATH_COLLISION. */
    readonly reason: string,
    message: string,
    /** The offending path. */
    readonly path: string,
    /** The path it collides with (PATH_COLLISION). */
    readonly other = "",
  ) {
    super(message);
  }
}

const hex = (code: number) => "U+" + code.toString(16).toUpperCase().padStart(4, "0");

function isBidiControl(code: number): boolean {
  return code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069);
}

/** JSON-style quoting that also escapes the characters a terminal would not show faithfully. */
export function quote(s: string, asciiOnly = false): string {
  const unsafe = asciiOnly ? /[^\x20-\x7e]/g : /[\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
  return JSON.stringify(s).replace(unsafe, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** What is wrong with a path on its own, or "" when nothing is; the phrases are shared with the other implementations. */
export function pathProblem(p: string): string {
  if (p === "") return "empty path";
  for (const c of p) {
    const code = c.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) return "not valid UTF-8"; // a lone surrogate
  }
  if (Buffer.byteLength(p, "utf8") > MAX_PATH_BYTES) return `longer than ${MAX_PATH_BYTES} bytes`;
  for (const c of p) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${hex(code)})`;
    if (WINDOWS_RESERVED.has(c)) return `a character Windows reserves (${c})`;
    if (isBidiControl(code)) return `a bidirectional control character (${hex(code)})`;
    if (code === 0x200b || code === 0x2060 || code === 0xfeff) return `an invisible character (${hex(code)})`;
  }
  if (p.startsWith("/")) return "absolute (starts with /)";
  for (const segment of p.split("/")) {
    if (segment === "" || segment === "." || segment === "..") return "an empty, . or .. segment";
    if (Buffer.byteLength(segment, "utf8") > MAX_SEGMENT_BYTES) return `a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
    if (segment.endsWith(".") || segment.endsWith(" ")) return `a segment ends with a dot or a space (${quote(segment)})`;
    const stem = segment.split(".", 1)[0].replace(/ +$/, "").replace(/[a-z]/g, (c) => c.toUpperCase());
    if (DEVICE_NAMES.has(stem)) return `a Windows device name (${quote(segment)})`;
  }
  return "";
}

/**
 * A segment's twin key: NFC, full upper case, full lower case (locale-independent), NFC. Equal
 * keys mean one name on a normalizing or case-insensitive file system.
 */
export function foldSegment(segment: string): string {
  if (/^[\x00-\x7f]*$/.test(segment)) return segment.toLowerCase();
  return segment.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");
}

/** Throws PathError unless the path is portable on its own. */
export function checkPath(p: string): void {
  const why = pathProblem(p);
  if (why) throw new PathError("INVALID_PATH", `invalid file path ${quote(p)}: ${why}`, p);
}

/**
 * Throws PathError for the first path that breaks the rule (INVALID_PATH), a path listed twice
 * (DUPLICATE_PATH), a path that is both a file and a directory (INVALID_PATH), and twins: two
 * different files or directories with equal keys (PATH_COLLISION). Walks the tree of keys one
 * segment at a time: twins first differ in one segment under a parent spelled alike.
 */
export function checkPaths(paths: Iterable<string>): void {
  const nodes = new Map<string, { id: number; segment: string; file: boolean }>();
  const files = new Set<string>();
  for (const p of paths) {
    checkPath(p);
    if (files.has(p)) throw new PathError("DUPLICATE_PATH", `duplicate file path ${quote(p)}`, p);
    files.add(p);
    const segments = p.split("/");
    let parent = 0;
    let end = -1;
    segments.forEach((segment, i) => {
      end += 1 + segment.length;
      const file = i === segments.length - 1;
      const key = `${parent}/${foldSegment(segment)}`;
      let node = nodes.get(key);
      if (node === undefined) {
        node = { id: nodes.size + 1, segment, file };
        nodes.set(key, node);
      }
      if (node.segment !== segment) throw collision(p.slice(0, end), p.slice(0, end - segment.length) + node.segment, p);
      if (node.file !== file) {
        throw new PathError("INVALID_PATH", `${quote(p.slice(0, end))} is both a file and a directory`, p.slice(0, end));
      }
      parent = node.id;
    });
  }
}

function collision(node: string, other: string, p: string): PathError {
  const normalization = node.normalize("NFC") === other.normalize("NFC");
  const kind = normalization ? "Unicode normalization" : "case";
  const subject = quote(node, normalization) + (node === p ? "" : ` (in ${quote(p)})`);
  return new PathError("PATH_COLLISION",
    `${subject} and ${quote(other, normalization)} differ only in ${kind}: they would be one name on macOS and Windows`,
    p, other);
}

/**
 * A file's tree digest and a version's digest, computed as the server and every client compute
 * them (Version.digest in protos/modelreg/v1/resources.proto).
 */
import { createHash } from "node:crypto";
import { ManifestFormat, type ChunkRef, type FileEntry } from "./gen/modelreg/v1/resources";

/** Lowercase hex sha256 over one `<chunk digest>:<size>\n` line per chunk, in order. */
export function treeDigest(chunks: ChunkRef[]): string {
  const h = createHash("sha256");
  for (const c of chunks) h.update(`${c.digest}:${c.size}\n`);
  return h.digest("hex");
}

/**
 * `sha256:` + sha256 over one `<mode as 6 octal digits> <size> <name> <path>\n` line per file,
 * sorted by path bytes, where name is the file's sha256 (format 1) or, after the line
 * `modelreg manifest 2\n`, its tree digest (MANIFEST_FORMAT_CHUNK_TREE).
 */
export function manifestDigest(files: FileEntry[], format: ManifestFormat): string {
  const byTree = format === ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE;
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.path, "utf8"), Buffer.from(b.path, "utf8")));
  const h = createHash("sha256");
  if (byTree) h.update("modelreg manifest 2\n");
  for (const f of sorted) {
    const name = byTree ? f.treeDigest : f.sha256;
    h.update(`${f.mode.toString(8).padStart(6, "0")} ${f.size} ${name} ${f.path}\n`, "utf8");
  }
  return "sha256:" + h.digest("hex");
}

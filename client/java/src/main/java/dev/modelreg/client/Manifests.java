package dev.modelreg.client;

import dev.modelreg.v1.ChunkRef;
import dev.modelreg.v1.FileEntry;
import dev.modelreg.v1.ManifestFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;

/**
 * A file's tree digest and a version's digest, computed as the server and every client compute
 * them (Version.digest in protos/modelreg/v1/resources.proto).
 */
public final class Manifests {
  private Manifests() {}

  /** Lowercase hex sha256 over one {@code <chunk digest>:<size>\n} line per chunk, in order. */
  public static String treeDigest(List<ChunkRef> chunks) {
    MessageDigest h = ChunkCodec.sha256();
    for (ChunkRef c : chunks) {
      h.update((c.getDigest() + ":" + c.getSize() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(h.digest());
  }

  /**
   * {@code sha256:} + sha256 over one {@code <mode as 6 octal digits> <size> <name> <path>\n} line
   * per file, sorted by path bytes, where name is the file's sha256 (format 1) or, after the line
   * {@code modelreg manifest 2\n}, its tree digest (MANIFEST_FORMAT_CHUNK_TREE).
   */
  public static String manifestDigest(List<FileEntry> files, ManifestFormat format) {
    boolean byTree = format == ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE;
    List<FileEntry> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.getPath().getBytes(StandardCharsets.UTF_8),
        b.getPath().getBytes(StandardCharsets.UTF_8)));
    MessageDigest h = ChunkCodec.sha256();
    if (byTree) {
      h.update("modelreg manifest 2\n".getBytes(StandardCharsets.UTF_8));
    }
    for (FileEntry f : sorted) {
      String name = byTree ? f.getTreeDigest() : f.getSha256();
      String line = String.format("%06o %d %s %s\n", f.getMode(), f.getSize(), name, f.getPath());
      h.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return "sha256:" + HexFormat.of().formatHex(h.digest());
  }
}

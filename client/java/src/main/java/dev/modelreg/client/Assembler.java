package dev.modelreg.client;

import dev.modelreg.v1.Chunk;
import dev.modelreg.v1.ChunkAtOffset;
import dev.modelreg.v1.ChunkRef;
import dev.modelreg.v1.DownloadVersionResponse;
import dev.modelreg.v1.FileEntry;
import dev.modelreg.v1.ManifestFormat;
import dev.modelreg.v1.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a version's chunk stream into a temporary directory beside the destination, verifying as
 * it goes: first the manifest against the version's digest (and each format 2 file's tree digest
 * against its chunk list), then each chunk's offset, digest and decoded size, then each format 1
 * file's sha256 (a format 2 file is named by its chunks: no whole-file hash). Tracks the offset
 * of the last verified byte so a cut stream can resume there, and moves the directory into place
 * only when every file is complete.
 */
final class Assembler implements AutoCloseable {
  private final Version version;
  private final Path dest;
  private final Path tmp;
  private final List<FileEntry> files;
  private final long[] starts;
  private final long total;

  private long offset;
  private int index = -1;
  private int chunk;
  private FileChannel handle;
  private MessageDigest hash; // the whole-file sha256 (manifest format 1 only)
  private final boolean byTree; // format 2: files named by their tree digests, not hashed whole
  private boolean committed;

  Assembler(Version version, Path dest) throws IOException {
    this.version = version;
    this.dest = dest.toAbsolutePath().normalize();
    this.files = version.getFilesList();
    this.starts = new long[files.size()];
    long position = 0;
    checkPaths(files);
    for (int i = 0; i < files.size(); i++) {
      FileEntry entry = files.get(i);
      long sum = 0;
      for (ChunkRef ref : entry.getChunksList()) {
        if (ref.getSize() <= 0 || ref.getSize() > ChunkCodec.MAX_CHUNK_SIZE) {
          throw new IntegrityException(entry.getPath() + ": chunk size " + ref.getSize()
              + " out of range", "INVALID_MANIFEST");
        }
        sum += ref.getSize();
      }
      if (entry.getSize() < 0 || sum != entry.getSize()) {
        throw new IntegrityException(entry.getPath() + ": chunks add up to " + sum
            + " bytes, manifest says " + entry.getSize(), "INVALID_MANIFEST");
      }
      starts[i] = position;
      position += entry.getSize();
    }
    this.total = position;
    this.byTree = version.getManifestFormat() == ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE;
    checkDigests(version, byTree);
    Path parent = this.dest.getParent();
    Files.createDirectories(parent);
    this.tmp = Files.createTempDirectory(parent, "." + this.dest.getFileName() + ".partial-");
    try {
      openNext();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Refuses a manifest that is not the one the version's digest names. */
  static void checkDigests(Version version, boolean byTree) {
    if (byTree) {
      for (FileEntry entry : version.getFilesList()) {
        if (!entry.getTreeDigest().equals(Manifests.treeDigest(entry.getChunksList()))) {
          throw new IntegrityException(entry.getPath() + ": tree digest " + entry.getTreeDigest()
              + " is not its chunk list's", "TREE_DIGEST_MISMATCH");
        }
      }
    }
    String actual = Manifests.manifestDigest(version.getFilesList(), byTree
        ? ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE : ManifestFormat.MANIFEST_FORMAT_FILE_SHA256);
    if (!actual.equals(version.getDigest())) {
      throw new IntegrityException("the manifest hashes to " + actual + ", the version's digest is "
          + version.getDigest(), "VERSION_DIGEST_MISMATCH");
    }
  }

  /**
   * Refuses a manifest whose paths are not portable (docs/paths.md, PortablePaths): they could
   * write outside the destination, or be one file on macOS or Windows.
   */
  static void checkPaths(List<FileEntry> files) {
    List<String> paths = new ArrayList<>(files.size());
    for (FileEntry entry : files) {
      paths.add(entry.getPath());
    }
    try {
      PortablePaths.checkAll(paths);
    } catch (PortablePaths.PathException e) {
      throw e.integrity();
    }
  }

  Version version() {
    return version;
  }

  long offset() {
    return offset;
  }

  long total() {
    return total;
  }

  boolean complete() {
    return index >= files.size();
  }

  Path tempDir() {
    return tmp;
  }

  /** Finishes the current file and opens the next; zero-length files complete at once. */
  private void openNext() throws IOException {
    while (true) {
      if (handle != null) {
        finishFile();
      }
      index++;
      if (index >= files.size()) {
        return;
      }
      FileEntry entry = files.get(index);
      Path target = tmp.resolve(entry.getPath());
      if (!target.normalize().startsWith(tmp)) {
        throw new IntegrityException("unsafe path in manifest: " + entry.getPath(),
            "INVALID_PATH");
      }
      Files.createDirectories(target.getParent());
      handle = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      hash = byTree ? null : ChunkCodec.sha256();
      chunk = 0;
      if (entry.getSize() > 0) {
        return;
      }
    }
  }

  private void finishFile() throws IOException {
    FileEntry entry = files.get(index);
    try {
      handle.force(true);
    } finally {
      handle.close();
      handle = null;
    }
    // Format 2: every chunk was checked against the digest the checked manifest gives it.
    String actual = hash == null ? null : HexFormat.of().formatHex(hash.digest());
    if (hash != null && !actual.equals(entry.getSha256())) {
      throw new IntegrityException(entry.getPath() + ": downloaded content hashes to " + actual
          + ", expected " + entry.getSha256(), "FILE_DIGEST_MISMATCH");
    }
    int mode = entry.getMode() & 0777;
    setMode(tmp.resolve(entry.getPath()), mode == 0 ? 0644 : mode);
  }

  /**
   * Verifies and writes the chunks of one message of the stream, in order: its {@code items} when
   * the server batched them, else its single {@code chunk} (as servers without batching send).
   * Returns their raw size. Each chunk is verified before the next, so after a failure
   * {@link #offset()} is still the end of the last verified chunk.
   */
  int add(DownloadVersionResponse response) throws IOException {
    if (response.getItemsCount() == 0) {
      return add(response.getOffset(), response.getChunk());
    }
    int n = 0;
    for (ChunkAtOffset item : response.getItemsList()) {
      n += add(item.getOffset(), item.getChunk());
    }
    return n;
  }

  /** Verifies and writes one chunk of the stream; returns its raw size. */
  private int add(long at, Chunk data) throws IOException {
    if (complete()) {
      throw new IntegrityException("server sent data past the end of the version",
          "UNEXPECTED_CHUNK");
    }
    if (at != offset) {
      throw new IntegrityException("server sent offset " + at + ", expected "
          + offset, "UNEXPECTED_OFFSET");
    }
    FileEntry entry = files.get(index);
    ChunkRef expected = chunk < entry.getChunksCount() ? entry.getChunks(chunk) : null;
    String digest = data.getDigest();
    if (expected == null || !expected.getDigest().equals(digest)
        || expected.getSize() != data.getRawSize()) {
      throw new IntegrityException(entry.getPath() + ": unexpected chunk " + digest
          + " at offset " + offset, "UNEXPECTED_CHUNK");
    }
    byte[] raw;
    try {
      raw = ChunkCodec.decodeVerified(data);
    } catch (IntegrityException e) {
      throw new IntegrityException("chunk at offset " + offset + " of " + entry.getPath() + ": "
          + e.getMessage(), e.reason(), e);
    }
    ByteBuffer buffer = ByteBuffer.wrap(raw);
    while (buffer.hasRemaining()) {
      handle.write(buffer);
    }
    if (hash != null) {
      hash.update(raw);
    }
    chunk++;
    offset += raw.length;
    if (offset - starts[index] == entry.getSize()) {
      openNext();
    }
    return raw.length;
  }

  /** Moves the verified directory into place; with overwrite, swaps out an existing one. */
  Path commit(boolean overwrite) throws IOException {
    if (!complete()) {
      throw new IntegrityException("download stopped at byte " + offset + " of " + total,
          "INCOMPLETE");
    }
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(tmp)) {
      walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(dirs::add);
    }
    for (Path dir : dirs) {
      setMode(dir, 0755);
    }
    boolean exists = Files.exists(dest, LinkOption.NOFOLLOW_LINKS);
    if (exists && !overwrite) {
      throw new FileAlreadyExistsException(dest.toString(), null,
          "destination exists; pass overwrite to replace it");
    }
    if (exists) {
      Path old = Files.createTempDirectory(dest.getParent(), "." + dest.getFileName() + ".old-");
      Files.move(dest, old.resolve("previous"), StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } else {
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
    }
    committed = true;
    fsyncDir(dest.getParent());
    return dest;
  }

  /** Removes the temporary directory; the destination is left as it was. */
  void abort() {
    if (handle != null) {
      try {
        handle.close();
      } catch (IOException e) {
        // Nothing more to do: the file is deleted below.
      }
      handle = null;
    }
    if (!committed) {
      deleteTree(tmp);
    }
  }

  @Override
  public void close() {
    abort();
  }

  static void setMode(Path path, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ,
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(path, perms);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): permission bits cannot be kept.
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // Best effort: a leftover temporary directory is hidden and harmless.
    }
  }

  private static void fsyncDir(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // Not every platform can fsync a directory; the rename itself is already atomic.
    }
  }
}

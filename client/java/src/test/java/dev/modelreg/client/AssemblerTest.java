package dev.modelreg.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.ByteString;
import dev.modelreg.v1.Chunk;
import dev.modelreg.v1.ChunkRef;
import dev.modelreg.v1.Codec;
import dev.modelreg.v1.DownloadVersionResponse;
import dev.modelreg.v1.FileEntry;
import dev.modelreg.v1.ManifestFormat;
import dev.modelreg.v1.Version;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull assembler fed with a chunk stream built here (the bytes a server would send). */
class AssemblerTest {
  @TempDir Path tmp;

  private static final byte[] A1 = "first chunk of a".getBytes();
  private static final byte[] A2 = new byte[40_000]; // zeros: sent zstd-compressed
  private static final byte[] B = "#!/bin/sh\necho hi\n".getBytes();

  private static FileEntry file(String path, int mode, byte[]... chunks) {
    FileEntry.Builder f = FileEntry.newBuilder().setPath(path).setMode(mode);
    var whole = ChunkCodec.sha256();
    long size = 0;
    for (byte[] c : chunks) {
      f.addChunks(ChunkRef.newBuilder().setDigest(ChunkCodec.sha256Hex(c)).setSize(c.length));
      whole.update(c);
      size += c.length;
    }
    return f.setSize(size).setSha256(java.util.HexFormat.of().formatHex(whole.digest())).build();
  }

  private static Version version(FileEntry... files) {
    return Version.newBuilder().setName("models/m/versions/1").setModel("m").setNumber(1)
        .addAllFiles(List.of(files))
        .setDigest(Manifests.manifestDigest(List.of(files), ManifestFormat.MANIFEST_FORMAT_FILE_SHA256)).build();
  }

  /** The same files in manifest format 2: named by their tree digests, no sha256 yet. */
  private static Version treeVersion(FileEntry... files) {
    List<FileEntry> named = new ArrayList<>();
    for (FileEntry f : files) {
      named.add(f.toBuilder().setSha256("").setTreeDigest(Manifests.treeDigest(f.getChunksList())).build());
    }
    return Version.newBuilder().setName("models/m/versions/1").setModel("m").setNumber(1)
        .setManifestFormat(ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE).addAllFiles(named)
        .setDigest(Manifests.manifestDigest(named, ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE)).build();
  }

  private static Version sample() {
    return version(file("a/data.bin", 0640, A1, A2), file("empty.txt", 0), file("run.sh", 0755, B));
  }

  private static List<DownloadVersionResponse> stream(byte[]... chunks) {
    List<DownloadVersionResponse> out = new ArrayList<>();
    long offset = 0;
    for (byte[] c : chunks) {
      byte[] frame = Zstd.compress(c);
      boolean zstd = frame.length < c.length;
      out.add(DownloadVersionResponse.newBuilder().setOffset(offset).setChunk(Chunk.newBuilder()
          .setDigest(ChunkCodec.sha256Hex(c)).setRawSize(c.length)
          .setCodec(zstd ? Codec.CODEC_ZSTD : Codec.CODEC_NONE)
          .setData(ByteString.copyFrom(zstd ? frame : c))).build());
      offset += c.length;
    }
    return out;
  }

  @Test
  void assemblesVerifiesAndMovesIntoPlace() throws IOException {
    Path dest = tmp.resolve("out");
    try (Assembler a = new Assembler(sample(), dest)) {
      assertEquals(A1.length + A2.length + B.length, a.total());
      for (DownloadVersionResponse r : stream(A1, A2, B)) {
        assertFalse(a.complete());
        a.add(r);
      }
      assertTrue(a.complete());
      assertFalse(Files.exists(dest), "nothing lands before commit");
      a.commit(false);
    }
    byte[] data = Files.readAllBytes(dest.resolve("a/data.bin"));
    assertEquals(A1.length + A2.length, data.length);
    assertArrayEquals(A1, Arrays.copyOf(data, A1.length));
    assertArrayEquals(B, Files.readAllBytes(dest.resolve("run.sh")));
    assertEquals(0, Files.size(dest.resolve("empty.txt")));
    assertEquals(0640, TestFiles.mode(dest.resolve("a/data.bin")));
    assertEquals(0755, TestFiles.mode(dest.resolve("run.sh")));
    assertEquals(0644, TestFiles.mode(dest.resolve("empty.txt")), "mode 0 means 0644");
    assertEquals(0755, TestFiles.mode(dest.resolve("a")));
    assertEquals(Set.of(), TestFiles.others(tmp, "out"), "no temporary directory left");
  }

  @Test
  void resumesAtTheLastVerifiedOffset() throws IOException {
    Path dest = tmp.resolve("out");
    List<DownloadVersionResponse> all = stream(A1, A2, B);
    try (Assembler a = new Assembler(sample(), dest)) {
      a.add(all.get(0));
      assertEquals(A1.length, a.offset());
      // A resent earlier chunk (wrong offset) is refused; the right one continues.
      IntegrityException e = assertThrows(IntegrityException.class, () -> a.add(all.get(0)));
      assertEquals("UNEXPECTED_OFFSET", e.reason());
      a.add(all.get(1));
      a.add(all.get(2));
      a.commit(false);
    }
    assertArrayEquals(B, Files.readAllBytes(dest.resolve("run.sh")));
  }

  private void assertRejected(Version v, List<DownloadVersionResponse> responses, String reason)
      throws IOException {
    Path dest = tmp.resolve("bad");
    Assembler a = new Assembler(v, dest);
    try {
      IntegrityException e = assertThrows(IntegrityException.class, () -> {
        for (DownloadVersionResponse r : responses) {
          a.add(r);
        }
      });
      assertEquals(reason, e.reason(), e.getMessage());
    } finally {
      a.abort();
    }
    assertFalse(Files.exists(dest));
    assertEquals(Set.of(), TestFiles.others(tmp), "temporary directory removed");
  }

  @Test
  void corruptChunkIsRejected() throws IOException {
    List<DownloadVersionResponse> responses = new ArrayList<>(stream(A1, A2, B));
    DownloadVersionResponse second = responses.get(1);
    byte[] data = second.getChunk().getData().toByteArray();
    data[data.length - 1] ^= (byte) 0xFF;
    responses.set(1, second.toBuilder().setChunk(second.getChunk().toBuilder()
        .setData(ByteString.copyFrom(data))).build());
    Path dest = tmp.resolve("bad");
    Assembler a = new Assembler(sample(), dest);
    try {
      a.add(responses.get(0));
      assertThrows(IntegrityException.class, () -> a.add(responses.get(1)));
    } finally {
      a.abort();
    }
    assertFalse(Files.exists(dest));
    assertEquals(Set.of(), TestFiles.others(tmp));
  }

  @Test
  void chunkNotInTheManifestIsRejected() throws IOException {
    assertRejected(sample(), stream(A1, B), "UNEXPECTED_CHUNK");
  }

  @Test
  void chunkWhoseBytesDoNotMatchItsDigestIsRejected() throws IOException {
    DownloadVersionResponse r = stream(A1).get(0);
    DownloadVersionResponse lying = r.toBuilder().setChunk(r.getChunk().toBuilder()
        .setData(ByteString.copyFrom("first chunk of b".getBytes()))).build();
    assertRejected(sample(), List.of(lying), "CHUNK_DIGEST_MISMATCH");
  }

  @Test
  void fileWhoseDigestDiffersIsRejected() throws IOException {
    FileEntry f = file("x.bin", 0644, A1).toBuilder().setSha256("00".repeat(32)).build();
    assertRejected(version(f), stream(A1), "FILE_DIGEST_MISMATCH");
  }

  @Test
  void treeFormatVersionIsAssembledWithoutWholeFileHashes() throws IOException {
    Path dest = tmp.resolve("out");
    try (Assembler a = new Assembler(treeVersion(file("a/data.bin", 0640, A1, A2), file("run.sh", 0755, B)), dest)) {
      for (DownloadVersionResponse r : stream(A1, A2, B)) {
        a.add(r);
      }
      a.commit(false);
    }
    assertArrayEquals(B, Files.readAllBytes(dest.resolve("run.sh")));
  }

  @Test
  void manifestThatIsNotTheVersionsIsRejectedBeforeWriting() throws IOException {
    Version good = treeVersion(file("x.bin", 0644, A1, A2));
    Version badTree = good.toBuilder().setFiles(0, good.getFiles(0).toBuilder().setTreeDigest("00".repeat(32))).build();
    badTree = badTree.toBuilder().setDigest(Manifests.manifestDigest(badTree.getFilesList(),
        ManifestFormat.MANIFEST_FORMAT_CHUNK_TREE)).build();
    Version badDigest = good.toBuilder().setDigest("sha256:" + "00".repeat(32)).build();
    Version oldFormat = version(file("x.bin", 0644, A1, A2)).toBuilder().setDigest("sha256:" + "11".repeat(32)).build();
    for (var c : List.of(Map.entry(badTree, "TREE_DIGEST_MISMATCH"), Map.entry(badDigest, "VERSION_DIGEST_MISMATCH"),
        Map.entry(oldFormat, "VERSION_DIGEST_MISMATCH"))) {
      IntegrityException e = assertThrows(IntegrityException.class, () -> new Assembler(c.getKey(), tmp.resolve("out")));
      assertEquals(c.getValue(), e.reason(), e.getMessage());
    }
    assertEquals(Set.of(), TestFiles.others(tmp));
  }

  @Test
  void unsafePathsAreRejectedBeforeWriting() {
    for (String path : List.of("../escape", "/abs", "a/../../b", "a//b", "./a", "a/", "", "a\\b")) {
      Version v = version(file(path, 0644, A1));
      IntegrityException e = assertThrows(IntegrityException.class,
          () -> new Assembler(v, tmp.resolve("out")), path);
      assertEquals("INVALID_PATH", e.reason(), path);
    }
    assertFalse(Files.exists(tmp.resolve("escape")));
  }

  @Test
  void inconsistentManifestIsRejected() {
    FileEntry f = file("x.bin", 0644, A1).toBuilder().setSize(A1.length + 1).build();
    IntegrityException e = assertThrows(IntegrityException.class,
        () -> new Assembler(version(f), tmp.resolve("out")));
    assertEquals("INVALID_MANIFEST", e.reason());
  }

  @Test
  void commitRefusesAnExistingDestinationUnlessOverwrite() throws IOException {
    Path dest = tmp.resolve("out");
    Files.createDirectories(dest);
    Files.writeString(dest.resolve("old.txt"), "old");
    try (Assembler a = new Assembler(version(file("new.txt", 0644, B)), dest)) {
      a.add(stream(B).get(0));
      assertThrows(FileAlreadyExistsException.class, () -> a.commit(false));
      assertTrue(Files.exists(dest.resolve("old.txt")));
      a.commit(true);
    }
    assertFalse(Files.exists(dest.resolve("old.txt")));
    assertArrayEquals(B, Files.readAllBytes(dest.resolve("new.txt")));
    assertEquals(Set.of(), TestFiles.others(tmp, "out"));
  }

  @Test
  void emptyVersionCompletesAtOnce() throws IOException {
    Path dest = tmp.resolve("out");
    try (Assembler a = new Assembler(version(file("only-empty", 0600)), dest)) {
      assertTrue(a.complete());
      a.commit(false);
    }
    assertEquals(0600, TestFiles.mode(dest.resolve("only-empty")));
  }
}

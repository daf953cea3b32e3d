package dev.modelreg.client;

import com.google.protobuf.UnsafeByteOperations;
import dev.modelreg.v1.Chunk;
import dev.modelreg.v1.ChunkRef;
import dev.modelreg.v1.Codec;
import dev.modelreg.v1.CompressHint;
import dev.modelreg.v1.CreateVersionRequest;
import dev.modelreg.v1.FileEntry;
import dev.modelreg.v1.FindMissingChunksRequest;
import dev.modelreg.v1.RegistryServiceGrpc;
import dev.modelreg.v1.TransferServiceGrpc;
import dev.modelreg.v1.UploadChunksRequest;
import dev.modelreg.v1.UploadChunksResponse;
import dev.modelreg.v1.Version;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A push, as client/python/modelreg/registry.py's {@code Registry.push}: list the files (portable
 * paths), cut and hash them (FastCDC with the Python SDK's bounds, safetensors tensor edges), ask
 * the server which chunks it lacks (FindMissingChunks), upload those once each (packed into
 * ~1 MiB UploadChunks messages, compressed as the policy decides) and commit the manifest with
 * CreateVersion under one request id. Interrupted uploads and commits are retried, asking again
 * what is missing, so nothing is sent twice and a commit counts once.
 */
final class Pusher {
  /** Digests per FindMissingChunks request (the server's limit). */
  static final int FIND_MISSING_BATCH = 10_000;
  /** Chunks are packed into upload messages of about this many payload bytes. */
  static final int MESSAGE_BYTES = 1024 * 1024;
  static final int WORKERS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  /** CompressHint of a raw chunk by its float width (transfer.py HINTS). */
  private static final Map<Integer, CompressHint> HINTS = Map.of(
      4, CompressHint.COMPRESS_HINT_FLOAT32, 2, CompressHint.COMPRESS_HINT_FLOAT16);

  /** A file to push: its portable path, where it is, its size, permission bits and chunks. */
  static final class LocalFile {
    final String path;
    final Path source;
    final long size;
    final int mode;
    List<Chunker.Chunk> chunks = List.of();
    List<Safetensors.FloatRange> floats = List.of();

    LocalFile(String path, Path source, long size, int mode) {
      this.path = path;
      this.source = source;
      this.size = size;
      this.mode = mode;
    }

    /** The file as a manifest format 2 push names it: by its chunk list. */
    FileEntry entry() {
      List<ChunkRef> refs = new ArrayList<>(chunks.size());
      for (Chunker.Chunk c : chunks) {
        refs.add(ChunkRef.newBuilder().setDigest(c.digest()).setSize(c.size()).build());
      }
      return FileEntry.newBuilder().setPath(path).setSize(size).setMode(mode)
          .setTreeDigest(Manifests.treeDigest(refs)).addAllChunks(refs).build();
    }
  }

  private final RegistryServiceGrpc.RegistryServiceBlockingStub registry;
  private final TransferServiceGrpc.TransferServiceBlockingStub transfer;
  private final TransferServiceGrpc.TransferServiceStub transferAsync;
  private final long timeoutMillis;
  private final Runnable beforeRetry;

  Pusher(RegistryServiceGrpc.RegistryServiceBlockingStub registry,
      TransferServiceGrpc.TransferServiceBlockingStub transfer,
      TransferServiceGrpc.TransferServiceStub transferAsync, long timeoutMillis) {
    this(registry, transfer, transferAsync, timeoutMillis, null);
  }

  Pusher(RegistryServiceGrpc.RegistryServiceBlockingStub registry,
      TransferServiceGrpc.TransferServiceBlockingStub transfer,
      TransferServiceGrpc.TransferServiceStub transferAsync, long timeoutMillis,
      Runnable beforeRetry) {
    this.beforeRetry = beforeRetry;
    this.registry = registry;
    this.transfer = transfer;
    this.transferAsync = transferAsync;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Regular files under root (symlinks to files are followed, directory symlinks are not), sorted
   * by path bytes; a file root is pushed as one file named by its last segment. Throws
   * InvalidArgumentException (INVALID_PATH, DUPLICATE_PATH, PATH_COLLISION) before anything is
   * read or sent unless every path is portable (docs/paths.md).
   */
  static List<LocalFile> listFiles(Path root) throws IOException {
    List<LocalFile> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      if (!Files.isRegularFile(root)) {
        throw new NoSuchFileException(root.toString(), null, "not a file or directory");
      }
      found.add(local(root.getFileName().toString(), root));
      return portable(root, found);
    }
    Path base = root.toRealPath(); // a symlink to a directory is walked as the directory
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(base) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
          continue; // a directory symlink: not followed
        }
        PosixFileAttributes attributes = Files.readAttributes(p, PosixFileAttributes.class);
        if (!attributes.isRegularFile()) {
          continue;
        }
        StringBuilder rel = new StringBuilder();
        for (Path segment : base.relativize(p)) {
          rel.append(rel.length() == 0 ? "" : "/").append(segment);
        }
        found.add(local(rel.toString(), p));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    found.sort(Comparator.comparing((LocalFile f) -> f.path.getBytes(StandardCharsets.UTF_8),
        Arrays::compareUnsigned));
    return portable(root, found);
  }

  private static LocalFile local(String path, Path source) throws IOException {
    PosixFileAttributes a = Files.readAttributes(source, PosixFileAttributes.class);
    int mode = 0;
    for (PosixFilePermission perm : a.permissions()) {
      mode |= 1 << (8 - perm.ordinal());
    }
    return new LocalFile(path, source, a.size(), mode);
  }

  private static List<LocalFile> portable(Path root, List<LocalFile> files) {
    try {
      PortablePaths.checkAll(files.stream().map(f -> f.path).toList());
    } catch (PortablePaths.PathException e) {
      Map<String, String> metadata = e.other.isEmpty()
          ? Map.of("path", e.path) : Map.of("path", e.path, "other", e.other);
      throw new InvalidArgumentException("cannot push " + root + ": " + e.getMessage(), e.reason,
          "", metadata, null);
    }
    return files;
  }

  /** Adds up bytes done (from several threads) and reports them. */
  private static final class Counter {
    private final String phase;
    private final long total;
    private final PushProgress progress;
    private long done;

    Counter(String phase, long total, PushProgress progress) {
      this.phase = phase;
      this.total = total;
      this.progress = progress;
      if (progress != null) {
        progress.progress(phase, 0, total);
      }
    }

    synchronized long done() {
      return done;
    }

    synchronized void add(long n) {
      done += n;
      if (progress != null) {
        progress.progress(phase, done, total);
      }
    }
  }

  /** Cuts and hashes every file (WORKERS at a time), with their safetensors boundaries. */
  static void scan(List<LocalFile> files, PushProgress progress) throws IOException {
    Counter counter = new Counter("scan", files.stream().mapToLong(f -> f.size).sum(), progress);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS, daemon("modelreg-scan"));
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (LocalFile f : files) {
        jobs.add(pool.submit(() -> {
          Safetensors.Layout layout = f.path.endsWith(".safetensors")
              ? Safetensors.layout(f.source) : null;
          f.chunks = Chunker.scan(f.source, Safetensors.boundaries(layout), counter::add);
          f.floats = Safetensors.floats(layout);
          return null;
        }));
      }
      for (Future<?> job : jobs) {
        await(job);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T await(Future<T> job) throws IOException {
    try {
      return job.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  Version push(String model, Path root, PushOptions options) throws IOException {
    String mode = options.compress();
    if (mode == null) {
      String env = System.getenv("MODELREG_COMPRESS");
      mode = env == null || env.isEmpty() ? "auto" : env;
    }
    CompressPolicy policy = new CompressPolicy(mode, WORKERS);
    List<LocalFile> files = listFiles(root);
    scan(files, options.onProgress());
    CreateVersionRequest.Builder request = CreateVersionRequest.newBuilder()
        .setModelId(model).setDescription(options.description())
        .putAllTags(options.tags()).putAllMetrics(options.metrics()).putAllParams(options.params())
        .addAllAliases(options.aliases())
        .setRequestId(UUID.randomUUID().toString().replace("-", ""));
    for (LocalFile f : files) {
      request.addFiles(f.entry());
    }
    CreateVersionRequest commit = request.build();
    // docs/clients.md 4: resumed until attempts failures in a row without progress; the same
    // request id makes a commit that did happen count once.
    int failures = 0;
    while (true) {
      long[] sent = {0};
      ModelregException error;
      try {
        uploadMissing(files, options.onProgress(), policy, sent);
        return unary(RegistryServiceGrpc.getCreateVersionMethod(),
            () -> registry.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                .createVersion(commit).getVersion());
      } catch (FailedPreconditionException e) {
        if (!e.reason().equals("CHUNKS_MISSING")) {
          throw e;
        }
        error = e;
      } catch (Resumable e) {
        error = e.error;
      }
      failures = sent[0] > 0 ? 1 : failures + 1;
      if (failures >= options.attempts()) {
        throw error;
      }
      sleep(RetryPolicy.delayMillis(failures - 1, error));
      if (beforeRetry != null) {
        beforeRetry.run();
      }
    }
  }

  /** An upload stream cut by the transport: resumed by {@link #push}. */
  private static final class Resumable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ModelregException error;

    Resumable(ModelregException error) {
      super(error.getMessage(), error, false, false);
      this.error = error;
    }
  }

  /** Uploads what the server lacks; {@code sent[0]}: the raw bytes uploaded. */
  private void uploadMissing(List<LocalFile> files, PushProgress progress, CompressPolicy policy,
      long[] sent) throws IOException {
    LinkedHashSet<String> digests = new LinkedHashSet<>();
    Map<String, Integer> sizes = new HashMap<>();
    for (LocalFile f : files) {
      for (Chunker.Chunk c : f.chunks) {
        digests.add(c.digest());
        sizes.put(c.digest(), c.size());
      }
    }
    Set<String> missing = findMissing(new ArrayList<>(digests));
    Counter uploaded = new Counter("upload",
        missing.stream().mapToLong(sizes::get).sum(), progress);
    try {
      if (!missing.isEmpty()) {
        upload(files, missing, uploaded, policy);
      }
    } catch (InvalidArgumentException e) {
      if (!e.reason().equals("CHUNK_DIGEST_MISMATCH")) {
        throw e;
      }
      // Chunks are not hashed twice here: the server's check is the one that sees a file that
      // changed since it was scanned.
      String digest = e.metadata().getOrDefault("digest", "");
      String source = files.stream()
          .filter(f -> f.chunks.stream().anyMatch(c -> c.digest().equals(digest)))
          .map(f -> f.source.toString()).findFirst().orElse("a file");
      throw new IntegrityException(source + " changed while it was being pushed",
          "CHUNK_DIGEST_MISMATCH", e.metadata());
    } catch (ModelregException e) {
      if (RetryPolicy.callerCancelled() || !RetryPolicy.resumable(e)) {
        throw e;
      }
      throw new Resumable(e);
    } finally {
      sent[0] = uploaded.done();
    }
  }

  /** The digests the server lacks, asked FIND_MISSING_BATCH at a time. */
  Set<String> findMissing(List<String> digests) throws IOException {
    Set<String> missing = new HashSet<>();
    for (int i = 0; i < digests.size(); i += FIND_MISSING_BATCH) {
      FindMissingChunksRequest request = FindMissingChunksRequest.newBuilder()
          .addAllDigests(digests.subList(i, Math.min(digests.size(), i + FIND_MISSING_BATCH)))
          .build();
      missing.addAll(unary(TransferServiceGrpc.getFindMissingChunksMethod(),
          () -> transfer.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
              .findMissingChunks(request).getMissingDigestsList()));
    }
    return missing;
  }

  /** One unary call of {@code method} by the retry policy (docs/clients.md 4): UNAVAILABLE, 8 attempts. */
  private <T> T unary(MethodDescriptor<?, ?> method, java.util.function.Supplier<T> call) {
    return RetryPolicy.unary(method, call, beforeRetry);
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  /** A missing chunk to send: its file, digest, size and offset. */
  private record Wanted(LocalFile file, Chunker.Chunk chunk) {}

  /** Each missing chunk once, in file order and by offset within a file. */
  static List<Wanted> wanted(List<LocalFile> files, Set<String> missing) {
    Set<String> seen = new HashSet<>();
    List<Wanted> out = new ArrayList<>();
    for (LocalFile f : files) {
      List<Chunker.Chunk> chunks = new ArrayList<>(f.chunks);
      chunks.sort(Comparator.comparingLong(Chunker.Chunk::offset));
      for (Chunker.Chunk c : chunks) {
        if (missing.contains(c.digest()) && seen.add(c.digest())) {
          out.add(new Wanted(f, c));
        }
      }
    }
    return out;
  }

  /**
   * Streams the missing chunks: files read in order on this thread, chunks encoded (or not: the
   * policy decides) on WORKERS threads, at most 2 x WORKERS in flight, packed into messages of
   * about MESSAGE_BYTES, each sent when flow control lets it go.
   */
  private void upload(List<LocalFile> files, Set<String> missing, Counter progress,
      CompressPolicy policy) throws IOException {
    List<Wanted> wanted = wanted(files, missing);
    UploadCall upload = new UploadCall();
    transferAsync.uploadChunks(upload);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS, daemon("modelreg-encode"));
    boolean sent = false;
    try {
      Deque<Future<Chunk>> pending = new ArrayDeque<>();
      List<Chunk> batch = new ArrayList<>();
      long batchBytes = 0;
      long offered = 0;
      long index = 0;
      FileChannel channel = null;
      LocalFile open = null;
      int next = 0;
      while (next < wanted.size() || !pending.isEmpty()) {
        while (next < wanted.size() && pending.size() < 2 * WORKERS) {
          Wanted w = wanted.get(next++);
          if (w.file() != open) {
            if (channel != null) {
              channel.close();
            }
            open = w.file();
            channel = FileChannel.open(open.source, StandardOpenOption.READ);
          }
          byte[] raw = read(channel, w);
          offered += raw.length;
          boolean encode = policy.wants(index++, offered);
          LocalFile file = w.file();
          Chunker.Chunk c = w.chunk();
          pending.add(pool.submit(() -> chunk(file, c, raw, encode, policy)));
        }
        if (next >= wanted.size() && channel != null) {
          channel.close();
          channel = null;
        }
        Chunk chunk = await(pending.poll());
        if (!batch.isEmpty() && batchBytes + chunk.getData().size() > MESSAGE_BYTES) {
          upload.send(batch, policy, progress);
          batch = new ArrayList<>();
          batchBytes = 0;
        }
        batch.add(chunk);
        batchBytes += chunk.getData().size();
      }
      if (!batch.isEmpty()) {
        upload.send(batch, policy, progress);
      }
      upload.finish();
      sent = true;
    } finally {
      pool.shutdownNow();
      if (!sent) {
        upload.cancel();
      }
    }
  }

  private static byte[] read(FileChannel channel, Wanted w) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(w.chunk().size());
    long position = w.chunk().offset();
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new IntegrityException(w.file().source + " changed while it was being pushed",
            "FILE_CHANGED");
      }
      position += n;
    }
    return buffer.array();
  }

  private static Chunk chunk(LocalFile f, Chunker.Chunk c, byte[] raw, boolean encode,
      CompressPolicy policy) {
    Integer width = Safetensors.floatWidth(f.floats, c.offset(), c.size());
    // unsafeWrap: no copy; nothing writes these arrays after they were read or encoded.
    Chunk.Builder b = Chunk.newBuilder().setDigest(c.digest()).setRawSize(c.size());
    if (encode) {
      long began = System.nanoTime();
      ChunkCodec.Encoded e = ChunkCodec.encode(raw, width);
      policy.encoded(c.size(), e.payload().length, (System.nanoTime() - began) / 1e9);
      // Encoded, or found incompressible: left as it is at rest.
      return b.setCodec(e.codec()).setData(UnsafeByteOperations.unsafeWrap(e.payload()))
          .setCompressHint(CompressHint.COMPRESS_HINT_UNSPECIFIED).build();
    }
    CompressHint hint = width == null ? CompressHint.COMPRESS_HINT_GUESS
        : HINTS.getOrDefault(width, CompressHint.COMPRESS_HINT_GUESS);
    return b.setCodec(Codec.CODEC_NONE).setData(UnsafeByteOperations.unsafeWrap(raw)).setCompressHint(hint)
        .build();
  }

  /** The UploadChunks call: messages go out only when flow control is ready for them. */
  private static final class UploadCall
      implements ClientResponseObserver<UploadChunksRequest, UploadChunksResponse> {
    private ClientCallStreamObserver<UploadChunksRequest> call;
    private boolean done;
    private Throwable error;

    @Override
    public void beforeStart(ClientCallStreamObserver<UploadChunksRequest> call) {
      this.call = call;
      call.setOnReadyHandler(this::wake);
    }

    private synchronized void wake() {
      notifyAll();
    }

    @Override
    public void onNext(UploadChunksResponse response) {}

    @Override
    public synchronized void onError(Throwable t) {
      error = t;
      done = true;
      notifyAll();
    }

    @Override
    public synchronized void onCompleted() {
      done = true;
      notifyAll();
    }

    /** Waits until the call can take a message (or ended); returns the seconds waited. */
    private synchronized double awaitReady() throws IOException {
      long began = System.nanoTime();
      try {
        while (!done && !call.isReady()) {
          wait(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while uploading");
      }
      if (error != null) {
        throw ModelregException.from(error);
      }
      if (done) {
        throw new InternalException("the server ended the upload early", "", "", Map.of(), null);
      }
      return (System.nanoTime() - began) / 1e9;
    }

    void send(List<Chunk> batch, CompressPolicy policy, Counter progress) throws IOException {
      awaitReady();
      long raw = 0;
      long wire = 0;
      long rawWire = 0;
      for (Chunk c : batch) {
        raw += c.getRawSize();
        wire += c.getData().size();
        if (c.getCodec() == Codec.CODEC_NONE) {
          rawWire += c.getData().size();
        }
      }
      call.onNext(UploadChunksRequest.newBuilder().addAllChunks(batch).build());
      // The time flow control holds the next message is the time the link needed for this one.
      double held = awaitReady();
      policy.delivered(raw, wire, held, rawWire * 2 < wire);
      progress.add(raw);
    }

    /** Half-closes and waits for the server's answer, throwing what it refused. */
    synchronized void finish() throws IOException {
      call.onCompleted();
      try {
        while (!done) {
          wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        call.cancel("interrupted", e);
        throw new InterruptedIOException("interrupted while uploading");
      }
      if (error != null) {
        throw ModelregException.from(error);
      }
    }

    void cancel() {
      if (call != null) {
        call.cancel("push stopped", null);
      }
    }
  }
}

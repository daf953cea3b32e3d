package dev.modelreg.client;

import dev.modelreg.v1.DownloadVersionRequest;
import dev.modelreg.v1.DownloadVersionResponse;
import dev.modelreg.v1.EventServiceGrpc;
import dev.modelreg.v1.GetEventHeadRequest;
import dev.modelreg.v1.GetVersionRequest;
import dev.modelreg.v1.ListModelsRequest;
import dev.modelreg.v1.ListModelsResponse;
import dev.modelreg.v1.ListVersionsRequest;
import dev.modelreg.v1.ListVersionsResponse;
import dev.modelreg.v1.Model;
import dev.modelreg.v1.RegistryServiceGrpc;
import dev.modelreg.v1.TransferServiceGrpc;
import dev.modelreg.v1.Version;
import dev.modelreg.v1.VersionView;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A connection to a modelreg server.
 *
 * <pre>{@code
 * try (ModelregClient client = ModelregClient.builder().address("127.0.0.1:50051").build()) {
 *   Version v = client.resolve("sentiment:production");
 *   client.pull("sentiment:production", Path.of("deployed"));
 *   client.push("sentiment", Path.of("model-dir"), PushOptions.builder().aliases("staging").build());
 * }
 * }</pre>
 *
 * <p>Failed calls throw a {@link ModelregException} subclass chosen by the gRPC status code
 * ({@link NotFoundException}, {@link InvalidArgumentException}, {@link ConflictException} ...)
 * carrying the server's ErrorInfo reason and metadata; downloaded bytes that do not match their
 * digests throw {@link IntegrityException}. For RPCs this layer does not wrap, use the generated
 * stubs from {@link #registry()}, {@link #transfer()} and {@link #events()}, which share the
 * connection and credentials.
 */
public final class ModelregClient implements AutoCloseable {
  /** As {@link #listVersions}' model: every model the caller may read (the API's {@code models/-}). */
  public static final String ALL_MODELS = "models/-";

  /**
   * This client's version: the pom's, and the same number as the Python, Go and TypeScript
   * clients' (tests/test_client_versions.py checks that they agree).
   */
  public static final String VERSION = "0.1.0";

  /**
   * Sent first in the gRPC user agent (grpc-java appends its own); the server counts calls by
   * it ({@code modelreg_grpc_server_client_calls_total} on its /metrics).
   */
  public static final String USER_AGENT = "modelreg-java/" + VERSION;

  /** The address used when neither the builder nor MODELREG_SERVER names one. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:50051";

  /**
   * The {@code max_message_bytes} a pull asks for: the server packs consecutive chunks into
   * download messages of up to about this many bytes.
   */
  public static final int MESSAGE_BYTES = 1024 * 1024;

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final Channel calls;
  private final Duration timeout;
  private final int pullAttempts;
  private final String address;
  private final Settings settings;

  private ModelregClient(Builder b) throws IOException {
    this(b, Settings.resolve(System.getenv(), b.options));
  }

  private ModelregClient(Builder b, Settings settings) throws IOException {
    this.settings = settings;
    this.address = settings.server();
    ChannelCredentials credentials;
    if (settings.tls()) {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (!settings.tlsCa().isEmpty()) {
        tls.trustManager(Path.of(settings.tlsCa()).toFile());
      }
      if (!settings.tlsCert().isEmpty()) {
        tls.keyManager(Path.of(settings.tlsCert()).toFile(), Path.of(settings.tlsKey()).toFile());
      }
      credentials = tls.build();
    } else {
      credentials = InsecureChannelCredentials.create();
    }
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(address, credentials)
        .maxInboundMessageSize(b.maxMessageSize)
        .userAgent(USER_AGENT);
    if (b.authority != null) {
      builder.overrideAuthority(b.authority);
    }
    this.channel = builder.build();
    this.calls = settings.token().isEmpty()
        ? channel
        : ClientInterceptors.intercept(channel, new BearerToken(settings.token()));
    this.timeout = b.timeout;
    this.pullAttempts = b.pullAttempts;
  }

  /** A builder for the address in MODELREG_SERVER, or {@value #DEFAULT_ADDRESS}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for {@code address} ({@code host:port} or any gRPC target). */
  public static Builder builder(String address) {
    return new Builder().address(address);
  }

  /** The server address this client talks to. */
  public String address() {
    return address;
  }

  /** The settings this client was made with (docs/clients.md 1). */
  public Settings settings() {
    return settings;
  }

  /** The underlying channel (without the bearer-token interceptor). */
  public ManagedChannel channel() {
    return channel;
  }

  /** A blocking RegistryService stub on this connection, with its credentials and no deadline. */
  public RegistryServiceGrpc.RegistryServiceBlockingStub registry() {
    return RegistryServiceGrpc.newBlockingStub(calls);
  }

  /** A blocking TransferService stub on this connection. */
  public TransferServiceGrpc.TransferServiceBlockingStub transfer() {
    return TransferServiceGrpc.newBlockingStub(calls);
  }

  /** A blocking EventService stub on this connection. */
  public EventServiceGrpc.EventServiceBlockingStub events() {
    return EventServiceGrpc.newBlockingStub(calls);
  }

  /** One unary call of {@code method} by the retry policy (docs/clients.md 4). */
  private <T> T unary(MethodDescriptor<?, ?> method, java.util.function.Supplier<T> call) {
    return RetryPolicy.unary(method, call, channel::resetConnectBackoff);
  }

  private <T extends io.grpc.stub.AbstractStub<T>> T deadline(T stub) {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Returns the version a reference points at, without its file manifest: {@code m:v3},
   * {@code m:3}, {@code m:latest}, {@code m:production}, {@code m@sha256:<digest>} or
   * {@code models/m/versions/3}.
   *
   * @throws NotFoundException MODEL_NOT_FOUND, VERSION_NOT_FOUND, ALIAS_NOT_FOUND
   * @throws InvalidArgumentException INVALID_REFERENCE
   */
  public Version resolve(String reference) {
    return getVersion(reference, false);
  }

  /** Returns a version, with its file manifest when {@code files}. */
  public Version getVersion(String reference, boolean files) {
    GetVersionRequest request = GetVersionRequest.newBuilder()
        .setName(reference)
        .setView(files ? VersionView.VERSION_VIEW_FULL : VersionView.VERSION_VIEW_BASIC)
        .build();
    try {
      return unary(RegistryServiceGrpc.getGetVersionMethod(), () -> deadline(registry()).getVersion(request).getVersion());
    } catch (RuntimeException e) {
      throw ModelregException.from(e);
    }
  }

  /** The highest event sequence committed. */
  public long eventHead() {
    try {
      return unary(EventServiceGrpc.getGetEventHeadMethod(), () -> deadline(events())
          .getEventHead(GetEventHeadRequest.getDefaultInstance()).getHeadSequence());
    } catch (RuntimeException e) {
      throw ModelregException.from(e);
    }
  }

  /**
   * Downloads a version into {@code dest}, which must not exist. See {@link #pull(String, Path,
   * boolean, LongConsumer)}.
   */
  public Version pull(String reference, Path dest) throws IOException {
    return pull(reference, dest, false, null);
  }

  /**
   * Downloads a version into {@code dest} and returns it.
   *
   * <p>The manifest is read with GetVersion (FULL view) and the content streamed with
   * DownloadVersion by the version's canonical name, so a moving alias cannot switch versions
   * mid-download. Every chunk is decoded with a bound of its declared size and checked against its
   * digest, every file against its sha256; files get their POSIX permission bits. Everything is
   * written into a temporary directory beside {@code dest} that is moved into place only when
   * complete; on any failure it is removed and {@code dest} is left as it was. A stream cut by a
   * transport error resumes from the end of the last verified chunk.
   *
   * @param overwrite replace an existing {@code dest} (swapped out only after the download)
   * @param onProgress called with the number of verified bytes so far; may be null
   * @throws FileAlreadyExistsException if {@code dest} exists and not {@code overwrite}
   * @throws IntegrityException if downloaded bytes do not match their digests
   * @throws ModelregException for refused calls, e.g. {@link NotFoundException}
   */
  public Version pull(String reference, Path dest, boolean overwrite, LongConsumer onProgress)
      throws IOException {
    Objects.requireNonNull(dest, "dest");
    if (!overwrite && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(dest.toString(), null,
          "destination exists; pass overwrite to replace it");
    }
    Version version = getVersion(reference, true);
    try (Assembler assembler = new Assembler(version, dest)) {
      int failures = 0;
      while (!assembler.complete()) {
        DownloadVersionRequest request = DownloadVersionRequest.newBuilder()
            .setName(version.getName())
            .setOffset(assembler.offset())
            .setMaxMessageBytes(MESSAGE_BYTES)
            .build();
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
          Iterator<DownloadVersionResponse> stream = transfer().downloadVersion(request);
          while (stream.hasNext()) {
            assembler.add(stream.next());
            failures = 0; // progress: a run of failures starts over
            if (onProgress != null) {
              onProgress.accept(assembler.offset());
            }
          }
          if (!assembler.complete()) {
            throw new IntegrityException("stream ended at byte " + assembler.offset() + " of "
                + assembler.total(), "INCOMPLETE");
          }
        } catch (io.grpc.StatusRuntimeException e) {
          ModelregException error = ModelregException.from(e);
          if (RetryPolicy.callerCancelled() || !RetryPolicy.resumable(error)
              || failures + 1 >= pullAttempts) {
            throw error;
          }
          sleep(RetryPolicy.delayMillis(failures, error));
          failures++;
          channel.resetConnectBackoff();
        } finally {
          context.detach(previous);
          context.cancel(null);
        }
      }
      assembler.commit(overwrite);
    }
    return version;
  }

  /**
   * Pushes a file or directory as a new version of {@code model} (created if needed), with no
   * aliases, metrics or tags. See {@link #push(String, Path, PushOptions)}.
   */
  public Version push(String model, Path path) throws IOException {
    return push(model, path, PushOptions.defaults());
  }

  /**
   * Pushes a file or directory as a new version of {@code model} and returns the version.
   *
   * <p>As the Python SDK's push, byte for byte: files are cut with FastCDC 2020 (256 KiB .. 4 MiB,
   * ~1 MiB average; a safetensors file also at its header end and tensor edges) and each chunk
   * named by its sha256, so the chunks and the version digest are the ones every other client
   * computes for the same directory. Only the chunks the server lacks (FindMissingChunks) are
   * uploaded, each once, compressed or not as {@link PushOptions.Builder#compress} decides; then
   * the manifest (format 2) is committed with CreateVersion under one request id. A push
   * interrupted by transport trouble is retried ({@link PushOptions#attempts()}), asking again
   * what is missing, and so is a commit refused with CHUNKS_MISSING; a push that failed or was
   * stopped (its progress callback threw) and is run again uploads only what is still missing.
   *
   * @throws InvalidArgumentException INVALID_PATH, DUPLICATE_PATH or PATH_COLLISION (metadata
   *     {@code path}, {@code other}) before anything is read or sent, when a path is not portable
   *     (docs/paths.md); the server's refusals (INVALID_MODEL_ID, INVALID_ALIAS, INVALID_METRIC ...)
   * @throws IntegrityException CHUNK_DIGEST_MISMATCH / FILE_CHANGED: a file changed while it was
   *     being pushed
   * @throws java.nio.file.NoSuchFileException if {@code path} is not a file or directory
   */
  public Version push(String model, Path path, PushOptions options) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(path, "path");
    Pusher pusher = new Pusher(registry(), transfer(), TransferServiceGrpc.newStub(calls),
        timeout.toMillis(), channel::resetConnectBackoff);
    return pusher.push(model, path, options == null ? PushOptions.defaults() : options);
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to resume");
    }
  }

  /**
   * Watches the events matching {@code filter} after sequence {@code after} ({@code null}: from
   * now on). The returned {@link Watch} reconnects after any disconnect or server restart,
   * resuming after the last event it received; close it to stop.
   */
  public Watch watch(WatchFilter filter, Long after) {
    return watch(filter, after, true);
  }

  /** Like {@link #watch(WatchFilter, Long)}; without {@code reconnect} a disconnect ends it. */
  public Watch watch(WatchFilter filter, Long after, boolean reconnect) {
    return new Watch(channel, EventServiceGrpc.newStub(calls), EventServiceGrpc.newBlockingStub(calls),
        filter == null ? WatchFilter.all() : filter, after, reconnect, timeout.toMillis());
  }

  /**
   * The models matching {@code options}' filter, in its order (default: by name). The stream is
   * lazy: pages are fetched as it is consumed, so {@code limit(n)} fetches no more than needed.
   *
   * @throws InvalidArgumentException INVALID_FILTER (metadata {@code position}, {@code expected}),
   *     INVALID_ORDER_BY ... when the stream is consumed
   */
  public Stream<Model> listModels(ListOptions options) {
    ListModelsRequest.Builder request = ListModelsRequest.newBuilder()
        .setFilter(options.filter()).setOrderBy(options.orderBy()).setPageSize(options.pageSize());
    return pages(token -> {
      ListModelsRequest r = request.setPageToken(token).build();
      ListModelsResponse page = unary(RegistryServiceGrpc.getListModelsMethod(),
          () -> deadline(registry()).listModels(r));
      return new Page<>(page.getModelsList(), page.getNextPageToken());
    });
  }

  /**
   * A model's versions matching {@code options}' filter, in its order (default: newest first),
   * as a lazy stream; model {@link #ALL_MODELS} searches every model, as {@link #searchVersions}.
   */
  public Stream<Version> listVersions(String model, ListOptions options) {
    ListVersionsRequest.Builder request = ListVersionsRequest.newBuilder()
        .setParent(model).setFilter(options.filter()).setOrderBy(options.orderBy())
        .setPageSize(options.pageSize())
        .setView(options.files() ? VersionView.VERSION_VIEW_FULL : VersionView.VERSION_VIEW_BASIC);
    return pages(token -> {
      ListVersionsRequest r = request.setPageToken(token).build();
      ListVersionsResponse page = unary(RegistryServiceGrpc.getListVersionsMethod(),
          () -> deadline(registry()).listVersions(r));
      return new Page<>(page.getVersionsList(), page.getNextPageToken());
    });
  }

  /**
   * The versions of every model the caller may read that match {@code options}' filter, in its
   * order (default: newest {@code create_time} first), as a lazy stream:
   *
   * <pre>{@code
   * client.searchVersions(ListOptions.builder()
   *     .filter("metrics.f1 > 0.9 AND tags.team = \"nlp\"").orderBy("metrics.f1 desc").build())
   *     .limit(10).forEach(v -> System.out.println(v.getModel() + ":" + v.getNumber()));
   * }</pre>
   */
  public Stream<Version> searchVersions(ListOptions options) {
    return listVersions(ALL_MODELS, options);
  }

  private record Page<T>(List<T> items, String next) {}

  /** A lazy stream over the pages {@code fetch} returns for each page token ("" first). */
  private static <T> Stream<T> pages(Function<String, Page<T>> fetch) {
    Iterator<T> items = new Iterator<>() {
      private Iterator<T> page = List.<T>of().iterator();
      private String token = "";
      private boolean last;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !last) {
          Page<T> next;
          try {
            next = fetch.apply(token);
          } catch (RuntimeException e) {
            throw ModelregException.from(e);
          }
          page = next.items().iterator();
          token = next.next();
          last = token.isEmpty();
        }
        return page.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items,
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Closes the connection, waiting up to 5 seconds for calls in flight. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Sends {@code authorization: Bearer <token>} with every call. */
  private static final class BearerToken implements ClientInterceptor {
    private final String value;

    BearerToken(String token) {
      this.value = "Bearer " + token;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          headers.put(AUTHORIZATION, value);
          super.start(listener, headers);
        }
      };
    }
  }

  /**
   * Configures a {@link ModelregClient}. What is not set here comes from the environment
   * ({@code MODELREG_SERVER}, {@code MODELREG_TOKEN}, {@code MODELREG_TLS},
   * {@code MODELREG_TLS_CA}, {@code MODELREG_TLS_CERT}, {@code MODELREG_TLS_KEY}) when the client
   * is built, by {@link Settings#resolve}.
   */
  public static final class Builder {
    private final ClientOptions options = new ClientOptions();
    private String authority;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxMessageSize = 64 * 1024 * 1024;
    private int pullAttempts = RetryPolicy.ATTEMPTS;

    private Builder() {}

    /** The server, {@code host:port}; default MODELREG_SERVER, else {@value #DEFAULT_ADDRESS}. */
    public Builder address(String address) {
      options.server(Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Sends {@code authorization: Bearer <token>} metadata with every call; null: MODELREG_TOKEN. */
    public Builder token(String token) {
      options.token(token);
      return this;
    }

    /** Connects with TLS, trusting the CA certificate(s) in this PEM file. */
    public Builder tls(Path caFile) {
      options.tlsCa(Objects.requireNonNull(caFile, "caFile").toString()).plaintext(false);
      return this;
    }

    /** Connects with TLS, trusting the system's CA certificates. */
    public Builder tls() {
      options.tls(true).plaintext(false);
      return this;
    }

    /** Presents a client certificate (mutual TLS): PEM chain and PKCS#8 PEM key. */
    public Builder clientCertificate(Path certChain, Path privateKey) {
      options.tlsCert(Objects.requireNonNull(certChain, "certChain").toString())
          .tlsKey(Objects.requireNonNull(privateKey, "privateKey").toString()).plaintext(false);
      return this;
    }

    /** Connects without TLS, whatever the environment says. */
    public Builder plaintext() {
      options.tls(false).tlsCa(null).tlsCert(null).tlsKey(null).plaintext(true);
      return this;
    }

    /**
     * Sends the token without TLS even to a server off loopback: only on a trusted network. (Not
     * an environment variable on purpose: leaking a token takes a change to the code.)
     */
    public Builder allowPlaintextToken(boolean allow) {
      options.allowPlaintextToken(allow);
      return this;
    }

    /** The authority (TLS server name) to use instead of the address's host. */
    public Builder authority(String authority) {
      this.authority = authority;
      return this;
    }

    /** Deadline of each unary call; default 60 seconds. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Largest message accepted from the server; default 64 MiB (a chunk is at most 16 MiB). */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /**
     * How many transport failures in a row without progress a pull survives by resuming;
     * default 8 (docs/clients.md 4).
     */
    public Builder pullAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
      this.pullAttempts = attempts;
      return this;
    }

    /**
     * Creates the client from these options and the process environment; the connection is made
     * lazily, on the first call.
     *
     * @throws InvalidArgumentException INCOMPLETE_CLIENT_CERTIFICATE
     * @throws FailedPreconditionException PLAINTEXT_TOKEN: a token without TLS off loopback
     */
    public ModelregClient build() throws IOException {
      return new ModelregClient(this);
    }

    /** Like {@link #build()}, with {@code env} in place of the process environment. */
    public ModelregClient build(java.util.Map<String, String> env) throws IOException {
      return new ModelregClient(this, Settings.resolve(env, options));
    }

    /** Settings merged with an options object (the conformance runner's "connect"). */
    public Builder options(ClientOptions given) {
      ClientOptions o = given.copy();
      options.server = o.server;
      options.token = o.token;
      options.tls = o.tls;
      options.tlsCa = o.tlsCa;
      options.tlsCert = o.tlsCert;
      options.tlsKey = o.tlsKey;
      options.allowPlaintextToken = o.allowPlaintextToken;
      options.plaintext = o.plaintext;
      return this;
    }
  }
}

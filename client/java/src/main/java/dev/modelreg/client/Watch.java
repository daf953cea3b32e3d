package dev.modelreg.client;

import com.google.protobuf.Duration;
import dev.modelreg.v1.Event;
import dev.modelreg.v1.EventServiceGrpc;
import dev.modelreg.v1.GetEventHeadRequest;
import dev.modelreg.v1.WatchRequest;
import dev.modelreg.v1.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live, resumable stream of registry events: a blocking iterator (for one consuming thread)
 * that can be closed from any thread.
 *
 * <p>The watch reconnects by itself after a disconnect or a server restart, resuming after the
 * last event it received (or the last head the server confirmed), so no event is lost or repeated.
 * A watch started without a cursor asks the server for its head first, so every event committed
 * after {@link ModelregClient#watch} returns is delivered. Errors that a reconnect cannot cure
 * (e.g. OUT_OF_RANGE / CURSOR_COMPACTED) end the iteration by throwing them.
 *
 * <pre>{@code
 * try (Watch w = client.watch(WatchFilter.builder().models("m").types("ALIAS_SET").build(), null)) {
 *   for (Event e : w) { ... }   // or w.poll(Duration.ofSeconds(5))
 * }
 * }</pre>
 */
public final class Watch implements Iterator<Event>, Iterable<Event>, AutoCloseable {
  private static final Object CLOSED = new Object();

  private final ManagedChannel channel;
  private final EventServiceGrpc.EventServiceStub stub;
  private final EventServiceGrpc.EventServiceBlockingStub blocking;
  private final WatchFilter filter;
  private final boolean reconnect;
  private final long headTimeoutMs;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService scheduler;

  private final Object lock = new Object();
  private volatile Long cursor;
  private volatile boolean closed;
  private ClientCallStreamObserver<WatchRequest> current;
  private int failures;
  private Event pending;
  private Object terminal;

  Watch(ManagedChannel channel, EventServiceGrpc.EventServiceStub stub,
      EventServiceGrpc.EventServiceBlockingStub blocking, WatchFilter filter, Long after,
      boolean reconnect, long headTimeoutMs) {
    this.channel = channel;
    this.stub = stub;
    this.blocking = blocking;
    this.filter = filter;
    this.reconnect = reconnect;
    this.headTimeoutMs = headTimeoutMs;
    this.cursor = after;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "modelreg-watch");
      t.setDaemon(true);
      return t;
    });
    if (after == null) {
      try {
        cursor = head();
      } catch (ModelregException e) {
        if (RetryPolicy.callerCancelled() || !RetryPolicy.resumable(e) || !reconnect) {
          scheduler.shutdownNow();
          throw e;
        }
        // The server is unreachable now: the first connect resolves the cursor.
      }
    }
    scheduler.execute(this::connect);
  }

  private long head() {
    try {
      return blocking.withDeadlineAfter(headTimeoutMs, TimeUnit.MILLISECONDS)
          .getEventHead(GetEventHeadRequest.getDefaultInstance()).getHeadSequence();
    } catch (RuntimeException e) {
      throw ModelregException.from(e);
    }
  }

  /** The sequence the watch resumes after: the last event received or head confirmed. */
  public OptionalLong lastSequence() {
    Long c = cursor;
    return c == null ? OptionalLong.empty() : OptionalLong.of(c);
  }

  private WatchRequest request() {
    WatchRequest.Builder b = WatchRequest.newBuilder()
        .addAllModels(filter.models())
        .addAllEventTypes(filter.types())
        .addAllAliases(filter.aliases())
        .setFilter(filter.filter());
    if (cursor != null) {
      b.setAfterSequence(cursor);
    }
    java.time.Duration interval = filter.progressInterval();
    if (interval != null) {
      b.setProgressInterval(Duration.newBuilder().setSeconds(interval.getSeconds())
          .setNanos(interval.getNano()));
    }
    return b.build();
  }

  private void connect() {
    if (closed) {
      return;
    }
    if (cursor == null) {
      try {
        cursor = head();
      } catch (ModelregException e) {
        failed(e);
        return;
      }
    }
    WatchRequest request = request();
    stub.watch(request, new ClientResponseObserver<WatchRequest, WatchResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<WatchRequest> call) {
        synchronized (lock) {
          current = call;
        }
      }

      @Override
      public void onNext(WatchResponse response) {
        synchronized (lock) {
          failures = 0;
        }
        if (response.hasEvent()) {
          Event event = response.getEvent();
          cursor = event.getSequence();
          queue.add(event);
        } else if (response.hasProgress()) {
          long head = response.getProgress().getHeadSequence();
          Long c = cursor;
          cursor = c == null ? head : Math.max(c, head);
        }
      }

      @Override
      public void onError(Throwable t) {
        failed(ModelregException.from(t));
      }

      @Override
      public void onCompleted() {
        if (closed) {
          return;
        }
        if (!reconnect) {
          finish(CLOSED);
          return;
        }
        schedule(RetryPolicy.delayMillis(0, null));
      }
    });
  }

  private void failed(ModelregException error) {
    if (closed) {
      return;
    }
    if (!reconnect || !RetryPolicy.resumable(error)) {
      finish(error);
      return;
    }
    int n;
    synchronized (lock) {
      n = ++failures;
    }
    if (error.code() == Status.Code.UNAVAILABLE) {
      channel.resetConnectBackoff();
    }
    schedule(RetryPolicy.delayMillis(n - 1, error));
  }


  private void schedule(long delayMs) {
    try {
      scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void finish(Object reason) {
    queue.add(reason);
  }

  /**
   * The next event, waiting at most {@code timeout}; {@code null} when none arrived in time or the
   * watch is closed.
   *
   * @throws ModelregException when the watch failed for good
   */
  public Event poll(java.time.Duration timeout) throws InterruptedException {
    if (closed && terminal == null) {
      terminal = CLOSED;
      pending = null;
    }
    if (pending != null) {
      Event e = pending;
      pending = null;
      return e;
    }
    if (terminal != null) {
      return end();
    }
    Object item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (item == null) {
      return null;
    }
    if (item instanceof Event) {
      return (Event) item;
    }
    terminal = item;
    return end();
  }

  private Event end() {
    if (terminal instanceof ModelregException) {
      ModelregException e = (ModelregException) terminal;
      throw ModelregException.of(e.code(), e.getMessage(), e.reason(), e.domain(),
          e.metadata(), e);
    }
    return null;
  }

  /** Blocks until an event arrives; false once the watch is closed. */
  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    try {
      while (true) {
        Event e = poll(java.time.Duration.ofSeconds(60));
        if (e != null) {
          pending = e;
          return true;
        }
        if (terminal != null) {
          return false;
        }
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Event next() {
    if (!hasNext()) {
      throw new NoSuchElementException("watch closed");
    }
    Event e = pending;
    pending = null;
    return e;
  }

  @Override
  public Iterator<Event> iterator() {
    return this;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Ends the watch (from any thread): the stream is cancelled and iteration stops. */
  @Override
  public void close() {
    ClientCallStreamObserver<WatchRequest> call;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      call = current;
    }
    if (call != null) {
      call.cancel("watch closed", null);
    }
    scheduler.shutdownNow();
    queue.add(CLOSED);
  }
}

package dev.modelreg.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/**
 * Base of every error the client raises for a refused or failed call. Carries the gRPC status code
 * and the server's {@code google.rpc.ErrorInfo} reason (e.g. {@code ALIAS_CONFLICT}), domain and
 * metadata. The API's proto comments name the reasons each RPC returns.
 *
 * <p>Subclasses exist for each status code the registry uses, so callers can catch e.g.
 * {@link NotFoundException} or {@link ConflictException}; {@link IntegrityException} is raised by
 * the client itself when downloaded bytes do not match their digest.
 */
public class ModelregException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final String reason;
  private final String domain;
  private final Map<String, String> metadata;

  public ModelregException(
      Status.Code code, String message, String reason, String domain, Map<String, String> metadata,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.reason = reason == null ? "" : reason;
    this.domain = domain == null ? "" : domain;
    this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The gRPC status code; {@code null} for errors the client detected itself (integrity). */
  public Status.Code code() {
    return code;
  }

  /** The ErrorInfo reason, e.g. {@code VERSION_NOT_FOUND}; empty when the server sent none. */
  public String reason() {
    return reason;
  }

  /** The ErrorInfo domain ({@code modelreg} for the registry's own errors); may be empty. */
  public String domain() {
    return domain;
  }

  /** The ErrorInfo metadata (immutable), e.g. the first missing digest of CHUNKS_MISSING. */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    String name = getClass().getSimpleName();
    String base = name + ": " + getMessage();
    return reason.isEmpty() ? base : base + " [" + reason + "]";
  }

  /** Whether a call that failed with this error may be retried as is (transport trouble). */
  public boolean isRetryable() {
    return code != null && isRetryable(code);
  }

  /** Transport-level codes after which a stream is resumed or a call retried. */
  static boolean isRetryable(Status.Code code) {
    switch (code) {
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case CANCELLED:
      case INTERNAL:
      case UNKNOWN:
        return true;
      default:
        return false;
    }
  }

  /**
   * Maps a gRPC failure ({@link StatusRuntimeException} or {@link StatusException}) to the
   * exception class of its status code, with the ErrorInfo if the server sent one. Anything else
   * is wrapped as a {@link ModelregException} with code UNKNOWN.
   */
  public static ModelregException from(Throwable t) {
    if (t instanceof ModelregException) {
      return (ModelregException) t;
    }
    Status status = Status.fromThrowable(t);
    String reason = "";
    String domain = "";
    Map<String, String> metadata = Map.of();
    com.google.rpc.Status details = StatusProto.fromThrowable(t);
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        if (any.is(ErrorInfo.class)) {
          try {
            ErrorInfo info = any.unpack(ErrorInfo.class);
            reason = info.getReason();
            domain = info.getDomain();
            metadata = info.getMetadataMap();
          } catch (InvalidProtocolBufferException e) {
            // A malformed detail is ignored: the status code and message still stand.
          }
          break;
        }
      }
    }
    String message = status.getDescription();
    if (message == null || message.isEmpty()) {
      message = status.getCode().name();
    }
    return of(status.getCode(), message, reason, domain, metadata, t);
  }

  static ModelregException of(
      Status.Code code, String message, String reason, String domain, Map<String, String> md,
      Throwable cause) {
    switch (code) {
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(message, reason, domain, md, cause);
      case NOT_FOUND:
        return new NotFoundException(message, reason, domain, md, cause);
      case ALREADY_EXISTS:
        return new AlreadyExistsException(message, reason, domain, md, cause);
      case ABORTED:
        return new ConflictException(message, reason, domain, md, cause);
      case FAILED_PRECONDITION:
        return new FailedPreconditionException(message, reason, domain, md, cause);
      case OUT_OF_RANGE:
        return new OutOfRangeException(message, reason, domain, md, cause);
      case RESOURCE_EXHAUSTED:
        return new ResourceExhaustedException(message, reason, domain, md, cause);
      case PERMISSION_DENIED:
        return new PermissionDeniedException(message, reason, domain, md, cause);
      case UNAUTHENTICATED:
        return new UnauthenticatedException(message, reason, domain, md, cause);
      case UNAVAILABLE:
        return new UnavailableException(message, reason, domain, md, cause);
      case DEADLINE_EXCEEDED:
        return new DeadlineExceededException(message, reason, domain, md, cause);
      case DATA_LOSS:
        return new DataLossException(message, reason, domain, md, cause);
      case INTERNAL:
        return new InternalException(message, reason, domain, md, cause);
      default:
        return new ModelregException(code, message, reason, domain, md, cause);
    }
  }
}

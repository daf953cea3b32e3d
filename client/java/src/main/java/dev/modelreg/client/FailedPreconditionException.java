package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The registry's state forbids the change, e.g. CHUNKS_MISSING, VERSION_ARCHIVED (FAILED_PRECONDITION). */
public class FailedPreconditionException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.FAILED_PRECONDITION, message, reason, domain, metadata, cause);
  }
}

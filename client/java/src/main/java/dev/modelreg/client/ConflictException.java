package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** A compare-and-swap failed: ALIAS_CONFLICT or ETAG_MISMATCH (ABORTED). */
public class ConflictException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public ConflictException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.ABORTED, message, reason, domain, metadata, cause);
  }
}

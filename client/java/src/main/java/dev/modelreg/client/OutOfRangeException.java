package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** An offset or event cursor is out of range, e.g. CURSOR_COMPACTED, CURSOR_AHEAD (OUT_OF_RANGE). */
public class OutOfRangeException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public OutOfRangeException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.OUT_OF_RANGE, message, reason, domain, metadata, cause);
  }
}

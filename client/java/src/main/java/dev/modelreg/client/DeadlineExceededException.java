package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The call did not finish within its deadline (DEADLINE_EXCEEDED). */
public class DeadlineExceededException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.DEADLINE_EXCEEDED, message, reason, domain, metadata, cause);
  }
}

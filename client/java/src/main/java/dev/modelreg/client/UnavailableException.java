package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The server could not be reached (UNAVAILABLE); retryable. */
public class UnavailableException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.UNAVAILABLE, message, reason, domain, metadata, cause);
  }
}

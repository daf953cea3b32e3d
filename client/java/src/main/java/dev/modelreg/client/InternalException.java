package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The server failed internally (INTERNAL). */
public class InternalException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public InternalException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.INTERNAL, message, reason, domain, metadata, cause);
  }
}

package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The call carried no valid credentials (UNAUTHENTICATED). */
public class UnauthenticatedException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.UNAUTHENTICATED, message, reason, domain, metadata, cause);
  }
}

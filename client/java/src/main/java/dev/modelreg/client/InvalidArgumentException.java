package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The request was malformed: a bad name, reference, digest, manifest ... (INVALID_ARGUMENT). */
public class InvalidArgumentException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.INVALID_ARGUMENT, message, reason, domain, metadata, cause);
  }
}

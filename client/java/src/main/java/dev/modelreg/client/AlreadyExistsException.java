package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The model already exists (ALREADY_EXISTS). */
public class AlreadyExistsException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.ALREADY_EXISTS, message, reason, domain, metadata, cause);
  }
}

package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** A model, version, alias or artifact does not exist (NOT_FOUND). */
public class NotFoundException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.NOT_FOUND, message, reason, domain, metadata, cause);
  }
}

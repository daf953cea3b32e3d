package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The caller may not do this (PERMISSION_DENIED). */
public class PermissionDeniedException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.PERMISSION_DENIED, message, reason, domain, metadata, cause);
  }
}

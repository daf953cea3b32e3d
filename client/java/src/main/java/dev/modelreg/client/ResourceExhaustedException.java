package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** A limit was exceeded, e.g. CHUNK_TOO_LARGE (RESOURCE_EXHAUSTED). */
public class ResourceExhaustedException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public ResourceExhaustedException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.RESOURCE_EXHAUSTED, message, reason, domain, metadata, cause);
  }
}

package dev.modelreg.client;

import io.grpc.Status;
import java.util.Map;

/** The server lost stored data, e.g. CHUNK_MISSING (DATA_LOSS). */
public class DataLossException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public DataLossException(
      String message, String reason, String domain, Map<String, String> metadata, Throwable cause) {
    super(Status.Code.DATA_LOSS, message, reason, domain, metadata, cause);
  }
}

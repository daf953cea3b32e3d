package dev.modelreg.client;

import java.util.Map;

/**
 * Downloaded bytes did not match what they claim: a chunk that does not decode to its declared
 * size or does not hash to its digest, a file whose sha256 differs from the manifest, an
 * unexpected chunk or offset, or an unsafe path. Raised by the client itself, so {@link #code()}
 * is {@code null}; {@link #reason()} names the check, e.g. {@code CHUNK_DIGEST_MISMATCH},
 * {@code CHUNK_SIZE_MISMATCH}, {@code CORRUPT_CHUNK}, {@code FILE_DIGEST_MISMATCH}.
 */
public class IntegrityException extends ModelregException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message, String reason) {
    super(null, message, reason, "", Map.of(), null);
  }

  public IntegrityException(String message, String reason, Map<String, String> metadata) {
    super(null, message, reason, "", metadata, null);
  }

  public IntegrityException(String message, String reason, Throwable cause) {
    super(null, message, reason, "", Map.of(), cause);
  }
}

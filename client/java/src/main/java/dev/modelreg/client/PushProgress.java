package dev.modelreg.client;

/**
 * Progress of a push, as the Python SDK's {@code on_progress(phase, done, total)}: phase
 * {@code "scan"} (bytes of the files cut and hashed so far, of all of them) then {@code
 * "upload"} (raw bytes of the missing chunks sent so far, of all missing ones; called again from
 * 0 if an attempt is retried). Each phase is first reported with {@code done} 0. May be called
 * from several threads, one call at a time. An exception thrown from it stops the push (the chunks
 * already sent stay on the server, so a later push sends only the rest).
 */
@FunctionalInterface
public interface PushProgress {
  void progress(String phase, long done, long total);
}

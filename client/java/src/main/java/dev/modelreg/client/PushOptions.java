package dev.modelreg.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ModelregClient#push(String, java.nio.file.Path, PushOptions)} records with a new
 * version and how it sends the bytes.
 *
 * <pre>{@code
 * PushOptions.builder().aliases("staging").metrics(Map.of("f1", 0.91)).tags(Map.of("team", "nlp"))
 *     .compress("auto").onProgress((phase, done, total) -> ...).build();
 * }</pre>
 */
public final class PushOptions {
  private final List<String> aliases;
  private final Map<String, Double> metrics;
  private final Map<String, String> params;
  private final Map<String, String> tags;
  private final String description;
  private final PushProgress onProgress;
  private final String compress;
  private final int attempts;

  private PushOptions(Builder b) {
    this.aliases = List.copyOf(b.aliases);
    this.metrics = Map.copyOf(b.metrics);
    this.params = Map.copyOf(b.params);
    this.tags = Map.copyOf(b.tags);
    this.description = b.description;
    this.onProgress = b.onProgress;
    this.compress = b.compress;
    this.attempts = b.attempts;
  }

  /** No aliases, metrics or tags; compression from $MODELREG_COMPRESS, else auto. */
  public static PushOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> aliases() {
    return aliases;
  }

  public Map<String, Double> metrics() {
    return metrics;
  }

  public Map<String, String> params() {
    return params;
  }

  public Map<String, String> tags() {
    return tags;
  }

  public String description() {
    return description;
  }

  /** The progress callback, or null. */
  public PushProgress onProgress() {
    return onProgress;
  }

  /** auto, always or never; null for $MODELREG_COMPRESS, else auto. */
  public String compress() {
    return compress;
  }

  public int attempts() {
    return attempts;
  }

  /** Builds {@link PushOptions}. */
  public static final class Builder {
    private List<String> aliases = List.of();
    private Map<String, Double> metrics = new LinkedHashMap<>();
    private Map<String, String> params = new LinkedHashMap<>();
    private Map<String, String> tags = new LinkedHashMap<>();
    private String description = "";
    private PushProgress onProgress;
    private String compress;
    private int attempts = RetryPolicy.ATTEMPTS;

    private Builder() {}

    /** Aliases pointed at the new version in the same transaction. */
    public Builder aliases(String... aliases) {
      this.aliases = List.of(aliases);
      return this;
    }

    public Builder aliases(List<String> aliases) {
      this.aliases = List.copyOf(aliases);
      return this;
    }

    /** Metrics (finite values; the server refuses others with INVALID_METRIC). */
    public Builder metrics(Map<String, Double> metrics) {
      this.metrics = new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics"));
      return this;
    }

    /** Parameters, as strings (the API's params map). */
    public Builder params(Map<String, String> params) {
      this.params = new LinkedHashMap<>(Objects.requireNonNull(params, "params"));
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      this.tags = new LinkedHashMap<>(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Called with ("scan" | "upload", done, total); see {@link PushProgress}. */
    public Builder onProgress(PushProgress onProgress) {
      this.onProgress = onProgress;
      return this;
    }

    /**
     * Whether chunks travel compressed: {@code "auto"} (measures the encoder and the link while
     * pushing and compresses only while that is faster), {@code "always"} (every chunk: the
     * smallest transfer) or {@code "never"} (raw; the server compresses at rest later). Null:
     * $MODELREG_COMPRESS, else auto.
     *
     * @throws IllegalArgumentException for any other value
     */
    public Builder compress(String compress) {
      if (compress != null && !CompressPolicy.MODES.contains(compress)) {
        throw new IllegalArgumentException(
            "compress must be one of auto, always, never, not \"" + compress + "\"");
      }
      this.compress = compress;
      return this;
    }

    /**
     * How many failures in a row without progress (an upload cut by transport trouble, a commit
     * refused with CHUNKS_MISSING) a push survives by resuming, asking again what is missing;
     * any uploaded chunk starts the count over. Default 8 (docs/clients.md 4).
     */
    public Builder attempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
      this.attempts = attempts;
      return this;
    }

    public PushOptions build() {
      return new PushOptions(this);
    }
  }
}

package dev.modelreg.client;

import java.util.Objects;

/**
 * Which items {@link ModelregClient#listModels}, {@link ModelregClient#listVersions} and
 * {@link ModelregClient#searchVersions} return, in what order (the language: docs/filters.md).
 * A bad filter throws {@link InvalidArgumentException} with reason {@code INVALID_FILTER}, whose
 * metadata gives the 0-based {@code position} in the filter and what was {@code expected} there.
 *
 * <pre>{@code
 * ListOptions.builder().filter("metrics.f1 > 0.9 AND tags.team = \"nlp\"").orderBy("metrics.f1 desc").build();
 * }</pre>
 */
public final class ListOptions {
  private final String filter;
  private final String orderBy;
  private final int pageSize;
  private final boolean files;

  private ListOptions(Builder b) {
    this.filter = b.filter;
    this.orderBy = b.orderBy;
    this.pageSize = b.pageSize;
    this.files = b.files;
  }

  /** Everything, in the default order. */
  public static ListOptions all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String filter() {
    return filter;
  }

  public String orderBy() {
    return orderBy;
  }

  public int pageSize() {
    return pageSize;
  }

  public boolean files() {
    return files;
  }

  /** Builds {@link ListOptions}. */
  public static final class Builder {
    private String filter = "";
    private String orderBy = "";
    private int pageSize;
    private boolean files;

    private Builder() {}

    /** An AIP-160 filter, e.g. {@code tags.team = "nlp"}; empty: everything. */
    public Builder filter(String filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * An AIP-132 order: comma-separated fields, each optionally followed by {@code desc}, e.g.
     * {@code metrics.f1 desc, create_time}. Empty: models by name, a model's versions newest
     * first, a search by {@code create_time} newest first.
     */
    public Builder orderBy(String orderBy) {
      this.orderBy = Objects.requireNonNull(orderBy, "orderBy");
      return this;
    }

    /** Items fetched per call, 1..1000; 0: the server's default (100). */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /** Versions with their file manifests (the FULL view); ignored when listing models. */
    public Builder files(boolean files) {
      this.files = files;
      return this;
    }

    public ListOptions build() {
      return new ListOptions(this);
    }
  }
}

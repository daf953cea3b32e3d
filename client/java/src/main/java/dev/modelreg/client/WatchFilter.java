package dev.modelreg.client;

import dev.modelreg.v1.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which events a {@link Watch} delivers. Filters of different kinds are ANDed; values within one
 * filter are ORed; an empty filter matches everything.
 *
 * <pre>{@code
 * WatchFilter f = WatchFilter.builder().models("sentiment").types("ALIAS_SET").aliases("production").build();
 * }</pre>
 */
public final class WatchFilter {
  private final List<String> models;
  private final List<EventType> types;
  private final List<String> aliases;
  private final Duration progressInterval;
  private final String filter;

  private WatchFilter(Builder b) {
    this.filter = b.filter;
    this.models = List.copyOf(b.models);
    this.types = List.copyOf(b.types);
    this.aliases = List.copyOf(b.aliases);
    this.progressInterval = b.progressInterval;
  }

  /** Every event. */
  public static WatchFilter all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> models() {
    return models;
  }

  public List<EventType> types() {
    return types;
  }

  public List<String> aliases() {
    return aliases;
  }

  /** The AIP-160 filter over events ANDed with the lists; empty: none. */
  public String filter() {
    return filter;
  }

  /** How often the server sends progress while idle; {@code null} = the server default (10s). */
  public Duration progressInterval() {
    return progressInterval;
  }

  /**
   * Parses an event type name: {@code ALIAS_SET}, {@code alias_set} or {@code EVENT_TYPE_ALIAS_SET}.
   *
   * @throws InvalidArgumentException (reason INVALID_EVENT_TYPE) for an unknown name
   */
  public static EventType eventType(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    String full = upper.startsWith("EVENT_TYPE_") ? upper : "EVENT_TYPE_" + upper;
    for (EventType t : EventType.values()) {
      if (t != EventType.UNRECOGNIZED && t != EventType.EVENT_TYPE_UNSPECIFIED
          && t.name().equals(full)) {
        return t;
      }
    }
    throw new InvalidArgumentException("unknown event type " + name, "INVALID_EVENT_TYPE", "",
        null, null);
  }

  /** The event type's short name, e.g. {@code ALIAS_SET}. */
  public static String typeName(EventType type) {
    return type.name().replaceFirst("^EVENT_TYPE_", "");
  }

  /** Builds a {@link WatchFilter}. */
  public static final class Builder {
    private final List<String> models = new ArrayList<>();
    private final List<EventType> types = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();
    private Duration progressInterval;
    private String filter = "";

    private Builder() {}

    /**
     * An AIP-160 filter over events (docs/filters.md), ANDed with the lists: fields {@code type},
     * {@code model}, {@code alias}, {@code version}, {@code actor}, {@code time}; e.g.
     * {@code model = "sentiment-*" AND (type = ALIAS_SET OR type = ALIAS_DELETED)}. A bad one
     * ends the watch with {@link InvalidArgumentException}, reason {@code INVALID_FILTER}
     * (metadata {@code position}, {@code expected}).
     */
    public Builder filter(String filter) {
      this.filter = java.util.Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Only events of these model ids. */
    public Builder models(String... ids) {
      models.addAll(List.of(ids));
      return this;
    }

    public Builder models(Iterable<String> ids) {
      ids.forEach(models::add);
      return this;
    }

    /** Only events of these types. */
    public Builder types(EventType... values) {
      types.addAll(List.of(values));
      return this;
    }

    /** Only events of these types, by name ({@code ALIAS_SET} or {@code EVENT_TYPE_ALIAS_SET}). */
    public Builder types(String... names) {
      for (String name : names) {
        types.add(eventType(name));
      }
      return this;
    }

    public Builder typeNames(Iterable<String> names) {
      names.forEach(n -> types.add(eventType(n)));
      return this;
    }

    /** Only alias events of these aliases. */
    public Builder aliases(String... names) {
      aliases.addAll(List.of(names));
      return this;
    }

    public Builder aliases(Iterable<String> names) {
      names.forEach(aliases::add);
      return this;
    }

    /** How often the server reports the head while idle, 100ms..1h. */
    public Builder progressInterval(Duration interval) {
      this.progressInterval = interval;
      return this;
    }

    public WatchFilter build() {
      return new WatchFilter(this);
    }
  }
}

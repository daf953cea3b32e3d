package dev.modelreg.client;

import java.util.Objects;

/**
 * The connection settings given explicitly (docs/clients.md 1), before the environment fills in
 * the rest: {@link Settings#resolve}. A field left null is "not given" and comes from the
 * environment; {@link ModelregClient.Builder} makes one of these from its calls.
 */
public final class ClientOptions {
  String server;
  String token;
  Boolean tls;
  String tlsCa;
  String tlsCert;
  String tlsKey;
  boolean allowPlaintextToken;
  boolean plaintext;

  /** No option given: everything from the environment or the defaults. */
  public ClientOptions() {}

  /** The server address ({@code host:port} or any gRPC target). */
  public ClientOptions server(String server) {
    this.server = emptyToNull(server);
    return this;
  }

  /** The bearer token. */
  public ClientOptions token(String token) {
    this.token = emptyToNull(token);
    return this;
  }

  /** TLS with the system's roots (true), or not (false); null: from MODELREG_TLS. */
  public ClientOptions tls(Boolean tls) {
    this.tls = tls;
    return this;
  }

  /** A PEM file of CA certificates to trust; implies TLS. */
  public ClientOptions tlsCa(String path) {
    this.tlsCa = emptyToNull(path);
    return this;
  }

  /** The client certificate chain (PEM) for mutual TLS; needs {@link #tlsKey}. */
  public ClientOptions tlsCert(String path) {
    this.tlsCert = emptyToNull(path);
    return this;
  }

  /** The client certificate's private key (PKCS#8 PEM); needs {@link #tlsCert}. */
  public ClientOptions tlsKey(String path) {
    this.tlsKey = emptyToNull(path);
    return this;
  }

  /** Sends a token without TLS to a server off loopback (a trusted network only). */
  public ClientOptions allowPlaintextToken(boolean allow) {
    this.allowPlaintextToken = allow;
    return this;
  }

  /** No TLS, whatever the environment says (MODELREG_TLS* are ignored). */
  public ClientOptions plaintext(boolean plaintext) {
    this.plaintext = plaintext;
    return this;
  }

  ClientOptions copy() {
    ClientOptions c = new ClientOptions();
    c.server = server;
    c.token = token;
    c.tls = tls;
    c.tlsCa = tlsCa;
    c.tlsCert = tlsCert;
    c.tlsKey = tlsKey;
    c.allowPlaintextToken = allowPlaintextToken;
    c.plaintext = plaintext;
    return c;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientOptions c && Objects.equals(server, c.server)
        && Objects.equals(token, c.token) && Objects.equals(tls, c.tls)
        && Objects.equals(tlsCa, c.tlsCa) && Objects.equals(tlsCert, c.tlsCert)
        && Objects.equals(tlsKey, c.tlsKey) && allowPlaintextToken == c.allowPlaintextToken
        && plaintext == c.plaintext;
  }

  @Override
  public int hashCode() {
    return Objects.hash(server, token, tls, tlsCa, tlsCert, tlsKey, allowPlaintextToken, plaintext);
  }
}

package dev.modelreg.client;

import io.grpc.Status;
import java.util.Locale;
import java.util.Map;

/**
 * A client's resolved connection settings (docs/clients.md 1-2): the explicit options, and where
 * one is not given, the environment ({@code MODELREG_SERVER}, {@code MODELREG_TOKEN},
 * {@code MODELREG_TLS}, {@code MODELREG_TLS_CA}, {@code MODELREG_TLS_CERT},
 * {@code MODELREG_TLS_KEY}; empty counts as unset), else the defaults. Resolving reads no file and
 * opens no connection.
 *
 * @param server the server address
 * @param token the bearer token, "" for none
 * @param tls whether to connect with TLS
 * @param tlsCa PEM file of CA certificates to trust, "" for the system's
 * @param tlsCert client certificate chain (PEM), "" for none
 * @param tlsKey its private key (PEM), "" for none
 */
public record Settings(String server, String token, boolean tls, String tlsCa, String tlsCert,
    String tlsKey) {

  /**
   * Resolves settings from {@code env} (pass {@code System.getenv()}) and {@code options}.
   *
   * @throws InvalidArgumentException INCOMPLETE_CLIENT_CERTIFICATE: a client certificate without
   *     its key, or a key without its certificate
   * @throws FailedPreconditionException PLAINTEXT_TOKEN: a token without TLS to a server that is
   *     not on loopback, unless {@link ClientOptions#allowPlaintextToken}
   */
  public static Settings resolve(Map<String, String> env, ClientOptions options) {
    ClientOptions o = options == null ? new ClientOptions() : options;
    Map<String, String> e = env == null ? Map.of() : env;
    String server = pick(o.server, e, "MODELREG_SERVER", ModelregClient.DEFAULT_ADDRESS);
    String token = pick(o.token, e, "MODELREG_TOKEN", "");
    String ca = "";
    String cert = "";
    String key = "";
    boolean tls = false;
    if (!o.plaintext) {
      ca = pick(o.tlsCa, e, "MODELREG_TLS_CA", "");
      cert = pick(o.tlsCert, e, "MODELREG_TLS_CERT", "");
      key = pick(o.tlsKey, e, "MODELREG_TLS_KEY", "");
      if (o.tls != null) {
        tls = o.tls;
      } else {
        String flag = pick(null, e, "MODELREG_TLS", "").trim().toLowerCase(Locale.ROOT);
        tls = flag.equals("1") || flag.equals("true") || flag.equals("yes");
      }
      tls = tls || !ca.isEmpty() || !cert.isEmpty() || !key.isEmpty();
    }
    if (cert.isEmpty() != key.isEmpty()) {
      throw error(Status.Code.INVALID_ARGUMENT, "INCOMPLETE_CLIENT_CERTIFICATE",
          "a client certificate needs both tls_cert (MODELREG_TLS_CERT) and tls_key "
              + "(MODELREG_TLS_KEY); only " + (cert.isEmpty() ? "the key" : "the certificate")
              + " is given");
    }
    if (!token.isEmpty() && !tls && !o.allowPlaintextToken && !isLoopback(server)) {
      throw error(Status.Code.FAILED_PRECONDITION, "PLAINTEXT_TOKEN",
          "refusing to send a token without TLS to " + server + ", which is not on loopback: "
              + "use TLS (MODELREG_TLS_CA or MODELREG_TLS=1, or the builder's tls), or, on a "
              + "trusted network, allowPlaintextToken");
    }
    return new Settings(server, token, tls, ca, cert, key);
  }

  /** Whether every host {@code address} names is a loopback one (or it is a Unix socket). */
  static boolean isLoopback(String address) {
    String a = address.trim();
    if (a.startsWith("unix:") || a.startsWith("unix-abstract:")) {
      return true;
    }
    if (a.startsWith("dns:")) {
      a = a.substring(4);
      if (a.startsWith("//")) {
        int slash = a.indexOf('/', 2); // dns://AUTHORITY/host:port
        a = slash < 0 ? "" : a.substring(slash + 1);
      }
    } else if (a.startsWith("ipv4:") || a.startsWith("ipv6:")) {
      a = a.substring(5);
    }
    if (a.isEmpty()) {
      return false;
    }
    for (String part : a.split(",")) {
      if (!isLoopbackHost(host(part.trim()))) {
        return false;
      }
    }
    return true;
  }

  private static String host(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort : hostPort.substring(1, end);
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && hostPort.indexOf(':') == colon) {
      return hostPort.substring(0, colon);
    }
    return hostPort; // a bare IPv6 address or a host without a port
  }

  private static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("::1")) {
      return true;
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String pick(String given, Map<String, String> env, String name, String fallback) {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    String value = env.get(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static ModelregException error(Status.Code code, String reason, String message) {
    return ModelregException.of(code, message, reason, "modelreg", Map.of(), null);
  }
}

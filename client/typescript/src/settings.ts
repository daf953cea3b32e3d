/**
 * The client's settings (docs/clients.md sections 1-2), resolved in one function from the
 * constructor's options and an environment map, so the rules are testable without touching the
 * process environment. Resolving reads no file and opens no connection.
 */
import { FailedPrecondition, InvalidArgument } from "./errors";

export const DEFAULT_ADDRESS = "127.0.0.1:50051";

/** PEM contents for TLS, given directly instead of as files. */
export interface TlsOptions {
  /** PEM root certificate(s) to trust instead of the system's. */
  ca?: string | Buffer;
  /** PEM client certificate and key, for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** The options that settings are resolved from (each wins over its environment variable). */
export interface SettingsOptions {
  /** The server address ($MODELREG_SERVER, else 127.0.0.1:50051). */
  server?: string;
  /** Sent as `authorization: Bearer <token>` metadata on every call ($MODELREG_TOKEN). */
  token?: string;
  /** Use TLS ($MODELREG_TLS = 1/true/yes): `true` for the system roots, or PEM contents (which imply TLS). */
  tls?: boolean | TlsOptions;
  /** A PEM file of CA certificates to trust ($MODELREG_TLS_CA); implies TLS. */
  tlsCa?: string;
  /** A PEM file with the client certificate for mutual TLS ($MODELREG_TLS_CERT); needs tlsKey; implies TLS. */
  tlsCert?: string;
  /** A PEM file with its private key ($MODELREG_TLS_KEY); needs tlsCert; implies TLS. */
  tlsKey?: string;
  /**
   * Send the token without TLS to a server that is not on loopback (a trusted network). Not an
   * environment variable on purpose: leaking a token must take a change to the code.
   */
  allowPlaintextToken?: boolean;
}

/** Resolved settings; "" means none. */
export interface Settings {
  server: string;
  token: string;
  tls: boolean;
  tlsCa: string;
  tlsCert: string;
  tlsKey: string;
  allowPlaintextToken: boolean;
  /** PEM contents given through the `tls` option, if any (they take the place of the files). */
  pem?: TlsOptions;
}

export type Environment = Record<string, string | undefined>;

/**
 * Resolves the client's settings from `options` and the environment map `env` (pass
 * `process.env` for the process's): an option that is given (not undefined) wins over its
 * variable; a variable set to "" counts as unset. Throws InvalidArgument
 * (INCOMPLETE_CLIENT_CERTIFICATE) for a client certificate without its key or the other way
 * round, and FailedPrecondition (PLAINTEXT_TOKEN) for a token without TLS to a server off loopback
 * unless `allowPlaintextToken`.
 */
export function resolveSettings(env: Environment, options: SettingsOptions = {}): Settings {
  const fromEnv = (name: string): string => env[name] ?? "";
  const pick = (arg: string | undefined, name: string): string => (arg ?? fromEnv(name)) || "";
  const server = pick(options.server, "MODELREG_SERVER") || DEFAULT_ADDRESS;
  const token = pick(options.token, "MODELREG_TOKEN");
  const tlsCa = pick(options.tlsCa, "MODELREG_TLS_CA");
  const tlsCert = pick(options.tlsCert, "MODELREG_TLS_CERT");
  const tlsKey = pick(options.tlsKey, "MODELREG_TLS_KEY");
  const pem = typeof options.tls === "object" && options.tls !== null ? options.tls : undefined;
  const tlsFlag = options.tls !== undefined ? Boolean(options.tls)
    : ["1", "true", "yes"].includes(fromEnv("MODELREG_TLS").trim().toLowerCase());
  const hasCert = Boolean(tlsCert || pem?.cert);
  const hasKey = Boolean(tlsKey || pem?.key);
  if (hasCert !== hasKey) {
    const [given, missing] = hasCert ? ["certificate", "key"] : ["key", "certificate"];
    throw new InvalidArgument(`a TLS client ${given} was given without its ${missing} ` +
      "(set both tlsCert and tlsKey, or MODELREG_TLS_CERT and MODELREG_TLS_KEY)",
    { reason: "INCOMPLETE_CLIENT_CERTIFICATE", metadata: { missing: missing === "key" ? "tls_key" : "tls_cert" } });
  }
  const tls = tlsFlag || Boolean(tlsCa || tlsCert || tlsKey);
  const allowPlaintextToken = options.allowPlaintextToken === true;
  if (token && !tls && !allowPlaintextToken && !isLoopback(server)) {
    throw new FailedPrecondition(`refusing to send a token without TLS to ${server}, which is not on loopback: ` +
      "use TLS (MODELREG_TLS_CA or MODELREG_TLS=1, the tlsCa or tls option) or, on a trusted network, " +
      "the allowPlaintextToken option", { reason: "PLAINTEXT_TOKEN", metadata: { server } });
  }
  return { server, token, tls, tlsCa, tlsCert, tlsKey, allowPlaintextToken, ...(pem ? { pem } : {}) };
}

/** The hosts an address names: `host:port`, `[v6]:port`, `dns:[//authority/]host:port`, `ipv4:a:p,b:p`, `ipv6:[a]:p,...`. */
export function addressHosts(address: string): string[] {
  let rest = address.trim();
  const scheme = /^(dns|ipv4|ipv6):/i.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
    if (scheme[1].toLowerCase() === "dns") {
      if (rest.startsWith("//")) rest = rest.slice(rest.indexOf("/", 2) + 1);
      return [hostOf(rest)];
    }
    return rest.split(",").map(hostOf);
  }
  return [hostOf(rest)];
}

function hostOf(target: string): string {
  const t = target.trim();
  if (t.startsWith("[")) {
    const end = t.indexOf("]");
    return (end < 0 ? t.slice(1) : t.slice(1, end)).toLowerCase();
  }
  const colons = t.split(":").length - 1;
  if (colons === 1) return t.slice(0, t.indexOf(":")).toLowerCase();
  return t.toLowerCase(); // no port, or a bare IPv6 address
}

/** Loopback: `localhost`, 127.0.0.0/8, ::1, or a Unix socket (`unix:`); every host of an address that names several. */
export function isLoopback(address: string): boolean {
  if (/^unix(-abstract)?:/i.test(address.trim())) return true;
  const hosts = addressHosts(address);
  return hosts.length > 0 && hosts.every((host) => {
    if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    return v4 !== null && v4.slice(1).every((o) => Number(o) <= 255) && v4[1] === "127";
  });
}

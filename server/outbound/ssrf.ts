import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

// The one place that decides which addresses the server may connect to on someone's behalf
// (fetching a page by URL now; webhooks later). Only ordinary public unicast addresses pass:
// deciding by "is it global unicast" rather than by a list of bad ranges means a range we did
// not think of is refused, not reached.

/** One FETCH_ALLOW_HOSTS entry: a host name or IP address, with an optional port. */
export interface AllowEntry {
  /** Lower-case host name, or an IP address in ipaddr.js's normal form. */
  host: string;
  kind: 'name' | 'address';
  /** Undefined: any port. */
  port: number | undefined;
}

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private address',
  uniqueLocal: 'a private address',
  linkLocal: 'a link-local address (where cloud metadata services live)',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
};

/** What kind of address this is when it may not be reached ("a private address"); undefined when public. */
export function forbiddenKind(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address inside.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const inner = (parsed as ipaddr.IPv6).toIPv4Address().toString();
    const kind = forbiddenKind(inner);
    return kind && `the IPv6 form of ${inner}, ${kind}`;
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return RANGE_WORDS[range] ?? `a reserved address (${range})`;
}

function normalAddress(address: string): string {
  return ipaddr.parse(address).toNormalizedString();
}

/**
 * Parses FETCH_ALLOW_HOSTS: comma-separated `host` or `host:port`, the host a name (matched against
 * the URL's host name) or an IP address (matched against the address connected to, whatever name
 * led there); IPv6 in brackets when a port follows, e.g. `localhost:4555,127.0.0.1,[::1]:8080`.
 * Throws an Error whose message names the wrong entry.
 */
export function parseAllowList(raw: string | undefined): AllowEntry[] {
  if (!raw || raw.trim() === '') return [];
  return raw.split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const match = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(entry) ?? /^([0-9a-fA-F:.]+)()$/.exec(entry);
    const port = match?.[2] ? Number(match[2]) : undefined;
    if (!match || (port !== undefined && (port < 1 || port > 65535))) throw new Error(`"${entry}" is not a host, host:port or [IPv6]:port`);
    const host = match[1].toLowerCase();
    if (net.isIP(host)) return { host: normalAddress(host), kind: 'address', port };
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(host)) {
      throw new Error(`"${entry}" is not a host name or IP address`);
    }
    return { host: host.replace(/\.$/, ''), kind: 'name', port };
  });
}

function allowed(allow: AllowEntry[], hostname: string, address: string, port: number): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const normal = normalAddress(address);
  return allow.some((entry) => (entry.port === undefined || entry.port === port)
    && (entry.kind === 'name' ? entry.host === name : entry.host === normal));
}

export type Resolver = (hostname: string) => Promise<string[]>;

/** The system resolver (getaddrinfo, so /etc/hosts counts as it does for every other program). */
export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
};

export type AddressCheck = { ok: true; address: string } | { ok: false; reason: string; unresolvable?: boolean };

/**
 * Resolves a URL's host and picks the address to connect to, refusing the whole host when any of
 * its addresses is forbidden (a name that resolves to a public and a private address is an attack).
 * `hostname` is URL.hostname (IPv6 still in brackets).
 */
export async function checkHost(hostname: string, port: number, allow: AllowEntry[], resolve: Resolver): Promise<AddressCheck> {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (net.isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await resolve(bare);
    } catch {
      return { ok: false, reason: `${bare} could not be found (no such host)`, unresolvable: true };
    }
    if (addresses.length === 0) return { ok: false, reason: `${bare} could not be found (no address)`, unresolvable: true };
  }
  for (const address of addresses) {
    const kind = forbiddenKind(address);
    if (kind && !allowed(allow, bare, address, port)) {
      return { ok: false, reason: bare === address ? `${address} is ${kind}` : `${bare} resolves to ${address}, ${kind}` };
    }
  }
  return { ok: true, address: addresses[0] };
}

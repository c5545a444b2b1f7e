import net from 'node:net';
import path from 'node:path';
import { type AllowEntry, parseAllowList } from './outbound/ssrf';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  /** Address to listen on: 127.0.0.1 serves this machine only (behind nginx); 0.0.0.0 in a container. */
  host: string;
  /** Unset: embedded PGlite under dataDir. Set: a real PostgreSQL server. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Most connections one process opens to PostgreSQL. */
  databasePoolMax: number;
  /** How long SIGTERM waits for in-flight requests before cutting them. */
  shutdownGraceSeconds: number;
  sessionSecret: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Whether any reverse proxy is trusted (trustedProxies is not empty). */
  trustProxy: boolean;
  /** Addresses, CIDR ranges or proxy-addr names (loopback, linklocal, uniquelocal) whose X-Forwarded-* headers are believed. */
  trustedProxies: string[];
  /** Longest a client may take to send a whole request, and its headers: slow senders cannot hold connections. */
  requestTimeoutSeconds: number;
  headersTimeoutSeconds: number;
  logLevel: string;
  /** json (one object a line, for machines) or pretty (pino-pretty, a dev dependency, for people). */
  logFormat: 'json' | 'pretty';
  siteName: string;
  /** The address readers use, for canonical links, feeds, the sitemap and structured data. */
  publicUrl: string;
  /** Memory for rendered pages kept for anonymous readers; 0 turns the page cache off. */
  pageCacheMb: number;
  /** Hosts that fetching a page by URL may reach although they are loopback, private or link-local. */
  fetchAllowHosts: AllowEntry[];
  /** Benchmark only: count SQL queries and send the running total as X-Query-Total. */
  countQueries: boolean;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  }
  return value;
}

function publicUrl(raw: string | undefined, port: number): string {
  const value = raw || `http://localhost:${port}`;
  if (!/^https?:\/\/[^/]+/.test(value)) throw new ConfigError(`PUBLIC_URL must be an http(s) address, got "${value}"`);
  return value.replace(/\/+$/, '');
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = net.isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

// A hop count would believe whatever X-Forwarded-For a client sends when it reaches the server
// directly, letting it pick the address that throttling and logs see: only named proxies are trusted.
function trustedProxies(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '' || raw === 'false' || raw === '0') return [];
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const wrong = entries.find((entry) => !isProxyAddress(entry));
  if (wrong === undefined) return entries;
  const hint = /^(\d+|true)$/.test(wrong)
    ? 'it no longer takes a hop count or "true", which let any client choose its own address'
    : `"${wrong}" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`;
  throw new ConfigError(`TRUST_PROXY must list the addresses of your reverse proxies, e.g. TRUST_PROXY=loopback or TRUST_PROXY=10.0.0.5,10.1.0.0/16: ${hint}.`);
}

function timeouts(env: NodeJS.ProcessEnv): { requestTimeoutSeconds: number; headersTimeoutSeconds: number } {
  const requestTimeoutSeconds = integer(env, 'REQUEST_TIMEOUT_SECONDS', 60);
  const headersTimeoutSeconds = integer(env, 'HEADERS_TIMEOUT_SECONDS', Math.min(15, requestTimeoutSeconds));
  if (headersTimeoutSeconds > requestTimeoutSeconds) {
    throw new ConfigError(`HEADERS_TIMEOUT_SECONDS (${headersTimeoutSeconds}) must not exceed REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds})`);
  }
  return { requestTimeoutSeconds, headersTimeoutSeconds };
}

function fetchAllowHosts(raw: string | undefined): AllowEntry[] {
  try {
    return parseAllowList(raw);
  } catch (error) {
    throw new ConfigError(`FETCH_ALLOW_HOSTS must list hosts as host, host:port or [IPv6]:port, comma-separated (e.g. FETCH_ALLOW_HOSTS=localhost:4555,10.0.0.7): ${(error as Error).message}.`);
  }
}

function logFormat(raw: string | undefined): Config['logFormat'] {
  if (!raw) return 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${raw}"`);
}

function nodeEnv(raw: string | undefined): Config['env'] {
  if (raw === 'production' || raw === 'test') return raw;
  return 'development';
}

/** Reads process.env once; every other module receives the typed result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = nodeEnv(env.NODE_ENV);
  const proxies = trustedProxies(env.TRUST_PROXY);
  return {
    env: mode,
    port: integer(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 10),
    shutdownGraceSeconds: integer(env, 'SHUTDOWN_GRACE_SECONDS', 10),
    sessionSecret: env.SESSION_SECRET || undefined,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12),
    trustProxy: proxies.length > 0,
    trustedProxies: proxies,
    ...timeouts(env),
    logLevel: env.LOG_LEVEL || (mode === 'test' ? 'silent' : 'info'),
    logFormat: logFormat(env.LOG_FORMAT),
    siteName: env.SITE_NAME || 'Counterclaim',
    publicUrl: publicUrl(env.PUBLIC_URL, integer(env, 'PORT', 3000)),
    pageCacheMb: env.PAGE_CACHE_MB === '0' ? 0 : integer(env, 'PAGE_CACHE_MB', 32),
    fetchAllowHosts: fetchAllowHosts(env.FETCH_ALLOW_HOSTS),
    countQueries: env.BENCH_COUNT_QUERIES === '1',
  };
}

import path from 'node:path';

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
  trustProxy: boolean;
  logLevel: string;
  /** json (one object a line, for machines) or pretty (pino-pretty, a dev dependency, for people). */
  logFormat: 'json' | 'pretty';
  siteName: string;
  /** The address readers use, for canonical links, feeds, the sitemap and structured data. */
  publicUrl: string;
  /** Memory for rendered pages kept for anonymous readers; 0 turns the page cache off. */
  pageCacheMb: number;
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
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL || (mode === 'test' ? 'silent' : 'info'),
    logFormat: logFormat(env.LOG_FORMAT),
    siteName: env.SITE_NAME || 'Counterclaim',
    publicUrl: publicUrl(env.PUBLIC_URL, integer(env, 'PORT', 3000)),
    pageCacheMb: env.PAGE_CACHE_MB === '0' ? 0 : integer(env, 'PAGE_CACHE_MB', 32),
    countQueries: env.BENCH_COUNT_QUERIES === '1',
  };
}

import { createHash, randomBytes } from 'node:crypto';
import session, { SessionData, Store } from 'express-session';
import type { RequestHandler } from 'express';
import type { Db } from '../../db/knex';
import { deleteSession, extendSession, readSession, writeSession } from '../../db/sessions';
import { getOrCreateSetting } from '../../db/settings';
import type { Config } from '../config';

declare module 'express-session' {
  interface SessionData {
    editorId: number;
    signedInAt: number;
    csrfToken: string;
    /** Notices for the next page, in the order they were given (a sign-in's warning, then what was saved). */
    flash: string[];
    /** When the stored row expires, as read (ms since epoch); never written back. */
    storedExpiresAt: number;
  }
}

// Rolling sessions would write the database on every request; the stored expiry moves once it
// is a minute behind (a tenth of the idle limit, if that is shorter), so a session may end up
// to that much before its cookie does.
const EXTEND_AFTER_MS = 60_000;

/** The sessions-table key for a session id: only a hash of it is stored. */
export function hashSid(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

type Callback = (err?: unknown) => void;

/** express-session store on our sessions table; it is only reached by requests that carry a session cookie. */
export class DbSessionStore extends Store {
  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {
    super();
  }

  private expiry(sess: SessionData): Date {
    return sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + this.idleMs);
  }

  get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    readSession(this.db, hashSid(sid)).then(
      (row) => callback(null, row ? { ...(row.data as SessionData), storedExpiresAt: new Date(row.expires_at).getTime() } : null),
      callback,
    );
  }

  set(sid: string, sess: SessionData, callback?: Callback): void {
    const { storedExpiresAt: _stored, ...data } = sess;
    writeSession(this.db, hashSid(sid), data, this.expiry(sess)).then(() => callback?.(), (err) => callback?.(err));
  }

  touch(sid: string, sess: SessionData, callback?: Callback): void {
    const extendAfter = Math.min(EXTEND_AFTER_MS, this.idleMs / 10);
    if (sess.storedExpiresAt && this.expiry(sess).getTime() - sess.storedExpiresAt < extendAfter) return void callback?.();
    extendSession(this.db, hashSid(sid), this.expiry(sess)).then(() => callback?.(), (err) => callback?.(err));
  }

  destroy(sid: string, callback?: Callback): void {
    deleteSession(this.db, hashSid(sid)).then(() => callback?.(), (err) => callback?.(err));
  }
}

/** SESSION_SECRET if set; otherwise one generated once and shared by every process through the database. */
export async function resolveSessionSecret(db: Db, config: Config): Promise<string> {
  if (config.sessionSecret) return config.sessionSecret;
  return getOrCreateSetting(db, 'session_secret', randomBytes(32).toString('base64url'));
}

export function sessionMiddleware(db: Db, config: Config, secret: string): RequestHandler {
  const idleMs = config.sessionIdleMinutes * 60_000;
  return session({
    name: 'cc_session',
    secret,
    store: new DbSessionStore(db, idleMs),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: config.trustProxy,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: idleMs, path: '/' },
  });
}

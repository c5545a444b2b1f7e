import { createHash } from 'node:crypto';
import supertest from 'supertest';
import type { Response } from 'supertest';
import { addEditor, Agent, PASSWORD, submitForm, TestApp, visibleText } from './app';
import type { TestDb } from './db';

// Sessions and their cookies as the sign-in and session tests look at them.

export const WRONG_CREDENTIALS = 'That email and password do not match an active editor account.';
export const THROTTLED = 'Too many failed sign-ins from this connection.';

function findSessionSetCookie(res: Response): string | undefined {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('cc_session='));
}

/** The cc_session cookie a response sets, as a browser would send it back ("cc_session=…"). */
export function sessionCookie(res: Response): string | undefined {
  return findSessionSetCookie(res)?.split(';')[0];
}

/** The whole Set-Cookie line for cc_session, with its attributes. */
export function setCookieHeader(res: Response): string {
  const cookie = findSessionSetCookie(res);
  if (!cookie) throw new Error('no cc_session cookie set');
  return cookie;
}

/** The whole Set-Cookie line for the anonymous form token's cookie. */
export function formCookieHeader(res: Response): string {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => /^(?:__Host-)?cc_form=/.test(c));
  if (!cookie) throw new Error('no cc_form cookie set');
  return cookie;
}

/** When the browser will drop the session cookie, in ms since the epoch. */
export function cookieExpiry(res: Response): number {
  const expires = setCookieHeader(res).match(/Expires=([^;]+)/);
  if (!expires) throw new Error('the session cookie has no expiry');
  return new Date(expires[1]).getTime();
}

/** The sessions-table key for a cookie: the sha256 of the unsigned session id. */
export function sidHashOf(cookie: string): string {
  const signed = decodeURIComponent(cookie.slice('cc_session='.length));
  const sid = signed.slice(2, signed.lastIndexOf('.'));
  return createHash('sha256').update(sid).digest('hex');
}

/** A new editor signed in through the form, with the session cookie they were given. */
export async function signInWithCookie(t: TestApp) {
  const editor = await addEditor(t);
  const agent = t.agent();
  const res = await submitForm(agent, '/signin', '/signin', { email: editor.email, password: PASSWORD });
  expect(res.status).toBe(303);
  const cookie = sessionCookie(res)!;
  expect(cookie).toBeDefined();
  return { agent, cookie, editor };
}

/** Whether the home page offers this browser "Sign out". */
export async function showsSignedIn(agent: Agent): Promise<boolean> {
  const text = visibleText((await agent.get('/').expect(200)).text);
  return text.includes('Sign out');
}

/** A request carrying exactly this cookie, from a browser with no other state. */
export function withCookie(t: TestApp, cookie: string, path: string) {
  return supertest(t.app).get(path).set('Cookie', cookie);
}

export async function countRows(t: Pick<TestDb, 'db'>, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number((await t.db(table).where(where).count({ n: '*' }).first())!.n);
}

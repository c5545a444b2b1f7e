import { setTimeout as sleep } from 'node:timers/promises';
import { Answer, AppClient, ConnectionFailed, encode, formFields, formToken, formVersion, withCookies } from './soak-client';

/** A request that got an answer: when it ran and what status it got. */
export interface Served {
  status: number;
  startedAt: number;
  endedAt: number;
}

/** An edit the app acknowledged with its redirect: it must be in the database and its history. */
export type Acknowledged = { kind: 'source'; name: string } | { kind: 'status'; claimId: number; rationale: string };

export interface LoadRecord {
  served: Served[];
  connectionFailures: number;
  acknowledged: Acknowledged[];
  editorRetries: number;
  /** Forms sent after their editor's session had ended, and how many were saved after signing in from the kept page. */
  endedMidForm: number;
  recoveredMidForm: number;
}

export interface Load {
  record: LoadRecord;
  stop(): Promise<void>;
}

const STATUSES = ['contested', 'false', 'unverified', 'misleading'];
const RETRY_PAUSE_MS = 500;
const MAX_ATTEMPTS = 60;

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/**
 * Readers fetch random public pages from random app processes as fast as they are answered;
 * editors sign in and save, resending after a 503 as the page tells them to. Bounded by
 * `maxRequests` as well as by stop().
 */
export function startLoad(options: {
  clients: AppClient[];
  pages: string[];
  readers: number;
  editors: Array<{ email: string; password: string; claimId: number }>;
  maxRequests: number;
}): Load {
  const record: LoadRecord = { served: [], connectionFailures: 0, acknowledged: [], editorRetries: 0, endedMidForm: 0, recoveredMidForm: 0 };
  let running = true;

  async function send(method: 'GET' | 'POST', path: string, extra: { body?: string; cookie?: string } = {}): Promise<Answer | undefined> {
    if (record.served.length + record.connectionFailures >= options.maxRequests) running = false;
    try {
      const answer = await pick(options.clients).request(method, path, extra);
      record.served.push({ status: answer.status, startedAt: answer.startedAt, endedAt: answer.endedAt });
      return answer;
    } catch (err) {
      if (!(err instanceof ConnectionFailed)) throw err;
      record.connectionFailures += 1;
      return undefined;
    }
  }

  async function reader(): Promise<void> {
    while (running) {
      const answer = await send('GET', pick(options.pages));
      if (!answer) await sleep(50);
    }
  }

  // Repeats a step until the app answers it with one of the wanted statuses (or the load stops).
  async function until(step: () => Promise<Answer | undefined>, wanted: number[]): Promise<Answer | undefined> {
    for (let attempt = 0; running && attempt < MAX_ATTEMPTS; attempt += 1) {
      const answer = await step();
      if (answer && wanted.includes(answer.status)) return answer;
      record.editorRetries += 1;
      await sleep(RETRY_PAUSE_MS);
    }
    return undefined;
  }

  async function signIn(email: string, password: string): Promise<string | undefined> {
    const page = await until(() => send('GET', '/signin'), [200]);
    if (!page) return undefined;
    const jar = withCookies('', page);
    const body = encode({ _csrf: formToken(page.text) ?? '', email, password });
    const done = await until(() => send('POST', '/signin', { body, cookie: jar }), [303]);
    return done && withCookies(jar, done);
  }

  // A create is sent twice with the same body (a double click, a proxy's retry), carrying the
  // form's one-time key when the page has one: the second send must create nothing.
  async function save(cookie: string, formPage: string, action: string, fields: (html: string) => Record<string, string>, twice = false): Promise<boolean> {
    const page = await until(() => send('GET', formPage, { cookie }), [200]);
    if (!page) return false;
    const key = page.text.match(/name="_idempotency_key" value="([^"]+)"/)?.[1];
    const body = encode({ _csrf: formToken(page.text) ?? '', ...(key ? { _idempotency_key: key } : {}), ...fields(page.text) });
    const done = await until(() => send('POST', action, { body, cookie }), [303, 409]);
    if (twice && done?.status === 303) await until(() => send('POST', action, { body, cookie }), [303, 409, 422]);
    return done?.status === 303;
  }

  /**
   * The editor opens the new-source form, signs out in another tab, then sends the form: the page
   * that answers must keep what was typed and send it on once they sign in there. Returns the new
   * cookie jar when that worked.
   */
  async function saveAfterSessionEnded(jar: string, account: { email: string; password: string }, name: string): Promise<string | undefined> {
    const page = await until(() => send('GET', '/sources/new', { cookie: jar }), [200]);
    if (!page) return undefined;
    const signedOut = await until(() => send('POST', '/signout', { body: encode({ _csrf: formToken(page.text) ?? '' }), cookie: jar }), [303]);
    if (!signedOut) return undefined;
    let tab = withCookies(jar, signedOut);
    const typed = { ...formFields(page.text, '/sources'), name, kind: 'other', description: 'Written by npm run soak after its session ended.', edit_summary: name };
    const kept = await until(() => send('POST', '/sources', { body: encode(typed), cookie: tab }), [401, 403]);
    if (!kept) return undefined;
    record.endedMidForm += 1;
    tab = withCookies(tab, kept);
    const resend: Record<string, string> = { ...formFields(kept.text, '/sources'), _signin_email: account.email, _signin_password: account.password };
    if (resend.name !== name) return undefined;
    const done = await until(() => send('POST', '/sources', { body: encode(resend), cookie: tab }), [303]);
    if (!done) return undefined;
    record.recoveredMidForm += 1;
    record.acknowledged.push({ kind: 'source', name });
    return withCookies(tab, done);
  }

  async function editor(index: number, account: { email: string; password: string; claimId: number }): Promise<void> {
    let cookie = await signIn(account.email, account.password);
    for (let n = 1; running && cookie; n += 1) {
      const marker = `soak e${index} n${n}`;
      if (n % 6 === 5) {
        // One save in six finds its session ended: the kept page's sign-in brings a new session.
        cookie = await saveAfterSessionEnded(cookie, account, marker);
      } else if (n % 2) {
        const saved = await save(cookie, '/sources/new', '/sources', () => ({ name: marker, kind: 'other', description: 'Written by npm run soak.', edit_summary: marker }), true);
        if (saved) record.acknowledged.push({ kind: 'source', name: marker });
      } else {
        const status = STATUSES[n % STATUSES.length];
        const saved = await save(cookie, `/claims/${account.claimId}/status`, `/claims/${account.claimId}/status`, (html) => ({ version: formVersion(html) ?? '', status, rationale: marker }));
        if (saved) record.acknowledged.push({ kind: 'status', claimId: account.claimId, rationale: marker });
      }
      await sleep(100);
    }
  }

  const workers = [
    ...Array.from({ length: options.readers }, () => reader()),
    ...options.editors.map((account, i) => editor(i + 1, account)),
  ];
  return {
    record,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

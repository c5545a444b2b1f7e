import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { createEditor, Editor, Role } from '../../db/editors';
import { runSeeds } from '../../db/seed';
import { hashPassword } from '../../server/lib/passwords';
import { createTestDb, TestDb } from './db';
import { decodeEntities } from './html';

export type Agent = InstanceType<typeof TestAgent>;

export interface TestApp extends TestDb {
  app: Express;
  /** A fresh cookie jar: one browser. */
  agent(): Agent;
  /** A browser signed in as a new editor with this role. */
  signedIn(role?: Role): Promise<{ agent: Agent; editor: Editor }>;
}

export const PASSWORD = 'correct horse battery staple';
let editorCount = 0;

/** The real app on a fresh database; `seed` loads the founding case. */
export async function startTestApp(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  if (options.seed) await runSeeds(testDb.db);
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  const app = createApp({ db: testDb.db, config, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), sessionSecret: 'test secret' });
  const agent = () => supertest.agent(app);
  return {
    ...testDb,
    app,
    agent,
    async signedIn(role: Role = 'editor') {
      const editor = await addEditor(testDb, role);
      const browser = agent();
      await signIn(browser, editor.email, PASSWORD).expect(303);
      return { agent: browser, editor };
    },
  };
}

/** Serves the app on a free loopback port, for a real browser, raw sockets or another HTTP client. */
export async function listen(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface ListeningTestApp extends TestApp {
  /** Where the app answers, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** Closes the server, then drops the database. */
  stop(): Promise<void>;
}

/** startTestApp, listening on a free loopback port. */
export async function startListeningTestApp(options: Parameters<typeof startTestApp>[0] = {}): Promise<ListeningTestApp> {
  const t = await startTestApp(options);
  const server = await listen(t.app);
  return {
    ...t,
    baseUrl: server.baseUrl,
    async stop() {
      await server.close();
      await t.drop();
    },
  };
}

export async function addEditor(testDb: Pick<TestDb, 'db'>, role: Role = 'editor'): Promise<Editor> {
  editorCount += 1;
  return createEditor(testDb.db, {
    email: `editor${editorCount}-${process.pid}@example.org`,
    name: `Editor ${editorCount}`,
    password_hash: await hashPassword(PASSWORD),
    role,
  });
}

/** The CSRF token from the first form on a page. */
export function csrfFrom(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export type Fields = Record<string, string | string[]>;

/** URL-encodes fields as a browser does: a list becomes the same name repeated. */
export function encodeForm(fields: Fields): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  }
  return body.toString();
}

/** GETs a page with a form, then POSTs the fields with the page's CSRF token, as a browser does. */
export async function submitForm(agent: Agent, formPage: string, action: string, fields: Fields) {
  const page = await agent.get(formPage).expect(200);
  return agent.post(action).type('form').send(encodeForm({ _csrf: csrfFrom(page.text), ...fields }));
}

export function signIn(agent: Agent, email: string, password: string) {
  return {
    expect: async (status: number) => {
      const response = await submitForm(agent, '/signin', '/signin', { email, password });
      expect(response.status).toBe(status);
      return response;
    },
  };
}

/** Text content of the HTML, tags removed and entities decoded: what a reader sees. */
export function visibleText(html: string): string {
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    // Inline elements join their neighbours, as a browser shows them; any other tag breaks words apart.
    .replace(/<\/?(?:mark|a|span|strong|em|bdi|time|del|ins|code|abbr|b|i)(?:\s[^>]*)?>/g, '')
    .replace(/<[^>]+>/g, ' ');
  return decodeEntities(text).replace(/\s+/g, ' ');
}

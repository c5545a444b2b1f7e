import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';
import { addEditor, Agent, ListeningTestApp, PASSWORD, startListeningTestApp } from './support/app';
import { axeViolations, launchChromium } from './support/browser';
import { claimIdByText, LOSSES, NO_LOSSES_WORDS, PONOMAREV } from './support/founding-case';

const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');

let t: ListeningTestApp;
let chromium: Browser;
let pages: { reader: string[]; editor: string[]; moderation: string[] };

beforeAll(async () => {
  t = await startListeningTestApp({ seed: true });
  chromium = await launchChromium();
  const claimId = await claimIdByText(t, NO_LOSSES_WORDS);
  const [tip] = await t.db('tips').insert({ claim_id: claimId, body: 'They did lose fighters.', evidence_url: 'https://example.org/report', email: 'reader@example.org' }).returning('id');
  await t.db('tips').insert({ claim_id: claimId, body: 'A handled tip.', state: 'dismissed', resolution_note: 'Not about this claim.', handled_at: new Date() });
  // A second version of the claim, so the compare page shows words removed and added.
  const first = await t.db('revisions').where({ entity_type: 'claim', entity_id: claimId, version: 1 }).first();
  await t.db('revisions').insert({
    entity_type: 'claim', entity_id: claimId, version: 2, summary: 'Reworded',
    snapshot: JSON.stringify({ ...first.snapshot, text: 'we didn’t lose a single fighter', status: 'false' }),
  });
  const documentId = (await t.db('documents').first('id')).id;
  pages = {
    reader: [`/documents/${documentId}`, '/documents', '/setup', '/', LOSSES, `/claims/${claimId}`, '/sources', PONOMAREV, '/search', '/search?q=soldier', '/signin', '/statuses', '/api', '/nowhere',
      '/sources?sort=record', `/claims/${claimId}/tip`, `${LOSSES}/tip`],
    editor: [
      '/disputes/new', `${LOSSES}/edit`, `${LOSSES}/claims/new`, `/claims/${claimId}/edit`, `/claims/${claimId}/status`,
      `/claims/${claimId}/links/new`, '/sources/new', `${PONOMAREV}/edit`, `/history/claim/${claimId}`,
      `/history/claim/${claimId}/compare?from=1&to=1`, `/history/claim/${claimId}/compare?from=1&to=2`, '/changes', '/admin/editors', LOSSES,
      '/documents/new', `/documents/${documentId}`, `/documents/${documentId}/edit`, `/documents/${documentId}/replace`, `/history/document/${documentId}`,
    ],
    moderation: ['/tips', '/tips/handled', `/tips/${tip.id}`],
  };
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

async function signedInContext(): Promise<BrowserContext> {
  const { email } = await addEditor(t, 'admin');
  const context = await chromium.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/signin`);
  await page.fill('[name="email"]', email);
  await page.fill('[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${t.baseUrl}/`), page.click('button:has-text("Sign in")')]);
  await page.close();
  return context;
}

async function auditPages(context: BrowserContext, paths: string[]): Promise<Record<string, string[]>> {
  const page = await context.newPage();
  const found: Record<string, string[]> = {};
  for (const p of paths) {
    await page.goto(`${t.baseUrl}${p}`);
    const violations = await axeViolations(page);
    if (violations.length) found[p] = violations;
  }
  await page.close();
  return found;
}

describe('accessibility (axe-core in Chromium)', () => {
  it('finds no violations on reader pages', async () => {
    const context = await chromium.newContext({ bypassCSP: true });
    expect(await auditPages(context, pages.reader)).toEqual({});
    await context.close();
  });

  it('finds no violations on editor pages and forms, also when a form shows its errors', async () => {
    const context = await signedInContext();
    expect(await auditPages(context, pages.editor)).toEqual({});
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/sources/new`);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Create source")')]);
    expect(await page.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('finds no violations on the tip form showing its errors, nor in the editors’ moderation queue', async () => {
    const readerContext = await chromium.newContext({ bypassCSP: true });
    const page = await readerContext.newPage();
    await page.goto(`${t.baseUrl}${LOSSES}/tip`);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send to the editors")')]);
    expect(await page.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await readerContext.close();
    const context = await signedInContext();
    expect(await auditPages(context, pages.moderation)).toEqual({});
    await context.close();
  });
});

describe('valid HTML (the W3C Nu checker)', () => {
  async function fetchAll(agent: Agent, paths: string[], dir: string, prefix: string): Promise<void> {
    for (const [i, p] of paths.entries()) {
      const res = await agent.get(p);
      fs.writeFileSync(path.join(dir, `${prefix}-${i}.html`), `<!-- ${p} -->\n${res.text}`);
    }
  }

  it('reports no errors on any reader or editor page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-vnu-'));
    await fetchAll(t.agent(), pages.reader, dir, 'reader');
    const editor = (await t.signedIn('admin')).agent;
    await fetchAll(editor, pages.editor, dir, 'editor');
    await fetchAll(editor, pages.moderation, dir, 'moderation');
    const bad = await editor.post('/sources').type('form').send(`_csrf=${(await editor.get('/sources/new')).text.match(/name="_csrf" value="([^"]+)"/)![1]}`);
    fs.writeFileSync(path.join(dir, 'editor-errors.html'), bad.text);
    const reader = t.agent();
    const tipForm = await reader.get(`${LOSSES}/tip`);
    const badTip = await reader.post(`${LOSSES}/tip`).type('form').send(`_csrf=${tipForm.text.match(/name="_csrf" value="([^"]+)"/)![1]}&website=x`);
    fs.writeFileSync(path.join(dir, 'reader-tip-errors.html'), badTip.text);

    const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
    const { stderr } = await promisify(execFile)('java', ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files], { maxBuffer: 20 * 1024 * 1024 })
      .catch((err) => ({ stderr: String(err.stderr ?? err) }));
    const messages = (JSON.parse(stderr).messages as { type: string; url: string; message: string; lastLine: number }[])
      .filter((m) => m.type === 'error')
      .map((m) => `${path.basename(m.url)}:${m.lastLine} ${m.message}`);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(messages).toEqual([]);
  });
});

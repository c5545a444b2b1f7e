import type { Browser, Page } from 'playwright-core';
import { addEditor, ListeningTestApp, PASSWORD, startListeningTestApp } from './support/app';
import { launchChromium } from './support/browser';
import { LOSSES } from './support/founding-case';

// Text an attacker might type into any field. Each must come back as inert text, or be refused with a 4xx.
const STORED_AS_TEXT = [
  '<script>window.__pwned = 1</script>',
  '"><img src=x onerror="window.__pwned = 1">',
  "'><svg onload=alert(1)>",
  '</script><script>window.__pwned = 1</script>',
  '<%= 7*7 %> and ${7*7} and {{7*7}}',
  "Robert'); DROP TABLE claims; -- \\ %",
  'abc\u202Edcba — right-to-left override',
  'Москва, Київ: “не втратили жодного солдата” 🚀',
];
// Two rounds through every form, each carrying half of the payloads in every field (titles stay under their limit).
const ROUNDS = [STORED_AS_TEXT.slice(0, 4).join(' '), STORED_AS_TEXT.slice(4).join(' ')];
const REFUSED_URLS = ['javascript:window.__pwned=1', 'data:text/html,<script>window.__pwned=1</script>', 'vbscript:msgbox(1)', '//evil.example/x'];

let t: ListeningTestApp;
let chromium: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  t = await startListeningTestApp({ seed: true });
  chromium = await launchChromium();
  page = await chromium.newPage();
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const { email } = await addEditor(t);
  await page.goto(`${t.baseUrl}/signin`);
  await page.fill('[name="email"]', email);
  await page.fill('[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${t.baseUrl}/`), page.click('button:has-text("Sign in")')]);
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

/** Opens a form, fills fields by name (selects by value), submits it, and returns the response status. */
async function submit(path: string, fields: Record<string, string | string[]>, button: string): Promise<number> {
  await page.goto(`${t.baseUrl}${path}`);
  for (const [name, value] of Object.entries(fields)) {
    const values = Array.isArray(value) ? value : [value];
    for (const [i, v] of values.entries()) {
      const field = page.locator(`[name="${name}"]:visible`).nth(i);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(v);
      else await field.fill(v);
    }
  }
  const [response] = await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${button}")`)]);
  return response!.status();
}

/** Proves in the browser itself that nothing the editors typed became markup or ran. */
async function expectInert(path: string, payload: string): Promise<void> {
  await page.goto(`${t.baseUrl}${path}`);
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: number }).__pwned,
    scripts: document.querySelectorAll('script:not([type="application/ld+json"])').length,
    handlers: document.querySelectorAll('[onerror], [onload], svg:not(.number-line-svg), img[src="x"]').length,
    text: document.body.innerText,
  }));
  expect(state).toMatchObject({ pwned: undefined, scripts: 0, handlers: 0 });
  expect(state.text).toContain(payload);
  expect(dialogs).toEqual([]);
}

describe('hostile input through every editor form, rendered in Chromium', () => {
  it.each(ROUNDS.map((payload, i) => [i, payload]))('round %i: every payload is stored and shown as inert text', async (i, payload) => {
    expect(await submit('/sources/new', { name: `Source ${i} ${payload}`, kind: 'person', description: payload, url: 'https://example.org/a?b=1&c="2"' }, 'Create source')).toBe(200);
    const sourcePath = new URL(page.url()).pathname;

    expect(await submit('/disputes/new', {
      title: `Dispute ${i} ${payload}`, summary: payload, events_place: payload, position_label: [`For ${payload}`, `Against ${i}`],
      state: 'published', edit_summary: payload,
    }, 'Create dispute')).toBe(200);
    const disputePath = new URL(page.url()).pathname;
    const sourceId = String((await t.db('sources').where('name', `Source ${i} ${payload}`).first('id')).id);
    const positions = await t.db('positions').join('disputes', 'disputes.id', 'positions.dispute_id')
      .where('disputes.title', `Dispute ${i} ${payload}`).orderBy('sort_order').pluck('positions.id');

    const claimFields = (text: string, position: number) => ({
      position_id: String(position), source_id: sourceId, text, wording: 'verbatim', said_on: '2023-05-24', said_on_precision: 'day',
      venue: payload, url: 'https://example.org/"onmouseover="x', original_text: payload, original_language: 'ru', status: 'unverified', rationale: payload, edit_summary: payload,
    });
    expect(await submit(`${disputePath}/claims/new`, claimFields(payload, positions[0]), 'Record claim')).toBe(200);
    expect(await submit(`${disputePath}/claims/new`, claimFields(`Counter ${i}`, positions[1]), 'Record claim')).toBe(200);
    const [claimId, counterId] = await t.db('claims').whereIn('position_id', positions).orderBy('id').pluck('id');

    expect(await submit(`/claims/${claimId}/links/new`, { type: 'contradicts', to_claim_id: String(counterId), note: payload, edit_summary: payload }, 'Save link')).toBe(200);
    expect(await submit(`/claims/${claimId}/status`, { status: 'contested', rationale: `Because ${payload}` }, 'Save status')).toBe(200);
    expect(await submit(`/claims/${claimId}/edit`, { venue: `Edited ${payload}`, figure_measure: payload, figure_low: '7', edit_summary: payload }, 'Save claim')).toBe(200);
    expect(await submit(`/claims/${claimId}/evidence/new`, {
      kind: 'document', title: `Evidence ${payload}`, url: 'https://example.org/"><script>x</script>', publisher: payload, description: payload, bearing: 'refutes',
    }, 'Add evidence')).toBe(200);

    await expectInert(disputePath, payload);
    await expectInert(`/claims/${claimId}`, `Because ${payload}`);
    await expectInert(`/claims/${claimId}`, `Evidence ${payload}`);
    await expectInert(sourcePath, payload);
    await expectInert(`/history/claim/${claimId}`, payload);
    await expectInert(`/history/claim/${claimId}/compare?from=1`, `Edited ${payload}`);
    await expectInert('/changes', payload);
    await expectInert('/', `Dispute ${i} ${payload}`);
  });

  it.each(REFUSED_URLS)('refuses the URL %s with a clear message and keeps the rest of the form', async (url) => {
    const before = await t.db('sources').count({ n: '*' }).first();
    expect(await submit('/sources/new', { name: 'Kept name', kind: 'media', url }, 'Create source')).toBe(422);
    expect(await page.locator('#field-url-error').innerText()).toContain('must be a full web address starting with http:// or https://');
    expect(await page.inputValue('[name="name"]')).toBe('Kept name');
    expect(await page.inputValue('[name="url"]')).toBe(url);
    expect(await t.db('sources').count({ n: '*' }).first()).toEqual(before);
    expect(dialogs).toEqual([]);
  });

  it('refuses a 100 kB quote with a clear message, never a 500', async () => {
    const disputePath = LOSSES;
    const huge = 'x'.repeat(100_000);
    await page.goto(`${t.baseUrl}${disputePath}/claims/new`);
    // A browser enforces maxlength while typing; set the value directly, as a script or a crafted request would.
    await page.locator('[name="text"]').evaluate((el, value) => { (el as HTMLTextAreaElement).value = value; }, huge);
    await page.fill('[name="venue"]', 'Somewhere');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Record claim")')]);
    expect(response!.status()).toBe(422);
    expect(await page.locator('#field-text-error').innerText()).toContain('Claim must be at most 5000 characters (this has 100000)');
  });
});

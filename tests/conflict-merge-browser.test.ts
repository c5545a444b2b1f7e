import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addEditor, ListeningTestApp, PASSWORD, startListeningTestApp } from './support/app';
import { axeViolations, launchChromium, SCREENSHOT_DIR } from './support/browser';
import { NO_LOSSES_WORDS, unanchorClaim } from './support/founding-case';

// Two editors in two browser contexts (two cookie jars) edit the same claim in Chromium.

let t: ListeningTestApp;
let chromium: Browser;
let claimId: number;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  t = await startListeningTestApp({ seed: true });
  chromium = await launchChromium();
  claimId = (await t.db('claims').where('text', 'like', `%${NO_LOSSES_WORDS}%`).first('id')).id;
  await unanchorClaim(t, claimId);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await chromium?.close();
  await t?.stop();
});

/** A new browser context signed in as a new editor. CSP is bypassed only so axe-core can be injected. */
async function editorPage(): Promise<Page> {
  const editor = await addEditor(t);
  const context = await chromium.newContext({ bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/signin`);
  await page.fill('input[name="email"]', editor.email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${t.baseUrl}/`), page.click('button:has-text("Sign in")')]);
  return page;
}

async function save(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save claim")')]);
}

const claim = () => t.db('claims').where('id', claimId).first();

describe('two editors in Chromium editing the same claim', () => {
  it('keeps A\'s new address and B\'s new text when each changed a different field', async () => {
    const [a, b] = [await editorPage(), await editorPage()];
    await a.goto(`${t.baseUrl}/claims/${claimId}/edit`);
    await b.goto(`${t.baseUrl}/claims/${claimId}/edit`);

    await a.fill('[name="url"]', 'https://example.org/address-from-a');
    await save(a);
    expect(a.url()).toBe(`${t.baseUrl}/claims/${claimId}`);

    await b.fill('[name="text"]', 'Text from editor B.');
    await save(b);
    expect(b.url()).toBe(`${t.baseUrl}/claims/${claimId}`);
    await expect(b.locator('.notice').innerText()).resolves.toBe('Claim saved. Someone else had meanwhile changed Web address; their change is kept.');
    expect(await claim()).toMatchObject({ url: 'https://example.org/address-from-a', text: 'Text from editor B.' });
  });

  it('asks B to choose where both changed the text, and saves the choice with A\'s other change kept', async () => {
    const [a, b] = [await editorPage(), await editorPage()];
    await a.goto(`${t.baseUrl}/claims/${claimId}/edit`);
    await b.goto(`${t.baseUrl}/claims/${claimId}/edit`);

    await a.fill('[name="text"]', 'Text rewritten by A.');
    await a.fill('[name="venue"]', 'Venue from A');
    await save(a);

    await b.fill('[name="text"]', 'Text rewritten by B.');
    await save(b);
    const box = b.locator('.conflict');
    await expect(box.innerText()).resolves.toContain('Someone else saved this while you were editing');
    await expect(box.locator('fieldset', { hasText: 'Keep the saved version' }).innerText()).resolves.toMatch(/Text rewritten by A\.[\s\S]*Text rewritten by B\./);
    // A's venue is in the form now, not B's stale one; B's text is kept.
    expect(await b.inputValue('[name="venue"]')).toBe('Venue from A');
    expect(await b.inputValue('[name="text"]')).toBe('Text rewritten by B.');
    expect({ violations: await axeViolations(b) }).toEqual({ violations: [] });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await b.screenshot({ path: path.join(SCREENSHOT_DIR, 'conflict-merge.png'), fullPage: true });

    // Saving without choosing comes back with a message and everything still there.
    await save(b);
    await expect(b.locator('.error-summary').innerText()).resolves.toContain('Choose which version to keep for: Claim.');
    expect(await b.inputValue('[name="text"]')).toBe('Text rewritten by B.');
    expect(await b.inputValue('[name="venue"]')).toBe('Venue from A');
    expect(await claim()).toMatchObject({ text: 'Text rewritten by A.', venue: 'Venue from A' });

    await b.check('input[name="_choose_text"][value="yours"]');
    await save(b);
    expect(b.url()).toBe(`${t.baseUrl}/claims/${claimId}`);
    expect(await claim()).toMatchObject({ text: 'Text rewritten by B.', venue: 'Venue from A' });
  });
});

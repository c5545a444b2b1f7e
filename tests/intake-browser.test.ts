import path from 'node:path';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createSource } from '../db/sources';
import { ARTICLE } from './support/intake-article';
import { addEditor, PASSWORD, startTestApp, TestApp } from './support/app';
import { axeViolations, launchChromium, listen, SCREENSHOT_DIR } from './support/browser';

// An editor takes three claims from a pasted article on one page in Chromium, creating one
// speaker there; a reader then sees them side by side on the new dispute's page.

let t: TestApp;
let chromium: Browser;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  t = await startTestApp();
  server = await listen(t.app);
  chromium = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
  await t?.drop();
});

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return box;
}

describe('intake in Chromium', () => {
  it('an editor keeps three candidates and creates a speaker inline; a reader sees the claims side by side', async () => {
    const by = { editorId: null, summary: 'Known already' };
    await createSource(t.db, { slug: 'mod', name: 'Russian Defence Ministry', kind: 'government', description: '', affiliation_id: null, url: null }, by);
    await createSource(t.db, { slug: 'yusov', name: 'Andriy Yusov', kind: 'person', description: '', affiliation_id: null, url: null }, by);
    const editor = await addEditor(t);

    const page = await chromium.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.baseUrl}/signin`);
    await page.fill('input[name="email"]', editor.email);
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.click('button:has-text("Sign in")')]);

    // The article is pasted into the document form, dated to the month it gives.
    await page.goto(`${server.baseUrl}/documents/new`);
    await page.fill('[name="title"]', 'Belgorod raid: three accounts');
    await page.fill('[name="published_on"]', '2023-05-01');
    await page.selectOption('[name="published_on_precision"]', 'month');
    await page.selectOption('[name="language"]', 'en');
    await page.fill('[name="text"]', ARTICLE);
    await Promise.all([page.waitForURL(/\/documents\/\d+$/), page.click('button:has-text("Add document")')]);
    const documentPath = new URL(page.url()).pathname;
    await page.click('a:has-text("New claims from this document")');
    await page.waitForURL(`${server.baseUrl}${documentPath}/claims/new`);
    await expect(page.locator('#candidate-1 mark').innerText()).resolves.toBe('We didn\'t lose a single soldier in these raids.');
    expect(await axeViolations(page)).toEqual([]);
    await page.fill('[name="dispute_title"]', 'Who was behind the Belgorod raid?');
    const labels = ['The raiders were crushed', 'The Legion lost nobody', 'Ukraine had no part'];
    for (const [k, label] of labels.entries()) await page.fill(`#position-${k}`, label);
    await page.selectOption('[name="dispute_state"]', 'published');
    // The two known speakers are matched by name; Ponomarev is new.
    await expect(page.locator('[name="c0_speaker"]').inputValue()).resolves.not.toBe('new');
    await expect(page.locator('[name="c1_new_speaker_name"]').inputValue()).resolves.toBe('Ilya Ponomarev');
    for (const [row, position] of [[0, 'new-0'], [1, 'new-1'], [4, 'new-2']] as const) {
      await page.check(`[name="c${row}_keep"]`);
      await page.selectOption(`[name="c${row}_position"]`, position);
    }
    await page.selectOption('[name="c1_speaker"]', 'new');
    await page.selectOption('#link-from-0', '0');
    await page.selectOption('#link-to-0', '1');
    await Promise.all([page.waitForURL(/\/disputes\/who-was-behind-the-belgorod-raid$/), page.click('button:has-text("Save the kept claims")')]);
    await expect(page.locator('body').innerText()).resolves.toContain('3 claims recorded');
    await page.close();

    const reader = await chromium.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    await reader.goto(`${server.baseUrl}/disputes/who-was-behind-the-belgorod-raid`);
    const [left, right] = [await boxOf(reader, '.position >> nth=0'), await boxOf(reader, '.position >> nth=1')];
    expect(Math.abs(left.y - right.y)).toBeLessThan(2);
    expect(right.x).toBeGreaterThan(left.x + left.width - 1);
    await expect(reader.locator('.position >> nth=0').innerText()).resolves.toContain('killing 70 fighters');
    await expect(reader.locator('.position >> nth=1').innerText()).resolves.toContain('We didn\'t lose a single soldier in these raids.');
    await expect(reader.locator('.position >> nth=1').innerText()).resolves.toContain('Ilya Ponomarev');
    await expect(reader.locator('.position >> nth=2').innerText()).resolves.toContain('Ukraine has nothing to do with what happens inside Russia.');
    await reader.screenshot({ path: path.join(SCREENSHOT_DIR, 'intake-dispute.png'), fullPage: true });

    // The reader follows a claim's "from:" line to the article, where the three passages are marked.
    await Promise.all([reader.waitForURL(/\/documents\/\d+#passage-\d+$/), reader.click('.position >> nth=1 >> a:has-text("Belgorod raid: three accounts")')]);
    const marks = await reader.locator('mark').allInnerTexts();
    expect(marks).toEqual(expect.arrayContaining([
      'We didn\'t lose a single soldier in these raids.',
      'Ukraine has nothing to do with what happens inside Russia.',
    ]));
    expect(marks.some((mark) => mark.includes('killing 70 fighters'))).toBe(true);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.screenshot({ path: path.join(SCREENSHOT_DIR, 'intake-document.png'), fullPage: true });
    await reader.close();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addEditor, ListeningTestApp, PASSWORD, startListeningTestApp } from './support/app';
import { axeViolations, launchChromium, SCREENSHOT_DIR } from './support/browser';
import { LOSSES, NO_LOSSES_WORDS } from './support/founding-case';

let t: ListeningTestApp;
let chromium: Browser;

beforeAll(async () => {
  t = await startListeningTestApp({ seed: true });
  chromium = await launchChromium();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

// Each page is its own browser context (its own cookies). CSP is bypassed only so axe-core can be injected.
async function newPage(width = 1280): Promise<Page> {
  return chromium.newPage({ bypassCSP: true, viewport: { width, height: 900 } });
}

/** axe-core on the page the journey just reached: every page visited must be free of violations. */
async function expectAccessible(page: Page): Promise<void> {
  expect({ url: page.url(), violations: await axeViolations(page) }).toEqual({ url: page.url(), violations: [] });
}

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto(`${t.baseUrl}/signin`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await Promise.all([page.waitForURL(`${t.baseUrl}/`), page.click('button:has-text("Sign in")')]);
}

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return box;
}

describe('a reader in Chromium', () => {
  it('searches, opens the founding dispute and sees the positions side by side', async () => {
    const page = await newPage();
    await page.goto(t.baseUrl);
    await expectAccessible(page);
    await page.click('nav >> text=Search');
    await page.fill('[name="q"]', 'Belgorod fighters');
    await Promise.all([page.waitForURL(/\/search\?q=Belgorod/), page.click('main button:has-text("Search")')]);
    await expectAccessible(page);
    await page.click('text=Did the Freedom of Russia Legion lose fighters');
    await page.waitForURL(`${t.baseUrl}${LOSSES}`);
    await expectAccessible(page);
    const [left, right] = [await boxOf(page, '.position >> nth=0'), await boxOf(page, '.position >> nth=1')];
    expect(Math.abs(left.y - right.y)).toBeLessThan(2);
    expect(right.x).toBeGreaterThan(left.x + left.width - 1);
    await expect(page.locator('.position >> nth=0').innerText()).resolves.toContain(NO_LOSSES_WORDS);
    await expect(page.locator('.position >> nth=1').innerText()).resolves.toContain('killing 70 fighters');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dispute-desktop.png'), fullPage: true });
    await page.close();
  });

  it('sees the positions stacked on a 360 px phone screen', async () => {
    const page = await newPage(360);
    await page.goto(`${t.baseUrl}${LOSSES}`);
    await expectAccessible(page);
    const [first, second] = [await boxOf(page, '.position >> nth=0'), await boxOf(page, '.position >> nth=1')];
    expect(second.y).toBeGreaterThanOrEqual(first.y + first.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'dispute-phone.png'), fullPage: true });
    await page.close();
  });
});

describe('an editor in Chromium', () => {
  it('records a dispute with two opposing, linked claims through the forms, and a reader sees it', async () => {
    const { email } = await addEditor(t);
    const page = await newPage();
    await signInAs(page, email);

    await page.goto(`${t.baseUrl}/disputes/new`);
    await expectAccessible(page);
    await page.fill('[name="title"]', 'Was the Kherson bridge hit on 12 July?');
    await page.locator('input[name="position_label"]').nth(0).fill('Hit');
    await page.locator('input[name="position_label"]').nth(1).fill('Not hit');
    await page.selectOption('[name="state"]', 'published');
    await Promise.all([page.waitForURL(/\/disputes\/was-the-kherson-bridge-hit-on-12-july$/), page.click('button:has-text("Create dispute")')]);
    await expectAccessible(page);

    const addClaim = async (position: string, source: string, text: string) => {
      await page.click(`a:has-text("Add a claim")`);
      await expectAccessible(page);
      await page.selectOption('[name="position_id"]', { label: position });
      await page.selectOption('[name="source_id"]', { label: source });
      await page.fill('[name="text"]', text);
      await page.selectOption('[name="wording"]', 'verbatim');
      await page.fill('[name="said_on"]', '2023-07-12');
      await page.fill('[name="venue"]', 'Statement on Telegram');
      await page.fill('[name="rationale"]', 'Not yet checked.');
      await Promise.all([page.waitForURL(/#claim-\d+$/), page.click('button:has-text("Record claim")')]);
    };
    await addClaim('Hit', 'Ilya Ponomarev', 'The bridge was hit.');
    await addClaim('Not hit', 'Russian authorities', 'The bridge is intact.');

    await page.click('.claim:has-text("The bridge is intact.") >> text=Link');
    await expectAccessible(page);
    await page.selectOption('[name="type"]', 'contradicts');
    await page.selectOption('[name="to_claim_id"]', { index: 1 });
    await Promise.all([page.waitForURL(/\/claims\/\d+$/), page.click('button:has-text("Save link")')]);

    await expectAccessible(page);
    await page.click('text=Change status');
    await expectAccessible(page);
    await page.selectOption('[name="status"]', 'contested');
    await page.fill('[name="rationale"]', 'The two parties contradict each other.');
    await Promise.all([page.waitForURL(/\/claims\/\d+$/), page.click('button:has-text("Save status")')]);
    await page.close();

    const reader = await newPage();
    await reader.goto(`${t.baseUrl}/disputes/was-the-kherson-bridge-hit-on-12-july`);
    await expectAccessible(reader);
    const hit = await reader.locator('.position >> nth=0').innerText();
    const notHit = await reader.locator('.position >> nth=1').innerText();
    expect(hit).toContain('The bridge was hit.');
    expect(hit).toContain('Contradicted by');
    expect(notHit).toContain('The bridge is intact.');
    expect(notHit).toMatch(/contested/i);
    expect(notHit).toContain('The two parties contradict each other.');
    expect(await reader.locator('text=Sign out').count()).toBe(0);
    await reader.close();
  });
});

import type { Browser } from 'playwright-core';
import { addEditor, ListeningTestApp, PASSWORD, startListeningTestApp } from './support/app';
import { axeViolations, launchChromium } from './support/browser';

// The issue's own case in a real browser: two tabs of one browser share its cookies.

let t: ListeningTestApp;
let chromium: Browser;

beforeAll(async () => {
  t = await startListeningTestApp({ seed: true });
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await t?.stop();
});

it('an editor who signed out in another tab keeps the typed text, signs in and the record is saved with it', async () => {
  const editor = await addEditor(t);
  const context = await chromium.newContext({ bypassCSP: true });
  const [writing, other] = [await context.newPage(), await context.newPage()];

  await writing.goto(`${t.baseUrl}/signin`);
  await writing.fill('input[name="email"]', editor.email);
  await writing.fill('input[name="password"]', PASSWORD);
  await Promise.all([writing.waitForURL(`${t.baseUrl}/`), writing.click('button:has-text("Sign in")')]);

  await writing.goto(`${t.baseUrl}/sources/new`);
  await writing.fill('#field-name', 'Source Typed In Chromium');
  await writing.selectOption('#field-kind', 'organisation');
  const description = 'A long description typed before the session ended in the other tab.';
  await writing.fill('#field-description', description);

  await other.goto(`${t.baseUrl}/`);
  await Promise.all([other.waitForURL(`${t.baseUrl}/`), other.click('button:has-text("Sign out")')]);

  await Promise.all([writing.waitForLoadState(), writing.click('button:has-text("Create source")')]);
  await writing.waitForSelector('h1:has-text("You have been signed out")');
  expect(await writing.inputValue('textarea[name="description"]')).toBe(description);
  expect(await writing.inputValue('textarea[name="name"]')).toBe('Source Typed In Chromium');
  expect(await axeViolations(writing)).toEqual([]);

  await writing.fill('input[name="_signin_email"]', editor.email);
  await writing.fill('input[name="_signin_password"]', PASSWORD);
  await Promise.all([writing.waitForURL(/\/sources\/source-typed-in-chromium$/), writing.click('button:has-text("Sign in and send")')]);
  expect(await writing.textContent('main')).toContain(description);
  expect(await t.db('sources').where({ name: 'Source Typed In Chromium' }).first()).toMatchObject({ description });
  await context.close();
});

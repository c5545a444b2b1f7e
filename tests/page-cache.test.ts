import supertest from 'supertest';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { Agent, csrfFrom, encodeForm, Fields, startTestApp, TestApp, visibleText } from './support/app';
import { LOSSES, LOSSES_SLUG, NO_LOSSES_WORDS, STRIP, STRIP_SLUG } from './support/founding-case';
import { formOnPage } from './support/page-form';

// Anonymous readers get dispute pages from a rendered-page cache. Every save an editor makes
// must show on the very next anonymous request, in this process and in any other.

/** Opens an editor form, changes some fields and saves it; the save must succeed. */
async function save(agent: Agent, formPage: string, changes: Fields): Promise<void> {
  const page = await agent.get(formPage).expect(200);
  const { action, fields } = formOnPage(page.text);
  const res = await agent.post(action).type('form').send(encodeForm({ ...fields, _csrf: csrfFrom(page.text), ...changes }));
  expect(res.status).toBe(303);
}

function claimCards(html: string): string[] {
  return html.split('<article class="claim" id="claim-').slice(1).map((part) => part.split('</article>')[0]);
}

function claimIdOf(html: string, words: string): number {
  const card = claimCards(html).find((part) => part.includes(words));
  if (!card) throw new Error(`no claim with "${words}"`);
  return Number(card.match(/^\d+/)![0]);
}

function claimCard(html: string, id: number): string {
  return claimCards(html).find((part) => part.startsWith(`${id}"`)) ?? '';
}

describe('the page cache for anonymous readers of dispute pages', () => {
  let t: TestApp;
  let editor: Agent;
  const reader = () => t.agent().get(LOSSES).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    ({ agent: editor } = await t.signedIn());
  });
  afterAll(() => t.drop());

  it('sends anonymous readers a page shared caches may keep but must revalidate, with an ETag', async () => {
    const res = await reader();
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.headers.vary).toMatch(/Cookie/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await reader()).text).toBe(res.text);
  });

  it('answers 304 with no body when If-None-Match carries the current ETag, and 200 otherwise', async () => {
    const { headers } = await reader();
    const unchanged = await t.agent().get(LOSSES).set('If-None-Match', headers.etag).expect(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.etag).toBe(headers.etag);
    await t.agent().get(LOSSES).set('If-None-Match', '"something-else"').expect(200);
  });

  it('sends a kept page with every header the full stack sends: security headers, request id, length', async () => {
    const rendered = await reader();
    const kept = await reader();
    expect(kept.text).toBe(rendered.text);
    for (const header of ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'content-type', 'etag', 'cache-control', 'vary']) {
      expect([header, kept.headers[header]]).toEqual([header, rendered.headers[header]]);
    }
    expect(kept.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(kept.headers['x-request-id']).not.toBe(rendered.headers['x-request-id']);
    expect(Number(kept.headers['content-length'])).toBe(Buffer.byteLength(kept.text));
  });

  it('answers a kept page’s revalidation with any of the tags a browser may send, and a HEAD with no body', async () => {
    const { headers } = await reader();
    for (const tags of [headers.etag, `W/${headers.etag}`, `"other", ${headers.etag}`, '*']) {
      const res = await t.agent().get(LOSSES).set('If-None-Match', tags).expect(304);
      expect([tags, res.text, res.headers['content-security-policy']]).toEqual([tags, '', headers['content-security-policy']]);
    }
    const head = await t.agent().head(LOSSES).expect(200);
    expect(head.text).toBeUndefined();
    expect(head.headers.etag).toBe(headers.etag);
  });

  it('keeps the rendered page while the dispute has not changed', async () => {
    const before = await reader();
    // A change made behind the app's back (not through a db function) does not bump the version…
    await t.db('claims').where('text', NO_LOSSES_WORDS).update({ venue: 'Changed behind the cache' });
    const cached = await reader();
    expect(cached.text).toBe(before.text);
    // …while touching the dispute, as every save does, brings it in on the next request.
    await t.db('disputes').where('slug', LOSSES.split('/').pop()).update({ updated_at: t.db.fn.now() });
    expect(visibleText((await reader()).text)).toContain('Changed behind the cache');
  });

  it('shows an edited claim on the next anonymous request, with a new ETag', async () => {
    const before = await reader();
    const claimId = claimIdOf(before.text, NO_LOSSES_WORDS);
    await save(editor, `/claims/${claimId}/edit`, { venue: 'Press conference in Kyiv', edit_summary: 'Venue' });
    const after = await reader();
    expect(visibleText(after.text)).toContain('Press conference in Kyiv');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await t.agent().get(LOSSES).set('If-None-Match', before.headers.etag).expect(200);
  });

  it('shows a changed verification status on the next anonymous request', async () => {
    const claimId = claimIdOf((await reader()).text, 'killing 70 fighters');
    await save(editor, `/claims/${claimId}/status`, { status: 'false', rationale: 'Satellite images show no such battle.' });
    const card = visibleText(claimCard((await reader()).text, claimId));
    expect(card).toContain('False');
    expect(card).toContain('Satellite images show no such battle.');
  });

  it('shows a removed and a new link between claims on the next anonymous request', async () => {
    const page = (await reader()).text;
    expect(page).toContain('How these claims relate');
    const claimId = claimIdOf(page, 'killing 70 fighters');
    const claimPage = await editor.get(`/claims/${claimId}`).expect(200);
    const removal = claimPage.text.match(/action="\/links\/(\d+)\/remove"[\s\S]*?name="version" value="(\d+)"/)!;
    await editor.post(`/links/${removal[1]}/remove`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(claimPage.text), version: removal[2] })).expect(303);
    expect((await reader()).text).not.toContain('How these claims relate');

    const otherId = claimIdOf(page, NO_LOSSES_WORDS);
    await save(editor, `/claims/${claimId}/links/new?to=${otherId}`, { to_claim_id: String(otherId), type: 'qualifies', note: 'Re-linked for the cache test.' });
    const relinked = visibleText((await reader()).text);
    expect(relinked).toContain('How these claims relate');
    expect(relinked).toContain('Re-linked for the cache test.');
  });

  it('shows a renamed source, and a renamed affiliation, on the next anonymous request', async () => {
    await reader();
    await save(editor, '/sources/russian-authorities/edit', { name: 'Russian Ministry of Defence' });
    expect(visibleText((await reader()).text)).toContain('Russian Ministry of Defence');

    expect(visibleText((await reader()).text)).toContain('Freedom of Russia Legion');
    await save(editor, '/sources/freedom-of-russia-legion/edit', { name: 'Legion «Свобода России»' });
    expect(visibleText((await reader()).text)).toContain('Legion «Свобода России»');
  });

  it('shows an edited dispute, and hides an unpublished one, on the next anonymous request', async () => {
    await t.agent().get(STRIP).expect(200);
    await save(editor, `${STRIP}/edit`, { title: 'Who held the 40-km strip in May 2023?' });
    expect(visibleText((await t.agent().get(STRIP).expect(200)).text)).toContain('Who held the 40-km strip in May 2023?');
    await save(editor, `${STRIP}/edit`, { state: 'draft' });
    await t.agent().get(STRIP).expect(404);
  });

  it('never caches an editor’s page: private, no-store, with the editor’s links, and readers never see them', async () => {
    await reader();
    const mine = await editor.get(LOSSES).expect(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.text).toContain('Edit dispute');
    const theirs = await reader();
    expect(theirs.text).not.toContain('Edit dispute');
    expect(theirs.text).not.toContain('Sign out');
    const again = await editor.get(LOSSES).expect(200);
    expect(again.text).toContain('Edit dispute');
    expect(again.headers['cache-control']).toBe('private, no-store');
  });

  it('is correct across processes: a save through one app shows at once through another that had the page', async () => {
    const other = createApp({ db: t.db, config: loadConfig({ NODE_ENV: 'test' }), logger: createLogger('silent'), sessionSecret: 'test secret' });
    const otherReader = () => supertest(other).get(LOSSES).expect(200);
    const before = await otherReader();
    const claimId = claimIdOf(before.text, NO_LOSSES_WORDS);
    await save(editor, `/claims/${claimId}/edit`, { venue: 'Saved through the first process' });
    expect(visibleText((await otherReader()).text)).toContain('Saved through the first process');
  });

  it('shows a save to every one of many readers asking at once, their version checks shared', async () => {
    await Promise.all(Array.from({ length: 10 }, () => reader()));
    const claimId = claimIdOf((await reader()).text, NO_LOSSES_WORDS);
    await save(editor, `/claims/${claimId}/edit`, { venue: 'Seen by every concurrent reader' });
    const pages = await Promise.all(Array.from({ length: 10 }, () => reader()));
    for (const page of pages) expect(visibleText(page.text)).toContain('Seen by every concurrent reader');
  });

  it('renders once for readers who ask at the same moment, and they all get the same page', async () => {
    await t.db('disputes').where('slug', LOSSES.split('/').pop()).update({ updated_at: t.db.fn.now() });
    const pages = await Promise.all(Array.from({ length: 8 }, () => reader()));
    expect(new Set(pages.map((p) => p.headers.etag)).size).toBe(1);
    expect(new Set(pages.map((p) => p.text)).size).toBe(1);
  });
});

describe('with the page cache turned off (PAGE_CACHE_MB=0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PAGE_CACHE_MB: '0' } });
  });
  afterAll(() => t.drop());

  it('renders every request, still with an ETag and 304s', async () => {
    const first = await t.agent().get(LOSSES).expect(200);
    await changeBehindTheApp(t, 'Seen at once without a cache');
    expect(visibleText((await t.agent().get(LOSSES).expect(200)).text)).toContain('Seen at once without a cache');
    const current = await t.agent().get(LOSSES).expect(200);
    expect(current.headers.etag).not.toBe(first.headers.etag);
    await t.agent().get(LOSSES).set('If-None-Match', current.headers.etag).expect(304);
  });
});

// A change made in SQL, as every write of the app's does it: the row, then the dispute's version.
async function changeBehindTheApp(t: TestApp, venue: string): Promise<void> {
  await t.db('claims').where('text', NO_LOSSES_WORDS).update({ venue });
  await t.db('disputes').where('slug', LOSSES.split('/').pop()).update({ updated_at: t.db.fn.now() });
}

// Both engines keep each dispute page's listings as one JSON document stamped with the
// dispute's content version; a document that is not of the current version is never used.
describe('dispute documents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PAGE_CACHE_MB: '0' } });
  });
  afterAll(() => t.drop());

  const documentOf = (slug: string) => t.db('dispute_documents as doc')
    .join('disputes as d', 'd.id', 'doc.dispute_id').where('d.slug', slug).first('doc.content_version', t.db.raw('doc.content::text as content'));

  it('are made by the first reading and used while the dispute is unchanged', async () => {
    expect(await documentOf(LOSSES_SLUG)).toBeUndefined();
    const page = await t.agent().get(LOSSES).expect(200);
    const kept = await documentOf(LOSSES_SLUG);
    expect(kept?.content).toContain(NO_LOSSES_WORDS);
    // A change the dispute's version does not record is not seen: proof that the document serves.
    await t.db('claims').where('text', NO_LOSSES_WORDS).update({ venue: 'Not yet recorded in the version' });
    expect((await t.agent().get(LOSSES).expect(200)).text).toBe(page.text);
  });

  it('are never used once the dispute has changed: the page is read afresh and the document replaced', async () => {
    const before = await documentOf(LOSSES_SLUG);
    await changeBehindTheApp(t, 'Read afresh after the change');
    expect(visibleText((await t.agent().get(LOSSES).expect(200)).text)).toContain('Read afresh after the change');
    const after = await documentOf(LOSSES_SLUG);
    expect(after?.content_version).not.toBe(before?.content_version);
    expect(after?.content).toContain('Read afresh after the change');
  });

  it('of an older version are replaced, whatever they hold', async () => {
    await t.db('dispute_documents').update({ content_version: 'an-old-version', content: JSON.stringify({ positions: [], claims: [], links: [], evidence: [], statusChanges: [] }) });
    const text = visibleText((await t.agent().get(STRIP).expect(200)).text);
    expect(text).toContain('Russian authorities said they had crushed the paramilitary forces.');
    expect((await documentOf(STRIP_SLUG))?.content_version).not.toBe('an-old-version');
  });
});

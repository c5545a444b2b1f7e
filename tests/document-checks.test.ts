import { createAnchor } from '../db/anchors';
import { createClaim } from '../db/claims';
import { listPositions } from '../db/disputes';
import { listDocumentChecks } from '../db/document-checks';
import { createDocument } from '../db/documents';
import { codePointOffset } from '../db/passages';
import { loadConfig } from '../server/config';
import { extractText } from '../server/outbound/extract-text';
import { recheckDocuments } from '../server/outbound/recheck-documents';
import { articlePage } from './support/article-page';
import { type PageServer, html, startPageServer } from './support/page-server';
import { startTestApp, TestApp, visibleText } from './support/app';

// npm run recheck-documents: each document's URL fetched from a local server standing in for
// the publisher, under the same fetch rules as capture, and a dated result kept per document.

const QUOTE = 'will reopen to traffic before the winter';
const by = { editorId: null, summary: 'test' };

describe('rechecking documents', () => {
  let t: TestApp;
  let server: PageServer;
  const ids: Record<string, number> = {};
  const anchorIds: Record<string, number> = {};

  beforeAll(async () => {
    server = await startPageServer({
      '/article': html(articlePage()),
      '/edited': html(articlePage().replace('before the winter', 'next spring')),
    });
    t = await startTestApp({ seed: true });
    const text = extractText(articlePage()).text;
    const start = codePointOffset(text, text.indexOf(QUOTE));
    const dispute = await t.db('disputes').first();
    const [position] = await listPositions(t.db, dispute.id);
    const source = await t.db('sources').first();
    for (const path of ['/article', '/edited', '/removed']) {
      const document = await createDocument(t.db, {
        title: `Bridge story ${path}`, publisher_id: null, authors: '', url: `${server.origin}${path}`, published_on: null, published_on_precision: null,
        language: 'en', text, full_text_public: true,
      }, by);
      const claim = await createClaim(t.db, dispute.id, {
        position_id: position.id, source_id: source.id, text: QUOTE, is_verbatim: true, original_text: null, original_language: null,
        said_on: '2023-05-01', said_on_precision: 'month', venue: 'x', url: null, status: 'unverified', rationale: 'x',
      }, by);
      const anchor = await createAnchor(t.db, claim.id, { document_id: document.id, start_offset: start, end_offset: start + QUOTE.length, is_translation: false }, by);
      ids[path] = document.id;
      anchorIds[path] = anchor.id;
    }
  });
  afterAll(async () => {
    await t.drop();
    await server.close();
  });

  it('records reachable, changed and gone, dated, with each quote present or not; documents without a URL are left alone', async () => {
    const allow = loadConfig({ FETCH_ALLOW_HOSTS: `127.0.0.1:${server.port}` }).fetchAllowHosts;
    const before = new Date();
    const checks = await recheckDocuments(t.db, { allow });
    // The seeded article has no URL: only the three documents with one are fetched.
    expect(checks.map((c) => c.document_id)).toEqual([ids['/article'], ids['/edited'], ids['/removed']]);
    expect(server.requests.map((r) => r.path)).toEqual(['/article', '/edited', '/removed']);

    const [reachable] = await listDocumentChecks(t.db, ids['/article']);
    expect(reachable).toMatchObject({
      status: 'reachable', http_status: 200, message: null, text_unchanged: true, url: `${server.origin}/article`,
      quotes: [{ anchor_id: anchorIds['/article'], claim_id: expect.any(Number), present: true }],
    });
    expect(reachable.checked_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const [changed] = await listDocumentChecks(t.db, ids['/edited']);
    expect(changed).toMatchObject({ status: 'changed', http_status: 200, text_unchanged: false, quotes: [{ anchor_id: anchorIds['/edited'], present: false }] });
    const [gone] = await listDocumentChecks(t.db, ids['/removed']);
    expect(gone).toMatchObject({ status: 'gone', http_status: 404, quotes: [{ anchor_id: anchorIds['/removed'], present: null }] });
    expect(gone.message).toContain('404');
  });

  it('obeys the fetch safety rules: without the allow-list a loopback server is refused, recorded as unavailable', async () => {
    await recheckDocuments(t.db, {});
    const [latest, earlier] = await listDocumentChecks(t.db, ids['/article']);
    expect(latest).toMatchObject({ status: 'unavailable', http_status: null, quotes: [{ present: null }] });
    expect(latest.message).toBeTruthy();
    // Checks are kept, newest first.
    expect(earlier.status).toBe('reachable');
  });

  it('shows the dated checks on the document page, each quote said to be there or not', async () => {
    const { agent } = await t.signedIn();
    const edited = visibleText((await agent.get(`/documents/${ids['/edited']}`).expect(200)).text);
    expect(edited).toContain('Checks of the web address');
    expect(edited).toMatch(/Changed: a quote is no longer there \(HTTP 200\).*will reopen to traffic before the winter: no longer there/);
    const article = visibleText((await agent.get(`/documents/${ids['/article']}`).expect(200)).text);
    // Newest first: the refused check, then the one that found the quote.
    expect(article.indexOf('Could not be read this time')).toBeLessThan(article.indexOf('Reachable, every quote still there'));
    expect(article).toContain(`${QUOTE}: still there`);
  });
});

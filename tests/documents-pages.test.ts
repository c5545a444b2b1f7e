import { createHash } from 'node:crypto';
import { createAnchor } from '../db/anchors';
import { createClaim } from '../db/claims';
import { createDispute } from '../db/disputes';
import { createDocument } from '../db/documents';
import { escapeHtml } from '../server/presentation/format';
import { Agent, encodeForm, startTestApp, TestApp, visibleText } from './support/app';
import { ARTICLE_TITLE, articlePage } from './support/article-page';
import { formOnPage, withChanges } from './support/page-form';
import { html, PageServer, redirect, startPageServer } from './support/page-server';

// The document pages through HTTP: pasted and fetched documents, the fetch's refusals shown on
// the form, the founding article with its passages highlighted, and what readers may see.

let t: TestApp;
let editor: Agent;
let pages: PageServer;
let elsewhere: PageServer;
let founding: { id: number; text: string };

const BY = { editorId: null, summary: 'test' };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

beforeAll(async () => {
  pages = await startPageServer({
    '/article': html(articlePage()),
    '/to-private': redirect('http://10.0.0.1/admin'),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
  });
  // Also on 127.0.0.1, but on a port the allow-list does not name: refused like any loopback address.
  elsewhere = await startPageServer({ '/article': html(articlePage()) });
  t = await startTestApp({ seed: true, env: { FETCH_ALLOW_HOSTS: `127.0.0.1:${pages.port}` } });
  editor = (await t.signedIn()).agent;
  founding = await t.db('documents').whereNotNull('publisher_id').first('id', 'text');
});

afterAll(async () => {
  await pages?.close();
  await elsewhere?.close();
  await t?.drop();
});

/** GETs a form page and POSTs its fields with these changes, as a browser does; the answer must have `status`. */
async function send(agent: Agent, formPage: string, changes: Record<string, string>, status: number) {
  const form = formOnPage((await agent.get(formPage).expect(200)).text);
  return agent.post(form.action).type('form').send(withChanges(form.pairs, changes)).expect(status);
}

async function newDocument(changes: Record<string, string>, status: number) {
  return send(editor, '/documents/new', changes, status);
}

function documentIdOf(location: string): number {
  const match = location.match(/^\/documents\/(\d+)$/);
  if (!match) throw new Error(`not a document page: ${location}`);
  return Number(match[1]);
}

const PASTED = 'First paragraph, with a “quoted sentence” in it.\n\nSecond paragraph: nothing quoted.';

describe('a pasted document', () => {
  it('is created, shown with its paragraphs, and its SHA-256 is that of its text', async () => {
    const response = await newDocument({ title: 'A pasted statement', language: 'en', text: PASTED, authors: 'A. Writer' }, 303);
    const id = documentIdOf(response.headers.location);
    const page = await editor.get(`/documents/${id}`).expect(200);
    expect(page.text).toContain('<p dir="auto">First paragraph, with a “quoted sentence” in it.</p>');
    expect(page.text).toContain('<p dir="auto">Second paragraph: nothing quoted.</p>');
    expect(page.text).toContain(sha256(PASTED));
    expect(visibleText(page.text)).toContain('Language English');
    expect(page.text).toContain(`href="/documents/${id}/claims/new"`);
  });

  it('keeps everything typed and says what is missing', async () => {
    const response = await newDocument({ title: 'No text at all', language: 'uk', text: '', url: '' }, 422);
    expect(visibleText(response.text)).toContain('Paste the text, or give the web address to fetch it from.');
    expect(response.text).toContain('value="No text at all"');
    expect(response.text).toMatch(/<option value="uk" selected>/);
  });

  it('refuses a language code that is not one', async () => {
    const response = await newDocument({ title: 'Odd language', language_code: 'not a code!', text: PASTED }, 422);
    expect(visibleText(response.text)).toContain('Give the language as a code such as en, ru, uk or pt-BR.');
    expect(response.text).toContain('value="not a code!"');
  });

  it('stores a month-precise date as its month, never a day', async () => {
    const response = await newDocument({ title: 'Dated by month', language: 'en', text: PASTED, published_on: '2023-05-17', published_on_precision: 'month' }, 303);
    const id = documentIdOf(response.headers.location);
    expect(await t.db('documents').where({ id }).first('published_on', 'published_on_precision')).toEqual({ published_on: '2023-05-01', published_on_precision: 'month' });
    const page = visibleText((await editor.get(`/documents/${id}`).expect(200)).text);
    expect(page).toContain('Published May 2023');
    expect(page).not.toContain('17 May');
  });

  it('is created once however often the same form is sent', async () => {
    const form = formOnPage((await editor.get('/documents/new').expect(200)).text);
    const body = withChanges(form.pairs, { title: 'Sent twice', language: 'en', text: PASTED });
    const first = await editor.post('/documents').type('form').send(body).expect(303);
    const second = await editor.post('/documents').type('form').send(body).expect(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await t.db('documents').where({ title: 'Sent twice' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('is for editors only', async () => {
    const reader = t.agent();
    const response = await reader.get('/documents/new');
    expect(response.status).not.toBe(200);
  });
});

describe('a document fetched by its web address', () => {
  it('keeps the page, its readable text and what the page says of itself', async () => {
    const url = `${pages.origin}/article`;
    const response = await newDocument({ url, text: '', title: '', language: '' }, 303);
    const id = documentIdOf(response.headers.location);
    const row = await t.db('documents').where({ id }).first();
    expect(row).toMatchObject({ title: ARTICLE_TITLE, authors: 'Jane Example', language: 'en-GB', url, published_on: '2026-11-24', published_on_precision: 'day', html: articlePage() });
    expect(row.captured_at).toBeInstanceOf(Date);
    expect(row.text).toContain('The mayor of Northbridge said on Tuesday');
    expect(row.text).not.toContain('Another story number');
    const page = await editor.get(`/documents/${id}`).expect(200);
    expect(page.text).toContain(sha256(row.text));
    expect(page.text).toContain(sha256(articlePage()));
    expect(visibleText(page.text)).toContain('Captured');
  });

  it('keeps what the editor typed over what the page says', async () => {
    const response = await newDocument({ url: `${pages.origin}/article`, text: '', title: 'My own title', language: 'de' }, 303);
    const row = await t.db('documents').where({ id: documentIdOf(response.headers.location) }).first('title', 'language');
    expect(row).toEqual({ title: 'My own title', language: 'de' });
  });

  it.each([
    ['loopback not allowed', () => `${elsewhere.origin}/article`, 'loopback'],
    ['a private address', () => 'http://10.0.0.1/admin', 'private'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['a redirect to a private address', () => `${pages.origin}/to-private`, 'private'],
    ['a redirect to the metadata address', () => `${pages.origin}/to-metadata`, 'link-local'],
  ])('is refused for %s, with the form kept', async (_name, url, words) => {
    const before = await t.db('documents').count({ n: '*' }).first();
    const response = await newDocument({ url: url(), text: '', title: 'Kept title', authors: 'Kept author' }, 422);
    const shown = visibleText(response.text);
    expect(shown).toContain('The page could not be fetched (refused:');
    expect(shown).toContain(words);
    expect(response.text).toContain('value="Kept title"');
    expect(response.text).toContain('value="Kept author"');
    expect(response.text).toContain(`value="${escapeHtml(url())}"`);
    expect(response.text).toMatch(/id="field-url"[^>]*aria-invalid="true"/);
    expect(await t.db('documents').count({ n: '*' }).first()).toEqual(before);
  });
});

describe('the founding article', () => {
  it('highlights every passage a published claim was taken from, linked to its claim and status', async () => {
    const anchors = await t.db('claim_anchors as a').join('claims as c', 'c.id', 'a.claim_id')
      .where('a.document_id', founding.id).select('a.claim_id', 'a.exact', 'c.status');
    expect(anchors.length).toBeGreaterThan(0);
    const page = await t.agent().get(`/documents/${founding.id}`).expect(200);
    for (const anchor of anchors) {
      // Two passages may begin at one word: the mark carries one id, an empty anchor the other.
      expect(page.text).toMatch(new RegExp(`<(mark|span) id="passage-${anchor.claim_id}">`));
      expect(page.text).toContain(`href="/claims/${anchor.claim_id}"`);
    }
    // Each passage's words follow its id character for character, once the claim links between marks are taken out.
    const words = page.text.replace(/ ?<a class="passage-claim"[\s\S]*?<\/a>/g, '');
    for (const anchor of anchors) {
      const from = words.lastIndexOf('<', words.indexOf(`id="passage-${anchor.claim_id}"`));
      expect(visibleText(words.slice(from)).trimStart().slice(0, anchor.exact.length)).toBe(anchor.exact.replace(/\s+/g, ' '));
      expect(words.slice(from, from + 200)).toMatch(/^(?:<span id="passage-\d+"><\/span>)*<mark/);
    }
    expect(page.text).toContain(sha256(founding.text));
    expect(visibleText(page.text)).toContain('Published May 2023');
  });

  it('refuses a change to its text, saying why, and saves its other fields', async () => {
    const refused = await send(editor, `/documents/${founding.id}/edit`, { text: `${founding.text} An added sentence.` }, 422);
    expect(visibleText(refused.text)).toContain('Claims are taken from this text (or a correction replaces it), so it can no longer change.');
    expect((await t.db('documents').where({ id: founding.id }).first('text')).text).toBe(founding.text);
    await send(editor, `/documents/${founding.id}/edit`, { authors: 'FRANCE 24 staff', edit_summary: 'Byline' }, 303);
    expect((await t.db('documents').where({ id: founding.id }).first('authors')).authors).toBe('FRANCE 24 staff');
    const history = await editor.get(`/history/document/${founding.id}`).expect(200);
    expect(visibleText(history.text)).toContain('Byline');
    const compare = await editor.get(`/history/document/${founding.id}/compare`).expect(200);
    expect(visibleText(compare.text)).toContain('Authors');
  });
});

describe('who sees what', () => {
  let documentId: number;
  let claimId: number;
  const before = 'Far away at the start there is a sentence nobody quoted about harbours.';
  const quoted = 'The minister said the bridge would reopen in spring.';
  const after = 'And much later another sentence nobody quoted, about the weather in March.';

  beforeAll(async () => {
    const text = `${before}\n\nOne two three four five six seven eight nine ten eleven twelve. ${quoted} Thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one.\n\n${after}`;
    const document = await createDocument(t.db, {
      title: 'Not for republication', publisher_id: null, authors: '', url: null, published_on: null, published_on_precision: null,
      language: 'en', text, full_text_public: false,
    }, BY);
    documentId = document.id;
    const dispute = await t.db('disputes').where('state', 'published').first('id');
    const position = await t.db('positions').where('dispute_id', dispute.id).first('id');
    const source = await t.db('sources').first('id');
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: quoted, is_verbatim: true, original_text: null, original_language: null,
      said_on: '2026-11-01', said_on_precision: 'day', venue: 'Press conference', url: null, status: 'contested', rationale: 'Test.',
    }, BY);
    claimId = claim.id;
    const start = Array.from(text).length - Array.from(text.slice(text.indexOf(quoted))).length;
    await createAnchor(t.db, claimId, { document_id: documentId, start_offset: start, end_offset: start + Array.from(quoted).length, is_translation: false }, BY);
  });

  it('shows readers only the quoted passage with a few words around it when the full text is not public', async () => {
    const page = await t.agent().get(`/documents/${documentId}`).expect(200);
    const shown = visibleText(page.text);
    expect(page.text).toContain(`<mark id="passage-${claimId}">${quoted}</mark>`);
    expect(shown).toContain('five six seven eight nine ten eleven twelve.');
    expect(shown).not.toContain('One two three');
    expect(shown).not.toContain('harbours');
    expect(shown).not.toContain('weather in March');
    expect(shown).not.toContain('twenty-one');
  });

  it('shows editors the whole text', async () => {
    const shown = visibleText((await editor.get(`/documents/${documentId}`).expect(200)).text);
    expect(shown).toContain('harbours');
    expect(shown).toContain('weather in March');
    expect(shown).toContain('One two three');
  });

  it('hides from readers a document no published claim is taken from, which editors see', async () => {
    const draft = await createDocument(t.db, {
      title: 'Working material', publisher_id: null, authors: '', url: null, published_on: null, published_on_precision: null,
      language: 'en', text: 'Nothing published quotes this yet.', full_text_public: true,
    }, BY);
    await t.agent().get(`/documents/${draft.id}`).expect(404);
    expect((await t.agent().get('/documents').expect(200)).text).not.toContain('Working material');
    await editor.get(`/documents/${draft.id}`).expect(200);
    expect((await editor.get('/documents').expect(200)).text).toContain('Working material');
    expect((await t.agent().get('/documents').expect(200)).text).toContain(`href="/documents/${founding.id}"`);
  });

  it('does not show readers the passage of a claim in a draft dispute, which editors see', async () => {
    const dispute = await createDispute(t.db, {
      title: 'A draft about the bridge', summary: 'Draft.', events_from: null, events_to: null, events_place: '', state: 'draft', slug: 'draft-bridge', positions: ['Yes', 'No'],
    }, BY);
    const position = await t.db('positions').where('dispute_id', dispute.id).first('id');
    const source = await t.db('sources').first('id');
    const draftQuote = 'Far away at the start';
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: draftQuote, is_verbatim: true, original_text: null, original_language: null,
      said_on: '2026-11-01', said_on_precision: 'day', venue: 'Somewhere', url: null, status: 'unverified', rationale: 'Test.',
    }, BY);
    await createAnchor(t.db, claim.id, { document_id: documentId, start_offset: 0, end_offset: Array.from(draftQuote).length, is_translation: false }, BY);
    const readers = await t.agent().get(`/documents/${documentId}`).expect(200);
    expect(readers.text).not.toContain(`passage-${claim.id}`);
    expect(visibleText(readers.text)).not.toContain(draftQuote);
    expect((await editor.get(`/documents/${documentId}`).expect(200)).text).toContain(`<mark id="passage-${claim.id}">${draftQuote}</mark>`);
  });
});

describe('a corrected text', () => {
  it('replaces the document, moves the claims whose words it still holds, and links both ways', async () => {
    const original = await createDocument(t.db, {
      title: 'Typo article', publisher_id: null, authors: '', url: null, published_on: null, published_on_precision: null,
      language: 'en', text: 'The mayor said “we will reopen the bridge”. Teh end.', full_text_public: true,
    }, BY);
    const response = await send(editor, `/documents/${original.id}/replace`, { text: 'The mayor said “we will reopen the bridge”. The end.', edit_summary: 'Typo' }, 303);
    const newId = documentIdOf(response.headers.location);
    expect(await t.db('documents').where({ id: newId }).first('replaces_document_id', 'title')).toEqual({ replaces_document_id: original.id, title: 'Typo article' });
    expect((await editor.get(`/documents/${newId}`).expect(200)).text).toContain(`href="/documents/${original.id}"`);
    expect((await editor.get(`/documents/${original.id}`).expect(200)).text).toContain(`href="/documents/${newId}"`);
    // Replaced, the old text is fixed too.
    const refused = await send(editor, `/documents/${original.id}/edit`, { text: 'Changed after all.' }, 422);
    expect(visibleText(refused.text)).toContain('so it can no longer change');
    // And it cannot be corrected twice.
    const twice = await send(editor, `/documents/${original.id}/replace`, { text: 'Another correction.' }, 422);
    expect(visibleText(twice.text)).toContain('has already been replaced');
  });

  it('moves the founding article’s anchors to a correction that keeps their words', async () => {
    const anchored = await t.db('claim_anchors').where('document_id', founding.id).count({ n: '*' }).first();
    const response = await send(editor, `/documents/${founding.id}/replace`, { text: `${founding.text}\n\nEditor’s note: a later addition.` }, 303);
    const newId = documentIdOf(response.headers.location);
    expect(await t.db('claim_anchors').where('document_id', newId).count({ n: '*' }).first()).toEqual(anchored);
    const page = await t.agent().get(`/documents/${newId}`).expect(200);
    expect(page.text).toContain('<mark id="passage-');
    // The old one stays readable, reached from the new one's "replaces" link.
    await t.agent().get(`/documents/${founding.id}`).expect(200);
  });
});

describe('bad addresses', () => {
  it.each(['/documents/0', '/documents/abc', '/documents/99999999', '/documents/99999999/edit'])('%s is not found', async (path) => {
    await editor.get(path).expect(404);
  });

  it('a form with junk in every field comes back 422, never 500', async () => {
    const form = formOnPage((await editor.get('/documents/new').expect(200)).text);
    const body = encodeForm({
      ...Object.fromEntries(form.pairs),
      title: 'x'.repeat(600), publisher_id: '-1', published_on: '2023-02-30', published_on_precision: 'week', url: 'javascript:alert(1)', text: 'ok',
    });
    const response = await editor.post('/documents').type('form').send(body).expect(422);
    const shown = visibleText(response.text);
    expect(shown).toContain('Title must be at most 500 characters');
    expect(shown).toContain('Choose a publisher from the list.');
    expect(shown).toContain('Date published must be a real date');
    expect(shown).toContain('Web address must be a full web address');
  });
});

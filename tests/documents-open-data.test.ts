import { createAnchor } from '../db/anchors';
import { changeClaimStatus, createClaim } from '../db/claims';
import { createDispute, listPositions } from '../db/disputes';
import { createDocument } from '../db/documents';
import { startTestApp, TestApp } from './support/app';

const BASE = 'https://counterclaim.example';
const SECRET_TEXT = 'Zanzibarquux is a word only the unpublished text holds. The minister said the bridge would open.';

// Documents and anchors as open data: the API, ClaimReview's appearance, and search.
describe('documents as open data', () => {
  let t: TestApp;
  let foundingId: number;
  let privateId: number;
  let anchoredClaimId: number;
    const by = { editorId: null, summary: 'test' };

  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_URL: BASE } });
    foundingId = (await t.db('documents').first('id')).id;
    const publisher = await t.db('sources').where('slug', 'france-24').first();
    const source = await t.db('sources').where('slug', 'russian-authorities').first();
    const privateDoc = await createDocument(t.db, {
      title: 'Unpublished ministry transcript', publisher_id: publisher.id, authors: 'A. Clerk', url: 'https://example.org/transcript',
      published_on: '2023-01-01', published_on_precision: 'year', language: 'en', text: SECRET_TEXT, full_text_public: false,
    }, by);
    privateId = privateDoc.id;
    const dispute = await t.db('disputes').where('slug', 'freedom-of-russia-legion-losses-belgorod-may-2023').first();
    const [position] = await listPositions(t.db, dispute.id);
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: 'The bridge would open.', is_verbatim: false, original_text: null, original_language: null,
      said_on: '2023-01-01', said_on_precision: 'year', venue: 'Transcript', url: 'https://example.org/elsewhere', status: 'unverified', rationale: 'New.',
    }, by);
    const rated = await changeClaimStatus(t.db, claim, claim.version, { status: 'false', rationale: 'It did not.' }, by);
    const start = Array.from(SECRET_TEXT).length - 'the bridge would open.'.length;
    await createAnchor(t.db, rated.id, { document_id: privateId, start_offset: start, end_offset: start + 'the bridge would open'.length, is_translation: false }, by);
    anchoredClaimId = rated.id;

    const draft = await createDispute(t.db, {
      slug: 'draft-dispute', title: 'Draft', summary: '', events_from: null, events_to: null, events_place: '', state: 'draft', positions: ['A', 'B'],
    }, by);
    const [draftPosition] = await listPositions(t.db, draft.id);
    const draftClaim = await createClaim(t.db, draft.id, {
      position_id: draftPosition.id, source_id: source.id, text: 'Draft claim', is_verbatim: false, original_text: null, original_language: null,
      said_on: '2023-01-01', said_on_precision: 'year', venue: 'x', url: null, status: 'unverified', rationale: 'x',
    }, by);
    await createAnchor(t.db, draftClaim.id, { document_id: privateId, start_offset: 0, end_offset: 'Zanzibarquux'.length, is_translation: false }, by);
  });
  afterAll(() => t.drop());

  it('lists documents with their hashes, and their text only when it is public', async () => {
    const { body } = await t.agent().get('/api/v1/documents').expect(200);
    const founding = body.data.find((d: { id: number }) => d.id === foundingId);
    const hidden = body.data.find((d: { id: number }) => d.id === privateId);
    expect(founding).toMatchObject({
      publisher: { name: 'FRANCE 24', slug: 'france-24' }, published_on: '2023-05', published_on_precision: 'month', url: null,
      full_text_public: true, html_url: `${BASE}/documents/${foundingId}`, api_url: `${BASE}/api/v1/documents/${foundingId}`,
    });
    expect(founding.text).toContain('Ponomarev');
    expect(founding.text_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(hidden).toMatchObject({ published_on: '2023', text: null, full_text_public: false });
    expect(hidden.text_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(body)).not.toContain('Zanzibarquux');
    expect((await t.agent().get('/api/v1').expect(200)).body.documents).toBe(`${BASE}/api/v1/documents`);
  });

  it('pages documents by id and refuses a bad cursor with 400', async () => {
    const { body } = await t.agent().get('/api/v1/documents?limit=1').expect(200);
    expect(body.data).toHaveLength(1);
    expect(body.next).toBe(`${BASE}/api/v1/documents?after=${body.data[0].id}&limit=1`);
    await t.agent().get('/api/v1/documents?after=-1').expect(400);
    await t.agent().get('/api/v1/documents/999999').expect(404);
    await t.agent().get('/api/v1/documents/abc').expect(404);
  });

  it("shows a document's anchors as Web Annotations, published claims only", async () => {
    const { body } = await t.agent().get(`/api/v1/documents/${privateId}`).expect(200);
    expect(body.data.text).toBeNull();
    expect(body.data.anchors.map((a: { claim: { id: number } }) => a.claim.id)).toEqual([anchoredClaimId]);
    expect(JSON.stringify(body)).not.toContain('Zanzibarquux');
    const founding = (await t.agent().get(`/api/v1/documents/${foundingId}`).expect(200)).body.data;
    expect(founding.anchors.length).toBeGreaterThan(0);
    for (const anchor of founding.anchors) {
      const [quote, position] = anchor.target.selector;
      expect(Array.from(founding.text as string).slice(position.start, position.end).join('')).toBe(quote.exact);
    }
  });

  it("gives each claim's anchor as a W3C Web Annotation target, with our document page when there is no URL", async () => {
    const claim = (await t.agent().get(`/api/v1/claims/${anchoredClaimId}`).expect(200)).body.data;
    expect(claim.anchor).toEqual({
      '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', body: `${BASE}/claims/${anchoredClaimId}`,
      target: {
        source: 'https://example.org/transcript',
        selector: [
          { type: 'TextQuoteSelector', exact: 'the bridge would open', prefix: expect.stringMatching(/ minister said $/), suffix: '.' },
          { type: 'TextPositionSelector', start: expect.any(Number), end: expect.any(Number) },
        ],
      },
      document: { id: privateId, html_url: `${BASE}/documents/${privateId}`, api_url: `${BASE}/api/v1/documents/${privateId}` },
      is_translation: false,
    });
    const seeded = (await t.agent().get('/api/v1/claims?limit=200').expect(200)).body.data.filter((c: { anchor: unknown }) => c.anchor);
    expect(seeded.length).toBeGreaterThan(1);
    expect(seeded.find((c: { id: number }) => c.id !== anchoredClaimId).anchor.target.source).toBe(`${BASE}/documents/${foundingId}`);
    const dispute = (await t.agent().get('/api/v1/disputes/freedom-of-russia-legion-losses-belgorod-may-2023').expect(200)).body.data;
    expect(dispute.claims.find((c: { id: number }) => c.id === anchoredClaimId).anchor.target.source).toBe('https://example.org/transcript');
  });

  function jsonLdOf(html: string): Record<string, any>[] {
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
    return blocks.flatMap((block) => (Array.isArray(block) ? block : [block]));
  }

  it("takes ClaimReview's appearance from the claim's document, its date at its precision, and asserts no first appearance", async () => {
    const [review] = jsonLdOf((await t.agent().get(`/claims/${anchoredClaimId}`).expect(200)).text);
    expect(review.itemReviewed.appearance).toEqual({
      '@type': 'CreativeWork', name: 'Unpublished ministry transcript', publisher: { '@type': 'Organization', name: 'FRANCE 24' },
      datePublished: '2023', url: 'https://example.org/transcript',
    });
    expect(review.itemReviewed).not.toHaveProperty('firstAppearance');
    const onDispute = jsonLdOf((await t.agent().get('/disputes/freedom-of-russia-legion-losses-belgorod-may-2023').expect(200)).text)
      .find((r) => r.url === `${BASE}/claims/${anchoredClaimId}`)!;
    expect(onDispute.itemReviewed.appearance).toEqual(review.itemReviewed.appearance);
    const seededId = (await t.db('claim_anchors').where('document_id', foundingId).orderBy('claim_id').first('claim_id')).claim_id;
    const seeded = (await t.db('claims').where('id', seededId).first());
    await changeClaimStatus(t.db, seeded, seeded.version, { status: 'misleading', rationale: 'Test.' }, by);
    const [review2] = jsonLdOf((await t.agent().get(`/claims/${seededId}`).expect(200)).text);
    // The founding article has no URL and no day: neither is invented.
    expect(review2.itemReviewed.appearance).toEqual({
      '@type': 'CreativeWork', name: expect.stringContaining('Pro-Kyiv'), publisher: { '@type': 'Organization', name: 'FRANCE 24' }, datePublished: '2023-05',
    });
  });

  it('finds documents by title and public text, and a private one by its title only', async () => {
    const byText = (await t.agent().get('/search?q=Ponomarev').expect(200)).text;
    expect(byText).toContain(`href="/documents/${foundingId}"`);
    const byTitle = (await t.agent().get('/search?q=transcript').expect(200)).text;
    expect(byTitle).toContain(`href="/documents/${privateId}"`);
    expect(byTitle).toMatch(/Unpublished ministry <mark>transcript<\/mark><\/a> <span class="meta">FRANCE 24, 2023<\/span>/);
    const byPrivateText = (await t.agent().get('/search?q=Zanzibarquux').expect(200)).text;
    expect(byPrivateText).not.toContain(`href="/documents/${privateId}"`);
  });
});

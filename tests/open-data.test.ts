import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { changeClaimStatus, createClaim, findClaim } from '../db/claims';
import { createDispute, listPositions } from '../db/disputes';
import { startTestApp, TestApp } from './support/app';
import { claimIdByText, LOSSES, LOSSES_SLUG, NO_LOSSES_WORDS, PONOMAREV_SLUG, STRIP, STRIP_SLUG } from './support/founding-case';

const BASE = 'https://counterclaim.example';
const HOSTILE = 'They said </script><script>alert(1)</script> & <!-- "quoted" \u2028 line';

describe('structured data, feeds, API and exports', () => {
  let t: TestApp;
  let ratedClaimId: number;
  const by = { editorId: null, summary: 'test' };

  beforeAll(async () => {
    t = await startTestApp({ seed: true, env: { PUBLIC_URL: BASE } });
    const source = await t.db('sources').where('slug', 'russian-authorities').first();
    const published = await t.db('disputes').where('slug', LOSSES_SLUG).first();
    const positions = await listPositions(t.db, published.id);
    const claim = await createClaim(t.db, published.id, {
      position_id: positions[1].id, source_id: source.id, text: HOSTILE, is_verbatim: true, original_text: null, original_language: null,
      said_on: '2023-05-23', said_on_precision: 'day', venue: 'Ministry briefing', url: 'https://example.org/briefing',
      status: 'unverified', rationale: 'New.',
    }, by);
    await changeClaimStatus(t.db, claim, claim.version, { status: 'false', rationale: 'Contradicted by footage.' }, by);
    ratedClaimId = claim.id;

    const draft = await createDispute(t.db, {
      slug: 'hidden-draft', title: 'Hidden draft dispute', summary: '', events_from: null, events_to: null, events_place: '', state: 'draft', positions: ['A', 'B'],
    }, by);
    const draftPositions = await listPositions(t.db, draft.id);
    await createClaim(t.db, draft.id, {
      position_id: draftPositions[0].id, source_id: source.id, text: 'Draft-only claim text', is_verbatim: false, original_text: null, original_language: null,
      said_on: '2023-05-23', said_on_precision: 'day', venue: 'x', url: null, status: 'false', rationale: 'x',
    }, by);
  });
  afterAll(() => t.drop());

  function jsonLdOf(html: string): unknown[] {
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
    return blocks.flatMap((block) => (Array.isArray(block) ? block : [block]));
  }

  it('puts ClaimReview JSON-LD with every required field on a rated claim page, unbroken by a hostile quote', async () => {
    const html = (await t.agent().get(`/claims/${ratedClaimId}`).expect(200)).text;
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<script>alert(1)');
    const [review] = jsonLdOf(html) as Record<string, any>[];
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `${BASE}/claims/${ratedClaimId}`,
      claimReviewed: HOSTILE,
      author: { '@type': 'Organization', name: 'Counterclaim', url: BASE },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Organization', name: 'Russian authorities' },
        datePublished: '2023-05-23',
        appearance: { '@type': 'CreativeWork', url: 'https://example.org/briefing' },
      },
    });
    expect(review.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Nothing tells us this was the claim's first appearance, so the markup must not say so.
    expect(review.itemReviewed).not.toHaveProperty('firstAppearance');
  });

  it('writes a claim date no more exactly than the editor knew it: a month is never given a day', async () => {
    const source = await t.db('sources').where('slug', 'russian-authorities').first();
    const dispute = await t.db('disputes').where('slug', LOSSES_SLUG).first();
    const [position] = await listPositions(t.db, dispute.id);
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: 'A claim said some time in May', is_verbatim: false, original_text: null, original_language: null,
      said_on: '2023-05-01', said_on_precision: 'month', venue: 'Briefing', url: null, status: 'unverified', rationale: 'New.',
    }, by);
    await changeClaimStatus(t.db, claim, claim.version, { status: 'misleading', rationale: 'Test.' }, by);
    const reviewOf = async () => (jsonLdOf((await t.agent().get(`/claims/${claim.id}`).expect(200)).text) as Record<string, any>[])[0];
    expect((await reviewOf()).itemReviewed.datePublished).toBe('2023-05');
    await t.db('claims').where('id', claim.id).update({ said_on_precision: 'year' });
    expect((await reviewOf()).itemReviewed.datePublished).toBe('2023');
    await t.db('claims').where('id', claim.id).update({ deleted_at: t.db.fn.now() });
  });

  it('gives unrated claims no ClaimReview, and dispute pages the reviews of their rated claims', async () => {
    const unrated = await claimIdByText(t, NO_LOSSES_WORDS);
    expect(jsonLdOf((await t.agent().get(`/claims/${unrated}`).expect(200)).text)).toEqual([]);
    const dispute = jsonLdOf((await t.agent().get(LOSSES).expect(200)).text);
    expect(dispute).toHaveLength(1);
    expect(dispute[0]).toMatchObject({ '@type': 'ClaimReview', claimReviewed: HOSTILE });
  });

  it('has canonical, Open Graph and Twitter card tags', async () => {
    const html = (await t.agent().get(`${LOSSES}?utm=x`).expect(200)).text;
    expect(html).toContain(`<link rel="canonical" href="${BASE}${LOSSES}">`);
    expect(html).toContain('<meta property="og:title" content="Did the Freedom of Russia Legion lose fighters in the May 2023 Belgorod raids?">');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta name="twitter:card" content="summary">');
  });

  it('publishes valid Atom feeds of disputes and status changes, without drafts', async () => {
    const parser = new XMLParser({ ignoreAttributes: false });
    for (const path of ['/feeds/disputes.atom', '/feeds/status-changes.atom']) {
      const res = await t.agent().get(path).expect(200).expect('Content-Type', /application\/atom\+xml/);
      expect(XMLValidator.validate(res.text)).toBe(true);
      const feed = parser.parse(res.text).feed;
      expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
      for (const field of ['id', 'title', 'updated', 'author', 'link']) expect(feed[field]).toBeDefined();
      const entries = Array.isArray(feed.entry) ? feed.entry : [feed.entry];
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        for (const field of ['id', 'title', 'updated', 'link']) expect(entry[field]).toBeDefined();
        expect(new Date(entry.updated).toISOString()).toBe(entry.updated);
      }
      expect(res.text).not.toContain('Hidden draft dispute');
      expect(res.text).not.toContain('Draft-only claim text');
    }
    const changes = (await t.agent().get('/feeds/status-changes.atom')).text;
    expect(changes).toContain('Unverified → False');
  });

  it('lists published pages in the sitemap and points robots.txt at it', async () => {
    const index = await t.agent().get('/sitemap.xml').expect(200);
    expect(XMLValidator.validate(index.text)).toBe(true);
    expect(index.text).toContain(`${BASE}/sitemaps/claims-1.xml`);
    const pages = await t.agent().get('/sitemaps/pages.xml').expect(200);
    expect(XMLValidator.validate(pages.text)).toBe(true);
    expect(pages.text).toContain(`<loc>${BASE}${LOSSES}</loc>`);
    expect(pages.text).not.toContain('hidden-draft');
    const claims = (await t.agent().get('/sitemaps/claims-1.xml').expect(200)).text;
    expect(claims).toContain(`<loc>${BASE}/claims/${ratedClaimId}</loc>`);
    const draftClaim = (await t.db('claims').where('text', 'Draft-only claim text').first()).id;
    expect(claims).not.toContain(`/claims/${draftClaim}<`);
    const robots = await t.agent().get('/robots.txt').expect(200).expect('Content-Type', /text\/plain/);
    expect(robots.text).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    expect(robots.text).toContain('Disallow: /admin/');
  });

  it('serves a paginated read-only JSON API of published data', async () => {
    const first = await t.agent().get('/api/v1/claims?limit=5').expect(200).expect('Content-Type', /json/);
    expect(first.body.data).toHaveLength(5);
    expect(first.body.next).toBe(`${BASE}/api/v1/claims?after=${first.body.data[4].id}&limit=5`);
    const all: { id: number; text: string }[] = [...first.body.data];
    for (let next = first.body.next; next; ) {
      const page = await t.agent().get(next.replace(BASE, '')).expect(200);
      all.push(...page.body.data);
      next = page.body.next;
    }
    const ids = all.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.map((c) => c.text)).toContain(HOSTILE);
    expect(all.map((c) => c.text)).not.toContain('Draft-only claim text');

    const claim = (await t.agent().get(`/api/v1/claims/${ratedClaimId}`).expect(200)).body.data;
    expect(claim).toMatchObject({ id: ratedClaimId, wording: 'verbatim', status: { value: 'false' }, source: { slug: 'russian-authorities' } });
    expect(claim.status_history.map((c: { to: string }) => c.to)).toEqual(['unverified', 'false']);
    expect(JSON.stringify(claim)).not.toMatch(/editor|password|email/);

    const dispute = (await t.agent().get(`/api/v1${LOSSES}`).expect(200)).body.data;
    expect(dispute.positions.map((p: { label: string }) => p.label)).toEqual(['No losses', '70 fighters killed']);
    expect(dispute.links[0]).toMatchObject({ type: 'contradicts' });
    const disputes = (await t.agent().get('/api/v1/disputes').expect(200)).body.data;
    expect(disputes.map((d: { slug: string }) => d.slug)).not.toContain('hidden-draft');
    expect((await t.agent().get('/api/v1/sources').expect(200)).body.data.length).toBe(5);

    await t.agent().get('/api/v1/disputes/hidden-draft').expect(404).expect('Content-Type', /json/);
    const draftClaim = (await t.db('claims').where('text', 'Draft-only claim text').first()).id;
    await t.agent().get(`/api/v1/claims/${draftClaim}`).expect(404);
    const bad = await t.agent().get('/api/v1/claims?limit=100000').expect(400).expect('Content-Type', /json/);
    expect(bad.body.detail).toContain('limit');
    for (const after of ['-1', 'abc', '2147483648']) {
      const refused = await t.agent().get(`/api/v1/claims?after=${after}&limit=0`).expect(400);
      expect(refused.body.detail).toBe('“after” must be a claim, dispute or source id (a whole number).');
    }
    expect((await t.agent().get('/api/v1/claims?after=2147483647').expect(200)).body).toEqual({ data: [], next: null });
  });

  it('exports claims as CSV, safely for spreadsheets, without drafts', async () => {
    const all = await t.agent().get('/claims.csv').expect(200).expect('Content-Type', /text\/csv/);
    expect(all.headers['content-disposition']).toContain('claims.csv');
    const lines = all.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('"claim_id","dispute","position","source","source_kind","text","wording","original_text","original_language","said_on","said_on_precision","venue","url","status","status_rationale","status_changed_at","claim_url"');
    expect(all.text).toContain('"They said </script><script>alert(1)</script> & <!-- ""quoted"" \u2028 line"');
    expect(all.text).not.toContain('Draft-only claim text');
    const one = await t.agent().get(`${LOSSES}/claims.csv`).expect(200);
    expect(one.text.trimEnd().split('\r\n')).toHaveLength(4);
    await t.agent().get('/disputes/hidden-draft/claims.csv').expect(404);
  });

  it('neutralises spreadsheet formulas in exported cells', async () => {
    const source = await t.db('sources').where('slug', PONOMAREV_SLUG).first();
    const dispute = await t.db('disputes').where('slug', STRIP_SLUG).first();
    const position = (await listPositions(t.db, dispute.id))[0];
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: '=HYPERLINK("http://evil.example","click")', is_verbatim: false,
      original_text: null, original_language: null, said_on: '2023-05-23', said_on_precision: 'day', venue: '+cmd', url: null, status: 'unverified', rationale: '@x',
    }, by);
    expect(await findClaim(t.db, claim.id, false)).toBeDefined();
    const csv = (await t.agent().get(`${STRIP}/claims.csv`).expect(200)).text;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain(`"'+cmd"`);
    expect(csv).toContain(`"'@x"`);
  });
});

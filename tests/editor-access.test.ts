import { csrfFrom, encodeForm, Fields, startTestApp, TestApp, visibleText } from './support/app';
import { LOSSES, LOSSES_SLUG, PONOMAREV_SLUG } from './support/founding-case';
import { contentCounts } from './support/editor-forms';

// Editor pages and writes are for signed-in editors: anonymous visitors are sent to sign in, their posts refused.

describe('editor forms are for signed-in editors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.drop());

  it('sends anonymous visitors to sign in, and refuses their posts even with a valid form token', async () => {
    for (const path of ['/sources/new', '/disputes/new', '/sources/anyone/edit', '/claims/1/edit', '/claims/1/status', '/claims/1/links/new']) {
      const res = await t.agent().get(path).expect(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const before = await contentCounts(t);
    const visitor = t.agent();
    const signInPage = await visitor.get('/signin').expect(200);
    const res = await visitor.post('/sources').type('form')
      .send(encodeForm({ _csrf: csrfFrom(signInPage.text), name: 'Sneaky source', kind: 'person' }));
    expect(res.status).toBe(401);
    expect(visibleText(res.text)).toContain('Only signed-in editors can do this.');
    expect(await contentCounts(t)).toEqual(before);
  });

  it('refuses an editor’s post without the form token', async () => {
    const { agent } = await t.signedIn();
    const before = await contentCounts(t);
    const res = await agent.post('/sources').type('form').send(encodeForm({ name: 'No token', kind: 'person' }));
    expect(res.status).toBe(403);
    expect(visibleText(res.text)).toContain('This form has expired');
    expect(await contentCounts(t)).toEqual(before);
  });
});

describe('editor routes and anonymous visitors', () => {
  let t: TestApp;
  let GET_ROUTES: string[];
  let POST_ROUTES: [string, Fields][];
  const EDITORIAL_TABLES = ['disputes', 'positions', 'claims', 'claim_links', 'sources', 'status_changes', 'revisions', 'editors'];

  async function snapshot() {
    const tables: Record<string, unknown[]> = {};
    for (const table of EDITORIAL_TABLES) tables[table] = await t.db(table).orderBy('id');
    return tables;
  }

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    const dispute = await t.db('disputes').where({ slug: LOSSES_SLUG }).first();
    const positions = await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order');
    const claim = await t.db('claims').whereIn('position_id', positions.map((p) => p.id)).orderBy('id').first();
    const otherClaim = await t.db('claims').whereNot({ id: claim.id }).orderBy('id', 'desc').first();
    const link = await t.db('claim_links').orderBy('id').first();
    const source = await t.db('sources').where({ slug: PONOMAREV_SLUG }).first();
    expect([dispute, claim, otherClaim, link, source].every(Boolean)).toBe(true);

    GET_ROUTES = [
      '/disputes/new',
      `${LOSSES}/edit`,
      `${LOSSES}/claims/new`,
      `/claims/${claim.id}/edit`,
      `/claims/${claim.id}/status`,
      `/claims/${claim.id}/links/new`,
      '/sources/new',
      `/sources/${source.slug}/edit`,
    ];
    const claimFields = {
      position_id: String(positions[0].id), source_id: String(source.id), text: 'An anonymous claim',
      wording: 'paraphrase', said_on: '2023-05-25', said_on_precision: 'day', venue: 'Nowhere', edit_summary: 'anonymous',
    };
    POST_ROUTES = [
      ['/disputes', { title: 'Anonymous dispute?', state: 'published', position_label: ['Yes', 'No'], edit_summary: 'anonymous' }],
      [`${LOSSES}/edit`, {
        title: 'Defaced', state: 'published', version: String(dispute.version),
        position_label: positions.map((p) => p.label), position_id: positions.map((p) => String(p.id)), edit_summary: 'anonymous',
      }],
      [`${LOSSES}/claims`, { ...claimFields, status: 'true', rationale: 'Because I say so' }],
      [`/claims/${claim.id}/edit`, { ...claimFields, version: String(claim.version) }],
      [`/claims/${claim.id}/status`, { status: 'false', rationale: 'Because I say so', version: String(claim.version) }],
      [`/claims/${claim.id}/links`, { to_claim_id: String(otherClaim.id), type: 'supports', note: '', edit_summary: 'anonymous' }],
      [`/links/${link.id}/remove`, { version: String(link.version), edit_summary: 'anonymous' }],
      ['/sources', { name: 'Anonymous Source', kind: 'person', edit_summary: 'anonymous' }],
      [`/sources/${source.slug}/edit`, { name: 'Defaced', kind: 'person', version: String(source.version), edit_summary: 'anonymous' }],
    ];
  });

  afterAll(() => t.drop());

  it('sends anonymous visitors of every editor page to sign in, with the page to come back to', async () => {
    for (const path of GET_ROUTES) {
      const res = await t.agent().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 303 });
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
  });

  it('refuses every anonymous write with 401 and changes nothing', async () => {
    const before = await snapshot();
    const agent = t.agent();
    // A real token of this anonymous session, so the refusal is the sign-in check's, not CSRF's.
    const token = csrfFrom((await agent.get('/signin').expect(200)).text);
    for (const [path, fields] of POST_ROUTES) {
      const res = await agent.post(path).type('form').send(encodeForm({ _csrf: token, ...fields }));
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(visibleText(res.text)).toContain('Only signed-in editors can do this.');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('serves the same routes to a signed-in editor (the list above is real)', async () => {
    const { agent } = await t.signedIn();
    for (const path of GET_ROUTES) {
      const res = await agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const token = csrfFrom((await agent.get('/').expect(200)).text);
    for (const [path, fields] of POST_ROUTES) {
      const res = await agent.post(path).type('form').send(encodeForm({ _csrf: token, ...fields }));
      expect({ path, accepted: [303, 409, 422].includes(res.status) }).toEqual({ path, accepted: true });
    }
  });
});

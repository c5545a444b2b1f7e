import { Agent, csrfFrom, encodeForm, Fields, startTestApp, TestApp, visibleText } from './support/app';
import { claimIdByText, LOSSES, NO_LOSSES_WORDS, PONOMAREV } from './support/founding-case';

// Readers' corrections and tips, through HTTP on a real database: the form on its own page,
// every refusal (422 with the input kept), the honeypot, the per-IP rate limit kept in the
// database, CSRF, the editors' moderation queue, and the sender's email kept out of public view.

const EMAIL = 'whistle.blower@example.org';

let t: TestApp;
let claimId: number;
let ipCount = 0;

/** A browser behind its own address (the app trusts one proxy here, as behind nginx). */
function reader(ip = `198.51.100.${++ipCount}`): Agent {
  return t.agent().set('X-Forwarded-For', ip);
}

async function sendTip(agent: Agent, formPage: string, fields: Fields) {
  const page = await agent.get(formPage).expect(200);
  return agent.post(formPage).type('form').send(encodeForm({ _csrf: csrfFrom(page.text), ...fields }));
}

async function tipCount(): Promise<number> {
  return Number((await t.db('tips').count({ n: '*' }).first())!.n);
}

function fieldError(html: string, name: string): string | undefined {
  return html.match(new RegExp(`id="field-${name}-error"><span class="visually-hidden">Error: </span>([^<]*)</p>`))?.[1];
}

/** Earlier submissions from an address, as if sent `minutesAgo`. */
async function earlierTips(ip: string, count: number, minutesAgo: number) {
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  await t.db('tips').insert(Array.from({ length: count }, (_, i) => ({
    claim_id: claimId, body: `Earlier tip ${i + 1}`, ip, created_at: createdAt,
  })));
}

beforeAll(async () => {
  t = await startTestApp({ seed: true, env: { TRUST_PROXY: 'loopback' } });
  claimId = await claimIdByText(t, NO_LOSSES_WORDS);
});
afterAll(() => t.drop());

describe('the tip form', () => {
  it('is linked from published claim and dispute pages, which still set no cookie', async () => {
    for (const [page, form] of [[`/claims/${claimId}`, `/claims/${claimId}/tip`], [LOSSES, `${LOSSES}/tip`]]) {
      const res = await t.agent().get(page).expect(200);
      expect(res.text).toContain(`<a href="${form}" rel="nofollow">Suggest a correction or send a tip</a>`);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('lives on its own page, the only one that sets a cookie (for its form token; no session is stored)', async () => {
    const res = await t.agent().get(`/claims/${claimId}/tip`).expect(200);
    expect(String(res.headers['set-cookie'])).toContain('cc_form=');
    expect(String(res.headers['set-cookie'])).not.toContain('cc_session=');
    const text = visibleText(res.text);
    expect(text).toContain('Suggest a correction or send a tip');
    expect(text).toContain('About the claim by Ilya Ponomarev: “didn’t lose a single soldier”');
    expect(text).toContain('Leave this field empty');
    expect(res.text).toMatch(/<input id="field-website" name="website" type="text" value="" tabindex="-1" autocomplete="off">/);
    expect(visibleText((await t.agent().get(`${LOSSES}/tip`).expect(200)).text)).toContain('About the dispute “Did the Freedom of Russia Legion lose fighters');
  });

  it('exists only for published claims and disputes', async () => {
    const draft = await t.db('disputes').insert({ slug: 'a-draft', title: 'A draft', state: 'draft' }).returning('id');
    const [position] = await t.db('positions').insert({ dispute_id: draft[0].id, label: 'Yes', sort_order: 1 }).returning('id');
    const source = await t.db('sources').first('id');
    const [draftClaim] = await t.db('claims').insert({
      dispute_id: draft[0].id, position_id: position.id, source_id: source.id, text: 'Draft claim', is_verbatim: false, said_on: '2023-05-01', venue: 'Somewhere',
    }).returning('id');
    for (const path of ['/disputes/a-draft/tip', `/claims/${draftClaim.id}/tip`, '/claims/999999/tip', '/claims/abc/tip', '/disputes/nothing/tip']) {
      await t.agent().get(path).expect(404);
    }
    const { agent } = await t.signedIn();
    await agent.get('/disputes/a-draft/tip').expect(404);
  });
});

describe('sending a tip', () => {
  it('records a correction about a claim and thanks the reader on the claim page', async () => {
    const agent = reader();
    const res = await sendTip(agent, `/claims/${claimId}/tip`, {
      body: 'The Legion’s own channel listed two fighters as killed on 24 May.', evidence_url: 'https://example.org/legion-post', email: EMAIL, website: '',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${claimId}`);
    expect(visibleText((await agent.get(res.headers.location).expect(200)).text)).toContain('Thank you: your tip has reached the editors.');
    const tip = await t.db('tips').orderBy('id', 'desc').first();
    expect(tip).toMatchObject({
      claim_id: claimId, dispute_id: null, state: 'open', email: EMAIL,
      body: 'The Legion’s own channel listed two fighters as killed on 24 May.', evidence_url: 'https://example.org/legion-post',
    });
  });

  it('records a tip about a dispute with only its text, and thanks the reader on the dispute page', async () => {
    const agent = reader();
    const res = await sendTip(agent, `${LOSSES}/tip`, { body: '  A second source: the regional governor spoke of wounded civilians.  ', evidence_url: '', email: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(LOSSES);
    expect(visibleText((await agent.get(LOSSES).expect(200)).text)).toContain('Thank you: your tip has reached the editors.');
    const tip = await t.db('tips').orderBy('id', 'desc').first();
    const dispute = await t.db('disputes').where('slug', LOSSES.split('/').pop()).first();
    expect(tip).toMatchObject({
      claim_id: null, dispute_id: dispute.id, email: null, evidence_url: null,
      body: 'A second source: the regional governor spoke of wounded civilians.',
    });
  });

  it.each([
    ['no text', { body: '   ' }, 'body', 'Enter your correction or tip.'],
    ['text over 2000 characters', { body: 'x'.repeat(2001) }, 'body', 'Your correction or tip must be at most 2000 characters (this has 2001).'],
    ['invisible control characters', { body: 'Look\u0000here' }, 'body', 'Your correction or tip contains invisible control characters (such as NUL); remove them.'],
    ['a javascript: address', { evidence_url: 'javascript:alert(1)' }, 'evidence_url', 'Evidence web address must be a full web address starting with http:// or https://.'],
    ['an ftp address', { evidence_url: 'ftp://example.org/file' }, 'evidence_url', 'Evidence web address must be a full web address starting with http:// or https://.'],
    ['an address without a scheme', { evidence_url: 'example.org/report' }, 'evidence_url', 'Evidence web address must be a full web address starting with http:// or https://.'],
    ['an email without an @', { email: 'reader.example.org' }, 'email', 'Enter an email address like name@example.org, or leave it empty.'],
    ['an email over 254 characters', { email: `${'a'.repeat(250)}@example.org` }, 'email', 'Email must be at most 254 characters (this has 262).'],
  ])('refuses %s with 422, a message by the field, the input kept and nothing saved', async (_case, changes, field, message) => {
    const before = await tipCount();
    const fields = { body: 'The date is wrong: it was 22 May.', evidence_url: 'https://example.org/report', email: 'reader@example.org', ...changes };
    const res = await sendTip(reader(), `/claims/${claimId}/tip`, fields);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, field)).toBe(message.replace(/'/g, '&#39;'));
    expect(visibleText(res.text)).toContain(`This could not be sent yet ${message}`);
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'body' && value.length < 2500 && !value.includes('\u0000')) expect(res.text).toContain(value.trim());
      if (name !== 'body') expect(res.text).toContain(`name="${name}" type="${name === 'email' ? 'email' : 'url'}" value="${value.replace(/&/g, '&amp;')}"`);
    }
    expect(await tipCount()).toBe(before);
  });

  it('refuses a filled-in honeypot, saves nothing, and never fills the trap back in', async () => {
    const before = await tipCount();
    const res = await sendTip(reader(), `${LOSSES}/tip`, { body: 'Cheap watches here', evidence_url: 'https://spam.example', email: '', website: 'https://spam.example' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'website')).toBe('Leave this field empty: it is there to catch automated spam.');
    expect(res.text).toContain('Cheap watches here');
    expect(res.text).toContain('name="website" type="text" value=""');
    expect(await tipCount()).toBe(before);
  });

  it('refuses a tip without the form’s token', async () => {
    const before = await tipCount();
    const agent = reader();
    await agent.get(`/claims/${claimId}/tip`).expect(200);
    await agent.post(`/claims/${claimId}/tip`).type('form').send(encodeForm({ body: 'No token' })).expect(403);
    await reader().post(`/claims/${claimId}/tip`).type('form').send(encodeForm({ body: 'No session', _csrf: 'forged' })).expect(403);
    expect(await tipCount()).toBe(before);
  });
});

describe('the rate limit', () => {
  it('refuses a sixth tip within the hour from one address, keeping the text, with a Retry-After', async () => {
    await earlierTips('203.0.113.7', 5, 10);
    const before = await tipCount();
    const res = await sendTip(reader('203.0.113.7'), `/claims/${claimId}/tip`, { body: 'One more thing about the losses.', evidence_url: '', email: EMAIL });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(49 * 60);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(50 * 60);
    const text = visibleText(res.text);
    expect(text).toContain('This connection has sent 5 tips in the last hour, the most we accept.');
    expect(text).toContain('send it again in about 50 minutes');
    expect(res.text).toContain('One more thing about the losses.');
    expect(res.text).toContain(`value="${EMAIL}"`);
    expect(await tipCount()).toBe(before);
  });

  it('counts each address separately', async () => {
    await earlierTips('203.0.113.8', 4, 5);
    const res = await sendTip(reader('203.0.113.8'), `${LOSSES}/tip`, { body: 'The fifth tip this hour is still welcome.' });
    expect(res.status).toBe(303);
    const sixth = await sendTip(reader('203.0.113.8'), `${LOSSES}/tip`, { body: 'The sixth is not.' });
    expect(sixth.status).toBe(429);
    expect((await sendTip(reader('203.0.113.9'), `${LOSSES}/tip`, { body: 'Another address is fine.' })).status).toBe(303);
  });

  it('holds when many tips from one address arrive at once', async () => {
    const ip = '203.0.113.11';
    const forms = await Promise.all(Array.from({ length: 8 }, async () => {
      const agent = reader(ip);
      const page = await agent.get(`${LOSSES}/tip`).expect(200);
      return { agent, token: csrfFrom(page.text) };
    }));
    const statuses = await Promise.all(forms.map(({ agent, token }, i) =>
      agent.post(`${LOSSES}/tip`).type('form').send(encodeForm({ _csrf: token, body: `Burst ${i}` })).then((res) => res.status)));
    expect(statuses.filter((status) => status === 303)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
    expect(Number((await t.db('tips').where('ip', ip).count({ n: '*' }).first())!.n)).toBe(5);
  });

  it('forgets submissions older than an hour, and the addresses with them', async () => {
    await earlierTips('203.0.113.10', 5, 61);
    const res = await sendTip(reader('203.0.113.10'), `/claims/${claimId}/tip`, { body: 'A new hour, a new tip.' });
    expect(res.status).toBe(303);
    const kept = await t.db('tips').where('body', 'like', 'Earlier tip %').where('created_at', '<', new Date(Date.now() - 3600_000)).select('ip');
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept.every((row) => row.ip === null)).toBe(true);
    expect((await t.db('tips').where('body', 'A new hour, a new tip.').first()).ip).toBe('203.0.113.10');
  });
});

describe('the moderation queue', () => {
  let editor: Agent;
  beforeAll(async () => {
    editor = (await t.signedIn()).agent;
    await t.db('tips').where('body', 'like', 'Earlier tip %').delete();
  });

  it('is for editors only', async () => {
    const tip = await t.db('tips').first('id');
    for (const path of ['/tips', '/tips/handled', `/tips/${tip.id}`]) {
      const res = await reader().get(path).expect(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const agent = reader();
    const form = await agent.get(`/claims/${claimId}/tip`).expect(200);
    const token = csrfFrom(form.text);
    await agent.post(`/tips/${tip.id}/accept`).type('form').send(encodeForm({ _csrf: token, note: 'Sneaky' })).expect(401);
    await agent.post(`/tips/${tip.id}/dismiss`).type('form').send(encodeForm({ _csrf: token, reason: 'Sneaky' })).expect(401);
    expect((await t.db('tips').where('id', tip.id).first()).state).toBe('open');
  });

  it('is linked from the editors’ menu and lists open tips newest first, with what they concern and the sender’s email', async () => {
    const home = await editor.get('/').expect(200);
    expect(home.text).toContain('<a href="/tips">Tips</a>');
    const res = await editor.get('/tips').expect(200);
    const text = visibleText(res.text);
    const open = await t.db('tips').where('state', 'open').orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id');
    expect(text).toContain(`Open (${open.length})`);
    const shown = [...res.text.matchAll(/<a href="\/tips\/(\d+)">Tip \d+<\/a>/g)].map((m) => Number(m[1]));
    expect(shown).toEqual(open.map((row) => row.id));
    expect(text).toContain('about the claim Ilya Ponomarev: “didn’t lose a single soldier” in the dispute Did the Freedom of Russia Legion lose fighters');
    expect(text).toContain('about the dispute Did the Freedom of Russia Legion lose fighters');
    expect(res.text).toContain(`<a href="mailto:${EMAIL}">${EMAIL}</a>`);
  });

  it('shows a tip in full, with its evidence and the sender’s email', async () => {
    const tip = await t.db('tips').where('email', EMAIL).first();
    const text = visibleText((await editor.get(`/tips/${tip.id}`).expect(200)).text);
    expect(text).toContain('The Legion’s own channel listed two fighters as killed on 24 May.');
    expect(text).toContain('https://example.org/legion-post');
    expect(text).toContain(EMAIL);
    await editor.get('/tips/999999').expect(404);
  });

  it('refuses an acceptance that says nothing, or links outside http(s) and this site, keeping the input', async () => {
    const tip = await t.db('tips').where('email', EMAIL).first();
    const page = `/tips/${tip.id}`;
    const form = await editor.get(page).expect(200);
    const token = csrfFrom(form.text);
    const empty = await editor.post(`${page}/accept`).type('form').send(encodeForm({ _csrf: token, note: ' ', link: '' }));
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'note')).toBe('Say what you changed, or link to the change (or both).');
    for (const link of ['javascript:alert(1)', '//evil.example/x', 'claims/12']) {
      const bad = await editor.post(`${page}/accept`).type('form').send(encodeForm({ _csrf: token, note: 'Fixed the count', link }));
      expect(bad.status).toBe(422);
      expect(fieldError(bad.text, 'link')).toContain('Link to the change must be a path on this site such as /claims/12');
      expect(bad.text).toContain('Fixed the count');
    }
    const noReason = await editor.post(`${page}/dismiss`).type('form').send(encodeForm({ _csrf: token, reason: '' }));
    expect(noReason.status).toBe(422);
    expect(fieldError(noReason.text, 'reason')).toBe('Enter reason.');
    expect((await t.db('tips').where('id', tip.id).first()).state).toBe('open');
  });

  it('accepts a tip with a note and a link to the change, moving it to the handled list', async () => {
    const tip = await t.db('tips').where('email', EMAIL).first();
    const form = await editor.get(`/tips/${tip.id}`).expect(200);
    const res = await editor.post(`/tips/${tip.id}/accept`).type('form').send(encodeForm({
      _csrf: csrfFrom(form.text), note: 'Status changed to contested with the Legion’s post as evidence.', link: `/history/claim/${claimId}`,
    }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/tips');
    const queue = await editor.get('/tips').expect(200);
    expect(visibleText(queue.text)).toContain('Tip accepted.');
    expect(queue.text).not.toContain(`href="/tips/${tip.id}"`);
    const handled = visibleText((await editor.get('/tips/handled').expect(200)).text);
    expect(handled).toContain(`Tip ${tip.id}`);
    expect(handled).toMatch(/Accepted by Editor \d+, .*: Status changed to contested/);
    const shown = await editor.get(`/tips/${tip.id}`).expect(200);
    expect(shown.text).toContain(`<a href="/history/claim/${claimId}">/history/claim/${claimId}</a>`);
    expect(shown.text).not.toContain('Accept tip');
  });

  it('dismisses a tip with a reason', async () => {
    const tip = await t.db('tips').where('body', 'A second source: the regional governor spoke of wounded civilians.').first();
    const form = await editor.get(`/tips/${tip.id}`).expect(200);
    const res = await editor.post(`/tips/${tip.id}/dismiss`).type('form').send(encodeForm({
      _csrf: csrfFrom(form.text), reason: 'Civilian casualties are outside this dispute.',
    }));
    expect(res.status).toBe(303);
    const row = await t.db('tips').where('id', tip.id).first();
    expect(row).toMatchObject({ state: 'dismissed', resolution_note: 'Civilian casualties are outside this dispute.', resolution_url: null });
    expect(row.handled_at).not.toBeNull();
    expect(visibleText((await editor.get('/tips/handled').expect(200)).text)).toContain('Dismissed by Editor');
  });

  it('does not handle a tip twice: the second editor is told and sees the first decision', async () => {
    const tip = await t.db('tips').where('state', 'dismissed').first();
    const other = (await t.signedIn()).agent;
    const form = await other.get('/tips').expect(200);
    const res = await other.post(`/tips/${tip.id}/accept`).type('form').send(encodeForm({ _csrf: csrfFrom(form.text), note: 'Me too' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/tips/${tip.id}`);
    const text = visibleText((await other.get(res.headers.location).expect(200)).text);
    expect(text).toContain('Someone else handled this tip meanwhile');
    expect(text).toContain('Civilian casualties are outside this dispute.');
    expect((await t.db('tips').where('id', tip.id).first()).state).toBe('dismissed');
  });
});

describe('the sender’s email', () => {
  it('never appears on public pages, in the API, the feeds or the exports', async () => {
    expect(await t.db('tips').where('email', EMAIL).first()).toBeDefined();
    const dispute = await t.db('disputes').where('slug', LOSSES.split('/').pop()).first();
    const paths = [
      '/', LOSSES, `/claims/${claimId}`, `/claims/${claimId}/tip`, `${LOSSES}/tip`, '/sources', PONOMAREV,
      `/search?q=${encodeURIComponent('whistle')}`, '/api/v1/disputes', `/api/v1/disputes/${dispute.slug}`, '/api/v1/claims', `/api/v1/claims/${claimId}`,
      '/api/v1/sources', '/feeds/disputes.atom', '/feeds/status-changes.atom', '/sitemap.xml', '/sitemaps/pages.xml', '/claims.csv',
      `${LOSSES}/claims.csv`,
    ];
    for (const path of paths) {
      const res = await t.agent().get(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, res.text.includes(EMAIL)]).toEqual([path, false]);
      expect([path, res.text.includes('whistle.blower')]).toEqual([path, false]);
    }
  });
});

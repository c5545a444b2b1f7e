import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import { fillIn, recordSource, recordDispute, recordClaim } from './support/editor-forms';
import { formOnPage } from './support/page-form';

// Markup, template syntax and scripts typed into the forms are stored as typed and shown as text.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('hostile text in claims, venues, addresses and notes', () => {
  const QUOTE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> Москва 🚀 <%= 7*7 %> ${1+1}';
  const VENUE = 'Studio "><script>alert(2)</script><img src=x onerror=alert(2)> Київ 🚀 <%= 6*7 %>';
  const URL_PAYLOAD = 'https://example.org/?q="><script>alert(3)</script><img src=x onerror=alert(3)>';
  const ORIGINAL = '<script>alert(6)</script> Оригинал 🚀 <%= 9*9 %>';
  const LANGUAGE = 'ru"><script>alert(7)</script>';
  const NOTE = 'Note </span><script>alert(4)</script> \'><img src=x onerror=alert(4)> Харків 🚀 <%= 8*8 %> ${2+2}';
  let agent: Agent;
  let disputeSlug: string;
  let sourceSlug: string;
  let claimId: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    const source = await recordSource(t, agent, { name: 'Mallory <b>Bold</b>', description: '<script>alert(5)</script> Опис 🚀' });
    sourceSlug = source.slug;
    const dispute = await recordDispute(t, agent, { title: 'Hostile text', state: 'published' }, ['<i>One</i>', 'Two']);
    disputeSlug = dispute.slug;
    claimId = await recordClaim(agent, disputeSlug, {
      position_id: String(dispute.positions[0].id), source_id: String(source.id), text: QUOTE, venue: VENUE, url: URL_PAYLOAD,
      original_text: ORIGINAL, original_language: LANGUAGE,
    });
    const counter = await recordClaim(agent, disputeSlug, {
      position_id: String(dispute.positions[1].id), source_id: String(source.id), text: 'A plain counterclaim.',
    });
    const link = await fillIn(agent, `/claims/${claimId}/links/new`, { to_claim_id: String(counter), type: 'contradicts', note: NOTE });
    expect(link.status).toBe(303);
  });

  function expectInert(html: string) {
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img/);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
    expect(html).toContain('&lt;script&gt;alert(');
    const text = visibleText(html);
    expect(text).not.toContain('🚀 49');
    expect(text).not.toMatch(/(^|\s)(49|42|64|81)(\s|$)/);
    return text;
  }

  it('stores the text exactly as typed', async () => {
    expect(await t.db('claims').where({ id: claimId }).first())
      .toMatchObject({ text: QUOTE, venue: VENUE, url: URL_PAYLOAD, original_text: ORIGINAL, original_language: LANGUAGE });
    expect((await t.db('claim_links').where({ from_claim_id: claimId }).first()).note).toBe(NOTE);
  });

  it('shows it as text on the dispute page', async () => {
    const html = (await t.agent().get(`/disputes/${disputeSlug}`).expect(200)).text;
    const text = expectInert(html);
    expect(text).toContain(QUOTE);
    expect(text).toContain(VENUE);
    expect(text).toContain(NOTE);
    expect(text).toContain('Mallory <b>Bold</b>');
    expect(text).toContain('<i>One</i>');
    expect(text).toContain(`Original (${LANGUAGE}) ${ORIGINAL}`);
    expect(html).toContain('lang="ru&#34;&gt;&lt;script&gt;alert(7)&lt;/script&gt;"');
    expect(html).toContain('href="https://example.org/?q=&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;"');
  });

  it('shows it as text on the claim page', async () => {
    const html = (await t.agent().get(`/claims/${claimId}`).expect(200)).text;
    const text = expectInert(html);
    expect(text).toContain(QUOTE);
    expect(text).toContain(VENUE);
    expect(text).toContain(NOTE);
    expect(text).toContain('Claim by Mallory <b>Bold</b>');
    expect(text).toContain(`Original (${LANGUAGE}) ${ORIGINAL}`);
  });

  it('shows it as text on the source page', async () => {
    const html = (await t.agent().get(`/sources/${sourceSlug}`).expect(200)).text;
    const text = expectInert(html);
    expect(text).toContain(QUOTE);
    expect(text).toContain('<script>alert(5)</script> Опис 🚀');
  });

  it('puts it back into the edit forms as inert values', async () => {
    const html = (await agent.get(`/claims/${claimId}/edit`).expect(200)).text;
    expectInert(html);
    expect(formOnPage(html).fields).toMatchObject({ text: QUOTE, venue: VENUE, url: URL_PAYLOAD, original_text: ORIGINAL, original_language: LANGUAGE });
  });
});

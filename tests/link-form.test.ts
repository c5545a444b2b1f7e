import { Agent, csrfFrom, encodeForm, startTestApp, TestApp, visibleText } from './support/app';
import {
  HUGE, fieldError, fillIn, expectRefused, recordSource, recordDispute, RecordedDispute, recordClaim,
} from './support/editor-forms';
import { formOnPage } from './support/page-form';

// The link form: linking two claims, removing the link, and every refusal.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('link form', () => {
  let agent: Agent;
  let dispute: RecordedDispute;
  let noLosses: number;
  let killed: number;
  let third: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    const legion = await recordSource(t, agent, { name: 'Ilya Ponomarev' });
    const russia = await recordSource(t, agent, { name: 'Russian authorities', kind: 'government' });
    dispute = await recordDispute(t, agent, { title: 'Losses in Belgorod', state: 'published' }, ['No losses', '70 killed']);
    const [a, b] = dispute.positions.map((p: { id: number }) => String(p.id));
    noLosses = await recordClaim(agent, dispute.slug, { position_id: a, source_id: String(legion.id), text: 'We lost no one.' });
    killed = await recordClaim(agent, dispute.slug, { position_id: b, source_id: String(russia.id), text: 'Seventy fighters were killed.' });
    third = await recordClaim(agent, dispute.slug, { position_id: b, source_id: String(russia.id), text: 'The raid was crushed.' });
  });

  it('offers the other claims of the dispute', async () => {
    const page = await agent.get(`/claims/${noLosses}/links/new?to=${killed}`).expect(200);
    expect(formOnPage(page.text).fields).toMatchObject({ type: 'contradicts', to_claim_id: String(killed) });
    const text = visibleText(page.text);
    expect(text).toContain('70 killed — Russian authorities: Seventy fighters were killed.');
    expect(text).not.toContain('No losses — Ilya Ponomarev');
  });

  it('links two claims, shown from both ends and on the dispute page, then removes the link', async () => {
    const res = await fillIn(agent, `/claims/${noLosses}/links/new`, { to_claim_id: String(killed), type: 'contradicts', note: 'Opposite counts of the dead.' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${noLosses}`);
    const link = await t.db('claim_links').where({ from_claim_id: noLosses, to_claim_id: killed }).first();
    expect(link).toMatchObject({ type: 'contradicts', note: 'Opposite counts of the dead.', version: 1, deleted_at: null });

    const reader = t.agent();
    const from = visibleText((await agent.get(`/claims/${noLosses}`).expect(200)).text);
    expect(from).toContain('Link saved.');
    expect(from).toContain('Contradicts Russian authorities: “Seventy fighters were killed.” — Opposite counts of the dead.');
    expect(visibleText((await reader.get(`/claims/${killed}`).expect(200)).text))
      .toContain('Contradicted by Ilya Ponomarev: “We lost no one.” — Opposite counts of the dead.');
    const disputeText = visibleText((await reader.get(`/disputes/${dispute.slug}`).expect(200)).text);
    expect(disputeText).toContain('How these claims relate');
    expect(disputeText).toContain('Ilya Ponomarev: “We lost no one.” contradicts Russian authorities: “Seventy fighters were killed.” — Opposite counts of the dead.');

    const claimPage = await agent.get(`/claims/${noLosses}`).expect(200);
    const removal = await agent.post(`/links/${link.id}/remove`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(claimPage.text), version: String(link.version) }));
    expect(removal.status).toBe(303);
    expect(removal.headers.location).toBe(`/claims/${noLosses}`);
    const after = visibleText((await agent.get(`/claims/${noLosses}`).expect(200)).text);
    expect(after).toContain('Link removed.');
    expect(after).toContain('No other claim is linked to this one yet.');
    expect(visibleText((await reader.get(`/disputes/${dispute.slug}`).expect(200)).text)).not.toContain('How these claims relate');
    expect((await t.db('claim_links').where({ id: link.id }).first()).deleted_at).not.toBeNull();
    expect(await t.db('revisions').where({ entity_type: 'link', entity_id: link.id }).orderBy('version').pluck('summary'))
      .toEqual(['Linked: contradicts', 'Link removed']);

    const again = await agent.post(`/links/${link.id}/remove`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(claimPage.text), version: String(link.version) }));
    expect(again.status).toBe(404);
  });

  it('refuses a duplicate link, either way round', async () => {
    const first = await fillIn(agent, `/claims/${killed}/links/new`, { to_claim_id: String(third), type: 'supports' });
    expect(first.status).toBe(303);
    for (const [from, to] of [[killed, third], [third, killed]]) {
      const res = await expectRefused(t, () => fillIn(agent, `/claims/${from}/links/new`, { to_claim_id: String(to), type: 'qualifies', note: 'Again' }));
      expect(fieldError(res.text, 'to_claim_id')).toBe('These two claims are already linked.');
      expect(formOnPage(res.text).fields).toMatchObject({ to_claim_id: String(to), type: 'qualifies', note: 'Again' });
    }
  });

  it('refuses a missing or unknown claim, an unknown type, a self-link, an overlong note and a NUL byte', async () => {
    const action = `/claims/${noLosses}/links/new`;
    let res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: '', type: 'refutes', note: HUGE }));
    expect(fieldError(res.text, 'to_claim_id')).toBe('Choose the claim to link to.');
    expect(fieldError(res.text, 'type')).toBe('Choose how the claims relate.');
    expect(fieldError(res.text, 'note')).toBe('Note must be at most 2000 characters (this has 100000).');
    expect(formOnPage(res.text).fields.note).toBe(HUGE);

    res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: '999999', note: 'To nowhere' }));
    expect(fieldError(res.text, 'to_claim_id')).toBe('Choose an existing claim.');
    expect(formOnPage(res.text).fields.note).toBe('To nowhere');

    res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: String(noLosses) }));
    expect(fieldError(res.text, 'to_claim_id')).toBe('A claim cannot be linked to itself.');

    res = await expectRefused(t, () => fillIn(agent, action, { to_claim_id: String(killed), note: 'Bad\u0000note' }));
    expect(fieldError(res.text, 'note')).toBe('Note contains invisible control characters (such as NUL); remove them.');
  });
});

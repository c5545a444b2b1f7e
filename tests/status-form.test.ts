import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import {
  HUGE, fieldError, fillIn, contentCounts, expectRefused, recordSource, recordDispute, recordClaim,
} from './support/editor-forms';
import { formOnPage } from './support/page-form';

// The status form: each decision kept in the timeline, refusals and a stale version.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('status form', () => {
  let agent: Agent;
  let claimId: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    const source = await recordSource(t, agent, { name: 'Russian authorities', kind: 'government' });
    const dispute = await recordDispute(t, agent, { title: 'Losses', state: 'published' }, ['None', 'Seventy']);
    claimId = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[1].id), source_id: String(source.id), text: 'Seventy fighters were killed.',
      rationale: 'Recorded from the interview.',
    });
  });

  it('changes the status and keeps every decision in the timeline, oldest first', async () => {
    const page = await agent.get(`/claims/${claimId}/status`).expect(200);
    expect(visibleText(page.text)).toContain('Current status: Unverified');
    expect(formOnPage(page.text).fields).toMatchObject({ status: 'unverified', version: '1' });

    let res = await fillIn(agent, `/claims/${claimId}/status`, { status: 'contested', rationale: 'The Legion denies any losses.' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${claimId}`);
    res = await fillIn(agent, `/claims/${claimId}/status`, { status: 'false', rationale: 'Satellite images show no such battle.' });
    expect(res.status).toBe(303);

    const reader = t.agent();
    const html = (await reader.get(`/claims/${claimId}`).expect(200)).text;
    expect(visibleText(html)).toContain('Status timeline');
    const timeline = html.split('class="status-timeline"')[1].split('</ol>')[0].split('<li>').slice(1).map(visibleText);
    expect(timeline).toHaveLength(3);
    expect(timeline[0]).toMatch(/UTC: Unverified Recorded from the interview\./);
    expect(timeline[1]).toMatch(/UTC: Unverified → Contested The Legion denies any losses\./);
    expect(timeline[2]).toMatch(/UTC: Contested → False Satellite images show no such battle\./);

    expect(await t.db('claims').where({ id: claimId }).first())
      .toMatchObject({ status: 'false', status_rationale: 'Satellite images show no such battle.', version: 3 });
    expect(await t.db('status_changes').where({ claim_id: claimId }).orderBy('id').select('from_status', 'to_status')).toEqual([
      { from_status: null, to_status: 'unverified' },
      { from_status: 'unverified', to_status: 'contested' },
      { from_status: 'contested', to_status: 'false' },
    ]);
  });

  it('refuses an unknown status, a missing or overlong rationale and a NUL byte, changing nothing', async () => {
    const before = await t.db('claims').where({ id: claimId }).first();
    let res = await expectRefused(t, () => fillIn(agent, `/claims/${claimId}/status`, { status: 'debunked', rationale: '' }));
    expect(fieldError(res.text, 'status')).toBe('Choose a verification status.');
    expect(fieldError(res.text, 'rationale')).toBe('Enter rationale.');

    res = await expectRefused(t, () => fillIn(agent, `/claims/${claimId}/status`, { status: 'true', rationale: HUGE }));
    expect(fieldError(res.text, 'rationale')).toBe('Rationale must be at most 5000 characters (this has 100000).');
    expect(formOnPage(res.text).fields).toMatchObject({ status: 'true', rationale: HUGE });

    res = await expectRefused(t, () => fillIn(agent, `/claims/${claimId}/status`, { status: 'true', rationale: 'Confirmed\u0000' }));
    expect(fieldError(res.text, 'rationale')).toBe('Rationale contains invisible control characters (such as NUL); remove them.');

    expect(await t.db('claims').where({ id: claimId }).first()).toEqual(before);
  });

  it('answers a status change based on an old version with a conflict, recording nothing', async () => {
    const before = await contentCounts(t);
    const res = await fillIn(agent, `/claims/${claimId}/status`, { status: 'true', rationale: 'Stale decision.', version: '1' });
    expect(res.status).toBe(409);
    expect(visibleText(res.text)).toContain('Someone else saved this while you were editing');
    expect(formOnPage(res.text).fields).toMatchObject({ rationale: 'Stale decision.', status: 'true' });
    expect(await contentCounts(t)).toEqual(before);
    expect((await t.db('claims').where({ id: claimId }).first()).status).toBe('false');
  });
});

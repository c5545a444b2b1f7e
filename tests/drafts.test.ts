import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import {
  fillIn, recordSource, recordDispute, RecordedDispute, recordClaim, publishedOnHome, draftsOnHome,
} from './support/editor-forms';

// Draft disputes: hidden from readers until published, shown to editors as drafts.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('drafts', () => {
  let agent: Agent;
  let dispute: RecordedDispute;
  let source: { id: number; slug: string };
  let claimId: number;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    source = await recordSource(t, agent, { name: 'Anonymous Telegram channel', kind: 'media' });
    dispute = await recordDispute(t, agent, { title: 'Was the bridge at Shebekino blown up?' }, ['Yes', 'No']);
    claimId = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'The bridge is gone.',
    });
  });

  it('hides a draft dispute and its claims from readers', async () => {
    expect(dispute.state).toBe('draft');
    const reader = t.agent();
    expect(visibleText((await reader.get('/').expect(200)).text)).not.toContain('Shebekino');
    await reader.get(`/disputes/${dispute.slug}`).expect(404);
    await reader.get(`/claims/${claimId}`).expect(404);
    const sourcePage = visibleText((await reader.get(`/sources/${source.slug}`).expect(200)).text);
    expect(sourcePage).toContain('Claims (0)');
    expect(sourcePage).not.toContain('The bridge is gone.');
  });

  it('shows drafts to editors, marked as drafts', async () => {
    const home = visibleText((await agent.get('/').expect(200)).text);
    expect(draftsOnHome(home)).toContain('Was the bridge at Shebekino blown up? Draft Positions: Yes vs No');
    expect(publishedOnHome(home)).not.toContain('Shebekino');
    expect(visibleText((await agent.get(`/disputes/${dispute.slug}`).expect(200)).text)).toContain('Draft: editors only');
    expect(visibleText((await agent.get(`/claims/${claimId}`).expect(200)).text)).toContain('The bridge is gone.');
    const sourcePage = visibleText((await agent.get(`/sources/${source.slug}`).expect(200)).text);
    expect(sourcePage).toContain('Claims (1)');
    expect(sourcePage).toContain('The bridge is gone.');
  });

  it('shows the dispute to readers once it is published', async () => {
    const res = await fillIn(agent, `/disputes/${dispute.slug}/edit`, { state: 'published' });
    expect(res.status).toBe(303);
    const reader = t.agent();
    const home = visibleText((await reader.get('/').expect(200)).text);
    expect(publishedOnHome(home)).toContain('Was the bridge at Shebekino blown up? Positions: Yes vs No');
    expect(home).not.toContain('Drafts');
    expect(draftsOnHome(visibleText((await agent.get('/').expect(200)).text))).not.toContain('Shebekino');
    const page = visibleText((await reader.get(`/disputes/${dispute.slug}`).expect(200)).text);
    expect(page).toContain('The bridge is gone.');
    expect(page).not.toContain('Draft');
    await reader.get(`/claims/${claimId}`).expect(200);
    expect(visibleText((await reader.get(`/sources/${source.slug}`).expect(200)).text)).toContain('Claims (1)');
  });
});

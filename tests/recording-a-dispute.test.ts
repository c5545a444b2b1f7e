import { startTestApp, TestApp, visibleText } from './support/app';
import { fillIn, recordSource, recordDispute, recordClaim, publishedOnHome, positionColumns } from './support/editor-forms';

// A whole dispute recorded through the forms alone, as a reader then sees it.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('recording a new dispute entirely through the forms', () => {
  it('lets an editor record two opposing claims and link them, and a reader sees both side by side', async () => {
    const { agent } = await t.signedIn();
    const rvc = await recordSource(t, agent, { name: 'Russian Volunteer Corps', kind: 'military' });
    const mod = await recordSource(t, agent, { name: 'Russian Ministry of Defence', kind: 'government' });
    const dispute = await recordDispute(t, agent, {
      title: 'Did the raiders hold a 40-km strip?', state: 'published', events_from: '2023-05-22', events_place: 'Belgorod region',
    }, ['They held it', 'They were driven out']);
    const held = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[0].id), source_id: String(rvc.id), text: 'We control a 40-km strip of land.',
    });
    const repelled = await recordClaim(agent, dispute.slug, {
      position_id: String(dispute.positions[1].id), source_id: String(mod.id), text: 'The saboteurs were driven back into Ukraine.',
      wording: 'paraphrase', status: 'contested', rationale: 'No independent confirmation.',
    });
    const link = await fillIn(agent, `/claims/${held}/links/new`, { to_claim_id: String(repelled), type: 'contradicts' });
    expect(link.status).toBe(303);

    const reader = t.agent();
    expect(publishedOnHome(visibleText((await reader.get('/').expect(200)).text)))
      .toContain('Did the raiders hold a 40-km strip? Positions: They held it vs They were driven out');
    const html = (await reader.get(`/disputes/${dispute.slug}`).expect(200)).text;
    const columns = positionColumns(html);
    expect(columns).toHaveLength(2);
    expect(columns[0]).toContain('They held it');
    expect(columns[0]).toContain('We control a 40-km strip of land.');
    expect(columns[0]).toContain('Russian Volunteer Corps');
    expect(columns[0]).toContain('Contradicts the claim by Russian Ministry of Defence');
    expect(columns[0]).not.toContain('driven back');
    expect(columns[1]).toContain('They were driven out');
    expect(columns[1]).toContain('Paraphrase: The saboteurs were driven back into Ukraine.');
    expect(columns[1]).toContain('Contested No independent confirmation.');
    expect(columns[1]).toContain('Contradicted by the claim by Russian Volunteer Corps');
    expect(columns[1]).not.toContain('40-km strip of land');
    expect(html).toContain(`href="#claim-${repelled}"`);
    expect(visibleText(html)).toContain('Events: 22 May 2023, Belgorod region');
  });
});

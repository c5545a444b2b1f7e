import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import {
  HUGE, NEXT_YEAR, fieldError, fillIn, positionLabels, expectRefused, recordSource, recordDispute, recordClaim, publishedOnHome, positionColumns,
} from './support/editor-forms';
import { formOnPage } from './support/page-form';

// The dispute form and its position rows: creating, editing and every refusal, nothing written on a refusal.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('dispute form', () => {
  let agent: Agent;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
  });

  it('offers a draft with six empty position rows', async () => {
    const page = await agent.get('/disputes/new').expect(200);
    const { fields } = formOnPage(page.text);
    expect(fields.state).toBe('draft');
    expect(fields.position_label).toEqual(positionLabels());
    expect(fields.position_id).toEqual(positionLabels());
  });

  it('creates a published dispute with its positions, shown to readers and on the home page', async () => {
    const res = await fillIn(agent, '/disputes/new', {
      title: 'Did the raiders reach Kozinka?', summary: 'Both sides describe the first day differently.',
      events_from: '2023-05-22', events_to: '2023-05-25', events_place: 'Belgorod region, Russia',
      position_label: positionLabels('Yes, they held it', '', 'No, they were repelled'), state: 'published',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/disputes/did-the-raiders-reach-kozinka');

    const reader = t.agent();
    const page = await reader.get(res.headers.location).expect(200);
    const text = visibleText(page.text);
    expect(text).toContain('Did the raiders reach Kozinka?');
    expect(text).toContain('Both sides describe the first day differently.');
    expect(text).toContain('Events: 22 May 2023 – 25 May 2023, Belgorod region, Russia');
    expect(positionColumns(page.text).map((column) => column.trim().split(' No claims')[0]))
      .toEqual(['Yes, they held it', 'No, they were repelled']);
    expect(publishedOnHome(visibleText((await reader.get('/').expect(200)).text)))
      .toContain('Did the raiders reach Kozinka? Positions: Yes, they held it vs No, they were repelled');

    const dispute = await t.db('disputes').where({ slug: 'did-the-raiders-reach-kozinka' }).first();
    expect(dispute).toMatchObject({ state: 'published', events_from: '2023-05-22', events_to: '2023-05-25', version: 1 });
    expect(dispute.published_at).not.toBeNull();
    expect(await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label'))
      .toEqual(['Yes, they held it', 'No, they were repelled']);
  });

  it('refuses a missing question, an impossible date, a future date, an unknown state and a single position', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/disputes/new', {
      title: '', events_from: '2023-02-30', events_to: NEXT_YEAR, state: 'archived', position_label: positionLabels('Only one answer'),
      summary: 'Kept summary',
    }));
    expect(fieldError(res.text, 'title')).toBe('Enter question.');
    expect(fieldError(res.text, 'events_from')).toBe('Start date must be a real date (YYYY-MM-DD).');
    expect(fieldError(res.text, 'events_to')).toBe('End date must be between 1900 and today.');
    expect(fieldError(res.text, 'state')).toBe('Choose draft or published.');
    expect(fieldError(res.text, 'positions')).toBe('A dispute needs at least two positions: the answers that claims give.');
    const { fields } = formOnPage(res.text);
    expect(fields).toMatchObject({ events_from: '2023-02-30', events_to: NEXT_YEAR, summary: 'Kept summary' });
    expect(fields.position_label).toEqual(positionLabels('Only one answer'));
  });

  it('refuses an overlong summary, dates out of order, a NUL byte and positions with the same name', async () => {
    const res = await expectRefused(t, () => fillIn(agent, '/disputes/new', {
      title: 'Null\u0000question', summary: HUGE, events_from: '2023-05-25', events_to: '2023-05-22',
      position_label: positionLabels('Same', 'same'),
    }));
    expect(fieldError(res.text, 'title')).toBe('Question contains invisible control characters (such as NUL); remove them.');
    expect(fieldError(res.text, 'summary')).toBe('Summary must be at most 5000 characters (this has 100000).');
    expect(fieldError(res.text, 'positions')).toBe('Each position needs a different name.');
    expect(formOnPage(res.text).fields.summary).toBe(HUGE);

    const ordered = await expectRefused(t, () => fillIn(agent, '/disputes/new', {
      title: 'Dates out of order', events_from: '2023-05-25', events_to: '2023-05-22', position_label: positionLabels('A', 'B'),
    }));
    expect(fieldError(ordered.text, 'events_to')).toBe('End date must not be before the start date.');
    expect(formOnPage(ordered.text).fields.position_label).toEqual(positionLabels('A', 'B'));
  });

  it('edits a dispute: renames a position, adds one and keeps the ids of the others', async () => {
    const dispute = await recordDispute(t, agent, { title: 'How many were captured?' }, ['None', 'Some']);
    const page = await agent.get(`/disputes/${dispute.slug}/edit`).expect(200);
    const form = formOnPage(page.text);
    expect(form.fields).toMatchObject({ title: 'How many were captured?', state: 'draft', version: '1' });
    expect(form.fields.position_label).toEqual(positionLabels('None', 'Some'));
    expect(form.fields.position_id).toEqual(positionLabels(...dispute.positions.map((p: { id: number }) => String(p.id))));

    const res = await fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      title: 'How many fighters were captured?', position_label: positionLabels('None', 'A few', 'Dozens'),
      state: 'published', edit_summary: 'Sharper question',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/disputes/${dispute.slug}`);
    expect(visibleText((await t.agent().get(res.headers.location).expect(200)).text)).toContain('How many fighters were captured?');

    const positions = await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order');
    expect(positions.map((p) => p.label)).toEqual(['None', 'A few', 'Dozens']);
    expect(positions.slice(0, 2).map((p) => p.id)).toEqual(dispute.positions.map((p: { id: number }) => p.id));
    expect(await t.db('disputes').where({ id: dispute.id }).first()).toMatchObject({ version: 2, state: 'published', slug: dispute.slug });
  });

  it('refuses bad edits and leaves the dispute and its positions as they were', async () => {
    const dispute = await recordDispute(t, agent, { title: 'Who shelled Grayvoron?' }, ['Ukraine', 'Russia']);
    const source = await recordSource(t, agent, { name: 'Grayvoron witness' });
    await recordClaim(agent, dispute.slug, { position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'It was them.' });
    const before = await t.db('disputes').where({ id: dispute.id }).first();

    let res = await expectRefused(t, () => fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      title: 'q'.repeat(301), events_from: '2023-13-01', position_label: positionLabels('Ukraine'),
    }));
    expect(fieldError(res.text, 'title')).toBe('Question must be at most 300 characters (this has 301).');
    expect(fieldError(res.text, 'events_from')).toBe('Start date must be a real date (YYYY-MM-DD).');
    expect(fieldError(res.text, 'positions')).toBe('A dispute needs at least two positions: the answers that claims give.');
    expect(formOnPage(res.text).fields).toMatchObject({ title: 'q'.repeat(301), events_from: '2023-13-01', version: '1' });

    res = await expectRefused(t, () => fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      position_id: positionLabels(String(dispute.positions[1].id)), position_label: positionLabels('Russia', 'Someone else'),
    }));
    expect(fieldError(res.text, 'positions')).toBe('“Ukraine” still has claims under it: move them to another position before removing it.');
    expect(formOnPage(res.text).fields.position_label).toEqual(positionLabels('Russia', 'Someone else'));

    expect(await t.db('disputes').where({ id: dispute.id }).first()).toEqual(before);
    expect(await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label')).toEqual(['Ukraine', 'Russia']);
  });

  it('refuses the same position sent twice, which would merge two positions into one', async () => {
    const dispute = await recordDispute(t, agent, { title: 'Twice the same position' }, ['First', 'Second']);
    const [first] = dispute.positions.map((p: { id: number }) => String(p.id));
    const res = await expectRefused(t, () => fillIn(agent, `/disputes/${dispute.slug}/edit`, {
      position_id: positionLabels(first, first), position_label: positionLabels('First', 'Second'),
    }));
    expect(fieldError(res.text, 'positions')).toBe('Each position can appear only once; reload the page and try again.');
    expect(await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order').pluck('label')).toEqual(['First', 'Second']);
  });

  it('never lets an edit take over a position of another dispute', async () => {
    const mine = await recordDispute(t, agent, { title: 'Mine' }, ['A', 'B']);
    const theirs = await recordDispute(t, agent, { title: 'Theirs' }, ['C', 'D']);
    const res = await fillIn(agent, `/disputes/${mine.slug}/edit`, {
      position_id: positionLabels(String(mine.positions[0].id), String(theirs.positions[0].id)),
      position_label: positionLabels('A', 'Stolen'),
    });
    expect(res.status).toBe(303);
    expect(await t.db('positions').where({ dispute_id: theirs.id }).orderBy('sort_order').pluck('label')).toEqual(['C', 'D']);
    expect(await t.db('positions').where({ dispute_id: mine.id }).orderBy('sort_order').pluck('label')).toEqual(['A', 'Stolen']);
  });
});

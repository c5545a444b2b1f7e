import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import { formOnPage, PageForm, withChanges } from './support/page-form';

// Two editors open the same record; A saves first, then B. B's save is merged three ways
// (the version B loaded / what A saved / what B typed): nothing either of them changed is lost,
// and a field both changed is decided by B, never silently.

let t: TestApp;
let a: Agent;
let b: Agent;

beforeAll(async () => {
  t = await startTestApp();
  a = (await t.signedIn()).agent;
  b = (await t.signedIn()).agent;
});
afterAll(() => t.drop());

async function open(agent: Agent, url: string): Promise<PageForm> {
  return formOnPage((await agent.get(url).expect(200)).text);
}

function send(agent: Agent, form: PageForm, changes: Record<string, string | string[]> = {}) {
  return agent.post(form.action).type('form').send(withChanges(form.pairs, changes));
}

function valueOf(form: PageForm, name: string): string | string[] | undefined {
  const values = form.pairs.filter(([n]) => n === name).map(([, v]) => v);
  return values.length > 1 ? values : values[0];
}

const SIX = (...labels: string[]) => [...labels, ...Array(6 - labels.length).fill('')];

interface Fixture { sourceSlug: string; disputeSlug: string; claimId: number; evidenceId: number }

let fixtures = 0;
/** A source, a dispute, a claim (with a figure) and an evidence item, recorded through the forms by editor A. */
async function fixture(): Promise<Fixture> {
  fixtures += 1;
  const source = await send(a, await open(a, '/sources/new'), { name: `Source ${fixtures}`, kind: 'person', description: 'Original description.' });
  expect(source.status).toBe(303);
  const sourceSlug = source.headers.location.replace('/sources/', '');
  const sourceId = (await t.db('sources').where({ slug: sourceSlug }).first()).id;
  const dispute = await send(a, await open(a, '/disputes/new'), {
    title: `Question ${fixtures}?`, summary: 'Original summary.', state: 'draft', position_label: SIX('Yes', 'No'),
  });
  expect(dispute.status).toBe(303);
  const disputeSlug = dispute.headers.location.replace('/disputes/', '');
  const claimForm = await open(a, `/disputes/${disputeSlug}/claims/new`);
  const positionId = String((await t.db('positions').join('disputes', 'disputes.id', 'positions.dispute_id').where('disputes.slug', disputeSlug).orderBy('sort_order').first('positions.id')).id);
  const claim = await send(a, claimForm, {
    position_id: positionId, source_id: String(sourceId), text: 'Original claim text.', wording: 'verbatim',
    said_on: '2023-05-23', said_on_precision: 'day', venue: 'Original venue', url: 'https://example.org/original',
    figure_measure: 'fighters killed', figure_low: '70', figure_unit: 'people',
    status: 'unverified', rationale: 'Not yet checked.',
  });
  expect(claim.status).toBe(303);
  const claimId = Number(claim.headers.location.match(/#claim-(\d+)$/)![1]);
  const evidence = await send(a, await open(a, `/claims/${claimId}/evidence/new`), {
    title: 'Original evidence title', url: 'https://example.org/evidence', description: 'Original evidence description.', bearing: 'supports', kind: 'document',
  });
  expect(evidence.status).toBe(303);
  const evidenceId = Number(evidence.headers.location.match(/#evidence-(\d+)$/)![1]);
  return { sourceSlug, disputeSlug, claimId, evidenceId };
}

interface Case {
  kind: string;
  /** The form editor B saves (and editor A too, unless `theirForm` says otherwise). */
  form(f: Fixture): string;
  theirForm?(f: Fixture): string;
  row(f: Fixture): Promise<Record<string, unknown>>;
  /** A changes one field, B another: both must survive. */
  theirs: Record<string, string>;
  yours: Record<string, string>;
  kept: Record<string, unknown>;
  /** Both change `group`'s field (A also its own other field): B must choose. */
  group: string;
  bothSaved: Record<string, string>;
  bothYours: Record<string, string>;
  afterYours: Record<string, unknown>;
  afterSaved: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    kind: 'claim',
    form: (f) => `/claims/${f.claimId}/edit`,
    row: (f) => t.db('claims').where({ id: f.claimId }).first(),
    theirs: { url: 'https://example.org/moved-by-a' },
    yours: { text: 'Text rewritten by B.' },
    kept: { url: 'https://example.org/moved-by-a', text: 'Text rewritten by B.' },
    group: 'text',
    bothSaved: { url: 'https://example.org/moved-by-a', text: 'Text rewritten by A.' },
    bothYours: { text: 'Text rewritten by B.', venue: 'Venue from B' },
    afterYours: { url: 'https://example.org/moved-by-a', text: 'Text rewritten by B.', venue: 'Venue from B' },
    afterSaved: { url: 'https://example.org/moved-by-a', text: 'Text rewritten by A.', venue: 'Venue from B' },
  },
  {
    kind: 'source',
    form: (f) => `/sources/${f.sourceSlug}/edit`,
    row: (f) => t.db('sources').where({ slug: f.sourceSlug }).first(),
    theirs: { url: 'https://example.org/source-by-a' },
    yours: { description: 'Description by B.' },
    kept: { url: 'https://example.org/source-by-a', description: 'Description by B.' },
    group: 'description',
    bothSaved: { url: 'https://example.org/source-by-a', description: 'Description by A.' },
    bothYours: { description: 'Description by B.', stake: 'Stake from B' },
    afterYours: { url: 'https://example.org/source-by-a', description: 'Description by B.', stake: 'Stake from B' },
    afterSaved: { url: 'https://example.org/source-by-a', description: 'Description by A.', stake: 'Stake from B' },
  },
  {
    kind: 'dispute',
    form: (f) => `/disputes/${f.disputeSlug}/edit`,
    row: (f) => t.db('disputes').where({ slug: f.disputeSlug }).first(),
    theirs: { summary: 'Summary by A.' },
    yours: { title: 'Question reworded by B?' },
    kept: { summary: 'Summary by A.', title: 'Question reworded by B?' },
    group: 'title',
    bothSaved: { summary: 'Summary by A.', title: 'Question reworded by A?' },
    bothYours: { title: 'Question reworded by B?', events_place: 'Place from B' },
    afterYours: { summary: 'Summary by A.', title: 'Question reworded by B?', events_place: 'Place from B' },
    afterSaved: { summary: 'Summary by A.', title: 'Question reworded by A?', events_place: 'Place from B' },
  },
  {
    kind: 'evidence',
    form: (f) => `/evidence/${f.evidenceId}/edit`,
    row: (f) => t.db('evidence').where({ id: f.evidenceId }).first(),
    theirs: { url: 'https://example.org/evidence-by-a' },
    yours: { description: 'Evidence description by B.' },
    kept: { url: 'https://example.org/evidence-by-a', description: 'Evidence description by B.' },
    group: 'title',
    bothSaved: { url: 'https://example.org/evidence-by-a', title: 'Title by A' },
    bothYours: { title: 'Title by B', publisher: 'Publisher from B' },
    afterYours: { url: 'https://example.org/evidence-by-a', title: 'Title by B', publisher: 'Publisher from B' },
    afterSaved: { url: 'https://example.org/evidence-by-a', title: 'Title by A', publisher: 'Publisher from B' },
  },
  {
    kind: 'status',
    form: (f) => `/claims/${f.claimId}/status`,
    theirForm: (f) => `/claims/${f.claimId}/edit`,
    row: (f) => t.db('claims').where({ id: f.claimId }).first(),
    theirs: { url: 'https://example.org/moved-by-a' },
    yours: { status: 'false', rationale: 'B found it false.' },
    kept: { url: 'https://example.org/moved-by-a', status: 'false', status_rationale: 'B found it false.' },
    group: 'verdict',
    bothSaved: { status: 'true', rationale: 'A found it true.' },
    bothYours: { status: 'false', rationale: 'B found it false.' },
    afterYours: { status: 'false', status_rationale: 'B found it false.' },
    afterSaved: { status: 'true', status_rationale: 'A found it true.' },
  },
];

describe.each(CASES)('two editors saving the same $kind', (c) => {
  it('keeps both changes when A changed one field and B another', async () => {
    const f = await fixture();
    const formA = await open(a, (c.theirForm ?? c.form)(f));
    const formB = await open(b, c.form(f));
    expect((await send(a, formA, c.theirs)).status).toBe(303);
    const saveB = await send(b, formB, c.yours);
    expect(saveB.status).toBe(303);
    expect(await c.row(f)).toMatchObject(c.kept);
  });

  /** A saves `bothSaved`, B sends `bothYours`: the conflict page B gets. */
  async function conflictFor(f: Fixture) {
    const formA = await open(a, c.form(f));
    const formB = await open(b, c.form(f));
    expect((await send(a, formA, c.bothSaved)).status).toBe(303);
    const before = await c.row(f);
    const res = await send(b, formB, c.bothYours);
    expect(res.status).toBe(409);
    expect(await c.row(f)).toEqual(before);
    return { res, form: formOnPage(res.text), before };
  }

  it('asks B to choose where both changed the same field, losing nothing meanwhile', async () => {
    const f = await fixture();
    const { res, form, before } = await conflictFor(f);
    const text = visibleText(res.text);
    expect(text).toContain('Someone else saved this while you were editing');
    // Both versions are shown side by side, with a choice between them and none made for B.
    for (const name of Object.keys(c.bothYours).filter((n) => n in c.bothSaved && c.bothSaved[n].length > 5)) {
      expect(text).toContain(c.bothSaved[name]);
      expect(text).toContain(c.bothYours[name]);
    }
    expect(res.text).toContain(`name="_choose_${c.group}" value="saved"`);
    expect(res.text).toContain(`name="_choose_${c.group}" value="yours"`);
    expect(res.text).not.toMatch(/name="_choose_[^"]+" value="[a-z]+" checked/);
    // The form holds what B typed and, where only A changed something, A's value: never B's stale one.
    for (const [name, value] of Object.entries({ ...c.bothSaved, ...c.bothYours })) expect([name, valueOf(form, name)]).toEqual([name, value]);

    // Sending it without choosing is refused with a message, and the form comes back as it was.
    const unchosen = await send(b, form);
    expect(unchosen.status).toBe(422);
    expect(visibleText(unchosen.text)).toContain('Choose which version to keep');
    const again = formOnPage(unchosen.text);
    expect(again.pairs.filter(([n]) => !n.startsWith('_'))).toEqual(form.pairs.filter(([n]) => !n.startsWith('_')));
    expect(await c.row(f)).toEqual(before);

    // Choosing "yours" saves B's value, with A's other change kept.
    const saved = await send(b, again, { [`_choose_${c.group}`]: 'yours' });
    expect(saved.status).toBe(303);
    expect(await c.row(f)).toMatchObject(c.afterYours);
  });

  it('keeps the saved value where B chooses it, with B\'s other changes', async () => {
    const f = await fixture();
    const { form } = await conflictFor(f);
    const changesBefore = await t.db('status_changes').count({ n: '*' }).first();
    const saved = await send(b, form, { [`_choose_${c.group}`]: 'saved' });
    expect(saved.status).toBe(303);
    expect(await c.row(f)).toMatchObject(c.afterSaved);
    // Keeping the verdict saved meanwhile records no verdict of B's on top of it.
    if (c.kind === 'status') expect(await t.db('status_changes').count({ n: '*' }).first()).toEqual(changesBefore);
  });
});

describe('compound fields', () => {
  it('merges dispute positions one by one: renames of different positions both survive', async () => {
    const f = await fixture();
    const formA = await open(a, `/disputes/${f.disputeSlug}/edit`);
    const formB = await open(b, `/disputes/${f.disputeSlug}/edit`);
    expect((await send(a, formA, { position_label: SIX('Yes, by A', 'No') })).status).toBe(303);
    expect((await send(b, formB, { position_label: SIX('Yes', 'No, by B', 'Third, by B') })).status).toBe(303);
    const labels = await t.db('positions').join('disputes', 'disputes.id', 'positions.dispute_id')
      .where('disputes.slug', f.disputeSlug).orderBy('sort_order').pluck('label');
    expect(labels).toEqual(['Yes, by A', 'No, by B', 'Third, by B']);
  });

  it('asks about a position both renamed, and keeps the chosen name', async () => {
    const f = await fixture();
    const formA = await open(a, `/disputes/${f.disputeSlug}/edit`);
    const formB = await open(b, `/disputes/${f.disputeSlug}/edit`);
    expect((await send(a, formA, { position_label: SIX('Yes, by A', 'No') })).status).toBe(303);
    const res = await send(b, formB, { position_label: SIX('Yes, by B', 'No') });
    expect(res.status).toBe(409);
    const text = visibleText(res.text);
    expect(text).toContain('Yes, by A');
    expect(text).toContain('Yes, by B');
    const choice = res.text.match(/name="(_choose_position-\d+)" value="yours"/);
    expect(choice).not.toBeNull();
    const saved = await send(b, formOnPage(res.text), { [choice![1]]: 'yours' });
    expect(saved.status).toBe(303);
    const labels = await t.db('positions').join('disputes', 'disputes.id', 'positions.dispute_id')
      .where('disputes.slug', f.disputeSlug).orderBy('sort_order').pluck('label');
    expect(labels).toEqual(['Yes, by B', 'No']);
  });

  it('treats a claim\'s figure as one value: two different edits of it are one choice between whole figures', async () => {
    const f = await fixture();
    const formA = await open(a, `/claims/${f.claimId}/edit`);
    const formB = await open(b, `/claims/${f.claimId}/edit`);
    expect((await send(a, formA, { figure_low: '50' })).status).toBe(303);
    const res = await send(b, formB, { figure_unit: 'fighters', venue: 'Venue from B' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('name="_choose_figure" value="saved"');
    expect(res.text).not.toContain('name="_choose_venue"');
    const saved = await send(b, formOnPage(res.text), { _choose_figure: 'saved' });
    expect(saved.status).toBe(303);
    expect(await t.db('claims').where({ id: f.claimId }).first()).toMatchObject({ figure_low: 50, figure_unit: 'people', venue: 'Venue from B' });
  });

  it('takes a whole figure changed by one editor only', async () => {
    const f = await fixture();
    const formA = await open(a, `/claims/${f.claimId}/edit`);
    const formB = await open(b, `/claims/${f.claimId}/edit`);
    expect((await send(a, formA, { figure_low: '50', figure_high: '60' })).status).toBe(303);
    expect((await send(b, formB, { text: 'Text rewritten by B.' })).status).toBe(303);
    expect(await t.db('claims').where({ id: f.claimId }).first()).toMatchObject({ figure_low: 50, figure_high: 60, text: 'Text rewritten by B.' });
  });
});

describe('a third save while B decides', () => {
  it('merges B\'s decided form again on top of it, keeping the third editor\'s change', async () => {
    const c = (await t.signedIn()).agent;
    const f = await fixture();
    const formA = await open(a, `/claims/${f.claimId}/edit`);
    const formB = await open(b, `/claims/${f.claimId}/edit`);
    expect((await send(a, formA, { text: 'Text rewritten by A.' })).status).toBe(303);
    const conflict = await send(b, formB, { text: 'Text rewritten by B.' });
    expect(conflict.status).toBe(409);
    // C saves another field while B is looking at the conflict page.
    expect((await send(c, await open(c, `/claims/${f.claimId}/edit`), { venue: 'Venue from C' })).status).toBe(303);
    const saved = await send(b, formOnPage(conflict.text), { _choose_text: 'yours' });
    expect(saved.status).toBe(303);
    expect(await t.db('claims').where({ id: f.claimId }).first()).toMatchObject({ text: 'Text rewritten by B.', venue: 'Venue from C', version: 4 });
  });
});

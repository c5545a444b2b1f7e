import { Agent, csrfFrom, encodeForm, Fields, startTestApp, TestApp, visibleText } from './support/app';
import {
  HUGE, NEXT_YEAR, fieldError, fillIn, expectRefused, recordSource, recordDispute, RecordedDispute, CLAIM_DEFAULTS, recordClaim, positionColumns,
} from './support/editor-forms';
import { formOnPage } from './support/page-form';

// The claim form: recording, editing and every refusal; and two editors saving the same claim.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.drop());

describe('claim form', () => {
  let agent: Agent;
  let dispute: RecordedDispute;
  let other: RecordedDispute;
  let source: { id: number; slug: string };
  let newClaimPage: string;
  beforeAll(async () => {
    ({ agent } = await t.signedIn());
    source = await recordSource(t, agent, { name: 'Ilya Ponomarev' });
    dispute = await recordDispute(t, agent, { title: 'Did the Legion lose fighters?', state: 'published' }, ['No losses', '70 fighters killed']);
    other = await recordDispute(t, agent, { title: 'Another dispute' }, ['Elsewhere', 'Nowhere']);
    newClaimPage = `/disputes/${dispute.slug}/claims/new`;
  });

  function claimFields(changes: Fields = {}): Fields {
    return { ...CLAIM_DEFAULTS, position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'We didn’t lose a single soldier.', ...changes };
  }

  it('records a claim under the chosen position, with its first status', async () => {
    const page = await agent.get(`${newClaimPage}?position=${dispute.positions[1].id}`).expect(200);
    expect(formOnPage(page.text).fields).toMatchObject({ position_id: String(dispute.positions[1].id), status: 'unverified', said_on_precision: 'day' });

    const res = await fillIn(agent, newClaimPage, claimFields({
      url: 'https://www.france24.com/en/interview', status: 'contested', rationale: 'Russia says otherwise.', edit_summary: 'From the interview',
    }));
    expect(res.status).toBe(303);
    const id = Number(res.headers.location.match(new RegExp(`^/disputes/${dispute.slug}#claim-(\\d+)$`))![1]);

    const html = (await agent.get(`/disputes/${dispute.slug}`).expect(200)).text;
    expect(visibleText(html)).toContain('Claim recorded.');
    const [noLosses, killed] = positionColumns(html);
    expect(noLosses).toContain('“We didn’t lose a single soldier.”');
    expect(noLosses).toContain('Ilya Ponomarev');
    expect(noLosses).toContain('23 May 2023 · Interview with FRANCE 24');
    expect(noLosses).toContain('Contested Russia says otherwise.');
    expect(killed).not.toContain('single soldier');
    expect(html).toContain('<a href="https://www.france24.com/en/interview" rel="nofollow noopener noreferrer">Interview with FRANCE 24</a>');

    const row = await t.db('claims').where({ id }).first();
    expect(row).toMatchObject({
      dispute_id: dispute.id, position_id: dispute.positions[0].id, source_id: source.id, is_verbatim: true,
      said_on: '2023-05-23', status: 'contested', status_rationale: 'Russia says otherwise.', version: 1,
    });
    expect(await t.db('status_changes').where({ claim_id: id })).toEqual([
      expect.objectContaining({ from_status: null, to_status: 'contested', rationale: 'Russia says otherwise.' }),
    ]);
  });

  it('records a paraphrase with a month-precise date and its original-language text', async () => {
    const id = await recordClaim(agent, dispute.slug, claimFields({
      position_id: String(dispute.positions[1].id), text: 'Russian forces killed 70 fighters.', wording: 'paraphrase',
      said_on: '2023-05-17', said_on_precision: 'month', original_text: 'Уничтожено 70 боевиков.', original_language: 'ru',
    }));
    expect(await t.db('claims').where({ id }).first()).toMatchObject({ is_verbatim: false, said_on: '2023-05-01', said_on_precision: 'month' });
    const text = visibleText((await agent.get(`/claims/${id}`).expect(200)).text);
    expect(text).toContain('Paraphrase: Russian forces killed 70 fighters.');
    expect(text).toContain('May 2023 · Interview with FRANCE 24');
    expect(text).toContain('Original (ru) Уничтожено 70 боевиков.');
  });

  it('refuses missing and malformed fields, keeping everything typed', async () => {
    const res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({
      position_id: '', source_id: '', text: '', wording: 'sort of', said_on: '2023-02-30', venue: '',
      url: 'javascript:alert(1)', status: 'maybe', rationale: '', original_text: 'Без языка',
    })));
    expect(fieldError(res.text, 'position_id')).toBe('Choose the position this claim takes.');
    expect(fieldError(res.text, 'source_id')).toBe('Choose who made the claim.');
    expect(fieldError(res.text, 'text')).toBe('Enter claim.');
    expect(fieldError(res.text, 'wording')).toBe('Say whether this is a verbatim quote or a paraphrase.');
    expect(fieldError(res.text, 'said_on')).toBe('Date said must be a real date (YYYY-MM-DD).');
    expect(fieldError(res.text, 'venue')).toBe('Enter where it was said.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    expect(fieldError(res.text, 'status')).toBe('Choose a verification status.');
    expect(fieldError(res.text, 'rationale')).toBe('Enter rationale.');
    expect(formOnPage(res.text).fields).toMatchObject({ said_on: '2023-02-30', url: 'javascript:alert(1)', original_text: 'Без языка' });
  });

  it('refuses a future date, a 100 kB claim, a NUL byte, a data: address and half an original', async () => {
    const res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({
      said_on: NEXT_YEAR, text: HUGE, venue: 'Studio\u0000B', url: 'data:text/html;base64,PHNjcmlwdD4=',
      original_language: 'ru',
    })));
    expect(fieldError(res.text, 'said_on')).toBe('Date said must be between 1900 and today.');
    expect(fieldError(res.text, 'text')).toBe('Claim must be at most 5000 characters (this has 100000).');
    expect(fieldError(res.text, 'venue')).toBe('Where it was said contains invisible control characters (such as NUL); remove them.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    const { fields } = formOnPage(res.text);
    expect(fields.text).toBe(HUGE);
    expect(fields.said_on).toBe(NEXT_YEAR);

    const sloppy = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ url: 'https:example.org/interview' })));
    expect(fieldError(sloppy.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');

    const pair = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ original_language: 'ru' })));
    expect(fieldError(pair.text, 'original_language')).toBe('Give both the original-language text and its language, or neither.');
  });

  it('refuses a source that does not exist and a position of another dispute', async () => {
    let res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ source_id: '999999', text: 'Ghost source' })));
    expect(fieldError(res.text, 'source_id')).toBe('Choose a source from the list.');
    expect(formOnPage(res.text).fields.text).toBe('Ghost source');

    res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ position_id: String(other.positions[0].id), text: 'Wrong dispute' })));
    expect(fieldError(res.text, 'position_id')).toBe('Choose one of this dispute’s positions.');
    expect(formOnPage(res.text).fields.text).toBe('Wrong dispute');

    res = await expectRefused(t, () => fillIn(agent, newClaimPage, claimFields({ position_id: '999999' })));
    expect(fieldError(res.text, 'position_id')).toBe('Choose one of this dispute’s positions.');
  });

  it('edits a claim without touching its status', async () => {
    const id = await recordClaim(agent, dispute.slug, claimFields({ text: 'First wording.', status: 'contested', rationale: 'Disputed.' }));
    const page = await agent.get(`/claims/${id}/edit`).expect(200);
    expect(formOnPage(page.text).fields).toMatchObject({
      text: 'First wording.', wording: 'verbatim', source_id: String(source.id), position_id: String(dispute.positions[0].id),
      said_on: '2023-05-23', venue: 'Interview with FRANCE 24', version: '1',
    });

    const res = await fillIn(agent, `/claims/${id}/edit`, {
      text: 'Corrected wording.', position_id: String(dispute.positions[1].id), url: 'http://example.org/source', edit_summary: 'Typo',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/claims/${id}`);
    const text = visibleText((await agent.get(res.headers.location).expect(200)).text);
    expect(text).toContain('Claim saved.');
    expect(text).toContain('Corrected wording.');
    expect(text).toContain('› 70 fighters killed');

    expect(await t.db('claims').where({ id }).first()).toMatchObject({
      text: 'Corrected wording.', position_id: dispute.positions[1].id, url: 'http://example.org/source', status: 'contested', version: 2,
    });
    expect(await t.db('status_changes').where({ claim_id: id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  it('refuses bad edits and leaves the claim as it was', async () => {
    const id = await recordClaim(agent, dispute.slug, claimFields({ text: 'Stays the same.' }));
    const before = await t.db('claims').where({ id }).first();

    let res = await expectRefused(t, () => fillIn(agent, `/claims/${id}/edit`, { text: '', said_on: NEXT_YEAR, url: 'javascript:void(0)' }));
    expect(fieldError(res.text, 'text')).toBe('Enter claim.');
    expect(fieldError(res.text, 'said_on')).toBe('Date said must be between 1900 and today.');
    expect(fieldError(res.text, 'url')).toBe('Web address must be a full web address starting with http:// or https://.');
    expect(formOnPage(res.text).fields).toMatchObject({ said_on: NEXT_YEAR, url: 'javascript:void(0)', version: '1' });

    res = await expectRefused(t, () => fillIn(agent, `/claims/${id}/edit`, { position_id: String(other.positions[1].id), text: 'Moved away' }));
    expect(fieldError(res.text, 'position_id')).toBe('Choose one of this dispute’s positions.');
    expect(formOnPage(res.text).fields.text).toBe('Moved away');

    res = await expectRefused(t, () => fillIn(agent, `/claims/${id}/edit`, { source_id: '999999' }));
    expect(fieldError(res.text, 'source_id')).toBe('Choose a source from the list.');

    expect(await t.db('claims').where({ id }).first()).toEqual(before);
  });
});

describe('two editors saving the same claim', () => {
  it('keeps the first save and gives the second editor a conflict with their text still in the form', async () => {
    const first = await t.signedIn();
    const second = await t.signedIn();
    const source = await recordSource(t, first.agent, { name: 'Ilya Ponomarev' });
    const dispute = await recordDispute(t, first.agent, { title: 'Losses' }, ['None', 'Many']);
    const id = await recordClaim(first.agent, dispute.slug, {
      position_id: String(dispute.positions[0].id), source_id: String(source.id), text: 'Original wording.',
    });

    // Both open the edit form before either saves.
    const pageA = await first.agent.get(`/claims/${id}/edit`).expect(200);
    const pageB = await second.agent.get(`/claims/${id}/edit`).expect(200);
    const formA = formOnPage(pageA.text);
    const formB = formOnPage(pageB.text);
    expect(formA.fields.version).toBe('1');
    expect(formB.fields.version).toBe('1');

    const saveA = await first.agent.post(formA.action).type('form')
      .send(encodeForm({ ...formA.fields, _csrf: csrfFrom(pageA.text), text: 'Wording from the first editor.' }));
    expect(saveA.status).toBe(303);

    const typedB = 'Wording the second editor typed.';
    const saveB = await second.agent.post(formB.action).type('form')
      .send(encodeForm({ ...formB.fields, _csrf: csrfFrom(pageB.text), text: typedB, venue: 'Venue from the second editor' }));
    expect(saveB.status).toBe(409);
    const text = visibleText(saveB.text);
    expect(text).toContain('Someone else saved this while you were editing');
    expect(text).toContain('Claim Keep the saved version Wording from the first editor. Keep yours (as in the form below) Wording the second editor typed.');
    const conflictForm = formOnPage(saveB.text);
    expect(conflictForm.fields).toMatchObject({ text: typedB, venue: 'Venue from the second editor', version: '2', _decide: 'text' });

    const saved = await t.db('claims').where({ id }).first();
    expect(saved).toMatchObject({ text: 'Wording from the first editor.', venue: CLAIM_DEFAULTS.venue, version: 2 });
    expect(await t.db('revisions').where({ entity_type: 'claim', entity_id: id }).count({ n: '*' }).first()).toEqual({ n: 2 });

    // Having seen the conflict, the second editor keeps their wording and saves on top of the first editor's version.
    const retry = await second.agent.post(conflictForm.action).type('form')
      .send(encodeForm({ ...conflictForm.fields, _choose_text: 'yours', _csrf: csrfFrom(saveB.text) }));
    expect(retry.status).toBe(303);
    expect(await t.db('claims').where({ id }).first()).toMatchObject({ text: typedB, version: 3 });
  });
});

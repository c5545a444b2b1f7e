import { createSource } from '../db/sources';
import { Agent, csrfFrom, encodeForm, Fields, startTestApp, TestApp, visibleText } from './support/app';
import { claimIdByText, LOSSES, NO_LOSSES_WORDS, PONOMAREV, PONOMAREV_SLUG } from './support/founding-case';
import { formOnPage } from './support/page-form';

/** The claim's edit form as it stands, token included. */
async function claimFormFields(agent: Agent, claimId: number): Promise<Fields> {
  return formOnPage((await agent.get(`/claims/${claimId}/edit`).expect(200)).text).fields;
}

describe('revision history, comparison, revert and deletion', () => {
  let t: TestApp;
  let editor: Agent;
  let claimId: number;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    editor = (await t.signedIn()).agent;
    claimId = await claimIdByText(t, NO_LOSSES_WORDS);
  });
  afterAll(() => t.drop());

  it('keeps every save as a revision with its editor and summary, and compares any two', async () => {
    const fields = await claimFormFields(editor, claimId);
    expect(fields.version).toBe('1');
    const first = await editor.post(`/claims/${claimId}/edit`).type('form')
      .send(encodeForm({ ...fields, venue: 'Interview with FRANCE 24 (video)', edit_summary: 'Name the format' }));
    expect(first.status).toBe(303);
    const second = await editor.post(`/claims/${claimId}/edit`).type('form')
      .send(encodeForm({ ...fields, version: '2', venue: 'FRANCE 24 video interview', edit_summary: 'Shorter' }));
    expect(second.status).toBe(303);

    const history = visibleText((await editor.get(`/history/claim/${claimId}`).expect(200)).text);
    expect(history).toMatch(/3 .* Editor \d+ Shorter/);
    expect(history).toMatch(/2 .* Editor \d+ Name the format/);
    expect(history).toMatch(/1 .* founding editors Founding case/);

    const compare = await editor.get(`/history/claim/${claimId}/compare?from=1&to=3`).expect(200);
    // Too little of the old wording survives to mark word by word: the field is shown replaced whole.
    expect(visibleText(compare.text)).toContain('Where it was said (changed) removed: Interview with FRANCE 24, from Kyiv added: FRANCE 24 video interview');
    expect(compare.text).toContain('<del><span class="visually-hidden">removed: </span>Interview with FRANCE 24, from Kyiv</del>');
  });

  it('reverts to an older version as a new version, leaving the history intact', async () => {
    const page = await editor.get(`/history/claim/${claimId}`).expect(200);
    const res = await editor.post(`/history/claim/${claimId}/revert`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), target: '1', version: '3', edit_summary: 'Back to the article wording' }));
    expect(res.status).toBe(303);
    const claim = await t.db('claims').where('id', claimId).first();
    expect(claim.venue).toBe('Interview with FRANCE 24, from Kyiv');
    expect(claim.version).toBe(4);
    expect(await t.db('revisions').where({ entity_type: 'claim', entity_id: claimId }).pluck('version')).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    const reader = visibleText((await t.agent().get(LOSSES).expect(200)).text);
    expect(reader).toContain('Interview with FRANCE 24, from Kyiv');
  });

  it('refuses a revert based on an outdated version', async () => {
    const page = await editor.get(`/history/claim/${claimId}`).expect(200);
    const res = await editor.post(`/history/claim/${claimId}/revert`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), target: '2', version: '1' }));
    expect(res.status).toBe(303);
    const after = await editor.get(res.headers.location).expect(200);
    expect(after.text).toContain('Someone saved a newer version meanwhile');
    expect((await t.db('claims').where('id', claimId).first()).version).toBe(4);
  });

  it('hides a deleted claim from readers, records the deletion, and restores it on revert', async () => {
    const edit = await editor.get(`/claims/${claimId}/edit`).expect(200);
    const del = await editor.post(`/claims/${claimId}/delete`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(edit.text), version: '4', edit_summary: 'Duplicate' }));
    expect(del.status).toBe(303);
    await t.agent().get(`/claims/${claimId}`).expect(404);
    expect(visibleText((await t.agent().get(LOSSES).expect(200)).text)).not.toContain(NO_LOSSES_WORDS);
    const history = visibleText((await editor.get(`/history/claim/${claimId}`).expect(200)).text);
    expect(history).toContain('This claim is deleted');
    expect(history).toMatch(/5 .* Duplicate/);

    const page = await editor.get(`/history/claim/${claimId}`).expect(200);
    await editor.post(`/history/claim/${claimId}/revert`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), target: '4', version: '5' })).expect(303);
    await t.agent().get(`/claims/${claimId}`).expect(200);
  });

  it('refuses to delete a source that claims are attributed to, and deletes one that has none', async () => {
    const quoted = await t.db('sources').where('slug', PONOMAREV_SLUG).first();
    const page = await editor.get(`${PONOMAREV}/edit`).expect(200);
    const refused = await editor.post(`${PONOMAREV}/delete`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), version: String(quoted.version) })).expect(303);
    expect((await editor.get(refused.headers.location).expect(200)).text).toContain('Claims are still attributed to this source');
    expect((await t.db('sources').where('id', quoted.id).first()).deleted_at).toBeNull();

    const lone = await createSource(t.db, { name: 'Unquoted body', kind: 'other', description: '', affiliation_id: null, url: null, slug: 'unquoted-body' }, { editorId: null, summary: 'test' });
    await editor.post('/sources/unquoted-body/delete').type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), version: String(lone.version), edit_summary: 'Not a source' })).expect(303);
    await t.agent().get('/sources/unquoted-body').expect(404);
    expect(visibleText((await editor.get(`/history/source/${lone.id}`).expect(200)).text)).toMatch(/2 .* Not a source/);
  });

  it('lists every edit on the recent changes page, with links to each diff', async () => {
    const res = await editor.get('/changes').expect(200);
    expect(res.text).toContain(`/history/claim/${claimId}/compare?from=5&amp;to=6`);
    expect(visibleText(res.text)).toContain('Back to the article wording');
  });

  it('keeps history pages and recent changes from anonymous readers', async () => {
    for (const path of ['/changes', `/history/claim/${claimId}`, `/history/claim/${claimId}/compare?from=1&to=2`]) {
      const res = await t.agent().get(path).expect(303);
      expect(res.headers.location).toMatch(/^\/signin\?next=/);
    }
    await editor.get(`/history/nonsense/${claimId}`).expect(404);
    await editor.get('/history/claim/999999').expect(404);
  });

  it('records a revert of a status as a new entry in the status timeline', async () => {
    const claim = await t.db('claims').where('id', claimId).first();
    const statusPage = await editor.get(`/claims/${claimId}/status`).expect(200);
    await editor.post(`/claims/${claimId}/status`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(statusPage.text), status: 'false', rationale: 'Test verdict', version: String(claim.version) })).expect(303);
    const page = await editor.get(`/history/claim/${claimId}`).expect(200);
    await editor.post(`/history/claim/${claimId}/revert`).type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), target: String(claim.version), version: String(claim.version + 1) })).expect(303);
    const changes = await t.db('status_changes').where('claim_id', claimId).orderBy('id').select('from_status', 'to_status');
    expect(changes.slice(-2)).toEqual([
      { from_status: 'contested', to_status: 'false' },
      { from_status: 'false', to_status: 'contested' },
    ]);
  });
  it('says a record changed meanwhile only when it did, and otherwise why the database refused its delete', async () => {
    const otherId = await claimIdByText(t, 'are part of the Ukrainian military');
    const { version } = await t.db('claims').where('id', otherId).first('version');
    async function deleteAt(at: number): Promise<string> {
      const edit = await editor.get(`/claims/${otherId}/edit`).expect(200);
      const res = await editor.post(`/claims/${otherId}/delete`).type('form')
        .send(encodeForm({ _csrf: csrfFrom(edit.text), version: String(at) })).expect(303);
      expect(res.headers.location).toBe(`/claims/${otherId}/edit`);
      return visibleText((await editor.get(res.headers.location).expect(200)).text);
    }
    expect(await deleteAt(version + 1)).toContain('The claim changed meanwhile and was not deleted');

    // A refusal by the schema, as a constraint would raise it: a trigger in the test's own database.
    await t.db.raw(`
      create function cc_test_refuse_delete() returns trigger language plpgsql as $$
      begin
        if new.deleted_at is not null then
          raise exception 'refused' using errcode = '23503', constraint = 'claims_source_fk';
        end if;
        return new;
      end $$`);
    await t.db.raw('create trigger cc_test_refuse_delete before update on claims for each row execute function cc_test_refuse_delete()');
    try {
      const refused = await deleteAt(version);
      expect(refused).toContain('Choose a source from the list.');
      expect(refused).not.toContain('changed meanwhile');
      expect((await t.db('claims').where('id', otherId).first()).deleted_at).toBeNull();
    } finally {
      await t.db.raw('drop trigger cc_test_refuse_delete on claims');
    }
  });
});

describe('two editors saving the same claim at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.drop());

  it('keeps exactly one save and shows the other editor a conflict with their text kept', async () => {
    const claimId = await claimIdByText(t, 'are part of the Ukrainian military');
    const [alice, bob] = [(await t.signedIn()).agent, (await t.signedIn()).agent];
    const [aliceFields, bobFields] = await Promise.all([claimFormFields(alice, claimId), claimFormFields(bob, claimId)]);
    const [a, b] = await Promise.all([
      alice.post(`/claims/${claimId}/edit`).type('form').send(encodeForm({ ...aliceFields, venue: 'Alice’s venue' })),
      bob.post(`/claims/${claimId}/edit`).type('form').send(encodeForm({ ...bobFields, venue: 'Bob’s venue' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    const winnerVenue = a.status === 409 ? 'Bob’s venue' : 'Alice’s venue';
    const loserVenue = a.status === 409 ? 'Alice’s venue' : 'Bob’s venue';
    expect(loser.text).toContain('Someone else saved this while you were editing');
    expect(loser.text).toContain(`value="${loserVenue}"`);
    expect(visibleText(loser.text)).toContain(winnerVenue);
    const row = await t.db('claims').where('id', claimId).first();
    expect(row.venue).toBe(winnerVenue);
    expect(row.version).toBe(2);
    expect(await t.db('revisions').where({ entity_type: 'claim', entity_id: claimId }).count({ n: '*' }).first()).toEqual({ n: 2 });

    // The conflict form carries the new version: submitting it again applies the loser's change on top.
    const again = await (a.status === 409 ? alice : bob).post(`/claims/${claimId}/edit`).type('form')
      .send(encodeForm({ ...(a.status === 409 ? aliceFields : bobFields), venue: loserVenue, version: '2' }));
    expect(again.status).toBe(303);
    expect((await t.db('claims').where('id', claimId).first()).venue).toBe(loserVenue);
  });
});

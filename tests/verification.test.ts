import { Agent, csrfFrom, encodeForm, startTestApp, submitForm, TestApp, visibleText } from './support/app';
import { claimIdByText, LOSSES, NO_LOSSES_WORDS, PONOMAREV_SLUG } from './support/founding-case';

describe('evidence, figures, timeline and the as-of view', () => {
  let t: TestApp;
  let editor: Agent;
  let claimId: number;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    editor = (await t.signedIn()).agent;
    claimId = await claimIdByText(t, NO_LOSSES_WORDS);
  });
  afterAll(() => t.drop());

  it('shows the founding figures on one number line, noting that they count different groups', async () => {
    const html = (await t.agent().get(LOSSES).expect(200)).text;
    const section = html.slice(html.indexOf('<section class="figures"'), html.indexOf('</section>', html.indexOf('<section class="figures"')));
    expect(section.match(/<svg /g)).toHaveLength(1);
    expect(section).toMatch(/<svg viewBox="[^"]+" role="img" aria-labelledby="line-0-title line-0-desc"/);
    expect(section).toContain('<desc id="line-0-desc">Ilya Ponomarev: 0 fighters; Russian authorities: 70 fighters</desc>');
    const xs = [...section.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    expect(xs[1] - xs[0]).toBeGreaterThan(400);
    expect(visibleText(section)).toContain('These claims count different groups — Freedom of Russia Legion; the paramilitary forces (the Legion and the Russian Volunteer Corps)');
    expect(visibleText(section)).toMatch(/Ilya Ponomarev 0 fighters Freedom of Russia Legion/);
  });

  it('records a figure through the claim form and refuses incomplete or reversed ones', async () => {
    const form = `${LOSSES}/claims/new`;
    const base = {
      position_id: String((await t.db('positions').where('label', '70 fighters killed').first()).id),
      source_id: String((await t.db('sources').where('slug', 'russian-authorities').first()).id),
      text: 'Up to 80 militants were eliminated.', wording: 'paraphrase', said_on: '2023-05-24', said_on_precision: 'day',
      venue: 'Ministry of Defence briefing', status: 'unverified', rationale: 'Not checked yet.', evidence_strength: 'none',
    };
    const bad = await submitForm(editor, form, `${LOSSES}/claims`, { ...base, figure_measure: 'fighters killed', figure_low: 'seventy', figure_high: '10' });
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Value must be a number, like 70 or 1,200 or 12.5.');
    const reversed = await submitForm(editor, form, `${LOSSES}/claims`, { ...base, figure_measure: 'fighters killed', figure_low: '80', figure_high: '60' });
    expect(visibleText(reversed.text)).toContain('The upper value must not be below the value.');
    const missing = await submitForm(editor, form, `${LOSSES}/claims`, { ...base, figure_low: '80' });
    expect(visibleText(missing.text)).toContain('Give both what is counted and its value, or neither.');
    expect(missing.text).toContain('value="80"');

    const ok = await submitForm(editor, form, `${LOSSES}/claims`, {
      ...base, figure_measure: 'Fighters killed', figure_group: 'the paramilitary forces', figure_low: '60', figure_high: '1,080', figure_unit: 'fighters',
    });
    expect(ok.status).toBe(303);
    const page = visibleText((await t.agent().get(LOSSES).expect(200)).text);
    expect(page).toContain('Figure: Fighters killed, 60–1,080 fighters');
    expect(page).toContain('Russian authorities: 60–1,080 fighters');
  });

  it('draws figures that count different things on separate scales, and says so', async () => {
    const res = await submitForm(editor, `${LOSSES}/claims/new`, `${LOSSES}/claims`, {
      position_id: String((await t.db('positions').where('label', 'No losses').first()).id),
      source_id: String((await t.db('sources').where('slug', PONOMAREV_SLUG).first()).id),
      text: 'We took two villages.', wording: 'verbatim', said_on: '2023-05-24', said_on_precision: 'day', venue: 'Telegram',
      status: 'unverified', rationale: 'Not checked.', evidence_strength: 'none', figure_measure: 'villages taken', figure_low: '2',
    });
    expect(res.status).toBe(303);
    const html = (await t.agent().get(LOSSES).expect(200)).text;
    expect(html.match(/class="number-line-svg"/g)).toHaveLength(2);
    expect(visibleText(html)).toContain('These claims count different things, so each is drawn on its own scale: fighters killed; villages taken.');
  });

  it('attaches numbered evidence through the form, shows it under the claim, and keeps its history', async () => {
    const bad = await submitForm(editor, `/claims/${claimId}/evidence/new`, `/claims/${claimId}/evidence`, {
      kind: 'satellite_imagery', title: '', url: 'javascript:alert(1)', archive_url: 'ftp://x', bearing: 'maybe', published_on: '2023-13-01',
    });
    expect(bad.status).toBe(422);
    const messages = visibleText(bad.text);
    expect(messages).toContain('Enter title.');
    expect(messages).toContain('Web address must be a full web address starting with http:// or https://.');
    expect(messages).toContain('Archived copy must be a full web address starting with http:// or https://.');
    expect(messages).toContain('Say whether it supports or refutes the claim, or gives context.');
    expect(messages).toContain('Published on must be a real date (YYYY-MM-DD).');
    expect(await t.db('evidence').where('claim_id', claimId).count({ n: '*' }).first()).toEqual({ n: 1 });

    const ok = await submitForm(editor, `/claims/${claimId}/evidence/new`, `/claims/${claimId}/evidence`, {
      kind: 'casualty_list', title: 'Named list of Legion fighters killed', url: 'https://example.org/list', archive_url: 'https://archive.example/list',
      publisher: 'Independent monitor', published_on: '2023-06-01', description: 'Names three Legion fighters killed in May.', bearing: 'refutes',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toMatch(new RegExp(`^/claims/${claimId}#evidence-\\d+$`));
    const item = await t.db('evidence').where('title', 'Named list of Legion fighters killed').first();
    expect(item.number).toBe(2);
    for (const path of [`/claims/${claimId}`, LOSSES]) {
      const html = (await t.agent().get(path).expect(200)).text;
      expect(html).toContain(`<li id="evidence-${item.id}" value="2">`);
      expect(visibleText(html)).toContain('Named-casualty list · Refutes the claim Named list of Legion fighters killed — Independent monitor, 1 June 2023 (archived copy)');
    }

    const edit = await editor.get(`/evidence/${item.id}/edit`).expect(200);
    await editor.post(`/evidence/${item.id}/delete`).type('form').send(encodeForm({ _csrf: csrfFrom(edit.text), version: String(item.version) })).expect(303);
    expect(visibleText((await t.agent().get(`/claims/${claimId}`).expect(200)).text)).not.toContain('Named list of Legion fighters killed');
    const history = visibleText((await editor.get(`/history/evidence/${item.id}`).expect(200)).text);
    expect(history).toContain('This evidence item is deleted');
  });

  it('records evidence strength with each verdict and shows it beside the status', async () => {
    const claim = await t.db('claims').where('id', claimId).first();
    const res = await submitForm(editor, `/claims/${claimId}/status`, `/claims/${claimId}/status`, {
      status: 'false', rationale: 'The named list [2] shows Legion losses.', evidence_strength: 'documentary', version: String(claim.version),
    });
    expect(res.status).toBe(303);
    const text = visibleText((await t.agent().get(`/claims/${claimId}`).expect(200)).text);
    expect(text).toContain('False Evidence: Confirmed by documentary evidence The named list [2] shows Legion losses.');
    expect((await t.db('status_changes').where('claim_id', claimId).orderBy('id', 'desc').first()).evidence_strength).toBe('documentary');
  });

  it('lists claims and verdicts on the dispute timeline in date order', async () => {
    const html = (await t.agent().get(LOSSES).expect(200)).text;
    const timeline = visibleText(html.slice(html.indexOf('<section class="timeline"')));
    const said = timeline.indexOf('Ilya Ponomarev said: “didn’t lose a single soldier”');
    const verdict = timeline.indexOf('Verdict on the claim by Ilya Ponomarev: Contested → False');
    expect(said).toBeGreaterThan(-1);
    expect(verdict).toBeGreaterThan(said);
    expect(timeline.indexOf('Verdict on the claim by Ilya Ponomarev: Contested')).toBeLessThan(verdict);
  });

  it('shows a claim’s status as of a past date', async () => {
    await t.db('status_changes').where({ claim_id: claimId, to_status: 'contested' }).update({ decided_at: new Date('2023-06-01T12:00:00Z') });
    await t.db('status_changes').where({ claim_id: claimId, to_status: 'false' }).update({ decided_at: new Date('2024-02-01T12:00:00Z') });
    const before = visibleText((await t.agent().get(`/claims/${claimId}?as_of=2023-05-30`).expect(200)).text);
    expect(before).toContain('As of 30 May 2023: no verdict had been recorded yet.');
    const middle = visibleText((await t.agent().get(`/claims/${claimId}?as_of=2023-12-31`).expect(200)).text);
    expect(middle).toContain('As of 31 December 2023: Contested (decided 1 June 2023, 12:00 UTC)');
    const after = visibleText((await t.agent().get(`/claims/${claimId}?as_of=2024-02-01`).expect(200)).text);
    expect(after).toContain('As of 1 February 2024: False');
    const bad = await t.agent().get(`/claims/${claimId}?as_of=2023-02-30`).expect(400);
    expect(visibleText(bad.text)).toContain('The date must be a real date (YYYY-MM-DD).');
  });
});

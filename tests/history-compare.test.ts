import { Agent, startTestApp, TestApp, visibleText } from './support/app';
import { formOnPage, withChanges } from './support/page-form';
import { unanchorClaim } from './support/founding-case';

// About 4,600 characters of prose, each sentence different, with one word ("forty") to change.
const LONG_TEXT = Array.from({ length: 60 }, (_, i) => `Report ${i + 1} says the raiders crossed near checkpoint ${i + 3} before dawn.`)
  .join(' ')
  .replace('Report 30 says', 'Report 30 says forty');

const CLAIM_FIELDS_IN_FORM_ORDER = [
  'Position', 'Who said it', 'Claim', 'Wording', 'Date said', 'How exact is the date?', 'Where it was said', 'Web address',
  'Original-language text', 'Original language', 'Figure: what is counted', 'Figure: among whom', 'Figure: value', 'Figure: upper value',
  'Figure: unit', 'Figure: period', 'Figure: place', 'Status', 'Rationale', 'Evidence strength', 'Deleted',
];

function rowLabels(html: string): string[] {
  return [...html.matchAll(/<th scope="row">([^<]*)/g)].map((m) => m[1].trim());
}

function marked(html: string, tag: 'del' | 'ins'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => visibleText(m[1]));
}

describe('comparing two versions of a record', () => {
  let t: TestApp;
  let editor: Agent;
  let claimId: number;

  // Saves the form on a page with some fields changed, as an editor's browser would.
  async function save(page: string, changes: Record<string, string>): Promise<void> {
    const form = formOnPage((await editor.get(page).expect(200)).text);
    const res = await editor.post(form.action).type('form').send(withChanges(form.pairs, changes));
    expect(res.status).toBe(303);
  }

  async function versionOf(): Promise<number> {
    return (await t.db('claims').where('id', claimId).first('version')).version;
  }

  async function compare(from: number, to: number): Promise<string> {
    return (await editor.get(`/history/claim/${claimId}/compare?from=${from}&to=${to}`).expect(200)).text;
  }

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    editor = (await t.signedIn()).agent;
    claimId = (await t.db('claims').where('text', 'didn’t lose a single soldier').first('id')).id;
    await unanchorClaim(t, claimId);
  });
  afterAll(() => t.drop());

  it('marks only the word that changed in a long text, for the eye and for screen readers', async () => {
    await save(`/claims/${claimId}/edit`, { text: LONG_TEXT });
    const from = await versionOf();
    await save(`/claims/${claimId}/edit`, { text: LONG_TEXT.replace('forty', 'fifty') });
    const html = await compare(from, await versionOf());
    expect(marked(html, 'del')).toEqual(['removed: forty']);
    expect(marked(html, 'ins')).toEqual(['added: fifty']);
    expect(html).toContain('<del><span class="visually-hidden">removed: </span>forty</del>');
    expect(html).toContain('<ins><span class="visually-hidden">added: </span>fifty</ins>');
    // The unchanged text is there in both versions, unmarked.
    const row = visibleText(html.slice(html.indexOf('<th scope="row">Claim'), html.indexOf('<th scope="row">Wording')));
    expect(row.split('Report 60 says the raiders crossed near checkpoint 62 before dawn.')).toHaveLength(3);
  });

  it('marks a changed word in Cyrillic text as a whole word', async () => {
    await save(`/claims/${claimId}/edit`, { original_text: 'Мы не потеряли ни одного солдата, сказал он.', original_language: 'ru' });
    const from = await versionOf();
    await save(`/claims/${claimId}/edit`, { original_text: 'Мы не потеряли ни одного бойца, сказал он.' });
    const html = await compare(from, await versionOf());
    expect(marked(html, 'del')).toEqual(['removed: солдата']);
    expect(marked(html, 'ins')).toEqual(['added: бойца']);
  });

  it('shows every field under its name in words, in the order of the form', async () => {
    const before = await t.db('claims').join('sources', 'sources.id', 'claims.source_id').where('claims.id', claimId).first('sources.id', 'sources.name');
    const other = await t.db('sources').whereNot('id', before.id).orderBy('id').first('id', 'name');
    const from = await versionOf();
    await save(`/claims/${claimId}/edit`, { source_id: String(other.id), said_on_precision: 'day', said_on: '2023-05-24', wording: 'paraphrase' });
    const html = await compare(from, await versionOf());
    expect(rowLabels(html)).toEqual(CLAIM_FIELDS_IN_FORM_ORDER);
    const text = visibleText(html);
    expect(text).toContain(`Who said it (changed) removed: ${before.name} added: ${other.name}`);
    expect(text).toContain('How exact is the date? (changed) removed: Month only added: Exact day');
    // The older version knew only the month: no day is written for it.
    expect(text).toContain('Date said (changed) removed: May 2023 added: 24 May 2023');
    expect(text).toContain('Wording (changed) removed: Verbatim quote added: Paraphrase');
    expect(text).not.toMatch(/source_id|Source \(id\)|said_on|is_verbatim/);
  });

  it('shows a verdict\'s status and evidence strength by their labels', async () => {
    const from = await versionOf();
    await save(`/claims/${claimId}/status`, { status: 'partly_true', rationale: 'Two lists of names disagree.', evidence_strength: 'independent_sources' });
    const html = await compare(from, await versionOf());
    const text = visibleText(html.slice(html.indexOf('<table class="diff">')));
    expect(text).toContain('Status (changed) removed: Contested added: Partly true');
    expect(text).toContain('Evidence strength (changed) removed: Single source added: Two or more independent sources');
    expect(text).not.toMatch(/partly_true|single_source|independent_sources/);
  });
});

import { createClaim } from '../db/claims';
import { createDispute, listPositions } from '../db/disputes';
import { Agent, startTestApp, submitForm, TestApp, visibleText } from './support/app';

let t: TestApp;
let editor: Agent;
const by = { editorId: null, summary: 'test' };

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  editor = (await t.signedIn()).agent;
});
afterAll(() => t.drop());

function fieldError(html: string, name: string): string | undefined {
  const match = html.match(new RegExp(`<p class="field-error" id="field-${name}-error"><span class="visually-hidden">Error: </span>([^<]*)</p>`));
  return match?.[1];
}

describe('a date field given something that is not a date', () => {
  it.each(['24 May 2023', 'next Tuesday', '2023-05-24T10:00:00Z', '2023/05/24', `2023-05-24${' or so'.repeat(20)}`])('says it must be a date in the YYYY-MM-DD format, for “%s”', async (value) => {
    const response = await submitForm(editor, '/disputes/new', '/disputes', {
      title: 'When did it start?', summary: '', events_from: value, events_to: '', events_place: '', position_label: ['Yes', 'No'], state: 'draft', edit_summary: '',
    });
    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'events_from')).toBe('Start date must be a real date (YYYY-MM-DD).');
    expect(visibleText(response.text)).not.toContain('at most 10 characters');
  });
});

describe('linking to a claim of a dispute that is not published', () => {
  async function draftWithClaims(slug: string, count: number) {
    const source = await t.db('sources').first();
    const draft = await createDispute(t.db, {
      slug, title: `Draft ${slug}`, summary: '', events_from: null, events_to: null, events_place: '', state: 'draft', positions: ['A', 'B'],
    }, by);
    const [position] = await listPositions(t.db, draft.id);
    const claims = [];
    for (let i = 0; i < count; i++) {
      claims.push(await createClaim(t.db, draft.id, {
        position_id: position.id, source_id: source.id, text: `Draft claim ${i}`, is_verbatim: false, original_text: null, original_language: null,
        said_on: '2023-05-23', said_on_precision: 'day', venue: 'x', url: null, status: 'unverified', rationale: 'x',
      }, by));
    }
    return claims;
  }

  it('is refused with a message on the target field, and nothing is saved', async () => {
    const [draftClaim] = await draftWithClaims('unpublished-target', 1);
    const published = await t.db('claims as c').join('disputes as d', 'd.id', 'c.dispute_id').where('d.state', 'published').first('c.id');
    const before = await t.db('claim_links').count({ n: '*' }).first();
    const response = await submitForm(editor, `/claims/${published.id}/links/new`, `/claims/${published.id}/links`, {
      to_claim_id: String(draftClaim.id), type: 'contradicts', note: '', edit_summary: '',
    });
    expect(response.status).toBe(422);
    expect(visibleText(response.text)).toContain('That claim belongs to a dispute that is not published yet');
    expect(await t.db('claim_links').count({ n: '*' }).first()).toEqual(before);
  });

  it('is still allowed between two claims of the same draft dispute', async () => {
    const [from, to] = await draftWithClaims('draft-with-two-claims', 2);
    const response = await submitForm(editor, `/claims/${from.id}/links/new`, `/claims/${from.id}/links`, {
      to_claim_id: String(to.id), type: 'contradicts', note: '', edit_summary: '',
    });
    expect(response.status).toBe(303);
  });
});

import { Agent, csrfFrom, encodeForm, Fields, TestApp, visibleText } from './app';
import { decodeEntities } from './html';
import { formOnPage } from './page-form';

// What the editor-form tests share: filling in a form as a person would, recording sources,
// disputes and claims through the forms, and the refusal every bad form must get.

export const HUGE = 'x'.repeat(100_000);
export const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-01-15`;
const CONTENT_TABLES = ['sources', 'disputes', 'positions', 'claims', 'claim_links', 'status_changes', 'revisions'] as const;

/** The message shown beside one field (positions have their own fieldset message). */
export function fieldError(html: string, name: string): string | undefined {
  const id = name === 'positions' ? 'positions-error' : `field-${name}-error`;
  const match = html.match(new RegExp(`id="${id}"><span class="visually-hidden">Error: </span>([^<]*)</p>`));
  return match ? decodeEntities(match[1]) : undefined;
}

/** Opens a form page, changes some fields as a person would, and sends it with the page's token. */
export async function fillIn(agent: Agent, formPage: string, changes: Fields) {
  const page = await agent.get(formPage).expect(200);
  const form = formOnPage(page.text);
  return agent.post(form.action).type('form').send(encodeForm({ ...form.fields, _csrf: csrfFrom(page.text), ...changes }));
}

/** Six position rows as the dispute form sends them: the labels given, then empty rows. */
export function positionLabels(...labels: string[]): string[] {
  return [...labels, ...Array(6 - labels.length).fill('')];
}

export async function contentCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CONTENT_TABLES) counts[table] = Number((await t.db(table).count({ n: '*' }).first())!.n);
  return counts;
}

/** Sends a form that must be refused: 422, the form again with its error summary, and nothing saved. */
export async function expectRefused(t: TestApp, send: () => Promise<{ status: number; text: string }>) {
  const before = await contentCounts(t);
  const res = await send();
  expect(res.status).toBe(422);
  expect(res.text).toContain('This could not be saved yet');
  expect(res.text).toContain('class="editor-form"');
  expect(await contentCounts(t)).toEqual(before);
  return res;
}

export async function recordSource(t: TestApp, agent: Agent, fields: Fields) {
  const res = await fillIn(agent, '/sources/new', { kind: 'person', ...fields });
  expect(res.status).toBe(303);
  const slug = res.headers.location.replace(/^\/sources\//, '');
  return t.db('sources').where({ slug }).first();
}

export type RecordedDispute = Awaited<ReturnType<typeof recordDispute>>;

export async function recordDispute(t: TestApp, agent: Agent, fields: Fields & { title: string }, labels = ['Yes', 'No']) {
  const res = await fillIn(agent, '/disputes/new', { position_label: positionLabels(...labels), ...fields });
  expect(res.status).toBe(303);
  const slug = res.headers.location.replace(/^\/disputes\//, '');
  const dispute = await t.db('disputes').where({ slug }).first();
  const positions = await t.db('positions').where({ dispute_id: dispute.id }).orderBy('sort_order');
  return { ...dispute, positions };
}

export const CLAIM_DEFAULTS = {
  wording: 'verbatim', said_on: '2023-05-23', said_on_precision: 'day', venue: 'Interview with FRANCE 24',
  status: 'unverified', rationale: 'Not yet checked against independent evidence.',
};

export async function recordClaim(agent: Agent, disputeSlug: string, fields: Fields): Promise<number> {
  const res = await fillIn(agent, `/disputes/${disputeSlug}/claims/new`, { ...CLAIM_DEFAULTS, ...fields });
  expect(res.status).toBe(303);
  return Number(res.headers.location.match(/#claim-(\d+)$/)![1]);
}

/** The home page's list of published disputes, as text. */
export function publishedOnHome(homeText: string): string {
  return homeText.split('Recently updated disputes')[1];
}

/** The home page's drafts section (editors only), as text; empty when there is none. */
export function draftsOnHome(homeText: string): string {
  return homeText.includes('Drafts (editors only)') ? homeText.split('Drafts (editors only)')[1].split('Recently updated disputes')[0] : '';
}

/** Columns of a dispute page, one per position, as a reader sees them. */
export function positionColumns(html: string): string[] {
  return html.split('<section class="position"').slice(1)
    .map((column) => visibleText(column.slice(column.indexOf('>') + 1).split('</section>')[0]));
}

import { XMLValidator } from 'fast-xml-parser';
import { changeClaimStatus, createClaim } from '../db/claims';
import { text } from '../server/forms/fields';
import { Agent, startTestApp, submitForm, TestApp, visibleText } from './support/app';

// Characters XML 1.0 forbids outright: one anywhere makes the whole document unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

let t: TestApp;
let editor: Agent;

beforeAll(async () => {
  t = await startTestApp({ seed: true });
  editor = (await t.signedIn()).agent;
});
afterAll(() => t.drop());

describe('text that is not text', () => {
  it.each([
    ['U+FFFE', '\uFFFE'], ['U+FFFF', '\uFFFF'], ['U+FDD0', '\uFDD0'], ['U+1FFFF', '\u{1FFFF}'], ['U+10FFFE', '\u{10FFFE}'],
  ])('is refused in a form with a clear message (%s)', async (_name, character) => {
    const response = await submitForm(editor, '/disputes/new', '/disputes', {
      title: `Was the bridge hit${character}?`, summary: '', events_from: '', events_to: '', events_place: '', position_label: ['Yes', 'No'], state: 'published', edit_summary: '',
    });
    expect(response.status).toBe(422);
    expect(visibleText(response.text)).toContain('Question contains characters that are not text (such as U+FFFF); remove them.');
  });

  it('refuses lone surrogates too (they cannot arrive in a form body, but the rule is the fields’ own)', () => {
    const field = text('Note', 100);
    expect(field.safeParse('a\uD800b').success).toBe(false);
    expect(field.safeParse('a\uDFFFb').success).toBe(false);
    expect(field.safeParse('rocket 🚀, Київ').success).toBe(true);
  });
});

describe('feeds and sitemaps over text stored before the rule', () => {
  beforeAll(async () => {
    const by = { editorId: null, summary: 'old import' };
    const dispute = await t.db('disputes').where('state', 'published').first();
    await t.db('disputes').where('id', dispute.id).update({ title: `Old\uFFFE title\u0001 with\uFFFF junk`, summary: 'Summary\u000B here' });
    const [position] = await t.db('positions').where('dispute_id', dispute.id).orderBy('id');
    const source = await t.db('sources').first();
    const claim = await createClaim(t.db, dispute.id, {
      position_id: position.id, source_id: source.id, text: 'A claim', is_verbatim: false, original_text: null, original_language: null,
      said_on: '2023-05-23', said_on_precision: 'day', venue: 'x', url: null, status: 'unverified', rationale: 'x',
    }, by);
    await changeClaimStatus(t.db, claim, claim.version, { status: 'false', rationale: 'Rationale\uFFFF with\u0008 junk' }, by);
    await t.db('claims').where('id', claim.id).update({ text: 'Claim\uFFFE text' });
  });

  it.each(['/feeds/disputes.atom', '/feeds/status-changes.atom', '/sitemap.xml', '/sitemaps/pages.xml', '/sitemaps/claims-1.xml'])('%s is well-formed XML with the forbidden characters dropped', async (url) => {
    const response = await t.agent().get(url).expect(200);
    expect(response.text).not.toMatch(NOT_XML);
    expect(XMLValidator.validate(response.text)).toBe(true);
  });

  it('keeps the rest of the text', async () => {
    const disputes = (await t.agent().get('/feeds/disputes.atom').expect(200)).text;
    expect(disputes).toContain('Old title with junk');
    const changes = (await t.agent().get('/feeds/status-changes.atom').expect(200)).text;
    expect(changes).toContain('Rationale with junk');
  });
});

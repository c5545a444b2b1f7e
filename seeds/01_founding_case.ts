import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createAnchor } from '../db/anchors';
import { createClaim, ClaimInput, FigureInput, StatusInput } from '../db/claims';
import { createDocument } from '../db/documents';
import { createEvidence, EvidenceInput } from '../db/evidence';
import { createDispute, listPositions } from '../db/disputes';
import { createLink, LinkType } from '../db/links';
import { Authorship } from '../db/revisions';
import { createSource, SourceInput } from '../db/sources';
import { codePointOffset } from '../db/passages';
import { PROJECT_ROOT } from '../server/paths';

/*
 * The founding case: FRANCE 24's May 2023 interview with Ilya Ponomarev about the
 * Freedom of Russia Legion's raids into Russia's Belgorod region (shared/seed-article.txt).
 * Only what the article says is recorded. Its words are quoted exactly; where it reports
 * speech in its own words, the claim is marked as a paraphrase. The article is undated
 * and gives no address, so dates are "May 2023" (month precision) and no URL is invented.
 * The article is the case's document (seeds/founding-article.txt: its headline, then its text,
 * without the readers' comments that followed it where it was found), and every claim is
 * anchored to the passage it was taken from.
 */

const BY: Authorship = { editorId: null, summary: 'Founding case, recorded from the FRANCE 24 interview with Ilya Ponomarev' };
const VENUE = 'Interview with FRANCE 24, from Kyiv';
const SAID = { said_on: '2023-05-01', said_on_precision: 'month' as const, venue: VENUE, url: null, original_text: null, original_language: null };

type SourceSeed = SourceInput & { slug: string; affiliation_slug?: string };

const SOURCES: SourceSeed[] = [
  {
    slug: 'freedom-of-russia-legion', name: 'Freedom of Russia Legion', kind: 'military', url: null, affiliation_id: null,
    stake: 'Party to the fighting',
    description: 'Ukraine-based paramilitary group of Russian volunteers, pro-Ukrainian and anti-Putin, involved in cross-border incursions into Russia’s Belgorod region in May 2023. Its ultimate objective, per Ponomarev, is to overthrow the Russian regime.',
  },
  {
    slug: 'ilya-ponomarev', name: 'Ilya Ponomarev', kind: 'person', url: null, affiliation_id: null, affiliation_slug: 'freedom-of-russia-legion',
    stake: 'Political representative of a party to the fighting',
    description: 'Exiled Russian opposition figure and former Russian lawmaker; political representative of the Freedom of Russia Legion. Lives in exile in Kyiv.',
  },
  {
    slug: 'russian-volunteer-corps', name: 'Russian Volunteer Corps (RVC)', kind: 'military', url: null, affiliation_id: null,
    stake: 'Party to the fighting',
    description: 'Far-right Russian paramilitary group which, according to Ponomarev, took part in the Belgorod raids alongside the Freedom of Russia Legion.',
  },
  {
    slug: 'russian-authorities', name: 'Russian authorities', kind: 'government', url: null, affiliation_id: null,
    stake: 'Government of a party to the fighting',
    description: 'Russian state authorities, as cited by FRANCE 24 without naming a particular body or official.',
  },
  {
    slug: 'france-24', name: 'FRANCE 24', kind: 'media', url: null, affiliation_id: null, stake: null,
    description: 'News channel; published the interview with Ilya Ponomarev that the founding case is recorded from.',
  },
];

/**
 * `passage`: the article's words the claim was taken from (a verbatim claim's own text when left
 * out); `within`: a longer stretch that holds them once, when the words occur more than once.
 */
// The article's words are kept as published, no-break spaces (\u00A0) included.
type ClaimSeed = {
  key: string; position: number; source: string; text: string; verbatim: boolean; figure?: Partial<FigureInput>;
  passage?: string; within?: string;
} & Omit<StatusInput, 'evidence_strength'>;

const NO_FIGURE: FigureInput = {
  figure_measure: null, figure_group: null, figure_low: null, figure_high: null, figure_unit: null, figure_period: null, figure_place: null,
};
const RAIDS = { figure_period: 'May 2023 raids', figure_place: 'Belgorod region' };

// The article is the only evidence the founding case has: it reports each claim and gives no independent confirmation.
const THE_ARTICLE: EvidenceInput = {
  kind: 'other', title: 'FRANCE 24 interview with Ilya Ponomarev', url: null, archive_url: null, publisher: 'FRANCE 24',
  published_on: null, bearing: 'context',
  description: 'Reports the claim (quoted or in its own words) with no independent confirmation of either side’s account.',
};
type DisputeSeed = {
  slug: string; title: string; summary: string; positions: string[];
  claims: ClaimSeed[]; links: { from: string; to: string; type: LinkType; note: string }[];
};

const ARTICLE_ONLY = 'The only account in the FRANCE 24 interview comes from a party to the fighting, and nothing in the article confirms it independently.';

const DISPUTES: DisputeSeed[] = [
  {
    slug: 'freedom-of-russia-legion-losses-belgorod-may-2023',
    title: 'Did the Freedom of Russia Legion lose fighters in the May 2023 Belgorod raids?',
    summary: 'The Legion’s political representative says it lost no one; Russian authorities said they had crushed the paramilitary forces and killed 70 fighters.',
    positions: ['No losses', '70 fighters killed'],
    claims: [
      {
        key: 'no-losses', position: 0, source: 'ilya-ponomarev', verbatim: true,
        text: 'didn’t lose a single soldier',
        within: 'claimed the Freedom of Russia Legion “didn’t lose a single soldier” while launching',
        figure: { figure_measure: 'fighters killed', figure_group: 'Freedom of Russia Legion', figure_low: 0, figure_unit: 'fighters', ...RAIDS },
        status: 'contested',
        rationale: 'Directly contradicted by the Russian authorities’ claim of 70 fighters killed. Both accounts come from parties to the fighting, and the article offers no independent evidence either way. Note that the Russian figure concerns the paramilitary forces as a whole, not only the Legion.',
      },
      {
        key: 'killed-70', position: 1, source: 'russian-authorities', verbatim: false,
        text: 'Russian authorities said they had crushed the paramilitary forces, killing 70 fighters.',
        passage: 'claims by Russian authorities\u00A0that they have\u00A0crushed the paramilitary forces, killing 70 fighters',
        figure: {
          figure_measure: 'fighters killed', figure_group: 'the paramilitary forces (the Legion and the Russian Volunteer Corps)',
          figure_low: 70, figure_unit: 'fighters', ...RAIDS,
        },
        status: 'contested',
        rationale: 'Reported by FRANCE 24 in its own words, not quoted, and denied by Ponomarev in the same interview. The article gives no independent evidence for the figure.',
      },
    ],
    links: [{ from: 'killed-70', to: 'no-losses', type: 'contradicts', note: 'Ponomarev denied the Russian claim in the same interview.' }],
  },
  {
    slug: 'control-of-40-km-strip-belgorod-may-2023',
    title: 'Did the Legion and the Russian Volunteer Corps take control of a 40-km strip of the Russian border?',
    summary: 'Ponomarev says the two groups hold a 40-kilometre strip along the Russian-Ukrainian border and are advancing; Russian authorities said the paramilitary forces were crushed.',
    positions: ['A 40-km strip is under their control', 'The paramilitary forces were crushed'],
    claims: [
      {
        key: 'strip', position: 0, source: 'ilya-ponomarev', verbatim: false,
        text: 'Along with the Russian Volunteer Corps, the Freedom of Russia Legion has taken control of a 40-kilometre strip along the Russian-Ukrainian border and is advancing inside Russia.',
        passage: 'Along with the far-right Russian Volunteer Corps (RVC), the\u00A0Freedom of Russia Legion\u00A0has taken control of a 40-kilometre strip along the Russian-Ukrainian border and is advancing inside Russia, he added.',
        figure: {
          figure_measure: 'length of border strip under control', figure_group: 'the Legion and the Russian Volunteer Corps',
          figure_low: 40, figure_unit: 'km', ...RAIDS,
        },
        status: 'unverified',
        rationale: `Reported by FRANCE 24 in its own words. ${ARTICLE_ONLY}`,
      },
      {
        key: 'progress', position: 0, source: 'ilya-ponomarev', verbatim: false,
        text: 'The group is successfully making progress inside Russia.',
        passage: 'is successfully making progress inside Russia',
        status: 'unverified',
        rationale: `FRANCE 24’s summary of Ponomarev’s account. ${ARTICLE_ONLY}`,
      },
      {
        key: 'crushed', position: 1, source: 'russian-authorities', verbatim: false,
        text: 'Russian authorities said they had crushed the paramilitary forces.',
        passage: 'claims by Russian authorities\u00A0that they have\u00A0crushed the paramilitary forces',
        status: 'contested',
        rationale: 'Reported by FRANCE 24 in its own words and denied by Ponomarev; the article gives no independent evidence of either side’s account of the ground held.',
      },
    ],
    links: [
      { from: 'crushed', to: 'strip', type: 'contradicts', note: 'Forces that were crushed cannot be holding and extending a strip of territory.' },
      { from: 'progress', to: 'strip', type: 'supports', note: 'Same speaker, same interview.' },
    ],
  },
  {
    slug: 'ukrainian-soldiers-in-russia-belgorod-may-2023',
    title: 'Did Ukrainian soldiers take part in the raids into Russia?',
    summary: 'Ponomarev insists no Ukrainian soldier entered Russian soil and calls the raids an autonomous Russian operation, yet says the Legion’s troops are part of the Ukrainian military and had a “green light” from the Ukrainians.',
    positions: ['No: a Russian operation without Ukrainian soldiers', 'The Legion is part of the Ukrainian military'],
    claims: [
      {
        key: 'no-ukrainians', position: 0, source: 'ilya-ponomarev', verbatim: true,
        text: 'not a single Ukrainian soldier has entered Russian soil',
        status: 'contested',
        rationale: 'In the same interview the speaker says the Legion’s troops “are part of the Ukrainian military”, which is hard to square with this. The article gives no independent evidence.',
      },
      {
        key: 'autonomous', position: 0, source: 'ilya-ponomarev', verbatim: true,
        text: 'a totally autonomous operation by Russians inside Russia',
        status: 'contested',
        rationale: 'The speaker also acknowledged a “green light” from the Ukrainians before the raids, which qualifies “totally autonomous”. Nothing independent in the article.',
      },
      {
        key: 'part-of-military', position: 1, source: 'ilya-ponomarev', verbatim: true,
        text: 'are part of the Ukrainian military',
        status: 'unverified',
        rationale: `Said of the Legion’s troops. ${ARTICLE_ONLY}`,
      },
      {
        key: 'green-light', position: 1, source: 'ilya-ponomarev', verbatim: false,
        text: 'The group received a “green light” from the Ukrainians before launching the raids.',
        passage: 'received a “green light” from the Ukrainians before launching the raids',
        status: 'unverified',
        rationale: `FRANCE 24’s account of what Ponomarev acknowledged; only “green light” is his quoted wording. ${ARTICLE_ONLY}`,
      },
    ],
    links: [
      { from: 'part-of-military', to: 'no-ukrainians', type: 'contradicts', note: 'Same speaker: if the Legion’s troops are part of the Ukrainian military, Ukrainian soldiers did enter Russia.' },
      { from: 'green-light', to: 'autonomous', type: 'qualifies', note: 'Same speaker: an operation launched with Ukraine’s approval is not “totally autonomous”.' },
    ],
  },
];

const ARTICLE_FILE = path.join(PROJECT_ROOT, 'seeds', 'founding-article.txt');

/** The article as the seed records it: the headline is its title, the rest its text. */
export function foundingArticle(): { title: string; text: string } {
  const [title, ...rest] = fs.readFileSync(ARTICLE_FILE, 'utf8').split('\n');
  return { title: title.trim(), text: rest.join('\n').trim() };
}

/** Where a seeded claim's passage is in the article, in code points; throws if it is absent or ambiguous. */
export function seededPassage(text: string, claim: Pick<ClaimSeed, 'text' | 'verbatim' | 'passage' | 'within'>): { start: number; end: number } {
  const exact = claim.passage ?? (claim.verbatim ? claim.text : undefined);
  const within = claim.within ?? exact;
  if (!exact || !within) throw new Error(`seeded claim "${claim.text}" names no passage`);
  const at = text.indexOf(within);
  const offset = within.indexOf(exact);
  if (at === -1 || at !== text.lastIndexOf(within) || offset === -1) throw new Error(`"${within}" is not once in the founding article`);
  const start = codePointOffset(text, at + offset);
  return { start, end: start + Array.from(exact).length };
}

async function seedSources(knex: Knex): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const { affiliation_slug, ...source } of SOURCES) {
    const existing = await knex('sources').where('slug', source.slug).first('id');
    const affiliation_id = affiliation_slug ? ids.get(affiliation_slug) ?? null : null;
    ids.set(source.slug, existing?.id ?? (await createSource(knex, { ...source, affiliation_id }, BY)).id);
  }
  return ids;
}

async function seedDispute(knex: Knex, dispute: DisputeSeed, sourceIds: Map<string, number>): Promise<void> {
  if (await knex('disputes').where('slug', dispute.slug).first('id')) return;
  const { claims, links, ...fields } = dispute;
  const row = await createDispute(knex, {
    // The article says only "this week" of May 2023, so the whole month is the honest span.
    ...fields, events_from: '2023-05-01', events_to: '2023-05-31', events_place: 'Belgorod region, Russia', state: 'published',
  }, BY);
  const positions = await listPositions(knex, row.id);
  const claimIds = new Map<string, number>();
  for (const { key, position, source, verbatim, figure, passage: _passage, within: _within, ...claim } of claims) {
    const input: ClaimInput & StatusInput = {
      ...SAID, ...NO_FIGURE, ...figure, ...claim, evidence_strength: 'single_source',
      is_verbatim: verbatim, position_id: positions[position].id, source_id: sourceIds.get(source)!,
    };
    const created = await createClaim(knex, row.id, input, BY);
    await createEvidence(knex, created.id, THE_ARTICLE, BY);
    claimIds.set(key, created.id);
  }
  for (const link of links) {
    await createLink(knex, { from_claim_id: claimIds.get(link.from)!, to_claim_id: claimIds.get(link.to)!, type: link.type, note: link.note }, BY);
  }
}

async function seedDocument(knex: Knex, publisherId: number): Promise<{ id: number; text: string }> {
  const { title, text } = foundingArticle();
  const existing = await knex('documents').where({ title, text }).whereNull('deleted_at').first('id', 'text');
  if (existing) return existing;
  return createDocument(knex, {
    title, text, publisher_id: publisherId, authors: '', url: null, language: 'en',
    // Dated like the claims: the month of the raids; the article itself gives no day.
    published_on: '2023-05-01', published_on_precision: 'month', full_text_public: true,
  }, BY);
}

/**
 * Anchors each seeded claim still as seeded (same dispute, same words) and not yet anchored:
 * new ones, and those of a database seeded before documents existed.
 */
async function anchorClaims(knex: Knex, dispute: DisputeSeed, document: { id: number; text: string }): Promise<void> {
  for (const claim of dispute.claims) {
    const row = await knex('claims as c')
      .join('disputes as d', 'd.id', 'c.dispute_id')
      .leftJoin('claim_anchors as a', 'a.claim_id', 'c.id')
      .where({ 'd.slug': dispute.slug, 'c.text': claim.text })
      .whereNull('c.deleted_at')
      .whereNull('a.id')
      .first('c.id');
    if (!row) continue;
    const { start, end } = seededPassage(document.text, claim);
    await createAnchor(knex, row.id, { document_id: document.id, start_offset: start, end_offset: end, is_translation: false }, BY);
  }
}

/** Every seeded claim with its passage in the article, for the test that checks them. */
export function seededClaims(): { dispute: string; claim: ClaimSeed }[] {
  return DISPUTES.flatMap((dispute) => dispute.claims.map((claim) => ({ dispute: dispute.slug, claim })));
}

export async function seed(knex: Knex): Promise<void> {
  // One transaction: a failed seed leaves nothing behind, so the next start tries again.
  await knex.transaction(async (trx) => {
    const sourceIds = await seedSources(trx);
    // In reverse, so the founding dispute (losses) is the newest and heads the home page.
    for (const dispute of [...DISPUTES].reverse()) await seedDispute(trx, dispute, sourceIds);
    const document = await seedDocument(trx, sourceIds.get('france-24')!);
    for (const dispute of DISPUTES) await anchorClaims(trx, dispute, document);
  });
}

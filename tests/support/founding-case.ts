import type { TestDb } from './db';

// The founding case (seeds/01_founding_case.ts) as tests reach it, named once: a seed that renames
// a slug changes these lines, not every test that visits its pages.

export const LOSSES_SLUG = 'freedom-of-russia-legion-losses-belgorod-may-2023';
export const STRIP_SLUG = 'control-of-40-km-strip-belgorod-may-2023';

/** The dispute over the Legion's losses: the page most tests read. */
export const LOSSES = `/disputes/${LOSSES_SLUG}`;
/** The dispute over the 40-km strip. */
export const STRIP = `/disputes/${STRIP_SLUG}`;

/** The source who made the best-known claim. */
export const PONOMAREV_SLUG = 'ilya-ponomarev';
export const PONOMAREV = `/sources/${PONOMAREV_SLUG}`;

/** Words of Ponomarev's claim under the losses dispute: the claim tests edit, tip and revert. */
export const NO_LOSSES_WORDS = 'didn’t lose a single soldier';

/** The id of the claim with exactly these words (claims in the founding case have words of their own). */
export async function claimIdByText(t: Pick<TestDb, 'db'>, text: string): Promise<number> {
  return (await t.db('claims').where('text', text).first('id')).id;
}

/**
 * Frees a seeded claim from its article: anchored and verbatim, its text may only be the article's
 * words, so tests that rewrite it freely (merges, diffs) take the anchor off first.
 */
export async function unanchorClaim(t: Pick<TestDb, 'db'>, claimId: number): Promise<void> {
  await t.db('claim_anchors').where('claim_id', claimId).delete();
}

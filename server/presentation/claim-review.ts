import type { ClaimInContext } from '../../db/claims';
import { isoDateAtPrecision } from './format';
import { STATUS_MEANINGS } from './statuses';

/*
 * Our statuses on ClaimReview's 1–5 scale (5 best). Unverified, unverifiable and
 * contested are not verdicts, so claims with those statuses carry no ClaimReview at all.
 */
export const RATINGS: Partial<Record<string, number>> = { false: 1, misleading: 2, partly_true: 3, true: 5 };

const ORGANISATION_KINDS = new Set(['organisation', 'government', 'military', 'media', 'other']);

export interface Publisher {
  name: string;
  url: string;
}

/** schema.org ClaimReview for a rated claim, as Google's fact-check markup expects; undefined when unrated. */
export function claimReview(claim: ClaimInContext, publisher: Publisher): Record<string, unknown> | undefined {
  const rating = RATINGS[claim.status];
  if (rating === undefined) return undefined;
  const appearance = claim.url ? { '@type': 'CreativeWork', url: claim.url } : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `${publisher.url}/claims/${claim.id}`,
    claimReviewed: claim.text,
    datePublished: new Date(claim.status_changed_at).toISOString().slice(0, 10),
    author: { '@type': 'Organization', name: publisher.name, url: publisher.url },
    reviewRating: {
      '@type': 'Rating', ratingValue: rating, bestRating: 5, worstRating: 1, alternateName: STATUS_MEANINGS[claim.status].label,
    },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': ORGANISATION_KINDS.has(claim.source_kind) ? 'Organization' : 'Person', name: claim.source_name },
      datePublished: isoDateAtPrecision(claim.said_on, claim.said_on_precision),
      // Where the claim was seen is an appearance; nothing we record says it was the first one.
      ...(appearance ? { appearance } : {}),
    },
  };
}

/** The ClaimReviews of every rated claim in a list (a dispute page's). */
export function claimReviews(claims: ClaimInContext[], publisher: Publisher): Record<string, unknown>[] {
  return claims.map((claim) => claimReview(claim, publisher)).filter((review) => review !== undefined);
}

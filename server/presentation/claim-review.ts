import type { AnchorWithDocument } from '../../db/anchors';
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

/** What of a claim's document its appearance names. */
export type AppearanceDocument = Pick<
  AnchorWithDocument, 'document_title' | 'document_url' | 'document_published_on' | 'document_published_on_precision' | 'publisher_name'
>;

/**
 * Where the claim appeared: the document it is anchored to (its date no more exact than known,
 * its URL only when it has one), else the address the editor gave the claim.
 */
function appearanceOf(claim: ClaimInContext, document: AppearanceDocument | undefined): Record<string, unknown> | undefined {
  if (!document) return claim.url ? { '@type': 'CreativeWork', url: claim.url } : undefined;
  const datePublished = isoDateAtPrecision(document.document_published_on, document.document_published_on_precision ?? undefined);
  return {
    '@type': 'CreativeWork',
    name: document.document_title,
    ...(document.publisher_name ? { publisher: { '@type': 'Organization', name: document.publisher_name } } : {}),
    ...(datePublished ? { datePublished } : {}),
    ...(document.document_url ? { url: document.document_url } : {}),
  };
}

/**
 * schema.org ClaimReview for a rated claim, as Google's fact-check markup expects; undefined when
 * unrated. `document` is the one the claim is anchored to, if any.
 */
export function claimReview(claim: ClaimInContext, publisher: Publisher, document?: AppearanceDocument): Record<string, unknown> | undefined {
  const rating = RATINGS[claim.status];
  if (rating === undefined) return undefined;
  const appearance = appearanceOf(claim, document);
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
      // Where the claim was seen is an appearance; one document cannot tell it was the first one.
      ...(appearance ? { appearance } : {}),
    },
  };
}

/** The ClaimReviews of every rated claim in a list (a dispute page's), with their documents by claim id. */
export function claimReviews(claims: ClaimInContext[], publisher: Publisher, documents?: Map<number, AppearanceDocument>): Record<string, unknown>[] {
  return claims.map((claim) => claimReview(claim, publisher, documents?.get(claim.id))).filter((review) => review !== undefined);
}

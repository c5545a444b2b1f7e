import type { AnchorWithClaim, ClaimAnchor } from '../../db/anchors';
import type { ClaimInContext } from '../../db/claims';
import type { DocumentInContext, DocumentSummary } from '../../db/documents';
import type { DisputeWithPositions } from '../../db/disputes';
import type { ClaimLink, LinkFromClaim } from '../../db/links';
import type { SourceWithAffiliation } from '../../db/sources';
import type { StatusChange } from '../../db/status-changes';
import { webAnnotationSelectors } from '../lib/intake';
import { isoDateAtPrecision } from './format';

/*
 * The public JSON shapes of the read-only API (/api/v1). Stable: fields are only ever
 * added. Ids are the database ids and never reused; no editor accounts appear.
 */

export function apiSource(source: SourceWithAffiliation, base: string) {
  return {
    id: source.id, slug: source.slug, name: source.name, kind: source.kind, description: source.description,
    affiliation: source.affiliation_id ? { id: source.affiliation_id, name: source.affiliation_name, slug: source.affiliation_slug } : null,
    url: source.url, stake: source.stake, updated_at: source.updated_at,
    html_url: `${base}/sources/${source.slug}`, api_url: `${base}/api/v1/sources/${source.slug}`,
  };
}

export function apiDispute(dispute: DisputeWithPositions, base: string) {
  return {
    id: dispute.id, slug: dispute.slug, title: dispute.title, summary: dispute.summary,
    events: { from: dispute.events_from, to: dispute.events_to, place: dispute.events_place },
    positions: dispute.positions.map((p) => ({ id: p.id, label: p.label })),
    published_at: dispute.published_at, updated_at: dispute.updated_at,
    html_url: `${base}/disputes/${dispute.slug}`, api_url: `${base}/api/v1/disputes/${dispute.slug}`,
  };
}

export function apiClaim(claim: ClaimInContext, base: string, anchor?: AnchorOfDocument) {
  return {
    id: claim.id, text: claim.text, wording: claim.is_verbatim ? 'verbatim' : 'paraphrase',
    original: claim.original_text ? { text: claim.original_text, language: claim.original_language } : null,
    said_on: claim.said_on, said_on_precision: claim.said_on_precision, venue: claim.venue, url: claim.url,
    source: { id: claim.source_id, name: claim.source_name, slug: claim.source_slug, kind: claim.source_kind },
    dispute: { id: claim.dispute_id, slug: claim.dispute_slug, title: claim.dispute_title },
    position: { id: claim.position_id, label: claim.position_label },
    status: { value: claim.status, rationale: claim.status_rationale, changed_at: claim.status_changed_at },
    updated_at: claim.updated_at,
    html_url: `${base}/claims/${claim.id}`, api_url: `${base}/api/v1/claims/${claim.id}`,
    anchor: anchor ? apiAnchor(anchor, `${base}/claims/${claim.id}`, base) : null,
  };
}

/** An anchor with the one field of its document the API needs to name the annotated text. */
export type AnchorOfDocument = ClaimAnchor & { document_url: string | null };

/**
 * A claim's anchor as a W3C Web Annotation (JSON-LD): the claim is the body, the passage the
 * target. The source is the document's own URL when it has one, else our copy of its text;
 * offsets count Unicode code points, as the model says. Selectors describe the stored text,
 * which for a captured page is the extracted text, not its HTML.
 */
export function apiAnchor(anchor: AnchorOfDocument, claimUrl: string, base: string) {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    body: claimUrl,
    target: {
      source: anchor.document_url ?? documentHtmlUrl(anchor.document_id, base),
      selector: webAnnotationSelectors({
        TextQuoteSelector: { exact: anchor.exact, prefix: anchor.prefix, suffix: anchor.suffix },
        TextPositionSelector: { start: anchor.start_offset, end: anchor.end_offset },
      }),
    },
    document: { id: anchor.document_id, html_url: documentHtmlUrl(anchor.document_id, base), api_url: `${base}/api/v1/documents/${anchor.document_id}` },
    is_translation: anchor.is_translation,
  };
}

function documentHtmlUrl(id: number, base: string): string {
  return `${base}/documents/${id}`;
}

/**
 * A document's metadata and hashes; its text only when the editors publish it in full (the
 * hashes still let anyone check a copy). The date is given no more exactly than it is known.
 */
export function apiDocument(document: DocumentSummary & { text?: string }, base: string) {
  return {
    id: document.id, title: document.title, authors: document.authors, url: document.url,
    publisher: document.publisher_id ? { id: document.publisher_id, name: document.publisher_name, slug: document.publisher_slug } : null,
    published_on: isoDateAtPrecision(document.published_on, document.published_on_precision ?? undefined) ?? null,
    published_on_precision: document.published_on_precision,
    language: document.language, captured_at: document.captured_at,
    text_sha256: document.text_sha256, html_sha256: document.html_sha256,
    replaces_document_id: document.replaces_document_id, replaced_by_id: document.replaced_by_id,
    full_text_public: document.full_text_public,
    text: document.full_text_public && document.text !== undefined ? document.text : null,
    updated_at: document.updated_at,
    html_url: documentHtmlUrl(document.id, base), api_url: `${base}/api/v1/documents/${document.id}`,
  };
}

/** A document with the anchors of its published claims. */
export function apiDocumentWithAnchors(document: DocumentInContext, anchors: AnchorWithClaim[], base: string) {
  return {
    ...apiDocument(document, base),
    anchors: anchors.map((anchor) => ({
      claim: { id: anchor.claim_id, api_url: `${base}/api/v1/claims/${anchor.claim_id}` },
      ...apiAnchor({ ...anchor, document_url: document.url }, `${base}/claims/${anchor.claim_id}`, base),
    })),
  };
}

export function apiLink(link: ClaimLink) {
  return { id: link.id, from_claim_id: link.from_claim_id, to_claim_id: link.to_claim_id, type: link.type, note: link.note };
}

export function apiLinkFromClaim(link: LinkFromClaim) {
  return { ...apiLink(link), direction: link.direction, other_claim_id: link.other_claim_id };
}

export function apiStatusChange(change: StatusChange) {
  return { from: change.from_status, to: change.to_status, rationale: change.rationale, decided_at: change.decided_at };
}

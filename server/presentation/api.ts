import type { ClaimInContext } from '../../db/claims';
import type { DisputeWithPositions } from '../../db/disputes';
import type { ClaimLink, LinkFromClaim } from '../../db/links';
import type { SourceWithAffiliation } from '../../db/sources';
import type { StatusChange } from '../../db/status-changes';

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

export function apiClaim(claim: ClaimInContext, base: string) {
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

import type { EvidenceStrength } from '../../db/claims';

/** Readers' words for evidence kinds, bearings and strengths. */
export const EVIDENCE_KIND_LABELS: Record<string, string> = {
  official_statement: 'Official statement',
  independent_report: 'Independent report',
  document: 'Document',
  photo_video: 'Photo or video',
  satellite_imagery: 'Satellite imagery',
  geolocation: 'Geolocation',
  casualty_list: 'Named-casualty list',
  other: 'Other',
};

export const BEARING_LABELS: Record<string, string> = { supports: 'Supports the claim', refutes: 'Refutes the claim', context: 'Context' };

export const STRENGTH_LABELS: Record<EvidenceStrength, string> = {
  none: 'No evidence yet',
  single_source: 'Single source',
  independent_sources: 'Two or more independent sources',
  documentary: 'Confirmed by documentary evidence',
};

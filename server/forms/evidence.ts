import { z } from 'zod';
import { BEARINGS, EVIDENCE_KINDS, EvidenceInput } from '../../db/evidence';
import { BEARING_LABELS, EVIDENCE_KIND_LABELS } from '../presentation/evidence-labels';
import { columnsSpec, field, MergeSpec } from './merge-spec';
import { choice, editSummary, optionalDate, optionalUrl, parseForm, text, version } from './fields';

const evidenceFields = {
  kind: choice(EVIDENCE_KINDS, 'Choose what kind of evidence this is.'),
  title: text('Title', 300),
  url: optionalUrl('Web address'),
  archive_url: optionalUrl('Archived copy'),
  publisher: text('Publisher', 200, false),
  published_on: optionalDate('Published on'),
  description: text('Description', 2000, false),
  bearing: choice(BEARINGS, 'Say whether it supports or refutes the claim, or gives context.'),
  edit_summary: editSummary,
};

export type EvidenceForm = EvidenceInput & { edit_summary: string };

export function parseNewEvidence(body: unknown) {
  return parseForm<EvidenceForm>(z.object(evidenceFields), body);
}

export function parseEditEvidence(body: unknown) {
  return parseForm<EvidenceForm & { version: number }>(z.object({ ...evidenceFields, version }), body);
}

/** The evidence edit form's merge: its fields are the row's columns. */
export const evidenceMerge: MergeSpec = columnsSpec('evidence', [
  field('kind', 'Kind', EVIDENCE_KIND_LABELS),
  field('title', 'Title'),
  field('url', 'Web address'),
  field('archive_url', 'Archived copy'),
  field('publisher', 'Publisher'),
  field('published_on', 'Published on'),
  field('description', 'Description'),
  field('bearing', 'Bearing on the claim', BEARING_LABELS),
]);

import { z } from 'zod';
import { CLAIM_STATUSES, ClaimInput, EVIDENCE_STRENGTHS, StatusInput } from '../../db/claims';
import { columnsSpec, field, group, MergeSpec } from './merge-spec';
import { choice, dateAtPrecision, datePrecision, editSummary, optionalDate, optionalNumber, optionalText, optionalUrl, parseForm, requiredDate, requiredId, text, version } from './fields';

const claimFields = {
  position_id: requiredId('Choose the position this claim takes.'),
  source_id: requiredId('Choose who made the claim.'),
  text: text('Claim', 5000),
  wording: choice(['verbatim', 'paraphrase'] as const, 'Say whether this is a verbatim quote or a paraphrase.'),
  original_text: optionalText('Original-language text', 5000),
  original_language: optionalText('Original language', 35),
  said_on: requiredDate('Date said'),
  said_on_precision: datePrecision(),
  venue: text('Where it was said', 300),
  url: optionalUrl('Web address'),
  figure_measure: optionalText('What is counted', 200),
  figure_group: optionalText('Among whom', 200),
  figure_low: optionalNumber('Value'),
  figure_high: optionalNumber('Upper value'),
  figure_unit: optionalText('Unit', 50),
  figure_period: optionalText('Period', 100),
  figure_place: optionalText('Place', 200),
  edit_summary: editSummary,
};

export const statusFields = {
  status: choice(CLAIM_STATUSES, 'Choose a verification status.'),
  rationale: text('Rationale', 5000),
  // Not sent by older forms and scripts: then no strength is claimed.
  evidence_strength: z.preprocess((v) => (v === undefined || v === '' ? 'none' : v), choice(EVIDENCE_STRENGTHS, 'Choose how strong the evidence is.')),
};

type RawClaim = Omit<ClaimInput, 'is_verbatim'> & { wording: 'verbatim' | 'paraphrase'; edit_summary: string };
export type NewClaimForm = ClaimInput & StatusInput & { edit_summary: string };
export type EditClaimForm = ClaimInput & { version: number; edit_summary: string };

function toClaimInput<T extends RawClaim>(raw: T): Omit<T, 'wording'> & ClaimInput {
  const { wording, ...rest } = raw;
  return { ...rest, is_verbatim: wording === 'verbatim', said_on: dateAtPrecision(raw.said_on, raw.said_on_precision) };
}

function pairedOriginal(value: { original_text: string | null; original_language: string | null }): boolean {
  return (value.original_text === null) === (value.original_language === null);
}

const ORIGINAL_PAIR = {
  message: 'Give both the original-language text and its language, or neither.',
  path: ['original_language'],
};

type FigureFields = { figure_measure: string | null; figure_low: number | null; figure_high: number | null };

// A figure needs both what it counts and how many; a range must run upwards.
const figureComplete = (v: FigureFields) => (v.figure_measure === null) === (v.figure_low === null);
const rangeInOrder = (v: FigureFields) => v.figure_high === null || (v.figure_low !== null && v.figure_high >= v.figure_low);

function withClaimChecks<T extends z.ZodType<FigureFields & { original_text: string | null; original_language: string | null }>>(schema: T) {
  return schema
    .refine(pairedOriginal, ORIGINAL_PAIR)
    .refine(figureComplete, { message: 'Give both what is counted and its value, or neither.', path: ['figure_low'] })
    .refine(rangeInOrder, { message: 'The upper value must not be below the value.', path: ['figure_high'] });
}

const newClaimSchema = withClaimChecks(z.object({ ...claimFields, ...statusFields }));
const editClaimSchema = withClaimChecks(z.object({ ...claimFields, version }));

export function parseNewClaim(body: unknown) {
  const result = parseForm(newClaimSchema, body);
  return result.ok ? { ok: true as const, value: toClaimInput(result.value) as NewClaimForm } : result;
}

export function parseEditClaim(body: unknown) {
  const result = parseForm(editClaimSchema, body);
  return result.ok ? { ok: true as const, value: toClaimInput(result.value) as EditClaimForm } : result;
}

/** ?as_of=YYYY-MM-DD on a claim page: the day whose verdict a reader wants to see. */
export function parseAsOf(query: unknown) {
  return parseForm<{ as_of: string | null }>(z.object({ as_of: optionalDate('The date') }), query);
}

const PRECISION_LABELS = { day: 'Exact day', month: 'Month only', year: 'Year only' };

const CLAIM_GROUPS = [
  field('position_id', 'Position'),
  field('source_id', 'Who said it'),
  field('text', 'Claim'),
  field('wording', 'Wording', { verbatim: 'Verbatim quote', paraphrase: 'Paraphrase' }),
  group('said_on', 'Date said', [{ key: 'said_on', label: 'Date said' }, { key: 'said_on_precision', label: 'How exact', options: PRECISION_LABELS }]),
  field('venue', 'Where it was said'),
  field('url', 'Web address'),
  group('original', 'Original-language text', [{ key: 'original_text', label: 'Text' }, { key: 'original_language', label: 'Language' }]),
  // Anchors keep their own history, so a claim's versions never hold them: the form's value always stands.
  group('anchor', 'Taken from', [{ key: 'document_id', label: 'Document' }, { key: 'passage', label: 'Passage' }]),
  // A figure is one statement of fact: one editor's value with the other's unit would be a figure nobody gave.
  group('figure', 'Figure', [
    { key: 'figure_measure', label: 'What is counted' }, { key: 'figure_group', label: 'Among whom' },
    { key: 'figure_low', label: 'Value' }, { key: 'figure_high', label: 'Upper value' }, { key: 'figure_unit', label: 'Unit' },
    { key: 'figure_period', label: 'Period' }, { key: 'figure_place', label: 'Place' },
  ]),
];

const claimColumns = columnsSpec('claim', CLAIM_GROUPS);

/** The claim edit form's merge: its columns, with the verbatim flag shown as the wording choice. */
export const claimMerge: MergeSpec = {
  ...claimColumns,
  fromRecord: (record) => ({ ...claimColumns.fromRecord(record), wording: record.is_verbatim ? 'verbatim' : 'paraphrase' }),
};

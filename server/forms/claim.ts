import { z } from 'zod';
import type { ClaimInput, DatePrecision, StatusInput } from '../../db/claims';
import { CLAIM_STATUSES } from '../lib/statuses';
import { choice, editSummary, optionalText, optionalUrl, parseForm, requiredDate, requiredId, text, version } from './fields';

const PRECISIONS = ['day', 'month', 'year'] as const;

const claimFields = {
  position_id: requiredId('Choose the position this claim takes.'),
  source_id: requiredId('Choose who made the claim.'),
  text: text('Claim', 5000),
  wording: choice(['verbatim', 'paraphrase'] as const, 'Say whether this is a verbatim quote or a paraphrase.'),
  original_text: optionalText('Original-language text', 5000),
  original_language: optionalText('Original language', 35),
  said_on: requiredDate('Date said'),
  said_on_precision: choice(PRECISIONS, 'Choose how exact the date is.'),
  venue: text('Where it was said', 300),
  url: optionalUrl('Web address'),
  edit_summary: editSummary,
};

export const statusFields = {
  status: choice(CLAIM_STATUSES, 'Choose a verification status.'),
  rationale: text('Rationale', 5000),
};

type RawClaim = Omit<ClaimInput, 'is_verbatim'> & { wording: 'verbatim' | 'paraphrase'; edit_summary: string };
export type NewClaimForm = ClaimInput & StatusInput & { edit_summary: string };
export type EditClaimForm = ClaimInput & { version: number; edit_summary: string };

// A month- or year-precise date is stored as its first day, so sorting still works.
function truncateDate(date: string, precision: DatePrecision): string {
  if (precision === 'year') return `${date.slice(0, 4)}-01-01`;
  if (precision === 'month') return `${date.slice(0, 7)}-01`;
  return date;
}

function toClaimInput<T extends RawClaim>(raw: T): Omit<T, 'wording'> & ClaimInput {
  const { wording, ...rest } = raw;
  return { ...rest, is_verbatim: wording === 'verbatim', said_on: truncateDate(raw.said_on, raw.said_on_precision) };
}

function pairedOriginal(value: { original_text: string | null; original_language: string | null }): boolean {
  return (value.original_text === null) === (value.original_language === null);
}

const ORIGINAL_PAIR = {
  message: 'Give both the original-language text and its language, or neither.',
  path: ['original_language'],
};

const newClaimSchema = z.object({ ...claimFields, ...statusFields }).refine(pairedOriginal, ORIGINAL_PAIR);
const editClaimSchema = z.object({ ...claimFields, version }).refine(pairedOriginal, ORIGINAL_PAIR);

export function parseNewClaim(body: unknown) {
  const result = parseForm(newClaimSchema, body);
  return result.ok ? { ok: true as const, value: toClaimInput(result.value) as NewClaimForm } : result;
}

export function parseEditClaim(body: unknown) {
  const result = parseForm(editClaimSchema, body);
  return result.ok ? { ok: true as const, value: toClaimInput(result.value) as EditClaimForm } : result;
}

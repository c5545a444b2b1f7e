import { z } from 'zod';
import { CLAIM_STATUSES, ClaimStatus, DatePrecision, FigureInput } from '../../db/claims';
import type { Document } from '../../db/documents';
import type { IntakePlan, NewSpeaker } from '../../db/intake';
import { codePointOffset } from '../../db/passages';
import type { DisputeState } from '../../db/disputes';
import { LINK_TYPES, LinkType } from '../../db/links';
import { SOURCE_KINDS, SourceKind } from '../../db/sources';
import { matchVerbatim, type Candidate, type ProposedFigure } from '../lib/intake';
import { slugify } from '../lib/slug';
import { choice, dateAtPrecision, datePrecision, editSummary, FieldErrors, normaliseText, parseForm, requiredDate, text } from './fields';

/*
 * The intake form: one row per candidate claim, its fields named c<row>_<field>, then either an
 * existing dispute (dispute_id) or a new one (dispute_title, position_label ×3…), the links between
 * kept rows (link_from / link_type / link_to, repeated) and the venue every claim shares.
 * Only ticked rows are read; every message is keyed by the field's own name, so the page can
 * put it beside that field.
 */

export const LINK_ROWS = 3;
export const NEW_POSITIONS = 3;
export const NEW_SPEAKER = 'new';

/** A speaker chosen from the sources, or typed on the page (one source per distinct name). */
export type SpeakerChoice = { kind: 'existing'; id: number } | { kind: 'new'; name: string; sourceKind: SourceKind };

/** A position of the chosen dispute (by id) or of the dispute created on the page (by its place). */
export type PositionChoice = { kind: 'existing'; id: number } | { kind: 'new'; index: number };

export interface KeptClaim {
  row: number;
  candidate: Candidate;
  text: string;
  is_verbatim: boolean;
  speaker: SpeakerChoice;
  position: PositionChoice;
  said_on: string;
  said_on_precision: DatePrecision;
  status: ClaimStatus;
  rationale: string;
  withFigure: boolean;
  /** The document's words the claim is anchored to, as UTF-16 indexes into its text. */
  passage: { start: number; end: number };
}

export type DisputeChoice =
  | { kind: 'existing'; id: number }
  | { kind: 'new'; title: string; summary: string; state: DisputeState; positions: string[] };

export interface IntakeForm {
  dispute: DisputeChoice;
  venue: string;
  claims: KeptClaim[];
  /** Between kept rows, by row number. */
  links: { from: number; to: number; type: LinkType }[];
  edit_summary: string;
}

/** What the parser checks the form against: the document's words and what the page offered. */
export interface IntakeContext {
  documentText: string;
  /** The page's rows: the candidates proposed from the document, in order. */
  rows: Candidate[];
  /** The existing dispute's position ids, when one was chosen. */
  positionIds?: number[];
}

const field = (row: number, name: string) => `c${row}_${name}`;

const rowSchema = z.object({
  text: text('Claim', 5000),
  wording: choice(['verbatim', 'paraphrase'] as const, 'Say whether this is a verbatim quote or a paraphrase.'),
  speaker: z.preprocess(normaliseText, z.string().refine((v) => v === NEW_SPEAKER || /^[1-9]\d{0,9}$/.test(v), 'Choose who said it, or “New speaker” and type the name.')),
  new_speaker_name: text('New speaker’s name', 200, false),
  new_speaker_kind: choice(SOURCE_KINDS, 'Choose what kind of source the new speaker is.'),
  position: z.preprocess(normaliseText, z.string().refine((v) => v !== '', 'Choose the position this claim takes.')),
  said_on: requiredDate('Date said'),
  said_on_precision: datePrecision(),
  status: choice(CLAIM_STATUSES, 'Choose a verification status.'),
  rationale: text('Rationale', 5000),
});

const disputeSchema = z.object({
  dispute_title: text('Question', 300),
  dispute_summary: text('Summary', 5000, false),
  dispute_state: choice(['draft', 'published'] as const, 'Choose draft or published.'),
});

const sharedSchema = z.object({ venue: text('Where it was said', 300), edit_summary: editSummary });

function asList(raw: unknown): unknown[] {
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** The row's fields out of the body, under their short names. */
function rowFields(body: Record<string, unknown>, row: number): Record<string, unknown> {
  return Object.fromEntries(Object.keys(rowSchema.shape).map((name) => [name, body[field(row, name)]]));
}

const isTicked = (body: Record<string, unknown>, row: number) => normaliseText(body[field(row, 'keep')]) !== '';

/** The intake form, checked as a whole: every message at once, nothing kept unless all is well. */
export function parseIntake(body: Record<string, unknown>, context: IntakeContext): { ok: true; value: IntakeForm } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const dispute = parseDisputeChoice(body, context, errors);
  const claims: KeptClaim[] = [];
  context.rows.forEach((candidate, row) => {
    if (!isTicked(body, row)) return;
    const kept = parseRow(body, row, candidate, context, dispute, errors);
    if (kept) claims.push(kept);
  });
  if (claims.length === 0 && !Object.keys(errors).length) errors.form = 'Tick at least one candidate to keep.';
  const shared = parseForm(sharedSchema, body);
  if (!shared.ok) Object.assign(errors, shared.errors);
  const links = parseLinks(body, new Set(claims.map((c) => c.row)), errors);
  if (Object.keys(errors).length > 0 || !dispute || !shared.ok) return { ok: false, errors };
  return { ok: true, value: { dispute, venue: shared.value.venue, claims, links, edit_summary: shared.value.edit_summary } };
}

function parseDisputeChoice(body: Record<string, unknown>, context: IntakeContext, errors: FieldErrors): DisputeChoice | undefined {
  const existing = normaliseText(body.dispute_id);
  if (existing !== '') {
    if (!/^[1-9]\d{0,9}$/.test(existing) || !context.positionIds) {
      errors.dispute_id = 'Choose the dispute again: this one no longer exists.';
      return undefined;
    }
    return { kind: 'existing', id: Number(existing) };
  }
  const fields = parseForm(disputeSchema, body);
  if (!fields.ok) Object.assign(errors, fields.errors);
  const labels = asList(body.position_label).map(normaliseText).filter(Boolean);
  if (labels.length < 2) errors.position_label = 'A dispute needs at least two positions: the answers that claims give.';
  else if (labels.some((l) => l.length > 200)) errors.position_label = 'A position must be at most 200 characters.';
  else if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) errors.position_label = 'Each position needs a different name.';
  if (!fields.ok || errors.position_label) return undefined;
  const { dispute_title: title, dispute_summary: summary, dispute_state: state } = fields.value;
  return { kind: 'new', title, summary, state, positions: labels };
}

function parseRow(
  body: Record<string, unknown>, row: number, candidate: Candidate, context: IntakeContext, dispute: DisputeChoice | undefined, errors: FieldErrors,
): KeptClaim | undefined {
  const parsed = parseForm(rowSchema, rowFields(body, row));
  const rowErrors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const value = parsed.ok ? parsed.value : undefined;
  const speaker = value && speakerOf(value, rowErrors);
  const position = value && positionOf(value.position, context, dispute, rowErrors);
  const passage = value && passageOf(value.text, value.wording === 'verbatim', candidate, context.documentText, rowErrors);
  for (const [name, message] of Object.entries(rowErrors)) errors[field(row, name)] = message;
  if (!value || !speaker || !position || !passage) return undefined;
  return {
    row, candidate, text: value.text, is_verbatim: value.wording === 'verbatim', speaker, position,
    said_on: dateAtPrecision(value.said_on, value.said_on_precision), said_on_precision: value.said_on_precision,
    status: value.status, rationale: value.rationale, withFigure: isTicked(body, row) && normaliseText(body[field(row, 'figure')]) !== '', passage,
  };
}

function speakerOf(value: z.infer<typeof rowSchema>, errors: FieldErrors): SpeakerChoice | undefined {
  if (value.speaker !== NEW_SPEAKER) return { kind: 'existing', id: Number(value.speaker) };
  if (!value.new_speaker_name) {
    errors.new_speaker_name = 'Type the new speaker’s name, or choose a known speaker.';
    return undefined;
  }
  return { kind: 'new', name: value.new_speaker_name, sourceKind: value.new_speaker_kind };
}

function positionOf(raw: string, context: IntakeContext, dispute: DisputeChoice | undefined, errors: FieldErrors): PositionChoice | undefined {
  if (dispute?.kind === 'new') {
    const index = /^new-(\d)$/.exec(raw) ? Number(raw.slice(4)) : -1;
    if (index >= 0 && index < dispute.positions.length) return { kind: 'new', index };
  } else if (context.positionIds?.includes(Number(raw))) {
    return { kind: 'existing', id: Number(raw) };
  } else if (!dispute) {
    return undefined; // the dispute's own message says what to fix first
  }
  errors.position = 'Choose one of the dispute’s positions.';
  return undefined;
}

/**
 * A verbatim claim must still be the document's words (after quote marks, dashes and spaces are
 * made uniform); the occurrence nearest the candidate's wins. A paraphrase points to the passage it summarises.
 */
function passageOf(words: string, verbatim: boolean, candidate: Candidate, documentText: string, errors: FieldErrors) {
  if (!verbatim) return { start: candidate.passage.start, end: candidate.passage.end };
  const match = matchVerbatim(documentText, words, candidate.passage.start);
  if (match.found) return { start: match.start, end: match.end };
  errors.text = match.closest
    ? `These words are not in the document, so they cannot be a verbatim quote. The closest passage is: “${match.closest.exact}”. Use its words, or mark the claim as a paraphrase.`
    : 'These words are not in the document, so they cannot be a verbatim quote. Use the document’s words, or mark the claim as a paraphrase.';
  return undefined;
}

function parseLinks(body: Record<string, unknown>, kept: Set<number>, errors: FieldErrors): IntakeForm['links'] {
  const froms = asList(body.link_from).map(normaliseText);
  const types = asList(body.link_type).map(normaliseText);
  const tos = asList(body.link_to).map(normaliseText);
  const links: IntakeForm['links'] = [];
  const seen = new Set<string>();
  for (let i = 0; i < Math.min(LINK_ROWS, Math.max(froms.length, tos.length)); i++) {
    if (!froms[i] && !tos[i]) continue;
    const from = Number(froms[i]);
    const to = Number(tos[i]);
    const type = types[i] as LinkType;
    let message: string | undefined;
    if (!froms[i] || !tos[i]) message = 'Choose both claims of the link, or neither.';
    else if (!kept.has(from) || !kept.has(to)) message = 'Both claims of a link must be ticked to keep.';
    else if (from === to) message = 'A claim cannot be linked to itself.';
    else if (!LINK_TYPES.includes(type)) message = 'Choose how the claims relate.';
    else if (seen.has(`${Math.min(from, to)}-${Math.max(from, to)}`)) message = 'These two claims are already linked above.';
    if (message) {
      errors[`link_${i}`] = message;
      continue;
    }
    seen.add(`${Math.min(from, to)}-${Math.max(from, to)}`);
    links.push({ from, to, type });
  }
  return links;
}

/** The form's decisions as the rows to write: new speakers once per name, offsets in code points, figures on their claims. */
export function toIntakePlan(form: IntakeForm, document: Pick<Document, 'id' | 'text' | 'url'>): IntakePlan {
  const newSpeakers = new Map<string, NewSpeaker>();
  const keyOf = (name: string) => name.toLocaleLowerCase();
  for (const claim of form.claims) {
    if (claim.speaker.kind !== 'new' || newSpeakers.has(keyOf(claim.speaker.name))) continue;
    const { name, sourceKind } = claim.speaker;
    newSpeakers.set(keyOf(name), { key: keyOf(name), name, kind: sourceKind, slug: slugify(name, 'source') });
  }
  const dispute = form.dispute.kind === 'existing'
    ? { id: form.dispute.id }
    : { create: { title: form.dispute.title, summary: form.dispute.summary, state: form.dispute.state, events_from: null, events_to: null, events_place: '', slug: slugify(form.dispute.title, 'dispute'), positions: form.dispute.positions } };
  const rowIndex = new Map(form.claims.map((c, i) => [c.row, i]));
  return {
    documentId: document.id,
    dispute,
    newSpeakers: [...newSpeakers.values()],
    claims: form.claims.map((c) => ({
      source: c.speaker.kind === 'existing' ? { id: c.speaker.id } : { newKey: keyOf(c.speaker.name) },
      position: c.position.kind === 'existing' ? { id: c.position.id } : { newIndex: c.position.index },
      claim: {
        text: c.text, is_verbatim: c.is_verbatim, original_text: null, original_language: null,
        said_on: c.said_on, said_on_precision: c.said_on_precision, venue: form.venue, url: document.url,
        status: c.status, rationale: c.rationale, ...(c.withFigure && c.candidate.figures[0] ? figureOf(c.candidate.figures[0]) : {}),
      },
      anchor: { start_offset: codePointOffset(document.text, c.passage.start), end_offset: codePointOffset(document.text, c.passage.end) },
    })),
    links: form.links.map((l) => ({ from: rowIndex.get(l.from)!, to: rowIndex.get(l.to)!, type: l.type })),
  };
}

function figureOf(figure: ProposedFigure): FigureInput {
  return {
    figure_measure: figure.counts ?? figure.exact, figure_group: null, figure_low: figure.low, figure_high: figure.high,
    figure_unit: figure.unit, figure_period: null, figure_place: null,
  };
}

import { z } from 'zod';
import type { DisputeInput, PositionInput } from '../../db/disputes';
import type { FlatValues, MergeGroup } from '../lib/merge';
import { columnsSpec, field, group, MergeSpec } from './merge-spec';
import { choice, editSummary, normaliseText, optionalDate, optionalText, parseForm, text, version } from './fields';

export const MAX_POSITIONS = 6;

function asList(raw: unknown): unknown[] {
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw : [raw];
}

const positionLabel = text('Position', 200, false);

// Position rows arrive as parallel repeated fields: position_label and position_id.
const positions = z
  .object({ position_label: z.unknown(), position_id: z.unknown() })
  .transform((raw) => {
    const ids = asList(raw.position_id).map(normaliseText);
    return asList(raw.position_label).map((label, i) => ({ label, id: /^[1-9]\d*$/.test(ids[i] ?? '') ? Number(ids[i]) : null }));
  })
  .pipe(z.array(z.object({ label: positionLabel, id: z.number().nullable() })))
  .transform((rows) => rows.filter((row) => row.label !== ''))
  .refine((rows) => rows.length >= 2, 'A dispute needs at least two positions: the answers that claims give.')
  .refine((rows) => rows.length <= MAX_POSITIONS, `A dispute can have at most ${MAX_POSITIONS} positions.`)
  .refine((rows) => new Set(rows.map((r) => r.label.toLowerCase())).size === rows.length, 'Each position needs a different name.')
  .refine((rows) => {
    const ids = rows.map((r) => r.id).filter((id) => id !== null);
    return new Set(ids).size === ids.length;
  }, 'Each position can appear only once; reload the page and try again.');

const disputeFields = {
  title: text('Question', 300),
  summary: text('Summary', 5000, false),
  events_from: optionalDate('Start date'),
  events_to: optionalDate('End date'),
  events_place: text('Place', 200, false),
  state: choice(['draft', 'published'] as const, 'Choose draft or published.'),
  edit_summary: editSummary,
};

export type NewDisputeForm = DisputeInput & { slug: string | null; positions: string[]; edit_summary: string };
export type EditDisputeForm = DisputeInput & { positions: PositionInput[]; version: number; edit_summary: string };

const newDisputeSchema = z.object({ ...disputeFields, slug: optionalText('Web address name', 100) });
const editDisputeSchema = z.object({ ...disputeFields, version });

function eventsInOrder(value: { events_from: string | null; events_to: string | null }) {
  return !value.events_from || !value.events_to || value.events_to >= value.events_from;
}

function parseDispute<T extends { events_from: string | null; events_to: string | null }>(schema: z.ZodType<T>, body: unknown) {
  const source = (body ?? {}) as Record<string, unknown>;
  const fields = parseForm(schema, source);
  const rows = parseForm(z.object({ positions }), { positions: { position_label: source.position_label, position_id: source.position_id } });
  const errors = { ...(fields.ok ? {} : fields.errors), ...(rows.ok ? {} : rows.errors) };
  if (fields.ok && !eventsInOrder(fields.value)) errors.events_to = 'End date must not be before the start date.';
  if (!fields.ok || !rows.ok || Object.keys(errors).length > 0) return { ok: false as const, errors };
  return { ok: true as const, value: { ...fields.value, positions: rows.value.positions } };
}

export function parseNewDispute(body: unknown) {
  const result = parseDispute(newDisputeSchema, body);
  if (!result.ok) return result;
  return { ok: true as const, value: { ...result.value, positions: result.value.positions.map((p) => p.label) } as NewDisputeForm };
}

export function parseEditDispute(body: unknown) {
  const result = parseDispute(editDisputeSchema, body);
  if (!result.ok) return result;
  return { ok: true as const, value: result.value as EditDisputeForm };
}

// Positions merge one by one, keyed by id (new rows by their place): two editors renaming
// different positions both keep their change; a row left empty is a removal like any other change.
const POSITION = 'position:';

const DISPUTE_GROUPS = [
  field('title', 'Question'),
  field('summary', 'Summary'),
  group('events', 'Dates of the events', [{ key: 'events_from', label: 'From' }, { key: 'events_to', label: 'Until' }]),
  field('events_place', 'Place'),
  field('state', 'Visibility', { draft: 'Draft: editors only', published: 'Published: everyone' }),
];
const disputeColumns = columnsSpec('dispute', DISPUTE_GROUPS);

function positionGroups(values: FlatValues[]): MergeGroup[] {
  const keys = [...new Set(values.flatMap((v) => Object.keys(v).filter((key) => key.startsWith(POSITION))))];
  return keys.map((key) => {
    const label = values.map((v) => v[key]).find((l) => l !== undefined);
    return group(`position-${key.slice(POSITION.length)}`, `Position “${label}”`, [{ key, label: 'Position', absent: '(removed)' }]);
  });
}

/** The dispute edit form's merge: its columns, and each position row as a field of its own. */
export const disputeMerge: MergeSpec = {
  ...disputeColumns,
  groups: (...values) => [...DISPUTE_GROUPS, ...positionGroups(values)],
  fromRecord(record) {
    const rows = (record.positions ?? []) as { id: number; label: string }[];
    return { ...disputeColumns.fromRecord(record), ...Object.fromEntries(rows.map((p) => [`${POSITION}${p.id}`, p.label])) };
  },
  fromForm(body) {
    const ids = asList(body.position_id).map(normaliseText);
    const rows = asList(body.position_label).map((label, i) => [/^[1-9]\d*$/.test(ids[i] ?? '') ? ids[i] : `new-${i}`, normaliseText(label)]);
    return { ...disputeColumns.fromForm(body), ...Object.fromEntries(rows.filter(([, label]) => label !== '').map(([id, label]) => [`${POSITION}${id}`, label])) };
  },
  toForm(values) {
    const rows = Object.entries(values).filter(([key]) => key.startsWith(POSITION)).map(([key, label]) => [key.slice(POSITION.length), label]);
    const fields = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith(POSITION)));
    return { ...fields, position_id: rows.map(([id]) => (id.startsWith('new-') ? '' : id)), position_label: rows.map(([, label]) => label) };
  },
};

import { z } from 'zod';
import { SOURCE_KINDS, SourceInput } from '../../db/sources';
import { columnsSpec, field, MergeSpec } from './merge-spec';
import { choice, editSummary, optionalId, optionalText, optionalUrl, parseForm, text, version } from './fields';

// One form per line, blank lines and repeats dropped, so matching never meets an empty name.
const otherNames = text('Other forms of the name', 2000, false).transform((v) =>
  [...new Set(v.split('\n').map((line) => line.trim()).filter(Boolean))].join('\n'));

const sourceFields = {
  name: text('Name', 200),
  kind: choice(SOURCE_KINDS, 'Choose what kind of source this is.'),
  description: text('Description', 2000, false),
  affiliation_id: optionalId('Choose an affiliation from the list.'),
  url: optionalUrl('Web address'),
  stake: optionalText('Stake', 200),
  other_names: otherNames,
  edit_summary: editSummary,
};

const newSourceSchema = z.object({ ...sourceFields, slug: optionalText('Web address name', 100) });
const editSourceSchema = z.object({ ...sourceFields, version });

type SourceFields = SourceInput & { stake: string | null; other_names: string };
export type NewSourceForm = SourceFields & { slug: string | null; edit_summary: string };
export type EditSourceForm = SourceFields & { version: number; edit_summary: string };

export function parseNewSource(body: unknown) {
  return parseForm<NewSourceForm>(newSourceSchema, body);
}

export function parseEditSource(body: unknown) {
  return parseForm<EditSourceForm>(editSourceSchema, body);
}

/** The source edit form's merge: its fields are the row's columns. */
export const sourceMerge: MergeSpec = columnsSpec('source', [
  field('name', 'Name'),
  field('kind', 'Kind'),
  field('description', 'Description'),
  field('affiliation_id', 'Affiliated with'),
  field('url', 'Web address'),
  field('stake', 'Stake'),
  field('other_names', 'Other forms of the name'),
]);

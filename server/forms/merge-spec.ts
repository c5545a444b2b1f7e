import type { EntityType } from '../../db/revisions';
import type { FlatValues, MergeGroup, MergeKey } from '../lib/merge';
import { normaliseText } from './fields';

/**
 * How one edit form merges: which record history it reads, its fields in merge groups, and
 * the three translations between a record (a row or a revision snapshot), the submitted form
 * and the flat values the merge compares. Every versioned form has one; the save steps are shared.
 */
export interface MergeSpec {
  entity: EntityType;
  /** The groups present in any of these values (static for most forms; position rows vary). */
  groups(...values: FlatValues[]): MergeGroup[];
  /** A row or revision snapshot as the form shows it. */
  fromRecord(record: Record<string, unknown>): FlatValues;
  /** The submitted form's fields, normalised as their parser reads text. */
  fromForm(body: Record<string, unknown>): FlatValues;
  /** Flat values back as form fields, to re-render or re-parse. */
  toForm(values: FlatValues): Record<string, unknown>;
}

/** A stored value as a form field shows it: empty for null, numbers and booleans as text. */
export function asFormValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

export function field(key: string, label: string, options?: Record<string, string>): MergeGroup {
  return { name: key, label, keys: [{ key, label, options }] };
}

export function group(name: string, label: string, keys: MergeKey[]): MergeGroup {
  return { name, label, keys };
}

/** A form whose fields are its record's columns under the same names. */
export function columnsSpec(entity: EntityType, groups: MergeGroup[]): MergeSpec {
  const keys = groups.flatMap((g) => g.keys.map((k) => k.key));
  const pickAll = (source: Record<string, unknown>, read: (v: unknown) => string) => Object.fromEntries(keys.map((key) => [key, read(source[key])]));
  return {
    entity,
    groups: () => groups,
    fromRecord: (record) => pickAll(record, asFormValue),
    fromForm: (body) => pickAll(body, normaliseText),
    toForm: (values) => ({ ...values }),
  };
}

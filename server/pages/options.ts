import { CLAIM_STATUSES } from '../../db/claims';
import { LINK_TYPES } from '../../db/links';
import { SOURCE_KINDS } from '../../db/sources';
import { BEARING_LABELS, EVIDENCE_KIND_LABELS, STRENGTH_LABELS } from '../presentation/evidence-labels';
import { excerpt, formatMoment } from '../presentation/format';
import { STATUS_MEANINGS } from '../presentation/statuses';

/*
 * The choices of the forms' select fields (views/partials/field.ejs takes `options`), so templates
 * pass a list instead of building one. Fixed lists are built once; lists from rows by a function.
 */

export interface Option {
  value: string | number;
  label: string;
}

const labelled = (labels: Record<string, string>): Option[] => Object.entries(labels).map(([value, label]) => ({ value, label }));
const asIs = (values: readonly string[]): Option[] => values.map((value) => ({ value, label: value }));

export const STATUS_OPTIONS: Option[] = CLAIM_STATUSES.map((s) => ({ value: s, label: STATUS_MEANINGS[s].label }));
/** For the verdict form, where the editor picks a status by what it means. */
export const STATUS_OPTIONS_EXPLAINED: Option[] = CLAIM_STATUSES.map((s) => ({ value: s, label: `${STATUS_MEANINGS[s].label}: ${STATUS_MEANINGS[s].meaning}` }));
export const SEARCH_STATUS_OPTIONS: Option[] = [{ value: '', label: 'Any status' }, ...STATUS_OPTIONS];
export const STRENGTH_OPTIONS = labelled(STRENGTH_LABELS);
export const EVIDENCE_KIND_OPTIONS = labelled(EVIDENCE_KIND_LABELS);
export const BEARING_OPTIONS = labelled(BEARING_LABELS);
export const SOURCE_KIND_OPTIONS = asIs(SOURCE_KINDS);
export const LINK_TYPE_OPTIONS = asIs(LINK_TYPES);

/** Rows as options after a first empty choice ("Choose…", "None"). */
export function rowOptions<T extends { id: number }>(empty: string, rows: T[], labelOf: (row: T) => string): Option[] {
  return [{ value: '', label: empty }, ...rows.map((row) => ({ value: row.id, label: labelOf(row) }))];
}

export const positionOptions = (positions: { id: number; label: string }[]) => rowOptions('Choose…', positions, (p) => p.label);
export const documentOptions = (documents: { id: number; title: string }[]) => rowOptions('None', documents, (d) => d.title);
export const sourceOptions = (sources: { id: number; name: string }[]) => rowOptions('Choose…', sources, (s) => s.name);
export const affiliationOptions = (sources: { id: number; name: string }[]) => rowOptions('None', sources, (s) => s.name);
export const publisherOptions = (sources: { id: number; name: string }[]) => rowOptions('None or unknown', sources, (s) => s.name);
/** How exact a date is, beside a date field (claims, documents). */
export const DATE_PRECISION_OPTIONS: Option[] = [{ value: 'day', label: 'Exact day' }, { value: 'month', label: 'Month only' }, { value: 'year', label: 'Year only' }];

/** The claims a link may point to, each named by its position, source and first words. */
export function linkTargetOptions(claims: { id: number; position_label: string; source_name: string; text: string }[]): Option[] {
  return rowOptions('Choose…', claims, (c) => `${c.position_label} — ${c.source_name}: ${excerpt(c.text, 80)}`);
}

/** The search's source filter, each source with how many claims match when that is known. */
export function searchSourceOptions(sources: { id: number; name: string; claims?: number }[]): Option[] {
  return rowOptions('Any source', sources, (s) => (s.claims === undefined ? s.name : `${s.name} (${s.claims})`));
}

/** The versions a record may go back to: every one but the current. */
export function olderVersionOptions(revisions: { version: number; created_at: Date | string }[], current: number): Option[] {
  return revisions.filter((r) => r.version !== current).map((r) => ({ value: r.version, label: `Version ${r.version} — ${formatMoment(r.created_at)}` }));
}

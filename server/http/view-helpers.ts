import type { Config } from '../config';
import * as options from '../pages/options';
import { BEARING_LABELS, EVIDENCE_KIND_LABELS } from '../presentation/evidence-labels';
import { figureValue } from '../presentation/figures';
import { claimWords, excerpt, formatDay, formatMoment, formatSpan, highlight, isoMoment, jsonForScript } from '../presentation/format';
import { CLAIM_STATUSES } from '../../db/claims';
import { STATUS_MEANINGS, statusBadge, statusLabel } from '../presentation/statuses';

/**
 * What every template may call or read besides its own locals: the site's name and address,
 * formatting helpers, label tables and the forms' choices. Data is shaped by presenters
 * (server/pages/); these only print.
 */
export function viewHelpers(config: Pick<Config, 'siteName' | 'publicUrl'>) {
  return {
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    BEARING_LABELS, EVIDENCE_KIND_LABELS, figureValue,
    claimWords, excerpt, formatDay, formatMoment, formatSpan, highlight, isoMoment, jsonForScript, statusBadge, statusLabel,
    CLAIM_STATUSES, STATUS_MEANINGS,
    ...options,
    fieldIds, fieldValue, pageHref, errorList, describePage, structuredDataJson,
  };
}

const DEFAULT_DESCRIPTION = 'Opposing claims side by side, with who said what, where and when, and what the evidence shows.';

/** The ids a form field's label, hint and error refer to, and what it is described by. */
export function fieldIds(name: string, hasHint: boolean, hasError: boolean) {
  const fieldId = `field-${name}`;
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;
  const describedBy = [hasHint ? hintId : '', hasError ? errorId : ''].filter(Boolean).join(' ');
  return { fieldId, hintId, errorId, describedBy };
}

/** A field's value as the form shows it: nothing for a missing one. */
export function fieldValue(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A pagination link that keeps the list's other query (a sort, say). */
export function pageHref(basePath: string, extraQuery: string | undefined, page: number): string {
  return `${basePath}?${extraQuery ? `${extraQuery}&` : ''}page=${page}`;
}

/** A form's errors as [field, message] pairs, in the order they were found. */
export function errorList(errors: Record<string, string> | undefined): [string, string][] {
  return Object.entries(errors ?? {});
}

/** The page's description for search engines and social cards: its own, or the site's. */
export function describePage(description: string | undefined): string {
  return description || DEFAULT_DESCRIPTION;
}

/** JSON-LD for a page: one object alone, several as a list. */
export function structuredDataJson(items: unknown[]): string {
  return jsonForScript(items.length === 1 ? items[0] : items);
}

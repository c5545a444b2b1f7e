import { z } from 'zod';
import type { SearchFilters } from '../../db/search';
import { CLAIM_STATUSES } from '../../db/claims';
import { choice, optionalDate, optionalId, parseForm, text } from './fields';

const MAX_WORDS = 8;

const searchSchema = z.object({
  q: text('Search', 200, false),
  status: choice(['', ...CLAIM_STATUSES] as const, 'Choose a status from the list.'),
  source: optionalId('Choose a source from the list.'),
  from: optionalDate('From'),
  to: optionalDate('To'),
});

/** Letters and digits of the query, as separate words (punctuation and operators are dropped). */
export function searchWords(q: string): string[] {
  return (q.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
}

/** The source a search names, when it is a well-formed id, even if the rest of the search was refused. */
export function chosenSource(query: unknown): number | null {
  const source = searchSchema.shape.source.safeParse((query as { source?: unknown } | undefined)?.source);
  return source.success ? source.data : null;
}

export function parseSearch(query: unknown) {
  const result = parseForm(searchSchema, query);
  if (!result.ok) return result;
  const { q, status, source, from, to } = result.value;
  if (from && to && to < from) return { ok: false as const, errors: { to: '“To” must not be before “From”.' } };
  const filters: SearchFilters = { words: searchWords(q), status: status || null, sourceId: source, from, to };
  return { ok: true as const, value: filters };
}

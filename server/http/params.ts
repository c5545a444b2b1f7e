import { NotFound } from '../errors';

/** A positive whole-number route parameter; anything else is a page that does not exist. */
export function idParam(raw: unknown): number {
  if (typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2147483647) return Number(raw);
  throw new NotFound();
}

/** Slugs as slugify() makes them: lower-case ASCII letters, digits and hyphens, at most the column's 120. */
export const SLUG_PATTERN = '[a-z0-9][a-z0-9-]{0,119}';
const SLUG = new RegExp(`^${SLUG_PATTERN}$`);

/** A slug route parameter; anything that could not be one (NUL, other scripts, 5,000 characters) is a 404 before any query. */
export function slugParam(raw: unknown): string {
  if (typeof raw === 'string' && SLUG.test(raw)) return raw;
  throw new NotFound();
}

/** ?page=N, 1 when absent; nonsense or absurdly deep pages are a 404 rather than a slow query. */
export function pageParam(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  if (typeof raw === 'string' && /^[1-9]\d{0,3}$/.test(raw)) return Number(raw);
  throw new NotFound();
}

/** A query value from a fixed list, `fallback` when absent; anything else is a 404, like a nonsense page number. */
export function choiceParam<T extends string>(raw: unknown, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new NotFound();
}

/** Splits a look-ahead result (perPage + 1 rows) into the page and whether a next one exists. */
export function paginate<T>(rows: T[], page: number, perPage: number) {
  return { items: rows.slice(0, perPage), page, hasNext: rows.length > perPage, hasPrevious: page > 1 };
}

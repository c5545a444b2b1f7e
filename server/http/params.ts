import { z } from 'zod';
import { NotFound } from '../errors';
import { isRowId } from '../forms/fields';

/** Slugs as slugify() makes them: lower-case ASCII letters, digits and hyphens, at most the column's 120. */
export const SLUG_PATTERN = '[a-z0-9][a-z0-9-]{0,119}';

// Route and query parameters are checked with zod, as forms are; a value a schema refuses
// names a page that does not exist: a 404 before any query.
function parameter<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new NotFound();
  return result.data;
}

const ABSENT = z.union([z.undefined(), z.literal('')]);
const ROW_ID = z.string().refine(isRowId).transform(Number);
// Anything that could not be a slug (NUL, other scripts, 5,000 characters) is refused unqueried.
const SLUG = z.string().regex(new RegExp(`^${SLUG_PATTERN}$`));
// Absurdly deep pages would be a slow query for nothing.
const PAGE = z.union([ABSENT.transform(() => 1), z.string().regex(/^[1-9]\d{0,3}$/).transform(Number)]);

/** A positive whole-number route parameter that fits an id column. */
export function idParam(raw: unknown): number {
  return parameter(ROW_ID, raw);
}

/** A slug route parameter. */
export function slugParam(raw: unknown): string {
  return parameter(SLUG, raw);
}

/** ?page=N, 1 when absent. */
export function pageParam(raw: unknown): number {
  return parameter(PAGE, raw);
}

/** A query value from a fixed list, `fallback` when absent. */
export function choiceParam<T extends string>(raw: unknown, allowed: readonly T[], fallback: T): T {
  const chosen = z.string().refine((v): v is T => (allowed as readonly string[]).includes(v));
  return parameter(z.union([ABSENT.transform(() => fallback), chosen]), raw);
}

/** Splits a look-ahead result (perPage + 1 rows) into the page and whether a next one exists. */
export function paginate<T>(rows: T[], page: number, perPage: number) {
  return { items: rows.slice(0, perPage), page, hasNext: rows.length > perPage, hasPrevious: page > 1 };
}

import { z } from 'zod';
import type { DatePrecision } from '../../db/claims';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

// Control characters other than tab and newline have no place in editorial text;
// NUL cannot even be stored by PostgreSQL. Carriage returns are folded into newlines first.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// Noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two of every plane) and lone
// surrogates are not text either: XML 1.0 forbids some of them, so one would break every feed.
const NONCHARACTERS = /[\p{Noncharacter_Code_Point}\p{Surrogate}]/u;

/** Text as it will be stored: Unicode NFC, newlines as \n, no surrounding space. */
export function normaliseText(raw: unknown): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return '';
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Text field; `required` makes an empty value an error, otherwise empty becomes ''. */
export function text(label: string, max: number, required = true) {
  return z.preprocess(
    normaliseText,
    z
      .string()
      .refine((v) => !CONTROL_CHARACTERS.test(v), `${label} contains invisible control characters (such as NUL); remove them.`)
      .refine((v) => !NONCHARACTERS.test(v), `${label} contains characters that are not text (such as U+FFFF); remove them.`)
      .refine((v) => !required || v.length > 0, `Enter ${label.toLowerCase()}.`)
      .superRefine((v, ctx) => {
        if (v.length > max) ctx.addIssue({ code: 'custom', message: `${label} must be at most ${max} characters (this has ${v.length}).` });
      }),
  );
}

/** Optional text: empty becomes null. */
export function optionalText(label: string, max: number) {
  return text(label, max, false).transform((v) => (v === '' ? null : v));
}

export function isHttpUrl(value: string): boolean {
  // Written out in full, as the database's check requires: the URL parser alone also accepts "http:example.org".
  if (!/^https?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** An http(s) address, or null when left empty. Any other scheme (javascript:, data:) is refused. */
export function optionalUrl(label: string) {
  return optionalText(label, 2000)
    .transform((v) => v && v.replace(/^https?:/i, (scheme) => scheme.toLowerCase()))
    .refine((v) => v === null || isHttpUrl(v), `${label} must be a full web address starting with http:// or https://.`);
}

// Digits with an optional decimal point; commas only as thousands separators (1,234.5).
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const GROUPED_NUMBER = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A number such as 70, 12.5 or 1,200, or null when left empty. */
export function optionalNumber(label: string) {
  return optionalText(label, 20)
    .refine((v) => v === null || PLAIN_NUMBER.test(v) || GROUPED_NUMBER.test(v), `${label} must be a number, like 70 or 1,200 or 12.5.`)
    .transform((v) => (v === null ? null : Number(v.replace(/,/g, ''))))
    .refine((v) => v === null || Math.abs(v) < 1e12, `${label} is too large.`);
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function notInFuture(value: string): boolean {
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  return value >= '1900-01-01' && value <= tomorrow;
}

/** A YYYY-MM-DD date between 1900 and today, or null when left empty. */
export function optionalDate(label: string) {
  // The format is the message for anything that is not a date, however long: a length limit would say less.
  return z.preprocess(normaliseText, z.string().refine((v) => v === '' || isCalendarDate(v), `${label} must be a real date (YYYY-MM-DD).`))
    .transform((v) => (v === '' ? null : v))
    .refine((v) => v === null || notInFuture(v), `${label} must be between 1900 and today.`);
}

export function requiredDate(label: string) {
  return optionalDate(label).refine((v): v is string => v !== null, `Enter ${label.toLowerCase()}.`);
}

/** How exact a date is, as claims and documents record it. */
export const DATE_PRECISIONS: readonly DatePrecision[] = ['day', 'month', 'year'];

/** The select beside a date field. */
export const datePrecision = () => choice(DATE_PRECISIONS, 'Choose how exact the date is.');

/** A month- or year-precise date as stored: its first day, so sorting still works and no day is claimed. */
export function dateAtPrecision(date: string, precision: DatePrecision): string {
  if (precision === 'year') return `${date.slice(0, 4)}-01-01`;
  if (precision === 'month') return `${date.slice(0, 7)}-01`;
  return date;
}

/** One of a fixed list of values, chosen from a select or radio buttons. */
export function choice<T extends string>(values: readonly T[], message: string) {
  return z.preprocess(normaliseText, z.string().refine((v): v is T => (values as readonly string[]).includes(v), message));
}

/** The largest PostgreSQL integer: ids and numbers past it are refused before any query. */
export const MAX_INTEGER = 2_147_483_647;

/** A row id as written in a form or an address: a positive whole number that fits an integer column. */
export function isRowId(value: string): boolean {
  return /^[1-9]\d{0,9}$/.test(value) && Number(value) <= MAX_INTEGER;
}

/** A row id chosen in a form: a positive whole number, or null when empty and allowed. */
export function optionalId(message: string) {
  return z.preprocess(normaliseText, z.string().refine((v) => v === '' || isRowId(v), message))
    .transform((v) => (v === '' ? null : Number(v)));
}

export function requiredId(message: string) {
  return optionalId(message).refine((v): v is number => v !== null, message);
}

/** A whole number from `min` to `max` in digits, such as ?limit=50; `fallback` when absent or empty. */
export function wholeNumber(min: number, max: number, fallback: number, message: string) {
  return z.preprocess(
    (v) => (v === undefined || v === '' ? String(fallback) : v),
    z.string().regex(/^\d{1,10}$/, message).transform(Number).refine((v) => v >= min && v <= max, message),
  );
}

/** The version an edit form was based on; tampering with it only ever causes a conflict. */
export const version = requiredId('This form is out of date; reload the page and try again.');

export const editSummary = text('Edit summary', 500, false);

/** Validates a submitted body against a schema; on failure, the first message for each field. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

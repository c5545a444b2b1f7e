import { z } from 'zod';
import type { DatePrecision } from '../../db/claims';
import type { DocumentEdit, DocumentInput } from '../../db/documents';
import type { ExtractedText } from '../outbound/extract-text';
import { columnsSpec, field, group, MergeSpec } from './merge-spec';
import {
  dateAtPrecision, datePrecision, editSummary, FieldErrors, FormResult, normaliseText, optionalDate, optionalId,
  optionalText, optionalUrl, parseForm, text, version,
} from './fields';

/** A BCP 47 tag as the database's check takes it: a 2–3 letter language, then subtags. */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const TEXT_MAX = 400_000;

/** A tag in its usual case (en-GB), or undefined when it is not a well-formed tag. */
export function canonicalLanguage(raw: string): string | undefined {
  try {
    const [tag] = Intl.getCanonicalLocales(raw);
    return tag && LANGUAGE_TAG.test(tag) ? tag : undefined;
  } catch {
    return undefined;
  }
}

// The select names common languages; a code typed beside it wins, so any language can be given.
const language = z
  .object({ language: z.preprocess(normaliseText, z.string()), language_code: z.preprocess(normaliseText, z.string()) })
  .transform((v) => v.language_code || v.language)
  .refine((v) => v === '' || canonicalLanguage(v) !== undefined, 'Give the language as a code such as en, ru, uk or pt-BR.')
  .transform((v) => (v === '' ? null : canonicalLanguage(v)!));

// An unticked checkbox sends nothing: absent means "not public".
const checkbox = z.preprocess((v) => v === 'true' || v === 'on', z.boolean());

const documentFields = {
  title: optionalText('Title', 500),
  publisher_id: optionalId('Choose a publisher from the list.'),
  authors: text('Authors', 500, false),
  url: optionalUrl('Web address'),
  published_on: optionalDate('Date published'),
  // Only read when a date is given: a date left empty has no precision.
  published_on_precision: z.preprocess((v) => (v === undefined || v === '' ? 'day' : v), datePrecision()),
  full_text_public: checkbox,
  edit_summary: editSummary,
};

const documentSchema = z.object({ ...documentFields, text: optionalText('Text', TEXT_MAX) });

const editSchema = z.object({ ...documentFields, text: text('Text', TEXT_MAX), version });

interface DocumentFields extends Omit<DocumentInput, 'title' | 'language' | 'text' | 'published_on_precision'> {
  title: string | null;
  language: string | null;
  published_on_precision: DatePrecision | null;
  edit_summary: string;
}

/** A new document's form: its text pasted, or null to be fetched from `url`. */
export type NewDocumentForm = DocumentFields & { text: string | null };
export type EditDocumentForm = DocumentEdit & { version: number; edit_summary: string };

function withLanguage<T extends { published_on: string | null; published_on_precision: DatePrecision }>(body: unknown, fields: FormResult<T>): FormResult<T & { language: string | null }> {
  const lang = language.safeParse(body ?? {});
  const errors: FieldErrors = fields.ok ? {} : { ...fields.errors };
  if (!lang.success) errors.language_code = lang.error.issues[0].message;
  if (!fields.ok || !lang.success) return { ok: false, errors };
  const { published_on, published_on_precision } = fields.value;
  const date = published_on === null
    ? { published_on: null, published_on_precision: null }
    : { published_on: dateAtPrecision(published_on, published_on_precision), published_on_precision };
  return { ok: true, value: { ...fields.value, ...date, language: lang.data } as T & { language: string | null } };
}

/** The new-document form: the text pasted, or a web address to fetch it from (one of the two). */
export function parseNewDocument(body: unknown): FormResult<NewDocumentForm> {
  const parsed = withLanguage(body, parseForm(documentSchema, body)) as FormResult<NewDocumentForm>;
  if (parsed.ok && parsed.value.text === null && parsed.value.url === null) {
    return { ok: false, errors: { text: 'Paste the text, or give the web address to fetch it from.' } };
  }
  return parsed;
}

export function parseEditDocument(body: unknown): FormResult<EditDocumentForm> {
  const parsed = withLanguage(body, parseForm(editSchema, body)) as FormResult<NewDocumentForm & { version: number }>;
  return parsed.ok ? complete(parsed.value) : parsed;
}

/** The form's document once everything a document needs is there: a title and a language. */
export function complete<T extends DocumentFields & { text: string | null }>(form: T): FormResult<T & DocumentInput> {
  const errors: FieldErrors = {};
  if (form.title === null) errors.title = 'Enter title.';
  if (form.language === null) errors.language_code = 'Choose the language of the text, or type its code.';
  if (form.text === null) errors.text = 'Paste the text, or give the web address to fetch it from.';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: form as T & DocumentInput };
}

// A page's date as it states it: "2026-11-24T09:30:00Z", "2026-11" or "2026". The day is only taken
// when the page gives one; a timestamp's date is read as written, not moved to another time zone.
function pageDate(raw: string | null): { published_on: string; published_on_precision: DatePrecision } | undefined {
  const match = raw?.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/);
  if (!match) return undefined;
  const [, year, month, day] = match;
  const precision: DatePrecision = day ? 'day' : month ? 'month' : 'year';
  const date = `${year}-${month ?? '01'}-${day ?? '01'}`;
  const checked = optionalDate('Date').safeParse(date);
  return checked.success && checked.data ? { published_on: date, published_on_precision: precision } : undefined;
}

/**
 * The form filled from a fetched page: its text and HTML, and what the editor left empty (title,
 * authors, language, date) from what the page says of itself. What the editor typed always wins.
 */
export function fillFromPage(form: NewDocumentForm, page: { html: string; fetchedAt: Date }, extracted: ExtractedText): NewDocumentForm & Pick<DocumentInput, 'html' | 'captured_at'> {
  const date = form.published_on === null ? pageDate(extracted.publishedTime) : undefined;
  const byline = storable(extracted.byline ?? '').replace(/^by\s+/i, '').slice(0, 500);
  return {
    ...form,
    ...date,
    title: form.title ?? (storable(extracted.title ?? '').slice(0, 500) || null),
    authors: form.authors || byline,
    language: form.language ?? (extracted.lang ? canonicalLanguage(extracted.lang) ?? null : null),
    text: storable(extracted.text).slice(0, TEXT_MAX) || null,
    html: page.html.replace(/\u0000/g, ''),
    captured_at: page.fetchedAt,
  };
}

// A page is anyone's text: what the database cannot hold (NUL) or a form would refuse goes before it is stored.
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\p{Noncharacter_Code_Point}\p{Surrogate}]/gu;

function storable(text: string): string {
  return text.normalize('NFC').replace(UNSTORABLE, '');
}

const PRECISION_LABELS = { day: 'Exact day', month: 'Month only', year: 'Year only' };

const documentColumns = columnsSpec('document', [
  field('title', 'Title'),
  field('publisher_id', 'Publisher'),
  field('authors', 'Authors'),
  field('url', 'Web address'),
  group('published_on', 'Date published', [
    { key: 'published_on', label: 'Date published' }, { key: 'published_on_precision', label: 'How exact', options: PRECISION_LABELS },
  ]),
  field('language', 'Language'),
  field('full_text_public', 'Full text shown to readers', { true: 'yes', false: 'no' }),
  field('text', 'Text'),
]);

/** The document edit form's merge: the typed language code stands for the language, and the checkbox is yes or no. */
export const documentMerge: MergeSpec = {
  ...documentColumns,
  fromForm: (body) => ({
    ...documentColumns.fromForm(body),
    language: normaliseText(body.language_code) || normaliseText(body.language),
    full_text_public: String(body.full_text_public === 'true' || body.full_text_public === 'on'),
  }),
  toForm: (values) => ({ ...values, language_code: '', full_text_public: values.full_text_public === 'true' ? 'true' : undefined }),
};

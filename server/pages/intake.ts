import type { DocumentInContext } from '../../db/documents';
import type { Position } from '../../db/disputes';
import type { SourceNames } from '../../db/sources';
import type { FieldErrors } from '../forms/fields';
import { LINK_ROWS, NEW_POSITIONS, NEW_SPEAKER } from '../forms/intake';
import type { Candidate } from '../lib/intake';
import { excerpt, formatDay } from '../presentation/format';

/** How many candidates one page offers: a form stays within the fields a body may carry. */
export const ROWS_PER_PAGE = 12;

/** The candidates that can become claims: quotes and reported speech (figures ride on their claim). */
export function claimRows(candidates: Candidate[]): Candidate[] {
  return candidates.filter((c) => c.kind !== 'figure');
}

const nameKey = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();

/** The known source a document's speaker is, by its name or any recorded other form of it, ignoring case. */
export function matchSpeaker(speaker: string | null, sources: SourceNames[]): SourceNames | undefined {
  if (!speaker) return undefined;
  const wanted = nameKey(speaker);
  return sources.find((s) => nameKey(s.name) === wanted || s.other_names.split('\n').some((other) => other.trim() && nameKey(other) === wanted));
}

export interface ChosenDispute {
  id: number;
  slug: string;
  title: string;
  positions: Position[];
}

/** What a fresh intake page proposes for every row: the candidate's words, its matched speaker, the document's date at its precision. */
export function intakeDefaults(document: DocumentInContext, rows: Candidate[], sources: SourceNames[]): Record<string, unknown> {
  const values: Record<string, unknown> = {
    text_sha256: document.text_sha256,
    venue: document.publisher_name ?? document.title,
    dispute_state: 'draft',
  };
  rows.forEach((candidate, row) => {
    const known = matchSpeaker(candidate.speaker, sources);
    Object.assign(values, {
      [`c${row}_text`]: candidate.text,
      [`c${row}_wording`]: candidate.kind,
      [`c${row}_speaker`]: known ? String(known.id) : candidate.speaker ? NEW_SPEAKER : '',
      [`c${row}_new_speaker_name`]: known ? '' : candidate.speaker ?? '',
      [`c${row}_new_speaker_kind`]: 'person',
      // No date in the document: none is proposed, the editor gives it.
      [`c${row}_said_on`]: document.published_on ?? '',
      [`c${row}_said_on_precision`]: document.published_on_precision ?? 'day',
      [`c${row}_status`]: 'unverified',
      [`c${row}_rationale`]: `Taken from “${document.title}”; not checked yet.`,
      [`c${row}_figure`]: candidate.figures.length > 0 ? '1' : '',
    });
  });
  return values;
}

interface PageInput {
  document: DocumentInContext;
  rows: Candidate[];
  from: number;
  sources: SourceNames[];
  dispute?: ChosenDispute;
  disputes: { slug: string; title: string }[];
  values: Record<string, unknown>;
  errors: FieldErrors;
}

const asList = (raw: unknown) => (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((v) => String(v ?? ''));
const shown = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The intake page: each shown candidate in its sentence with its fields, the dispute part, the link rows. */
export function presentIntake({ document, rows, from, sources, dispute, disputes, values, errors }: PageInput) {
  const text = document.text;
  const positionOptions = dispute
    ? dispute.positions.map((p) => ({ value: String(p.id), label: p.label }))
    : Array.from({ length: NEW_POSITIONS }, (_, k) => ({ value: `new-${k}`, label: asList(values.position_label)[k]?.trim() || `Position ${k + 1} of the new dispute` }));
  const speakerOptions = [
    { value: '', label: 'Choose…' },
    { value: NEW_SPEAKER, label: 'New speaker (type the name below)' },
    ...sources.map((s) => ({ value: String(s.id), label: s.name })),
  ];
  const shownRows = rows.slice(from, from + ROWS_PER_PAGE).map((candidate, k) => {
    const row = from + k;
    const name = (field: string) => `c${row}_${field}`;
    const fieldOf = (field: string) => ({ name: name(field), value: shown(values[name(field)]), error: errors[name(field)] });
    const figure = candidate.figures[0];
    return {
      row,
      number: row + 1,
      kind: candidate.kind,
      sentence: {
        before: text.slice(candidate.sentence.start, candidate.passage.start),
        passage: candidate.passage.exact,
        after: text.slice(candidate.passage.end, candidate.sentence.end),
      },
      speakerGuess: candidate.speaker,
      repeated: candidate.repeats !== null,
      keep: { name: name('keep'), checked: shown(values[name('keep')]) !== '' },
      figure: figure && { name: name('figure'), label: figure.exact, checked: shown(values[name('figure')]) !== '' },
      fields: Object.fromEntries(
        ['text', 'wording', 'speaker', 'new_speaker_name', 'new_speaker_kind', 'position', 'said_on', 'said_on_precision', 'status', 'rationale'].map((f) => [f, fieldOf(f)]),
      ),
    };
  });
  const rowChoices = [{ value: '', label: 'No link' }, ...shownRows.map((r) => ({ value: String(r.row), label: `#${r.number}: ${excerpt(r.fields.text.value, 60)}` }))];
  const linkRows = Array.from({ length: LINK_ROWS }, (_, i) => ({
    index: i,
    from: asList(values.link_from)[i] ?? '',
    type: asList(values.link_type)[i] ?? 'contradicts',
    to: asList(values.link_to)[i] ?? '',
    error: errors[`link_${i}`],
  }));
  return {
    action: `/documents/${document.id}/claims${from ? `?from=${from}` : ''}`,
    document: { id: document.id, title: document.title, publisher: document.publisher_name, date: formatDay(document.published_on, document.published_on_precision ?? 'day') },
    rows: shownRows,
    pages: { total: rows.length, from: from + 1, to: Math.min(rows.length, from + ROWS_PER_PAGE), previous: from > 0 ? Math.max(0, from - ROWS_PER_PAGE) : undefined, next: from + ROWS_PER_PAGE < rows.length ? from + ROWS_PER_PAGE : undefined },
    dispute,
    disputes,
    positionOptions: [{ value: '', label: 'Choose…' }, ...positionOptions],
    speakerOptions,
    positionLabels: Array.from({ length: NEW_POSITIONS }, (_, k) => asList(values.position_label)[k] ?? ''),
    rowChoices,
    linkRows,
    values,
    errors,
  };
}

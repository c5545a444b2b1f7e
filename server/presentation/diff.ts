import { diffArrays } from 'diff';
import type { EntityType } from '../../db/revisions';
import { BEARING_LABELS, EVIDENCE_KIND_LABELS, STRENGTH_LABELS } from './evidence-labels';
import { excerpt, formatDay, formatMoment } from './format';
import { languageName } from './languages';
import { statusLabel } from './statuses';

type Snapshot = Record<string, unknown>;

/** A run of one version's text: unchanged, or removed from the older version, or added in the newer. */
export interface DiffPart {
  text: string;
  change?: 'removed' | 'added';
}

/** One field of two versions side by side, as the compare page shows it. */
export interface FieldChange {
  label: string;
  changed: boolean;
  before: DiffPart[];
  after: DiffPart[];
}

/** What the records a snapshot points at by id are called (sources' names, positions' labels, claims' texts). */
export interface SnapshotNames {
  sources: Map<number, string>;
  positions: Map<number, string>;
  claims: Map<number, string>;
}

interface FieldSpec {
  key: string;
  label: string;
  /** The value in words; plain text when absent. */
  show?: (value: unknown, snapshot: Snapshot, names: SnapshotNames) => string;
  /** Free text, compared word by word; any other value is compared whole. */
  prose?: true;
}

const named = (kind: keyof SnapshotNames, noun: string) => (value: unknown, _snapshot: Snapshot, names: SnapshotNames) => {
  if (value === null || value === undefined) return '';
  const name = names[kind].get(Number(value));
  if (name === undefined) return `${noun} ${value} (no longer exists)`;
  return kind === 'claims' ? `“${excerpt(name, 80)}”` : name;
};
const labelled = (labels: Record<string, string>) => (value: unknown) => labels[String(value)] ?? String(value ?? '');
const day = (value: unknown) => formatDay((value as string | null) ?? null);
const DELETED: FieldSpec = { key: 'deleted', label: 'Deleted', show: (value) => (value ? 'yes' : 'no') };

// Each kind's fields in the order its form asks for them, under the form's own labels.
const FIELDS: Record<EntityType, FieldSpec[]> = {
  source: [
    { key: 'name', label: 'Name', prose: true },
    { key: 'slug', label: 'Web address name' },
    { key: 'kind', label: 'Kind' },
    { key: 'description', label: 'Description', prose: true },
    { key: 'affiliation_id', label: 'Affiliated with', show: named('sources', 'source') },
    { key: 'url', label: 'Web address' },
    { key: 'stake', label: 'Stake', prose: true },
    { key: 'other_names', label: 'Other forms of the name', prose: true },
    DELETED,
  ],
  dispute: [
    { key: 'title', label: 'Question', prose: true },
    { key: 'slug', label: 'Web address name' },
    { key: 'summary', label: 'Summary', prose: true },
    { key: 'events_from', label: 'Events from', show: day },
    { key: 'events_to', label: 'Events until', show: day },
    { key: 'events_place', label: 'Place', prose: true },
    { key: 'positions', label: 'Positions', prose: true, show: (value) => ((value as { label: string }[] | undefined) ?? []).map((p) => p.label).join('; ') },
    { key: 'state', label: 'Visibility', show: labelled({ draft: 'Draft: editors only', published: 'Published: everyone' }) },
    DELETED,
  ],
  claim: [
    { key: 'position_id', label: 'Position', show: named('positions', 'position') },
    { key: 'source_id', label: 'Who said it', show: named('sources', 'source') },
    { key: 'text', label: 'Claim', prose: true },
    { key: 'is_verbatim', label: 'Wording', show: (value) => (value ? 'Verbatim quote' : 'Paraphrase') },
    // At the precision the editor gave: a month-only date never shows a day.
    { key: 'said_on', label: 'Date said', show: (value, snapshot) => formatDay((value as string | null) ?? null, String(snapshot.said_on_precision ?? 'day')) },
    { key: 'said_on_precision', label: 'How exact is the date?', show: labelled({ day: 'Exact day', month: 'Month only', year: 'Year only' }) },
    { key: 'venue', label: 'Where it was said', prose: true },
    { key: 'url', label: 'Web address' },
    { key: 'original_text', label: 'Original-language text', prose: true },
    { key: 'original_language', label: 'Original language' },
    { key: 'figure_measure', label: 'Figure: what is counted', prose: true },
    { key: 'figure_group', label: 'Figure: among whom', prose: true },
    { key: 'figure_low', label: 'Figure: value' },
    { key: 'figure_high', label: 'Figure: upper value' },
    { key: 'figure_unit', label: 'Figure: unit' },
    { key: 'figure_period', label: 'Figure: period', prose: true },
    { key: 'figure_place', label: 'Figure: place', prose: true },
    { key: 'status', label: 'Status', show: (value) => (value ? statusLabel(String(value)) : '') },
    { key: 'status_rationale', label: 'Rationale', prose: true },
    { key: 'evidence_strength', label: 'Evidence strength', show: labelled(STRENGTH_LABELS) },
    DELETED,
  ],
  evidence: [
    { key: 'claim_id', label: 'Claim', show: named('claims', 'claim') },
    { key: 'number', label: 'Number' },
    { key: 'kind', label: 'Kind', show: labelled(EVIDENCE_KIND_LABELS) },
    { key: 'title', label: 'Title', prose: true },
    { key: 'url', label: 'Web address' },
    { key: 'archive_url', label: 'Archived copy' },
    { key: 'publisher', label: 'Publisher', prose: true },
    { key: 'published_on', label: 'Published on', show: day },
    { key: 'description', label: 'Description', prose: true },
    { key: 'bearing', label: 'Bearing on the claim', show: labelled(BEARING_LABELS) },
    DELETED,
  ],
  link: [
    { key: 'from_claim_id', label: 'This claim', show: named('claims', 'claim') },
    { key: 'type', label: 'Relation' },
    { key: 'to_claim_id', label: 'The claim', show: named('claims', 'claim') },
    { key: 'note', label: 'Note', prose: true },
    DELETED,
  ],
  document: [
    { key: 'title', label: 'Title', prose: true },
    { key: 'publisher_id', label: 'Publisher', show: named('sources', 'source') },
    { key: 'authors', label: 'Authors', prose: true },
    { key: 'url', label: 'Web address' },
    { key: 'published_on', label: 'Date published', show: (value, snapshot) => formatDay((value as string | null) ?? null, String(snapshot.published_on_precision ?? 'day')) },
    { key: 'published_on_precision', label: 'How exact is the date?', show: labelled({ day: 'Exact day', month: 'Month only', year: 'Year only' }) },
    { key: 'language', label: 'Language', show: (value) => (value ? `${languageName(String(value))} (${value})` : '') },
    { key: 'full_text_public', label: 'Full text shown to readers', show: (value) => (value ? 'yes' : 'no') },
    { key: 'text', label: 'Text', prose: true },
    { key: 'text_sha256', label: 'SHA-256 of the text' },
    { key: 'html_sha256', label: 'SHA-256 of the captured HTML' },
    { key: 'captured_at', label: 'Captured', show: (value) => formatMoment((value as string | null) ?? null) },
    { key: 'replaces_document_id', label: 'Replaces document' },
    DELETED,
  ],
};

const ID_FIELDS: Record<string, keyof SnapshotNames> = {
  affiliation_id: 'sources', source_id: 'sources', publisher_id: 'sources', position_id: 'positions', claim_id: 'claims', from_claim_id: 'claims', to_claim_id: 'claims',
};

/** The ids of sources, positions and claims that the compared versions point at, to be named. */
export function referencedIds(...snapshots: Snapshot[]): Record<keyof SnapshotNames, number[]> {
  const ids: Record<keyof SnapshotNames, Set<number>> = { sources: new Set(), positions: new Set(), claims: new Set() };
  for (const snapshot of snapshots) {
    for (const [field, kind] of Object.entries(ID_FIELDS)) {
      if (snapshot[field] !== null && snapshot[field] !== undefined) ids[kind].add(Number(snapshot[field]));
    }
  }
  return { sources: [...ids.sources], positions: [...ids.positions], claims: [...ids.claims] };
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// A field an older version kept and the form no longer has: shown under its name made readable.
function fallbackSpec(key: string): FieldSpec {
  const words = key.replace(/_id$/, '').replace(/_/g, ' ');
  return { key, label: words.charAt(0).toUpperCase() + words.slice(1) };
}

/** Every field of two versions, in the form's order and in words, each marked where the two differ. */
export function compareSnapshots(type: EntityType, before: Snapshot, after: Snapshot, names: SnapshotNames): FieldChange[] {
  const specs = FIELDS[type];
  const known = new Set(specs.map((spec) => spec.key));
  const extra = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !known.has(key)).map(fallbackSpec);
  return [...specs, ...extra]
    .filter((spec) => spec.key in before || spec.key in after)
    .map((spec) => {
      const show = (snapshot: Snapshot) => (spec.show ? spec.show(snapshot[spec.key], snapshot, names) : plain(snapshot[spec.key]));
      const [a, b] = [show(before), show(after)];
      if (a === b) return { label: spec.label, changed: false, before: [{ text: a }], after: [{ text: b }] };
      return { label: spec.label, changed: true, ...(spec.prose ? wordChanges(a, b) : whole(a, b)) };
    });
}

function whole(before: string, after: string): Pick<FieldChange, 'before' | 'after'> {
  return {
    before: before ? [{ text: before, change: 'removed' }] : [],
    after: after ? [{ text: after, change: 'added' }] : [],
  };
}

// Words (letters of any script, digits, inner apostrophes), runs of space, or one other character.
const TOKEN = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*|\s+|[^\p{L}\p{M}\p{N}_\s]/gu;
// Past this many changed words the two texts are different texts: shown whole, and not worth the work.
const MOST_EDITS = 400;

/**
 * The words removed and added between two versions of a text (jsdiff over words of any script:
 * its own word splitting leaves Cyrillic letter by letter). When fewer than half the words
 * survive, the field reads better replaced whole than as a patchwork.
 */
function wordChanges(before: string, after: string): Pick<FieldChange, 'before' | 'after'> {
  const [a, b] = [before.match(TOKEN) ?? [], after.match(TOKEN) ?? []];
  const changes = diffArrays(a, b, { maxEditLength: MOST_EDITS });
  if (!changes) return whole(before, after);
  const kept = changes.filter((c) => !c.added && !c.removed).flatMap((c) => c.value).filter((token) => /\S/.test(token)).length;
  const words = Math.max(a.filter((token) => /\S/.test(token)).length, b.filter((token) => /\S/.test(token)).length);
  if (kept * 2 < words) return whole(before, after);
  const side = (skip: 'added' | 'removed', mark: 'removed' | 'added') => joinRuns(changes
    .filter((c) => !c[skip])
    .map((c) => ({ text: c.value.join(''), change: c[mark] ? mark : undefined })));
  return { before: side('added', 'removed'), after: side('removed', 'added') };
}

// Neighbouring changes with only space between them read as one change ("removed: to the fighting"),
// not a word at a time.
function joinRuns(parts: DiffPart[]): DiffPart[] {
  const joined: DiffPart[] = [];
  for (const part of parts) {
    const last = joined.at(-1);
    const beforeLast = joined.at(-2);
    if (last && last.change === part.change) last.text += part.text;
    else if (part.change && last && !last.change && !/\S/.test(last.text) && beforeLast?.change === part.change) {
      joined.pop();
      beforeLast.text += last.text + part.text;
    } else joined.push({ ...part });
  }
  return joined;
}

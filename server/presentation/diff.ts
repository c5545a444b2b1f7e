/** One field of two snapshots side by side, as the compare page shows it. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

// Readable names for snapshot keys; anything unlisted shows under its own name.
const FIELD_LABELS: Record<string, string> = {
  name: 'Name', kind: 'Kind', description: 'Description', affiliation_id: 'Affiliation (source id)', url: 'Web address',
  stake: 'Stake',
  slug: 'Web address name', title: 'Question', summary: 'Summary', events_from: 'Events from', events_to: 'Events until',
  events_place: 'Place', state: 'Visibility', positions: 'Positions', position_id: 'Position (id)', source_id: 'Source (id)',
  text: 'Claim', is_verbatim: 'Verbatim quote', original_text: 'Original-language text', original_language: 'Original language',
  said_on: 'Date said', said_on_precision: 'Date precision', venue: 'Where said', status: 'Status', status_rationale: 'Rationale',
  archive_url: 'Archived copy', publisher: 'Publisher', published_on: 'Published on', bearing: 'Bearing', number: 'Number',
  figure_measure: 'Figure: what is counted', figure_group: 'Figure: among whom', figure_low: 'Figure: value (low)', figure_high: 'Figure: value (high)',
  figure_unit: 'Figure: unit', figure_period: 'Figure: period', figure_place: 'Figure: place', evidence_strength: 'Evidence strength',
  from_claim_id: 'From claim', to_claim_id: 'To claim', type: 'Link type', note: 'Note', deleted: 'Deleted',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' && item ? (item as { label?: string }).label ?? '' : String(item))).join(' | ');
  return String(value);
}

/** Every field of either snapshot, in a stable order, marked where the two differ. */
export function diffSnapshots(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => {
    const a = show(before[field]);
    const b = show(after[field]);
    return { field: fieldLabel(field), before: a, after: b, changed: a !== b };
  });
}

/** A database refusal an editor can fix, named after the form field it concerns. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A refusal the query modules make themselves, for a rule no single constraint can state
 * (a position still in use, the last admin). It carries a rule name that the table below
 * maps like a constraint name, so every refusal's words are in one place.
 */
export class Refusal extends Error {
  constructor(
    readonly rule: string,
    /** What the message names, such as the position's label. */
    readonly subject = '',
  ) {
    super(`refused by ${rule}${subject ? `: ${subject}` : ''}`);
  }
}

type Message = { field: string; message: string | ((subject: string) => string) };

// The one place where constraint names from the migrations, and the rules the query modules
// enforce themselves, become messages for people.
const MESSAGES: Record<string, Message> = {
  sources_slug_unique: { field: 'slug', message: 'Another source already uses this web address; choose another.' },
  disputes_slug_unique: { field: 'slug', message: 'Another dispute already uses this web address; choose another.' },
  editors_email_unique: { field: 'email', message: 'An editor with this email already exists.' },
  claims_source_fk: { field: 'source_id', message: 'Choose a source from the list.' },
  claims_position_fk: { field: 'position_id', message: 'Choose one of this dispute’s positions.' },
  sources_affiliation_fk: { field: 'affiliation_id', message: 'Choose an existing source.' },
  sources_affiliation_not_self: { field: 'affiliation_id', message: 'A source cannot be affiliated with itself.' },
  claim_links_pair_unique: { field: 'to_claim_id', message: 'These two claims are already linked.' },
  claim_links_to_fk: { field: 'to_claim_id', message: 'Choose an existing claim.' },
  claim_links_not_self: { field: 'to_claim_id', message: 'A claim cannot be linked to itself.' },
  // Refusals (above: constraints).
  positions_in_use: {
    field: 'positions',
    message: (label) => `“${label}” still has claims under it: move them to another position before removing it.`,
  },
  sources_in_use: { field: 'form', message: 'Claims are still attributed to this source: delete or reattribute them first.' },
  editors_last_admin: { field: 'role', message: 'Not changed: the site must keep at least one active admin.' },
};

function fieldError(name: string | undefined, subject = ''): FieldError | undefined {
  const known = name === undefined ? undefined : MESSAGES[name];
  if (!known) return undefined;
  return { field: known.field, message: typeof known.message === 'function' ? known.message(subject) : known.message };
}

/** Maps a Refusal or a unique, foreign-key or check violation to a field message; undefined for anything else. */
export function fieldErrorFromDb(err: unknown): FieldError | undefined {
  if (err instanceof Refusal) return fieldError(err.rule, err.subject);
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, constraint } = err as { code?: string; constraint?: string };
  if (!code || !['23505', '23503', '23514'].includes(code)) return undefined;
  return fieldError(constraint);
}

/** A database refusal an editor can fix, named after the form field it concerns. */
export interface FieldError {
  field: string;
  message: string;
}

// The one place where constraint names from the migrations become messages for people.
const CONSTRAINT_MESSAGES: Record<string, FieldError> = {
  sources_slug_unique: { field: 'slug', message: 'Another source already uses this web address; choose another.' },
  disputes_slug_unique: { field: 'slug', message: 'Another dispute already uses this web address; choose another.' },
  editors_email_unique: { field: 'email', message: 'An editor with this email already exists.' },
  claims_source_fk: { field: 'source_id', message: 'Choose a source from the list.' },
  claims_position_fk: { field: 'position_id', message: 'Choose one of this dispute’s positions.' },
  sources_affiliation_fk: { field: 'affiliation_id', message: 'Choose an existing source.' },
  claim_links_pair_unique: { field: 'to_claim_id', message: 'These two claims are already linked.' },
  claim_links_to_fk: { field: 'to_claim_id', message: 'Choose an existing claim.' },
  claim_links_not_self: { field: 'to_claim_id', message: 'A claim cannot be linked to itself.' },
};

/** Maps a unique, foreign-key or check violation to a field message; undefined for anything else. */
export function fieldErrorFromDb(err: unknown): FieldError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, constraint } = err as { code?: string; constraint?: string };
  if (!code || !['23505', '23503', '23514'].includes(code)) return undefined;
  return constraint ? CONSTRAINT_MESSAGES[constraint] : undefined;
}

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
  documents_publisher_fk: { field: 'publisher_id', message: 'Choose a source from the list.' },
  documents_replaces_fk: { field: 'replaces_document_id', message: 'Choose an existing document.' },
  documents_replaces_unique: { field: 'replaces_document_id', message: 'This document has already been replaced by a corrected one; correct that one instead.' },
  documents_language_check: { field: 'language', message: 'Give the language as a code such as en, ru, uk or pt-BR.' },
  documents_url_check: { field: 'url', message: 'Give a web address starting with http:// or https://.' },
  documents_text_length: { field: 'text', message: 'This text is too long for one document (400,000 characters at most); split it.' },
  // Raised by a trigger (20261203010100_create_claim_anchors), named like a constraint.
  documents_anchored_text_immutable: {
    field: 'text',
    message: 'Claims are taken from this text (or a correction replaces it), so it can no longer change. Add the corrected text as a new document that replaces this one.',
  },
  claim_anchors_claim_unique: { field: 'claim_id', message: 'This claim is already anchored to a passage; change that anchor instead.' },
  claim_anchors_document_fk: { field: 'document_id', message: 'Choose an existing document.' },
  claim_anchors_passage_mismatch: { field: 'passage', message: 'This passage is not in the document’s text as given; choose it again.' },
  claim_anchors_translation_needs_original: { field: 'original_text', message: 'A translated quote needs the original-language words that the passage holds.' },
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

import { z } from 'zod';
import type { AnchorInput } from '../../db/anchors';
import { codePointOffset } from '../../db/passages';
import { matchVerbatim } from '../lib/intake';
import { FieldErrors, optionalId, optionalText, parseForm } from './fields';

/** The claim form's optional anchor: a document, and for a paraphrase the passage it summarises. */
export interface AnchorFields {
  document_id: number | null;
  passage: string | null;
}

const anchorSchema = z.object({
  document_id: optionalId('Choose a document from the list.'),
  passage: optionalText('Passage', 5000),
});

export function parseAnchorFields(body: unknown) {
  return parseForm<AnchorFields>(anchorSchema, body);
}

/** What of the claim decides its passage. */
interface ClaimWords {
  text: string;
  is_verbatim: boolean;
  original_text: string | null;
}

function notFound(what: string, closest: string | undefined): string {
  const offer = closest ? ` The closest passage is: “${closest}”.` : '';
  return `${what} not in the document’s text.${offer}`;
}

/**
 * Where in the document the claim was taken from. A verbatim quote is anchored to its own words,
 * which must be the document's (quote marks, dashes and spaces aside); a translated quote to its
 * original-language words; a paraphrase to the passage it summarises, which must be the document's words too.
 */
export function anchorInDocument(claim: ClaimWords, fields: AnchorFields & { document_id: number }, documentText: string):
  { ok: true; value: AnchorInput } | { ok: false; errors: FieldErrors } {
  const translated = claim.original_text !== null;
  const words = claim.is_verbatim ? (claim.original_text ?? claim.text) : fields.passage;
  const field = claim.is_verbatim ? (translated ? 'original_text' : 'text') : 'passage';
  if (!words) return { ok: false, errors: { passage: 'Give the passage of the document that this paraphrase summarises, or choose no document.' } };
  const match = matchVerbatim(documentText, words);
  if (!match.found) {
    const what = claim.is_verbatim
      ? `A verbatim quote must be the document’s own words, and ${translated ? 'these original-language words are' : 'these are'}`
      : 'This passage is';
    return { ok: false, errors: { [field]: notFound(what, match.closest?.exact) } };
  }
  return {
    ok: true,
    value: {
      document_id: fields.document_id,
      start_offset: codePointOffset(documentText, match.start),
      end_offset: codePointOffset(documentText, match.end),
      is_translation: claim.is_verbatim && translated,
    },
  };
}

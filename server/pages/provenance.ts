import { AnchorWithDocument, CONTEXT_WINDOW } from '../../db/anchors';
import { sentenceAround } from '../lib/intake';
import { formatDay } from '../presentation/format';

/** "from: <document>, <publisher>, <date>" under an anchored claim, and the sentence it was taken from. */
export interface Provenance {
  /** The passage on the document page, which marks it with this id. */
  href: string;
  title: string;
  /** Publisher and date at its precision, each only when known: "FRANCE 24, May 2023". */
  credit: string;
  /** "Russian" when the claim's words are a translation of the passage; "" otherwise. */
  translatedFrom: string;
  /** The sentence around the passage, split so the page can mark the passage itself. */
  sentence: { before: string; passage: string; after: string; cutBefore: boolean; cutAfter: boolean };
  language: string;
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

export function provenanceOf(anchor: AnchorWithDocument): Provenance {
  return {
    href: `/documents/${anchor.document_id}#passage-${anchor.claim_id}`,
    title: anchor.document_title,
    credit: [anchor.publisher_name, formatDay(anchor.document_published_on, anchor.document_published_on_precision ?? undefined)].filter(Boolean).join(', '),
    translatedFrom: anchor.is_translation ? languageName(anchor.document_language) : '',
    sentence: sentenceOf(anchor),
    language: anchor.document_language,
  };
}

/** The anchors of a page's claims by claim id, as provenance lines. */
export function provenanceByClaim(anchors: AnchorWithDocument[]): Map<number, Provenance> {
  return new Map(anchors.map((anchor) => [anchor.claim_id, provenanceOf(anchor)]));
}

function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

// The window of text the query read around the passage counts code points; the sentence rules
// count UTF-16 units. A sentence longer than the window is shown cut, and says so.
function sentenceOf(anchor: AnchorWithDocument) {
  const chars = Array.from(anchor.context_text);
  const from = anchor.start_offset - Number(anchor.context_start);
  const window = chars.join('');
  const start = chars.slice(0, from).join('').length;
  const end = start + anchor.exact.length;
  const sentence = sentenceAround(window, start, end);
  return {
    before: window.slice(sentence.start, start),
    passage: window.slice(start, end),
    after: window.slice(end, sentence.end),
    cutBefore: sentence.start === 0 && Number(anchor.context_start) > 0,
    cutAfter: sentence.end === window.length && chars.length - (anchor.end_offset - Number(anchor.context_start)) >= CONTEXT_WINDOW,
  };
}

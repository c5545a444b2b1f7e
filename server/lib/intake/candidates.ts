import { findFigures, Language, ProposedFigure } from './figures';
import { SO_CALLED } from './lexicon';
import { findQuotes, QuoteSpan } from './quotes';
import { Sentence, Span, splitSentences } from './sentences';
import { Cue, emptyMemory, findCues, remember, SpeakerBasis, SpeakerGuess, SpeakerMemory, speakerOfCue } from './speakers';
import { isWord, Token, tokenize } from './tokens';
import { normaliseForQuoteMatch } from './verbatim';
import { reportedClause } from './reported';

export type CandidateKind = 'verbatim' | 'paraphrase' | 'figure';

export interface Passage extends Span {
  /** Always text.slice(start, end). */
  exact: string;
}

/** A claim the server proposes from a document; the editor keeps, corrects or drops it. */
export interface Candidate {
  /** Stable for the same text: kind letter and offsets, e.g. "v120-148". */
  id: string;
  kind: CandidateKind;
  /** Verbatim: the words between the quote marks. Paraphrase: the sentence. Figure: the number phrase. */
  passage: Passage;
  /** The sentence the passage sits in. */
  sentence: Span;
  /** Suggested claim wording: the quote; the reported clause ("that …") or sentence; the sentence. */
  text: string;
  speaker: string | null;
  speakerBasis: SpeakerBasis | null;
  /** Where the name, pronoun or role that gave the speaker is written. */
  speakerMention: Span | null;
  /** Numbers inside the passage (for a figure: exactly one). */
  figures: ProposedFigure[];
  /** A verbatim quote inside another quotation: the outer candidate's id, or null. */
  insideQuote: string | null;
  /** A figure's claim: the verbatim or paraphrase candidate whose passage holds it, or null. */
  claimId: string | null;
  /** An earlier candidate of the same kind with the same words (the same quote repeated), or null. */
  repeats: string | null;
}

export interface ProposeOptions {
  /** BCP 47 code; only its first part matters. Guessed from the letters when absent. */
  language?: string;
}

const MIN_WORDS_STANDALONE_QUOTE = 4;
const MIN_WORDS_REPORTED = 3;

/**
 * The candidate claims in a text, in reading order, always the same for the same text.
 *
 * The rule that keeps the article's own narration out: a quotation is proposed as verbatim only
 * when its sentence attributes it (an attribution verb, "according to", or "Name: “…”" outside
 * the quote marks), or when it stands alone as a whole sentence of at least four words. Scare
 * quotes, titles and terms inside an unattributed sentence ("the so-called “referendum”", a
 * “green light” in narration) are never proposed as anyone's words.
 */
export function proposeCandidates(text: string, options: ProposeOptions = {}): Candidate[] {
  const language = pickLanguage(options.language, text);
  const quotes = findQuotes(text);
  const memory = emptyMemory();
  const out: Candidate[] = [];
  let previous: { paragraph: number; speaker: SpeakerGuess | null } = { paragraph: -1, speaker: null };
  for (const sentence of splitSentences(text, quotes)) {
    const found = sentenceCandidates(text, sentence, quotes, memory, language, previous.paragraph === sentence.paragraph ? previous.speaker : null);
    out.push(...found.candidates);
    previous = { paragraph: sentence.paragraph, speaker: found.speaker };
  }
  return finish(out);
}

function sentenceCandidates(
  text: string, sentence: Sentence, quotes: QuoteSpan[], memory: SpeakerMemory, language: Language,
  contextSpeaker: SpeakerGuess | null,
): { candidates: Candidate[]; speaker: SpeakerGuess | null } {
  const tokens = tokenize(text, sentence.start, sentence.end, quotes);
  const cues = findCues(tokens);
  const speakers = cues.map((cue) => speakerOfCue(tokens, cue, memory));
  const candidates: Candidate[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== 'quote' || !token.quote) continue;
    const verbatim = quoteCandidate(text, sentence, tokens, index, cues, speakers, contextSpeaker);
    if (verbatim) candidates.push(verbatim, ...nestedCandidates(text, token.quote, quotes, memory, sentence, verbatim.id));
  }
  const reported = paraphraseCandidate(text, sentence, tokens, cues, speakers);
  if (reported) candidates.push(reported);
  const main = mainSpeaker(cues, speakers);
  const claims = [...candidates];
  for (const figure of findFigures(text, sentence.start, sentence.end, numberStyle(text, sentence, language))) {
    // A number outside every quote and reported clause is the writer's own: nobody's claim.
    const owner = claims.find((c) => c.passage.start <= figure.start && c.passage.end >= figure.end) ?? null;
    const speaker = owner ? guessOf(owner) : null;
    candidates.push(candidate('figure', { start: figure.start, end: figure.end }, text, sentence, figure.exact, speaker, [figure], owner?.id ?? null));
  }
  for (const f of candidates) if (f.kind === 'figure' && f.claimId) claims.find((c) => c.id === f.claimId)!.figures.push(...f.figures);
  for (const guess of speakers) remember(memory, guess);
  return { candidates, speaker: main ?? (candidates.find((c) => c.speaker) ? guessOf(candidates.find((c) => c.speaker)!) : null) };
}

/** A top-level quotation as a verbatim candidate, or null if the sentence does not attribute it. */
function quoteCandidate(
  text: string, sentence: Sentence, tokens: Token[], index: number, cues: Cue[], speakers: (SpeakerGuess | null)[],
  contextSpeaker: SpeakerGuess | null,
): Candidate | null {
  const quote = tokens[index].quote!;
  const inner = innerPassage(text, quote);
  if (!inner || isSoCalled(tokens, index) || isSubjectOfCue(tokens, index, cues) || looksLikeTitle(inner.exact)) return null;
  const words = wordCount(inner.exact);
  if (cues.length) {
    const speaker = nearestSpeaker(index, cues, speakers);
    return candidate('verbatim', inner, text, sentence, inner.exact, speaker, [], null);
  }
  if (standsAlone(text, sentence, quote) && words >= MIN_WORDS_STANDALONE_QUOTE) {
    const speaker = contextSpeaker ? { ...contextSpeaker, basis: 'context' as const } : null;
    return candidate('verbatim', inner, text, sentence, inner.exact, speaker, [], null);
  }
  return null;
}

/** Quotations inside a proposed quote, attributed only by words inside that quote. */
function nestedCandidates(
  text: string, outer: QuoteSpan, quotes: QuoteSpan[], memory: SpeakerMemory, sentence: Sentence, outerId: string,
): Candidate[] {
  const tokens = tokenize(text, outer.innerStart, outer.innerEnd, quotes);
  const cues = findCues(tokens);
  if (!cues.length) return [];
  const speakers = cues.map((cue) => speakerOfCue(tokens, cue, memory));
  const found: Candidate[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== 'quote' || !token.quote || isSoCalled(tokens, index) || isSubjectOfCue(tokens, index, cues)) continue;
    const inner = innerPassage(text, token.quote);
    if (!inner || looksLikeTitle(inner.exact)) continue;
    const c = candidate('verbatim', inner, text, sentence, inner.exact, nearestSpeaker(index, cues, speakers), [], null);
    c.insideQuote = outerId;
    found.push(c, ...nestedCandidates(text, token.quote, quotes, memory, sentence, c.id));
  }
  return found;
}

/** Reported speech: "X said that …", "according to X, …", "…, he added." as one paraphrase. */
function paraphraseCandidate(
  text: string, sentence: Sentence, tokens: Token[], cues: Cue[], speakers: (SpeakerGuess | null)[],
): Candidate | null {
  const reported = reportedClause(tokens, cues, speakers);
  if (!reported || reported.clause.filter(isWord).length < MIN_WORDS_REPORTED) return null;
  const { clause } = reported;
  const wording = text.slice(clause[0].start, clause[clause.length - 1].end);
  const speaker = speakers[reported.cue] ?? mainSpeaker(cues, speakers);
  return candidate('paraphrase', sentence, text, sentence, wording, speaker, [], null);
}

const NEAREST_CUES = 8;

/** The speaker of the cue closest to the quote that names someone (of the few nearest cues). */
function nearestSpeaker(at: number, cues: Cue[], speakers: (SpeakerGuess | null)[]): SpeakerGuess | null {
  let after = cues.findIndex((cue) => cue.at > at);
  if (after < 0) after = cues.length;
  let before = after - 1;
  for (let tried = 0; tried < NEAREST_CUES && (before >= 0 || after < cues.length); tried++) {
    const distBefore = before >= 0 ? at - cues[before].after : Infinity;
    const distAfter = after < cues.length ? cues[after].at - at + 0.5 : Infinity;
    const k = distBefore <= distAfter ? before-- : after++;
    if (speakers[k]) return speakers[k];
  }
  return null;
}

function mainSpeaker(cues: Cue[], speakers: (SpeakerGuess | null)[]): SpeakerGuess | null {
  return speakers.find((s, k) => s && cues[k].kind !== 'participle') ?? speakers.find((s) => s) ?? null;
}

/** The words between the marks, without surrounding spaces or the comma English puts inside them. */
function innerPassage(text: string, quote: QuoteSpan): Passage | null {
  let { innerStart: start, innerEnd: end } = quote;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /[\s,;:]/.test(text[end - 1])) end--;
  const exact = text.slice(start, end);
  return /[\p{L}\p{N}]/u.test(exact) ? { start, end, exact } : null;
}

function isSoCalled(tokens: Token[], index: number): boolean {
  const before = tokens[index - 1];
  const soCalled = isWord(before) && (SO_CALLED.has(before.lower) || (before.lower === 'called' && tokens[index - 2]?.lower === 'so'));
  return soCalled && wordCount(tokens[index].text) <= 3;
}

/** «Коммерсантъ» сообщил…: the quote is the speaker's name, not their words. */
function isSubjectOfCue(tokens: Token[], index: number, cues: Cue[]): boolean {
  const next = cues.find((c) => c.at >= index + 1);
  const inner = tokens[index].text.slice(1, -1);
  return next !== undefined && next.at === index + 1 && next.kind === 'verb' && /^\p{Lu}/u.test(inner) && wordCount(inner) <= 4 && !/[,.!?…]$/.test(inner);
}

/** “War and Peace”, “Winter on Fire”: a short run of capitalised words is a title or a name, not speech. */
function looksLikeTitle(inner: string): boolean {
  const words = inner.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
  if (words.length < 2 || words.length > 6 || /[,.!?…:;]/.test(inner)) return false;
  return words.every((w, k) => /^[\p{Lu}\p{N}]/u.test(w) || (k > 0 && w.length <= 3));
}

/** Nothing but punctuation around the quotation in its sentence. */
function standsAlone(text: string, sentence: Span, quote: QuoteSpan): boolean {
  return !/[\p{L}\p{N}]/u.test(text.slice(sentence.start, quote.open) + text.slice(quote.close, sentence.end));
}

const wordCount = (s: string) => (s.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;

function guessOf(c: Candidate): SpeakerGuess | null {
  if (!c.speaker || !c.speakerBasis || !c.speakerMention) return null;
  return { name: c.speaker, basis: c.speakerBasis, kind: 'person', mention: c.speakerMention };
}

function candidate(
  kind: CandidateKind, span: Span, text: string, sentence: Span, wording: string, speaker: SpeakerGuess | null,
  figures: ProposedFigure[], claimId: string | null,
): Candidate {
  return {
    id: `${kind[0]}${span.start}-${span.end}`, kind, passage: { start: span.start, end: span.end, exact: text.slice(span.start, span.end) },
    sentence: { start: sentence.start, end: sentence.end }, text: wording, speaker: speaker?.name ?? null,
    speakerBasis: speaker?.basis ?? null, speakerMention: speaker?.mention ?? null, figures, insideQuote: null, claimId, repeats: null,
  };
}

/** Reading order, one candidate per id, and repeats of the same words marked. */
function finish(candidates: Candidate[]): Candidate[] {
  const kindOrder: Record<CandidateKind, number> = { verbatim: 0, paraphrase: 1, figure: 2 };
  const byId = new Map<string, Candidate>();
  for (const c of candidates) if (!byId.has(c.id)) byId.set(c.id, c);
  const sorted = [...byId.values()].sort((a, b) =>
    a.passage.start - b.passage.start || kindOrder[a.kind] - kindOrder[b.kind] || a.passage.end - b.passage.end);
  const firstByWords = new Map<string, string>();
  for (const c of sorted) {
    const key = `${c.kind}:${normaliseForQuoteMatch(c.passage.exact)}`;
    c.repeats = firstByWords.get(key) ?? null;
    if (!c.repeats) firstByWords.set(key, c.id);
  }
  return sorted;
}

/** Digits are grouped as the sentence's own script does (17,000 / 17 000), whatever the document's language. */
function numberStyle(text: string, sentence: Span, language: Language): Language {
  const sample = text.slice(sentence.start, Math.min(sentence.end, sentence.start + 2000));
  const cyrillic = (sample.match(/[а-яёіїєґ]/gi) ?? []).length;
  const latin = (sample.match(/[a-z]/gi) ?? []).length;
  if (cyrillic > latin) return language === 'en' ? 'ru' : language;
  return latin > cyrillic ? 'en' : language;
}

/** 'en', 'ru' or 'uk' from a BCP 47 code, else from the letters: Cyrillic with і/ї/є/ґ is Ukrainian. */
export function pickLanguage(code: string | undefined, text: string): Language {
  const primary = code?.toLowerCase().split('-')[0];
  if (primary === 'en' || primary === 'ru' || primary === 'uk') return primary;
  const sample = text.slice(0, 20000);
  const cyrillic = (sample.match(/[а-яёіїєґ]/gi) ?? []).length;
  const latin = (sample.match(/[a-z]/gi) ?? []).length;
  if (cyrillic <= latin) return 'en';
  return /[іїєґ]/i.test(sample) ? 'uk' : 'ru';
}

import {
  ACCORDING_TO, ADDRESSEE_FOLLOWS, ADVERBS, CLAIM_NOUNS, isAttributionVerb, isBodyWord, isRoleWord, NAME_CONNECTORS,
  NOT_NAMES, PARTICIPLES, PRONOUNS,
} from './lexicon';
import { isCapitalised, isDash, isWord, Token } from './tokens';

/** How the speaker was found: named beside the verb, a pronoun or a role ("the former lawmaker")
 * pointing back to the last one named, or the previous sentence's speaker for a quote standing alone. */
export type SpeakerBasis = 'named' | 'pronoun' | 'description' | 'context';

export interface SpeakerGuess {
  name: string;
  basis: SpeakerBasis;
  kind: 'person' | 'body';
  /** Where the name, pronoun or role is written. */
  mention: { start: number; end: number };
}

/** The last person and body named as speakers, in reading order: what pronouns refer back to. */
export interface SpeakerMemory {
  lastPerson: SpeakerGuess | null;
  lastBody: SpeakerGuess | null;
  lastAny: SpeakerGuess | null;
}

export const emptyMemory = (): SpeakerMemory => ({ lastPerson: null, lastBody: null, lastAny: null });

export function remember(memory: SpeakerMemory, guess: SpeakerGuess | null): void {
  if (!guess || guess.basis !== 'named') return;
  memory.lastAny = guess;
  if (guess.kind === 'person') memory.lastPerson = guess;
  else memory.lastBody = guess;
}

/** A place in a sentence that attributes words to someone. */
export interface Cue {
  kind: 'verb' | 'participle' | 'according' | 'claims-by' | 'colon';
  /** Index of the cue's first token. */
  at: number;
  /** Index just past the cue's last token. */
  after: number;
}

/** Every attribution cue among the tokens, in order. */
export function findCues(tokens: Token[]): Cue[] {
  const cues: Cue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === ':' && tokens[i + 1]?.kind === 'quote') cues.push({ kind: 'colon', at: i, after: i + 1 });
    if (!isWord(t)) continue;
    const phrase = ACCORDING_TO.find((p) => p.every((w, k) => tokens[i + k]?.lower === w));
    if (phrase) {
      cues.push({ kind: 'according', at: i, after: i + phrase.length });
      i += phrase.length - 1;
    } else if (CLAIM_NOUNS.has(t.lower) && ['by', 'from', 'of'].includes(tokens[i + 1]?.lower ?? '')) {
      cues.push({ kind: 'claims-by', at: i, after: i + 2 });
    } else if (isAttributionVerb(t.lower) && (i === 0 || !isCapitalised(t)) && !(t.lower === 'claims' && tokens[i - 1]?.lower === 'the')) {
      // A capitalised "States" or "Says" mid-sentence is a name, not a verb.
      cues.push({ kind: PARTICIPLES.has(t.lower) ? 'participle' : 'verb', at: i, after: i + 1 });
    }
  }
  return cues;
}

/** Who a cue attributes the words to, or null when it names no one we can tell. */
export function speakerOfCue(tokens: Token[], cue: Cue, memory: SpeakerMemory): SpeakerGuess | null {
  switch (cue.kind) {
    case 'according':
    case 'claims-by':
      return nameRightOf(tokens, cue.after, memory);
    case 'colon':
      return speakerBeforeColon(tokens, cue.at, memory);
    case 'participle': {
      // "adding …" borrows the main clause's speaker; Ukrainian "заявив Пономарьов" is a past
      // tense spelt like a Russian participle, so a name right beside it still counts.
      if (followsQuotation(tokens, cue.at)) return nameRightOf(tokens, cue.after, memory);
      return isWord(tokens[cue.at - 1]) ? nameLeftOf(tokens, skipAdverbsLeft(tokens, cue.at - 1), memory) : null;
    }
    case 'verb': {
      const verb = tokens[cue.at].lower;
      if (followsQuotation(tokens, cue.at)) return nameRightOf(tokens, cue.after, memory) ?? nameLeftOf(tokens, cue.at - 1, memory);
      const left = nameLeftOf(tokens, skipAdverbsLeft(tokens, cue.at - 1), memory);
      if (left || ADDRESSEE_FOLLOWS.has(verb)) return left;
      return nameRightOf(tokens, cue.after, memory);
    }
  }
}

/**
 * "Ponomarev: “…”" names the speaker before the colon; but in "Ponomarev told FRANCE 24: “…”"
 * the name before the colon is whom he told it to, and the speaker is the verb's subject.
 */
function speakerBeforeColon(tokens: Token[], colon: number, memory: SpeakerMemory): SpeakerGuess | null {
  let from = colon - 1;
  while (from > 0 && isNamePart(tokens[from - 1], from - 1 === 0)) from--;
  const verb = tokens[from - 1];
  if (from < colon && isWord(verb) && isAttributionVerb(verb.lower)) {
    const subject = nameLeftOf(tokens, skipAdverbsLeft(tokens, from - 2), memory);
    if (subject) return subject;
  }
  return nameLeftOf(tokens, colon - 1, memory);
}

/** "“…,” said Ponomarev" / "«…», — заявил он": the verb comes straight after a quotation. */
function followsQuotation(tokens: Token[], at: number): boolean {
  let j = at - 1;
  while (j >= 0 && tokens[j].kind === 'punct' && (tokens[j].text === ',' || isDash(tokens[j]))) j--;
  return j < at - 1 ? tokens[j]?.kind === 'quote' : tokens[j]?.kind === 'quote' || j < 0;
}

function skipAdverbsLeft(tokens: Token[], j: number): number {
  while (j >= 0 && isWord(tokens[j]) && ADVERBS.has(tokens[j].lower)) j--;
  // "Ilya Ponomarev, the Legion's representative, said": step over the apposition.
  if (tokens[j]?.text === ',') {
    for (let k = j - 1; k >= 0 && k >= j - 16; k--) {
      if (tokens[k].kind === 'quote') break;
      if (tokens[k].text === ',' && isCapitalised(tokens[k - 1]) && !isCapitalised(tokens[k + 1])) return k - 1;
    }
  }
  return j;
}

/** Words that may stand in a name or a body's name, read outwards from the verb. */
function isNamePart(t: Token | undefined, sentenceStart: boolean): boolean {
  if (!isWord(t)) return false;
  if (NOT_NAMES.has(t.lower) || PRONOUNS[t.lower]) return false;
  if (sentenceStart && /ly$/.test(t.lower)) return false;
  return isCapitalised(t) || /^\d+$/.test(t.text) || isRoleWord(t.lower) || isBodyWord(t.lower) || isSlavicAdjective(t);
}

/** The last word of a speaker's name: a capitalised word, a number ("FRANCE 24"), a role or a body. */
const isHead = (t: Token | undefined, sentenceStart: boolean) =>
  isNamePart(t, sentenceStart) && (isCapitalised(t) || /^\d+$/.test(t!.text) || isRoleWord(t!.lower) || isBodyWord(t!.lower));

// Lower-case Russian/Ukrainian adjectives before a body: "российские власти", "українські військові".
const isSlavicAdjective = (t: Token) => /^[\p{Ll}]+(?:ие|ые|ий|ый|ой|ая|ое|ого|ому|ых|ими|ські|ський|ська|ське|ких|кі|ні|ний|на|не)$/u.test(t.text) && /[а-яіїєґ]/.test(t.lower);

/** The speaker named by the words ending at token j (the verb's subject), if any. */
function nameLeftOf(tokens: Token[], j: number, memory: SpeakerMemory): SpeakerGuess | null {
  const t = tokens[j];
  if (!isWord(t)) return quoteAsName(t);
  if (PRONOUNS[t.lower]) return resolvePronoun(t, memory);
  let from = j;
  while (from > 0) {
    const prev = tokens[from - 1];
    if (isNamePart(prev, from - 1 === 0)) from--;
    else if (isWord(prev) && NAME_CONNECTORS.has(prev.lower) && prev.lower !== 'the' && isCapitalised(tokens[from - 2])) from--;
    else if (isWord(prev) && !isCapitalised(prev) && isBodyWord(tokens[from - 2]?.lower ?? '')) from -= 1; // министерство обороны России
    else break;
  }
  if (!isHead(t, j === 0) || (/^\d/.test(t.text) && !isCapitalised(tokens[j - 1]))) return null;
  return guessFromPhrase(tokens.slice(from, j + 1), memory);
}

/** The speaker named by the words starting at token i (after "according to", or an inverted verb). */
function nameRightOf(tokens: Token[], i: number, memory: SpeakerMemory): SpeakerGuess | null {
  let skipped = 0;
  while (isWord(tokens[i]) && !isNamePart(tokens[i], false) && !PRONOUNS[tokens[i].lower] && skipped < 3) {
    if (tokens[i].lower === 'the') break;
    i++;
    skipped++;
  }
  if (tokens[i]?.lower === 'the') i++;
  const t = tokens[i];
  if (!isWord(t) || /^\d/.test(t.text)) return null;
  if (PRONOUNS[t.lower]) return resolvePronoun(t, memory);
  let to = i;
  while (to + 1 < tokens.length) {
    const next = tokens[to + 1];
    if (isNamePart(next, false)) to++;
    else if (isWord(next) && NAME_CONNECTORS.has(next.lower) && isCapitalised(tokens[to + 2])) to++;
    else break;
  }
  if (!isNamePart(t, false)) return null;
  while (to > i && !isHead(tokens[to], false)) to--;
  if (!isHead(tokens[to], false)) return null;
  return guessFromPhrase(tokens.slice(i, to + 1), memory);
}

/** «Коммерсантъ» сообщил…: a short quotation in the subject's place names a publication. */
function quoteAsName(t: Token | undefined): SpeakerGuess | null {
  if (!t || t.kind !== 'quote' || !t.quote) return null;
  const inner = t.text.slice(1, -1);
  if (!/^\p{Lu}/u.test(inner) || inner.split(/\s+/).length > 4) return null;
  return { name: inner, basis: 'named', kind: 'body', mention: { start: t.quote.innerStart, end: t.quote.innerEnd } };
}

function resolvePronoun(t: Token, memory: SpeakerMemory): SpeakerGuess | null {
  const target = PRONOUNS[t.lower] === 'person' ? memory.lastPerson : memory.lastBody ?? memory.lastAny;
  return target ? { ...target, basis: 'pronoun', mention: { start: t.start, end: t.end } } : null;
}

/** Turns a run of name words into a speaker: a name, a named body, or a role pointing back. */
function guessFromPhrase(phrase: Token[], memory: SpeakerMemory): SpeakerGuess | null {
  const words = phrase.filter(isWord);
  while (words.length && (NOT_NAMES.has(words[0].lower) || NAME_CONNECTORS.has(words[0].lower))) words.shift();
  if (!words.length) return null;
  const head = words[words.length - 1];
  const hasCapital = words.some((w) => isCapitalised(w) && !isRoleWord(w.lower));
  const mention = { start: words[0].start, end: head.end };
  if (!isCapitalised(head) && isRoleWord(head.lower)) {
    return memory.lastPerson ? { ...memory.lastPerson, basis: 'description', mention } : null;
  }
  if (!hasCapital && !(words.some(isSlavicAdjective) && isBodyWord(head.lower))) {
    const target = memory.lastBody ?? memory.lastAny;
    return target ? { ...target, basis: 'description', mention } : null;
  }
  const named = dropTitles(words);
  const isBody = named.some((w) => isBodyWord(w.lower) || /^\p{Lu}{2,}$/u.test(w.text));
  const start = named[0].start;
  return { name: joinWords(named), basis: 'named', kind: isBody ? 'body' : 'person', mention: { start, end: head.end } };
}

/** "Russian President Vladimir Putin" -> "Vladimir Putin"; "Ministry of Defence" stays whole. */
function dropTitles(words: Token[]): Token[] {
  let lastRole = -1;
  words.forEach((w, k) => { if (isRoleWord(w.lower)) lastRole = k; });
  if (lastRole < 0 || lastRole === words.length - 1) return words;
  const rest = words.slice(lastRole + 1);
  if (!rest.every((w) => isCapitalised(w))) return words;
  return rest.length >= 3 ? rest.slice(-2) : rest;
}

const joinWords = (words: Token[]) => words.map((w) => w.text).join(' ');

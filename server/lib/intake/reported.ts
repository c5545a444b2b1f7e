import { THAT } from './lexicon';
import { Cue, SpeakerGuess } from './speakers';
import { isWord, Token } from './tokens';

/**
 * The words a sentence reports someone as saying, and the cue that attributes them, by the
 * first rule that applies: "X said (to Y) that …", "according to X, …" / "…, according to X",
 * "…, he added.", then "X claimed the group …" (a clause straight after a verb with a speaker).
 */
export function reportedClause(
  tokens: Token[], cues: Cue[], speakers: (SpeakerGuess | null)[],
): { cue: number; clause: Token[] } | null {
  const that = firstThatClause(tokens, cues, speakers);
  if (that) return { cue: that.cue, clause: clauseUntilParticiple(tokens, that.at + 1, cues) };
  const according = cues.findIndex((c) => c.kind === 'according');
  if (according >= 0) {
    const cue = cues[according];
    const clause = cue.at < 2 ? tokens.slice(cue.after + nameLength(tokens, cue.after)) : tokens.slice(0, cue.at);
    return { cue: according, clause: trimPunctuation(clause) };
  }
  const trailing = trailingAttribution(tokens, cues);
  if (trailing >= 0) return { cue: trailing, clause: trimPunctuation(tokens.slice(0, lastCommaBefore(tokens, cues[trailing].at))) };
  const direct = cues.findIndex((c, k) => c.kind === 'verb' && speakers[k] && opensBareClause(tokens, c));
  if (direct >= 0) return { cue: direct, clause: clauseUntilParticiple(tokens, cues[direct].after, cues) };
  return null;
}

/** The first reported clause's "that", and the cue nearest before it that governs it. */
function firstThatClause(tokens: Token[], cues: Cue[], speakers: (SpeakerGuess | null)[]): { cue: number; at: number } | null {
  let best: { cue: number; at: number } | null = null;
  for (const [k, cue] of cues.entries()) {
    if (cue.kind === 'colon' || cue.kind === 'according' || (cue.kind === 'participle' && !speakers[k])) continue;
    const at = thatAfter(tokens, cue);
    if (at >= 0 && (!best || at < best.at || (at === best.at && cue.at > cues[best.cue].at))) best = { cue: k, at };
  }
  return best;
}

// Verbs whose next words are not what was said ("told FRANCE 24", "called the raids …").
const NO_BARE_CLAUSE = new Set(['told', 'tell', 'tells', 'called', 'described', 'accused', 'accuses', 'posted', 'tweeted',
  'reported', 'reports', 'сказал', 'сказала', 'сказали', 'назвал', 'назвала', 'назвав', 'написал', 'написала']);

/** "Ponomarev claimed the group …": a clause follows the verb without "that". */
function opensBareClause(tokens: Token[], cue: Cue): boolean {
  const next = tokens[cue.after];
  return isWord(next) && !NO_BARE_CLAUSE.has(tokens[cue.at].lower) && !THAT.has(next.lower);
}

/** Index of "that"/"что"/"що" opening the cue's reported clause, within a few words of it. */
function thatAfter(tokens: Token[], cue: Cue): number {
  for (let i = cue.after; i < Math.min(tokens.length, cue.after + 6); i++) {
    if (isWord(tokens[i]) && THAT.has(tokens[i].lower)) return i;
    if (tokens[i].kind === 'quote' || (tokens[i].kind === 'punct' && tokens[i].text !== ',')) return -1;
  }
  return -1;
}

/** The reported clause runs to the sentence's end, or to ", calling …" that adds a separate quote. */
function clauseUntilParticiple(tokens: Token[], from: number, cues: Cue[]): Token[] {
  const participle = cues.find((c) => c.kind === 'participle' && c.at > from);
  const end = participle ? participle.at - 1 : tokens.length;
  return trimPunctuation(tokens.slice(from, end));
}

/** "…, he added." / "…, — заявил Пономарев.": the last cue sits after the sentence's last comma. */
function trailingAttribution(tokens: Token[], cues: Cue[]): number {
  const k = cues.length - 1;
  if (k < 0 || cues[k].kind !== 'verb') return -1;
  const comma = lastCommaBefore(tokens, cues[k].at);
  if (comma < 1 || cues[k].at - comma > 4 || tokens[comma - 1].kind === 'quote') return -1;
  const after = tokens.slice(cues[k].after).filter(isWord).length;
  return after <= 4 ? k : -1;
}

function lastCommaBefore(tokens: Token[], at: number): number {
  for (let i = at - 1; i >= 0; i--) if (tokens[i].text === ',') return i;
  return -1;
}

function nameLength(tokens: Token[], from: number): number {
  let n = 0;
  while (from + n < tokens.length && tokens[from + n].text !== ',') n++;
  return n + 1;
}

const trimPunctuation = (tokens: Token[]) => {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1].kind === 'punct') end--;
  return tokens.slice(0, end);
};


import { Span } from './sentences';

export type Language = 'en' | 'ru' | 'uk';

/** A number in the text with what it counts: "killing 70 fighters", "a 40-kilometre strip". */
export interface ProposedFigure extends Span {
  /** text.slice(start, end): the verb, qualifier, number, unit and counted words as written. */
  exact: string;
  low: number;
  /** The upper end of a range ("10–15", "between 10 and 15"), else null. */
  high: number | null;
  /** A unit of measure, normalised: 'km', 'mi', 'm', '%', 'kg', 't', 'ha'; null for plain counts. */
  unit: string | null;
  /** The counted words as written ("fighters", "strip", "человек"), null when only a unit follows. */
  counts: string | null;
  /** "more than", "около"… as written, or null. */
  qualifier: string | null;
  /** The verb right before ("killing", "убив"), or null. */
  verb: string | null;
}

const SPACE = '[ \\u00A0\\u202F\\u2009]';
// Thousands grouped with commas (English) or spaces (Russian, Ukrainian); decimals the other way.
const NUMBER: Record<Language, RegExp> = {
  en: /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/y,
  ru: new RegExp(`\\d{1,3}(?:${SPACE}\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?`, 'y'),
  uk: new RegExp(`\\d{1,3}(?:${SPACE}\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?`, 'y'),
};

const EN_NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

const MULTIPLIERS: [RegExp, number][] = [
  [/^(?:thousand|тысяч[аиу]?|тыс\.|тисяч[аіи]?|тис\.)/i, 1e3],
  [/^(?:million|millions|миллион(?:а|ов)?|млн\.?|мільйон(?:а|ів|и)?)/i, 1e6],
  [/^(?:billion|billions|миллиард(?:а|ов)?|млрд\.?|мільярд(?:а|ів|и)?)/i, 1e9],
];

const UNITS: [RegExp, string][] = [
  [/^(?:km|kilomet(?:re|er)s?|км|километр\p{L}*|кілометр\p{L}*)/iu, 'km'],
  [/^(?:miles?|мил[ьяи]\p{L}*|миль)/iu, 'mi'],
  [/^(?:per ?cent|percent|%|процент\p{L}*|відсот\p{L}*)/iu, '%'],
  [/^(?:metres?|meters?|метр\p{L}*)/iu, 'm'],
  [/^(?:kg|kilograms?|кг|килограмм\p{L}*|кілограм\p{L}*)/iu, 'kg'],
  [/^(?:tonnes?|tons?|тонн\p{L}*|тон\p{L}*)/iu, 't'],
  [/^(?:hectares?|гектар\p{L}*)/iu, 'ha'],
];

const MONTHS = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)/i;

const QUALIFIERS = [
  'more than', 'fewer than', 'less than', 'at least', 'up to', 'over', 'almost', 'nearly', 'about', 'around',
  'some', 'approximately', 'roughly', 'более', 'свыше', 'около', 'почти', 'не менее', 'порядка', 'примерно',
  'до', 'понад', 'більше', 'близько', 'майже', 'щонайменше', 'не менше', 'приблизно',
];
const VERBS_BEFORE = /^(?:\p{L}+(?:ing|ed)|killed|lost|shot|took|held|убив|уничтожив|потеряв|убито|погибли|погибло|ранены|вбивши|знищивши|загинули|загинуло|втратили|потеряли)$/iu;

// Words that end the counted phrase: prepositions, conjunctions, auxiliaries.
const STOP = new Set([
  'of', 'in', 'on', 'at', 'along', 'from', 'to', 'by', 'with', 'and', 'or', 'were', 'was', 'are', 'is', 'have', 'had',
  'has', 'will', 'would', 'who', 'which', 'that', 'than', 'the', 'a', 'an', 'per', 'inside', 'into', 'across',
  'в', 'во', 'на', 'по', 'из', 'с', 'со', 'к', 'от', 'до', 'и', 'или', 'а', 'но', 'что', 'были', 'было', 'был',
  'у', 'з', 'із', 'від', 'та', 'і', 'й', 'що', 'було', 'були', 'був', 'за', 'для', 'при', 'под', 'під', 'над',
]);

/** Every number in text[from, to) that counts or measures something, in order. */
export function findFigures(text: string, from: number, to: number, language: Language): ProposedFigure[] {
  const figures: ProposedFigure[] = [];
  const starts = /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b/giy;
  for (let i = from; i < to; i++) {
    if (/[\p{L}\p{N}]/u.test(text[i - 1] ?? ' ') && !/[\d]/.test(text[i])) continue;
    if (/\d/.test(text[i - 1] ?? ' ')) continue;
    starts.lastIndex = i;
    if (!starts.test(text)) continue;
    const figure = figureAt(text, i, to, language);
    if (figure) {
      figures.push(figure);
      i = figure.end - 1;
    }
  }
  return figures;
}

/** The figure whose number starts at i, or null if it is a year, a date, a name or counts nothing. */
function figureAt(text: string, i: number, to: number, language: Language): ProposedFigure | null {
  const first = numberAt(text, i, language);
  if (!first || !isCountable(text, i, first)) return null;
  let end = first.end;
  let low = first.value;
  let high: number | null = null;
  const range = /^\s?[\u2012-\u2015-]\s?(?=\d)/.exec(text.slice(end, end + 4)) ?? rangeWord(text, i, end);
  const second = range ? numberAt(text, end + range[0].length, language) : null;
  if (range && second) {
    high = second.value;
    end = second.end;
  }
  const multiplier = afterSpace(text, end, MULTIPLIERS);
  if (multiplier) {
    low *= multiplier.value;
    if (high !== null) high *= multiplier.value;
    end = multiplier.end;
  }
  const unit = afterSpace(text, end, UNITS, true);
  if (unit) end = unit.end;
  const counted = countedWords(text, end, to);
  if (!counted && !unit) return null;
  if (counted) end = counted.end;
  const { start, qualifier, verb } = wordsBefore(text, i);
  return { start, end, exact: text.slice(start, end), low, high, unit: unit?.name ?? null, counts: counted?.words ?? null, qualifier, verb };
}

/** " and " in "between 10 and 15", " до " in "от 10 до 15": only after the word that opens a range. */
function rangeWord(text: string, i: number, end: number): RegExpExecArray | null {
  if (!/(?:between|from|от|від)\s+$/i.test(text.slice(Math.max(0, i - 9), i))) return null;
  return /^\s+(?:and|to|до|и|і)\s+/i.exec(text.slice(end, end + 6));
}

function numberAt(text: string, i: number, language: Language): { value: number; end: number } | null {
  const word = /^[a-z]+/i.exec(text.slice(i, i + 10));
  if (word) {
    const value = EN_NUMBER_WORDS[word[0].toLowerCase()];
    return value ? { value, end: i + word[0].length } : null;
  }
  const re = NUMBER[language];
  re.lastIndex = i;
  const m = re.exec(text);
  if (!m) return null;
  const digits = language === 'en' ? m[0].replace(/,/g, '') : m[0].replace(/[ \u00A0\u202F\u2009]/g, '').replace(',', '.');
  return { value: Number(digits), end: i + m[0].length };
}

/** Not a year, a day of a month, a time, an ordinal, a model number ("Su-25") or part of a name ("FRANCE 24"). */
function isCountable(text: string, i: number, n: { value: number; end: number }): boolean {
  const raw = text.slice(i, n.end);
  const before = text.slice(Math.max(0, i - 12), i);
  const after = text.slice(n.end, n.end + 12);
  if (/^\d{4}$/.test(raw) && n.value >= 1800 && n.value <= 2100) return false;
  if (/^[:.]\d/.test(after) && /^\d+$/.test(raw)) return false;
  if (/^(?:st|nd|rd|th|-?(?:й|я|го|е|ї|ий|ого|ому))\b/u.test(after) && !/^-\p{L}{3,}/u.test(after)) return false;
  if (/\p{L}-$/u.test(before) || /\p{Lu}{2,}\s$/u.test(before) || /[#№]\s?$/.test(before)) return false;
  if (MONTHS.test(after.replace(/^\s+/, '')) || MONTHS.test(/(\p{L}+)\s+$/u.exec(before)?.[1] ?? '')) return false;
  return true;
}

function afterSpace(text: string, at: number, table: [RegExp, number | string][], hyphen = false) {
  const gap = (hyphen ? /^(?:\s|-)?/ : /^\s?/).exec(text.slice(at, at + 2))![0];
  const rest = text.slice(at + gap.length, at + gap.length + 20);
  for (const [re, v] of table) {
    const m = re.exec(rest);
    if (m && !/\p{L}/u.test(rest[m[0].length] ?? ' ') ) {
      return { end: at + gap.length + m[0].length, value: v as number, name: v as string };
    }
  }
  return null;
}

/** One to three words after the number: adjectives then the counted noun ("Ukrainian fighters"). */
function countedWords(text: string, at: number, to: number): { words: string; end: number } | null {
  const re = /\s+([\p{L}][\p{L}\p{M}'’-]*)/uy;
  let end = at;
  let wordsStart = -1;
  for (let k = 0; k < 3; k++) {
    re.lastIndex = end;
    const m = re.exec(text);
    if (!m || re.lastIndex > to || STOP.has(m[1].toLowerCase())) break;
    if (k > 0 && !isAdjective(text.slice(wordsStart, end))) break;
    if (wordsStart < 0) wordsStart = end + m[0].length - m[1].length;
    end = re.lastIndex;
  }
  return wordsStart < 0 ? null : { words: text.slice(wordsStart, end), end };
}

const isAdjective = (words: string) => {
  const last = words.split(/\s+/).pop() ?? '';
  return /^\p{Lu}/u.test(last) || /(?:ian|ish|ese|an|al|ary|ive|ic)$/.test(last)
    || /(?:ых|их|ие|ые|ий|ый|ая|ую|ой|ого|ими|ні|ні|ких|кі|ські|ських)$/u.test(last);
};

function wordsBefore(text: string, i: number): { start: number; qualifier: string | null; verb: string | null } {
  let start = i;
  let qualifier: string | null = null;
  const before = text.slice(Math.max(0, i - 24), i).toLowerCase();
  const q = QUALIFIERS.find((w) => before.endsWith(`${w} `) && !/\p{L}/u.test(before[before.length - w.length - 2] ?? ' '));
  if (q) {
    start = i - q.length - 1;
    qualifier = text.slice(start, i - 1);
  }
  const m = /(\p{L}+)\s+$/u.exec(text.slice(Math.max(0, start - 24), start));
  let verb: string | null = null;
  if (m && VERBS_BEFORE.test(m[1]) && !/^(?:during|according|including|following)$/i.test(m[1])) {
    verb = m[1];
    start -= m[0].length;
  }
  return { start, qualifier, verb };
}

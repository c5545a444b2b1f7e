import {
  matchVerbatim, normaliseForQuoteMatch, resolveAnchor, selectorsFor, sentenceAround, splitSentences, webAnnotationSelectors,
} from '../server/lib/intake';

const TEXT = 'Ponomarev claimed the group “didn’t lose a single soldier” and is making progress. '
  + 'He denied claims that they had lost fighters. Later he repeated: “We didn’t lose a single soldier.”';

const start = TEXT.indexOf('didn’t lose');
const end = start + 'didn’t lose a single soldier'.length;

describe('anchors (W3C Web Annotation selectors)', () => {
  test('hold the exact passage, 32 characters either side and the offsets', () => {
    const s = selectorsFor(TEXT, start, end);
    expect(s.TextQuoteSelector).toEqual({ exact: 'didn’t lose a single soldier', prefix: TEXT.slice(Math.max(0, start - 32), start), suffix: TEXT.slice(end, end + 32) });
    expect(s.TextPositionSelector).toEqual({ start, end });
    expect(webAnnotationSelectors(s)).toEqual([
      { type: 'TextQuoteSelector', ...s.TextQuoteSelector }, { type: 'TextPositionSelector', start, end },
    ]);
    expect(() => selectorsFor(TEXT, 10, TEXT.length + 1)).toThrow(RangeError);
  });

  test('resolve by position when the text is unchanged', () => {
    expect(resolveAnchor(TEXT, selectorsFor(TEXT, start, end))).toEqual({ start, end, by: 'position' });
  });

  test('survive a re-captured text whose offsets moved, choosing the occurrence whose context matches', () => {
    const later = TEXT.lastIndexOf('didn’t lose');
    const selectors = selectorsFor(TEXT, later, later + 28);
    const recaptured = `Updated 12:00. ${TEXT.replace('making progress', 'making some progress')}`;
    const found = resolveAnchor(recaptured, selectors)!;
    expect(found.by).toBe('quote');
    expect(recaptured.slice(found.start, found.end)).toBe('didn’t lose a single soldier');
    expect(found.start).toBe(recaptured.lastIndexOf('didn’t lose'));
  });

  test('survive a re-capture that straightened the quote marks, and give up when the words are gone', () => {
    const selectors = selectorsFor(TEXT, start, end);
    const straightened = TEXT.replace(/’/g, '\'').replace(/[“”]/g, '"');
    const found = resolveAnchor(straightened, selectors)!;
    expect([found.by, straightened.slice(found.start, found.end)]).toEqual(['normalised-quote', 'didn\'t lose a single soldier']);
    expect(resolveAnchor('An unrelated text about something else.', selectors)).toBeNull();
  });
});

describe('verbatim check', () => {
  test('normalising changes quote marks, apostrophes, dashes and spaces, nothing else', () => {
    expect(normaliseForQuoteMatch('  «Мы — „здесь“»,\n\tsaid  O’Brien – didn‘t ')).toBe('"Мы - "здесь"", said O\'Brien - didn\'t');
    expect(normaliseForQuoteMatch('Didn’t LOSE')).toBe('Didn\'t LOSE');
    expect(normaliseForQuoteMatch('soldier…')).toBe('soldier…');
  });

  test('finds the quote in the document and gives the document’s own offsets', () => {
    const m = matchVerbatim(TEXT, 'didn\'t  lose a single\nsoldier');
    expect(m).toEqual({ found: true, start, end: start + 28, exact: 'didn’t lose a single soldier' });
  });

  test('with a position hint, the nearest occurrence', () => {
    const later = TEXT.lastIndexOf('didn’t lose');
    const m = matchVerbatim(TEXT, 'didn’t lose a single soldier', later - 5);
    expect(m.found && m.start).toBe(later);
  });

  test('refuses a changed word, a changed case or half a word, offering the closest passage', () => {
    for (const quote of ['didn’t lose one single soldier', 'Didn’t lose a single soldier', 'idn’t lose a single soldie']) {
      const m = matchVerbatim(TEXT, quote);
      expect(m.found).toBe(false);
      if (!m.found) {
        expect(m.closest?.exact).toMatch(/lose a single soldier/);
        expect(m.closest!.similarity).toBeGreaterThan(0.5);
      }
    }
  });

  test('a quote that is nowhere near the document has no closest passage', () => {
    expect(matchVerbatim(TEXT, 'Совсем другие слова')).toEqual({ found: false, closest: null });
    expect(matchVerbatim(TEXT, '  ')).toEqual({ found: false, closest: null });
  });
});

describe('sentences', () => {
  test('the sentence around a passage', () => {
    const at = TEXT.indexOf('lost fighters');
    expect(sentenceAround(TEXT, at, at + 5).exact).toBe('He denied claims that they had lost fighters.');
  });

  test('quotes, abbreviations and initials do not end a sentence; a closing quote after a full stop can', () => {
    const text = '“We will win. We will be there,” he said. Mr. Smith met V. Putin in the U.S. on Monday. '
      + '«Мы победим», — заявил г. Иванов. Then: “It is over.” She left.\nA heading\nand a wrapped line.';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      '“We will win. We will be there,” he said.',
      'Mr. Smith met V. Putin in the U.S. on Monday.',
      '«Мы победим», — заявил г. Иванов.',
      'Then: “It is over.”',
      'She left.',
      'A heading\nand a wrapped line.',
    ]);
  });
});

describe('large hostile input', () => {
  test('100 kB of unclosed quotes, digits and apostrophes takes a second or so, not minutes', async () => {
    const { proposeCandidates } = await import('../server/lib/intake');
    const text = '“a ‘b 1,000 «c „d \' e said that 12 '.repeat(3000);
    const started = Date.now();
    proposeCandidates(text);
    matchVerbatim(text, 'nothing like this here at all');
    expect(Date.now() - started).toBeLessThan(10000);
  });
});

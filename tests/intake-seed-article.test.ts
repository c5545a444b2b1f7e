import fs from 'node:fs';
import path from 'node:path';
import { matchVerbatim, normaliseForQuoteMatch, proposeCandidates } from '../server/lib/intake';

// The founding case's article (FRANCE 24 interview with Ilya Ponomarev), readers' comments included.
const article = fs.readFileSync(path.join(__dirname, 'fixtures/seed-article.txt'), 'utf8');
const candidates = proposeCandidates(article, { language: 'en' });
const verbatim = candidates.filter((c) => c.kind === 'verbatim');

const QUOTE_MARKS = /[“”"‘’'«»„]/;

describe('candidates from the founding article', () => {
  test('every proposed quote is character-exact and sits between quote marks', () => {
    for (const c of candidates) expect(article.slice(c.passage.start, c.passage.end)).toBe(c.passage.exact);
    for (const c of verbatim) {
      expect(article[c.passage.start - 1]).toMatch(QUOTE_MARKS);
      expect(article.slice(c.passage.end, c.passage.end + 2)).toMatch(QUOTE_MARKS);
    }
  });

  test('what it proposes as quotes, and whose', () => {
    expect(verbatim.map((c) => [c.passage.exact, c.speaker, c.speakerBasis])).toEqual([
      ['didn’t lose a single soldier', 'Pro-Kyiv Russian group', 'named'], // the headline
      ['didn’t lose a single soldier', 'Ponomarev', 'named'],
      ['our guys will be in Moscow and Putin will not be in the Kremlin', 'Ponomarev', 'pronoun'],
      ['didn’t lose a single soldier', 'Ponomarev', 'named'],
      ['green light', 'Ponomarev', 'named'],
      ['are part of the Ukrainian military', 'Ponomarev', 'named'],
      ['not a single Ukrainian soldier has entered Russian soil', 'Ponomarev', 'description'], // "the former Russian lawmaker"
      ['a totally autonomous operation by Russians inside Russia', 'Ponomarev', 'description'],
      // A reader's comment quoting the article: a whole sentence in quote marks, nobody named.
      ['Ultimately, ‘our guys will be in Moscow and Putin will not be in the Kremlin…\'', null, null],
    ]);
    expect(verbatim.filter((c) => c.repeats).map((c) => c.passage.exact)).toEqual(['didn’t lose a single soldier', 'didn’t lose a single soldier']);
  });

  test('what it proposes as reported speech and figures', () => {
    // The article has a no-break space in "70 fighters": compared after normalising spaces.
    const plain = normaliseForQuoteMatch;
    const paraphrases = candidates.filter((c) => c.kind === 'paraphrase').map((c) => [plain(c.text), c.speaker]);
    expect(paraphrases).toContainEqual(['they have crushed the paramilitary forces, killing 70 fighters', 'Russian authorities']);
    expect(paraphrases.map(([, speaker]) => speaker)).not.toContain(null);
    const figures = candidates.filter((c) => c.kind === 'figure').map((c) => [plain(c.passage.exact), c.figures[0].low, c.figures[0].unit, c.speaker]);
    expect(figures).toEqual([
      ['killing 70 fighters', 70, null, 'Russian authorities'],
      ['40-kilometre strip', 40, 'km', 'Ponomarev'],
      ['9 years', 9, null, null], // a reader's comment
    ]);
    const strip = candidates.find((c) => c.kind === 'figure' && c.figures[0].low === 40)!;
    expect(candidates.find((c) => c.id === strip.claimId)?.passage.exact).toMatch(/^Along with the far-right Russian Volunteer Corps/);
  });

  test('no sentence of the article’s own narration is proposed as a quote', () => {
    const narration = ['FRANCE 24 spoke to exiled Russian opposition figure Ilya Ponomarev', 'He denied claims by Russian authorities'];
    for (const words of narration) expect(verbatim.some((c) => c.passage.exact.includes(words))).toBe(false);
  });

  test.each([
    'didn’t lose a single soldier',
    'not a single Ukrainian soldier has entered Russian soil',
    'a totally autonomous operation by Russians inside Russia',
    'are part of the Ukrainian military',
  ])('the seeded verbatim claim "%s" is proposed, by Ponomarev, and matches the text exactly', (quote) => {
    expect(verbatim.some((c) => c.passage.exact === quote && c.speaker === 'Ponomarev')).toBe(true);
    const match = matchVerbatim(article, quote);
    expect(match.found && article.slice(match.start, match.end)).toBe(quote);
  });
});

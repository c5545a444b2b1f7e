import { Candidate, proposeCandidates } from '../server/lib/intake';

// What a sentence gives, in a shape easy to read in a failure: kind, passage, speaker.
const verbatims = (text: string) => proposeCandidates(text).filter((c) => c.kind === 'verbatim').map((c) => [c.passage.exact, c.speaker]);
const paraphrases = (text: string) => proposeCandidates(text).filter((c) => c.kind === 'paraphrase').map((c) => [c.text, c.speaker]);
const figures = (text: string) => proposeCandidates(text).filter((c) => c.kind === 'figure')
  .map((c) => ({ exact: c.passage.exact, low: c.figures[0].low, high: c.figures[0].high, unit: c.figures[0].unit, counts: c.figures[0].counts }));

function expectExact(text: string, candidates: Candidate[]) {
  for (const c of candidates) expect(text.slice(c.passage.start, c.passage.end)).toBe(c.passage.exact);
}

describe('English', () => {
  test('a quote with the name after it', () => {
    expect(verbatims('“We will be in Moscow by summer,” Ponomarev said.')).toEqual([['We will be in Moscow by summer', 'Ponomarev']]);
  });

  test('an inverted attribution with a title before the name', () => {
    expect(verbatims('“Nobody was hurt,” said Defence Minister Sergei Shoigu.')).toEqual([['Nobody was hurt', 'Sergei Shoigu']]);
  });

  test('a name with an apposition between it and the verb', () => {
    const text = 'Ilya Ponomarev, the political representative of the Legion, said the raids were “a totally autonomous operation”.';
    expect(verbatims(text)).toEqual([['a totally autonomous operation', 'Ilya Ponomarev']]);
  });

  test('a pronoun points back to the last person named', () => {
    const text = 'Ponomarev said the Legion was advancing. “Our guys will be in Moscow,” he predicted.';
    const quote = proposeCandidates(text).find((c) => c.kind === 'verbatim')!;
    expect([quote.passage.exact, quote.speaker, quote.speakerBasis]).toEqual(['Our guys will be in Moscow', 'Ponomarev', 'pronoun']);
    expect(text.slice(quote.speakerMention!.start, quote.speakerMention!.end)).toBe('he');
  });

  test('a role ("the former lawmaker") points back to the last person named', () => {
    const text = 'Ponomarev spoke from Kyiv. Ponomarev said so. The former Russian lawmaker insisted that “not a single Ukrainian soldier has entered Russian soil”.';
    expect(verbatims(text)).toEqual([['not a single Ukrainian soldier has entered Russian soil', 'Ponomarev']]);
  });

  test('"told <outlet>:" names whom it was told to: the speaker is the subject', () => {
    expect(verbatims('Ilya Ponomarev told FRANCE 24: “We didn’t lose a single soldier.”')).toEqual([['We didn’t lose a single soldier.', 'Ilya Ponomarev']]);
    expect(verbatims('Пономарев сказал Би-би-си: «Мы не потеряли ни одного бойца».')).toEqual([['Мы не потеряли ни одного бойца', 'Пономарев']]);
  });

  test('straight quotes and a named body', () => {
    expect(verbatims('"We lost nobody," Russian authorities said in a statement.')).toEqual([['We lost nobody', 'Russian authorities']]);
  });

  test('nested quotes: the inner one is proposed inside the outer one', () => {
    const text = 'Zelensky told reporters: “The soldiers told me, ‘We are not leaving,’ and they meant it.”';
    const found = proposeCandidates(text).filter((c) => c.kind === 'verbatim');
    expect(found.map((c) => c.passage.exact)).toEqual(['The soldiers told me, ‘We are not leaving,’ and they meant it.', 'We are not leaving']);
    expect(found[0].speaker).toBe('Zelensky');
    expect(found[1].insideQuote).toBe(found[0].id);
    expectExact(text, found);
  });

  test('a quote standing alone takes the speaker of the sentence before it', () => {
    const text = 'Ponomarev said the Legion would keep going. “We are not going to stop now.”';
    const quote = proposeCandidates(text).find((c) => c.kind === 'verbatim')!;
    expect([quote.passage.exact, quote.speaker, quote.speakerBasis]).toEqual(['We are not going to stop now.', 'Ponomarev', 'context']);
  });

  test('reported speech with "that" is a paraphrase', () => {
    expect(paraphrases('Russian authorities said that they had crushed the paramilitary forces.'))
      .toEqual([['they had crushed the paramilitary forces', 'Russian authorities']]);
  });

  test('"according to" is a paraphrase, and its number a figure', () => {
    const text = 'According to Ukrainian officials, 17,000 people were evacuated from the border villages.';
    expect(paraphrases(text).map(([, speaker]) => speaker)).toEqual(['Ukrainian officials']);
    expect(figures(text)).toEqual([{ exact: '17,000 people', low: 17000, high: null, unit: null, counts: 'people' }]);
  });

  test('"according to" at the end leaves the reported words without it', () => {
    expect(paraphrases('The bridge was destroyed by a missile strike, according to the Defence Ministry.'))
      .toEqual([['The bridge was destroyed by a missile strike', 'Defence Ministry']]);
  });

  test('numbers with what they count, verbs and qualifiers included', () => {
    const text = 'Russia said it had destroyed 12 tanks and killed more than 70 fighters along a 40-kilometre strip.';
    expect(figures(text)).toEqual([
      { exact: 'destroyed 12 tanks', low: 12, high: null, unit: null, counts: 'tanks' },
      { exact: 'killed more than 70 fighters', low: 70, high: null, unit: null, counts: 'fighters' },
      { exact: '40-kilometre strip', low: 40, high: null, unit: 'km', counts: 'strip' },
    ]);
  });

  test('a capitalised name that looks like a verb is not one, and a number is not a speaker', () => {
    expect(verbatims('The United States said the strike was “unacceptable”.')).toEqual([['unacceptable', 'United States']]);
    expect(proposeCandidates('He rejected claims of 70 dead.').filter((c) => c.speaker === '70')).toEqual([]);
  });

  test('a range', () => {
    expect(figures('Officials said between 10 and 15 soldiers were wounded.').map((f) => [f.low, f.high, f.counts])).toEqual([[10, 15, 'soldiers']]);
  });

  test.each([
    ['scare quotes around a term', 'The raids were a “game changer” for the war.'],
    ['the so-called', 'Ponomarev said the so-called “referendum” was a sham.'],
    ['a date and a year', 'The raids began on 22 May 2023 near the village of Kozinka.'],
    ['a number inside a name', 'FRANCE 24 spoke to Ponomarev in Kyiv.'],
    ['a headline-style title in quotes', 'The film “Winter on Fire” was shown in Kyiv.'],
    ['a title in a sentence that quotes nobody', 'Ponomarev said the novel “War and Peace” was his favourite.'],
  ])('no candidate: %s', (_why, text) => {
    expect(proposeCandidates(text).filter((c) => c.kind === 'verbatim')).toEqual([]);
    if (!/said/.test(text)) expect(proposeCandidates(text)).toEqual([]);
  });
});

describe('Russian', () => {
  test('«…», — заявил Имя', () => {
    expect(verbatims('«Мы не потеряли ни одного бойца», — заявил Пономарев.')).toEqual([['Мы не потеряли ни одного бойца', 'Пономарев']]);
  });

  test('глава МИД России Сергей Лавров: the title is not the name', () => {
    expect(verbatims('«Это провокация», — заявил журналистам глава МИД России Сергей Лавров.')).toEqual([['Это провокация', 'Сергей Лавров']]);
  });

  test('reported speech with «что» and its figure', () => {
    const text = 'Пономарев заявил, что легион контролирует 40-километровую полосу вдоль границы.';
    expect(paraphrases(text)).toEqual([['легион контролирует 40-километровую полосу вдоль границы', 'Пономарев']]);
    expect(figures(text)).toEqual([{ exact: '40-километровую полосу', low: 40, high: null, unit: 'km', counts: 'полосу' }]);
  });

  test('«по словам» names the source', () => {
    expect(paraphrases('По словам Пономарева, добровольцы продвигаются вглубь России.').map(([, s]) => s)).toEqual(['Пономарева']);
  });

  test('«он» points back to the last person named', () => {
    const text = 'Пономарев сказал, что легион наступает. «Наши ребята будут в Москве», — добавил он.';
    const quote = proposeCandidates(text).find((c) => c.kind === 'verbatim')!;
    expect([quote.passage.exact, quote.speaker, quote.speakerBasis]).toEqual(['Наши ребята будут в Москве', 'Пономарев', 'pronoun']);
  });

  test('„…“ inside «…»', () => {
    const text = '«Он сказал мне: „Мы не уйдём“», — рассказал командир Иван Петров.';
    const found = proposeCandidates(text).filter((c) => c.kind === 'verbatim');
    expect(found.map((c) => [c.passage.exact, c.speaker])).toEqual([['Он сказал мне: „Мы не уйдём“', 'Иван Петров'], ['Мы не уйдём', null]]);
    expectExact(text, found);
  });

  test('a body with a lower-case adjective, and thousands in words', () => {
    const text = 'Российские власти утверждают, что 17 тысяч человек были эвакуированы.';
    expect(paraphrases(text).map(([, s]) => s)).toEqual(['Российские власти']);
    expect(figures(text)).toEqual([{ exact: '17 тысяч человек', low: 17000, high: null, unit: null, counts: 'человек' }]);
  });

  test('a figure in a report by a ministry', () => {
    const found = proposeCandidates('Минобороны России сообщило об уничтожении 70 боевиков.');
    const figure = found.find((c) => c.kind === 'figure')!;
    expect([figure.passage.exact, figure.figures[0].low, figure.speaker]).toEqual(['70 боевиков', 70, 'Минобороны России']);
  });

  test('a publication named in quote marks is a speaker, not a quote', () => {
    const text = '«Коммерсантъ» сообщил, что переговоры в Стамбуле сорваны.';
    expect(verbatims(text)).toEqual([]);
    expect(paraphrases(text)).toEqual([['переговоры в Стамбуле сорваны', 'Коммерсантъ']]);
  });

  test.each([
    ['так называемый', 'Так называемый «референдум» прошёл в сентябре.'],
    ['scare quotes', 'Этот «зелёный свет» стал неожиданностью для многих.'],
    ['a year', 'В Белгороде прошёл митинг в 2023 году.'],
  ])('no candidate: %s', (_why, text) => {
    expect(proposeCandidates(text)).toEqual([]);
  });
});

describe('Ukrainian', () => {
  test('«…», — заявив Ім’я', () => {
    expect(verbatims('«Ми не втратили жодного бійця», — заявив Пономарьов.')).toEqual([['Ми не втратили жодного бійця', 'Пономарьов']]);
  });

  test('reported speech with «що» and a measured figure', () => {
    const text = 'Пономарьов заявив, що легіон контролює смугу завдовжки 40 кілометрів.';
    expect(paraphrases(text)).toEqual([['легіон контролює смугу завдовжки 40 кілометрів', 'Пономарьов']]);
    expect(figures(text)).toEqual([{ exact: '40 кілометрів', low: 40, high: null, unit: 'km', counts: null }]);
  });

  test('«за словами» names the source', () => {
    expect(paraphrases('За словами Пономарьова, добровольці просуваються вглиб Росії.').map(([, s]) => s)).toEqual(['Пономарьова']);
  });

  test('«він» points back to the last person named', () => {
    const text = 'Пономарьов сказав, що легіон наступає. «Наші хлопці будуть у Москві», — додав він.';
    const quote = proposeCandidates(text).find((c) => c.kind === 'verbatim')!;
    expect([quote.passage.exact, quote.speaker, quote.speakerBasis]).toEqual(['Наші хлопці будуть у Москві', 'Пономарьов', 'pronoun']);
  });

  test('„…“ inside «…», said by a woman', () => {
    const text = '«Командир сказав нам: „Ми не відступимо“», — розповіла Олена Коваль.';
    const found = proposeCandidates(text).filter((c) => c.kind === 'verbatim');
    expect(found.map((c) => c.passage.exact)).toEqual(['Командир сказав нам: „Ми не відступимо“', 'Ми не відступимо']);
    expect(found[0].speaker).toBe('Олена Коваль');
  });

  test('the General Staff and its figure', () => {
    const text = 'Генштаб ЗСУ повідомив, що протягом доби було знищено 12 танків.';
    expect(paraphrases(text)).toEqual([['протягом доби було знищено 12 танків', 'Генштаб ЗСУ']]);
    expect(figures(text).map((f) => [f.low, f.counts])).toEqual([[12, 'танків']]);
  });

  test('«за даними» with a qualifier and grouped thousands', () => {
    const text = 'За даними ООН, понад 17 000 людей залишили свої домівки.';
    expect(paraphrases(text).map(([, s]) => s)).toEqual(['ООН']);
    expect(figures(text)).toEqual([{ exact: 'понад 17 000 людей', low: 17000, high: null, unit: null, counts: 'людей' }]);
  });

  test('a woman’s reported words with a pronoun', () => {
    const text = 'Олена Коваль заявила, що евакуація триває. Вона додала: «Ми працюємо цілодобово».';
    expect(verbatims(text)).toEqual([['Ми працюємо цілодобово', 'Олена Коваль']]);
  });

  test.each([
    ['так званий', 'Так званий «референдум» відбувся у вересні.'],
    ['scare quotes', 'Цей «зелений коридор» з’явився несподівано.'],
    ['a date', 'Вибори відбулися 25 травня 2014 року.'],
  ])('no candidate: %s', (_why, text) => {
    expect(proposeCandidates(text)).toEqual([]);
  });
});

describe('every candidate', () => {
  test('is the same for the same text and its passage is character-exact', () => {
    const text = 'Пономарев заявил: «Мы победим». “We will win,” he said. According to the UN, 17,000 people fled.';
    const first = proposeCandidates(text);
    expect(proposeCandidates(text)).toEqual(first);
    expect(first.length).toBeGreaterThan(2);
    expectExact(text, first);
  });
});

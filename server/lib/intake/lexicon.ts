// The words the intake rules look for, in English, Russian and Ukrainian, all lower case.

const EN_VERBS = [
  'say', 'said', 'says', 'saying', 'tell', 'told', 'tells', 'telling', 'write', 'wrote', 'writes', 'writing',
  'claim', 'claimed', 'claims', 'claiming', 'insist', 'insisted', 'insists', 'insisting', 'deny', 'denied', 'denies',
  'denying', 'acknowledge', 'acknowledged', 'acknowledges', 'acknowledging', 'add', 'added', 'adds', 'adding',
  'predict', 'predicted', 'predicts', 'predicting', 'state', 'stated', 'states', 'declared', 'declares', 'announced',
  'announces', 'argued', 'argues', 'asserted', 'asserts', 'warned', 'warns', 'explained', 'explains', 'noted', 'notes',
  'admitted', 'admits', 'confirmed', 'confirms', 'replied', 'replies', 'responded', 'stressed', 'stresses',
  'maintained', 'maintains', 'alleged', 'alleges', 'promised', 'promises', 'vowed', 'vows', 'suggested', 'suggests',
  'concluded', 'remarked', 'tweeted', 'posted', 'reported', 'reports', 'calling', 'called', 'described', 'describing',
  'boasted', 'conceded', 'recalled', 'emphasised', 'emphasized', 'threatened', 'pledged', 'revealed', 'believes',
  'estimated', 'estimates', 'accused', 'accuses',
];

// Participles and gerunds take their speaker from the sentence's main clause.
export const PARTICIPLES = new Set([
  'saying', 'telling', 'writing', 'claiming', 'insisting', 'denying', 'acknowledging', 'adding', 'predicting',
  'calling', 'describing', 'сказав', 'заявив', 'сообщив', 'написав', 'отметив', 'признав', 'добавив', 'подчеркнув',
  'пояснив', 'назвав', 'сказавши', 'заявивши', 'повідомивши', 'написавши', 'зазначивши', 'визнавши', 'додавши',
  'наголосивши', 'підкресливши', 'назвавши', 'утверждая', 'отрицая', 'настаивая', 'стверджуючи', 'заперечуючи',
]);

// Verbs whose object, not subject, follows them ("told FRANCE 24").
export const ADDRESSEE_FOLLOWS = new Set(['tell', 'told', 'tells', 'telling', 'сказал', 'сказала', 'сказали', 'сказав']);

// Russian and Ukrainian past forms are built from stems: заяви+л/ла/ли (ru), заяви+в/ла/ли (uk),
// and the Russian adverbial participle заяви+в.
const SLAVIC_PAST_STEMS = [
  'сказа', 'заяви', 'сообщи', 'написа', 'отмети', 'призна', 'отрица', 'добави', 'утвержда', 'подчеркну', 'поясни',
  'рассказа', 'ответи', 'уточни', 'предупреди', 'настаива', 'замети', 'предсказа', 'спрогнозирова', 'обеща',
  'объясни', 'опроверг', 'заверил', 'назва', 'повідоми', 'зазначи', 'визна', 'заперечи', 'заперечува', 'дода',
  'стверджува', 'наголоси', 'підкресли', 'розповіл', 'розповi', 'розпові', 'відповi', 'відпові', 'поясни',
  'попереди', 'переконува', 'пообіця', 'спрогнозува', 'передбачи', 'заяви', 'написа', 'сказа', 'повідомля',
];
const SLAVIC_PAST_ENDINGS = ['л', 'ла', 'ли', 'ло', 'в', 'вши'];
const SLAVIC_PRESENT = [
  'говорит', 'говорят', 'заявляет', 'заявляют', 'сообщает', 'сообщают', 'пишет', 'пишут', 'утверждает', 'утверждают',
  'добавляет', 'отмечает', 'признает', 'признаёт', 'отрицает', 'настаивает', 'подчеркивает', 'подчёркивает',
  'считает', 'считают', 'полагает', 'уверяет', 'каже', 'кажуть', 'заявляє', 'заявляють', 'повідомляє',
  'повідомляють', 'пише', 'пишуть', 'стверджує', 'стверджують', 'додає', 'зазначає', 'зазначають', 'визнає',
  'заперечує', 'наголошує', 'підкреслює', 'вважає', 'вважають', 'утверждая', 'отрицая', 'настаивая',
  'стверджуючи', 'заперечуючи', 'сказавши', 'заявивши',
];

const VERBS = new Set([...EN_VERBS, ...SLAVIC_PRESENT, ...PARTICIPLES]);
const SLAVIC_PAST = new RegExp(`^(?:${[...new Set(SLAVIC_PAST_STEMS)].join('|')})(?:${SLAVIC_PAST_ENDINGS.join('|')})$`);

/** Whether a (lower-cased) word is a verb that attributes words to someone: said, заявил, повідомила… */
export function isAttributionVerb(word: string): boolean {
  return VERBS.has(word) || SLAVIC_PAST.test(word);
}

// The word that opens a reported clause: "said that…", "заявил, что…", "заявив, що…".
export const THAT = new Set(['that', 'что', 'що', 'мол', 'будто']);

// Nouns that report someone's words: "claims by Russian authorities that…".
export const CLAIM_NOUNS = new Set(['claim', 'claims', 'statement', 'statements', 'assertion', 'assertions', 'allegation',
  'allegations', 'заявление', 'заявления', 'заявлениям', 'утверждения', 'утверждение', 'заява', 'заяви', 'твердження']);

// Phrases whose next words name the source: "according to X", "по словам X", "за даними X".
export const ACCORDING_TO: string[][] = [
  ['according', 'to'], ['по', 'словам'], ['по', 'данным'], ['по', 'информации'], ['по', 'заявлению'],
  ['по', 'мнению'], ['за', 'словами'], ['за', 'даними'], ['за', 'інформацією'], ['на', 'думку'], ['как', 'сообщил'],
  ['как', 'сообщили'], ['как', 'заявил'], ['як', 'повідомив'], ['як', 'повідомили'], ['як', 'заявив'],
];

export const PRONOUNS: Record<string, 'person' | 'any'> = {
  he: 'person', she: 'person', they: 'any', it: 'any', он: 'person', она: 'person', они: 'any', оно: 'any',
  він: 'person', вона: 'person', вони: 'any', воно: 'any',
};

// Words that name a role: "the former Russian lawmaker insisted" points back to the last person named.
const ROLE_STEMS = [
  'lawmaker', 'politician', 'spokes', 'minister', 'president', 'commander', 'leader', 'representative', 'figure',
  'activist', 'lawyer', 'analyst', 'expert', 'general', 'colonel', 'mayor', 'governor', 'ambassador', 'chief', 'head',
  'founder', 'officer', 'spokesperson', 'deputy', 'senator', 'chairman', 'chairwoman', 'secretary', 'premier',
  'депутат', 'политик', 'министр', 'президент', 'командир', 'представител', 'глава', 'спикер', 'губернатор', 'мэр',
  'генерал', 'полковник', 'премьер', 'посол', 'политолог', 'эксперт', 'аналитик', 'основател', 'лидер', 'секретар',
  'політик', 'міністр', 'представник', 'голова', 'речни', 'мер', 'засновник', 'лідер', 'експерт', 'аналітик',
];
// Words that name a body: "Russian authorities said", "власти России заявили".
const BODY_STEMS = [
  'authorit', 'official', 'ministr', 'government', 'military', 'army', 'police', 'prosecutor', 'office', 'department',
  'agency', 'service', 'command', 'forces', 'group', 'kremlin', 'council', 'committee', 'parliament', 'spokesperson',
  'власт', 'министерств', 'минобороны', 'ведомств', 'правительств', 'военн', 'чиновник', 'пресс-служб', 'штаб',
  'генштаб', 'командован', 'прокуратур', 'кремл', 'группа', 'групп', 'влада', 'влади', 'владі', 'міністерств', 'міноборони', 'відомств',
  'уряд', 'військов', 'посадов', 'прес-служб', 'командуван', 'група', 'групи', 'мзс', 'мид', 'суд', 'совет', 'рада',
];

// A long stem matches any ending; a short one only a few endings ("head" is not "headed").
const SHORT_ENDINGS = /^(?:|s|es|а|ы|и|у|ом|ов|ів|і|е|я|ь)$/;
const matchesStem = (word: string, stem: string) =>
  word.startsWith(stem) && (stem.length >= 5 || SHORT_ENDINGS.test(word.slice(stem.length)));
const startsWithAny = (word: string, stems: string[]) => stems.some((s) => matchesStem(word, s));
export const isRoleWord = (lower: string) => startsWithAny(lower, ROLE_STEMS);
export const isBodyWord = (lower: string) => startsWithAny(lower, BODY_STEMS) && !isRoleWord(lower);

// Words between a subject and its verb: "Ponomarev also said", "он также заявил".
export const ADVERBS = new Set([
  'also', 'later', 'then', 'previously', 'further', 'again', 'repeatedly', 'reportedly', 'earlier', 'once', 'has',
  'have', 'had', 'was', 'were', 'is', 'not', 'never', 'publicly', 'openly', 'recently', 'subsequently', 'firmly', 'flatly', 'strongly', 'confidently', 'proudly', 'however', 'и', 'также', 'тоже', 'еще', 'ещё',
  'же', 'вновь', 'снова', 'позже', 'затем', 'ранее', 'неоднократно', 'уже', 'не', 'також', 'теж', 'ще', 'згодом',
  'потім', 'раніше', 'вже', 'знову', 'публично', 'публічно', 'прямо', 'открыто', 'відкрито',
]);

// Capitalised words that begin sentences without naming anyone.
export const NOT_NAMES = new Set([
  'the', 'a', 'an', 'but', 'and', 'yet', 'so', 'in', 'on', 'at', 'for', 'from', 'with', 'as', 'by', 'after', 'before',
  'when', 'while', 'nevertheless', 'however', 'meanwhile', 'still', 'ultimately', 'yesterday', 'today', 'on', 'this',
  'that', 'these', 'those', 'there', 'here', 'now', 'then', 'speaking', 'asked', 'also', 'later', 'earlier',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'i', 'we', 'you', 'our', 'my',
  'вчера', 'сегодня', 'завтра', 'но', 'однако', 'также', 'тогда', 'затем', 'позже', 'ранее', 'как', 'в', 'во', 'на',
  'при', 'по', 'а', 'и', 'это', 'этот', 'эти', 'кроме', 'вместе', 'впрочем', 'тем', 'учора', 'сьогодні', 'але',
  'проте', 'однак', 'також', 'тоді', 'потім', 'згодом', 'раніше', 'як', 'у', 'і', 'й', 'та', 'це', 'цей', 'ці',
  'водночас', 'между', 'між', 'я', 'мы', 'ми', 'ты', 'ти', 'вы', 'ви', 'наш', 'наші', 'наши',
]);

// Words that join the parts of a name: "Freedom of Russia Legion", "Ministry of Defence".
export const NAME_CONNECTORS = new Set(['of', 'for', 'de', 'da', 'van', 'von', 'bin', 'al', 'the', 'and']);

// Terms whose quotes are the writer's distance, never someone's words: "the so-called “referendum”".
export const SO_CALLED = new Set(['so-called', 'self-styled', 'self-proclaimed', 'alleged', 'называемый', 'называемая', 'называемое',
  'называемые', 'называемого', 'называемой', 'называемых', 'званий', 'звана', 'зване', 'звані', 'званого', 'званої']);

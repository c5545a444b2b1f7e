// Word pools for the synthetic archive: English and Cyrillic (Russian, Ukrainian) fragments
// that the generator combines in SQL into claims, titles, names and rationales.

export const EN = {
  subjects: [
    'Our forces', 'The Ministry of Defence', 'The regional governor', 'Local residents', 'The border service',
    'Rescue services', 'The mayor’s office', 'Witnesses on the ground', 'The general staff', 'A spokesperson for the brigade',
    'The energy company', 'Police in the region', 'The prosecutor’s office', 'Volunteers', 'The air force command',
  ],
  verbs: [
    'repelled an attack near', 'confirmed strikes on', 'denied any troops were present in', 'reported civilian casualties in',
    'evacuated residents from', 'took full control of', 'shot down drones over', 'restored power to',
    'lost no equipment in', 'delivered humanitarian aid to', 'destroyed an ammunition depot in', 'reported heavy shelling of',
  ],
  places: [
    'Belgorod', 'Kharkiv', 'Bakhmut', 'Avdiivka', 'Kherson', 'Zaporizhzhia', 'Kursk', 'Donetsk', 'Odesa',
    'Mariupol', 'Sumy', 'Shebekino', 'Graivoron', 'Kupiansk', 'Vuhledar', 'Lyman', 'Izium', 'Marinka',
  ],
  tails: [
    'on Tuesday night.', 'within the last 24 hours.', 'according to preliminary data.', 'despite continuous shelling.',
    'with no losses on our side.', 'after a week of fighting.', 'early on Sunday morning.', 'for the third time this month.',
    'and more than 70 fighters were killed.', 'while the bridge remained intact.', 'and the situation is under control.',
  ],
  extras: [
    'The figures could not be independently verified.', 'Footage shared online appears to show the aftermath.',
    'The statement was later repeated on state television.', 'Officials gave no details about the units involved.',
    'Two schools and a hospital were reported damaged.', 'The claim was made at a press briefing in the capital.',
  ],
  rationales: [
    'Satellite imagery taken two days later shows the depot intact, which contradicts the claim.',
    'Geolocated videos confirm fighting at the location on the stated date, but not the outcome.',
    'Both accounts come from parties to the fighting, and no independent evidence settles it.',
    'Local officials and independent journalists confirmed the evacuation figures separately.',
    'The number of casualties matches hospital records published by the regional health department.',
    'The photograph offered as proof was first published in 2019 in a different country.',
    'The statement is accurate about the strike but omits that the target was a residential block.',
    'No evidence available now or likely to become available can settle how many fighters were present.',
  ],
  venues: [
    'Press briefing', 'Telegram channel', 'Interview with FRANCE 24', 'Statement on the ministry website',
    'Evening news on state television', 'Post on X', 'Interview with the BBC', 'Daily situation report', 'Radio interview',
  ],
  positions: [
    'Yes', 'No', 'Partly', 'Unclear',
    'The attack was repelled', 'Positions were lost', 'No fighting took place', 'The figures are inflated',
    'Officials’ account', 'Residents’ account', 'Independent monitors', 'Satellite evidence',
    'A civilian target', 'A military target', 'A dual-use site', 'Nothing was hit',
  ],
  questions: [
    'Who controls', 'Were civilians killed in', 'Was an ammunition depot destroyed in', 'Did drones strike',
    'Was the bridge near', 'How many fighters were killed near', 'Did the power plant in', 'Were residents evacuated from',
  ],
  firstNames: ['Olena', 'Ivan', 'Maria', 'Serhiy', 'Anna', 'Dmitry', 'Yulia', 'Oleksandr', 'Natalia', 'Pavel', 'Kateryna', 'Mikhail'],
  lastNames: ['Kovalenko', 'Petrov', 'Shevchenko', 'Ivanova', 'Bondarenko', 'Sokolov', 'Melnyk', 'Kuznetsova', 'Tkachenko', 'Volkov'],
  organisations: [
    'Ministry of Defence', 'Regional Military Administration', 'State Emergency Service', 'Institute for the Study of War',
    'The Kyiv Independent', 'BBC Russian', 'Meduza', 'Border Guard Service', 'General Staff', 'Energy Ministry',
    'Human Rights Monitoring Mission', 'Investigative Committee',
  ],
  descriptions: [
    'Speaks for the regional authorities in daily briefings.', 'Independent outlet that publishes in Russian from abroad.',
    'Government body that reports on strikes and casualties.', 'Military unit press office; statements are posted on Telegram.',
    'Journalist covering the front line since 2014.', 'Monitoring group that geolocates photos and videos.',
  ],
};

export const CYR = {
  subjects: [
    'Министерство обороны', 'Губернатор области', 'Местные жители', 'Пресс-служба бригады', 'Пограничная служба',
    'Командование группировки', 'Мэрия города', 'Очевидцы', 'Генеральный штаб', 'Обласна військова адміністрація',
    'Речник Повітряних сил', 'Місцеві мешканці',
  ],
  verbs: [
    'сообщило об отражении атаки у', 'опровергло присутствие войск в', 'заявило о взятии под контроль',
    'подтвердило удары по', 'сообщило об эвакуации жителей из', 'сбило беспилотники над',
    'повідомила про обстріл', 'заявила про знищення складу боєприпасів у', 'не потеряло ни одной единицы техники у',
  ],
  places: [
    'Белгородом', 'Харьковом', 'Бахмутом', 'Курском', 'Херсоном', 'Шебекино', 'Донецком', 'Грайвороном',
    'Запоріжжям', 'Сумами', 'Одесою', 'Куп’янськом',
  ],
  tails: [
    'в ночь на вторник.', 'за последние сутки.', 'по предварительным данным.', 'без потерь с нашей стороны.',
    'после недели боёв.', 'ранним утром в воскресенье.', 'ситуация под контролем.', 'за добу.',
  ],
  extras: [
    'Данные не удалось независимо проверить.', 'Заявление повторили в вечерних новостях.',
    'Подробностей о подразделениях не приводится.', 'Інформацію підтвердили в обласній раді.',
  ],
  positions: [
    'Да', 'Нет', 'Частично', 'Неясно',
    'Атака отбита', 'Позиции потеряны', 'Боёв не было', 'Цифры завышены',
    'Версия властей', 'Версия жителей', 'Независимые наблюдатели', 'Спутниковые снимки',
  ],
  questions: [
    'Кто контролирует', 'Погибли ли мирные жители под', 'Был ли уничтожен склад под', 'Атаковали ли дроны',
    'Чи було зруйновано міст біля',
  ],
  firstNames: ['Олена', 'Іван', 'Мария', 'Сергей', 'Анна', 'Дмитрий', 'Юлія', 'Олександр', 'Наталья', 'Павел'],
  lastNames: ['Коваленко', 'Петров', 'Шевченко', 'Иванова', 'Бондаренко', 'Соколов', 'Мельник', 'Кузнецова'],
  organisations: [
    'Министерство обороны РФ', 'Генеральний штаб ЗСУ', 'ТАСС', 'РИА Новости', 'Медиазона', 'Українська правда',
    'Следственный комитет', 'Обласна військова адміністрація',
  ],
};

/** The pools as SQL parameters, in the order the generator's queries name them ($1…). */
export function poolParams(): string[][] {
  return [
    EN.subjects, EN.verbs, EN.places, EN.tails, EN.extras, EN.rationales, EN.venues, EN.positions, EN.questions,
    EN.firstNames, EN.lastNames, EN.organisations, EN.descriptions,
    CYR.subjects, CYR.verbs, CYR.places, CYR.tails, CYR.extras, CYR.positions, CYR.questions,
    CYR.firstNames, CYR.lastNames, CYR.organisations,
  ];
}

import { createDocument, Document } from '../../db/documents';
import type { Db } from '../../db/knex';

/** A short article with three speakers: a ministry's reported speech, and quotes from two people. */
export const ARTICLE = `Belgorod raid: three accounts

The Russian Defence Ministry said that its forces had crushed the raiders in Belgorod, killing 70 fighters.

Ilya Ponomarev, the Legion's political representative, said: “We didn't lose a single soldier in these raids.”

Andriy Yusov, a spokesman for Ukrainian military intelligence, insisted that the raids were “a purely Russian affair” and said: “Ukraine has nothing to do with what happens inside Russia.”
`;

/** A pasted article, as the document form would store it (that form is another page's work). */
export function pasteArticle(db: Db, text = ARTICLE, title = 'Belgorod raid: three accounts'): Promise<Document> {
  return createDocument(db, {
    title, publisher_id: null, authors: '', url: null, published_on: '2023-05-01', published_on_precision: 'month',
    language: 'en', text, full_text_public: true,
  }, { editorId: null, summary: 'Pasted' });
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listAnchorsOfDocument } from '../db/anchors';
import { findDocumentOfClaim } from '../db/documents';
import { runSeeds } from '../db/seed';
import { foundingArticle, seededClaims } from '../seeds/01_founding_case';
import { createTestDb, TestDb } from './support/db';

// The founding case is recorded from one article: it is the case's document, and every seeded
// claim points to the passage it was taken from. A verbatim claim must be the article's own
// words, character for character: not a curly quote, not a space different.

const codePoints = (text: string) => Array.from(text);

describe('the founding case’s document and anchors', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await runSeeds(t.db);
  });
  afterAll(() => t.drop());

  it('keeps the article as FRANCE 24 published it: headline as title, no URL, no day, English', async () => {
    const document = await t.db('documents as doc').join('sources as s', 's.id', 'doc.publisher_id').first('doc.*', 's.name as publisher_name');
    const article = foundingArticle();
    expect(document).toMatchObject({
      title: 'Pro-Kyiv Russian group says it ‘didn’t lose a single soldier’ in cross-border raids on Belgorod',
      publisher_name: 'FRANCE 24', url: null, language: 'en', published_on: '2023-05-01', published_on_precision: 'month', replaces_document_id: null,
    });
    expect(document.text).toBe(article.text);
    expect(document.text.startsWith('FRANCE 24 spoke to exiled Russian opposition figure Ilya Ponomarev')).toBe(true);
    expect(document.text.endsWith('calling the raids “a totally autonomous operation by Russians inside Russia”.')).toBe(true);
    expect(document.text_sha256).toBe(createHash('sha256').update(article.text, 'utf8').digest('hex'));
    // The repository's copy is the shared article up to its readers' comments, byte for byte.
    const shared = '/work/shared/seed-article.txt';
    if (fs.existsSync(shared)) expect(fs.readFileSync(shared, 'utf8').startsWith(fs.readFileSync(path.join(__dirname, '../seeds/founding-article.txt'), 'utf8'))).toBe(true);
  });

  it('anchors every seeded claim, and every verbatim claim is exactly the words at its passage', async () => {
    const seeded = seededClaims();
    const document = await t.db('documents').first();
    const anchors = await listAnchorsOfDocument(t.db, document.id, false);
    expect(anchors).toHaveLength(seeded.length);
    const chars = codePoints(document.text);
    for (const { dispute, claim } of seeded) {
      const row = await t.db('claims as c').join('disputes as d', 'd.id', 'c.dispute_id')
        .join('claim_anchors as a', 'a.claim_id', 'c.id')
        .where({ 'd.slug': dispute, 'c.text': claim.text })
        .first('c.text', 'c.is_verbatim', 'a.*');
      expect({ claim: claim.text, anchored: Boolean(row) }).toEqual({ claim: claim.text, anchored: true });
      // Offsets count code points, as the W3C TextPositionSelector does and PostgreSQL's substring.
      const atOffsets = chars.slice(row.start_offset, row.end_offset).join('');
      expect(atOffsets).toBe(row.exact);
      expect(chars.slice(row.start_offset - row.prefix.length, row.start_offset).join('')).toBe(row.prefix);
      expect(chars.slice(row.end_offset, row.end_offset + row.suffix.length).join('')).toBe(row.suffix);
      expect(row.prefix.length).toBe(Math.min(32, row.start_offset));
      expect(row.is_translation).toBe(false);
      if (row.is_verbatim) expect({ claim: row.text, passage: row.exact }).toEqual({ claim: row.text, passage: row.text });
      else expect(row.exact).toBe(claim.passage);
    }
    const verbatim = seeded.filter(({ claim }) => claim.verbatim);
    expect(verbatim.map(({ claim }) => claim.text)).toEqual([
      'didn’t lose a single soldier',
      'not a single Ukrainian soldier has entered Russian soil',
      'a totally autonomous operation by Russians inside Russia',
      'are part of the Ukrainian military',
    ]);
  });

  it('picks the occurrence the claim was taken from when the words appear twice', async () => {
    const claim = await t.db('claims').where('text', 'didn’t lose a single soldier').first('id');
    const anchor = await t.db('claim_anchors').where('claim_id', claim.id).first();
    expect(anchor.prefix.endsWith('Freedom of Russia Legion “')).toBe(true);
    expect(anchor.suffix.startsWith('” while launching')).toBe(true);
    const document = await findDocumentOfClaim(t.db, claim.id);
    expect(document).toMatchObject({ publisher_name: 'FRANCE 24' });
  });

  it('seeds again without duplicating anything, and anchors a case seeded before documents existed', async () => {
    const count = async (table: string) => Number((await t.db(table).count({ n: '*' }).first())!.n);
    const before = { documents: await count('documents'), anchors: await count('claim_anchors'), sources: await count('sources'), claims: await count('claims') };
    await runSeeds(t.db);
    expect({ documents: await count('documents'), anchors: await count('claim_anchors'), sources: await count('sources'), claims: await count('claims') }).toEqual(before);

    // As an older database holds it: the case without its document and anchors.
    await t.db('revisions').whereIn('entity_type', ['anchor', 'document']).delete();
    await t.db('claim_anchors').delete();
    await t.db('documents').delete();
    await runSeeds(t.db);
    expect({ documents: await count('documents'), anchors: await count('claim_anchors'), sources: await count('sources'), claims: await count('claims') }).toEqual(before);
  });
});

import { createDb, dumpEmbeddedDb } from '../db/knex';

// An embedded engine that no query ever used must still stop with its db: left starting, it
// loaded files after its test file had ended and broke the next file in the same jest worker.
describe('the embedded engine', () => {
  it('is closed by destroy even when no query ever opened its connection', async () => {
    const db = createDb({});
    await db.destroy();
    await expect(dumpEmbeddedDb(db)).rejects.toThrow();
  });

  it('is closed by destroy after it has been used', async () => {
    const db = createDb({});
    await db.raw('select 1');
    await db.destroy();
    await expect(dumpEmbeddedDb(db)).rejects.toThrow();
  });
});

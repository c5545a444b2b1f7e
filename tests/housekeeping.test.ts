import { deleteExpiredSessions } from '../db/sessions';
import { deleteOldFailures } from '../db/sign-in-attempts';
import { createTestDb, TestDb } from './support/db';

describe('housekeeping of sessions and failed sign-ins', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('removes only expired sessions and failures older than the cut-off', async () => {
    const hour = 3_600_000;
    await t.db('sessions').insert([
      { sid_hash: 'a'.repeat(64), data: '{}', expires_at: new Date(Date.now() - hour) },
      { sid_hash: 'b'.repeat(64), data: '{}', expires_at: new Date(Date.now() + hour) },
    ]);
    await t.db('sign_in_attempts').insert([
      { email: 'old@example.org', ip: '10.0.0.1', attempted_at: new Date(Date.now() - 48 * hour) },
      { email: 'new@example.org', ip: '10.0.0.1', attempted_at: new Date() },
    ]);
    expect(await deleteExpiredSessions(t.db)).toBe(1);
    expect(await deleteOldFailures(t.db, new Date(Date.now() - 24 * hour))).toBe(1);
    expect(await t.db('sessions').pluck('sid_hash')).toEqual(['b'.repeat(64)]);
    expect(await t.db('sign_in_attempts').pluck('email')).toEqual(['new@example.org']);
  });
});

import type { Db } from './knex';

export async function readSession(db: Db, sidHash: string): Promise<{ data: unknown; expires_at: Date } | undefined> {
  return db('sessions').where('sid_hash', sidHash).where('expires_at', '>', db.fn.now()).first('data', 'expires_at');
}

export async function writeSession(db: Db, sidHash: string, data: unknown, expiresAt: Date): Promise<void> {
  await db('sessions')
    .insert({ sid_hash: sidHash, data: JSON.stringify(data), expires_at: expiresAt })
    .onConflict('sid_hash')
    .merge();
}

export async function extendSession(db: Db, sidHash: string, expiresAt: Date): Promise<void> {
  await db('sessions').where('sid_hash', sidHash).update({ expires_at: expiresAt });
}

export async function deleteSession(db: Db, sidHash: string): Promise<void> {
  await db('sessions').where('sid_hash', sidHash).delete();
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  return db('sessions').where('expires_at', '<=', db.fn.now()).delete();
}

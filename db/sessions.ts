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

/** Ends every session of an editor except the one whose hash is given; answers how many ended. */
export async function deleteOtherSessions(db: Db, editorId: number, keepSidHash: string): Promise<number> {
  return db('sessions')
    .whereRaw("data->>'editorId' = ?", [String(editorId)])
    .whereNot('sid_hash', keepSidHash)
    .delete();
}

/** How many live sessions an editor has, this one included. */
export async function countSessions(db: Db, editorId: number): Promise<number> {
  const row = await db('sessions')
    .whereRaw("data->>'editorId' = ?", [String(editorId)])
    .where('expires_at', '>', db.fn.now())
    .first(db.raw('count(*)::int as n'));
  return row?.n ?? 0;
}

import type { Db } from './knex';

export interface RecentFailures {
  forEmail: number;
  forIp: number;
}

export async function recordFailedSignIn(db: Db, email: string, ip: string): Promise<void> {
  await db('sign_in_attempts').insert({ email: email.toLowerCase(), ip });
}

export async function countRecentFailures(db: Db, email: string, ip: string, since: Date): Promise<RecentFailures> {
  const row = await db('sign_in_attempts')
    .where('attempted_at', '>', since)
    .where((q) => q.where('email', email.toLowerCase()).orWhere('ip', ip))
    .select(
      db.raw('count(*) filter (where email = ?) as for_email', [email.toLowerCase()]),
      db.raw('count(*) filter (where ip = ?) as for_ip', [ip]),
    )
    .first();
  return { forEmail: Number(row?.for_email ?? 0), forIp: Number(row?.for_ip ?? 0) };
}

/** A successful sign-in forgives the account's earlier failures. */
export async function clearFailures(db: Db, email: string): Promise<void> {
  await db('sign_in_attempts').where('email', email.toLowerCase()).delete();
}

/** Forgets failures older than any throttling window looks at. */
export async function deleteOldFailures(db: Db, before: Date): Promise<number> {
  return db('sign_in_attempts').where('attempted_at', '<', before).delete();
}

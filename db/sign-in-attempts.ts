import type { Knex } from 'knex';
import type { Db } from './knex';

/** How many attempts may fail within the window: per account from one address, and per address. */
export interface SignInLimits {
  perAccountAndAddress: number;
  perAddress: number;
  windowSeconds: number;
}

export type Admission = { kind: 'admitted'; attemptId: number } | { kind: 'throttled'; retryAfterSeconds: number };

const windowStart = (db: Db | Knex.Transaction, seconds: number) => db.raw('now() - make_interval(secs => ?)', [seconds]);

/**
 * Counts the address's recent failures and, if it is under both limits, records this attempt as
 * a failure before its password is checked, all under a lock on the address (as the tip limit
 * does): parallel guesses cannot all be checked against the same count. A right password then
 * takes the attempt back with `forgiveFailures`.
 */
export async function admitSignInAttempt(db: Db, email: string, ip: string, limits: SignInLimits): Promise<Admission> {
  const account = email.toLowerCase();
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sign-in ${ip}`]);
    const recent = await trx('sign_in_attempts')
      .where('ip', ip)
      .where('attempted_at', '>', windowStart(trx, limits.windowSeconds))
      .first(
        trx.raw('count(*)::int as for_address'),
        trx.raw('(count(*) filter (where email = ?))::int as for_account', [account]),
        trx.raw('ceil(extract(epoch from min(attempted_at) + make_interval(secs => ?) - now()))::int as retry_after', [limits.windowSeconds]),
      );
    if (recent && (recent.for_account >= limits.perAccountAndAddress || recent.for_address >= limits.perAddress)) {
      return { kind: 'throttled', retryAfterSeconds: Math.max(1, recent.retry_after ?? limits.windowSeconds) };
    }
    const [row] = await trx('sign_in_attempts').insert({ email: account, ip }).returning('id');
    return { kind: 'admitted', attemptId: Number(row.id) };
  });
}

/** A right password: this address's failures on the account (this attempt included) are forgiven. */
export async function forgiveFailures(db: Db, email: string, ip: string): Promise<void> {
  await db('sign_in_attempts').where({ email: email.toLowerCase(), ip }).delete();
}

/** Forgets failures older than any throttling window looks at. */
export async function deleteOldFailures(db: Db, before: Date): Promise<number> {
  return db('sign_in_attempts').where('attempted_at', '<', before).delete();
}

import type { Knex } from 'knex';
import type { Db } from './knex';

/** Whose key it is and which form it was for: a key only ever replays its own sender's create. */
export interface KeyScope {
  owner: string;
  action: string;
  key: string;
}

/** Where a create sent its sender, and what it told them: replayed as is for a repeated key. */
export interface Answer {
  location: string;
  notice: string;
}

export type OnceOutcome<T> =
  | { kind: 'created'; answer: Answer; value: T }
  | { kind: 'replayed'; answer: Answer }
  | { kind: 'declined'; value: T };

/**
 * Runs `create` at most once per key (every time without a key). The key is inserted first, in
 * the same transaction as the record: a second send of the same key waits on the primary key
 * until the first one commits (then answers its redirect) or rolls back (then creates). `answer` undefined means nothing
 * was created (a refusal such as a rate limit): the key is dropped so the form can be sent again.
 * `onCommit` is called as the transaction is about to commit, for callers that must know
 * whether a failure came before or after COMMIT was sent.
 */
export async function createOnce<T>(
  db: Db,
  scope: KeyScope | undefined,
  create: (trx: Knex.Transaction) => Promise<T>,
  answer: (created: T) => Answer | undefined,
  onCommit: () => void = () => undefined,
): Promise<OnceOutcome<T>> {
  return db.transaction(async (trx) => {
    const earlier = scope && (await claimKey(trx, scope));
    if (earlier) {
      onCommit();
      return { kind: 'replayed', answer: earlier };
    }
    const created = await create(trx);
    const given = answer(created);
    if (scope && given) await trx('idempotency_keys').where(scope).update(given);
    else if (scope) await trx('idempotency_keys').where(scope).delete();
    onCommit();
    return given ? { kind: 'created', answer: given, value: created } : { kind: 'declined', value: created };
  });
}

// Inserts the key, or reads the answer of the committed send that holds it. Looping covers the
// holder being forgotten by the cleanup between the two statements.
async function claimKey(trx: Knex.Transaction, scope: KeyScope): Promise<Answer | undefined> {
  for (;;) {
    const claimed = await trx('idempotency_keys').insert(scope).onConflict(['owner', 'action', 'key']).ignore().returning('key');
    if (claimed.length > 0) return undefined;
    const earlier = await trx('idempotency_keys').where(scope).first('location', 'notice');
    if (earlier) return { location: earlier.location, notice: earlier.notice };
  }
}

/** Forgets keys older than `before`: by then nobody resends the form they came with. */
export async function deleteOldIdempotencyKeys(db: Db, before: Date): Promise<number> {
  return db('idempotency_keys').where('created_at', '<', before).delete();
}

import type { Db } from '../../db/knex';

/** The word that makes a save fail at its revision, the last statement of every multi-row write. */
export const FAILPOINT = 'FAILPOINT';
/** …and this one makes it stall there for a while instead, so a test can act in the middle of it. */
export const SLOW_FAILPOINT = 'SLOWPOINT';
/** …and this one fails it as a lock wait past its timeout does: the database is busy, a 503. */
export const BUSY_FAILPOINT = 'BUSYPOINT';

/**
 * A trigger in the test's own database, not a hook in the app: a revision whose snapshot
 * contains FAILPOINT raises an error, BUSYPOINT a lock timeout; one containing SLOWPOINT sleeps `sleepSeconds` first.
 * Everything a save wrote before its revision must then vanish with it.
 */
export async function installFailpoint(db: Db, sleepSeconds = 30): Promise<void> {
  await db.raw(`
    create or replace function cc_test_failpoint() returns trigger language plpgsql as $$
    begin
      if position('${SLOW_FAILPOINT}' in new.snapshot::text) > 0 then
        perform pg_sleep(${Number(sleepSeconds)});
      elsif position('${BUSY_FAILPOINT}' in new.snapshot::text) > 0 then
        raise exception 'busy failpoint reached' using errcode = '55P03';
      elsif position('${FAILPOINT}' in new.snapshot::text) > 0 then
        raise exception 'failpoint reached';
      end if;
      return new;
    end $$`);
  await db.raw('drop trigger if exists cc_test_failpoint on revisions');
  await db.raw('create trigger cc_test_failpoint before insert on revisions for each row execute function cc_test_failpoint()');
}

import type { Knex } from 'knex';
import type { Db } from './knex';

export const TIP_STATES = ['open', 'accepted', 'dismissed'] as const;
export type TipState = (typeof TIP_STATES)[number];

/** A reader's correction or tip. The sender's IP is a column too, but never leaves this module. */
export interface Tip {
  id: number;
  claim_id: number | null;
  dispute_id: number | null;
  body: string;
  evidence_url: string | null;
  email: string | null;
  state: TipState;
  resolution_note: string | null;
  resolution_url: string | null;
  handled_by: number | null;
  handled_at: Date | null;
  created_at: Date;
}

/** A tip as the moderation queue shows it: with the claim or dispute it concerns, and who handled it. */
export interface TipInQueue extends Tip {
  claim_text: string | null;
  claim_is_verbatim: boolean | null;
  claim_source_name: string | null;
  dispute_slug: string;
  dispute_title: string;
  handled_by_name: string | null;
}

export type TipSubject = { claimId: number } | { disputeId: number };

export interface TipInput {
  body: string;
  evidence_url: string | null;
  email: string | null;
}

export interface TipDecision {
  state: Exclude<TipState, 'open'>;
  resolution_note: string | null;
  resolution_url: string | null;
}

/** At most `max` tips from one IP address within `windowSeconds`. */
export interface TipLimit {
  max: number;
  windowSeconds: number;
}

export type TipSubmission = { kind: 'created'; tip: Tip } | { kind: 'limited'; retryAfterSeconds: number };

const TIP_COLUMNS = [
  'id', 'claim_id', 'dispute_id', 'body', 'evidence_url', 'email', 'state',
  'resolution_note', 'resolution_url', 'handled_by', 'handled_at', 'created_at',
] as const;

function withSubject(db: Db) {
  return db('tips as t')
    .leftJoin('claims as c', 'c.id', 't.claim_id')
    .leftJoin('sources as s', 's.id', 'c.source_id')
    .join('disputes as d', 'd.id', db.raw('coalesce(t.dispute_id, c.dispute_id)'))
    .leftJoin('editors as e', 'e.id', 't.handled_by')
    .select(
      ...TIP_COLUMNS.map((column) => `t.${column}`),
      'c.text as claim_text', 'c.is_verbatim as claim_is_verbatim', 's.name as claim_source_name',
      'd.slug as dispute_slug', 'd.title as dispute_title', 'e.name as handled_by_name',
    );
}

const windowStart = (db: Db | Knex.Transaction, seconds: number) => db.raw('now() - make_interval(secs => ?)', [seconds]);

// Addresses are only needed while they count towards the limit; older ones are forgotten.
async function forgetOldAddresses(trx: Knex.Transaction, limit: TipLimit): Promise<void> {
  await trx('tips').whereNotNull('ip').where('created_at', '<=', windowStart(trx, limit.windowSeconds)).update({ ip: null });
}

/**
 * Records a tip unless its IP address already sent `limit.max` within the window. The count and
 * the insert run under a lock on the address, so parallel requests and processes cannot overshoot.
 */
export async function createTipWithinLimit(db: Db, subject: TipSubject, input: TipInput, ip: string, limit: TipLimit): Promise<TipSubmission> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tips ${ip}`]);
    const recent = await trx('tips')
      .where('ip', ip)
      .where('created_at', '>', windowStart(trx, limit.windowSeconds))
      .first(
        trx.raw('count(*)::int as n'),
        trx.raw('ceil(extract(epoch from min(created_at) + make_interval(secs => ?) - now()))::int as retry_after', [limit.windowSeconds]),
      );
    if (recent && recent.n >= limit.max) return { kind: 'limited', retryAfterSeconds: Math.max(1, recent.retry_after) };
    await forgetOldAddresses(trx, limit);
    const subjectColumns = 'claimId' in subject ? { claim_id: subject.claimId } : { dispute_id: subject.disputeId };
    const [tip] = await trx('tips').insert({ ...input, ...subjectColumns, ip }).returning([...TIP_COLUMNS]);
    return { kind: 'created', tip: tip as Tip };
  });
}

/** Open tips, newest first, with a look-ahead row for paging. */
export async function listOpenTips(db: Db, page: number, perPage: number): Promise<TipInQueue[]> {
  return withSubject(db)
    .where('t.state', 'open')
    .orderBy([{ column: 't.created_at', order: 'desc' }, { column: 't.id', order: 'desc' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
}

/** Accepted and dismissed tips, most recently handled first, with a look-ahead row for paging. */
export async function listHandledTips(db: Db, page: number, perPage: number): Promise<TipInQueue[]> {
  return withSubject(db)
    .whereNot('t.state', 'open')
    .orderBy([{ column: 't.handled_at', order: 'desc' }, { column: 't.id', order: 'desc' }])
    .limit(perPage + 1)
    .offset((page - 1) * perPage);
}

export async function countOpenTips(db: Db): Promise<number> {
  const row = await db('tips').where('state', 'open').first(db.raw('count(*)::int as n'));
  return row?.n ?? 0;
}

export async function findTip(db: Db, id: number): Promise<TipInQueue | undefined> {
  return withSubject(db).where('t.id', id).first();
}

/** Accepts or dismisses an open tip; undefined when it was handled meanwhile (by someone else). */
export async function handleTip(db: Db, id: number, decision: TipDecision, editorId: number): Promise<Tip | undefined> {
  const [row] = await db('tips')
    .where({ id, state: 'open' })
    .update({ ...decision, handled_by: editorId, handled_at: db.fn.now() })
    .returning([...TIP_COLUMNS]);
  return row as Tip | undefined;
}

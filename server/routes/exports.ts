import { Request, Response, Router } from 'express';
import type { Db } from '../../db/knex';
import { ClaimInContext, listClaimsOfDispute, listPublishedClaimsAfter } from '../../db/claims';
import { findDisputeBySlug } from '../../db/disputes';
import { found } from '../errors';
import { slugParam } from '../http/params';
import { csvLine } from '../lib/csv';

const BATCH = 2000;
const COLUMNS = [
  'claim_id', 'dispute', 'position', 'source', 'source_kind', 'text', 'wording', 'original_text', 'original_language',
  'said_on', 'said_on_precision', 'venue', 'url', 'status', 'status_rationale', 'status_changed_at', 'claim_url',
];

/** CSV downloads of published claims: one dispute's, or all of them (streamed in batches). */
export function exportsRouter(db: Db, publicUrl: string): Router {
  const router = Router();
  router.get('/claims.csv', exportAllClaims);
  router.get('/disputes/:slug/claims.csv', exportDisputeClaims);
  return router;

  function row(claim: ClaimInContext): string {
    return csvLine([
      claim.id, claim.dispute_title, claim.position_label, claim.source_name, claim.source_kind, claim.text,
      claim.is_verbatim ? 'verbatim' : 'paraphrase', claim.original_text, claim.original_language, claim.said_on,
      claim.said_on_precision, claim.venue, claim.url, claim.status, claim.status_rationale, claim.status_changed_at,
      `${publicUrl}/claims/${claim.id}`,
    ]);
  }

  function startCsv(res: Response, filename: string) {
    res.type('text/csv; charset=utf-8').attachment(filename);
    res.write(csvLine(COLUMNS));
  }

  async function exportDisputeClaims(req: Request, res: Response) {
    const dispute = found(await findDisputeBySlug(db, slugParam(req.params.slug), false));
    const claims = await listClaimsOfDispute(db, dispute.id);
    startCsv(res, `${dispute.slug}-claims.csv`);
    res.end(claims.map(row).join(''));
  }

  async function exportAllClaims(_req: Request, res: Response) {
    startCsv(res, 'claims.csv');
    for (let after = 0; ; ) {
      const batch = await listPublishedClaimsAfter(db, after, BATCH);
      if (batch.length === 0) break;
      res.write(batch.map(row).join(''));
      after = batch[batch.length - 1].id;
    }
    res.end();
  }
}

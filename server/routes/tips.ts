import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { findClaim } from '../../db/claims';
import { findDisputeBySlug } from '../../db/disputes';
import { createTipWithinLimit, TipLimit, TipSubject } from '../../db/tips';
import { found } from '../errors';
import { HONEYPOT_FIELD, MAX_TIP_LENGTH, parseTip } from '../forms/tip';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { idParam, slugParam } from '../http/params';
import { failureErrors } from '../http/saving';
import { claimWords } from '../presentation/format';

const TIP_LIMIT: TipLimit = { max: 5, windowSeconds: 3600 };
const THANKS = 'Thank you: your tip has reached the editors. They read every one, and correct the record when the evidence bears it out.';

/** What a tip is about, as the form page names it. */
interface Subject {
  ref: TipSubject;
  noun: 'claim' | 'dispute';
  title: string;
  path: string;
}

type SubjectLoader = (req: Request) => Promise<Subject>;

/**
 * Readers' corrections and tips. The form lives on its own page rather than on every claim and
 * dispute page: only readers who open it get a session (for its CSRF token), and the dispute
 * pages stay cacheable for everyone else.
 */
export function tipsRouter(db: Db, logger: Logger): Router {
  const router = Router();
  router.get('/claims/:id/tip', showForm(claimSubject));
  router.post('/claims/:id/tip', sendTip(claimSubject));
  router.get('/disputes/:slug/tip', showForm(disputeSubject));
  router.post('/disputes/:slug/tip', sendTip(disputeSubject));
  return router;

  // Tips concern what readers can see: published claims and disputes only, for editors too.
  async function claimSubject(req: Request): Promise<Subject> {
    const claim = found(await findClaim(db, idParam(req.params.id), false));
    const title = `the claim by ${claim.source_name}: ${claimWords(claim.text, claim.is_verbatim, 160)}`;
    return { ref: { claimId: claim.id }, noun: 'claim', title, path: `/claims/${claim.id}` };
  }

  async function disputeSubject(req: Request): Promise<Subject> {
    const dispute = found(await findDisputeBySlug(db, slugParam(req.params.slug), false));
    return { ref: { disputeId: dispute.id }, noun: 'dispute', title: `the dispute “${dispute.title}”`, path: `/disputes/${dispute.slug}` };
  }

  function showForm(loadSubject: SubjectLoader) {
    return async (req: Request, res: Response) => renderForm(res, 200, await loadSubject(req), { values: {} });
  }

  function sendTip(loadSubject: SubjectLoader) {
    return async (req: Request, res: Response) => {
      const subject = await loadSubject(req);
      const parsed = parseTip(req.body);
      if (!parsed.ok) {
        if (parsed.errors[HONEYPOT_FIELD]) logger.warn({ event: 'tip_honeypot', ip: req.ip }, 'security');
        return renderForm(res, 422, subject, { values: req.body, errors: parsed.errors });
      }
      const ip = (req.ip ?? 'unknown').slice(0, 64);
      const saved = await saveOnce(req, res, db, {
        check: subject.path,
        create: (trx) => createTipWithinLimit(trx, subject.ref, parsed.value, ip, TIP_LIMIT),
        answer: (result) => (result.kind === 'created' ? { location: subject.path, notice: THANKS } : undefined),
      });
      if (saved.kind === 'declined') {
        logger.warn({ event: 'tip_rate_limited', ip }, 'security');
        const retryAfterSeconds = saved.value.kind === 'limited' ? saved.value.retryAfterSeconds : TIP_LIMIT.windowSeconds;
        const minutes = Math.ceil(retryAfterSeconds / 60);
        const message = `This connection has sent ${TIP_LIMIT.max} tips in the last hour, the most we accept. Your text is kept below: send it again in about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
        res.set('Retry-After', String(retryAfterSeconds));
        return renderForm(res, 429, subject, { values: req.body, errors: { form: message } });
      }
      if (saved.kind !== 'saved') return renderForm(res, 422, subject, { values: req.body, errors: failureErrors(saved) });
      if (saved.created?.kind === 'created') logger.info({ event: 'tip_received', tipId: saved.created.tip.id }, 'tips');
      redirectWithNotice(req, res, saved.value.location, saved.value.notice);
    };
  }

  function renderForm(res: Response, status: number, subject: Subject, locals: { values: Record<string, unknown>; errors?: Record<string, string> }) {
    // The trap field is never filled back in: a person who typed in it by mistake can simply send again.
    const values = { ...locals.values, [HONEYPOT_FIELD]: '' };
    res.status(status).render('tips/form', {
      title: `Suggest a correction or send a tip about this ${subject.noun}`,
      subject, errors: {}, ...locals, values, honeypotField: HONEYPOT_FIELD, maxLength: MAX_TIP_LENGTH,
    });
  }
}

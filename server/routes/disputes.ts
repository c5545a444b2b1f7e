import { Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { createDispute, deleteDispute, Dispute, findDisputeBySlug, listPositions, updateDispute } from '../../db/disputes';
import { found } from '../errors';
import { disputeMerge, parseEditDispute, parseNewDispute, MAX_POSITIONS } from '../forms/dispute';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { slugParam } from '../http/params';
import { authorship, deleteFromForm, failureErrors } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';
import { slugify } from '../lib/slug';

/** Disputes' forms; the page itself is `showDispute`, from routes/dispute-page.ts (which owns its cache). */
export function disputesRouter(db: Db, logger: Logger, showDispute: RequestHandler): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/disputes/new', editorOnly, newDispute);
  router.post('/disputes', editorOnly, createDisputeFromForm);
  router.get('/disputes/:slug', showDispute);
  router.get('/disputes/:slug/edit', editorOnly, editDispute);
  router.post('/disputes/:slug/edit', editorOnly, updateDisputeFromForm);
  router.post('/disputes/:slug/delete', editorOnly, deleteDisputeFromForm);
  return router;

  function loadDispute(req: Request, res: Response): Promise<Dispute> {
    return findDisputeBySlug(db, slugParam(req.params.slug), Boolean(res.locals.editor)).then(found);
  }

  function newDispute(_req: Request, res: Response) {
    renderForm(res, 200, { values: { state: 'draft' }, positions: blankPositions([]) });
  }

  async function createDisputeFromForm(req: Request, res: Response) {
    const parsed = parseNewDispute(req.body);
    if (!parsed.ok) return renderForm(res, 422, { values: req.body, errors: parsed.errors, positions: submittedPositions(req.body) });
    const { slug, edit_summary, ...input } = parsed.value;
    const withSlug = { ...input, slug: slugify(slug ?? input.title, 'dispute') };
    const saved = await saveOnce(req, res, db, {
      check: '/',
      create: (trx) => createDispute(trx, withSlug, authorship(res, edit_summary || 'Created')),
      answer: (dispute) => ({ location: `/disputes/${dispute.slug}`, notice: 'Dispute created. Add its claims under each position.' }),
    });
    if (saved.kind !== 'saved') {
      return renderForm(res, 422, { values: req.body, errors: failureErrors(saved), positions: submittedPositions(req.body) });
    }
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function editDispute(req: Request, res: Response) {
    const dispute = await loadDispute(req, res);
    const positions = await listPositions(db, dispute.id);
    renderForm(res, 200, { dispute, values: { ...dispute }, positions: blankPositions(positions) });
  }

  async function updateDisputeFromForm(req: Request, res: Response) {
    const dispute = await loadDispute(req, res);
    // A merged save goes on top of a newer version: its publication date is judged against that one.
    await saveEditForm(req, res, db, {
      spec: disputeMerge, id: dispute.id, parse: parseEditDispute,
      save: async ({ version: _loaded, edit_summary, ...input }, version) => {
        const current = version === dispute.version ? dispute : await loadDispute(req, res);
        return updateDispute(db, current, version, input, authorship(res, edit_summary));
      },
      current: () => findDisputeWithPositions(dispute.slug),
    }, {
      reshow: ({ status, values, errors, merge, current }) => renderForm(res, status, { dispute: current ?? dispute, values, errors, merge, positions: submittedPositions(values) }),
      saved: { location: `/disputes/${dispute.slug}`, notice: 'Dispute saved.' },
    });
  }

  async function deleteDisputeFromForm(req: Request, res: Response) {
    const dispute = await loadDispute(req, res);
    await deleteFromForm(req, res, {
      noun: 'dispute', back: `/disputes/${dispute.slug}/edit`,
      done: { location: '/', notice: 'Dispute deleted. Its history keeps every version and can restore it.' },
      remove: (version, by) => deleteDispute(db, dispute, version, by),
    });
  }

  async function findDisputeWithPositions(slug: string) {
    const current = await findDisputeBySlug(db, slug, true);
    return current && { ...current, positions: await listPositions(db, current.id) };
  }
}

type PositionRow = { id: number | null; label: string };

interface DisputeForm extends FormState {
  /** The dispute being edited; none for a new one. */
  dispute?: Dispute;
  /** The position rows to show, blank ones included. */
  positions: PositionRow[];
}

// The form always offers MAX_POSITIONS rows; empty ones are ignored on save.
function blankPositions(existing: PositionRow[]): PositionRow[] {
  const rows = existing.map((p) => ({ id: p.id, label: p.label }));
  while (rows.length < MAX_POSITIONS) rows.push({ id: null, label: '' });
  return rows;
}

function submittedPositions(body: Record<string, unknown>): PositionRow[] {
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(String);
  const ids = list(body?.position_id);
  // A merge of two editors' additions may bring more rows than the form offers: show them all (within a bound).
  const labels = list(body?.position_label).slice(0, 2 * MAX_POSITIONS);
  return blankPositions(labels.map((label, i) => ({ id: Number(ids[i]) || null, label })));
}

function renderForm(res: Response, status: number, { dispute, merge, ...form }: DisputeForm) {
  res.status(status).render('disputes/form', {
    title: dispute ? `Edit: ${dispute.title}` : 'New dispute',
    errors: {}, ...form, dispute, conflict: presentMerge(merge),
  });
}

import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { CLAIM_STATUSES, listClaimsOfSource } from '../../db/claims';
import { createSource, deleteSource, findSourceBySlug, listSourceOptions, listSources, SOURCE_SORTS, SourceWithAffiliation, updateSource } from '../../db/sources';
import { countPublishedClaimsByStatus } from '../../db/track-records';
import { found } from '../errors';
import { parseEditSource, parseNewSource, sourceMerge } from '../forms/source';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { saveOnce } from '../http/once';
import { choiceParam, pageParam, paginate, slugParam } from '../http/params';
import { authorship, deleteFromForm, failureErrors } from '../http/saving';
import { FormState, presentMerge, saveEditForm } from '../http/versioned-save';
import { slugify } from '../lib/slug';
import { presentSourceIndex } from '../pages/sources';
import { trackRecordFromStatusCounts, trackRecordFromTally } from '../presentation/track-record';

const PER_PAGE = 50;

interface SourceForm extends FormState {
  /** The source being edited; none for a new one. */
  source?: SourceWithAffiliation;
}

export function sourcesRouter(db: Db, logger: Logger): Router {
  const router = Router();
  const editorOnly = requireEditor(logger);
  router.get('/sources', listAllSources);
  router.get('/sources/new', editorOnly, newSource);
  router.post('/sources', editorOnly, createSourceFromForm);
  router.get('/sources/:slug', showSource);
  router.get('/sources/:slug/edit', editorOnly, editSource);
  router.post('/sources/:slug/edit', editorOnly, updateSourceFromForm);
  router.post('/sources/:slug/delete', editorOnly, deleteSourceFromForm);
  return router;

  async function loadSource(req: Request): Promise<SourceWithAffiliation> {
    return found(await findSourceBySlug(db, slugParam(req.params.slug)));
  }

  async function listAllSources(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const sort = choiceParam(req.query.sort, SOURCE_SORTS, 'name');
    const rows = await listSources(db, page, PER_PAGE, sort);
    res.render('sources/index', presentSourceIndex(paginate(rows, page, PER_PAGE), sort));
  }

  async function showSource(req: Request, res: Response) {
    const source = await loadSource(req);
    const [claims, statusCounts] = await Promise.all([
      listClaimsOfSource(db, source.id, Boolean(res.locals.editor)),
      countPublishedClaimsByStatus(db, source.id),
    ]);
    const byStatus = CLAIM_STATUSES.map((status) => ({ status, claims: claims.filter((c) => c.status === status) }))
      .filter((group) => group.claims.length > 0);
    const record = trackRecordFromStatusCounts(statusCounts);
    res.render('sources/show', { title: source.name, source, byStatus, claimCount: claims.length, record });
  }

  async function newSource(_req: Request, res: Response) {
    await renderForm(res, 200, { values: { kind: 'person' } });
  }

  async function createSourceFromForm(req: Request, res: Response) {
    const parsed = parseNewSource(req.body);
    if (!parsed.ok) return renderForm(res, 422, { values: req.body, errors: parsed.errors });
    const { slug, edit_summary, ...input } = parsed.value;
    const withSlug = { ...input, slug: slugify(slug ?? input.name, 'source') };
    const saved = await saveOnce(req, res, db, {
      check: '/sources',
      create: (trx) => createSource(trx, withSlug, authorship(res, edit_summary || 'Created')),
      answer: (source) => ({ location: `/sources/${source.slug}`, notice: 'Source created.' }),
    });
    if (saved.kind !== 'saved') return renderForm(res, 422, { values: req.body, errors: failureErrors(saved) });
    redirectWithNotice(req, res, saved.value.location, saved.value.notice);
  }

  async function editSource(req: Request, res: Response) {
    const source = await loadSource(req);
    await renderForm(res, 200, { source, values: { ...source } });
  }

  async function updateSourceFromForm(req: Request, res: Response) {
    const source = await loadSource(req);
    await saveEditForm(req, res, db, {
      spec: sourceMerge, id: source.id, parse: parseEditSource,
      save: ({ version: _loaded, edit_summary, ...input }, version) => updateSource(db, source.id, version, input, authorship(res, edit_summary)),
      current: () => findSourceBySlug(db, source.slug),
    }, {
      reshow: ({ status, values, errors, merge, current }) => renderForm(res, status, { source: current ?? source, values, errors, merge }),
      saved: { location: `/sources/${source.slug}`, notice: 'Source saved.' },
    });
  }

  async function deleteSourceFromForm(req: Request, res: Response) {
    const source = await loadSource(req);
    await deleteFromForm(req, res, {
      noun: 'source', back: `/sources/${source.slug}/edit`,
      done: { location: '/sources', notice: 'Source deleted. Its history keeps every version and can restore it.' },
      remove: (version, by) => deleteSource(db, source.id, version, by),
    });
  }

  async function renderForm(res: Response, status: number, { source, merge, ...form }: SourceForm) {
    const affiliations = (await listSourceOptions(db)).filter((option) => option.id !== source?.id);
    const conflict = presentMerge(merge, { affiliation_id: Object.fromEntries(affiliations.map((a) => [String(a.id), a.name])) });
    res.status(status).render('sources/form', {
      title: source ? `Edit: ${source.name}` : 'New source',
      affiliations, errors: {}, ...form, source, conflict,
    });
  }
}

import { Request, Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../../db/knex';
import { Claim, listClaimTexts, revertClaim } from '../../db/claims';
import { Dispute, listPositionLabels, revertDispute } from '../../db/disputes';
import { revertLink } from '../../db/links';
import { Authorship, EntityType, findRecord, findRevision, listRecentRevisions, listRevisions } from '../../db/revisions';
import { listSourceNames, revertSource } from '../../db/sources';
import { revertEvidence } from '../../db/evidence';
import { revertDocument } from '../../db/documents';
import { found, NotFound } from '../errors';
import { parseRevert } from '../forms/revert';
import { requireEditor } from '../http/auth';
import { redirectWithNotice } from '../http/notices';
import { idParam, pageParam, paginate } from '../http/params';
import { attemptSave, authorship } from '../http/saving';
import { compareSnapshots, referencedIds, SnapshotNames } from '../presentation/diff';
import { excerpt } from '../presentation/format';

type Row = Record<string, unknown> & { id: number; version: number; deleted_at: Date | null };
type Snapshot = Record<string, unknown>;

interface HistoryKind {
  noun: string;
  describe(row: Row): { title: string; path: string };
  revert(db: Db, row: Row, version: number, snapshot: Snapshot, by: Authorship): Promise<unknown>;
}

// What the history pages need to know about each kind of record.
const KINDS: Record<EntityType, HistoryKind> = {
  source: {
    noun: 'source',
    describe: (row) => ({ title: String(row.name), path: `/sources/${row.slug}` }),
    revert: (db, row, version, snapshot, by) => revertSource(db, row.id, version, snapshot, by),
  },
  dispute: {
    noun: 'dispute',
    describe: (row) => ({ title: String(row.title), path: `/disputes/${row.slug}` }),
    revert: (db, row, version, snapshot, by) => revertDispute(db, row as unknown as Dispute, version, snapshot, by),
  },
  claim: {
    noun: 'claim',
    describe: (row) => ({ title: excerpt(String(row.text), 120), path: `/claims/${row.id}` }),
    revert: (db, row, version, snapshot, by) => revertClaim(db, row as unknown as Claim, version, snapshot, by),
  },
  evidence: {
    noun: 'evidence item',
    describe: (row) => ({ title: `Evidence ${row.number}: ${row.title}`, path: `/claims/${row.claim_id}#evidence-${row.id}` }),
    revert: (db, row, version, snapshot, by) => revertEvidence(db, row.id, version, snapshot, by),
  },
  link: {
    noun: 'link',
    describe: (row) => ({ title: `Claim ${row.from_claim_id} ${row.type} claim ${row.to_claim_id}`, path: `/claims/${row.from_claim_id}` }),
    revert: (db, row, version, snapshot, by) => revertLink(db, row.id, version, snapshot, by),
  },
  document: {
    noun: 'document',
    describe: (row) => ({ title: String(row.title), path: `/documents/${row.id}` }),
    revert: (db, row, version, snapshot, by) => revertDocument(db, row.id, version, snapshot, by),
  },
};

const PER_PAGE = 50;

/** Revision history of every record, comparisons of any two versions, reverts, and recent changes. */
export function historyRouter(db: Db, logger: Logger): Router {
  const router = Router();
  router.use(['/history', '/changes'], requireEditor(logger));
  router.get('/changes', showRecentChanges);
  router.get('/history/:type/:id', showHistory);
  router.get('/history/:type/:id/compare', compareVersions);
  router.post('/history/:type/:id/revert', revertToVersion);
  return router;

  async function loadRecord(req: Request) {
    const type = String(req.params.type) as EntityType;
    if (!Object.hasOwn(KINDS, type)) throw new NotFound();
    const row = found(await findRecord(db, type, idParam(req.params.id))) as Row;
    return { type, row, kind: KINDS[type], ...KINDS[type].describe(row) };
  }

  async function showHistory(req: Request, res: Response) {
    const record = await loadRecord(req);
    const revisions = await listRevisions(db, record.type, record.row.id);
    res.render('history/index', { title: `History: ${record.title}`, record, revisions });
  }

  async function compareVersions(req: Request, res: Response) {
    const record = await loadRecord(req);
    const to = req.query.to ? idParam(req.query.to) : record.row.version;
    const from = req.query.from ? idParam(req.query.from) : Math.max(1, to - 1);
    const [before, after] = await Promise.all([findRevision(db, record.type, record.row.id, from), findRevision(db, record.type, record.row.id, to)]);
    const snapshots = [found(before).snapshot, found(after).snapshot];
    const changes = compareSnapshots(record.type, snapshots[0], snapshots[1], await namesIn(snapshots));
    const same = changes.every((change) => !change.changed);
    res.render('history/compare', { title: `Compare versions: ${record.title}`, record, before, after, changes, same });
  }

  async function namesIn(snapshots: Snapshot[]): Promise<SnapshotNames> {
    const ids = referencedIds(...snapshots);
    const [sources, positions, claims] = await Promise.all([
      listSourceNames(db, ids.sources), listPositionLabels(db, ids.positions), listClaimTexts(db, ids.claims),
    ]);
    return { sources, positions, claims };
  }

  async function revertToVersion(req: Request, res: Response) {
    const record = await loadRecord(req);
    const back = `/history/${record.type}/${record.row.id}`;
    const parsed = parseRevert(req.body);
    if (!parsed.ok) return redirectWithNotice(req, res, back, Object.values(parsed.errors)[0]);
    const target = found(await findRevision(db, record.type, record.row.id, parsed.value.target));
    const summary = parsed.value.edit_summary || `Reverted to version ${target.version}`;
    const saved = await attemptSave(() => record.kind.revert(db, record.row, parsed.value.version, target.snapshot, authorship(res, summary)));
    const notices = {
      saved: `Reverted to version ${target.version}; the revert is saved as a new version.`,
      conflict: 'Someone saved a newer version meanwhile. Review the history and try again.',
      invalid: saved.kind === 'invalid' ? `Version ${target.version} cannot be restored: ${Object.values(saved.errors)[0]}` : '',
    };
    redirectWithNotice(req, res, back, notices[saved.kind]);
  }

  async function showRecentChanges(req: Request, res: Response) {
    const page = pageParam(req.query.page);
    const revisions = paginate(await listRecentRevisions(db, page, PER_PAGE), page, PER_PAGE);
    res.render('history/changes', { title: 'Recent changes', revisions });
  }
}

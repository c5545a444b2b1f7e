import type { Request, Response } from 'express';
import type { Db } from '../../db/knex';
import { findSnapshots, listEditorsBetween } from '../../db/revisions';
import type { FieldErrors, FormResult } from '../forms/fields';
import type { MergeSpec } from '../forms/merge-spec';
import { describeGroup, FlatValues, MergeGroup, mergeThreeWay, sameValues, takeSaved } from '../lib/merge';
import { redirectWithNotice } from './notices';
import { attemptSave } from './saving';

/** One edit of a versioned record, as its router describes it to `saveVersioned`. */
export interface VersionedEdit<Input extends { version: number }, Current extends { version: number }> {
  spec: MergeSpec;
  id: number;
  body: Record<string, unknown>;
  parse(body: unknown): FormResult<Input>;
  /** Saves at `version`: the form's own, or a newer one once merged. */
  save(input: Input, version: number): Promise<unknown>;
  /** The record as it stands now, undefined once deleted (for disputes, with its positions). */
  current(): Promise<Current | undefined>;
}

type EditTarget = Pick<VersionedEdit<{ version: number }, { version: number }>, 'spec' | 'id' | 'body'>;

export interface Decision {
  group: MergeGroup;
  saved: FlatValues;
  yours: FlatValues;
  chosen?: string;
  /** Sent back without a choice. */
  unanswered?: boolean;
}

/** What the conflict box shows: the choices to make, the fields taken from the other save, and who saved. */
export interface MergeState {
  decisions: Decision[];
  kept: string[];
  savedBy: string[];
}

/** What a form page is drawn with besides its records: the values shown, a message per field, any merge to resolve. */
export interface FormState {
  values: Record<string, unknown>;
  errors?: FieldErrors;
  merge?: MergeState;
}

/** An edit sent back to its form (409 or 422), with the record as it stands now when that was read. */
export type FormAgain<Current> = { kind: 'form'; status: 409 | 422; values: Record<string, unknown>; errors: FieldErrors; merge?: MergeState; current?: Current };

export type EditOutcome<Current> = { kind: 'saved' | 'unchanged'; kept: string[] } | FormAgain<Current>;

// Merged saves retried before showing the merge instead: only a record saved again and again
// while this editor's save is merged would get there.
const ATTEMPTS = 3;
const CHOICES = ['saved', 'yours'];

const GONE = 'Someone deleted this while you were editing. Nothing you typed is lost: it is still in the form below. Restore the record from its history, then save again.';

function asList(value: unknown): string[] {
  return (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Saves an edit form with optimistic locking and, when another editor saved first, merges
 * three ways: the version the form was loaded at (from the revision history), the version saved
 * since, and what this editor sent. Fields only one side changed are taken from that side; when
 * nothing was changed by both, the merged result is saved at once, as a version-control merge
 * would: the editor asked to save, nothing of theirs is dropped and nothing of the other
 * editor's is undone, so a confirmation step would only teach clicking through it. Fields both
 * changed come back as a choice (saved / yours) that must be made before anything is saved.
 */
export async function saveVersioned<Input extends { version: number }, Current extends { version: number }>(
  db: Db,
  edit: VersionedEdit<Input, Current>,
): Promise<EditOutcome<Current>> {
  const decided = await applyChoices<Current>(db, edit);
  if ('kind' in decided) return decided;
  let body = decided.body;
  let parsed = edit.parse(body);
  if (!parsed.ok) return { kind: 'form', status: 422, values: body, errors: parsed.errors };
  let input = parsed.value;
  let at = input.version;
  let current: Current | undefined;
  const kept: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const saved = await attemptSave(() => edit.save(input, at));
    if (saved.kind === 'saved') return { kind: 'saved', kept };
    if (saved.kind === 'invalid') return { kind: 'form', status: 422, values: body, errors: saved.errors, merge: keptOnly(kept), current };
    current = await edit.current();
    if (!current) return { kind: 'form', status: 409, values: body, errors: { form: GONE } };
    const { merge, groups, theirs, savedBy } = await mergeWithCurrent(db, edit, body, at, current);
    kept.push(...merge.theirs.map((g) => g.label).filter((label) => !kept.includes(label)));
    body = { ...body, ...edit.spec.toForm(merge.values), version: String(current.version) };
    if (merge.conflicts.length > 0 || attempt === ATTEMPTS) {
      const decisions = merge.conflicts.map(({ group, saved: s, yours: y }) => ({ group, saved: s, yours: y }));
      return { kind: 'form', status: 409, values: body, errors: {}, merge: { decisions, kept, savedBy }, current };
    }
    if (sameValues(groups, merge.values, theirs)) return { kind: 'unchanged', kept };
    parsed = edit.parse(body);
    if (!parsed.ok) return { kind: 'form', status: 422, values: body, errors: parsed.errors, merge: keptOnly(kept), current };
    input = parsed.value;
    at = current.version;
  }
}

/** What the editor sent, merged with the record as saved now against the version the form was at. */
async function mergeWithCurrent(db: Db, edit: EditTarget, body: Record<string, unknown>, at: number, current: { version: number }) {
  const [snapshots, savedBy] = await Promise.all([
    findSnapshots(db, edit.spec.entity, edit.id, [at, current.version]),
    listEditorsBetween(db, edit.spec.entity, edit.id, at, current.version),
  ]);
  const baseSnapshot = snapshots.get(at);
  const base = baseSnapshot && edit.spec.fromRecord(baseSnapshot);
  const theirs = edit.spec.fromRecord(snapshots.get(current.version) ?? (current as Record<string, unknown>));
  const yours = edit.spec.fromForm(body);
  const groups = edit.spec.groups(theirs, yours, base ?? {});
  return { merge: mergeThreeWay(groups, base, theirs, yours), groups, theirs, savedBy };
}

function keptOnly(kept: string[]): MergeState | undefined {
  return kept.length > 0 ? { decisions: [], kept, savedBy: [] } : undefined;
}

/**
 * A conflict form comes back with `_decide` naming each field both editors changed and
 * `_choose_<field>` saying which version to keep. "saved" means the version the conflict form
 * was made at (its `version`), so the saved value goes into the form before it is parsed; an
 * unanswered choice sends the form back as it was, nothing saved.
 */
async function applyChoices<Current extends { version: number }>(
  db: Db,
  edit: EditTarget,
): Promise<{ body: Record<string, unknown> } | EditOutcome<Current>> {
  const body = edit.body ?? {};
  const pending = asList(body._decide);
  const version = Number(body.version);
  if (pending.length === 0 || !Number.isSafeInteger(version)) return { body };
  const snapshot = (await findSnapshots(db, edit.spec.entity, edit.id, [version])).get(version);
  if (!snapshot) return { body };
  const saved = edit.spec.fromRecord(snapshot);
  const yours = edit.spec.fromForm(body);
  const allGroups = edit.spec.groups(saved, yours);
  const groups = allGroups.filter((g) => pending.includes(g.name));
  const choiceOf = (g: MergeGroup) => (CHOICES.includes(String(body[`_choose_${g.name}`])) ? String(body[`_choose_${g.name}`]) : undefined);
  const unanswered = groups.filter((g) => !choiceOf(g));
  if (unanswered.length > 0) {
    const decisions = groups.map((group) => ({ group, saved, yours, chosen: choiceOf(group), unanswered: !choiceOf(group) }));
    const errors = { form: `Choose which version to keep for: ${unanswered.map((g) => g.label).join(', ')}.` };
    return { kind: 'form', status: 422, values: body, errors, merge: { decisions, kept: [], savedBy: [] } };
  }
  const values = takeSaved(yours, saved, groups.filter((g) => choiceOf(g) === 'saved'));
  // Keeping the saved version of everything leaves nothing to save: a new revision (or verdict) would only repeat it.
  if (sameValues(allGroups, values, saved)) return { kind: 'unchanged', kept: [] };
  return { body: { ...body, ...edit.spec.toForm(values) } };
}

/** The merge as the conflict box shows it; `options` names the values of fields whose choices come from the database. */
export function presentMerge(merge: MergeState | undefined, options: Record<string, Record<string, string>> = {}) {
  if (!merge) return undefined;
  const count = merge.decisions.length;
  return {
    kept: merge.kept.join(', '),
    savedBy: merge.savedBy.join(', '),
    fieldCount: count === 1 ? 'one field' : `${count} fields`,
    decisions: merge.decisions.map(({ group, saved, yours, chosen, unanswered }) => {
      const savedLines = describeGroup(group, saved, options);
      return {
        name: group.name,
        label: group.label,
        unanswered,
        // A group of one field needs no field names beside its values.
        named: savedLines.length !== 1,
        choices: [
          { side: 'saved', heading: 'Keep the saved version', checked: chosen === 'saved', lines: savedLines },
          { side: 'yours', heading: 'Keep yours (as in the form below)', checked: chosen === 'yours', lines: describeGroup(group, yours, options) },
        ],
      };
    }),
  };
}

/** How an edit route answers once its save is decided. */
export interface EditAnswer<Current> {
  /** Draws the form again with what was sent. */
  reshow(form: FormAgain<Current>): unknown;
  /** Where to go once saved, and what to say there. */
  saved: { location: string; notice: string };
}

/**
 * Every edit form's steps: the versioned save of the body sent, then the form again (a
 * refusal, or a merge to resolve) or a redirect whose notice names what another editor changed meanwhile.
 */
export async function saveEditForm<Input extends { version: number }, Current extends { version: number }>(
  req: Request,
  res: Response,
  db: Db,
  edit: Omit<VersionedEdit<Input, Current>, 'body'>,
  answer: EditAnswer<Current>,
): Promise<void> {
  const outcome = await saveVersioned(db, { ...edit, body: req.body });
  if (outcome.kind === 'form') {
    await answer.reshow(outcome);
    return;
  }
  redirectWithNotice(req, res, answer.saved.location, savedNotice(outcome, answer.saved.notice));
}

/** The notice after a save that went through, naming what another editor had changed meanwhile. */
function savedNotice(outcome: { kind: 'saved' | 'unchanged'; kept: string[] }, done: string): string {
  const theirs = outcome.kept.length > 0 ? `Someone else had meanwhile changed ${outcome.kept.join(', ')}; their change is kept.` : '';
  if (outcome.kind === 'unchanged') return `Nothing to save: someone else saved this meanwhile, and your form held no change of your own to add. ${theirs}`.trim();
  return `${done} ${theirs}`.trim();
}

import type { Request, Response } from 'express';
import { fieldErrorFromDb } from '../../db/errors';
import { Authorship, VersionConflict } from '../../db/revisions';
import type { FieldErrors } from '../forms/fields';
import { parseDelete } from '../forms/revert';
import { redirectWithNotice } from './notices';

export type SaveFailure = { kind: 'invalid'; errors: FieldErrors } | { kind: 'conflict' };
export type SaveResult<T> = { kind: 'saved'; value: T } | SaveFailure;

/**
 * Runs a save and turns the refusals an editor can act on (a constraint or rule in
 * db/errors.ts, a newer version) into a failure to show on the form. Anything else propagates.
 */
export async function attemptSave<T>(save: () => Promise<T>): Promise<SaveResult<T>> {
  try {
    return { kind: 'saved', value: await save() };
  } catch (err) {
    if (err instanceof VersionConflict) return { kind: 'conflict' };
    const fieldError = fieldErrorFromDb(err);
    if (fieldError) return { kind: 'invalid', errors: { [fieldError.field]: fieldError.message } };
    throw err;
  }
}

/** The signed-in editor and their edit summary, as every write records them. */
export function authorship(res: Response, summary: string): Authorship {
  return { editorId: res.locals.editor?.id ?? null, summary };
}

/** Field messages for a failed create (a create cannot conflict, but say something if it did). */
export function failureErrors(failure: SaveFailure): FieldErrors {
  return failure.kind === 'invalid' ? failure.errors : { form: 'This could not be saved. Try again.' };
}

/** A failure as one line, for a notice after a button that has no form to show it beside. */
export function failureMessage(failure: SaveFailure): string {
  return Object.values(failureErrors(failure))[0];
}

/** A delete (or remove) button, as its router describes it to `deleteFromForm`. */
export interface Deletion {
  /** What the notices call the record: "source", "evidence". */
  noun: string;
  /** Said of it once done; "deleted" unless given. */
  verb?: string;
  /** The page with the button, where a refusal is explained. */
  back: string;
  /** Where to go once it is done, and what to say there. */
  done: { location: string; notice: string };
  /** The revision's summary when the editor gave none. */
  summary?: string;
  /** Deletes the record at the version the button was shown with. */
  remove(version: number, by: Authorship): Promise<unknown>;
}

/**
 * Every delete button's steps: the version it was shown with, the delete, and a notice that says
 * what stopped it: a newer version, or the refusal itself (a source still quoted), never one for the other.
 */
export async function deleteFromForm(req: Request, res: Response, deletion: Deletion): Promise<void> {
  const { noun, verb = 'deleted', back, done } = deletion;
  const parsed = parseDelete(req.body);
  if (!parsed.ok) return redirectWithNotice(req, res, back, `The ${noun} was not ${verb}: reload the page and try again.`);
  const { version, edit_summary } = parsed.value;
  const outcome = await attemptSave(() => deletion.remove(version, authorship(res, edit_summary || deletion.summary || 'Deleted')));
  if (outcome.kind === 'saved') return redirectWithNotice(req, res, done.location, done.notice);
  const notice = outcome.kind === 'conflict' ? `The ${noun} changed meanwhile and was not ${verb}; review it and try again.` : failureMessage(outcome);
  redirectWithNotice(req, res, back, notice);
}

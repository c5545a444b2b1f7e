import type { Response } from 'express';
import { fieldErrorFromDb } from '../../db/errors';
import { Authorship, VersionConflict } from '../../db/revisions';
import type { FieldErrors } from '../forms/fields';

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

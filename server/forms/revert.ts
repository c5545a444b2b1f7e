import { z } from 'zod';
import { editSummary, parseForm, requiredId, version } from './fields';

export interface RevertForm {
  target: number;
  version: number;
  edit_summary: string;
}

const revertSchema = z.object({ target: requiredId('Choose the version to go back to.'), version, edit_summary: editSummary });
const deleteSchema = z.object({ version, edit_summary: editSummary });

export function parseRevert(body: unknown) {
  return parseForm<RevertForm>(revertSchema, body);
}

/** A delete button's form: the version it was shown with, and an optional reason. */
export function parseDelete(body: unknown) {
  return parseForm<{ version: number; edit_summary: string }>(deleteSchema, body);
}

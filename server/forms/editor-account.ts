import { z } from 'zod';
import type { Role } from '../../db/editors';
import { parseNewEditor } from './account';
import { choice, parseForm } from './fields';

const ROLES = ['editor', 'admin'] as const;

const roleSchema = z.object({ role: choice(ROLES, 'Choose editor or admin.') });

/** An admin's form for a new account: the new-editor fields plus a role. */
export function parseEditorAccount(body: unknown) {
  const account = parseNewEditor(body);
  const role = parseForm<{ role: Role }>(roleSchema, body);
  if (!account.ok || !role.ok) {
    return { ok: false as const, errors: { ...(account.ok ? {} : account.errors), ...(role.ok ? {} : role.errors) } };
  }
  return { ok: true as const, value: { ...account.value, role: role.value.role } };
}

export function parseRole(body: unknown) {
  return parseForm<{ role: Role }>(roleSchema, body);
}

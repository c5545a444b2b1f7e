import { Refusal } from './errors';
import type { Db } from './knex';

export type Role = 'editor' | 'admin';

export interface Editor {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  disabled_at: Date | null;
  last_sign_in_at: Date | null;
  /** Failed sign-ins for this account since its last successful one. */
  failed_sign_ins: number;
  created_at: Date;
}

export interface EditorInput {
  email: string;
  name: string;
  password_hash: string;
  role: Role;
}

// Serialises changes to who administers the site. Any fixed number works: it only
// has to be the same in every process.
const FIRST_EDITOR_LOCK = 74_201_101;

export async function findEditorByEmail(db: Db, email: string): Promise<Editor | undefined> {
  return db('editors').where('email', email.toLowerCase()).first();
}

export async function findActiveEditor(db: Db, id: number): Promise<Editor | undefined> {
  return db('editors').where({ id }).whereNull('disabled_at').first();
}

export async function hasAnyEditor(db: Db): Promise<boolean> {
  return Boolean(await db('editors').first('id'));
}

export async function createEditor(db: Db, input: EditorInput): Promise<Editor> {
  const [row] = await db('editors').insert({ ...input, email: input.email.toLowerCase() }).returning('*');
  return row;
}

/** Creates the first editor, as admin, unless one already exists (two racing set-ups make one). */
export async function createFirstEditor(db: Db, input: Omit<EditorInput, 'role'>): Promise<Editor | undefined> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [FIRST_EDITOR_LOCK]);
    if (await trx('editors').first('id')) return undefined;
    const [row] = await trx('editors').insert({ ...input, email: input.email.toLowerCase(), role: 'admin' }).returning('*');
    return row as Editor;
  });
}

/** Records a successful sign-in; answers how many failed ones there were since the last, and forgets them. */
export async function recordSignIn(db: Db, id: number): Promise<number> {
  const row = await db.raw(
    `update editors e set last_sign_in_at = now(), failed_sign_ins = 0
       from (select id, failed_sign_ins from editors where id = ? for update) before
      where e.id = before.id returning before.failed_sign_ins`,
    [id],
  );
  return Number(row.rows[0]?.failed_sign_ins ?? 0);
}

/** Counts a wrong password against the account with this email, if there is one (same work if not). */
export async function recordFailedSignIn(db: Db, email: string): Promise<void> {
  await db('editors').where('email', email.toLowerCase()).increment('failed_sign_ins', 1);
}

export async function updatePasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db('editors').where({ id }).update({ password_hash: passwordHash });
}

/** Raised when a change would leave the site without an active administrator. */
export class LastAdmin extends Refusal {
  constructor() {
    super('editors_last_admin');
  }
}

export async function listEditors(db: Db): Promise<Editor[]> {
  return db('editors').orderBy([{ column: 'disabled_at', order: 'desc', nulls: 'first' }, { column: 'name' }]);
}

/** Changes role or disabled state; refused when no other active admin would remain. */
export async function updateEditorAccess(db: Db, id: number, change: { role?: Role; disabled?: boolean }): Promise<Editor | undefined> {
  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [FIRST_EDITOR_LOCK]);
    const editor: Editor | undefined = await trx('editors').where({ id }).forUpdate().first();
    if (!editor) return undefined;
    const losesAdmin = editor.role === 'admin' && !editor.disabled_at && (change.role === 'editor' || change.disabled === true);
    if (losesAdmin) {
      const others = await trx('editors').where({ role: 'admin' }).whereNull('disabled_at').whereNot({ id }).first('id');
      if (!others) throw new LastAdmin();
    }
    const patch: Record<string, unknown> = {};
    if (change.role) patch.role = change.role;
    if (change.disabled !== undefined) patch.disabled_at = change.disabled ? trx.fn.now() : null;
    const [row] = await trx('editors').where({ id }).update(patch).returning('*');
    return row as Editor;
  });
}

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
  created_at: Date;
}

export interface EditorInput {
  email: string;
  name: string;
  password_hash: string;
  role: Role;
}

// Any fixed number works: it only has to be the same in every process.
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

export async function recordSignIn(db: Db, id: number): Promise<void> {
  await db('editors').where({ id }).update({ last_sign_in_at: db.fn.now() });
}

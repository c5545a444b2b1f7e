import type { Knex } from 'knex';
import type { Db } from './knex';
import { tablesAsBatches } from './export-file';

export const EXPORT_FORMAT = 'counterclaim-export';
export const EXPORT_VERSION = 1;

// Bookkeeping, short-lived throttling records and form keys, and dispute documents (rebuilt from the other
// tables whenever they are out of date): never exported.
const SKIPPED_TABLES = new Set(['knex_migrations', 'knex_migrations_lock', 'sign_in_attempts', 'dispute_documents', 'idempotency_keys']);
// Sign-in state and the generated session secret: only in an export made --with-accounts.
const ACCOUNT_TABLES = new Set(['sessions', 'settings']);
// What identifies or signs in a person, left out unless --with-accounts: editors keep their
// name (the history says who wrote what), readers' tips keep their text.
const PRIVATE_COLUMNS: Record<string, string[]> = {
  editors: ['email', 'password_hash', 'disabled_at', 'last_sign_in_at', 'failed_sign_ins'],
  tips: ['email', 'ip'],
};
// Never verifies as an argon2 hash: an editor imported without accounts cannot sign in.
const NO_PASSWORD = 'imported-without-password';

export type Row = Record<string, unknown>;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  /** The last migration of the database it came from: an import needs the same schema. */
  schema: string;
  exported_at: string;
  with_accounts: boolean;
}

export interface ExportFile extends ExportHeader {
  tables: Record<string, Row[]>;
}

/** An export read a batch at a time (see export-file.ts), tables in load order. */
export interface ExportSource {
  header: ExportHeader;
  batches: AsyncIterable<{ table: string; rows: Row[] }>;
}

/** Raised when a file cannot be imported into this database; the message says why and what to do. */
export class ImportRefused extends Error {}

async function latestMigration(db: Db | Knex.Transaction): Promise<string> {
  const row = await db('knex_migrations').orderBy('id', 'desc').first('name');
  return row?.name ?? '';
}

// Generated columns (search vectors…) are left out: the database computes them again on import.
async function storedColumns(trx: Knex.Transaction, table: string): Promise<string[]> {
  return trx('information_schema.columns')
    .where({ table_schema: trx.raw('current_schema()'), table_name: table, is_generated: 'NEVER' })
    .orderBy('ordinal_position')
    .pluck('column_name');
}

// row_to_json writes timestamps with their microseconds and dates as dates: nothing is rounded
// through a JavaScript Date on the way out, so an import restores every value exactly.
async function readTable(trx: Knex.Transaction, table: string): Promise<Row[]> {
  const columns = await storedColumns(trx, table);
  const result = await trx.raw('select row_to_json(t) as row from (select ?? from ??) as t order by t', [columns, table]);
  return result.rows.map((r: { row: Row }) => r.row);
}

/**
 * The tables to export, every one after the tables it refers to, found in the catalog so
 * that a table added by a later migration is exported without anyone remembering to.
 */
async function tablesInLoadOrder(trx: Knex.Transaction): Promise<string[]> {
  const tables: string[] = await trx('information_schema.tables')
    .where({ table_schema: trx.raw('current_schema()'), table_type: 'BASE TABLE' })
    .orderBy('table_name')
    .pluck('table_name');
  const { rows } = await trx.raw(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent from pg_constraint c
     join pg_namespace n on n.oid = c.connamespace where c.contype = 'f' and n.nspname = current_schema()`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of rows as Array<{ child: string; parent: string }>) {
    if (child !== parent) parents.get(child.replace(/"/g, ''))?.add(parent.replace(/"/g, ''));
  }
  const ordered: string[] = [];
  const visit = (table: string) => {
    if (ordered.includes(table)) return;
    for (const parent of parents.get(table) ?? []) visit(parent);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered.filter((t) => !SKIPPED_TABLES.has(t));
}

function withoutPrivate(table: string, rows: Row[]): Row[] {
  const hidden = PRIVATE_COLUMNS[table];
  if (!hidden) return rows;
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !hidden.includes(column))));
}

/** The whole content as one consistent snapshot, even while editors keep saving. */
export async function exportDatabase(db: Db, options: { withAccounts: boolean }): Promise<ExportFile> {
  return db.transaction(
    async (trx) => {
      const tables: Record<string, Row[]> = {};
      for (const table of await tablesInLoadOrder(trx)) {
        if (ACCOUNT_TABLES.has(table) && !options.withAccounts) continue;
        const rows = await readTable(trx, table);
        tables[table] = options.withAccounts ? rows : withoutPrivate(table, rows);
      }
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        schema: await latestMigration(trx),
        exported_at: new Date().toISOString(),
        with_accounts: options.withAccounts,
        tables,
      };
    },
    { isolationLevel: 'repeatable read' },
  );
}

function checkHeader(data: unknown): ExportHeader {
  const header = data as Partial<ExportHeader> | null;
  if (!header || header.format !== EXPORT_FORMAT) {
    throw new ImportRefused('This file is not a Counterclaim export (made by `npm run export`).');
  }
  if (header.version !== EXPORT_VERSION) {
    throw new ImportRefused(`This export has format version ${header.version}; this Counterclaim reads version ${EXPORT_VERSION}.`);
  }
  return header as ExportHeader;
}

async function refuseUnlessEmpty(trx: Knex.Transaction, tables: string[]): Promise<void> {
  const counts: string[] = [];
  for (const table of tables.filter((t) => !ACCOUNT_TABLES.has(t))) {
    const row = await trx(table).count({ n: '*' }).first();
    if (Number(row?.n) > 0) counts.push(`${row?.n} ${table}`);
  }
  if (counts.length) {
    throw new ImportRefused(
      `The database is not empty (${counts.join(', ')}). Import only into a new, empty database ` +
        '(a new PostgreSQL database or a new DATA_DIR), before the app first starts there: its first start loads the founding case.',
    );
  }
}

// Accounts left out of the export come back as disabled names, so the history still says who wrote what.
function placeholderAccount(exportedAt: string) {
  return (row: Row): Row => ({
    ...row,
    email: `editor-${row.id}@imported.invalid`,
    password_hash: NO_PASSWORD,
    disabled_at: exportedAt,
    failed_sign_ins: 0,
  });
}

async function insertRows(trx: Knex.Transaction, table: string, columns: string[], rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  await trx.raw('insert into ?? (??) select ?? from json_populate_recordset(null::??, ?::json)', [table, columns, columns, table, JSON.stringify(rows)]);
  return rows.length;
}

// New rows must not collide with imported ids.
async function resetSequence(trx: Knex.Transaction, table: string): Promise<void> {
  if (!(await storedColumns(trx, table)).includes('id')) return;
  await trx.raw("select setval(seq::regclass, coalesce((select max(id) from ??), 0) + 1, false) from pg_get_serial_sequence(?, 'id') as seq where seq is not null", [table, table]);
}

/** Loads an export held in memory; see importExport. */
export async function importDatabase(db: Db, data: unknown): Promise<Record<string, number>> {
  const header = checkHeader(data);
  const tables = (data as { tables?: unknown }).tables;
  if (typeof tables !== 'object' || tables === null || !Array.isArray((tables as Record<string, unknown>).editors)) {
    throw new ImportRefused('This file is not a Counterclaim export (made by `npm run export`).');
  }
  return importExport(db, { header, batches: tablesAsBatches(tables as Record<string, Row[]>) });
}

/**
 * Loads an export into an empty database with the same schema, in one transaction: all of it or
 * nothing, whenever it stops. Rows go in by batches as they are read, so memory stays bounded,
 * and without the app's statement timeout: a big table takes as long as it takes.
 */
export async function importExport(db: Db, source: ExportSource, progress?: (table: string, rows: number) => void): Promise<Record<string, number>> {
  const file = checkHeader(source.header);
  return db.transaction(async (trx) => {
    await trx.raw('set local statement_timeout = 0');
    await trx.raw('set local idle_in_transaction_session_timeout = 0');
    const schema = await latestMigration(trx);
    if (file.schema !== schema) {
      throw new ImportRefused(
        `This export was made with schema ${file.schema || '(none)'}, this database has ${schema || '(none)'}. ` +
          'Import it with the Counterclaim version that made it, then upgrade.',
      );
    }
    const known = await tablesInLoadOrder(trx);
    await refuseUnlessEmpty(trx, known);
    // The backup's session secret replaces any generated here, so restored sessions stay valid.
    if (file.with_accounts) await trx('settings').delete();
    const counts: Record<string, number> = {};
    const columns = new Map<string, string[]>();
    for await (const { table, rows } of source.batches) {
      if (!known.includes(table)) continue;
      if (!columns.has(table)) columns.set(table, await storedColumns(trx, table));
      const loaded = table === 'editors' && !file.with_accounts ? rows.map(placeholderAccount(file.exported_at)) : rows;
      counts[table] = (counts[table] ?? 0) + (await insertRows(trx, table, columns.get(table)!, loaded));
      progress?.(table, counts[table]);
    }
    for (const table of known.filter((t) => columns.has(t))) await resetSequence(trx, table);
    progress?.('committing', 0);
    return Object.fromEntries(known.filter((t) => Object.hasOwn(counts, t)).map((t) => [t, counts[t]]));
  });
}

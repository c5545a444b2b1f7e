import fs from 'node:fs';
import readline from 'node:readline';
import type { ExportFile, ExportHeader, ExportSource, Row } from './export';

// The file is JSON, laid out one row per line, so that an import reads it a batch at a time
// with bounded memory: a header line ending in "tables":{, then per table a `"name":[` line,
// its rows, and `],`; the last line closes both objects.
const TABLES_OPEN = ',"tables":{';
const BATCH_ROWS = 500;

/** Writes an export beside the target and renames it: a failed export never leaves half a file. */
export function writeExportFile(file: string, data: ExportFile): void {
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w', 0o600);
  try {
    const { tables, ...header } = data;
    fs.writeSync(fd, `${JSON.stringify(header).slice(0, -1)}${TABLES_OPEN}\n`);
    const names = Object.keys(tables);
    names.forEach((name, t) => {
      const rows = tables[name];
      fs.writeSync(fd, `${JSON.stringify(name)}:[\n`);
      rows.forEach((row, i) => fs.writeSync(fd, `${JSON.stringify(row)}${i < rows.length - 1 ? ',' : ''}\n`));
      fs.writeSync(fd, `]${t < names.length - 1 ? ',' : ''}\n`);
    });
    fs.writeSync(fd, '}}\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
}

class NotAnExport extends Error {}

function parseLine(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NotAnExport(`${file} is not a Counterclaim export: it is not JSON.`);
  }
}

async function* rowBatches(lines: AsyncIterator<string>, file: string): AsyncGenerator<{ table: string; rows: Row[] }> {
  let table: string | undefined;
  let rows: Row[] = [];
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value.trim();
    const start = /^("(?:[^"\\]|\\.)*"):\[(\](,?))?$/.exec(line);
    if (start) {
      // An empty batch first, so that a table with no rows is still counted.
      yield { table: parseLine(start[1], file) as string, rows: [] };
      table = start[2] ? undefined : (parseLine(start[1], file) as string);
    } else if (line === ']' || line === '],' || line === '}}') {
      if (table && rows.length) yield { table, rows };
      [table, rows] = [undefined, []];
    } else if (table) {
      rows.push(parseLine(line.endsWith(',') ? line.slice(0, -1) : line, file) as Row);
      if (rows.length === BATCH_ROWS) {
        yield { table, rows };
        rows = [];
      }
    } else if (line) {
      throw new NotAnExport(`${file} is not a Counterclaim export: unexpected line "${line.slice(0, 40)}".`);
    }
  }
}

/**
 * An export file as its header and its rows in batches, in file order (the exporter writes every
 * table after those it refers to). A file in another layout (an older export) is read whole.
 */
export async function openExportFile(file: string): Promise<ExportSource> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const head = first.done ? '' : first.value;
  if (!head.endsWith(TABLES_OPEN)) {
    await lines.return?.();
    const whole = parseLine(fs.readFileSync(file, 'utf8'), file) as { tables?: Record<string, Row[]> };
    const { tables, ...header } = whole ?? {};
    return { header: header as ExportHeader, batches: tablesAsBatches(tables) };
  }
  const header = parseLine(`${head.slice(0, -TABLES_OPEN.length)}}`, file) as ExportHeader;
  return { header, batches: rowBatches(lines, file) };
}

/** Tables held in memory as the same batches a file gives. */
export async function* tablesAsBatches(tables: Record<string, Row[]> | undefined): AsyncGenerator<{ table: string; rows: Row[] }> {
  for (const [table, rows] of Object.entries(tables ?? {})) {
    if (!Array.isArray(rows)) continue;
    yield { table, rows: [] };
    for (let i = 0; i < rows.length; i += BATCH_ROWS) yield { table, rows: rows.slice(i, i + BATCH_ROWS) };
  }
}

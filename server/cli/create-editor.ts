import readline from 'node:readline';
import { createDbFromConfig } from '../../db/knex';
import { createEditor, hasAnyEditor } from '../../db/editors';
import { fieldErrorFromDb } from '../../db/errors';
import { migrateToLatest } from '../../db/migrate';
import { loadConfig } from '../config';
import { parseNewEditor } from '../forms/account';
import { hashPassword } from '../lib/passwords';

const USAGE = 'usage: npm run create-editor -- --email E --name N [--role editor|admin]  (password from a prompt or stdin)';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The password: typed at a prompt that does not echo it, or the first line of piped stdin. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    return input.split(/\r?\n/)[0];
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  process.stdout.write('Password: ');
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  muted._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return password;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const email = option(args, 'email');
  const name = option(args, 'name');
  const role = option(args, 'role');
  if (!email || !name || (role && role !== 'editor' && role !== 'admin')) throw new Error(USAGE);
  const password = await readPassword();
  const parsed = parseNewEditor({ email, name, password, password_confirm: password });
  if (!parsed.ok) throw new Error(Object.entries(parsed.errors).map(([field, message]) => `${field}: ${message}`).join('\n'));

  const config = loadConfig();
  const db = createDbFromConfig(config);
  try {
    await migrateToLatest(db);
    // The first editor administers the others unless told otherwise.
    const chosenRole = role ?? ((await hasAnyEditor(db)) ? 'editor' : 'admin');
    const { password: typed, ...account } = parsed.value;
    const input = { ...account, password_hash: await hashPassword(typed), role: chosenRole as 'editor' | 'admin' };
    const editor = await createEditor(db, input).catch((err) => {
      const known = fieldErrorFromDb(err);
      throw known ? new Error(known.message) : err;
    });
    console.log(`Created ${editor.role} ${editor.name} <${editor.email}>. Sign in at /signin.`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
